package threatmodel_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestIncompleteGolden shows, in testdata/incomplete.golden, what the
// findings of a deliberately incomplete model look like: one line per
// finding with its declaration site, severity, code and path. Run with
// -update to accept a change, and review the golden file's diff.
func TestIncompleteGolden(t *testing.T) {
	var b strings.Builder
	for _, f := range incomplete().m.Findings() {
		fmt.Fprintf(&b, "%s:%d %s %s %s\n", filepath.Base(f.Pos.File), f.Pos.Line, f.Severity, f.Code, f.Path)
	}
	got := b.String()
	const golden = "testdata/incomplete.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got), run go test -update to accept:\n%s", golden, diff)
	}
}
