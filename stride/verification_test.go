package stride_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
	"github.com/threatwright/threatwright/verify"
)

// shopRun reads the verify package's fixture run: the real go test -json
// output of a small module where TestLimiterRefusesBurst passes,
// TestValidateRejectsOversize fails (the validator's size check is off by
// one on purpose) and TestAuthorizationAcrossTenants skips.
func shopRun(t *testing.T) *verify.Results {
	t.Helper()
	f, err := os.Open("../verify/testdata/run.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := verify.Read(f, verify.Root("../verify/testdata/repo"))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

const shopAPI = "example.com/shop/api"

// floodModel is a user calling an API that rate limits, backed as given:
// TW-D-001 (flooding from outside) is closed by the rate limiting alone.
func floodModel(limits tm.ControlsOption) *tm.Model {
	f := newFx()
	api := f.api(limits)
	f.call(f.user(), api, "Order")
	return f.m
}

const floodID = "TW-D-001@User → API: Order"

// TestEvidenceStates: each state a proof can be in, and what it does to a
// threat the rate limiting closes, with and without strict mode.
func TestEvidenceStates(t *testing.T) {
	run := shopRun(t)
	limiter := tm.GoTest(shopAPI, "TestLimiterRefusesBurst")
	cases := []struct {
		name          string
		limits        tm.ControlsOption
		state         tm.ProofState
		plain, strict stride.Status
		finding       tm.Code
	}{
		{"verified", tm.Controls(tm.RateLimiting).ProvedBy(limiter), tm.ProofVerified, stride.Mitigated, stride.Mitigated, ""},
		{"verified with an unverified pen test beside it", tm.Controls(tm.RateLimiting).ProvedBy(limiter,
			tm.External("PT-7", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))), tm.ProofVerified, stride.Mitigated, stride.Mitigated, ""},
		{"declared only", tm.Controls(tm.RateLimiting), tm.ProofUnverified, stride.Mitigated, stride.Open, ""},
		{"skipped", tm.Controls(tm.RateLimiting).ProvedBy(tm.GoTest(shopAPI, "TestAuthorizationAcrossTenants")),
			tm.ProofSkipped, stride.Mitigated, stride.Open, ""},
		{"failing", tm.Controls(tm.RateLimiting).ProvedBy(limiter, tm.GoTest(shopAPI, "TestValidateRejectsOversize")),
			tm.ProofFailing, stride.Open, stride.Open, tm.CodeProofFailing},
		{"missing", tm.Controls(tm.RateLimiting).ProvedBy(tm.GoTest(shopAPI, "TestLimiterRenamed")),
			tm.ProofMissing, stride.Open, stride.Open, tm.CodeProofMissing},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, strict := range []bool{false, true} {
				opts := []stride.Option{stride.WithVerification(run)}
				want := tc.plain
				if strict {
					opts, want = append(opts, stride.Strict()), tc.strict
				}
				r := analyze(t, floodModel(tc.limits), opts...)
				th, ok := r.Threat(floodID)
				if !ok {
					t.Fatalf("no threat %s", floodID)
				}
				if th.Status != want {
					t.Errorf("strict=%v: status %v, want %v", strict, th.Status, want)
				}
				all := append(append([]stride.Evidence(nil), th.Evidence...), th.Discounted...)
				if len(all) != 1 || all[0].State != tc.state {
					t.Fatalf("strict=%v: evidence %v, want one piece, %v", strict, all, tc.state)
				}
				if (th.Status == stride.Open) != (len(th.Evidence) == 0) {
					t.Errorf("strict=%v: %v threat with evidence %v", strict, th.Status, th.Evidence)
				}
				var codes []tm.Code
				for _, f := range r.Findings {
					codes = append(codes, f.Code)
				}
				if tc.finding == "" && len(codes) != 0 || tc.finding != "" && (len(codes) != 1 || codes[0] != tc.finding) {
					t.Errorf("strict=%v: findings %v, want %q", strict, r.Findings, tc.finding)
				}
			}
		})
	}
}

// TestFailingTestIsAFindingWithBothPositions: the finding of a failing
// proof points at the control's declaration and at the test.
func TestFailingTestIsAFindingWithBothPositions(t *testing.T) {
	m := floodModel(tm.Controls(tm.RateLimiting).ProvedBy(tm.GoTest(shopAPI, "TestValidateRejectsOversize")))
	r := analyze(t, m, stride.WithVerification(shopRun(t)), stride.Strict())
	if len(r.Findings) != 1 {
		t.Fatalf("findings %v, want one ST006", r.Findings)
	}
	f := r.Findings[0]
	api := m.Components()[0]
	if f.Code != tm.CodeProofFailing || f.Path != `components["API"].controls.provedBy` || f.Pos != api.Pos() || f.Subject != api {
		t.Errorf("finding %v at %v, want ST006 on the API's controls at its declaration %v", f, f.Pos, api.Pos())
	}
	if len(f.Related) != 1 || f.Related[0].Path != `tests["example.com/shop/api.TestValidateRejectsOversize"]` ||
		filepath.Base(f.Related[0].Pos.File) != "api_test.go" || f.Related[0].Pos.Line != 22 {
		t.Errorf("related %v, want the test at api_test.go:22", f.Related)
	}
	if !strings.Contains(f.Message, "a 65-byte name was accepted") {
		t.Errorf("message %q does not say why the test failed", f.Message)
	}
	if !r.Verified || !r.Strict {
		t.Errorf("report says verified=%v strict=%v, want both", r.Verified, r.Strict)
	}
}

// TestStrictModeKeepsPropertiesAndAcceptances: a property of the model
// (the flow's authentication) needs no test; a threat strict
// mode reopens is still accepted when an acceptance names it; a
// hand-written MitigatedBy text is unverified; a mitigation named by ID
// with a passing proof closes its threat.
func TestStrictModeKeepsPropertiesAndAcceptances(t *testing.T) {
	f := newFx()
	api := f.api(tm.Controls(tm.RateLimiting))
	f.call(f.user(), api, "Order")
	hw := f.m.Threat("Tenant data read across tenants", tm.InformationDisclosure, tm.About(api),
		tm.Impact(tm.High), tm.Likelihood(tm.Medium), tm.MitigatedBy("Tenant checks"))
	proved := f.m.Threat("Orders replayed", tm.Tampering, tm.About(api), tm.Impact(tm.Medium), tm.Likelihood(tm.Low))
	f.m.Mitigation("Idempotency keys", tm.Addresses(proved.ID()), tm.ProvedBy(tm.GoTest(shopAPI, "TestLimiterRefusesBurst")))
	f.m.Accept(floodID, tm.Justification("The edge absorbs floods"), tm.Owner("SRE"), tm.Expires(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)))
	r := analyze(t, f.m, stride.WithVerification(shopRun(t)), stride.Strict(), stride.At(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)))
	for id, want := range map[string]stride.Status{floodID: stride.Accepted, hw.ID(): stride.Open, proved.ID(): stride.Mitigated} {
		if th, _ := r.Threat(id); th.Status != want {
			t.Errorf("%s: %v, want %v (evidence %v, discounted %v)", id, th.Status, want, th.Evidence, th.Discounted)
		}
	}

	// The user's authentication on the flow is a property of the model,
	// which no test proves: strict mode leaves the spoofing threat closed.
	th, _ := r.Threat("TW-S-001@User → API: Order")
	if th.Status != stride.Mitigated || len(th.Evidence) == 0 || th.Evidence[0].State != 0 {
		t.Errorf("TW-S-001: %v with evidence %v, want mitigated by a property (state 0)", th.Status, th.Evidence)
	}
}

// TestCountEvidence counts each declaration once, however many threats it
// closes.
func TestCountEvidence(t *testing.T) {
	f := newFx()
	api := f.api(tm.Controls(tm.RateLimiting).ProvedBy(tm.GoTest(shopAPI, "TestLimiterRefusesBurst")),
		tm.Controls(tm.InputValidation).ProvedBy(tm.GoTest(shopAPI, "TestValidateRejectsOversize")))
	user := f.user()
	f.call(user, api, "Order")
	f.call(user, api, "Refund")
	r := analyze(t, f.m, stride.WithVerification(shopRun(t)))
	got := r.CountEvidence(nil)
	if got.Verified != 1 || got.Failing != 1 {
		t.Errorf("CountEvidence = %+v, want 1 verified (rate limiting on two flows) and 1 failing (input validation)", got)
	}
	if none := r.CountEvidence(func(*stride.Threat) bool { return false }); none.Total() != 0 {
		t.Errorf("CountEvidence of no threat = %+v", none)
	}
}
