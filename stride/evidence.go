package stride

import (
	"slices"
	"strings"

	"github.com/threatwright/threatwright/threatmodel"
)

// Evidence is why a threat counts as closed: a control or a declared
// mitigation enforced where the rule says it must act, a property of the
// model (a flow's authentication, a store's private endpoint), a mitigation
// that addresses the threat by ID, or a hand-written threat's own
// mitigation. A threat without evidence is open.
type Evidence struct {
	// Control is the control that closes the threat; 0 for a property or
	// a mitigation named by threat ID.
	Control threatmodel.Control
	// Mitigation is the declared mitigation that provides the control or
	// addresses the threat by ID; nil when the element states the control
	// itself, or for a property.
	Mitigation *threatmodel.Mitigation
	// Property says in words which property of the model closes the
	// threat (a rule's MitigatedWhen), or, for a hand-written threat, its
	// MitigatedBy text.
	Property string
	// DeclaredAt is where the control, the mitigation or the property was
	// declared: the mitigation, the element that states the control, the
	// flow that states its authentication.
	DeclaredAt threatmodel.Pos
	// EnforcedAt is the component or flow where the control acts, or whose
	// property closes the threat; nil for a mitigation named by threat ID
	// that is applied nowhere, and for a hand-written threat.
	EnforcedAt threatmodel.Element
	// Backing is the code that implements the control or mitigation and
	// the proofs that it works, as declared (threatmodel.ImplementedBy,
	// threatmodel.ProvedBy); empty for a property.
	Backing threatmodel.Backing
	// Proofs are Backing's proofs, each with what the verification run
	// (WithVerification) found; without a run, each is unverified.
	Proofs []ProofResult
	// State is the evidence's state: the worst of its proofs' states when
	// one is failing or missing, else verified when one passed, else
	// unverified (declared only). It is 0 for a property of the model's
	// structure, which no test proves.
	State threatmodel.ProofState
}

// String returns the evidence in words, for example
// `Input validation (Strict input validation in Lambda) at components["Lambda"], declared at model.go:112`,
// and, when it names proofs, its state and theirs:
// `…, verified (example.com/api.TestValidate: verified)`.
func (e Evidence) String() string {
	var b strings.Builder
	switch {
	case e.Control != 0:
		b.WriteString(e.Control.String())
		if e.Mitigation != nil {
			b.WriteString(" (" + e.Mitigation.Name() + ")")
		}
	case e.Mitigation != nil:
		b.WriteString(e.Mitigation.Name())
	default:
		b.WriteString(e.Property)
	}
	if e.EnforcedAt != nil {
		b.WriteString(" at " + e.EnforcedAt.Path())
	}
	if e.DeclaredAt.IsValid() {
		b.WriteString(", declared at " + e.DeclaredAt.String())
	}
	if len(e.Proofs) > 0 {
		b.WriteString(", " + strings.ToLower(e.State.String()))
		for i, p := range e.Proofs {
			sep := ", "
			if i == 0 {
				sep = " ("
			}
			b.WriteString(sep + p.Proof.String() + ": " + strings.ToLower(p.Check.State.String()))
		}
		b.WriteString(")")
	}
	return b.String()
}

// principal returns the component the threat's request comes from: the
// flow's source when a flow is involved, nil otherwise. A control limited to
// some principals (threatmodel.ControlsOption.For) counts only for them.
func (t *Target) principal() *threatmodel.Component {
	if t.Flow == nil {
		return nil
	}
	return t.Source
}

// appendEnforcers appends to out the elements where a control closes the
// threat, for an enforcement point. Callers pass an array of three on their
// stack: it is asked for every rule on every element.
func (t *Target) appendEnforcers(out []threatmodel.Element, e Enforcement) []threatmodel.Element {
	add := func(el threatmodel.Element, ok bool) {
		if ok {
			out = append(out, el)
		}
	}
	comp, flow := t.Component, t.Flow
	switch e {
	case EnforcedAtElement:
		if comp != nil {
			add(comp, true)
		} else {
			add(flow, flow != nil)
		}
	case EnforcedAtElementOrFlow:
		add(comp, comp != nil)
		add(flow, flow != nil)
	case EnforcedAtFlow:
		add(flow, flow != nil)
	case EnforcedAtReceiver:
		add(t.Destination, t.Destination != nil)
		add(flow, flow != nil)
	case EnforcedAtSender:
		add(t.Source, t.Source != nil)
		add(flow, flow != nil)
	case EnforcedAtFlowOrEnds:
		add(flow, flow != nil)
		add(t.Source, t.Source != nil)
		add(t.Destination, t.Destination != nil)
	}
	return out
}

// controlEvidence appends to dst the evidence that the control closes the
// threat on t: each declaration of it on an enforcing element that covers
// the threat's principal and, for audit logging, whose element has an
// audit trail.
func (t *Target) controlEvidence(dst []Evidence, ctl threatmodel.Control, e Enforcement) []Evidence {
	who := t.principal()
	var buf [3]threatmodel.Element
	for _, el := range t.appendEnforcers(buf[:0], e) {
		for _, s := range t.sourcesAt(el, ctl) {
			if s.Control == ctl && s.Covers(who) {
				dst = append(dst, Evidence{Control: ctl, Mitigation: s.Mitigation, DeclaredAt: s.Pos(), EnforcedAt: el, Backing: s.Backing})
			}
		}
	}
	return dst
}

// enforced reports whether controlEvidence would find any evidence, without
// building it.
func (t *Target) enforced(ctl threatmodel.Control, e Enforcement) bool {
	who := t.principal()
	var buf [3]threatmodel.Element
	for _, el := range t.appendEnforcers(buf[:0], e) {
		for _, s := range t.sourcesAt(el, ctl) {
			if s.Control == ctl && s.Covers(who) {
				return true
			}
		}
	}
	return false
}

// sourcesAt returns declarations on el among which those of the control
// that count are (callers keep those whose Control is ctl): none where the
// model's structure contradicts the control there, and none for audit
// logging where el's events reach no audit trail. Within Analyze they are
// every declaration on el, looked up once per element.
func (t *Target) sourcesAt(el threatmodel.Element, ctl threatmodel.Control) []threatmodel.ControlSource {
	if t.ix == nil {
		switch x := el.(type) {
		case *threatmodel.Component:
			return x.ControlSources(ctl)
		case *threatmodel.Flow:
			return x.ControlSources(ctl)
		}
		return nil
	}
	src := t.ix.controlSources(el)
	if len(src) == 0 {
		return nil
	}
	if ctl == threatmodel.AuditLogging && !t.ix.audited(el) || t.ix.contradicted[controlAt{el, ctl}] {
		return nil
	}
	return src
}

// ruleEvidence appends to dst the evidence that closes a rule's threat on t: one
// of MitigatedBy, or all of MitigatedByAll, enforced where the rule says,
// then the rule's MitigatedWhen property.
func (t *Target) ruleEvidence(dst []Evidence, r *Rule) []Evidence {
	e := r.EnforcedAt()
	for _, ctl := range r.MitigatedBy {
		dst = t.controlEvidence(dst, ctl, e)
	}
	if len(r.MitigatedByAll) > 0 {
		n := len(dst)
		for _, ctl := range r.MitigatedByAll {
			before := len(dst)
			if dst = t.controlEvidence(dst, ctl, e); len(dst) == before {
				dst = dst[:n] // one of them is missing: none counts
				break
			}
		}
	}
	if r.MitigatedWhen != nil {
		if p := r.MitigatedWhen(t); p != "" {
			el := t.Element()
			at := t.ix.posOf(el)
			if t.Flow != nil {
				el, at = t.Flow, t.ix.posOf(t.Flow) // properties rules read are the flow's
			}
			dst = append(dst, Evidence{Property: p, DeclaredAt: at, EnforcedAt: el})
		}
	}
	return dst
}

// controlsOf returns the controls the evidence cites, sorted, each once.
func controlsOf(ev []Evidence) []threatmodel.Control {
	var out []threatmodel.Control
	for _, e := range ev {
		if e.Control != 0 {
			out = append(out, e.Control)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// mitigationsOf returns the titles of the mitigations the evidence cites,
// sorted, each once.
func mitigationsOf(ev []Evidence) []string {
	var out []string
	for _, e := range ev {
		if e.Mitigation != nil {
			out = append(out, e.Mitigation.Name())
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
