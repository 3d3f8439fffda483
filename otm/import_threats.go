package otm

import (
	"slices"
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/threatmodel"
)

// checkUses fails on a listed threat or mitigation the document does not
// declare.
func (im *importer) checkUses() {
	for _, u := range im.uses {
		if _, ok := im.threatAt[u.inst.Threat]; !ok {
			im.fail(u.path+".threat", "no threat has the id "+strconv.Quote(u.inst.Threat))
		}
		for k, mi := range u.inst.Mitigations {
			if _, ok := im.mitigationAt[mi.Mitigation]; !ok {
				im.fail(u.path+".mitigations["+strconv.Itoa(k)+"].mitigation", "no mitigation has the id "+strconv.Quote(mi.Mitigation))
			}
		}
	}
}

// implemented reports whether a mitigation state says it is in place.
func implemented(state string) bool {
	switch strings.ToLower(strings.TrimSpace(state)) {
	case "implemented", "mitigated", "active", "verified":
		return true
	}
	return false
}

func (im *importer) importThreats() {
	first := map[string]int{} // hand-written title → the threat that declares it
	for i, t := range im.doc.Threats {
		path := at("threats", i)
		if t.Risk == nil {
			im.fail(path+".risk", "expected risk, with likelihood and impact from 0 to 100")
			continue
		}
		if attrString(t.Attributes, "rule") != "" {
			im.threatIDs[t.ID] = t.ID // derived by a rule: the analysis derives it again
			continue
		}
		var cat threatmodel.Category
		for j, c := range t.Categories {
			switch got := category(c); {
			case got == 0:
				im.warn(path+".categories["+strconv.Itoa(j)+"]", strconv.Quote(c)+" is not a STRIDE category: left out")
			case cat == 0:
				cat = got
			case got != cat:
				im.warn(path+".categories["+strconv.Itoa(j)+"]", "a threat has one STRIDE category: "+got.String()+" is left out, the threat keeps "+cat.String())
			}
		}
		if cat == 0 {
			im.warn(path+".categories", "the threat has no STRIDE category: it is left out")
			continue
		}
		if j, seen := first[t.Name]; seen {
			im.threatIDs[t.ID] = im.threatIDs[im.doc.Threats[j].ID]
			continue
		}
		first[t.Name] = i
		im.declareAt(path)
		im.threatIDs[t.ID] = im.m.Threat(t.Name, cat, im.threatOptions(path, t)...).ID()
	}
}

func (im *importer) threatOptions(path string, t threat) []threatmodel.ThreatOption {
	var about []threatmodel.Element
	var mitigatedBy []string
	for _, u := range im.uses {
		if j, ok := im.threatAt[u.inst.Threat]; !ok || im.doc.Threats[j].Name != t.Name {
			continue
		}
		if !slices.Contains(about, u.el) {
			about = append(about, u.el)
		}
		for _, mi := range u.inst.Mitigations {
			if j, ok := im.mitigationAt[mi.Mitigation]; ok && implemented(mi.State) {
				if name := im.doc.Mitigations[j].Name; !slices.Contains(mitigatedBy, name) {
					mitigatedBy = append(mitigatedBy, name)
				}
			}
		}
	}
	for j, id := range attrStrings(t.Attributes, "about") {
		el := im.element(id)
		if el == nil {
			if a, ok := im.assets[id]; ok {
				el = a
			}
		}
		switch {
		case el == nil:
			im.fail(path+".attributes[\""+attrPrefix+"about\"]["+strconv.Itoa(j)+"]", "no component, data flow or asset has the id "+strconv.Quote(id))
		case !slices.Contains(about, el):
			about = append(about, el)
		}
	}
	var opts []threatmodel.ThreatOption
	desc := t.Description
	if len(t.CWEs) > 0 {
		im.warn(path+".cwes", "a hand-written threat has no CWE field: the CWEs are kept in its description")
		desc = strings.TrimSpace(desc + " (" + strings.Join(t.CWEs, ", ") + ")")
	}
	if desc != "" {
		opts = append(opts, threatmodel.Description(desc))
	}
	if len(about) > 0 {
		opts = append(opts, threatmodel.About(about...))
	}
	impact := t.Risk.Impact
	if l := handLevel(&impact); l != 0 {
		opts = append(opts, threatmodel.Impact(l))
	}
	if l := handLevel(t.Risk.Likelihood); l != 0 {
		opts = append(opts, threatmodel.Likelihood(l))
	}
	if paths := attrStrings(t.Attributes, "attackPaths"); len(paths) > 0 {
		opts = append(opts, threatmodel.AttackPaths(paths...))
	}
	if len(mitigatedBy) > 0 {
		opts = append(opts, threatmodel.MitigatedBy(strings.Join(mitigatedBy, "; ")))
	}
	return opts
}

func (im *importer) importMitigations() {
	for i, mi := range im.doc.Mitigations {
		path := at("mitigations", i)
		if attrString(mi.Attributes, "control") != "" {
			continue // a control the elements state themselves
		}
		on, addresses := im.mitigationTargets(path, mi)
		if len(on) == 0 && len(addresses) == 0 {
			im.warn(path, "the mitigation is implemented on no element and answers no threat: it is left out")
			continue
		}
		var opts []threatmodel.MitigationOption
		if mi.Description != "" {
			opts = append(opts, threatmodel.Description(mi.Description))
		}
		if cs := im.controls(path, mi.Attributes); len(cs) > 0 {
			opts = append(opts, threatmodel.Implements(cs...))
		}
		if len(on) > 0 {
			opts = append(opts, threatmodel.On(on...))
		}
		if len(addresses) > 0 {
			opts = append(opts, threatmodel.Addresses(addresses...))
		}
		im.declareAt(path)
		im.m.Mitigation(mi.Name, opts...)
	}
}

// mitigationTargets returns the elements a mitigation is applied to and the
// threats it answers: from its attributes in a document Export wrote, else
// from where the document lists it as implemented.
func (im *importer) mitigationTargets(path string, mi mitigation) ([]threatmodel.Element, []string) {
	var on []threatmodel.Element
	var addresses []string
	if im.ours {
		for j, id := range attrStrings(mi.Attributes, "on") {
			el := im.element(id)
			if el == nil {
				im.fail(path+".attributes[\""+attrPrefix+"on\"]["+strconv.Itoa(j)+"]", "no component or data flow has the id "+strconv.Quote(id))
				continue
			}
			on = append(on, el)
		}
		return on, attrStrings(mi.Attributes, "addresses")
	}
	for _, u := range im.uses {
		for _, inst := range u.inst.Mitigations {
			if inst.Mitigation != mi.ID || !implemented(inst.State) {
				continue
			}
			if !slices.Contains(on, u.el) {
				on = append(on, u.el)
			}
			if id, ok := im.threatIDs[u.inst.Threat]; ok && !slices.Contains(addresses, id) {
				addresses = append(addresses, id)
			}
		}
	}
	return on, addresses
}

// element resolves the id of a component or a data flow.
func (im *importer) element(id string) threatmodel.Element {
	if c, ok := im.comps[id]; ok {
		return c
	}
	if f, ok := im.flows[id]; ok {
		return f
	}
	return nil
}

// processedWarnings warns of an asset a component processes that no flow
// of it carries: the model knows what a component processes from its flows.
func (im *importer) processedWarnings() {
	for i, c := range im.doc.Components {
		comp := im.comps[c.ID]
		if c.Assets == nil || comp == nil {
			continue
		}
		for j, id := range c.Assets.Processed {
			if a := im.assets[id]; a != nil && !processes(comp, a) {
				im.warn(at("components", i)+".assets.processed["+strconv.Itoa(j)+"]",
					"no data flow of the component carries "+strconv.Quote(a.Name())+": the model learns what a component processes from its flows, so this is left out")
			}
		}
	}
}
