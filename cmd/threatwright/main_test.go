package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/internal/golden"
)

var _ = golden.Update

// TestExamplesFromFiles runs the commands over the examples' model.json
// and model.otm.json as a user would from a fresh clone.
func TestExamplesFromFiles(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join("..", "..", "examples", "serverless", "docs", "model.json")
	otmFile := filepath.Join("..", "..", "examples", "serverless", "docs", "model.otm.json")
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"validate", model}, 0},
		{[]string{"analyze", "-at", "2026-12-04", "-fail-on", "high", model}, 0},
		{[]string{"analyze", "-at", "2026-12-04", "-fail-on", "medium", model}, 2},
		{[]string{"sarif", "-root", filepath.Join("..", ".."), "-o", filepath.Join(dir, "out.sarif"), model}, 0},
		{[]string{"render", "-at", "2026-12-04", "-out", filepath.Join(dir, "docs"), model}, 0},
		{[]string{"diff", "-at", "2026-12-04", "-fail-on", "low", model, model}, 0},
		{[]string{"export", "-format", "otm", "-o", filepath.Join(dir, "x.otm.json"), model}, 0},
		{[]string{"import", "-o", filepath.Join(dir, "imported.json"), otmFile}, 0},
		{[]string{"validate", filepath.Join(dir, "imported.json")}, 2}, // OTM keeps no roles or lifecycles: gaps
		{[]string{"validate", filepath.Join(dir, "missing.json")}, 1},
	} {
		if got := run(c.args); got != c.want {
			t.Errorf("threatwright %v: exit %d, want %d", c.args, got, c.want)
		}
	}
	for _, f := range []string{"out.sarif", "docs/threat-model.md", "x.otm.json", "imported.json"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
}

// TestSARIFOfAFileModel: the results of a model read from a file named
// relative to the working directory point at that file, relative to the
// root.
func TestSARIFOfAFileModel(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.sarif")
	model := filepath.Join("..", "..", "examples", "serverless", "docs", "model.json")
	if code := run([]string{"sarif", "-root", filepath.Join("..", ".."), "-o", out, model}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"uri": "examples/serverless/docs/model.json"`) || strings.Contains(string(b), "file://") {
		t.Errorf("locations are not the model file relative to the root")
	}
}
