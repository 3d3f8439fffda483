package verifytest

import (
	"path/filepath"
	"testing"

	tm "github.com/threatwright/threatwright/threatmodel"
	"github.com/threatwright/threatwright/verify"
)

// TestRunRunsTheNamedTests runs go test for real on the fixture module of
// the verify package (../testdata/repo), where the validator's size check
// is off by one on purpose: its test fails, the limiter's passes, and a
// renamed test is missing. The broken package is not named, so it is not
// built.
func TestRunRunsTheNamedTests(t *testing.T) {
	if testing.Short() {
		t.Skip("starts go test")
	}
	root, err := filepath.Abs("../testdata/repo")
	if err != nil {
		t.Fatal(err)
	}
	m := tm.New("Shop")
	z := m.Zone("Cluster", tm.Trusted)
	limit := tm.GoTest("example.com/shop/api", "TestLimiterRefusesBurst")
	valid := tm.GoTest("example.com/shop/api", "TestValidateRejectsOversize")
	gone := tm.GoTest("example.com/shop/api", "TestRenamed")
	skipped := tm.GoTest("example.com/shop/api", "TestAuthorizationAcrossTenants")
	m.Process("API", z, tm.Controls(tm.RateLimiting).ProvedBy(limit, valid, gone))
	res := runIn(t, root, m, nil)
	for p, want := range map[tm.Proof]tm.ProofState{
		limit: tm.ProofVerified, valid: tm.ProofFailing, gone: tm.ProofMissing,
		skipped: tm.ProofUnverified, // not named, so not run
	} {
		if got := res.Check(p); got.State != want {
			t.Errorf("Check(%v) = %v (%s), want %v", p, got.State, got.Detail, want)
		}
	}
	if len(res.Tests()) != 3 {
		t.Errorf("the run holds %v, want the two named tests that exist and the limiter's subtest", res.Tests())
	}
}

// TestRunWithoutGoTestsRunsNothing: a model that names no Go test gets the
// repository's results, without starting go test.
func TestRunWithoutGoTestsRunsNothing(t *testing.T) {
	m := tm.New("Shop")
	m.Process("API", m.Zone("Cluster", tm.Trusted), tm.Controls(tm.RateLimiting).ProvedBy(tm.PolicyFile("policy/limits.rego")))
	res := runIn(t, "../testdata/repo", m, []verify.Option{verify.Root("../testdata/repo")})
	if got := res.Check(tm.PolicyFile("policy/limits.rego")); got.State != tm.ProofVerified {
		t.Errorf("policy file: %v (%s), want verified", got.State, got.Detail)
	}
	if len(res.Tests()) != 0 {
		t.Errorf("Tests() = %v, want none: nothing ran", res.Tests())
	}
}
