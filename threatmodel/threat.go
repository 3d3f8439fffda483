package threatmodel

import (
	"strings"
	"time"
	"unicode"
)

// Threat is a hand-written threat: something the rules cannot know about
// the system, written in the guide's shape (threat, attack paths,
// mitigations) and rated in the template's words.
type Threat struct {
	node
	category    Category
	about       []Element
	impact      Level
	likelihood  Level
	attackPaths []string
	mitigation  string
	id          string
	index       int // position in the model's threats
}

// Threat declares a hand-written threat in a STRIDE category. Say what it is
// about with About, rate it with Impact and Likelihood, and close it with
// Mitigation or an acceptance.
func (m *Model) Threat(title string, category Category, opts ...ThreatOption) *Threat {
	t := &Threat{node: node{m: m, name: title, at: m.pinned(caller(1))}, category: category, id: threatID(title)}
	if m == nil {
		return t
	}
	t.index = len(m.threats)
	m.declare(collThreats, t, t.at, t.index)
	// Two titles can give one ID ("A b" and "a-b"); an ID must name one
	// threat, or acceptances and mitigations would match both.
	prev := m.lookup(namesThreatIDs, t.id)
	if prev != nil && prev.Name() != title {
		m.record(CodeDuplicateName, t.Path(), t.at, t,
			"the threat's ID "+t.id+" is also the ID of threats["+quote(prev.Name())+"] (declared at "+prev.Pos().String()+"): reword one title")
	} else if prev == nil {
		if m.names[namesThreatIDs] == nil {
			m.names[namesThreatIDs] = make(map[string]int32)
		}
		m.names[namesThreatIDs][t.id] = int32(t.index)
	}
	if category == 0 || !categoryNames.valid(uint8(category)) {
		m.record(CodeInvalidValue, t.Path()+".category", t.at, t, "category "+category.String()+" is not a STRIDE category")
	}
	for _, o := range opts {
		if o == nil {
			m.record(CodeNilReference, t.Path(), t.at, t, "nil option")
			continue
		}
		o.applyThreat(t)
	}
	m.threats = append(m.threats, t)
	return t
}

// threatID derives a stable ID from a title: "USR-" and the title in lower
// case with runs of other characters as single dashes.
func threatID(title string) string {
	var b strings.Builder
	b.WriteString("USR-")
	dash := false
	for _, r := range strings.ToLower(title) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 4 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// Path returns threats["title"].
func (t *Threat) Path() string { return pathOf(collThreats, t.name) }

// ID returns the threat's stable ID, derived from its title ("USR-…"). Use
// it to accept the threat or to name it in a mitigation.
func (t *Threat) ID() string { return t.id }

// Category returns the threat's STRIDE category.
func (t *Threat) Category() Category { return t.category }

// About returns the elements the threat is about.
func (t *Threat) About() []Element { return clone(t.about) }

// Impact returns the stated impact.
func (t *Threat) Impact() Level { return t.impact }

// Likelihood returns the stated likelihood.
func (t *Threat) Likelihood() Level { return t.likelihood }

// AttackPaths returns the attack paths, as written.
func (t *Threat) AttackPaths() []string { return clone(t.attackPaths) }

// Mitigation returns the mitigation, as written.
func (t *Threat) Mitigation() string { return t.mitigation }

// Mitigation is a declared countermeasure: a description, the controls it
// implements, the elements it is applied to and, optionally, the threats it
// answers by ID. Applying a mitigation to an element puts its controls on the
// element.
type Mitigation struct {
	node
	implements controlSet
	on         []Element
	addresses  []string
	covers     []*Component
	backing    Backing
}

// Mitigation declares a countermeasure.
func (m *Model) Mitigation(title string, opts ...MitigationOption) *Mitigation {
	mi := &Mitigation{node: node{m: m, name: title, at: m.pinned(caller(1))}}
	if m == nil {
		return mi
	}
	m.declare(collMitigations, mi, mi.at, len(m.mitigations))
	for _, o := range opts {
		if o == nil {
			m.record(CodeNilReference, mi.Path(), mi.at, mi, "nil option")
			continue
		}
		o.applyMitigation(mi)
	}
	// Controls flow onto the elements regardless of option order.
	var scope []*Component
	for _, p := range mi.covers {
		if m.owns(p, mi, ".covers", mi.at, "principal") {
			scope = append(scope, p)
		}
	}
	if len(mi.covers) > 0 && len(scope) == 0 {
		mi.on = nil // every principal was bad, and reported: cover nobody rather than everybody
	}
	for _, el := range mi.on {
		var set *controlSet
		var src *[]ControlSource
		switch e := el.(type) {
		case *Component:
			set, src = &e.controls, &e.controlSrc
		case *Flow:
			set, src = &e.controls, &e.controlSrc
		default:
			continue
		}
		for _, c := range mi.implements.list() {
			if len(scope) == 0 {
				set.add(c)
			}
			*src = append(*src, ControlSource{Control: c, Mitigation: mi, For: scope, Backing: mi.backing, at: mi.at})
		}
	}
	m.mitigations = append(m.mitigations, mi)
	return mi
}

// Path returns mitigations["title"].
func (mi *Mitigation) Path() string { return pathOf(collMitigations, mi.name) }

// Implements returns the controls the mitigation implements.
func (mi *Mitigation) Implements() []Control { return mi.implements.list() }

// On returns the elements the mitigation is applied to.
func (mi *Mitigation) On() []Element { return clone(mi.on) }

// Addresses returns the IDs of the threats the mitigation names.
func (mi *Mitigation) Addresses() []string { return clone(mi.addresses) }

// Acceptance is an accepted risk: a threat, by ID, that the owner has decided
// to live with, with a justification and an expiry date.
type Acceptance struct {
	node
	justification string
	owner         string
	expires       time.Time
}

// Accept records that the threat with the given ID is an accepted risk.
// Give it a Justification, an Owner and an Expires date.
func (m *Model) Accept(threatID string, opts ...AcceptanceOption) *Acceptance {
	a := &Acceptance{node: node{m: m, name: threatID, at: m.pinned(caller(1))}}
	if m == nil {
		return a
	}
	m.declare(collAcceptances, a, a.at, len(m.acceptances))
	for _, o := range opts {
		if o == nil {
			m.record(CodeNilReference, a.Path(), a.at, a, "nil option")
			continue
		}
		o.applyAcceptance(a)
	}
	m.acceptances = append(m.acceptances, a)
	return a
}

// Path returns acceptances["threat ID"].
func (a *Acceptance) Path() string { return pathOf(collAcceptances, a.name) }

// ThreatID returns the ID of the accepted threat.
func (a *Acceptance) ThreatID() string { return a.name }

// Justification returns why the risk is accepted.
func (a *Acceptance) Justification() string { return a.justification }

// Owner returns who owns the accepted risk.
func (a *Acceptance) Owner() string { return a.owner }

// Expires returns when the acceptance must be reviewed.
func (a *Acceptance) Expires() time.Time { return a.expires }

// Expired reports whether the acceptance has expired at the given time.
// Callers pass the time so that results stay reproducible.
func (a *Acceptance) Expired(at time.Time) bool {
	return !a.expires.IsZero() && !at.Before(a.expires)
}

// Waiver switches off one check on one element, or on the model itself,
// with a written reason. It can name any documented code that is not a
// structural error: a validation gap or warning (TM), an analysis finding
// (ST) or a least-privilege finding (RCH); each stage applies the waivers of
// its own codes (see Model.ApplyWaivers). A waiver that matches no finding is
// itself reported (TM191), so waivers do not outlive the finding they were
// written for.
type Waiver struct {
	node
	code   Code
	target Element // nil for a waiver of a model-level finding
	reason string
	bad    bool // the target was nil or foreign: reported as TM003 or TM004
}

// Waive switches off the check with the given code on the target element:
// a component, a flow, a role (for its least-privilege findings), an
// acceptance or mitigation (for their analysis findings), and so on. Use
// WaiveModel for a finding about the model as a whole.
func (m *Model) Waive(code Code, target Element, reason string) *Waiver {
	w := &Waiver{node: node{m: m, name: string(code), at: m.pinned(caller(1))}, code: code, target: target, reason: reason}
	if m == nil {
		return w
	}
	w.bad = isNil(target) // so that the TM003 path reads "on ?"
	if !m.owns(target, w, ".target", w.at, "waiver target") {
		w.target, w.bad = nil, true
	}
	m.waivers = append(m.waivers, w)
	return w
}

// WaiveModel switches off a check about the model as a whole (for example
// TM102, no owner, or TM305, no boundary crossing), or an analysis finding
// that names no element (ST004, an unmatched override).
func (m *Model) WaiveModel(code Code, reason string) *Waiver {
	w := &Waiver{node: node{m: m, name: string(code), at: m.pinned(caller(1))}, code: code, reason: reason}
	if m != nil {
		m.waivers = append(m.waivers, w)
	}
	return w
}

// Path returns waivers[CODE on target path], for example
// waivers[TM111 on components["API Gateway"]], or waivers[TM102 on model].
func (w *Waiver) Path() string {
	t := "model"
	switch {
	case w.bad:
		t = "?"
	case !isNil(w.target):
		t = w.target.Path()
	}
	return collWaivers + "[" + string(w.code) + " on " + t + "]"
}

// Code returns the waived check's code.
func (w *Waiver) Code() Code { return w.code }

// Target returns the element the waiver applies to, or nil for a waiver of
// a model-level finding (WaiveModel).
func (w *Waiver) Target() Element { return w.target }

// Reason returns why the check is waived.
func (w *Waiver) Reason() string { return w.reason }
