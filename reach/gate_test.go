package reach_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	serverlessexample "github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

func TestGateBoundaries(t *testing.T) {
	w := newWeb(webOpts{})
	res := analyze(t, w.m)
	type view struct {
		Zone            string
		Crossings       int
		Unauthenticated []string
		Asset           string
	}
	var got []view
	for _, b := range res.Gate.Boundaries {
		v := view{Zone: b.Zone.Name(), Crossings: len(b.Crossings)}
		for _, f := range b.Unauthenticated {
			v.Unauthenticated = append(v.Unauthenticated, f.Key())
		}
		if b.Asset != nil {
			v.Asset = b.Asset.Name()
			if b.Path == nil || b.Path.Asset != b.Asset {
				t.Errorf("%s: the path should reach the boundary's asset", b.Zone.Name())
			}
		}
		got = append(got, v)
	}
	want := []view{
		{Zone: "Data", Crossings: 2, Asset: "Customers"},
		{Zone: "Internet", Crossings: 1},
		{Zone: "VPC", Crossings: 1, Unauthenticated: []string{"User → Web app: Request"}, Asset: "Keys"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("boundaries (-want +got):\n%s", diff)
	}
	vpc := res.Gate.Boundaries[2]
	if !strings.Contains(vpc.Worst, `over "User → Web app: Request" (unauthenticated flow)`) ||
		!strings.Contains(vpc.Worst, `reaches Keys (Very High value, Critical)`) {
		t.Errorf("Worst = %q", vpc.Worst)
	}
	if internet := res.Gate.Boundaries[1]; internet.Worst != "No attack path enters it; 1 flow crosses it." {
		t.Errorf("Internet: %q", internet.Worst)
	}
}

func TestGateBoundaryWithoutPaths(t *testing.T) {
	m := tm.New("m")
	out := m.Zone("Outside", tm.Untrusted)
	in := m.Zone("Inside", tm.Trusted)
	idle := m.Zone("Idle", tm.Trusted)
	p := m.Process("P", out)
	q := m.Process("Q", in)
	m.Process("R", idle)
	m.Flow(q, p, "Report", tm.AuthN(tm.NoAuthentication), tm.Encrypted(tm.Plaintext))
	m.Flow(p, q, "Command", tm.AuthN(tm.NoAuthentication), tm.Encrypted(tm.TLS13))
	res := analyze(t, m)
	byZone := make(map[string]reach.BoundaryAnswer)
	for _, b := range res.Gate.Boundaries {
		byZone[b.Zone.Name()] = b
	}
	if got := byZone["Idle"].Worst; got != "No flow crosses it." {
		t.Errorf("Idle: %q", got)
	}
	inside := byZone["Inside"]
	if len(inside.Unencrypted) != 1 || inside.Unencrypted[0].Name() != "Report" || len(inside.Unauthenticated) != 1 {
		t.Errorf("Inside: unencrypted %v unauthenticated %v", inside.Unencrypted, inside.Unauthenticated)
	}
	if !strings.HasPrefix(byZone["Outside"].Worst, "No attack path enters it, but 1 request without authentication") {
		t.Errorf("Outside: %q", byZone["Outside"].Worst)
	}
}

func TestGateCoverage(t *testing.T) {
	s := newServerless(serverlessOpts{})
	g := analyze(t, s.m).Gate
	// Infrastructure: Cognito, API Gateway, DynamoDB, CloudWatch Logs, IAM;
	// application: Lambda. Paths pass API Gateway, DynamoDB and CloudWatch
	// Logs; Cognito (MFA) and IAM (validates, holds nothing) stay off them.
	wantInfra := reach.Coverage{Components: 5, WithControls: 5, WithIdentity: 1, OnAttackPaths: 3}
	wantApp := reach.Coverage{Components: 1, WithControls: 1, WithIdentity: 1, OnAttackPaths: 1}
	if diff := cmp.Diff(wantInfra, g.Infrastructure); diff != "" {
		t.Errorf("infrastructure (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantApp, g.Application); diff != "" {
		t.Errorf("application (-want +got):\n%s", diff)
	}
}

// The same model declared in another order gives the same result.
func TestDeterministicAcrossDeclarationOrder(t *testing.T) {
	build := func(reverse bool) *tm.Model {
		m := tm.New("Order")
		internet := m.Zone("Internet", tm.Untrusted)
		acct := m.Zone("Account", tm.Trusted, tm.ContainsBlastRadius())
		a := m.DataAsset("A", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
		b := m.DataAsset("B", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
		u1 := m.ExternalEntity("Alice", internet)
		u2 := m.ExternalEntity("Bob", internet)
		var p1, p2, s1, s2 *tm.Component
		if reverse {
			s2 = m.DataStore("Store 2", acct, tm.Stores(b, a))
			s1 = m.DataStore("Store 1", acct, tm.Stores(a))
			p2 = m.Process("Proc 2", acct)
			p1 = m.Process("Proc 1", acct)
		} else {
			p1 = m.Process("Proc 1", acct)
			p2 = m.Process("Proc 2", acct)
			s1 = m.DataStore("Store 1", acct, tm.Stores(a))
			s2 = m.DataStore("Store 2", acct, tm.Stores(b, a))
		}
		flows := []func(){
			func() { m.Flow(u1, p1, "Call", tm.AuthN(tm.NoAuthentication)) },
			func() { m.Flow(u2, p2, "Call", tm.AuthN(tm.NoAuthentication)) },
			func() { m.Flow(u1, p2, "Call", tm.AuthN(tm.NoAuthentication)) },
			func() { m.Flow(p1, s1, "Write", tm.AuthN(tm.IAMSignature)) },
			func() { m.Flow(p2, s2, "Write", tm.AuthN(tm.IAMSignature)) },
			func() { m.Flow(p1, s2, "Write", tm.AuthN(tm.IAMSignature)) },
		}
		if reverse {
			for i := len(flows) - 1; i >= 0; i-- {
				flows[i]()
			}
		} else {
			for _, f := range flows {
				f()
			}
		}
		r1, r2, r3 := m.Role("R1"), m.Role("R2"), m.Role("R3")
		r1.Allow(s1, "s3:GetObject")
		r2.Allow(s2, "s3:*")
		r3.Allow(tm.AnyResource(), "s3:GetObject")
		if reverse {
			r1.CanAssume(r3, r2)
		} else {
			r1.CanAssume(r2, r3)
		}
		p1.RunsAs(r1)
		p2.RunsAs(r2)
		return m
	}
	a, b := describe(analyze(t, build(false))), describe(analyze(t, build(true)))
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("results differ with declaration order (-forward +reverse):\n%s", diff)
	}
}

// PathsOver gives the paths that cross a flow, the worst outcome first;
// a flow no path crosses gives none.
func TestPathsOverWorstOutcome(t *testing.T) {
	w := newWeb(webOpts{})
	res := analyze(t, w.m)
	over := res.PathsOver(w.request)
	if len(over) == 0 || over[0].Asset != w.keys {
		t.Fatalf("paths over the request: %v, want Keys first", pathStrings(over))
	}
	if got := res.PathsOver(w.lg); len(got) != 0 && got[0].Asset == w.keys {
		t.Errorf("the log flow reaches no key: %v", pathStrings(got))
	}
	w = newWeb(webOpts{auth: tm.ClientCertificate})
	if got := analyze(t, w.m).PathsOver(w.request); len(got) != 0 {
		t.Errorf("an authenticated request without a weakness: %v", pathStrings(got))
	}
}

// Gate question 3 compares the share of threats left open or accepted on
// infrastructure and on application components, from the STRIDE report.
func TestGateCoverageShares(t *testing.T) {
	m := serverlessexample.Model()
	if g := analyze(t, m).Gate; g.Coverage != "" || g.Infrastructure.Threats != 0 {
		t.Errorf("without a report: %q %+v", g.Coverage, g.Infrastructure)
	}
	rep, err := stride.Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	g := analyze(t, m, reach.WithThreats(rep)).Gate
	in, ap := g.Infrastructure, g.Application
	if in.Threats == 0 || ap.Threats == 0 || in.Open+in.Accepted+in.Mitigated != in.Threats || ap.Open+ap.Accepted+ap.Mitigated != ap.Threats {
		t.Fatalf("counts %+v %+v", in, ap)
	}
	wantSame := in.Unmitigated() <= ap.Unmitigated()
	if g.SameCoverage != wantSame || !strings.Contains(g.Coverage, "% of") {
		t.Errorf("same %v (want %v): %q", g.SameCoverage, wantSame, g.Coverage)
	}
	// Accepting every application threat's risk away is not coverage: the
	// share compares statuses, not whether a rule fired.
	if (reach.Coverage{Threats: 4, Accepted: 2, Mitigated: 2}).Unmitigated() != 50 || (reach.Coverage{}).Unmitigated() != 0 {
		t.Error("Unmitigated")
	}
}

// PathsOver agrees with the steps of Paths on every flow of a larger
// model: each path that crosses the flow, once, in the order of Paths.
func TestPathsOverEveryFlow(t *testing.T) {
	m := synthModel(300)
	res, err := reach.Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.Flows() {
		var want []reach.AttackPath
		for _, p := range res.Paths {
			if slices.ContainsFunc(p.Steps, func(s reach.Step) bool { return s.Flow == f }) {
				want = append(want, p)
			}
		}
		got := res.PathsOver(f)
		if len(got) != len(want) {
			t.Fatalf("PathsOver(%s): %d paths, want %d", f.Key(), len(got), len(want))
		}
		for i := range got {
			if got[i].Asset != want[i].Asset || got[i].Rank != want[i].Rank || len(got[i].Steps) != len(want[i].Steps) {
				t.Fatalf("PathsOver(%s)[%d] = %v, want %v", f.Key(), i, got[i].String(), want[i].String())
			}
		}
	}
	if got := res.PathsOver(); len(got) != 0 {
		t.Errorf("PathsOver() = %d paths, want none", len(got))
	}
	// A result built by hand has no index: no paths, no panic.
	if got := (&reach.Result{Paths: res.Paths}).PathsOver(m.Flows()...); len(got) != 0 {
		t.Errorf("PathsOver on a hand-built result = %d paths, want none", len(got))
	}
}
