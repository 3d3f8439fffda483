package otm

import (
	"strconv"

	"github.com/threatwright/threatwright/threatmodel"
)

func (im *importer) importAssets() {
	for i, a := range im.doc.Assets {
		path := at("assets", i)
		if a.Risk == nil {
			im.fail(path+".risk", "expected risk, with confidentiality, integrity and availability from 0 to 100")
			continue
		}
		kind := threatmodel.AssetData
		im.parseToken(path, a.Attributes, "kind", &kind)
		top := max(a.Risk.Confidentiality, a.Risk.Integrity, a.Risk.Availability)
		crit := criticalityOf(top)
		im.parseToken(path, a.Attributes, "criticality", &crit)
		value := levelOf(top)
		im.parseToken(path, a.Attributes, "value", &value)
		var opts []threatmodel.AssetOption
		if a.Description != "" {
			opts = append(opts, threatmodel.Description(a.Description))
		}
		if value != 0 {
			opts = append(opts, threatmodel.Value(value))
		}
		if crit != 0 {
			opts = append(opts, threatmodel.RiskLevel(crit))
		}
		var class threatmodel.Classification
		if im.parseToken(path, a.Attributes, "classification", &class) {
			opts = append(opts, threatmodel.Classified(class))
		}
		if attrBool(a.Attributes, "pii") {
			opts = append(opts, threatmodel.PII())
		}
		im.declareAt(path)
		im.assets[a.ID] = im.m.Asset(a.Name, kind, opts...)
	}
}

func (im *importer) importZones() {
	state := make([]uint8, len(im.doc.TrustZones)) // 0 new, 1 being built, 2 done
	for i := range im.doc.TrustZones {
		im.zone(i, state)
	}
}

// zone builds the trust zone at i after its parent.
func (im *importer) zone(i int, state []uint8) *threatmodel.Zone {
	z := im.doc.TrustZones[i]
	path := at("trustZones", i)
	switch state[i] {
	case 1:
		im.fail(path+".parent.trustZone", "the trust zone "+strconv.Quote(z.ID)+" is inside itself: its parents form a cycle")
		return nil
	case 2:
		return im.zones[z.ID]
	}
	state[i] = 1
	defer func() { state[i] = 2 }()
	var opts []threatmodel.ZoneOption
	if z.Description != "" {
		opts = append(opts, threatmodel.Description(z.Description))
	}
	if p := z.Parent; p != nil {
		switch j, ok := im.zoneAt[p.TrustZone]; {
		case p.TrustZone != "" && ok:
			if parent := im.zone(j, state); parent != nil {
				opts = append(opts, threatmodel.Inside(parent))
			}
		case p.TrustZone != "":
			im.fail(path+".parent.trustZone", "no trust zone has the id "+strconv.Quote(p.TrustZone))
		case p.Component != "":
			im.warn(path+".parent.component", "a trust zone inside a component has no place in the model: the zone is placed at the top level")
		}
	}
	if attrBool(z.Attributes, "containsBlastRadius") {
		opts = append(opts, threatmodel.ContainsBlastRadius())
	}
	var trust threatmodel.Trust
	if !im.parseToken(path, z.Attributes, "trust", &trust) {
		if z.Risk == nil || z.Risk.TrustRating == nil {
			im.fail(path+".risk.trustRating", "expected risk.trustRating, a number from 0 (untrusted) to 100 (fully trusted)")
			return nil
		}
		trust = trustOf(*z.Risk.TrustRating)
	}
	im.declareAt(path)
	zone := im.m.Zone(z.Name, trust, opts...)
	im.zones[z.ID] = zone
	return zone
}

func (im *importer) importComponents() {
	state := make([]uint8, len(im.doc.Components))
	for i := range im.doc.Components {
		im.component(i, state)
	}
}

// zoneOf returns the trust zone of the component at i: its parent zone, or
// the zone of the component it is nested in.
func (im *importer) zoneOf(i int, state []uint8) *threatmodel.Zone {
	c := im.doc.Components[i]
	path := at("components", i)
	p := c.Parent
	switch {
	case p == nil || p.TrustZone == "" && p.Component == "":
		im.fail(path+".parent", "expected parent, with the id of the trust zone (trustZone) or component (component) the component is in")
	case p.TrustZone != "":
		if z, ok := im.zones[p.TrustZone]; ok {
			return z
		}
		if _, ok := im.zoneAt[p.TrustZone]; !ok {
			im.fail(path+".parent.trustZone", "no trust zone has the id "+strconv.Quote(p.TrustZone))
		}
	default:
		j, ok := im.compAt[p.Component]
		if !ok {
			im.fail(path+".parent.component", "no component has the id "+strconv.Quote(p.Component))
			return nil
		}
		if parent := im.component(j, state); parent != nil {
			im.warn(path+".parent.component", "a component inside a component has no place in the model: it is placed in the trust zone of "+strconv.Quote(parent.Name()))
			return parent.Zone()
		}
	}
	return nil
}

// component builds the component at i after the one it is nested in.
func (im *importer) component(i int, state []uint8) *threatmodel.Component {
	c := im.doc.Components[i]
	path := at("components", i)
	switch state[i] {
	case 1:
		im.fail(path+".parent.component", "the component "+strconv.Quote(c.ID)+" is inside itself: its parents form a cycle")
		return nil
	case 2:
		return im.comps[c.ID]
	}
	state[i] = 1
	defer func() { state[i] = 2 }()
	zone := im.zoneOf(i, state)
	if zone == nil {
		return nil
	}
	kind := inferKind(c.Type, c.Tags)
	im.parseToken(path, c.Attributes, "kind", &kind)
	if kind == threatmodel.DataFlow {
		im.warn(path+".attributes[\""+attrPrefix+"kind\"]", "a component cannot be a data flow: read as a process")
		kind = threatmodel.Process
	}
	opts := im.componentOptions(path, c, kind)
	var out *threatmodel.Component
	im.declareAt(path)
	switch kind {
	case threatmodel.ExternalEntity:
		out = im.m.ExternalEntity(c.Name, zone, opts...)
	case threatmodel.DataStore:
		out = im.m.DataStore(c.Name, zone, opts...)
	default:
		out = im.m.Process(c.Name, zone, opts...)
	}
	im.comps[c.ID] = out
	for j, inst := range c.Threats {
		im.uses = append(im.uses, use{out, path + ".threats[" + strconv.Itoa(j) + "]", inst})
	}
	return out
}

func (im *importer) componentOptions(path string, c component, kind threatmodel.Kind) []threatmodel.ComponentOption {
	var opts []threatmodel.ComponentOption
	if c.Description != "" {
		opts = append(opts, threatmodel.Description(c.Description))
	}
	var types []threatmodel.ComponentType
	for _, s := range attrStrings(c.Attributes, "types") {
		var t threatmodel.ComponentType
		if t.UnmarshalText([]byte(s)) == nil && t != 0 {
			types = append(types, t)
		}
	}
	if len(types) == 0 && !im.ours {
		if t := inferType(c.Type, kind); t != 0 {
			types = append(types, t)
		}
	}
	if len(types) > 0 {
		opts = append(opts, threatmodel.Is(types...))
	}
	if t := attrString(c.Attributes, "technology"); t != "" {
		opts = append(opts, threatmodel.Technology(t))
	}
	if cs := im.controls(path, c.Attributes); len(cs) > 0 {
		opts = append(opts, threatmodel.Controls(cs...))
	}
	if attrBool(c.Attributes, "infrastructure") {
		opts = append(opts, threatmodel.Infrastructure())
	}
	if attrBool(c.Attributes, "providerManaged") {
		opts = append(opts, threatmodel.ProviderManaged())
	}
	if r := attrString(c.Attributes, "outOfScope"); r != "" {
		opts = append(opts, threatmodel.NotInScope(r))
	}
	if c.Assets != nil {
		var stored []*threatmodel.Asset
		for j, id := range c.Assets.Stored {
			if a := im.asset(path+".assets.stored["+strconv.Itoa(j)+"]", id); a != nil {
				stored = append(stored, a)
			}
		}
		if len(stored) > 0 {
			opts = append(opts, threatmodel.Stores(stored...))
		}
		for j, id := range c.Assets.Processed {
			im.asset(path+".assets.processed["+strconv.Itoa(j)+"]", id)
		}
	}
	return opts
}

// asset resolves a reference to an asset.
func (im *importer) asset(path, id string) *threatmodel.Asset {
	if a, ok := im.assets[id]; ok {
		return a
	}
	if _, ok := im.assetAt[id]; !ok {
		im.fail(path, "no asset has the id "+strconv.Quote(id))
	}
	return nil
}
