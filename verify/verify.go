// Package verify checks the proofs a threat model names for its controls
// and mitigations (threatmodel.ProvedBy): it reads the output of
// go test -json and marks each Go test verified (it ran and passed),
// failing (it ran and failed, or its package did not build), skipped,
// missing (no such test or package) or unverified (not run); it marks a
// policy file verified when it is in the repository and missing when it is
// not; an external reference stays unverified. Results implements
// stride.Verifier, so stride.WithVerification carries the states into the
// report, where a failing or missing proof is a finding (ST006, ST007)
// that names the declaration and the test.
//
//	go test -json ./... > test-results.json
//
//	f, _ := os.Open("test-results.json")
//	results, err := verify.Read(f)
//	report, err := stride.Analyze(m, stride.WithVerification(results), stride.Strict())
//
// The package never runs go test itself; verifytest.Run does, for a
// model's own test.
package verify

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/threatwright/threatwright/threatmodel"
)

// Results is what one go test -json run found, by package and test, and
// the repository the run's packages and the policy files are looked up in.
// Once read, it may be used by several goroutines at once (analyses run
// in parallel).
type Results struct {
	tests    map[testKey]*testResult
	packages map[string]*pkgResult
	mu       sync.Mutex // guards repo's cache of parsed test files
	repo     repository
}

type testKey struct{ pkg, test string }

// testResult is the last outcome of one test: pass, fail or skip, and the
// output lines of a failure.
type testResult struct {
	action string
	output []string
}

// pkgResult is what happened to one package: whether its tests ran, and
// whether it failed to build.
type pkgResult struct {
	ran, buildFailed bool
}

// event is one line of go test -json (cmd/test2json).
type event struct {
	Action     string
	Package    string `json:",omitempty"`
	Test       string `json:",omitempty"`
	Output     string `json:",omitempty"`
	ImportPath string `json:",omitempty"`
	// FailedBuild names the package whose build failed, on a package's
	// fail event (Go 1.24+).
	FailedBuild string `json:",omitempty"`
}

// Option configures Read and Repository.
type Option func(*config)

type config struct{ root string }

// Root sets the repository's root: the directory of its go.mod, where
// policy files are looked up and from which the module's packages are
// found. Without it, the root is the nearest directory at or above the
// current one that holds a go.mod.
func Root(dir string) Option { return func(c *config) { c.root = dir } }

// Read reads a go test -json stream (as go test -json or go tool test2json
// writes it) and returns its results. Lines that are not JSON (a build
// error printed without -json) are ignored; a stream that holds no test
// event at all is an error, since it proves nothing.
func Read(r io.Reader, opts ...Option) (*Results, error) {
	res := newResults(opts)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	events := 0
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		var e event
		if err := json.Unmarshal(line, &e); err != nil {
			continue
		}
		events++
		res.add(e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("verify: reading go test -json output: %w", err)
	}
	if events == 0 {
		return nil, errors.New("verify: the input holds no go test -json event")
	}
	return res, nil
}

// Repository returns results without a test run: policy files are checked,
// Go tests that exist in the repository's source are unverified (not run)
// and those that do not are missing.
func Repository(opts ...Option) *Results { return newResults(opts) }

func newResults(opts []Option) *Results {
	c := config{}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return &Results{tests: make(map[testKey]*testResult), packages: make(map[string]*pkgResult), repo: newRepository(c.root)}
}

func (r *Results) pkg(name string) *pkgResult {
	p := r.packages[name]
	if p == nil {
		p = &pkgResult{}
		r.packages[name] = p
	}
	return p
}

func (r *Results) add(e event) {
	switch {
	case e.Action == "build-fail" && e.ImportPath != "":
		// go test -json (Go 1.24+) reports a build failure under the
		// package's import path, with " [pkg.test]" appended for a test
		// variant.
		name, _, _ := strings.Cut(e.ImportPath, " ")
		r.pkg(name).buildFailed = true
	case e.Package == "":
	case e.Test == "":
		p := r.pkg(e.Package)
		switch e.Action {
		case "start", "run", "pass", "skip":
			p.ran = true
		case "fail":
			p.ran = true
			if e.FailedBuild != "" {
				p.buildFailed = true
			}
		case "output":
			if strings.Contains(e.Output, "[build failed]") || strings.Contains(e.Output, "[setup failed]") {
				p.buildFailed = true
			}
		}
	default:
		r.pkg(e.Package).ran = true
		k := testKey{e.Package, e.Test}
		t := r.tests[k]
		if t == nil {
			t = &testResult{}
			r.tests[k] = t
		}
		switch e.Action {
		case "run":
			t.action, t.output = "run", nil
		case "pass", "fail", "skip":
			t.action = e.Action
		case "output":
			if s := strings.TrimSpace(e.Output); s != "" && !strings.HasPrefix(s, "=== ") && !strings.HasPrefix(s, "--- ") && len(t.output) < 20 {
				t.output = append(t.output, s)
			}
		}
	}
}

// Check returns what the run found for one proof. It never runs anything:
// a test the run did not include is unverified, or missing when the
// repository's source has no such test.
func (r *Results) Check(p threatmodel.Proof) threatmodel.ProofCheck {
	switch p.Kind {
	case threatmodel.ProofGoTest:
		return r.checkTest(p)
	case threatmodel.ProofPolicyFile:
		return r.repo.checkFile(p.Path)
	case threatmodel.ProofExternal:
		return threatmodel.ProofCheck{State: threatmodel.ProofUnverified, Detail: "external: checked by people, not by this run"}
	}
	return threatmodel.ProofCheck{State: threatmodel.ProofUnverified, Detail: "not a proof threatwright can check"}
}

func (r *Results) checkTest(p threatmodel.Proof) threatmodel.ProofCheck {
	top, _, _ := strings.Cut(p.Test, "/")
	r.mu.Lock()
	defer r.mu.Unlock()
	pos, found := r.repo.testPos(p.Package, top)
	c := threatmodel.ProofCheck{Pos: pos}
	pr := r.packages[p.Package]
	t := r.tests[testKey{p.Package, p.Test}]
	switch {
	case pr != nil && pr.buildFailed:
		c.State, c.Detail = threatmodel.ProofFailing, "the package "+p.Package+" did not build"
	case t != nil && t.action == "pass":
		c.State, c.Detail = threatmodel.ProofVerified, "passed"
	case t != nil && t.action == "fail":
		c.State, c.Detail = threatmodel.ProofFailing, "failed"
		if len(t.output) > 0 {
			c.Detail += ": " + strings.Join(t.output, " ")
		}
	case t != nil && t.action == "skip":
		c.State, c.Detail = threatmodel.ProofSkipped, "skipped"
		if len(t.output) > 0 {
			c.Detail += ": " + strings.Join(t.output, " ")
		}
	case found == sourceMissing:
		c.State, c.Detail = threatmodel.ProofMissing, r.repo.missing(p.Package, top)
	case found == sourceUnknown && pr != nil && pr.ran && !strings.Contains(p.Test, "/"):
		// Without the source, a package that ran and never mentioned the
		// test has none by that name (unless the run was filtered).
		c.State, c.Detail = threatmodel.ProofMissing, "the package ran without a test "+p.Test
	case t != nil:
		c.State, c.Detail = threatmodel.ProofFailing, "started and did not finish (panic or timeout)"
	default:
		c.State, c.Detail = threatmodel.ProofUnverified, "not run"
	}
	return c
}

// TestResult is one test's outcome in a run.
type TestResult struct {
	Package, Test string
	// State is ProofVerified, ProofFailing or ProofSkipped, or
	// ProofUnverified for a test that started and never finished.
	State threatmodel.ProofState
}

// Tests returns the outcome of every test in the run, sorted by package
// and name.
func (r *Results) Tests() []TestResult {
	out := make([]TestResult, 0, len(r.tests))
	for k, t := range r.tests {
		s := threatmodel.ProofUnverified
		switch t.action {
		case "pass":
			s = threatmodel.ProofVerified
		case "fail":
			s = threatmodel.ProofFailing
		case "skip":
			s = threatmodel.ProofSkipped
		}
		out = append(out, TestResult{Package: k.pkg, Test: k.test, State: s})
	}
	slices.SortFunc(out, func(a, b TestResult) int {
		return cmp.Or(strings.Compare(a.Package, b.Package), strings.Compare(a.Test, b.Test))
	})
	return out
}

// WriteJSON writes the outcomes of the run as a short go test -json
// stream, without times, output or events other than each test's final
// action, sorted: a file that can be checked in and read back with Read,
// whose bytes change only when a test's outcome does. Failure output is
// kept, so that a failing test still says why when read back.
func (r *Results) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	for _, t := range r.Tests() {
		res := r.tests[testKey{t.Package, t.Test}]
		if res.action == "fail" || res.action == "skip" {
			for _, line := range res.output {
				if err := enc.Encode(event{Action: "output", Package: t.Package, Test: t.Test, Output: line + "\n"}); err != nil {
					return err
				}
			}
		}
		if err := enc.Encode(event{Action: res.action, Package: t.Package, Test: t.Test}); err != nil {
			return err
		}
	}
	return nil
}

// GoTests returns the Go tests the model names as proofs, sorted by
// package and name, each once.
func GoTests(m *threatmodel.Model) []threatmodel.Proof {
	var out []threatmodel.Proof
	for _, p := range m.Proofs() {
		if p.Kind == threatmodel.ProofGoTest {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b threatmodel.Proof) int {
		return cmp.Or(strings.Compare(a.Package, b.Package), strings.Compare(a.Test, b.Test))
	})
	return slices.Compact(out)
}

// GoTestArgs returns the arguments of the go command that runs exactly the
// tests the model names: test -json -run '^(TestA|TestB)$' and the
// packages, sorted. A subtest runs with its whole top-level test. It
// returns nil when the model names no Go test.
func GoTestArgs(m *threatmodel.Model) []string {
	tests := GoTests(m)
	if len(tests) == 0 {
		return nil
	}
	var names, pkgs []string
	for _, p := range tests {
		top, _, _ := strings.Cut(p.Test, "/")
		names = append(names, top)
		pkgs = append(pkgs, p.Package)
	}
	slices.Sort(names)
	slices.Sort(pkgs)
	return append([]string{"test", "-json", "-run", "^(" + strings.Join(slices.Compact(names), "|") + ")$"}, slices.Compact(pkgs)...)
}

// fileExists reports whether path names a regular file.
func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// rel joins a slash path under root.
func rel(root, path string) string { return filepath.Join(root, filepath.FromSlash(path)) }
