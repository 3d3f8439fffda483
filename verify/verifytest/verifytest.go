// Package verifytest runs the Go tests a threat model names as proofs, in
// a user's own go test, and returns their results for
// stride.WithVerification:
//
//	func TestMitigationsAreVerified(t *testing.T) {
//		m := mymodel.Model()
//		stridetest.Gate(t, m, stridetest.Verify(verifytest.Run(t, m)), stridetest.Strict())
//	}
//
// Run starts go test -json -run '^(TestA|TestB)$' on the named packages
// (verify.GoTestArgs) from the module's root. It defines no flag and
// prints nothing; the tests it runs inherit the environment, with
// THREATWRIGHT_VERIFYTEST set so that a model whose proofs include the
// test that calls Run does not run itself without end.
package verifytest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/threatmodel"
	"github.com/threatwright/threatwright/verify"
)

// nested is set in the environment of the go test that Run starts.
const nested = "THREATWRIGHT_VERIFYTEST"

// Run runs the Go tests the model names as proofs and returns their
// results. It fails the test when the go command cannot be started or
// prints no test event (a package that does not build is reported through
// the results, as failing proofs); it skips it inside a run it started
// itself. A model that names no Go test gets results for its policy files
// alone, without running anything. opts are passed to verify.Read.
func Run(t testing.TB, m *threatmodel.Model, opts ...verify.Option) *verify.Results {
	t.Helper()
	if os.Getenv(nested) != "" {
		t.Skip("verifytest: inside a verification run; not starting another")
	}
	return runIn(t, moduleRoot(t), m, opts)
}

// runIn runs the model's Go tests in the module at root.
func runIn(t testing.TB, root string, m *threatmodel.Model, opts []verify.Option) *verify.Results {
	t.Helper()
	opts = append([]verify.Option{verify.Root(root)}, opts...)
	args := verify.GoTestArgs(m)
	if len(args) == 0 {
		return verify.Repository(opts...)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), nested+"=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Fatalf("verifytest: go %s: %v", strings.Join(args, " "), err)
	}
	res, rerr := verify.Read(&stdout, opts...)
	if rerr != nil {
		t.Fatalf("verifytest: go %s: %v\n%s", strings.Join(args, " "), rerr, stderr.String())
	}
	return res
}

// moduleRoot returns the nearest directory at or above the current one
// that holds a go.mod.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("verifytest: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("verifytest: no go.mod at or above the current directory")
		}
		dir = parent
	}
}
