package render

import (
	"strings"

	"github.com/threatwright/threatwright/threatmodel"
)

// This file writes the template's sections stated per component or element
// of the model: error handling, runtime security, secrets lifecycle, data
// lifecycle and supply chain; and the request chains of the Data Flow
// section.

// riskTable writes a section of risks stated per component, such as error
// handling or runtime security, with their mitigations.
func (w *mdWriter) riskTable(title string, id listID, entries func(*threatmodel.Component) []threatmodel.RiskEntry) {
	w.heading(2, title)
	var rows [][]string
	for _, c := range w.m.Components() {
		for _, e := range entries(c) {
			rows = append(rows, []string{c.Name(), e.Risk, e.Mitigation})
		}
	}
	if len(rows) == 0 {
		w.note("None stated.")
		return
	}
	w.list(id, rows, 0)
}

// secrets writes the Secrets Lifecycle table: each secret's provisioning,
// rotation, blast radius, storage, users and what it grants.
func (w *mdWriter) secrets() {
	w.heading(2, "Secrets Lifecycle")
	var rows [][]string
	for _, s := range w.m.Secrets() {
		storage := s.Storage().String()
		if c := s.StoredIn(); c != nil {
			storage += " (" + c.Name() + ")"
		}
		grants := joinNames(s.Grants())
		if opens := s.Accesses(); len(opens) > 0 {
			grants = strings.TrimPrefix(grants+"; opens "+elementNames(opens), "; ")
		}
		rows = append(rows, []string{s.Name(), s.Provisioning(), s.Rotation().String(), s.BlastRadius(), storage,
			joinNames(s.UsedBy()), grants, s.Description()})
	}
	if len(rows) == 0 {
		w.note("No secrets declared.")
		return
	}
	w.list(listSecrets, rows, 0)
}

// dataLifecycle writes the Data Lifecycle table: each asset's protection at
// rest and in transit, deletion, access control and retention.
func (w *mdWriter) dataLifecycle() {
	w.heading(2, "Data Lifecycle")
	var rows [][]string
	for _, a := range w.m.Assets() {
		l := a.Lifecycle()
		if l == nil {
			if a.Kind() == threatmodel.AssetData {
				const no = "not stated"
				rows = append(rows, []string{a.Name(), no, no, no, no, "", classification(a)})
			}
			continue
		}
		atRest := l.AtRest
		if l.Encrypted != 0 {
			atRest = strings.TrimPrefix(atRest+" ("+l.Encrypted.String()+")", " ")
		}
		ret := ""
		if l.Retention > 0 {
			// Rotation formats a period ("every 365 days, automated").
			ret = threatmodel.Rotation{Every: l.Retention, Automated: true}.String()
			ret = strings.TrimSuffix(strings.TrimPrefix(ret, "every "), ", automated")
		}
		rows = append(rows, []string{a.Name(), atRest, l.InTransit, l.Deletion, l.AccessControl, ret, classification(a)})
	}
	w.list(listDataLifecycle, rows, 0)
}

// supplyChain writes the Supply Chain table: each dependency's risk,
// mitigation, pinning and verification.
func (w *mdWriter) supplyChain() {
	w.heading(2, "Supply Chain")
	var rows [][]string
	for _, d := range w.m.Dependencies() {
		pin := d.Pinning().String()
		if d.Ref() != "" {
			pin += " (" + d.Ref() + ")"
		}
		rows = append(rows, []string{d.Name(), d.Risk(), d.Mitigation(), d.Kind().String(), pin, d.Verification(), joinNames(d.UsedBy()), d.Description()})
	}
	if len(rows) == 0 {
		w.note("No dependencies declared.")
		return
	}
	w.list(listSupplyChain, rows, 0)
}

// flowChains follows requests from each external entity through the
// components they reach and back through the declared responses, the way
// the guide writes "User → API Gateway → Lambda → DynamoDB → Lambda → API
// Gateway → User". Each request flow appears in at most one chain.
func flowChains(m *threatmodel.Model) []string {
	used := make(map[*threatmodel.Flow]bool)
	var chains []string
	for _, c := range m.Components() {
		if c.Kind() != threatmodel.ExternalEntity {
			continue
		}
		for _, f := range c.Outgoing() {
			if f.ResponseTo() != nil || used[f] {
				continue
			}
			names := []string{c.Name()}
			var back []string
			cur := f
			for steps := 0; cur != nil && steps < 64; steps++ {
				used[cur] = true
				names = append(names, endName(cur.Destination()))
				resps := cur.Responses()
				if len(resps) == 0 {
					back = nil // the chain cannot return
				} else {
					back = append([]string{endName(cur.Source())}, back...)
				}
				next := (*threatmodel.Flow)(nil)
				if d := cur.Destination(); d != nil && d.Kind() == threatmodel.Process {
					for _, g := range d.Outgoing() {
						if g.ResponseTo() == nil && !used[g] && len(g.Responses()) > 0 {
							next = g
							break
						}
					}
				}
				if next == nil || len(resps) == 0 {
					break
				}
				cur = next
			}
			if len(back) > 0 {
				names = append(names, back...)
			}
			chains = append(chains, strings.Join(names, " → "))
		}
	}
	return chains
}
