package stridetest_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/stride/stridetest"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// recorder is a fake testing.TB that records what Gate reports. Methods it
// does not override panic through the nil embedded TB, so a call Gate must
// not make fails the test.
type recorder struct {
	testing.TB
	errors  []string
	helpers int
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Helper() { r.helpers++ }

// gate runs Gate on m with a recorder and returns what it reported.
func gate(t *testing.T, m *tm.Model, opts ...stridetest.Option) []string {
	t.Helper()
	r := &recorder{}
	stridetest.Gate(r, m, opts...)
	if r.helpers == 0 {
		t.Error("Gate did not call t.Helper")
	}
	// Check reports the same problems, in the same order.
	var got []string
	if err := stridetest.Check(m, opts...); err != nil {
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			got = append(got, e.Error())
		}
	}
	if strings.Join(got, "\n") != strings.Join(r.errors, "\n") {
		t.Errorf("Check and Gate disagree:\nCheck: %q\nGate:  %q", got, r.errors)
	}
	return r.errors
}

// wantOne fails unless errs is one error that names each of parts.
func wantOne(t *testing.T, errs []string, parts ...string) {
	t.Helper()
	if len(errs) != 1 {
		t.Fatalf("Gate reported %d errors, want 1:\n%s", len(errs), strings.Join(errs, "\n"))
	}
	for _, p := range parts {
		if !strings.Contains(errs[0], p) {
			t.Errorf("Gate reported %q, want it to name %q", errs[0], p)
		}
	}
}

// TestGatePassesOnServerless: the serverless example is complete, and the
// team accepts each of its High threats with an owner until 2027-03-31, so
// the gate passes at High; its open threats are Medium or below, and at
// Medium the gate names them. When the acceptances' date is past, this test
// fails until they are reviewed — the gate doing its job.
func TestGatePassesOnServerless(t *testing.T) {
	if errs := gate(t, serverless.Model(), stridetest.FailAt(tm.High)); len(errs) != 0 {
		t.Errorf("Gate on examples/serverless reported:\n%s", strings.Join(errs, "\n"))
	}
	r, err := stride.Analyze(serverless.Model())
	if err != nil {
		t.Fatal(err)
	}
	if r.Residual.Open == 0 {
		t.Fatal("examples/serverless has no open threat: the Medium check below proves nothing")
	}
	if errs := gate(t, serverless.Model(), stridetest.FailAt(tm.Medium)); len(errs) != r.Residual.Open-r.Residual.OpenByRisk.Low {
		t.Errorf("Gate at Medium reported %d errors for %d open Medium or High threats:\n%s",
			len(errs), r.Residual.Open-r.Residual.OpenByRisk.Low, strings.Join(errs, "\n"))
	}
}

// only keeps the errors that name the threat.
func only(errs []string, id string) []string {
	var out []string
	for _, e := range errs {
		if strings.Contains(e, id) {
			out = append(out, e)
		}
	}
	return out
}

func TestGateMisspeltAcceptance(t *testing.T) {
	m := serverless.Model()
	m.Accept("TW-S-001@Usr → API Gateway: API request",
		tm.Justification("Typo on purpose"), tm.Owner("API team"), tm.Expires(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)))
	wantOne(t, gate(t, m), "[ST002]", `acceptances["TW-S-001@Usr → API Gateway: API request"]`, "gate_test.go:")
}

func TestGateMisspeltMitigationAddresses(t *testing.T) {
	m := serverless.Model()
	m.Mitigation("Replay protection", tm.Addresses("TW-S-002@User → API Gatway: API request"))
	wantOne(t, gate(t, m), "[ST003]", `TW-S-002@User → API Gatway: API request`, "gate_test.go:")
}

func TestGateExpiredAcceptance(t *testing.T) {
	const id = "USR-lambda-concurrency-exhausted-by-a-single-tenant"
	day := func(y int, mo time.Month, d int) time.Time { return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC) }

	// The example's acceptance runs until 2027-06-30: a pinned date after
	// it fails, a pinned date before it passes.
	wantOne(t, only(gate(t, serverless.Model(), stridetest.At(day(2027, 7, 1))), id), "[ST001]", id, "2027-06-30")
	if errs := gate(t, serverless.Model(), stridetest.At(day(2027, 6, 29))); len(errs) != 0 {
		t.Errorf("Gate before the expiry reported:\n%s", strings.Join(errs, "\n"))
	}

	// Without a pinned date, today is the judge: a threat accepted until
	// 2020 fails now.
	m := tm.New("Expired", tm.Owner("Ops"))
	m.ThreatContext("A one-process model.", "Worst case: nothing much.")
	z := m.Zone("Internal", tm.Trusted)
	batch := m.Process("Batch", z, tm.Description("Runs nightly."), tm.Technology("Go"),
		tm.ErrorHandling("Crashes", "Restarted by the scheduler"), tm.Runtime("Memory exhaustion", "Limits"))
	m.Threat("Batch overruns its window", tm.DenialOfService, tm.About(batch), tm.Impact(tm.Low), tm.Likelihood(tm.Low),
		tm.Description("The batch takes longer than the night."))
	m.Accept("USR-batch-overruns-its-window", tm.Justification("Rare and harmless"), tm.Owner("Ops"),
		tm.Expires(day(2020, 1, 1)))
	if errs := gate(t, m, stridetest.At(day(2019, 12, 31))); len(errs) != 0 {
		t.Fatalf("the small model does not pass the gate before its expiry:\n%s", strings.Join(errs, "\n"))
	}
	wantOne(t, gate(t, m), "[ST001]", "USR-batch-overruns-its-window", "2020-01-01")
}

// noRateLimit is a rule that nothing in the serverless model closes: it
// derives one open threat on the API request.
var noRateLimit = stride.Rule{
	ID:          "TEST-D-001",
	Category:    stride.DenialOfService,
	Title:       "Request flood",
	Description: "A script sends requests faster than the API can serve them.",
	Mitigations: []string{"Per-client quotas"},
	Kinds:       []tm.Kind{tm.Process},
	Scope:       stride.PerIncomingFlow,
	Match: func(t *stride.Target) bool {
		return t.Flow.Name() == "API request"
	},
}

func TestGateOpenThreatThreshold(t *testing.T) {
	analysis := stridetest.WithAnalysis(stride.WithRules(noRateLimit))
	const id = "TEST-D-001@User → API Gateway: API request"
	r, err := stride.Analyze(serverless.Model(), stride.WithRules(noRateLimit))
	if err != nil {
		t.Fatal(err)
	}
	th, ok := r.Threat(id)
	if !ok || th.Status != stride.Open || th.Risk != tm.High {
		t.Fatalf("the test rule's threat is %v %v %v, want it Open and High", ok, th.Status, th.Risk)
	}

	// Open threats do not fail the gate unless FailAt asks.
	if errs := gate(t, serverless.Model(), analysis); len(errs) != 0 {
		t.Errorf("Gate without FailAt reported:\n%s", strings.Join(errs, "\n"))
	}
	for _, level := range []tm.Level{tm.Low, tm.Medium, tm.High} {
		wantOne(t, only(gate(t, serverless.Model(), analysis, stridetest.FailAt(level)), id), "open threat "+id, "Request flood", "risk High")
	}
	if errs := gate(t, serverless.Model(), analysis, stridetest.FailAt(tm.VeryHigh)); len(errs) != 0 {
		t.Errorf("Gate at Very High reported:\n%s", strings.Join(errs, "\n"))
	}

	err = stridetest.Check(serverless.Model(), analysis, stridetest.FailAt(tm.Medium))
	var open *stridetest.OpenThreatError
	if !errors.As(err, &open) || open.ID != id || open.Risk != tm.High || open.FailAt != tm.Medium {
		t.Errorf("Check = %v, want an *OpenThreatError for %s", err, id)
	}
}

func TestGateValidationGaps(t *testing.T) {
	m := tm.New("Gaps")
	z := m.Zone("Internal", tm.Trusted)
	m.Process("Batch", z)
	errs := gate(t, m)
	if len(errs) == 0 {
		t.Fatal("Gate passed an incomplete model")
	}
	for _, f := range m.Findings() {
		if f.Severity != tm.SeverityWarning && !strings.Contains(strings.Join(errs, "\n"), f.Error()) {
			t.Errorf("Gate did not report %v", f)
		}
	}
	err := stridetest.Check(m)
	var f *tm.Finding
	if !errors.As(err, &f) {
		t.Errorf("Check = %v, want *threatmodel.Finding errors", err)
	}
}

// TestGateStructuralErrors: a malformed model's findings are reported once,
// not again as the analysis's error; a nil model is one error.
func TestGateStructuralErrors(t *testing.T) {
	m := tm.New("Broken")
	z := m.Zone("Z", tm.Trusted)
	m.Process("Same", z)
	m.Process("Same", z)
	errs := gate(t, m)
	joined := strings.Join(errs, "\n")
	if !strings.Contains(joined, "[TM002]") || strings.Contains(joined, stride.ErrStructural.Error()) {
		t.Errorf("Gate on a malformed model reported:\n%s", joined)
	}
	wantOne(t, gate(t, nil), "[TM003]")
}

// TestGateBadAnalysisOption: an option that stride.Analyze rejects is
// reported.
func TestGateBadAnalysisOption(t *testing.T) {
	wantOne(t, gate(t, serverless.Model(), stridetest.WithAnalysis(stride.WithoutRules("NO-SUCH-RULE"))), "NO-SUCH-RULE")
}
