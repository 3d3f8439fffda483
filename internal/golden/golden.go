// Package golden is the one golden-file pipeline of this repository's
// tests. Every golden test compares with Check; every package with tests
// imports this package from a test file, so that
//
//	go test ./... -update
//
// works from the repository root: the flag is defined here, in our own test
// binaries only. THREATWRIGHT_UPDATE=1 in the environment does the same
// without a flag. The helpers users import (stride/stridetest,
// render/rendertest) define no flag; they read the same two switches
// through internal/goldencmp.
//
// Text goldens are exact bytes. SVG and PNG goldens are compared by
// structure (goldencmp.SVG, goldencmp.PNG), because their bytes depend on
// the Graphviz build.
package golden

import (
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/threatwright/threatwright/internal/goldencmp"
)

// flagUsage is the -update flag's help text.
const flagUsage = "rewrite golden files and checked-in documents with the current output (or set " + goldencmp.EnvUpdate + "=1)"

// defined is true once the -update flag exists; it is defined here unless
// another package of the test binary has defined it first.
var defined = func() bool {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, flagUsage)
	}
	return true
}()

// Update reports whether the test runs with -update or with
// THREATWRIGHT_UPDATE=1: golden files are then rewritten, not compared.
// Test packages that have no golden file of their own refer to it
// (var _ = golden.Update) so that their test binary accepts -update.
func Update() bool {
	_ = defined
	return goldencmp.Updating()
}

// Check compares got with the golden file at path, or rewrites the file
// (creating its directory) when Update is true. Text is compared byte for
// byte and a difference is reported with a go-cmp diff (-want +got); .svg
// and .png files are compared by structure (goldencmp.Diff).
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if Update() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatalf("%v", err)
			return
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("%v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("golden file %s does not exist: run go test -update to create it, then review it", path)
		return
	}
	if err != nil {
		t.Fatalf("%v", err)
		return
	}
	switch ext := filepath.Ext(path); ext {
	case ".svg", ".png":
		if d := goldencmp.Diff(path, want, got); d != "" {
			t.Errorf("%s differs: %s; run go test -update to accept", path, d)
		}
	default:
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s differs (-want +got); run go test -update to accept:\n%s", path, diff)
		}
	}
}
