package threatmodel

// ControlSource says how one control came to sit on a component or a flow:
// stated by the element itself (Controls) or put there by a declared
// mitigation (On), for whom it acts, and where it was declared. The STRIDE
// analysis cites it as the evidence of a threat it closes.
type ControlSource struct {
	// Control is the control.
	Control Control
	// Mitigation is the declared mitigation that put the control there,
	// nil when the element states it itself.
	Mitigation *Mitigation
	// For lists the principals the control covers (Controls(…).For,
	// Covers): it acts on requests from them only. Empty when it covers
	// every caller.
	For []*Component
	// Backing is the code that implements the control and the proofs that
	// it works (ControlsOption.ImplementedBy and ProvedBy, or the
	// mitigation's ImplementedBy and ProvedBy); empty when none is
	// declared.
	Backing Backing

	at site
}

// Pos returns where the control was declared: the mitigation's declaration,
// or the element's own.
func (s ControlSource) Pos() Pos { return s.at.pos() }

// Covers reports whether the control acts on requests from the principal:
// always when it is not limited to some principals, never for a nil
// principal when it is.
func (s ControlSource) Covers(principal *Component) bool {
	if len(s.For) == 0 {
		return true
	}
	for _, p := range s.For {
		if p == principal && p != nil {
			return true
		}
	}
	return false
}

// controlSources is the list of ControlSource of one element.
type controlSources []ControlSource

// of returns the sources of one control, in declaration order.
func (cs controlSources) of(ctl Control) []ControlSource {
	n := 0
	for _, s := range cs {
		if s.Control == ctl {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]ControlSource, 0, n) // exactly: a ControlSource is large
	for _, s := range cs {
		if s.Control == ctl {
			out = append(out, s)
		}
	}
	return out
}

// For limits the controls to requests from the given principals (external
// entities or processes): MFA for the operators but not the customers, an
// allowlist for one partner. A threat is closed by such a control only
// where the request comes from one of them.
func (o ControlsOption) For(principals ...*Component) ControlsOption {
	o.for_ = append(append([]*Component(nil), o.for_...), principals...)
	return o
}

// Covers limits the controls a mitigation implements to requests from the
// given principals, as ControlsOption.For does.
func Covers(principals ...*Component) MitigationOption {
	return mitigationFunc(func(mi *Mitigation) { mi.covers = append(mi.covers, principals...) })
}

// Covers returns the principals the mitigation's controls are limited to,
// or nil when they cover every caller.
func (mi *Mitigation) Covers() []*Component { return clone(mi.covers) }

// ControlSources returns how each control on the component came there, in
// declaration order; ctl 0 returns them all.
func (c *Component) ControlSources(ctl Control) []ControlSource {
	if ctl == 0 {
		return clone(c.controlSrc)
	}
	return controlSources(c.controlSrc).of(ctl)
}

// ControlSources returns how each control on the flow came there, in
// declaration order; ctl 0 returns them all.
func (f *Flow) ControlSources(ctl Control) []ControlSource {
	if ctl == 0 {
		return clone(f.controlSrc)
	}
	return controlSources(f.controlSrc).of(ctl)
}

// HasFor reports whether the control on the component acts on requests from
// the principal: a control for every caller, or one limited to principals
// that include it. Has reports only the former.
func (c *Component) HasFor(ctl Control, principal *Component) bool {
	return hasFor(c.controlSrc, ctl, principal)
}

// HasFor reports whether the control on the flow acts on requests from the
// principal; see Component.HasFor.
func (f *Flow) HasFor(ctl Control, principal *Component) bool {
	return hasFor(f.controlSrc, ctl, principal)
}

func hasFor(cs []ControlSource, ctl Control, principal *Component) bool {
	for _, s := range cs {
		if s.Control == ctl && s.Covers(principal) {
			return true
		}
	}
	return false
}
