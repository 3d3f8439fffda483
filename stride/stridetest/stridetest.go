// Package stridetest holds a threat model to its STRIDE analysis in users'
// tests, in the manner of testing/slogtest: Check returns one error that any
// caller can use (a command, a CI step), and Gate reports each problem as
// its own test error. Baseline pins the derived threats to an approved file.
//
//	func TestThreatModel(t *testing.T) {
//		m := mymodel.Model()
//		stridetest.Gate(t, m, stridetest.FailAt(threatmodel.High))
//
//		r, err := stride.Analyze(m)
//		if err != nil {
//			t.Fatal(err)
//		}
//		stridetest.Baseline(t, "testdata/threats.txt", r)
//	}
//
// # The gate
//
// Gate and Check validate the model and run stride.Analyze on it, and fail
// on:
//
//   - every validation error and completeness gap (as threatmodeltest.Run
//     does; warnings do not count);
//   - every finding of the analysis, in stride.Report.Findings: an expired
//     acceptance (ST001), an acceptance that names no threat (ST002, a
//     misspelt ID in m.Accept), a mitigation that addresses an unknown
//     threat ID (ST003, a misspelt ID in threatmodel.Addresses), an
//     override that names no threat (ST004), and, with Verify, a proof
//     whose test failed (ST006) or does not exist (ST007);
//   - with FailAt, every open threat rated at or above the given risk;
//     with Strict, a threat closed only by unverified evidence is open.
//
// Acceptances are judged against today (stride.At(time.Now())) unless At
// pins a date, so an acceptance fails the build on the day it expires.
// Which control closes which rule's threat is listed in the rule catalog,
// stride/CATALOG.md.
//
// # Updating the baseline
//
// This package defines no flag: a helper package must not take a flag name
// from the test packages that import it. Baseline rewrites its file instead
// of comparing when the environment variable THREATWRIGHT_UPDATE is 1:
//
//	THREATWRIGHT_UPDATE=1 go test ./...
//
// or when the test binary already has a boolean flag named update (defined
// by the caller's own test package, the common golden-file idiom) and it is
// set: go test -update. The flag is read with flag.Lookup when Baseline is
// called.
package stridetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// Option configures Gate and Check.
type Option func(*config)

type config struct {
	at       time.Time
	failAt   threatmodel.Level
	analysis []stride.Option
}

// At pins the date against which acceptances are judged; without it, Gate
// and Check judge them against time.Now().
func At(t time.Time) Option {
	return func(c *config) { c.at = t }
}

// FailAt makes every open threat rated at or above risk a failure: with
// FailAt(threatmodel.Medium), open Medium and High threats fail and open
// Low ones do not. Without FailAt, open threats do not fail the gate (pin
// them with Baseline instead).
func FailAt(risk threatmodel.Level) Option {
	return func(c *config) { c.failAt = risk }
}

// WithAnalysis passes options to stride.Analyze: the rules of one's own
// (stride.WithRules), overrides (stride.Override) and the like, so that the
// gate judges the same analysis the model's other tests do. A stride.At
// given here takes precedence over At.
func WithAnalysis(opts ...stride.Option) Option {
	return func(c *config) { c.analysis = append(c.analysis, opts...) }
}

// Verify gives the gate what a verification run found for the proofs the
// model names (verifytest.Run in a test, verify.Read over a go test -json
// file elsewhere): each failing or missing proof fails the gate (ST006,
// ST007, naming the declaration and the test), and its evidence closes no
// threat. It is stride.WithVerification.
func Verify(v stride.Verifier) Option {
	return func(c *config) { c.analysis = append(c.analysis, stride.WithVerification(v)) }
}

// Strict counts a threat as closed only by verified evidence (see
// stride.Strict): with FailAt, a threat closed only by declared,
// unverified controls fails the gate like any open threat.
func Strict() Option {
	return func(c *config) { c.analysis = append(c.analysis, stride.Strict()) }
}

// OpenThreatError is the error Check returns for an open threat rated at or
// above the FailAt risk.
type OpenThreatError struct {
	// ID, Title and Risk are the threat's.
	ID, Title string
	Risk      threatmodel.Level
	// FailAt is the risk the gate fails at.
	FailAt threatmodel.Level
}

// Error returns "open threat ID (Title): risk R, at or above F".
func (e *OpenThreatError) Error() string {
	return fmt.Sprintf("open threat %s (%s): risk %s, at or above %s; mitigate it, accept it with m.Accept, or change FailAt",
		e.ID, e.Title, e.Risk, e.FailAt)
}

// Check validates the model, analyses it with stride.Analyze and returns
// nil when the gate passes. Otherwise it returns every problem joined with
// errors.Join, in this order: the model's findings (each a
// *threatmodel.Finding), an error from stride.Analyze other than the
// structural errors already listed, the analysis's findings (each a
// *threatmodel.Finding with an ST code), and the open threats at or above
// FailAt (each an *OpenThreatError, sorted by ID).
func Check(m *threatmodel.Model, opts ...Option) error {
	return errors.Join(problems(m, opts)...)
}

// Gate runs the checks of Check and reports each problem as its own
// t.Errorf; a finding reads like threatmodeltest.Run's:
//
//	/src/model.go:42: acceptances["TW-S-001@User → API: Order"].expires: the acceptance expired on 2026-01-01: review the risk and renew or remove it [ST001]
//
// Gate marks itself as a test helper.
func Gate(t testing.TB, m *threatmodel.Model, opts ...Option) {
	t.Helper()
	for _, err := range problems(m, opts) {
		t.Errorf("%v", err)
	}
}

func problems(m *threatmodel.Model, opts []Option) []error {
	c := config{}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.at.IsZero() {
		c.at = time.Now()
	}
	var out []error
	structural := false
	for _, f := range m.Findings() {
		switch f.Severity {
		case threatmodel.SeverityWarning:
			continue
		case threatmodel.SeverityError:
			structural = true
		}
		out = append(out, f)
	}
	r, err := stride.Analyze(m, append([]stride.Option{stride.At(c.at)}, c.analysis...)...)
	if err != nil {
		if !structural || !errors.Is(err, stride.ErrStructural) {
			out = append(out, err)
		}
		return out
	}
	for _, f := range r.Findings {
		out = append(out, f)
	}
	if c.failAt > 0 {
		for _, th := range r.Threats {
			if th.Status == stride.Open && th.Risk >= c.failAt {
				out = append(out, &OpenThreatError{ID: th.ID, Title: th.Title, Risk: th.Risk, FailAt: c.failAt})
			}
		}
	}
	return out
}
