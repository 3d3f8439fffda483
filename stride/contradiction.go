package stride

import "github.com/threatwright/threatwright/threatmodel"

// controlAt names one control on one component or flow.
type controlAt struct {
	el  threatmodel.Element
	ctl threatmodel.Control
}

// contradictions finds the declarations the model's structure contradicts
// and reports each as a finding (threatmodel.CodeContradicted) with both
// declaration sites. A contradicted control no longer closes threats at the
// element where it is contradicted (see Target.controlEvidence):
//
//   - a private endpoint or network isolation on a component that a
//     request from an untrusted zone reaches directly, not through a VPN
//     or SSH tunnel;
//   - authentication on a component (for every caller) or on a flow, where
//     a request reaches it stating no authentication;
//   - a secrets manager on a component that uses a secret kept in an
//     environment variable, a configuration file, CI variables or source;
//   - a data lifecycle promising encryption in transit for an asset that a
//     plaintext (or outdated TLS) flow carries.
func (a *analysis) contradictions() {
	ix := a.ix
	ix.contradicted = make(map[controlAt]bool)
	for _, f := range ix.flows {
		if f.ResponseTo() != nil {
			continue
		}
		d := f.Destination()
		if d == nil {
			continue
		}
		if Untrusted(f.Source()) && !tunnelled(f) {
			for _, ctl := range []threatmodel.Control{threatmodel.PrivateEndpoint, threatmodel.NetworkIsolation} {
				a.contradict(d, ctl, f, func() string {
					return "a request from " + f.Source().Name() + ", in an untrusted zone, reaches it directly over " + quote(f.Key())
				})
			}
		}
		if f.Authentication() == threatmodel.NoAuthentication {
			a.contradict(d, threatmodel.Authentication, f, func() string { return "the request " + quote(f.Key()) + " reaches it stating no authentication" })
			a.contradict(f, threatmodel.Authentication, f, func() string { return "the flow states no authentication" })
		}
	}
	for _, s := range ix.m.Secrets() {
		switch s.Storage() {
		case threatmodel.InEnvironment, threatmodel.InConfigFile, threatmodel.InCIVariables, threatmodel.InSourceCode:
		default:
			continue
		}
		for _, c := range s.UsedBy() {
			if ix.owns(c) {
				a.contradict(c, threatmodel.SecretsManager, s, func() string { return "it uses " + s.Path() + ", kept in " + s.Storage().String() })
			}
		}
	}
	promised := make(map[*threatmodel.Asset]*threatmodel.DataLifecycle)
	for _, as := range ix.m.Assets() {
		if lc := as.Lifecycle(); lc != nil && lc.TransitEncryption.Encrypted() {
			promised[as] = lc
		}
	}
	if len(promised) == 0 {
		return
	}
	// One pass over the flows and what they carry: linear in the model.
	for _, f := range ix.flows {
		e := f.Encryption()
		if e == 0 || e.Encrypted() && !e.Weak() {
			continue
		}
		for _, as := range carried(f) {
			lc, ok := promised[as]
			if !ok || e.Encrypted() && lc.TransitEncryption.Weak() {
				continue
			}
			a.findings = append(a.findings, &threatmodel.Finding{
				Code: threatmodel.CodeContradicted, Severity: threatmodel.SeverityGap,
				Path: as.Path() + ".lifecycle.transitEncryption", Pos: lc.Pos(), Subject: as,
				Message: "the lifecycle promises " + lc.TransitEncryption.String() + " in transit, but " + quote(f.Key()) +
					" carries the data with " + e.String() + ": encrypt the flow or correct the promise",
				Related: []threatmodel.Location{{Path: f.Path(), Pos: f.Pos()}},
			})
		}
	}
}

// tunnelled reports whether a flow enters through a VPN or an SSH tunnel:
// a private endpoint reached that way is still private.
func tunnelled(f *threatmodel.Flow) bool {
	return f.Encryption() == threatmodel.VPN || f.Encryption() == threatmodel.SSHTunnel
}

// contradict records that the structure (cause, declared at its own site)
// contradicts the control on el, if el states it, for the reason why gives: every declaration of the
// control there is reported, and the control stops counting at el.
func (a *analysis) contradict(el threatmodel.Element, ctl threatmodel.Control, cause threatmodel.Element, why func() string) {
	var src []threatmodel.ControlSource
	switch e := el.(type) {
	case *threatmodel.Component:
		src = e.ControlSources(ctl)
	case *threatmodel.Flow:
		src = e.ControlSources(ctl)
	}
	if len(src) == 0 {
		return
	}
	a.ix.contradicted[controlAt{el, ctl}] = true
	for _, s := range src {
		var subject threatmodel.Element = el
		path := el.Path() + ".controls"
		claim := ctl.String() + " stated on " + el.Path()
		if s.Mitigation != nil {
			subject, path = s.Mitigation, s.Mitigation.Path()+".implements"
			claim = "the mitigation " + quote(s.Mitigation.Name()) + " puts " + ctl.String() + " on " + el.Path()
		}
		a.findings = append(a.findings, &threatmodel.Finding{
			Code: threatmodel.CodeContradicted, Severity: threatmodel.SeverityGap,
			Path: path, Pos: s.Pos(), Subject: subject,
			Message: claim + ", but " + why() + ": it closes no threat there until the model or the claim is corrected",
			Related: []threatmodel.Location{{Path: cause.Path(), Pos: cause.Pos()}},
		})
	}
}
