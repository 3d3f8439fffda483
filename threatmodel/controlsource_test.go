package threatmodel_test

import (
	"testing"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestControlSources checks where each control of an element comes from,
// whom it covers, and that a control limited to some principals is not a
// control for everyone.
func TestControlSources(t *testing.T) {
	m := tm.New("Sources")
	inet := m.Zone("Internet", tm.Untrusted)
	app := m.Zone("App", tm.Trusted)
	customer := m.ExternalEntity("Customer", inet)
	operator := m.ExternalEntity("Operator", inet)
	idp := m.Process("Identity provider", app, tm.Controls(tm.RateLimiting), tm.Controls(tm.MFA).For(operator))
	mi := m.Mitigation("Audit trail", tm.Implements(tm.AuditLogging), tm.On(idp))
	sso := m.Mitigation("Operator SSO", tm.Implements(tm.Authentication), tm.On(idp), tm.Covers(operator))
	m.Flow(customer, idp, "Sign in")

	if !idp.Has(tm.RateLimiting) || !idp.Has(tm.AuditLogging) {
		t.Error("controls for every caller should be present")
	}
	if idp.Has(tm.MFA) || idp.Has(tm.Authentication) {
		t.Error("a control limited to the operator is not a control for every caller")
	}
	if !idp.HasFor(tm.MFA, operator) || idp.HasFor(tm.MFA, customer) || idp.HasFor(tm.MFA, nil) {
		t.Error("MFA covers the operator only")
	}
	if !idp.HasFor(tm.Authentication, operator) || idp.HasFor(tm.Authentication, customer) {
		t.Error("the SSO mitigation covers the operator only")
	}
	if !idp.HasFor(tm.RateLimiting, customer) {
		t.Error("an unlimited control covers every principal")
	}
	want := []tm.Control{tm.Authentication, tm.MFA, tm.RateLimiting, tm.AuditLogging}
	got := idp.Controls()
	for _, c := range want {
		found := false
		for _, g := range got {
			found = found || g == c
		}
		if !found {
			t.Errorf("Controls() = %v, missing %v", got, c)
		}
	}
	src := idp.ControlSources(tm.AuditLogging)
	if len(src) != 1 || src[0].Mitigation != mi || src[0].Pos() != mi.Pos() || len(src[0].For) != 0 {
		t.Errorf("AuditLogging source = %+v, want the mitigation at %v", src, mi.Pos())
	}
	src = idp.ControlSources(tm.MFA)
	if len(src) != 1 || src[0].Mitigation != nil || src[0].Pos() != idp.Pos() || len(src[0].For) != 1 || src[0].For[0] != operator {
		t.Errorf("MFA source = %+v, want the component's own declaration for the operator", src)
	}
	if src := idp.ControlSources(tm.Authentication); len(src) != 1 || src[0].Mitigation != sso {
		t.Errorf("Authentication source = %+v", src)
	}
	if n := len(idp.ControlSources(0)); n != 4 {
		t.Errorf("ControlSources(0) has %d sources, want 4", n)
	}
}

// TestControlsForForeignPrincipal reports a principal of another model and
// covers nobody rather than everybody.
func TestControlsForForeignPrincipal(t *testing.T) {
	other := tm.New("Other")
	stranger := other.ExternalEntity("Stranger", other.Zone("Z", tm.Untrusted))
	m := tm.New("Scoped")
	p := m.Process("P", m.Zone("App", tm.Trusted), tm.Controls(tm.MFA).For(stranger))
	if p.Has(tm.MFA) || p.HasFor(tm.MFA, stranger) {
		t.Error("a control for a foreign principal must cover nobody")
	}
	found := false
	for _, f := range m.Findings() {
		found = found || f.Code == tm.CodeForeignElement
	}
	if !found {
		t.Error("want TM004 for the foreign principal")
	}
}
