package reach_test

import (
	"testing"

	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/stride"
)

// Gate question 3 counts the evidence of each layer's threats by state: in
// examples/platform the API service's tested controls are application
// code, and no infrastructure control names a test. A verification run
// moves the application's tested controls from unverified to verified.
func TestGateCoverageEvidence(t *testing.T) {
	m := platform.Model()
	res, err := platform.Verification()
	if err != nil {
		t.Fatal(err)
	}
	gate := func(opts ...stride.Option) reach.GateAnswers {
		rep, err := stride.Analyze(m, opts...)
		if err != nil {
			t.Fatal(err)
		}
		return analyze(t, m, reach.WithThreats(rep)).Gate
	}
	declared, verified := gate(), gate(stride.WithVerification(res))
	in, ap := verified.Infrastructure.Evidence, verified.Application.Evidence
	if in.Verified != 0 || in.Unverified == 0 || ap.Verified == 0 || ap.Failing+ap.Missing != 0 {
		t.Errorf("with the run: infrastructure %+v, application %+v; want verified application evidence only", in, ap)
	}
	if d := declared.Application.Evidence; d.Verified != 0 || d.Total() != ap.Total() {
		t.Errorf("without a run: application %+v, want the same %d pieces, none verified", d, ap.Total())
	}
}
