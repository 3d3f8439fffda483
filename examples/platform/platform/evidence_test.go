package platform

import (
	"bytes"
	"testing"

	"github.com/threatwright/threatwright/internal/golden"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/stride/stridetest"
	tm "github.com/threatwright/threatwright/threatmodel"
	"github.com/threatwright/threatwright/verify/verifytest"
)

// TestMitigationsAreVerified runs the app package's tests that the model
// names as proofs, as a user's own test does (the README's three lines),
// gates the model on them (a failing or missing test fails here, with the
// declaration and the test), and keeps the checked-in results the
// documents are generated from (app-tests.json) equal to this run's:
// go test -update rewrites them.
func TestMitigationsAreVerified(t *testing.T) {
	m := Model()
	run := verifytest.Run(t, m)
	stridetest.Gate(t, m, stridetest.Verify(run))

	var got bytes.Buffer
	if err := run.WriteJSON(&got); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "app-tests.json", got.Bytes())
}

// TestEvidenceOfTheAPIService: the three controls the API implements in Go
// are verified by the checked-in run, and close their threats in strict
// mode; the tenant isolation proved only by a penetration test report
// stays unverified, and strict mode leaves the threat it alone closes
// open.
func TestEvidenceOfTheAPIService(t *testing.T) {
	res, err := Verification()
	if err != nil {
		t.Fatal(err)
	}
	r, err := stride.Analyze(Model(), stride.WithVerification(res), stride.Strict())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 0 {
		t.Errorf("findings: %v", r.Findings)
	}
	states := map[tm.Control]tm.ProofState{}
	for _, th := range r.Threats {
		for _, e := range th.Evidence {
			if e.Mitigation == nil && e.EnforcedAt != nil && e.EnforcedAt.Name() == "API service" && len(e.Backing.Proofs) > 0 {
				states[e.Control] = e.State
			}
		}
	}
	for _, ctl := range []tm.Control{tm.InputValidation, tm.RateLimiting, tm.Authorization} {
		if states[ctl] != tm.ProofVerified {
			t.Errorf("%v on the API service: %v, want verified and closing a threat in strict mode", ctl, states[ctl])
		}
	}
	tenant, ok := r.Threat("USR-cross-tenant-access-to-documents-through-a-guessed-or-swapped-id")
	if !ok {
		t.Fatal("no hand-written tenant threat")
	}
	if tenant.Status != stride.Open || len(tenant.Discounted) == 0 {
		t.Errorf("the tenant threat in strict mode: %v, discounted %v; want open, its pen-test evidence discounted", tenant.Status, tenant.Discounted)
	}
	for _, e := range tenant.Discounted {
		if e.Mitigation != nil && e.State != tm.ProofUnverified {
			t.Errorf("the pen test's state: %v, want unverified", e.State)
		}
	}
}
