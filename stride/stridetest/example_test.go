package stridetest_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/stride/stridetest"
	"github.com/threatwright/threatwright/threatmodel"
)

// Check is the gate for callers that are not tests. The serverless example
// passes it (on a pinned date: without At, its acceptance is judged against
// today); a misspelt threat ID in an acceptance or in a mitigation's
// Addresses does not.
func ExampleCheck() {
	m := serverless.Model()
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	fmt.Println(stridetest.Check(m, stridetest.At(day), stridetest.FailAt(threatmodel.High)))

	m.Accept("TW-S-001@Usr → API Gateway: API request",
		threatmodel.Justification("Typo"), threatmodel.Owner("API team"),
		threatmodel.Expires(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)))
	m.Mitigation("Replay protection", threatmodel.Addresses("TW-S-002@User → API Gatway: API request"))
	err := stridetest.Check(m, stridetest.At(day))
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var f *threatmodel.Finding
		if errors.As(e, &f) {
			fmt.Println(f.Code, f.Path)
		}
	}
	// Output:
	// <nil>
	// ST002 acceptances["TW-S-001@Usr → API Gateway: API request"]
	// ST003 mitigations["Replay protection"].addresses
}

// At pins the date acceptances are judged against; without it, the gate
// judges them against today. The serverless example accepts one risk until
// 2027-06-30.
func ExampleAt() {
	for _, day := range []time.Time{
		time.Date(2027, 6, 29, 0, 0, 0, 0, time.UTC),
		time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC),
	} {
		err := stridetest.Check(serverless.Model(), stridetest.At(day))
		var f *threatmodel.Finding
		if errors.As(err, &f) {
			fmt.Printf("%s: %s %s\n", day.Format(time.DateOnly), f.Code, f.Message)
		} else {
			fmt.Printf("%s: %v\n", day.Format(time.DateOnly), err)
		}
	}
	// Output:
	// 2027-06-29: <nil>
	// 2027-07-01: ST001 the acceptance expired on 2027-06-30: review the risk and renew or remove it
}

// FailAt fails the gate on every open threat rated at or above a risk. A
// rule of one's own (passed with WithAnalysis, as to stride.Analyze) that
// nothing in the serverless model closes leaves one threat open.
func ExampleFailAt() {
	flood := stride.Rule{
		ID:          "API-D-001",
		Category:    stride.DenialOfService,
		Title:       "Request flood",
		Description: "A script sends requests faster than the API can serve them.",
		Mitigations: []string{"Per-client quotas"},
		Kinds:       []threatmodel.Kind{threatmodel.Process},
		Scope:       stride.PerIncomingFlow,
		Match:       func(t *stride.Target) bool { return t.Flow.Name() == "API request" },
	}
	err := stridetest.Check(serverless.Model(),
		stridetest.WithAnalysis(stride.WithRules(flood)), stridetest.FailAt(threatmodel.Medium))
	var open *stridetest.OpenThreatError
	if errors.As(err, &open) {
		fmt.Println(open.ID, open.Risk)
	}
	// Output:
	// API-D-001@User → API Gateway: API request High
}

// In a test, Gate reports each problem as its own test error, and Baseline
// pins every derived threat's ID, status and risk to a reviewed file.
func ExampleGate() {
	test := func(t *testing.T) {
		m := serverless.Model() // your model
		stridetest.Gate(t, m, stridetest.FailAt(threatmodel.Medium))

		r, err := stride.Analyze(m)
		if err != nil {
			t.Fatal(err)
		}
		stridetest.Baseline(t, "testdata/threats.txt", r)
	}
	_ = test // in a _test.go file: func TestThreatModel(t *testing.T) { ... }
}
