package threatmodel_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/internal/golden"
)

// TestIncompleteGolden shows, in testdata/incomplete.golden, what the
// findings of a deliberately incomplete model look like: one line per
// finding with its declaration site, severity, code and path. Run with
// -update (see internal/golden) to accept a change, and review the golden file's diff.
func TestIncompleteGolden(t *testing.T) {
	var b strings.Builder
	for _, f := range incomplete().m.Findings() {
		fmt.Fprintf(&b, "%s:%d %s %s %s\n", filepath.Base(f.Pos.File), f.Pos.Line, f.Severity, f.Code, f.Path)
	}
	golden.Check(t, "testdata/incomplete.golden", []byte(b.String()))
}
