package reach_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	serverlessexample "github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// A person is an insider: their own flows let them in with the credentials
// they hold, whatever the flow's authentication, at the Low likelihood of
// the assumption. An entity that is not a person is no insider.
func TestHumanInsiderSource(t *testing.T) {
	for _, human := range []bool{true, false} {
		w := newWeb(webOpts{auth: tm.ClientCertificate, extraDeclar: func(w *web) {
			var opts []tm.ComponentOption
			if human {
				opts = append(opts, tm.Is(tm.Human))
			}
			admin := w.m.ExternalEntity("Administrator", w.vpc, opts...)
			w.m.Flow(admin, w.app, "Administer", tm.Encrypted(tm.TLS13), tm.AuthN(tm.Password), tm.Controls(tm.MFA))
		}})
		paths := analyze(t, w.m).PathsToAsset(w.customers)
		if !human {
			if len(paths) != 0 {
				t.Errorf("no person, no insider: paths %v", pathStrings(paths))
			}
			continue
		}
		if len(paths) == 0 {
			t.Fatal("no insider path")
		}
		want := []string{
			"start at Administrator: insider (Low)",
			`Administrator → Web app over "Administer": insider access (High)`,
			"take over Web app: missing input validation (High)",
			`Web app → Customers as "Web role": identity access (High)`,
		}
		if diff := cmp.Diff(want, stepStrings(paths[0])); diff != "" {
			t.Errorf("insider path (-want +got):\n%s", diff)
		}
		if paths[0].Source == nil || paths[0].Source.Name() != "Administrator" || paths[0].Likelihood != tm.Low {
			t.Errorf("source %v likelihood %s", paths[0].Source, paths[0].Likelihood)
		}
	}
}

// A dependency a process is built from starts a path at the process, as
// likely as its pinning and verification allow; a CI/CD pipeline without
// one starts as a compromised pipeline. A process built from nothing
// declared does not start one.
func TestSupplyChainSources(t *testing.T) {
	tests := []struct {
		name string
		dep  func(w *web)
		want string // first step of the path to the customers; "" for none
	}{
		{"no dependency", nil, ""},
		{"unpinned, unverified package", func(w *web) {
			w.m.Dependency("left-pad", tm.Package, tm.Pinned(tm.Unpinned, "latest"), tm.UsedBy(w.app))
		}, `start at Web app through "left-pad": compromised dependency (Medium)`},
		{"package in a lock file", func(w *web) {
			w.m.Dependency("left-pad", tm.Package, tm.Pinned(tm.LockFile, "package-lock.json"), tm.UsedBy(w.app))
		}, `start at Web app through "left-pad": compromised dependency (Low)`},
		{"pipeline", func(w *web) {
			ci := w.m.Process("CI", w.vpc, tm.Is(tm.Pipeline))
			deploy := w.m.Role("Deploy")
			deploy.Allow(w.app, "lambda:UpdateFunctionCode")
			ci.RunsAs(deploy)
		}, "start at CI: compromised pipeline (Low)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWeb(webOpts{auth: tm.ClientCertificate, extraDeclar: tt.dep})
			paths := analyze(t, w.m).PathsToAsset(w.customers)
			if tt.want == "" {
				if len(paths) != 0 {
					t.Errorf("paths %v, want none", pathStrings(paths))
				}
				return
			}
			if len(paths) == 0 {
				t.Fatal("no path")
			}
			if got := paths[0].Steps[0].String(); got != tt.want {
				t.Errorf("first step %q, want %q", got, tt.want)
			}
		})
	}
}

// The serverless example: an operator who merges and releases runs the
// deploy pipeline, whose role replaces the Lambda's code (RCH004), and the
// Lambda reaches the user data. The takeover is a step of its own, and the
// path counts as an escalation.
func TestServerlessExampleOperatorTakesOverLambda(t *testing.T) {
	m := serverlessexample.Model()
	res := analyze(t, m)
	var userData *tm.Asset
	for _, a := range m.Assets() {
		if a.Name() == "User data in DynamoDB" {
			userData = a
		}
	}
	paths := res.PathsToAsset(userData)
	i := slices.IndexFunc(paths, func(p reach.AttackPath) bool {
		return p.String() == "Operator → Deploy pipeline → Lambda → User data in DynamoDB"
	})
	if i < 0 {
		t.Fatalf("no operator takeover path among %v", pathStrings(paths))
	}
	p := paths[i]
	want := []string{
		"start at Operator: insider (Low)",
		`Operator → Deploy pipeline over "Merge and release": insider access (High)`,
		"take over Deploy pipeline: pipeline input (Low)",
		`take over Lambda from Deploy pipeline through "Deploy role" (lambda:UpdateFunctionCode, lambda:UpdateFunctionConfiguration): escalation RCH004 technique lambda-003 (High)`,
		"Lambda → User data in DynamoDB: held asset (High)",
	}
	if diff := cmp.Diff(want, stepStrings(p)); diff != "" {
		t.Errorf("operator path (-want +got):\n%s", diff)
	}
	if s := p.Steps[3]; s.Kind != reach.StepTakeover || s.Permission == nil || s.Role == nil || s.Role.Name() != "Deploy role" {
		t.Errorf("takeover step %+v", s)
	}
	if !p.Escalates() || !slices.ContainsFunc(res.EscalationPaths(), func(q reach.AttackPath) bool { return q.String() == p.String() }) {
		t.Error("the path should count among the escalation paths")
	}
	// Quiet: a path without a takeover does not escalate.
	for _, q := range res.Paths {
		if q.Escalates() != slices.ContainsFunc(q.Steps, func(s reach.Step) bool { return s.Kind == reach.StepTakeover }) {
			t.Errorf("Escalates disagrees with the steps of %s", q.String())
		}
	}
}
