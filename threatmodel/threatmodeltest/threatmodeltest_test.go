package threatmodeltest_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/threatwright/threatwright/internal/synth"
	tm "github.com/threatwright/threatwright/threatmodel"
	"github.com/threatwright/threatwright/threatmodel/threatmodeltest"
)

// recorder is a fake testing.TB that records what Run reports. Methods it
// does not override panic through the nil embedded TB, so a call Run must
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

// incomplete has three gaps on two elements and one warning.
func incomplete() *tm.Model {
	m := tm.New("Orders API", tm.Owner("Payments team"))
	m.ThreatContext("Holds orders.", "Worst case: orders leak.")
	internet := m.Zone("Internet", tm.Untrusted)
	vpc := m.Zone("VPC", tm.Trusted)
	m.Zone("Spare", tm.Trusted) // TM304, a warning
	user := m.ExternalEntity("Customer", internet, tm.Description("A shopper."))
	api := m.Process("Orders service", vpc, tm.Technology("Go"), tm.Description("Orders."),
		tm.ErrorHandling("Stack traces", "Generic errors")) // TM113
	orders := m.DataAsset("Orders", tm.Value(tm.High), tm.RiskLevel(tm.Critical), tm.Classified(tm.Internal),
		tm.Lifecycle(tm.DataLifecycle{AtRest: "Disk", InTransit: "TLS", Deletion: "30 days", AccessControl: "Service"}))
	m.Flow(user, api, "Place order", tm.Over(tm.HTTPS, 443), tm.AuthN(tm.JWT), tm.AuthZ(tm.Scopes),
		tm.Carries(orders)) // TM121
	m.Flow(user, api, "Place order", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT),
		tm.AuthZ(tm.Scopes), tm.Carries(orders)) // TM002
	return m
}

func TestRunReportsEachGap(t *testing.T) {
	m := incomplete()
	var want []*tm.Finding
	for _, f := range m.Findings() {
		if f.Severity != tm.SeverityWarning {
			want = append(want, f)
		}
	}
	if len(want) != 3 {
		t.Fatalf("the incomplete model has %d blocking findings, want 3", len(want))
	}
	r := &recorder{}
	threatmodeltest.Run(r, m)
	if len(r.errors) != len(want) {
		t.Fatalf("Run reported %d errors, want one per finding (%d):\n%s", len(r.errors), len(want), strings.Join(r.errors, "\n"))
	}
	for i, f := range want {
		got := r.errors[i]
		for _, part := range []string{string(f.Code), f.Path, f.Pos.String()} {
			if !strings.Contains(got, part) {
				t.Errorf("error %d = %q, want it to name %q", i, got, part)
			}
		}
	}
	if r.helpers == 0 {
		t.Error("Run did not call t.Helper")
	}
}

func TestRunSilentOnCompleteModel(t *testing.T) {
	for _, n := range []int{synth.MinComponents, 100} {
		r := &recorder{}
		threatmodeltest.Run(r, synth.Model(n))
		if len(r.errors) != 0 {
			t.Errorf("Run on a complete model of %d components reported:\n%s", n, strings.Join(r.errors, "\n"))
		}
	}
	// Warnings alone do not fail the test.
	m := synth.Model(synth.MinComponents)
	m.Zone("Spare", tm.Trusted)
	r := &recorder{}
	threatmodeltest.Run(r, m)
	if len(r.errors) != 0 {
		t.Errorf("Run reported warnings:\n%s", strings.Join(r.errors, "\n"))
	}
}

func TestRunNilModel(t *testing.T) {
	r := &recorder{}
	threatmodeltest.Run(r, nil)
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], string(tm.CodeNilReference)) {
		t.Errorf("Run(nil) reported %q, want one TM003 error", r.errors)
	}
}

func TestCheck(t *testing.T) {
	if err := threatmodeltest.Check(synth.Model(100)); err != nil {
		t.Errorf("Check(complete model) = %v, want nil", err)
	}
	m := incomplete()
	err := threatmodeltest.Check(m)
	var f *tm.Finding
	if !errors.As(err, &f) {
		t.Fatalf("Check(incomplete model) = %v, want *threatmodel.Finding errors", err)
	}
	var got []tm.Code
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		got = append(got, e.(*tm.Finding).Code)
	}
	want := []tm.Code{tm.CodeNoRuntime, tm.CodeNoEncryption, tm.CodeDuplicateName}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Check codes (-want +got):\n%s", diff)
	}
}
