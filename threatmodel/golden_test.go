package threatmodel_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	tm "github.com/threatwright/threatwright/threatmodel"
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
	got := b.String()
	const doc = "CODES.md"
	if *update {
		if err := os.WriteFile(doc, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(doc)
	if err != nil {
		t.Fatalf("%v (run go test ./threatmodel -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s is stale, run go test ./threatmodel -update (-want +got):\n%s", doc, diff)
	}
}
