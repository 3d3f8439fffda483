package stridetest_test

import (
	"os"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/stride/stridetest"
	tm "github.com/threatwright/threatwright/threatmodel"
	"github.com/threatwright/threatwright/verify"
)

// TestGateVerifyAndStrict: with Verify, a failing proof fails the gate
// with both positions; with Strict, a threat closed only by a declared,
// unverified control is open and fails at its risk.
func TestGateVerifyAndStrict(t *testing.T) {
	f, err := os.Open("../../verify/testdata/run.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	run, err := verify.Read(f, verify.Root("../../verify/testdata/repo"))
	if err != nil {
		t.Fatal(err)
	}
	model := func(limits tm.ControlsOption) *tm.Model {
		m := tm.New("Shop")
		user := m.ExternalEntity("User", m.Zone("Internet", tm.Untrusted), tm.Is(tm.Human))
		api := m.Process("API", m.Zone("Cloud", tm.Trusted), tm.Is(tm.Service), limits)
		m.Flow(user, api, "Order", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT))
		return m
	}
	const flood = "open threat TW-D-001@User → API: Order"
	with := func(errs []string, part string) int {
		n := 0
		for _, e := range errs {
			if strings.Contains(e, part) {
				n++
			}
		}
		return n
	}

	failing := gate(t, model(tm.Controls(tm.RateLimiting).ProvedBy(tm.GoTest("example.com/shop/api", "TestValidateRejectsOversize"))),
		stridetest.Verify(run), stridetest.FailAt(tm.Low))
	if with(failing, "[ST006]") != 1 || with(failing, "api_test.go:22") != 1 || with(failing, flood) != 1 {
		t.Errorf("a failing proof: the gate reported\n%s\nwant ST006 naming the test at api_test.go:22, and the flood open", strings.Join(failing, "\n"))
	}

	declared := model(tm.Controls(tm.RateLimiting))
	if errs := gate(t, declared, stridetest.FailAt(tm.Low)); with(errs, flood) != 0 {
		t.Errorf("without Strict the declared rate limiting closes the flood; the gate reported\n%s", strings.Join(errs, "\n"))
	}
	if errs := gate(t, declared, stridetest.Strict(), stridetest.FailAt(tm.Low)); with(errs, flood) != 1 {
		t.Errorf("with Strict the flood is open; the gate reported\n%s", strings.Join(errs, "\n"))
	}
	verified := model(tm.Controls(tm.RateLimiting).ProvedBy(tm.GoTest("example.com/shop/api", "TestLimiterRefusesBurst")))
	if errs := gate(t, verified, stridetest.Verify(run), stridetest.Strict(), stridetest.FailAt(tm.Low)); with(errs, flood) != 0 {
		t.Errorf("a verified rate limiting closes the flood in strict mode; the gate reported\n%s", strings.Join(errs, "\n"))
	}
}
