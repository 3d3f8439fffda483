package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/agent/agent"
	"github.com/threatwright/threatwright/internal/examplecmd"
	"github.com/threatwright/threatwright/internal/golden"
	"github.com/threatwright/threatwright/render/rendertest"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, t.TempDir()); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"Customer-support assistant",
		"Support assistant: 3 tool calls; untrusted content from Chat API → Support assistant: Customer turn, Knowledge base → Support assistant: Passages",
		"Request refund → Refund workflow (a person approves each call)",
		"validation: no gaps",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "  TM") {
		t.Errorf("output reports findings:\n%s", got)
	}
}

// TestDocsAreCurrent fails when the documents in docs/ no longer match the
// model: run go generate ./examples/agent, or go test -update. The SVGs
// are compared by structure, not bytes (see render/rendertest).
func TestDocsAreCurrent(t *testing.T) {
	d, err := examplecmd.NewDocument(agent.Model())
	if err != nil {
		t.Fatal(err)
	}
	rendertest.Docs(t, "docs", examplecmd.Files(d)...)
}

// The -update flag of go test ./... -update (rendertest.Docs reads it).
var _ = golden.Update
