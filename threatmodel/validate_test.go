package threatmodel_test

import (
	"cmp"
	"errors"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// incomplete returns a fixture with gaps, structural errors and warnings
// spread over several elements; testdata/incomplete.golden lists them. Keep
// the declarations on these lines or rerun the golden test with -update.
func incomplete() *fixture {
	f := newFixture()
	f.m.Process("Worker", f.vpc)                                           // TM110 TM111 TM112 TM113 TM302
	f.m.Flow(f.customer, f.api, "Upload")                                  // TM120-TM124
	f.m.Flow(f.api, f.api, "Loop", tm.Over(0, 0), tm.Over(0, 0))           // TM007, TM005 twice at one site
	f.m.Zone("Spare", tm.Trusted)                                          // TM304
	f.m.Secret("Token")                                                    // TM140-TM144
	f.m.Threat("Replay", tm.Spoofing)                                      // TM170-TM173
	f.m.DataAsset("Invoices", tm.Lifecycle(tm.DataLifecycle{AtRest: "x"})) // TM150-TM152, TM155-TM157, TM303
	return f
}

func TestValidateNilOnCompleteModel(t *testing.T) {
	if err := newFixture().m.Validate(); err != nil {
		t.Errorf("Validate() = %v, want nil", err)
	}
	if err := serverlessLike().Validate(); err != nil {
		t.Errorf("Validate() of the serverless-like model = %v, want nil", err)
	}
}

func TestValidateJoinsFindings(t *testing.T) {
	m := incomplete().m
	err := m.Validate()
	if err == nil {
		t.Fatal("Validate() = nil, want the gaps")
	}
	var first *tm.Finding
	if !errors.As(err, &first) {
		t.Fatalf("errors.As(%T, *Finding) = false", err)
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("Validate() returned %T, want an errors.Join error", err)
	}
	var got []*tm.Finding
	for _, e := range joined.Unwrap() {
		f, ok := e.(*tm.Finding)
		if !ok {
			t.Fatalf("joined error %T is not a *Finding", e)
		}
		got = append(got, f)
	}
	var want []*tm.Finding
	for _, f := range m.Findings() {
		if f.Severity != tm.SeverityWarning {
			want = append(want, f)
		}
	}
	if diff := gocmp.Diff(keysInOrder(want), keysInOrder(got)); diff != "" {
		t.Errorf("Validate() findings differ from the non-warning Findings() (-want +got):\n%s", diff)
	}
	if first != got[0] {
		t.Errorf("errors.As found %s %s, want the first finding %s %s", first.Code, first.Path, got[0].Code, got[0].Path)
	}
	// The joined message has one line per finding.
	if n := strings.Count(err.Error(), "\n") + 1; n != len(got) {
		t.Errorf("Validate().Error() has %d lines, want %d", n, len(got))
	}
}

func keysInOrder(fs []*tm.Finding) []key {
	var out []key
	for _, f := range fs {
		out = append(out, key{f.Code, f.Path})
	}
	return out
}

func TestWarningsOnlyInFindings(t *testing.T) {
	f := newFixture()
	f.m.Zone("Spare", tm.Trusted)
	f.m.Process("Idle", f.vpc, processOpts()...)
	if err := f.m.Validate(); err != nil {
		t.Errorf("Validate() = %v, want nil: warnings do not fail validation", err)
	}
	want := []key{{tm.CodeUnconnected, `components["Idle"]`}, {tm.CodeEmptyZone, `zones["Spare"]`}}
	sortKeys(want)
	if diff := gocmp.Diff(want, keys(f.m.Findings())); diff != "" {
		t.Errorf("Findings() mismatch (-want +got):\n%s", diff)
	}
	for _, fd := range f.m.Findings() {
		if fd.Severity != tm.SeverityWarning {
			t.Errorf("%s %s has severity %v, want warning", fd.Code, fd.Path, fd.Severity)
		}
	}
}

func TestFindingsSortedAndUnique(t *testing.T) {
	fs := incomplete().m.Findings()
	if len(fs) < 20 {
		t.Fatalf("got %d findings, want at least 20 from the incomplete model", len(fs))
	}
	cmpFinding := func(a, b *tm.Finding) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Path, b.Path), cmp.Compare(a.Code, b.Code), cmp.Compare(a.Message, b.Message))
	}
	if !slices.IsSortedFunc(fs, cmpFinding) {
		t.Errorf("Findings() is not sorted by file, line, path, code:\n%v", keysInOrder(fs))
	}
	for i := 1; i < len(fs); i++ {
		if cmpFinding(fs[i-1], fs[i]) == 0 {
			t.Errorf("duplicate finding %s %s at %v", fs[i].Code, fs[i].Path, fs[i].Pos)
		}
	}
	// Over(0, 0) twice on one flow records the same problem twice; it is
	// reported once.
	n := 0
	for _, f := range fs {
		if f.Code == tm.CodeInvalidValue && f.Path == `flows["Orders service → Orders service: Loop"].protocol` {
			n++
		}
	}
	if n != 1 {
		t.Errorf("got %d TM005 findings for the repeated invalid protocol, want 1", n)
	}
	for _, f := range fs {
		if f.Severity != f.Code.Severity() {
			t.Errorf("%s %s has severity %v, want %v", f.Code, f.Path, f.Severity, f.Code.Severity())
		}
	}
}

func TestFindingsDeterministic(t *testing.T) {
	m := incomplete().m
	a, b := m.Findings(), m.Findings()
	if diff := gocmp.Diff(findingValues(a), findingValues(b)); diff != "" {
		t.Errorf("two calls of Findings() differ (-first +second):\n%s", diff)
	}
	// Changing a returned finding does not change the model.
	for _, f := range a {
		f.Path, f.Pos = "changed", tm.Pos{}
	}
	if diff := gocmp.Diff(findingValues(b), findingValues(m.Findings())); diff != "" {
		t.Errorf("editing returned findings changed the model's findings (-before +after):\n%s", diff)
	}
}

// findingValue is a Finding without its Subject (an element graph).
type findingValue struct {
	Code     tm.Code
	Severity tm.Severity
	Path     string
	Pos      tm.Pos
	Message  string
}

func findingValues(fs []*tm.Finding) []findingValue {
	out := make([]findingValue, 0, len(fs))
	for _, f := range fs {
		out = append(out, findingValue{f.Code, f.Severity, f.Path, f.Pos, f.Message})
	}
	return out
}

// TestFindingsConcurrent validates one model from many goroutines; run with
// -race.
func TestFindingsConcurrent(t *testing.T) {
	m := incomplete().m
	want := findingValues(m.Findings())
	var wg sync.WaitGroup
	results := make([][]findingValue, 8)
	for i := range results {
		wg.Go(func() {
			_ = m.Validate()
			results[i] = findingValues(m.Findings())
		})
	}
	wg.Wait()
	for i, got := range results {
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Errorf("goroutine %d: Findings() mismatch (-want +got):\n%s", i, diff)
		}
	}
}

func TestFindingError(t *testing.T) {
	f := &tm.Finding{Code: tm.CodeNoOwner, Path: "model.owner", Pos: tm.Pos{File: "model.go", Line: 7}, Message: "name the owner"}
	if got, want := f.Error(), "model.go:7: model.owner: name the owner [TM102]"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	f.Pos = tm.Pos{}
	if got, want := f.Error(), "-: model.owner: name the owner [TM102]"; got != want {
		t.Errorf("Error() without position = %q, want %q", got, want)
	}
}

func TestNilModelFindings(t *testing.T) {
	var m *tm.Model
	want := []key{{tm.CodeNilReference, "model"}}
	if diff := gocmp.Diff(want, keys(m.Findings())); diff != "" {
		t.Errorf("Findings() mismatch (-want +got):\n%s", diff)
	}
	var f *tm.Finding
	if err := m.Validate(); !errors.As(err, &f) || f.Code != tm.CodeNilReference {
		t.Errorf("Validate() = %v, want a TM003 finding", err)
	}
}

// TestWaiver checks that a waiver removes one code on one element and
// nothing else.
func TestWaiver(t *testing.T) {
	f := newFixture()
	a := f.m.Process("A", f.vpc)
	b := f.m.Process("B", f.vpc)
	f.link(a)
	f.link(b)
	before := keys(f.m.Findings())
	f.m.Waive(tm.CodeNoDescription, a, "A is described in its runbook")

	var want []key
	for _, k := range before {
		if k != (key{tm.CodeNoDescription, `components["A"].description`}) {
			want = append(want, k)
		}
	}
	if len(want) != len(before)-1 {
		t.Fatalf("the fixture lacks the TM110 finding on A: %v", before)
	}
	if diff := gocmp.Diff(want, keys(f.m.Findings())); diff != "" {
		t.Errorf("Findings() after the waiver (-want +got):\n%s", diff)
	}
	if err := f.m.Validate(); err == nil {
		t.Error("Validate() = nil, want the findings the waiver does not cover")
	}
}

func TestWaiverOfWarning(t *testing.T) {
	f := newFixture()
	idle := f.m.Process("Idle", f.vpc, processOpts()...)
	f.m.Waive(tm.CodeUnconnected, idle, "Called by a cron outside the model")
	if got := keys(f.m.Findings()); len(got) != 0 {
		t.Errorf("Findings() = %v, want none", got)
	}
}

// TestWaiverFindings covers the waivers that are themselves reported.
func TestWaiverFindings(t *testing.T) {
	f := newFixture()
	worker := f.m.Process("Worker", f.vpc, tm.Technology("Go"), tm.ErrorHandling("e", "m"), tm.Runtime("r", "m"))
	f.link(worker)
	f.m.Waive(tm.CodeNoDescription, worker, " ")                    // matches, no reason
	f.m.Waive(tm.CodeNoTechnology, worker, "Worker has technology") // stale
	f.m.Waive("TM000", worker, "Typo")                              // unknown
	f.m.Waive(tm.CodeDuplicateName, worker, "Structural")           // not waivable
	f.m.Waive(tm.CodeNoOwner, tm.AnyResource(), "Model-level")      // targets nothing that has findings
	want := []key{
		{tm.CodeNoWaiverReason, `waivers[TM110 on components["Worker"]].reason`},
		{tm.CodeStaleWaiver, `waivers[TM111 on components["Worker"]]`},
		{tm.CodeBadWaiver, `waivers[TM000 on components["Worker"]]`},
		{tm.CodeBadWaiver, `waivers[TM002 on components["Worker"]]`},
		{tm.CodeStaleWaiver, `waivers[TM102 on "*"]`},
	}
	sortKeys(want)
	if diff := gocmp.Diff(want, keys(f.m.Findings())); diff != "" {
		t.Errorf("Findings() mismatch (-want +got):\n%s", diff)
	}
	ws := f.m.Waivers()
	if len(ws) != 5 || ws[0].Code() != tm.CodeNoDescription || ws[0].Target() != tm.Element(worker) || ws[0].Reason() != " " {
		t.Errorf("Waivers() does not return the waivers as declared: %v", ws)
	}
}

// thisLine returns the line of its caller.
func thisLine() int {
	_, _, line, _ := runtime.Caller(1)
	return line
}

func TestPosPointsAtDeclaration(t *testing.T) {
	f := newFixture()
	line := thisLine() + 1
	worker := f.m.Process("Worker", f.vpc,
		tm.Technology("Go"))
	f.link(worker)
	fs := f.m.Findings()
	if len(fs) == 0 {
		t.Fatal("no findings")
	}
	for _, fd := range fs {
		if base := filepath.Base(fd.Pos.File); base != "validate_test.go" || fd.Pos.Line != line {
			t.Errorf("%s %s at %s:%d, want validate_test.go:%d", fd.Code, fd.Path, base, fd.Pos.Line, line)
		}
		if fd.Subject != tm.Element(worker) {
			t.Errorf("%s %s: Subject = %v, want the worker", fd.Code, fd.Path, fd.Subject)
		}
		if !fd.Pos.IsValid() || fd.Pos.Line <= 0 {
			t.Errorf("%s %s: invalid position %v", fd.Code, fd.Path, fd.Pos)
		}
	}
	if got := worker.Pos(); got != fs[0].Pos {
		t.Errorf("worker.Pos() = %v, want %v", got, fs[0].Pos)
	}

	// Structural findings recorded while declaring point at the call too.
	line = thisLine() + 1
	f.m.Flow(f.api, f.api, "Loop")
	for _, fd := range f.m.Findings() {
		if fd.Code == tm.CodeSelfFlow && (filepath.Base(fd.Pos.File) != "validate_test.go" || fd.Pos.Line != line) {
			t.Errorf("TM007 at %v, want validate_test.go:%d", fd.Pos, line)
		}
	}

	// Model-level findings point at New or at ThreatContext.
	line = thisLine() + 1
	m := tm.New("No owner")
	if got := m.Pos(); filepath.Base(got.File) != "validate_test.go" || got.Line != line {
		t.Errorf("Model.Pos() = %v, want validate_test.go:%d", got, line)
	}
	for _, fd := range m.Findings() {
		if fd.Pos.Line != line {
			t.Errorf("%s %s at line %d, want %d", fd.Code, fd.Path, fd.Pos.Line, line)
		}
	}
}

func TestPosString(t *testing.T) {
	for _, tc := range []struct {
		pos   tm.Pos
		valid bool
		str   string
	}{
		{tm.Pos{}, false, "-"},
		{tm.Pos{File: "a.go"}, false, "-"},
		{tm.Pos{Line: 3}, false, "-"},
		{tm.Pos{File: "a.go", Line: 3}, true, "a.go:3"},
	} {
		if got := tc.pos.IsValid(); got != tc.valid {
			t.Errorf("%#v.IsValid() = %v, want %v", tc.pos, got, tc.valid)
		}
		if got := tc.pos.String(); got != tc.str {
			t.Errorf("%#v.String() = %q, want %q", tc.pos, got, tc.str)
		}
	}
}

// TestWaiveModel waives a model-level finding: the model has no owner.
func TestWaiveModel(t *testing.T) {
	m := tm.New("Flat")
	m.ThreatContext("Interest", "Worst case")
	z := m.Zone("Everything", tm.Trusted)
	a := m.Process("A", z, processOpts()...)
	b := m.Process("B", z, processOpts()...)
	m.Flow(a, b, "Call")
	want := []key{{tm.CodeNoOwner, "model.owner"}, {tm.CodeNoBoundaryFlow, "model"}}
	sortKeys(want)
	if diff := gocmp.Diff(want, keys(m.Findings())); diff != "" {
		t.Fatalf("Findings() before the waiver (-want +got):\n%s", diff)
	}
	w := m.WaiveModel(tm.CodeNoBoundaryFlow, "A single-process tool: nothing crosses a boundary")
	if w.Target() != nil || w.Path() != "waivers[TM305 on model]" {
		t.Errorf("waiver target %v, path %q", w.Target(), w.Path())
	}
	if diff := gocmp.Diff([]key{{tm.CodeNoOwner, "model.owner"}}, keys(m.Findings())); diff != "" {
		t.Errorf("Findings() after the waiver (-want +got):\n%s", diff)
	}
	// A model-level waiver that matches nothing is stale.
	m.WaiveModel(tm.CodeNoThreatContext, "Written elsewhere")
	want = []key{{tm.CodeNoOwner, "model.owner"}, {tm.CodeStaleWaiver, "waivers[TM101 on model]"}}
	sortKeys(want)
	if diff := gocmp.Diff(want, keys(m.Findings())); diff != "" {
		t.Errorf("Findings() with a stale model waiver (-want +got):\n%s", diff)
	}
}

// TestApplyWaivers checks that validation leaves the waivers of analysis
// codes to their stage, and that a stage applies only its own.
func TestApplyWaivers(t *testing.T) {
	f := newFixture()
	role := f.m.Roles()[0]
	f.m.Waive(tm.CodeBroadResource, role, "The table is the only resource in the account")
	f.m.Waive(tm.CodeAcceptanceExpired, role, "")
	if got := keys(f.m.Findings()); len(got) != 0 {
		t.Fatalf("Findings() = %v: validation must not judge waivers of ST and RCH codes", got)
	}
	broad := &tm.Finding{Code: tm.CodeBroadResource, Severity: tm.SeverityWarning, Path: role.Path() + ".permissions[0]", Subject: role}
	unused := &tm.Finding{Code: tm.CodeUnusedPermission, Severity: tm.SeverityWarning, Path: role.Path() + ".permissions[1]", Subject: role}
	in := []*tm.Finding{broad, unused}
	got := f.m.ApplyWaivers(tm.StageReach, in)
	if len(got) != 1 || got[0] != unused {
		t.Errorf("ApplyWaivers(reach) = %v, want the unwaived RCH001 alone", got)
	}
	if in[0] != broad || in[1] != unused {
		t.Error("ApplyWaivers changed its argument")
	}
	// The ST waiver has no reason, and matches nothing: both are reported
	// by the analysis stage, with the waiver's position.
	got = f.m.ApplyWaivers(tm.StageAnalyze, nil)
	wantST := []key{{tm.CodeNoWaiverReason, `waivers[ST001 on roles["` + role.Name() + `"]].reason`}, {tm.CodeStaleWaiver, `waivers[ST001 on roles["` + role.Name() + `"]]`}}
	if diff := gocmp.Diff(wantST, keys(got)); diff != "" {
		t.Errorf("ApplyWaivers(analyze) (-want +got):\n%s", diff)
	}
	for _, g := range got {
		if !g.Pos.IsValid() {
			t.Errorf("%s has no position", g.Code)
		}
	}
}
