package otm

import (
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/threatmodel"
)

func (im *importer) importFlows() {
	var later []int // responses listed before their requests
	for i, f := range im.doc.Dataflows {
		ref := attrString(f.Attributes, "responseTo")
		switch req, ok := im.flows[ref]; {
		case ref == "":
			im.flow(i, nil)
		case ok:
			im.flow(i, req)
		default:
			later = append(later, i)
		}
	}
	for _, i := range later {
		path := at("dataflows", i)
		ref := attrString(im.doc.Dataflows[i].Attributes, "responseTo")
		req, ok := im.flows[ref]
		if !ok {
			if _, declared := im.flowAt[ref]; !declared {
				im.fail(path+".attributes[\""+attrPrefix+"responseTo\"]", "no data flow has the id "+strconv.Quote(ref))
			}
			continue
		}
		im.flow(i, req)
	}
}

// end resolves a flow's source or destination.
func (im *importer) end(path, id string) *threatmodel.Component {
	if c, ok := im.comps[id]; ok {
		return c
	}
	switch _, zone := im.zoneAt[id]; {
	case id == "":
		im.fail(path, "expected the id of a component")
	case zone:
		im.fail(path, strconv.Quote(id)+" is a trust zone; a data flow runs between components")
	default:
		if _, ok := im.compAt[id]; !ok {
			im.fail(path, "no component has the id "+strconv.Quote(id))
		}
	}
	return nil
}

// flow builds the data flow at i, as a response to req when req is not nil.
func (im *importer) flow(i int, req *threatmodel.Flow) {
	f := im.doc.Dataflows[i]
	path := at("dataflows", i)
	src, dst := im.end(path+".source", f.Source), im.end(path+".destination", f.Destination)
	if strings.TrimSpace(f.Name) == "" {
		im.fail(path+".name", "expected a name, a string that is not empty")
		return
	}
	opts := im.flowOptions(path, f)
	if src == nil || dst == nil {
		return
	}
	var out *threatmodel.Flow
	im.declareAt(path)
	if req != nil {
		if req.Source() != dst || req.Destination() != src {
			im.warn(path, "a response runs back along its request: its source and destination are those of "+strconv.Quote(req.Key())+", reversed")
		}
		out = im.m.Response(req, f.Name, opts...)
	} else {
		out = im.m.Flow(src, dst, f.Name, opts...)
	}
	im.flows[f.ID] = out
	for j, inst := range f.Threats {
		im.uses = append(im.uses, use{out, path + ".threats[" + strconv.Itoa(j) + "]", inst})
	}
	if f.Bidirectional && req == nil {
		im.warn(path+".bidirectional", "a bidirectional flow is imported as a request and its response, "+strconv.Quote(f.Name+" response"))
		im.m.Response(out, f.Name+" response", opts...)
	}
}

func (im *importer) flowOptions(path string, f dataflow) []threatmodel.FlowOption {
	var opts []threatmodel.FlowOption
	if f.Description != "" {
		opts = append(opts, threatmodel.Description(f.Description))
	}
	var proto threatmodel.Protocol
	if !im.parseToken(path, f.Attributes, "protocol", &proto) {
		proto = protocolOf(f.Tags)
	}
	if proto != 0 {
		opts = append(opts, threatmodel.Over(proto, attrInt(f.Attributes, "port")))
	}
	var enc threatmodel.Encryption
	if im.parseToken(path, f.Attributes, "encryption", &enc) {
		opts = append(opts, threatmodel.Encrypted(enc))
	}
	var authn threatmodel.AuthScheme
	if im.parseToken(path, f.Attributes, "authentication", &authn) {
		opts = append(opts, threatmodel.AuthN(authn))
	}
	var authz threatmodel.AuthzScheme
	if im.parseToken(path, f.Attributes, "authorization", &authz) {
		opts = append(opts, threatmodel.AuthZ(authz))
	}
	if cs := im.controls(path, f.Attributes); len(cs) > 0 {
		opts = append(opts, threatmodel.Controls(cs...))
	}
	var carried []*threatmodel.Asset
	for j, id := range f.Assets {
		if a := im.asset(path+".assets["+strconv.Itoa(j)+"]", id); a != nil {
			carried = append(carried, a)
		}
	}
	if len(carried) > 0 {
		opts = append(opts, threatmodel.Carries(carried...))
	}
	return opts
}

// protocolOf reads a protocol from a flow's tags ("HTTPS", "grpc").
func protocolOf(tags []string) threatmodel.Protocol {
	for _, t := range tags {
		var p threatmodel.Protocol
		if p.UnmarshalText([]byte(strings.ToLower(strings.TrimSpace(t)))) == nil && p != 0 {
			return p
		}
	}
	return 0
}
