package serverless_test

import (
	"os"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/golden"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/stride/stridetest"
	"github.com/threatwright/threatwright/threatmodel"
)

func TestThreatModel(t *testing.T) {
	m := serverless.Model()
	stridetest.Gate(t, m, stridetest.FailAt(threatmodel.High)) // every gap, finding and open High threat is a test error

	r, err := stride.Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	stridetest.Baseline(t, "testdata/threats.txt", r) // a new or reopened threat fails the build
}

// TestReadmeInYourTests checks that the README's "In your tests" block is
// TestThreatModel above, so the README's code is run.
func TestReadmeInYourTests(t *testing.T) {
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.ReadFile("baseline_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, fn, _ := strings.Cut(string(self), "func TestThreatModel(")
	fn, _, _ = strings.Cut(fn, "\n}\n")
	fn = "func TestThreatModel(" + fn + "\n}\n"
	want := strings.ReplaceAll(fn, "serverless.Model()", "mymodel.Model()")
	if !strings.Contains(string(readme), "```go\n"+want+"```") {
		t.Errorf("README.md's \"In your tests\" block is not TestThreatModel; want:\n%s", want)
	}
}

// The -update flag of go test ./... -update (stridetest.Baseline reads it).
var _ = golden.Update
