package stride_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// escalationsOf returns the RCH004 findings of a role, as "path → target".
func escalationsOf(t *testing.T, m *tm.Model, r *tm.Role) []string {
	t.Helper()
	res, err := reach.Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.RoleFindings(r) {
		if f.Code == tm.CodeEscalation {
			out = append(out, f.Path+" → "+f.Target.Name())
		}
	}
	return out
}

// assumesOf returns the names of the roles reach says r can act as.
func assumesOf(t *testing.T, m *tm.Model, r *tm.Role) []string {
	t.Helper()
	res, err := reach.Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, o := range res.Role(r).Assumes {
		out = append(out, o.Name())
	}
	return out
}

// TestImpersonationAgreesWithReach: serviceaccounts:impersonate on another
// role is role chaining for stride (TW-E-002) and an edge reach follows
// (the role acts as the other and escalates through it, RCH004).
func TestImpersonationAgreesWithReach(t *testing.T) {
	f := newFx()
	api, db := f.api(), f.db()
	app := f.m.Role("App service account")
	admin := f.m.Role("Admin service account")
	admin.Allow(db, "dynamodb:DeleteTable")
	app.Allow(admin, "serviceaccounts:impersonate")
	api.RunsAs(app)
	r := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-E-002")))
	if th, ok := r.Threat("TW-E-002@API (Admin service account)"); !ok || th.Status != stride.Open {
		t.Errorf("stride: TW-E-002 through impersonation = %v (found %v), want open; got %q", th.Status, ok, byRule(r, "TW-E-002"))
	}
	if got := assumesOf(t, f.m, app); !slices.Equal(got, []string{"Admin service account"}) {
		t.Errorf("reach: the app service account acts as %v, want [Admin service account]", got)
	}
	if got := escalationsOf(t, f.m, app); len(got) != 1 || !strings.HasSuffix(got[0], "→ Admin service account") {
		t.Errorf("reach: escalations %v, want one to the admin service account", got)
	}
}

// TestPassRoleAloneIsNotAdminNorEscalation: iam:PassRole alone hands a
// role to nothing that runs: it is not "administer", stride derives no
// TW-E-008, and reach follows no edge.
func TestPassRoleAloneIsNotAdminNorEscalation(t *testing.T) {
	if acc := tm.ActionAccess("iam:PassRole"); acc&tm.Admin != 0 || acc != tm.Pass {
		t.Errorf("ActionAccess(iam:PassRole) = %s, want pass", acc)
	}
	f := newFx()
	api, db := f.api(), f.db()
	admin := f.m.Role("Admin role")
	admin.Allow(db, "dynamodb:DeleteTable")
	app := f.m.Role("App role")
	app.Allow(admin, "iam:PassRole")
	api.RunsAs(app)
	if got := byRule(analyze(t, f.m), "TW-E-008"); len(got) != 0 {
		t.Errorf("stride: iam:PassRole alone derived %q", got)
	}
	if got := assumesOf(t, f.m, app); len(got) != 0 {
		t.Errorf("reach: iam:PassRole alone acts as %v", got)
	}
	if got := escalationsOf(t, f.m, app); len(got) != 0 {
		t.Errorf("reach: iam:PassRole alone escalates: %v", got)
	}
}

// passAndLaunch declares a role that may pass an admin role and create
// functions, with an optional permission boundary.
func passAndLaunch(boundary func(*fx, *tm.Guardrail)) (*fx, *tm.Role) {
	f := newFx()
	api, db := f.api(), f.db()
	admin := f.m.Role("Admin role")
	admin.Allow(db, "dynamodb:DeleteTable")
	var opts []tm.RoleOption
	if boundary != nil {
		g := f.m.Guardrail("Deploy boundary", tm.Note("the boundary under test"))
		boundary(f, g)
		opts = append(opts, tm.WithPermissionBoundary(g))
	}
	app := f.m.Role("App role", opts...)
	app.Allow(admin, "iam:PassRole")
	app.Allow(tm.AnyResource(), "lambda:CreateFunction")
	api.RunsAs(app)
	return f, app
}

// TestPassRoleWithCreateFunctionEscalates: iam:PassRole together with
// lambda:CreateFunction is an escalation for stride (TW-E-008, chaining
// TW-E-002) and for reach (the role acts as the passed role, RCH004).
func TestPassRoleWithCreateFunctionEscalates(t *testing.T) {
	f, app := passAndLaunch(nil)
	r := analyze(t, f.m)
	if th, ok := r.Threat("TW-E-008@API (App role)"); !ok || th.Status != stride.Open {
		t.Errorf("stride: TW-E-008 = %v (found %v), want open", th.Status, ok)
	}
	if _, ok := r.Threat("TW-E-002@API (Admin role)"); !ok {
		t.Errorf("stride: no role chaining to the passed role; got %q", byRule(r, "TW-E-002"))
	}
	if got := escalationsOf(t, f.m, app); !slices.Equal(got, []string{`roles["App role"].permissions[0] → Admin role`}) {
		t.Errorf("reach: escalations %v, want the PassRole statement to the admin role", got)
	}
}

// TestBoundaryDecidesEscalation: a permission boundary that does not take
// the escalation away leaves TW-E-008 open and reach's RCH004 in place;
// one that denies iam:PassRole closes TW-E-008, names the boundary as
// evidence, and reach finds no escalation.
func TestBoundaryDecidesEscalation(t *testing.T) {
	t.Run("boundary that leaves the escalation", func(t *testing.T) {
		f, app := passAndLaunch(func(f *fx, g *tm.Guardrail) { g.Deny(tm.AnyResource(), "s3:*", "iam:CreateUser") })
		r := analyze(t, f.m)
		if th, ok := r.Threat("TW-E-008@API (App role)"); !ok || th.Status != stride.Open {
			t.Errorf("stride: TW-E-008 = %v (found %v, evidence %v), want open", th.Status, ok, th.Evidence)
		}
		if got := escalationsOf(t, f.m, app); len(got) != 1 {
			t.Errorf("reach: escalations %v, want RCH004 to the admin role", got)
		}
	})
	t.Run("boundary that denies passing roles", func(t *testing.T) {
		f, app := passAndLaunch(func(f *fx, g *tm.Guardrail) { g.Deny(tm.AnyResource(), "iam:PassRole") })
		r := analyze(t, f.m)
		th, ok := r.Threat("TW-E-008@API (App role)")
		if !ok || th.Status != stride.Mitigated || !strings.Contains(props(th), `"Deploy boundary"`) {
			t.Errorf("stride: TW-E-008 = %v (found %v, evidence %v), want mitigated by the boundary", th.Status, ok, th.Evidence)
		}
		if got := escalationsOf(t, f.m, app); len(got) != 0 {
			t.Errorf("reach: escalations %v, want none", got)
		}
	})
	t.Run("boundary that allows only creating functions", func(t *testing.T) {
		f, app := passAndLaunch(func(f *fx, g *tm.Guardrail) { g.Allow(tm.AnyResource(), "lambda:*") })
		if th, ok := analyze(t, f.m).Threat("TW-E-008@API (App role)"); !ok || th.Status != stride.Mitigated {
			t.Errorf("stride: TW-E-008 = %v (found %v), want mitigated", th.Status, ok)
		}
		if got := escalationsOf(t, f.m, app); len(got) != 0 {
			t.Errorf("reach: escalations %v, want none", got)
		}
	})
}
