package verify_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	tm "github.com/threatwright/threatwright/threatmodel"
	"github.com/threatwright/threatwright/verify"
)

const shop = "example.com/shop"

// readRun reads testdata/run.json: the real go test -json output of the
// fixture module in testdata/repo, where one test passes, one fails (the
// validator's size check is off by one), one skips and one package does
// not build.
func readRun(t *testing.T) *verify.Results {
	t.Helper()
	f, err := os.Open("testdata/run.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := verify.Read(f, verify.Root("testdata/repo"))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

type checkCase struct {
	proof  tm.Proof
	state  tm.ProofState
	detail string // a part of the detail
	pos    string // file:line relative to testdata/repo, "" for none
}

func checkAll(t *testing.T, res *verify.Results, cases []checkCase) {
	t.Helper()
	root, err := filepath.Abs("testdata/repo")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		got := res.Check(c.proof)
		pos := ""
		if got.Pos.IsValid() {
			r, _ := filepath.Rel(root, got.Pos.File)
			pos = fmt.Sprintf("%s:%d", filepath.ToSlash(r), got.Pos.Line)
		}
		if got.State != c.state || !strings.Contains(got.Detail, c.detail) || pos != c.pos {
			t.Errorf("Check(%v) = %v %q at %q, want %v (detail with %q) at %q", c.proof, got.State, got.Detail, pos, c.state, c.detail, c.pos)
		}
	}
}

// TestCheckEachState: every state a proof can be in, from one real run.
func TestCheckEachState(t *testing.T) {
	pen := tm.External("PT-2026-11", time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	checkAll(t, readRun(t), []checkCase{
		{tm.GoTest(shop+"/api", "TestLimiterRefusesBurst"), tm.ProofVerified, "passed", "api/api_test.go:8"},
		{tm.GoTest(shop+"/api", "TestLimiterRefusesBurst/other_key"), tm.ProofVerified, "passed", "api/api_test.go:8"},
		{tm.GoTest(shop+"/api", "TestValidateRejectsOversize"), tm.ProofFailing, "a 65-byte name was accepted", "api/api_test.go:22"},
		{tm.GoTest(shop+"/api", "TestAuthorizationAcrossTenants"), tm.ProofSkipped, "needs a database", "api/api_test.go:28"},
		{tm.GoTest(shop+"/api", "TestRenamed"), tm.ProofMissing, "no test function TestRenamed in package " + shop + "/api", ""},
		{tm.GoTest(shop+"/gone", "TestX"), tm.ProofMissing, "no package " + shop + "/gone", ""},
		{tm.GoTest(shop+"/broken", "TestAnswer"), tm.ProofFailing, "did not build", "broken/broken_test.go:5"},
		{tm.GoTest("example.com/elsewhere", "TestX"), tm.ProofUnverified, "not run", ""},
		{tm.PolicyFile("policy/limits.rego"), tm.ProofVerified, "in the repository", "policy/limits.rego:1"},
		{tm.PolicyFile("policy/none.rego"), tm.ProofMissing, "no file policy/none.rego", ""},
		{pen, tm.ProofUnverified, "external", ""},
	})
}

// TestRepositoryWithoutRun: without a run, a test the source has is
// unverified and one it lacks is missing.
func TestRepositoryWithoutRun(t *testing.T) {
	checkAll(t, verify.Repository(verify.Root("testdata/repo")), []checkCase{
		{tm.GoTest(shop+"/api", "TestLimiterRefusesBurst"), tm.ProofUnverified, "not run", "api/api_test.go:8"},
		{tm.GoTest(shop+"/api", "TestRenamed"), tm.ProofMissing, "no test function", ""},
	})
}

// TestWithoutSourceAPackageThatRanLacksTheTest: outside the module the
// source cannot be read; a package that ran and never mentioned the test
// has none by that name.
func TestWithoutSourceAPackageThatRanLacksTheTest(t *testing.T) {
	stream := `{"Action":"run","Package":"example.com/x","Test":"TestA"}
{"Action":"pass","Package":"example.com/x","Test":"TestA"}
{"Action":"pass","Package":"example.com/x"}
`
	res, err := verify.Read(strings.NewReader(stream), verify.Root(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	checkAll(t, res, []checkCase{
		{tm.GoTest("example.com/x", "TestA"), tm.ProofVerified, "passed", ""},
		{tm.GoTest("example.com/x", "TestB"), tm.ProofMissing, "ran without a test TestB", ""},
		{tm.GoTest("example.com/y", "TestA"), tm.ProofUnverified, "not run", ""},
	})
}

// TestWriteJSONRoundTrips: the short stream WriteJSON writes reads back to
// the same checks, and is the same bytes every time.
func TestWriteJSONRoundTrips(t *testing.T) {
	res := readRun(t)
	var a, b bytes.Buffer
	if err := res.WriteJSON(&a); err != nil {
		t.Fatal(err)
	}
	if err := readRun(t).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Error("WriteJSON wrote different bytes for the same run")
	}
	if strings.Contains(a.String(), "Time") || strings.Contains(a.String(), "Elapsed") {
		t.Errorf("WriteJSON kept times:\n%s", a.String())
	}
	back, err := verify.Read(&a, verify.Root("testdata/repo"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []tm.Proof{
		tm.GoTest(shop+"/api", "TestLimiterRefusesBurst"), tm.GoTest(shop+"/api", "TestValidateRejectsOversize"),
		tm.GoTest(shop+"/api", "TestAuthorizationAcrossTenants"),
	} {
		if diff := cmp.Diff(res.Check(p), back.Check(p)); diff != "" {
			t.Errorf("Check(%v) after a round trip (-before +after):\n%s", p, diff)
		}
	}
}

func TestReadRejectsAStreamWithoutEvents(t *testing.T) {
	if _, err := verify.Read(strings.NewReader("ok  \texample.com/x\t0.1s\n")); err == nil {
		t.Error("Read of plain go test output = nil error, want one: it proves nothing")
	}
}

// TestGoTestArgs: the go command that runs exactly the named tests, a
// subtest with its whole top-level test.
func TestGoTestArgs(t *testing.T) {
	m := tm.New("Shop")
	z := m.Zone("Cluster", tm.Trusted)
	m.Process("API", z, tm.Controls(tm.RateLimiting).ProvedBy(
		tm.GoTest(shop+"/api", "TestLimiterRefusesBurst/other_key"), tm.GoTest(shop+"/api", "TestLimiterRefusesBurst")))
	m.Mitigation("Validation", tm.Implements(tm.InputValidation), tm.On(m.Components()[0]),
		tm.ProvedBy(tm.GoTest(shop+"/web", "TestValidate"), tm.PolicyFile("policy/limits.rego")))
	want := []string{"test", "-json", "-run", "^(TestLimiterRefusesBurst|TestValidate)$", shop + "/api", shop + "/web"}
	if diff := cmp.Diff(want, verify.GoTestArgs(m)); diff != "" {
		t.Errorf("GoTestArgs (-want +got):\n%s", diff)
	}
	if got := verify.GoTestArgs(tm.New("Empty")); got != nil {
		t.Errorf("GoTestArgs of a model without tests = %q, want nil", got)
	}
}
