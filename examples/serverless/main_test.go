package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/examplecmd"
	"github.com/threatwright/threatwright/internal/golden"
	"github.com/threatwright/threatwright/render/rendertest"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := examplecmd.Run(&out, serverless.Model(), dir); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{"Serverless public API", "validation: no gaps", "STRIDE:", "coverage:",
		"residual risk:", "Lambda execution role reaches", "path to User data in DynamoDB", "wrote 9 documents"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	for _, name := range []string{"threat-model.md", "threat-model.dot", "threat-model.mmd", "threat-model.svg", "attack-path.svg", "escalation-path.svg", "model.json", "report.sarif", "model.otm.json"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s was not written: %v", name, err)
		}
	}
}

// TestDocsAreCurrent fails when the documents in docs/ no longer match the
// model: run go generate ./examples/serverless, or go test -update. The SVGs
// are compared by structure, not bytes (see render/rendertest).
func TestDocsAreCurrent(t *testing.T) {
	d, err := examplecmd.NewDocument(serverless.Model())
	if err != nil {
		t.Fatal(err)
	}
	rendertest.Docs(t, "docs", examplecmd.Files(d)...)
}

// The -update flag of go test ./... -update (rendertest.Docs reads it).
var _ = golden.Update
