package otm

import (
	"encoding"
	"encoding/json"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// Option configures Export.
type Option func(*config)

type config struct {
	root string
}

// Root makes every declaration site relative to dir (made absolute against
// the working directory), the root of the repository the model's code lives
// in, as render.SARIFRoot does for SARIF. A declaration outside dir keeps
// its absolute path. Without Root, sites keep the paths the Go runtime
// reports.
func Root(dir string) Option {
	return func(c *config) { c.root = dir }
}

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.root != "" {
		if abs, err := filepath.Abs(c.root); err == nil {
			c.root = abs
		}
	}
	return c
}

// file returns the declaration file as the document names it: relative to
// the root, with forward slashes.
func (c config) file(p threatmodel.Pos) string {
	f := p.File
	if c.root != "" {
		if rel, err := filepath.Rel(c.root, f); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			f = rel
		}
	}
	return filepath.ToSlash(f)
}

// Export writes the document as an Open Threat Model 0.2.0 JSON document:
// the model's trust zones, components, data flows and assets, and the
// STRIDE threats of d.Threats with the declared mitigations and the
// controls that close them. Each element's code representation names the
// file and line that declared it. Output depends only on the document and
// the options.
func Export(w io.Writer, d *render.Document, opts ...Option) error {
	if d == nil || d.Model == nil {
		return render.ErrNilModel
	}
	doc := newExporter(d, newConfig(opts)).document()
	return writeJSON(w, doc)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// token is a value's text token ("data-store"), "" for an unstated one.
func token(v encoding.TextMarshaler) string {
	b, err := v.MarshalText()
	if err != nil {
		return ""
	}
	return string(b)
}

// putToken sets a threatwright attribute to a value's token, unless the
// value is unstated.
func putToken(attrs attributes, key string, v encoding.TextMarshaler) {
	if t := token(v); t != "" {
		attrs[attrPrefix+key] = t
	}
}

// exporter holds the identifiers handed out to the model's elements.
type exporter struct {
	d   *render.Document
	cfg config
	ids map[threatmodel.Element]string
	// on groups the report's threats by the component or flow they are about.
	on map[threatmodel.Element][]*stride.Threat
	// mitigationIDs maps a declared mitigation's title to its identifier.
	mitigationIDs map[string]string
	// controls are the controls that close a threat, in first-seen order.
	controls []threatmodel.Control
}

func newExporter(d *render.Document, cfg config) *exporter {
	e := &exporter{d: d, cfg: cfg, ids: map[threatmodel.Element]string{},
		on: map[threatmodel.Element][]*stride.Threat{}, mitigationIDs: map[string]string{}}
	n := newNamer()
	m := d.Model
	for _, z := range m.Zones() {
		e.ids[z] = n.id("", z.Name())
	}
	for _, c := range m.Components() {
		e.ids[c] = n.id("", c.Name())
	}
	for _, f := range m.Flows() {
		e.ids[f] = n.id("", f.Key())
	}
	for _, a := range m.Assets() {
		e.ids[a] = n.id("", a.Name())
	}
	for _, mi := range m.Mitigations() {
		id := n.id("mitigation-", mi.Name())
		e.ids[mi] = id
		if _, dup := e.mitigationIDs[mi.Name()]; !dup {
			e.mitigationIDs[mi.Name()] = id
		}
	}
	if d.Threats != nil {
		seen := map[threatmodel.Control]bool{}
		for i := range d.Threats.Threats {
			t := &d.Threats.Threats[i]
			if t.Subject != nil {
				e.on[t.Subject] = append(e.on[t.Subject], t)
			}
			for _, c := range t.Controls {
				if !seen[c] {
					seen[c] = true
					e.controls = append(e.controls, c)
				}
			}
		}
	}
	return e
}

func (e *exporter) document() *document {
	m := e.d.Model
	doc := &document{
		OTMVersion: Version,
		Project: project{Name: m.Name(), ID: slug(m.Name()), Description: m.Description(), Owner: m.Owner(),
			Attributes: projectAttributes(m)},
		Representations: []representation{{Name: "Threat model source", ID: sourceRepresentation, Type: "code",
			Description: "The Go code that declares the threat model; each element names the file and line that declared it."}},
		TrustZones: []trustZone{},
		Components: []component{},
		Dataflows:  []dataflow{},
	}
	for _, z := range m.Zones() {
		doc.TrustZones = append(doc.TrustZones, e.zone(z))
	}
	for _, c := range m.Components() {
		doc.Components = append(doc.Components, e.component(c))
	}
	for _, f := range m.Flows() {
		doc.Dataflows = append(doc.Dataflows, e.flow(f))
	}
	for _, a := range m.Assets() {
		doc.Assets = append(doc.Assets, e.asset(a))
	}
	if e.d.Threats != nil {
		for i := range e.d.Threats.Threats {
			doc.Threats = append(doc.Threats, e.threat(&e.d.Threats.Threats[i]))
		}
	}
	for _, mi := range m.Mitigations() {
		doc.Mitigations = append(doc.Mitigations, e.mitigation(mi))
	}
	for _, c := range e.controls {
		doc.Mitigations = append(doc.Mitigations, mitigation{ID: controlID(c), Name: c.String(),
			Description:   "The control " + c.String() + ", stated on the element where it acts.",
			RiskReduction: 100, Attributes: attributes{attrPrefix + "control": token(c)}})
	}
	return doc
}

func projectAttributes(m *threatmodel.Model) attributes {
	a := attributes{attrPrefix + "generator": "threatwright"}
	interest, worst := m.Context()
	if interest != "" {
		a[attrPrefix+"adversaryInterest"] = interest
	}
	if worst != "" {
		a[attrPrefix+"worstCase"] = worst
	}
	return a
}

func controlID(c threatmodel.Control) string { return "control-" + token(c) }

// source is the code representation of an element declared at p.
func (e *exporter) source(id string, p threatmodel.Pos) []representationElement {
	if !p.IsValid() {
		return nil
	}
	return []representationElement{{Representation: sourceRepresentation, ID: id + "@source",
		File: e.cfg.file(p), Line: p.Line}}
}

func (e *exporter) zone(z *threatmodel.Zone) trustZone {
	rating := trustRating(z.Trust())
	out := trustZone{ID: e.ids[z], Name: z.Name(), Description: z.Description(), Risk: &trustRisk{TrustRating: &rating},
		Representations: e.source(e.ids[z], z.Pos()),
		Attributes:      attributes{attrPrefix + "trust": token(z.Trust())}}
	if p := z.Parent(); p != nil {
		out.Parent = &parent{TrustZone: e.ids[p]}
	}
	if z.ContainsBlastRadius() {
		out.Attributes[attrPrefix+"containsBlastRadius"] = true
	}
	return out
}

func (e *exporter) component(c *threatmodel.Component) component {
	kind := token(c.Kind())
	typ := token(c.Type())
	if typ == "" {
		typ = kind
	}
	out := component{ID: e.ids[c], Name: c.Name(), Type: typ, Description: c.Description(),
		Parent: &parent{TrustZone: e.ids[c.Zone()]}, Representations: e.source(e.ids[c], c.Pos()),
		Tags: []string{kind}, Threats: e.threatInstances(c)}
	attrs := attributes{attrPrefix + "kind": kind}
	if ts := c.Types(); len(ts) > 0 {
		attrs[attrPrefix+"types"] = tokens(ts)
	}
	if t := c.Technology(); t != "" {
		attrs[attrPrefix+"technology"] = t
		out.Tags = append(out.Tags, t)
	}
	if cs := ownControls(c); len(cs) > 0 {
		attrs[attrPrefix+"controls"] = cs
	}
	if c.Infrastructure() {
		attrs[attrPrefix+"infrastructure"] = true
	}
	if c.ProviderManaged() {
		attrs[attrPrefix+"providerManaged"] = true
	}
	if !c.InScope() {
		attrs[attrPrefix+"outOfScope"] = c.OutOfScopeReason()
	}
	out.Attributes = attrs
	var inst assetInstance
	for _, a := range c.Stores() {
		inst.Stored = append(inst.Stored, e.ids[a])
	}
	for _, a := range e.d.Model.Assets() {
		if processes(c, a) {
			inst.Processed = append(inst.Processed, e.ids[a])
		}
	}
	if len(inst.Stored)+len(inst.Processed) > 0 {
		out.Assets = &inst
	}
	return out
}

// processes reports whether a flow to or from c carries a.
func processes(c *threatmodel.Component, a *threatmodel.Asset) bool {
	for _, f := range a.CarriedBy() {
		if f.Source() == c || f.Destination() == c {
			return true
		}
	}
	return false
}

func tokens[T encoding.TextMarshaler](vs []T) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if t := token(v); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// controlSourcer is a component or a flow.
type controlSourcer interface {
	Controls() []threatmodel.Control
	ControlSources(threatmodel.Control) []threatmodel.ControlSource
}

// ownControls lists, as tokens, the controls the element states itself, not
// through a declared mitigation (the mitigation carries those).
func ownControls(el controlSourcer) []string {
	var out []threatmodel.Control
	for _, c := range el.Controls() {
		for _, s := range el.ControlSources(c) {
			if s.Mitigation == nil {
				out = append(out, c)
				break
			}
		}
	}
	return tokens(out)
}

func containsControl(cs []threatmodel.Control, c threatmodel.Control) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

func (e *exporter) flow(f *threatmodel.Flow) dataflow {
	out := dataflow{ID: e.ids[f], Name: f.Name(), Description: f.Description(),
		Source: e.ids[f.Source()], Destination: e.ids[f.Destination()],
		Threats: e.threatInstances(f), Representations: e.source(e.ids[f], f.Pos())}
	for _, a := range f.Carries() {
		out.Assets = append(out.Assets, e.ids[a])
	}
	attrs := attributes{}
	putToken(attrs, "protocol", f.Protocol())
	putToken(attrs, "encryption", f.Encryption())
	putToken(attrs, "authentication", f.Authentication())
	putToken(attrs, "authorization", f.Authorization())
	if t := token(f.Protocol()); t != "" {
		out.Tags = append(out.Tags, t)
	}
	if f.Port() > 0 {
		attrs[attrPrefix+"port"] = f.Port()
	}
	if cs := ownControls(f); len(cs) > 0 {
		attrs[attrPrefix+"controls"] = cs
	}
	if r := f.ResponseTo(); r != nil {
		attrs[attrPrefix+"responseTo"] = e.ids[r]
	}
	if len(attrs) > 0 {
		out.Attributes = attrs
	}
	return out
}

func (e *exporter) asset(a *threatmodel.Asset) asset {
	score := criticalityScore(a.Criticality())
	out := asset{ID: e.ids[a], Name: a.Name(), Description: a.Description(),
		Risk:            &assetRisk{Confidentiality: confidentialityScore(a), Integrity: score, Availability: score},
		Representations: e.source(e.ids[a], a.Pos())}
	attrs := attributes{attrPrefix + "kind": token(a.Kind())}
	putToken(attrs, "value", a.Value())
	putToken(attrs, "criticality", a.Criticality())
	putToken(attrs, "classification", a.Classification())
	if a.PII() {
		attrs[attrPrefix+"pii"] = true
	}
	if c := a.Criticality(); c != 0 {
		out.Risk.Comment = "Risk level " + c.String() + "."
	}
	out.Attributes = attrs
	return out
}

// threatState is the OTM state of a threat on an element.
func threatState(s stride.Status) string {
	switch s {
	case stride.Mitigated:
		return "mitigated"
	case stride.Accepted:
		return "accepted"
	}
	return "exposed"
}

func (e *exporter) threatInstances(el threatmodel.Element) []threatInstance {
	var out []threatInstance
	for _, t := range e.on[el] {
		inst := threatInstance{Threat: t.ID, State: threatState(t.Status)}
		var covered []threatmodel.Control
		for _, title := range t.AppliedMitigations {
			if id, ok := e.mitigationIDs[title]; ok {
				inst.Mitigations = append(inst.Mitigations, mitigationInstance{Mitigation: id, State: "implemented"})
				covered = append(covered, e.implements(title)...)
			}
		}
		for _, c := range t.Controls {
			if !containsControl(covered, c) {
				inst.Mitigations = append(inst.Mitigations, mitigationInstance{Mitigation: controlID(c), State: "implemented"})
			}
		}
		out = append(out, inst)
	}
	return out
}

// implements returns the controls of the declared mitigations titled title.
func (e *exporter) implements(title string) []threatmodel.Control {
	var out []threatmodel.Control
	for _, mi := range e.d.Model.Mitigations() {
		if mi.Name() == title {
			out = append(out, mi.Implements()...)
		}
	}
	return out
}

func (e *exporter) threat(t *stride.Threat) threat {
	likelihood := levelScore(t.InherentLikelihood)
	out := threat{ID: t.ID, Name: t.Title, Description: t.Description,
		Categories: []string{t.Category.String()},
		Risk: &threatRisk{Likelihood: &likelihood, Impact: levelScore(t.Impact),
			LikelihoodComent: "Inherent likelihood " + t.InherentLikelihood.String() + "; residual " + t.Likelihood.String() + ".",
			ImpactComment:    "Impact " + t.Impact.String() + "."},
		Tags: []string{token(t.Status)}}
	for _, c := range t.CWE {
		out.CWEs = append(out.CWEs, "CWE-"+strconv.Itoa(c))
	}
	attrs := attributes{attrPrefix + "status": token(t.Status), attrPrefix + "residualRisk": token(t.Risk)}
	if t.RuleID != "" {
		attrs[attrPrefix+"rule"] = t.RuleID
		out.Tags = append(out.Tags, t.RuleID)
	} else if about := e.idsOf(aboutable(t.Involved)); len(about) > 0 {
		attrs[attrPrefix+"about"] = about
	}
	if len(t.Evidence) > 0 {
		ev := make([]string, len(t.Evidence))
		for i, x := range t.Evidence {
			at := x.DeclaredAt
			x.DeclaredAt = threatmodel.Pos{}
			ev[i] = x.String()
			if at.IsValid() {
				ev[i] += ", declared at " + e.cfg.file(at) + ":" + strconv.Itoa(at.Line)
			}
		}
		attrs[attrPrefix+"evidence"] = ev
	}
	if len(t.CAPEC) > 0 {
		capec := make([]string, len(t.CAPEC))
		for i, c := range t.CAPEC {
			capec[i] = "CAPEC-" + strconv.Itoa(c)
		}
		attrs[attrPrefix+"capec"] = capec
	}
	if len(t.OWASP) > 0 {
		attrs[attrPrefix+"owasp"] = t.OWASP
	}
	if len(t.AttackPaths) > 0 {
		attrs[attrPrefix+"attackPaths"] = t.AttackPaths
	}
	if len(t.Mitigations) > 0 {
		attrs[attrPrefix+"recommendedMitigations"] = t.Mitigations
	}
	if a := t.Acceptance; a != nil {
		attrs[attrPrefix+"acceptance"] = a.Justification
	}
	out.Attributes = attrs
	return out
}

// aboutable keeps the components, flows and assets, what an imported
// threat can be about.
func aboutable(els []threatmodel.Element) []threatmodel.Element {
	var out []threatmodel.Element
	for _, el := range els {
		switch el.(type) {
		case *threatmodel.Component, *threatmodel.Flow, *threatmodel.Asset:
			out = append(out, el)
		}
	}
	return out
}

// idsOf returns the identifiers of the elements that have one.
func (e *exporter) idsOf(els []threatmodel.Element) []string {
	var out []string
	for _, el := range els {
		if id, ok := e.ids[el]; ok {
			out = append(out, id)
		}
	}
	return out
}

func (e *exporter) mitigation(mi *threatmodel.Mitigation) mitigation {
	attrs := attributes{}
	if cs := tokens(mi.Implements()); len(cs) > 0 {
		attrs[attrPrefix+"controls"] = cs
	}
	if on := e.idsOf(mi.On()); len(on) > 0 {
		attrs[attrPrefix+"on"] = on
	}
	if ids := mi.Addresses(); len(ids) > 0 {
		attrs[attrPrefix+"addresses"] = ids
	}
	out := mitigation{ID: e.ids[mi], Name: mi.Name(), Description: mi.Description(), RiskReduction: 100}
	if len(attrs) > 0 {
		out.Attributes = attrs
	}
	return out
}
