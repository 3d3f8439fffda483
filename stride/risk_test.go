package stride_test

import (
	"testing"

	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestImpactFollowsTheHarmedProperty: each category's impact reads the
// property it harms. One asset, rated differently per property, gives
// different impacts to disclosure, tampering, denial of service and
// repudiation threats on the same store.
func TestImpactFollowsTheHarmedProperty(t *testing.T) {
	rule := func(id string, c stride.Category) stride.Rule {
		return stride.Rule{ID: id, Category: c, Title: id, Kinds: []tm.Kind{tm.DataStore},
			Match: func(*stride.Target) bool { return true }}
	}
	rules := stride.OnlyRules(rule("X-I", stride.InformationDisclosure), rule("X-T", stride.Tampering),
		rule("X-D", stride.DenialOfService), rule("X-R", stride.Repudiation))
	impacts := func(opts ...tm.AssetOption) map[string]tm.Level {
		f := newFx()
		a := f.m.DataAsset("Catalog", opts...)
		db := f.m.DataStore("DB", f.data, tm.Is(tm.Database), tm.Stores(a), tm.HoldsAuditLogs())
		f.m.Flow(f.api(), db, "Read", tm.Carries(a))
		out := map[string]tm.Level{}
		for _, th := range analyze(t, f.m, rules).Threats {
			out[th.RuleID] = th.Impact
		}
		return out
	}
	cases := []struct {
		name string
		opts []tm.AssetOption
		want map[string]tm.Level
	}{
		{"public, valuable, critical", []tm.AssetOption{tm.Classified(tm.Public), tm.Value(tm.High), tm.RiskLevel(tm.Critical)},
			map[string]tm.Level{"X-I": tm.Low, "X-T": tm.High, "X-D": tm.High, "X-R": tm.Medium}},
		{"internal", []tm.AssetOption{tm.Classified(tm.Internal), tm.Value(tm.Low), tm.RiskLevel(tm.Moderate)},
			map[string]tm.Level{"X-I": tm.Medium, "X-T": tm.Low, "X-D": tm.Low, "X-R": tm.Low}},
		{"confidential, low value, moderate", []tm.AssetOption{tm.Classified(tm.Confidential), tm.Value(tm.Low), tm.RiskLevel(tm.Moderate)},
			map[string]tm.Level{"X-I": tm.High, "X-T": tm.Low, "X-D": tm.Low, "X-R": tm.Low}},
		{"valuable but not critical to run", []tm.AssetOption{tm.Value(tm.High), tm.RiskLevel(tm.Moderate)},
			map[string]tm.Level{"X-I": tm.High, "X-T": tm.High, "X-D": tm.Low, "X-R": tm.Medium}},
		{"nothing stated", nil,
			map[string]tm.Level{"X-I": tm.Medium, "X-T": tm.Medium, "X-D": tm.Medium, "X-R": tm.Medium}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := impacts(c.opts...)
			for id, want := range c.want {
				if got[id] != want {
					t.Errorf("%s impact = %v, want %v (all: %v)", id, got[id], want, got)
				}
			}
		})
	}
}

// TestInherentAndResidualRisk: a mitigated threat keeps its inherent rating
// beside a residual one with Low likelihood; an open one's are equal.
func TestInherentAndResidualRisk(t *testing.T) {
	only := stride.OnlyRules(ruleByID(t, "TW-T-001"))
	build := func(validates bool) *tm.Model {
		f := newFx()
		var opts []tm.ComponentOption
		if validates {
			opts = append(opts, tm.Controls(tm.InputValidation))
		}
		f.call(f.user(), f.api(opts...), "Request", tm.AuthN(tm.NoAuthentication))
		return f.m
	}
	open, _ := analyze(t, build(false), only).Threat("TW-T-001@User → API: Request")
	closed, _ := analyze(t, build(true), only).Threat("TW-T-001@User → API: Request")
	if open.Status != stride.Open || open.Risk != open.InherentRisk || open.Likelihood != open.InherentLikelihood || open.Risk != tm.High {
		t.Errorf("open: %v risk %v inherent %v, likelihood %v inherent %v; want High and equal", open.Status, open.Risk, open.InherentRisk, open.Likelihood, open.InherentLikelihood)
	}
	if closed.Status != stride.Mitigated || closed.InherentRisk != open.InherentRisk || closed.Likelihood != tm.Low || closed.Risk != tm.Medium {
		t.Errorf("mitigated: %v risk %v (inherent %v), likelihood %v; want Medium residual, High inherent, Low likelihood",
			closed.Status, closed.Risk, closed.InherentRisk, closed.Likelihood)
	}
}

// TestFootholdAndFillInLikelihood: a threat that needs a foothold first is
// one step less likely than the element's exposure, and a generic fill-in
// is Low.
func TestFootholdAndFillInLikelihood(t *testing.T) {
	base := stride.Rule{ID: "X-E-1", Category: stride.ElevationOfPrivilege, Title: "x", Kinds: []tm.Kind{tm.Process},
		Match: func(*stride.Target) bool { return true }}
	foothold, fillIn := base, base
	foothold.ID, foothold.Foothold = "X-E-2", true
	fillIn.ID, fillIn.FillIn = "X-E-3", true
	f := newFx()
	f.call(f.user(), f.api(), "Request", tm.AuthN(tm.NoAuthentication))
	r := analyze(t, f.m, stride.OnlyRules(base, foothold, fillIn))
	want := map[string]tm.Level{"X-E-1@API": tm.High, "X-E-2@API": tm.Medium, "X-E-3@API": tm.Low}
	for id, l := range want {
		if th, _ := r.Threat(id); th.InherentLikelihood != l {
			t.Errorf("%s inherent likelihood %v, want %v", id, th.InherentLikelihood, l)
		}
	}
}
