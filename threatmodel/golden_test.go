package threatmodel_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/internal/golden"
	tm "github.com/threatwright/threatwright/threatmodel"
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

// TestCodesDocument fails when CODES.md is not the table CodeInfos
// documents: every TM, ST and RCH code with its stage, severity, meaning and
// fix. Run go test ./threatmodel -update to rewrite it.
func TestCodesDocument(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Finding codes\n\n")
	b.WriteString("Generated from `threatmodel.CodeInfos` by `go test ./threatmodel -update`; do not edit.\n\n")
	b.WriteString("Every finding threatwright reports is a `*threatmodel.Finding` with one of these codes. " +
		"A code is never reused for another meaning. Validation (`Model.Validate`, `Model.Findings`) reports the TM codes, " +
		"`stride.Analyze` the ST codes in `Report.Findings`, and `reach.Analyze` the RCH codes in `Result.Findings`. " +
		"Any code but a structural error (TM0xx) can be waived with `Model.Waive` on its element, or `Model.WaiveModel` " +
		"for a finding about the model as a whole.\n")
	var stage tm.Stage
	for _, info := range tm.CodeInfos() {
		if info.Stage() != stage {
			stage = info.Stage()
			title := map[tm.Stage]string{tm.StageValidate: "Validation (TM)", tm.StageAnalyze: "STRIDE analysis (ST)", tm.StageReach: "Reach: least privilege (RCH)"}[stage]
			fmt.Fprintf(&b, "\n## %s\n\n| Code | Severity | Meaning | How to fix |\n| --- | --- | --- | --- |\n", title)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", info.Code, info.Severity, strings.ReplaceAll(info.Summary, "|", `\|`), strings.ReplaceAll(info.Fix, "|", `\|`))
	}
	golden.Check(t, "CODES.md", []byte(b.String()))
}
