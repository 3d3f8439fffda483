package threatmodel

import (
	"reflect"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode"
)

// This file holds what backs a control or a mitigation besides its name:
// the Go code that implements it (ImplementedBy) and what proves that code
// works (ProvedBy: a Go test, a policy file, an external report). The
// verify package checks the proofs; stride.WithVerification carries what it
// found into the report.

// Implementation is the Go function or method that implements a control or
// a mitigation, recorded from the value passed to ImplementedBy: its
// qualified name and where it is declared. Because the model holds the
// function itself, renaming or removing it breaks the build, not the
// model.
type Implementation struct {
	// Name is the function's qualified name as the Go runtime reports it,
	// for example
	// "github.com/acme/shop/api.(*Limiter).Allow".
	Name string
	// Pos is where the function is declared. It is unknown for a method
	// value (limiter.Allow), which the runtime reaches through a generated
	// wrapper; pass the method expression ((*Limiter).Allow) to record it.
	Pos Pos
}

// ProofKind says what kind of proof a Proof is.
type ProofKind uint8

// Proof kinds.
const (
	// ProofGoTest is a Go test, named by package path and test name.
	ProofGoTest ProofKind = iota + 1
	// ProofPolicyFile is a policy-as-code file in the repository (an OPA
	// or Kyverno policy, a Sentinel rule, a WAF rule set).
	ProofPolicyFile
	// ProofExternal is a reference outside the repository, with a date:
	// a ticket, a penetration test report, an audit.
	ProofExternal
)

var proofKindNames = enumNames{"ProofKind",
	[]string{"unstated", "Go test", "Policy file", "External"},
	[]string{"", "go-test", "policy-file", "external"}}

// String returns the ProofKind's display name, or ProofKind(N) for a value out of range.
func (k ProofKind) String() string { return proofKindNames.str(uint8(k)) }

// MarshalText returns the ProofKind's text token; the zero value, "unstated", is the empty token.
func (k ProofKind) MarshalText() ([]byte, error) { return proofKindNames.marshal(uint8(k)) }

// UnmarshalText sets the ProofKind from a token written by MarshalText.
func (k *ProofKind) UnmarshalText(b []byte) error {
	v, err := proofKindNames.unmarshal(b)
	if err != nil {
		return err
	}
	*k = ProofKind(v)
	return nil
}

// Proof is what proves a control or a mitigation works: a Go test
// (GoTest), a policy file (PolicyFile) or an external reference with a
// date (External). It is a plain value, comparable, so a verification run
// can be looked up by it.
type Proof struct {
	// Kind is the kind of proof.
	Kind ProofKind
	// Package and Test name a Go test: the package's import path and the
	// test's name, which may name a subtest as go test prints it
	// ("TestLimiter/burst_refused").
	Package, Test string
	// Path is a policy file's path, relative to the repository's root,
	// with forward slashes.
	Path string
	// Reference names an external proof: a ticket, a report.
	Reference string
	// Date is when the external proof was made.
	Date time.Time
}

// GoTest names a Go test that proves a control works: the package's import
// path and the test's name (a subtest as go test prints it,
// "TestLimiter/burst_refused", is fine). The verify package runs it, or
// reads its result from go test -json output.
func GoTest(pkg, test string) Proof { return Proof{Kind: ProofGoTest, Package: pkg, Test: test} }

// PolicyFile names a policy-as-code file in the repository that enforces a
// control, by its path from the repository's root.
func PolicyFile(path string) Proof { return Proof{Kind: ProofPolicyFile, Path: path} }

// External names a proof outside the repository, such as a ticket or a
// penetration test report, with the date it was made. It is never verified
// by a run; the report shows it with its date.
func External(reference string, date time.Time) Proof {
	return Proof{Kind: ProofExternal, Reference: reference, Date: date}
}

// String names the proof: "pkg.TestName", the policy file's path, or the
// reference and its date.
func (p Proof) String() string {
	switch p.Kind {
	case ProofGoTest:
		return p.Package + "." + p.Test
	case ProofPolicyFile:
		return p.Path
	case ProofExternal:
		if p.Date.IsZero() {
			return p.Reference
		}
		return p.Reference + " (" + p.Date.Format(time.DateOnly) + ")"
	}
	return "?"
}

// problem says what is wrong with the proof's declaration, or "".
func (p Proof) problem() string {
	switch p.Kind {
	case ProofGoTest:
		top, _, _ := strings.Cut(p.Test, "/")
		switch {
		case strings.TrimSpace(p.Package) == "" || strings.ContainsFunc(p.Package, unicode.IsSpace):
			return "GoTest needs the package's import path, without spaces, not " + quote(p.Package)
		case !testName(top):
			return "GoTest needs the name of a test function (TestX, ExampleX or FuzzX), not " + quote(p.Test)
		}
	case ProofPolicyFile:
		if strings.TrimSpace(p.Path) == "" || strings.HasPrefix(p.Path, "/") || strings.Contains(p.Path, "\\") ||
			slices.Contains(strings.Split(p.Path, "/"), "..") {
			return "PolicyFile needs the file's path inside the repository, from its root, with forward slashes, not " + quote(p.Path)
		}
	case ProofExternal:
		if strings.TrimSpace(p.Reference) == "" || p.Date.IsZero() {
			return "External needs a reference (a ticket, a report) and the date it was made"
		}
	default:
		return "a proof is made with GoTest, PolicyFile or External"
	}
	return ""
}

// testName reports whether name is a test function's name as go test
// finds it: Test, Example or Fuzz, then nothing or a name that does not
// start with a lower-case letter.
func testName(name string) bool {
	for _, prefix := range []string{"Test", "Example", "Fuzz"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			return rest == "" || !unicode.IsLower([]rune(rest)[0])
		}
	}
	return false
}

// ProofState is what a verification run found for a proof, or for the
// evidence that cites it. The zero value means the question does not
// apply: a property of the model's structure, which no test proves.
type ProofState uint8

// Proof states.
const (
	// ProofUnverified: declared only. No proof is given, or the run did
	// not check it (an external reference, a test it did not run).
	ProofUnverified ProofState = iota + 1
	// ProofVerified: the test ran and passed in this run, or the policy
	// file is in the repository.
	ProofVerified
	// ProofFailing: the test ran and failed, or its package did not build.
	ProofFailing
	// ProofMissing: there is no such test, package or file.
	ProofMissing
	// ProofSkipped: the test ran and skipped itself.
	ProofSkipped
)

var proofStateNames = enumNames{"ProofState",
	[]string{"not applicable", "Unverified", "Verified", "Failing", "Missing", "Skipped"},
	[]string{"", "unverified", "verified", "failing", "missing", "skipped"}}

// String returns the ProofState's display name, or ProofState(N) for a value out of range.
func (s ProofState) String() string { return proofStateNames.str(uint8(s)) }

// MarshalText returns the ProofState's text token; the zero value is the empty token.
func (s ProofState) MarshalText() ([]byte, error) { return proofStateNames.marshal(uint8(s)) }

// UnmarshalText sets the ProofState from a token written by MarshalText.
func (s *ProofState) UnmarshalText(b []byte) error {
	v, err := proofStateNames.unmarshal(b)
	if err != nil {
		return err
	}
	*s = ProofState(v)
	return nil
}

// ProofCheck is what a verification run found for one proof.
type ProofCheck struct {
	// State is the proof's state.
	State ProofState
	// Detail says why, in words: "passed", "failed: ratelimit_test.go:42:
	// got 11 requests through", "no test TestX in package p".
	Detail string
	// Pos is where the proof lives, when known: the test function's
	// declaration, or line 1 of the policy file.
	Pos Pos
}

// Backing is what a control or a mitigation declares besides its name: the
// code that implements it and the proofs that it works. The zero value
// declares neither.
type Backing struct {
	// Implementations are the functions or methods given to ImplementedBy.
	Implementations []Implementation
	// Proofs are the proofs given to ProvedBy, in declaration order.
	Proofs []Proof
}

// add records the implementations and proofs of o into b, and a finding
// (CodeBadEvidence) for each value that is not a function and each proof
// that is not well formed, at subject's path followed by field. The path is
// built only for a finding.
func (b *Backing) add(o backingOption, m *Model, field string, at site, subject Element) {
	if len(o.impls) == 0 && len(o.fns) == 0 && len(o.proofs) == 0 {
		return
	}
	path := subject.Path() + field
	for _, impl := range o.impls {
		if strings.TrimSpace(impl.Name) == "" {
			m.record(CodeBadEvidence, path+".implementedBy", at, subject, "ImplementedAt was given an implementation without a name")
			continue
		}
		b.Implementations = append(b.Implementations, impl)
	}
	for _, fn := range o.fns {
		impl, msg := implementationOf(fn)
		if msg != "" {
			m.record(CodeBadEvidence, path+".implementedBy", at, subject, msg)
			continue
		}
		b.Implementations = append(b.Implementations, impl)
	}
	for _, p := range o.proofs {
		if msg := p.problem(); msg != "" {
			m.record(CodeBadEvidence, path+".provedBy", at, subject, msg)
			continue
		}
		b.Proofs = append(b.Proofs, p)
	}
}

func (b Backing) clone() Backing {
	return Backing{Implementations: clone(b.Implementations), Proofs: clone(b.Proofs)}
}

// implementationOf records a function value's name and declaration, or
// says why fn is not one.
func implementationOf(fn any) (Implementation, string) {
	v := reflect.ValueOf(fn)
	if !v.IsValid() {
		return Implementation{}, "ImplementedBy was given nil, not the function that implements the control"
	}
	if v.Kind() != reflect.Func {
		return Implementation{}, "ImplementedBy takes the function or method that implements the control, not " + reflect.TypeOf(fn).String()
	}
	if v.IsNil() {
		return Implementation{}, "ImplementedBy was given a nil function"
	}
	f := runtime.FuncForPC(v.Pointer())
	if f == nil {
		return Implementation{}, "ImplementedBy was given a function the runtime cannot name"
	}
	name, wrapper := strings.CutSuffix(f.Name(), "-fm")
	impl := Implementation{Name: name}
	if file, line := f.FileLine(f.Entry()); !wrapper && line > 0 && !strings.HasPrefix(file, "<") {
		impl.Pos = Pos{File: file, Line: line}
	}
	return impl, ""
}

// backingOption holds what ImplementedBy and ProvedBy give.
type backingOption struct {
	fns    []any
	impls  []Implementation
	proofs []Proof
}

// ImplementedBy names the Go function or method that implements the
// controls: the middleware that enforces rate limits, the validator, the
// authorization check. Pass the function itself (a method expression such
// as (*Limiter).Allow records where the method is declared); anything that
// is not a function is a finding (TM009).
func (o ControlsOption) ImplementedBy(fns ...any) ControlsOption {
	o.backing.fns = append(append([]any(nil), o.backing.fns...), fns...)
	return o
}

// ImplementedAt records implementations already named: the qualified
// name and declaration of each function, as ImplementedBy records them.
// It is for a decoder reading a model written down (package modeljson);
// a model declared in Go passes the functions to ImplementedBy, so that a
// rename breaks the build.
func (o ControlsOption) ImplementedAt(impls ...Implementation) ControlsOption {
	o.backing.impls = append(append([]Implementation(nil), o.backing.impls...), impls...)
	return o
}

// ProvedBy names what proves the controls work: Go tests (GoTest), policy
// files (PolicyFile), external reports (External). A proof that is not
// well formed is a finding (TM009).
func (o ControlsOption) ProvedBy(proofs ...Proof) ControlsOption {
	o.backing.proofs = append(append([]Proof(nil), o.backing.proofs...), proofs...)
	return o
}

// ImplementedBy names the Go function or method that implements a
// mitigation, as ControlsOption.ImplementedBy does for controls.
func ImplementedBy(fns ...any) MitigationOption {
	return mitigationFunc(func(mi *Mitigation) {
		mi.backing.add(backingOption{fns: fns}, mi.m, "", mi.at, mi)
	})
}

// ImplementedAt records a mitigation's implementations already named, as
// ControlsOption.ImplementedAt does for controls.
func ImplementedAt(impls ...Implementation) MitigationOption {
	return mitigationFunc(func(mi *Mitigation) {
		mi.backing.add(backingOption{impls: impls}, mi.m, "", mi.at, mi)
	})
}

// ProvedBy names what proves a mitigation works, as
// ControlsOption.ProvedBy does for controls.
func ProvedBy(proofs ...Proof) MitigationOption {
	return mitigationFunc(func(mi *Mitigation) {
		mi.backing.add(backingOption{proofs: proofs}, mi.m, "", mi.at, mi)
	})
}

// Backing returns the code that implements the mitigation and the proofs
// that it works.
func (mi *Mitigation) Backing() Backing { return mi.backing.clone() }

// Proofs returns every proof the model declares, each once: those of the
// components' controls, then the flows', then the mitigations', each in
// declaration order.
func (m *Model) Proofs() []Proof {
	if m == nil {
		return nil
	}
	seen := make(map[Proof]bool)
	var out []Proof
	add := func(b Backing) {
		for _, p := range b.Proofs {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	for _, c := range m.components {
		for _, s := range c.controlSrc {
			add(s.Backing)
		}
	}
	for _, f := range m.flows {
		for _, s := range f.controlSrc {
			add(s.Backing)
		}
	}
	for _, mi := range m.mitigations {
		add(mi.backing)
	}
	return out
}
