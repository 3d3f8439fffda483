package threatmodel_test

import (
	"fmt"
	"os"
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
	if v, a := lineOf(t, "func validate("), lineOf(t, "func (*limiter) Allow("); impls[0].Pos.Line != v || impls[1].Pos.Line != a {
		t.Errorf("declaration lines = %d, %d, want %d (validate) and %d ((*limiter).Allow)", impls[0].Pos.Line, impls[1].Pos.Line, v, a)
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

// lineOf returns the line of this file that starts with prefix.
func lineOf(t *testing.T, prefix string) int {
	t.Helper()
	b, err := os.ReadFile("evidence_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, prefix) {
			return i + 1
		}
	}
	t.Fatalf("no line starts with %q", prefix)
	return 0
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

// ratelimitAllow stands for the middleware that enforces a rate limit.
func ratelimitAllow(tenant string) bool { return tenant != "" }

// A control names the Go function that implements it and the test that
// proves it works; a mitigation names a dated penetration test.
func ExampleControlsOption_ProvedBy() {
	m := tm.New("Shop")
	api := m.Process("API", m.Zone("Cloud", tm.Trusted),
		tm.Controls(tm.RateLimiting).
			ImplementedBy(ratelimitAllow).
			ProvedBy(tm.GoTest("example.com/shop/ratelimit", "TestLimiterRefusesBurst")))
	m.Mitigation("Tenant isolation", tm.Implements(tm.Authorization), tm.On(api),
		tm.ProvedBy(tm.External("Pen test PT-2026-09", time.Date(2026, 9, 18, 0, 0, 0, 0, time.UTC))))

	src := api.ControlSources(tm.RateLimiting)[0]
	impl := src.Backing.Implementations[0]
	fmt.Println(strings.TrimPrefix(impl.Name, "github.com/threatwright/threatwright/"), filepath.Base(impl.Pos.File))
	for _, p := range m.Proofs() {
		fmt.Println(p.Kind, p)
	}
	// Output:
	// threatmodel_test.ratelimitAllow evidence_test.go
	// Go test example.com/shop/ratelimit.TestLimiterRefusesBurst
	// External Pen test PT-2026-09 (2026-09-18)
}
