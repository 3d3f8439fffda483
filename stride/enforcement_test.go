package stride_test

import (
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/agent/agent"
	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestControlCoversItsPopulation: MFA for operators does not protect
// customers. The compromised-credentials threat on the customer's sign-in
// stays open while MFA covers only the operator, and closes when it covers
// the customer too.
func TestControlCoversItsPopulation(t *testing.T) {
	build := func(forCustomer bool) (*tm.Model, *tm.Component) {
		f := newFx()
		user := f.user()
		operator := f.m.ExternalEntity("Operator", f.internet, tm.Is(tm.Human))
		mfa := tm.Controls(tm.MFA).For(operator)
		if forCustomer {
			mfa = tm.Controls(tm.MFA).For(operator, user)
		}
		api := f.api(mfa)
		f.call(user, api, "Sign-in", tm.AuthN(tm.Password))
		f.call(operator, api, "Admin sign-in", tm.AuthN(tm.Password))
		return f.m, api
	}
	only := stride.OnlyRules(ruleByID(t, "TW-S-003"))
	m, api := build(false)
	r := analyze(t, m, only)
	if th, _ := r.Threat("TW-S-003@User → API: Sign-in"); th.Status != stride.Open {
		t.Errorf("customer sign-in is %v with MFA for operators only, want Open (evidence %v)", th.Status, th.Evidence)
	}
	op, _ := r.Threat("TW-S-003@Operator → API: Admin sign-in")
	if op.Status != stride.Mitigated || len(op.Evidence) != 1 || op.Evidence[0].Control != tm.MFA ||
		op.Evidence[0].EnforcedAt != api || op.Evidence[0].DeclaredAt != api.Pos() {
		t.Errorf("operator sign-in: %v, evidence %+v; want MFA enforced at the API, declared with it", op.Status, op.Evidence)
	}
	m, _ = build(true)
	r = analyze(t, m, only)
	if th, _ := r.Threat("TW-S-003@User → API: Sign-in"); th.Status != stride.Mitigated {
		t.Errorf("customer sign-in is %v with MFA for customers, want Mitigated", th.Status)
	}
}

// TestAuditLoggingNeedsATrail: a self-declared AuditLogging closes a
// repudiation threat only where the element's events reach a store that
// holds audit logs, through a flow or AuditedIn.
func TestAuditLoggingNeedsATrail(t *testing.T) {
	only := stride.OnlyRules(ruleByID(t, "TW-R-008"))
	const id = "TW-R-008@API → DB: Write"
	cases := []struct {
		name  string
		build func(f *fx)
		want  stride.Status
	}{
		{"label only", func(f *fx) {
			f.call(f.api(tm.Controls(tm.AuditLogging)), f.db(), "Write")
		}, stride.Open},
		{"flow to a log store", func(f *fx) {
			api := f.api(tm.Controls(tm.AuditLogging))
			f.call(api, f.db(), "Write")
			f.call(api, f.logs(), "Audit events")
		}, stride.Mitigated},
		{"audited in a trail", func(f *fx) {
			trail := f.logs()
			api := f.api(tm.Controls(tm.AuditLogging))
			api.AuditedIn(trail)
			f.call(api, f.db(), "Write")
		}, stride.Mitigated},
		{"flow to a store that holds no logs", func(f *fx) {
			api := f.api(tm.Controls(tm.AuditLogging))
			f.call(api, f.db(), "Write")
			f.call(api, f.m.DataStore("Cache", f.data, tm.Is(tm.Database)), "Cache")
		}, stride.Open},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFx()
			c.build(f)
			th, ok := analyze(t, f.m, only).Threat(id)
			if !ok || th.Status != c.want {
				t.Errorf("%s is %v (evidence %v), want %v", id, th.Status, th.Evidence, c.want)
			}
		})
	}
	// AuditedIn of a store that holds no audit logs is refused.
	f := newFx()
	f.api().AuditedIn(f.db())
	found := false
	for _, fi := range f.m.Findings() {
		found = found || fi.Code == tm.CodeInvalidValue && strings.HasSuffix(fi.Path, ".auditedIn")
	}
	if !found {
		t.Error("AuditedIn(a database) should be TM005")
	}
}

// TestEnforcementPoint: a rule's control counts only where the rule says it
// is enforced. A rule enforced at the receiver is not closed by the
// control on the sender, and is by the same control on the receiver.
func TestEnforcementPoint(t *testing.T) {
	rule := stride.Rule{ID: "X-T-1", Category: stride.Tampering, Title: "Unsigned artifact run",
		Kinds: []tm.Kind{tm.DataFlow}, Enforced: stride.EnforcedAtReceiver,
		MitigatedBy: []tm.Control{tm.SignedArtifacts}, Match: func(*stride.Target) bool { return true }}
	build := func(atSender bool) *tm.Model {
		f := newFx()
		ci := f.m.Process("CI", f.ops, tm.Is(tm.Pipeline))
		fn := f.api()
		if atSender {
			ci = f.m.Process("CI signed", f.ops, tm.Is(tm.Pipeline), tm.Controls(tm.SignedArtifacts))
		} else {
			fn = f.m.Process("Verifier", f.app, tm.Controls(tm.SignedArtifacts))
		}
		f.call(ci, fn, "Deploy")
		return f.m
	}
	r := analyze(t, build(true), stride.OnlyRules(rule))
	if len(r.Threats) != 1 || r.Threats[0].Status != stride.Open {
		t.Errorf("signing at the sender only: %v, want Open", r.Threats)
	}
	r = analyze(t, build(false), stride.OnlyRules(rule))
	var closed int
	for _, th := range r.Threats {
		if th.Status == stride.Mitigated {
			closed++
			if th.Evidence[0].EnforcedAt != th.Flow.Destination() {
				t.Errorf("%s: evidence enforced at %v, want the receiver", th.ID, th.Evidence[0].EnforcedAt)
			}
		}
	}
	if closed != 1 {
		t.Errorf("verification at the receiver closes %d threats, want 1", closed)
	}
	if got := rule.EnforcedAt().String(); got != "the receiver or the flow" {
		t.Errorf("EnforcedAt() = %q", got)
	}
	bad := rule
	bad.Enforced = 99
	if _, err := stride.Analyze(tm.New("x"), stride.OnlyRules(bad)); err == nil {
		t.Error("an invalid enforcement point should be an error")
	}
}

// TestCodeReplacementNeedsVerificationAtTheFunction: the pipeline signs
// its artifacts, but the function runs whatever it is given: the code
// replacement threat stays open until the function verifies signatures.
func TestCodeReplacementNeedsVerificationAtTheFunction(t *testing.T) {
	build := func(verifies bool) *tm.Model {
		f := newFx()
		var opts []tm.ComponentOption
		if verifies {
			opts = append(opts, tm.Controls(tm.SignedArtifacts))
		}
		api := f.api(opts...)
		ci := f.m.Process("CI", f.ops, tm.Is(tm.Pipeline), tm.Controls(tm.SignedArtifacts))
		r := f.m.Role("Deploy role")
		r.Allow(api, "lambda:UpdateFunctionCode")
		ci.RunsAs(r)
		f.call(ci, api, "Update function code", tm.Controls(tm.SignedArtifacts))
		return f.m
	}
	only := stride.OnlyRules(ruleByID(t, "TW-T-010"))
	const id = "TW-T-010@API (Deploy role)"
	if th, _ := analyze(t, build(false), only).Threat(id); th.Status != stride.Open {
		t.Errorf("signed in the pipeline only: %v (evidence %v), want Open", th.Status, th.Evidence)
	}
	th, _ := analyze(t, build(true), only).Threat(id)
	if th.Status != stride.Mitigated || len(th.Evidence) != 1 || th.Evidence[0].EnforcedAt.Name() != "API" {
		t.Errorf("verified at the function: %v, evidence %v; want Mitigated at the API", th.Status, th.Evidence)
	}
}

// TestEveryClosedThreatHasEvidence: on both examples, every mitigated
// threat says why, and each control it cites is enforced at an element and
// declared somewhere.
func TestEveryClosedThreatHasEvidence(t *testing.T) {
	for name, m := range map[string]*tm.Model{"serverless": serverless.Model(), "platform": platform.Model(), "agent": agent.Model()} {
		r := analyze(t, m)
		closed := 0
		for _, th := range r.Threats {
			if th.Status != stride.Mitigated {
				continue
			}
			closed++
			if len(th.Evidence) == 0 {
				t.Errorf("%s: %s is mitigated without evidence", name, th.ID)
			}
			for _, e := range th.Evidence {
				if e.Control != 0 && (e.EnforcedAt == nil || !e.DeclaredAt.IsValid()) {
					t.Errorf("%s: %s cites %v enforced at %v, declared at %v", name, th.ID, e.Control, e.EnforcedAt, e.DeclaredAt)
				}
				if e.Control == 0 && e.Mitigation == nil && e.Property == "" {
					t.Errorf("%s: %s has empty evidence", name, th.ID)
				}
			}
		}
		if closed == 0 {
			t.Errorf("%s: no mitigated threat: the test proves nothing", name)
		}
	}
}

// TestSecretInEnvironmentNotClosedByScrubbing: log scrubbing and error
// sanitization close two of the ways a secret leaves the environment, not a
// child process or a dependency reading it: the threat stays open.
func TestSecretInEnvironmentNotClosedByScrubbing(t *testing.T) {
	f := newFx()
	api := f.api(tm.Controls(tm.LogScrubbing, tm.ErrorSanitization))
	f.m.Secret("DB password", tm.Stored(tm.InEnvironment), tm.UsedBy(api))
	th, ok := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-I-102"))).Threat("TW-I-102@API (DB password)")
	if !ok || th.Status != stride.Open {
		t.Errorf("TW-I-102 is %v (evidence %v), want Open", th.Status, th.Evidence)
	}
}

// TestObjectLevelAuthorizationAtTheService: the caller's permission to
// invoke the service (authorization on the flow) does not say whose records
// it returns; the service's own authorization, or an object-level scheme on
// the flow, does.
func TestObjectLevelAuthorizationAtTheService(t *testing.T) {
	only := stride.OnlyRules(ruleByID(t, "TW-I-009"))
	const id = "TW-I-009@User → API: Request"
	cases := []struct {
		name string
		api  []tm.ComponentOption
		flow []tm.FlowOption
		want stride.Status
	}{
		{"authorization on the flow only", nil, []tm.FlowOption{tm.Controls(tm.Authorization)}, stride.Open},
		{"authorization at the service", []tm.ComponentOption{tm.Controls(tm.Authorization)}, nil, stride.Mitigated},
		{"object-level scheme on the flow", nil, []tm.FlowOption{tm.AuthZ(tm.ResourceOwner)}, stride.Mitigated},
	}
	for _, c := range cases {
		f := newFx()
		req := f.call(f.user(), f.api(c.api...), "Request", c.flow...)
		f.m.Response(req, "Result", tm.Carries(f.record))
		if th, _ := analyze(t, f.m, only).Threat(id); th.Status != c.want {
			t.Errorf("%s: %v (evidence %v), want %v", c.name, th.Status, th.Evidence, c.want)
		}
	}
}

// TestCodeReplacementFollowsEffectiveWorkloadRights: TW-T-010 follows the
// roles whose effective permissions change the process's code or
// configuration; a role that may only call it, or whose boundary takes the
// update away, does not replace it.
func TestCodeReplacementFollowsEffectiveWorkloadRights(t *testing.T) {
	only := stride.OnlyRules(ruleByID(t, "TW-T-010"))
	const id = "TW-T-010@API (Deploy role)"
	build := func(actions []string, bounded bool) *tm.Model {
		f := newFx()
		api := f.api()
		ci := f.m.Process("CI", f.ops, tm.Is(tm.Pipeline))
		var opts []tm.RoleOption
		if bounded {
			g := f.m.Guardrail("No code updates")
			g.Deny(tm.AnyResource(), "lambda:UpdateFunctionCode")
			opts = append(opts, tm.WithPermissionBoundary(g))
		}
		r := f.m.Role("Deploy role", opts...)
		r.Allow(api, actions...)
		ci.RunsAs(r)
		return f.m
	}
	if _, ok := analyze(t, build([]string{"lambda:UpdateFunctionCode"}, false), only).Threat(id); !ok {
		t.Error("a role that updates the function's code does not derive TW-T-010")
	}
	if th, ok := analyze(t, build([]string{"lambda:InvokeFunction"}, false), only).Threat(id); ok {
		t.Errorf("a role that only invokes the function derives %s", th.ID)
	}
	if th, ok := analyze(t, build([]string{"lambda:UpdateFunctionCode"}, true), only).Threat(id); ok {
		t.Errorf("a boundary that denies the update still derives %s", th.ID)
	}
}

// TestHasHonoursContradictions: a rule's property that asks Target.Has
// (an unstated authentication read from the receiver's Authentication
// control) no longer counts a control the model's structure contradicts.
func TestHasHonoursContradictions(t *testing.T) {
	only := stride.OnlyRules(ruleByID(t, "TW-S-001"))
	const id = "TW-S-001@User → API: Request"
	build := func(openRoute bool) *tm.Model {
		f := newFx()
		user, api := f.user(), f.api(tm.Controls(tm.Authentication))
		f.m.Flow(user, api, "Request", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.Carries(f.record))
		if openRoute {
			f.m.Flow(user, api, "Health", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.NoAuthentication))
		}
		return f.m
	}
	if th, _ := analyze(t, build(false), only).Threat(id); th.Status != stride.Mitigated {
		t.Errorf("with the Authentication control: %v, want Mitigated", th.Status)
	}
	if th, _ := analyze(t, build(true), only).Threat(id); th.Status != stride.Open {
		t.Errorf("with the control contradicted by an unauthenticated route: %v (evidence %v), want Open", th.Status, th.Evidence)
	}
}
