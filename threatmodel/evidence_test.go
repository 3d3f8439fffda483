package threatmodel_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// limiter stands for the code that implements a control.
type limiter struct{}

func (*limiter) Allow(string) bool { return true }

func validate(string) error { return nil }

// TestImplementedByRecordsNameAndPosition: a function and a method
// expression are recorded with their qualified name and declaration; a
// method value with its name only (the runtime reaches it through a
// generated wrapper).
func TestImplementedByRecordsNameAndPosition(t *testing.T) {
	f := newFixture()
	l := &limiter{}
	opt := tm.Controls(tm.InputValidation, tm.RateLimiting).ImplementedBy(validate, (*limiter).Allow, l.Allow).
		ProvedBy(tm.GoTest("example.com/orders/api", "TestValidate"), tm.PolicyFile("policy/limits.rego"))
	c := f.m.Process("Edge", f.m.Zones()[0], processOpts(opt)...)
	src := c.ControlSources(tm.RateLimiting)
	if len(src) != 1 {
		t.Fatalf("ControlSources(RateLimiting) = %d sources, want 1", len(src))
	}
	impls := src[0].Backing.Implementations
	var got []string
	for _, im := range impls {
		pos := "-"
		if im.Pos.IsValid() {
			pos = filepath.Base(im.Pos.File)
		}
		got = append(got, strings.TrimPrefix(im.Name, "github.com/threatwright/threatwright/threatmodel_test.")+" "+pos)
	}
	want := []string{"validate evidence_test.go", "(*limiter).Allow evidence_test.go", "(*limiter).Allow -"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("implementations (-want +got):\n%s", diff)
	}
	if impls[0].Pos.Line != 19 || impls[1].Pos.Line != 17 {
		t.Errorf("declaration lines = %d, %d, want 19 (validate) and 17 ((*limiter).Allow)", impls[0].Pos.Line, impls[1].Pos.Line)
	}
	// Both controls of the option share the backing; the input validation's
	// source names the same proofs.
	if diff := cmp.Diff(src[0].Backing.Proofs, c.ControlSources(tm.InputValidation)[0].Backing.Proofs); diff != "" {
		t.Errorf("the two controls' proofs differ (-rate limiting +input validation):\n%s", diff)
	}
	if n := len(f.m.Findings()); n != 1 { // TM302: the new process has no flow
		t.Errorf("Findings() = %v, want only TM302", f.m.Findings())
	}
}

// TestMitigationBackingReachesItsControls: a mitigation's implementation
// and proofs travel with the controls it puts on elements, and
// Model.Proofs lists every proof once.
func TestMitigationBackingReachesItsControls(t *testing.T) {
	f := newFixture()
	pen := tm.External("PT-2026-11 tenant isolation", time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	test := tm.GoTest("example.com/orders/api", "TestTenantIsolation/other_tenant_refused")
	mi := f.m.Mitigation("Tenant check", tm.Implements(tm.Authorization), tm.On(f.api),
		tm.ImplementedBy(validate), tm.ProvedBy(test, pen))
	f.m.Mitigation("Second", tm.Implements(tm.Authorization), tm.On(f.api), tm.ProvedBy(test))
	var fromMitigation []tm.ControlSource
	for _, s := range f.api.ControlSources(tm.Authorization) {
		if s.Mitigation == mi {
			fromMitigation = append(fromMitigation, s)
		}
	}
	if len(fromMitigation) != 1 {
		t.Fatalf("sources from the mitigation = %d, want 1", len(fromMitigation))
	}
	if diff := cmp.Diff(mi.Backing(), fromMitigation[0].Backing); diff != "" {
		t.Errorf("the source's backing differs from the mitigation's (-mitigation +source):\n%s", diff)
	}
	if got := f.m.Proofs(); !slices.Equal(got, []tm.Proof{test, pen}) {
		t.Errorf("Model.Proofs() = %v, want the test then the pen test, once each", got)
	}
	if got, want := pen.String(), "PT-2026-11 tenant isolation (2026-10-01)"; got != want {
		t.Errorf("External.String() = %q, want %q", got, want)
	}
	if got, want := test.String(), "example.com/orders/api.TestTenantIsolation/other_tenant_refused"; got != want {
		t.Errorf("GoTest.String() = %q, want %q", got, want)
	}
	if len(f.m.Findings()) != 0 {
		t.Errorf("Findings() = %v, want none", f.m.Findings())
	}
}

func TestProofStateText(t *testing.T) {
	for _, s := range []tm.ProofState{tm.ProofUnverified, tm.ProofVerified, tm.ProofFailing, tm.ProofMissing, tm.ProofSkipped} {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back tm.ProofState
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("%v: round trip gave %v, %v", s, back, err)
		}
	}
	if got := tm.ProofFailing.String(); got != "Failing" {
		t.Errorf("ProofFailing.String() = %q", got)
	}
}
