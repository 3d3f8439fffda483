package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/internal/examplecmd"
	"github.com/threatwright/threatwright/internal/golden"
	"github.com/threatwright/threatwright/render/rendertest"
	"github.com/threatwright/threatwright/stride"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, t.TempDir()); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"Container platform web application",
		"deepest zone: ingress-nginx namespace ⊂ Private app subnet ⊂ Production VPC ⊂ AWS production account",
		"1 accepted risk, 3 waivers",
		"validation: no gaps",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	// Findings print as "  TMnnn path: message"; a complete model prints none.
	if strings.Contains(got, "  TM") {
		t.Errorf("output reports findings:\n%s", got)
	}
}

// TestDocsAreCurrent fails when the documents in docs/ no longer match the
// model: run go generate ./examples/platform, or go test -update. The SVGs
// are compared by structure, not bytes (see render/rendertest).
func TestDocsAreCurrent(t *testing.T) {
	res, err := platform.Verification()
	if err != nil {
		t.Fatal(err)
	}
	d, err := examplecmd.NewDocument(platform.Model(), stride.WithVerification(res))
	if err != nil {
		t.Fatal(err)
	}
	rendertest.Docs(t, "docs", examplecmd.Files(d)...)
}

// The -update flag of go test ./... -update (rendertest.Docs reads it).
var _ = golden.Update
