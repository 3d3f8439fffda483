package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/cli"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/golden"
	"github.com/threatwright/threatwright/internal/synth"
	tm "github.com/threatwright/threatwright/threatmodel"
)

var _ = golden.Update

const reviewed = "2026-12-04" // examplecmd.Reviewed

// run runs the command line and returns its exit code and output.
func run(t *testing.T, args []string, opts ...cli.Option) (int, string, string) {
	t.Helper()
	var out, errs bytes.Buffer
	code := cli.Run(context.Background(), args, &out, &errs, opts...)
	return code, out.String(), errs.String()
}

// incomplete is a model with completeness gaps: a crossing flow that
// states nothing.
func incomplete() *tm.Model {
	m := tm.New("Incomplete")
	inet := m.Zone("Internet", tm.Untrusted)
	app := m.Zone("App", tm.Trusted)
	m.Flow(m.ExternalEntity("User", inet), m.Process("API", app), "Call")
	return m
}

// loader reads the names "serverless", "incomplete" and "widened".
func loader(path string) (*tm.Model, error) {
	switch path {
	case "serverless":
		return serverless.Model(), nil
	case "incomplete":
		return incomplete(), nil
	case "widened":
		m := serverless.Model()
		m.RoleNamed("API Gateway logging role").Allow(tm.AnyResource(), "*")
		return m, nil
	}
	return nil, errors.New("no such model: " + path)
}

func TestHelp(t *testing.T) {
	code, out, _ := run(t, []string{"help"})
	if code != cli.ExitOK || !strings.Contains(out, "Exit codes") || !strings.Contains(out, "sarif -root .") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
	if code, _, _ := run(t, nil); code != cli.ExitError {
		t.Errorf("no arguments: exit %d, want 1", code)
	}
	if code, _, errs := run(t, []string{"frobnicate"}); code != cli.ExitError || !strings.Contains(errs, "unknown command") {
		t.Errorf("unknown command: exit %d, %q", code, errs)
	}
	if code, _, _ := run(t, []string{"analyze", "-h"}, cli.WithModel(serverless.Model())); code != cli.ExitOK {
		t.Errorf("analyze -h: exit %d", code)
	}
}

func TestValidate(t *testing.T) {
	if code, out, _ := run(t, []string{"validate"}, cli.WithModel(serverless.Model())); code != cli.ExitOK || !strings.Contains(out, "0 findings") {
		t.Errorf("serverless: exit %d\n%s", code, out)
	}
	code, out, _ := run(t, []string{"validate", "incomplete"}, cli.WithLoader(loader))
	if code != cli.ExitFindings || !strings.Contains(out, "TM1") {
		t.Errorf("incomplete: exit %d\n%s", code, out)
	}
	if code, _, _ := run(t, []string{"validate", "-fail-on", "error", "incomplete"}, cli.WithLoader(loader)); code != cli.ExitOK {
		t.Errorf("incomplete, failing on errors only: exit %d", code)
	}
	if code, _, errs := run(t, []string{"validate", "missing"}, cli.WithLoader(loader)); code != cli.ExitError || !strings.Contains(errs, "no such model") {
		t.Errorf("missing file: exit %d, %q", code, errs)
	}
	if code, _, errs := run(t, []string{"validate", "x.json"}); code != cli.ExitError || !strings.Contains(errs, "reads no model files") {
		t.Errorf("no loader: exit %d, %q", code, errs)
	}
	if code, _, errs := run(t, []string{"validate"}); code != cli.ExitError || !strings.Contains(errs, "name a model file") {
		t.Errorf("no model: exit %d, %q", code, errs)
	}
}

// TestAnalyzeFailOn: the serverless system leaves Medium threats open and
// no High one.
func TestAnalyzeFailOn(t *testing.T) {
	opts := []cli.Option{cli.WithModel(serverless.Model())}
	for _, c := range []struct {
		failOn string
		want   int
	}{{"high", cli.ExitOK}, {"medium", cli.ExitFindings}, {"none", cli.ExitOK}} {
		code, out, errs := run(t, []string{"analyze", "-at", reviewed, "-fail-on", c.failOn}, opts...)
		if code != c.want || !strings.Contains(out, "STRIDE:") {
			t.Errorf("-fail-on %s: exit %d, want %d\n%s%s", c.failOn, code, c.want, out, errs)
		}
	}
	if code, _, _ := run(t, []string{"analyze", "-fail-on", "severe"}, opts...); code != cli.ExitError {
		t.Errorf("bad -fail-on: exit %d", code)
	}
	if code, _, _ := run(t, []string{"analyze", "-at", "tomorrow"}, opts...); code != cli.ExitError {
		t.Errorf("bad -at: exit %d", code)
	}
}

func TestRenderAndSARIF(t *testing.T) {
	dir := t.TempDir()
	opts := []cli.Option{cli.WithModel(serverless.Model())}
	if code, out, errs := run(t, []string{"render", "-at", reviewed, "-out", dir}, opts...); code != cli.ExitOK {
		t.Fatalf("render: exit %d\n%s%s", code, out, errs)
	}
	for _, name := range []string{"threat-model.md", "threat-model.dot", "threat-model.mmd"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("render wrote no %s: %v", name, err)
		}
	}
	if code, _, _ := run(t, []string{"render"}, opts...); code != cli.ExitError {
		t.Errorf("render without -out: exit %d", code)
	}
	file := filepath.Join(dir, "out.sarif")
	if code, _, errs := run(t, []string{"sarif", "-at", reviewed, "-root", "..", "-o", file}, opts...); code != cli.ExitOK {
		t.Fatalf("sarif: exit %d %s", code, errs)
	}
	b, err := os.ReadFile(file)
	if err != nil || !json.Valid(b) || !bytes.Contains(b, []byte(`"uri": "examples/serverless/serverless/model.go"`)) {
		t.Errorf("sarif file: %v, %d bytes", err, len(b))
	}
	if code, out, _ := run(t, []string{"sarif", "-at", reviewed, "-fail-on", "medium"}, opts...); code != cli.ExitFindings || !json.Valid([]byte(out)) {
		t.Errorf("sarif to stdout failing on Medium: exit %d", code)
	}
}

// TestDiff: the wildcard on the logging role opens threats (Medium and
// High); without -fail-on the diff exits 0; with a Go model, BEFORE alone
// is compared with it.
func TestDiff(t *testing.T) {
	opts := []cli.Option{cli.WithLoader(loader)}
	code, out, errs := run(t, []string{"diff", "-at", reviewed, "-fail-on", "medium", "serverless", "widened"}, opts...)
	if code != cli.ExitFindings || !strings.Contains(out, "Threats opened or raised") {
		t.Errorf("diff: exit %d\n%s%s", code, out, errs)
	}
	if code, _, _ := run(t, []string{"diff", "-at", reviewed, "serverless", "widened"}, opts...); code != cli.ExitOK {
		t.Errorf("diff failing on nothing: exit %d", code)
	}
	code, out, _ = run(t, []string{"diff", "-at", reviewed, "serverless"}, append(opts, cli.WithModel(serverless.Model()))...)
	if code != cli.ExitOK || !strings.Contains(out, "No change") {
		t.Errorf("diff against the Go model: exit %d\n%s", code, out)
	}
	if code, _, _ := run(t, []string{"diff"}, opts...); code != cli.ExitError {
		t.Errorf("diff without models: exit %d", code)
	}
}

// TestProgressOnLargeModels: a model of ProgressAbove components or more
// reports each stage on standard error; a small one says nothing there.
func TestProgressOnLargeModels(t *testing.T) {
	large := synth.Model(cli.ProgressAbove)
	code, _, errs := run(t, []string{"analyze", "-fail-on", "none"}, cli.WithModel(large))
	if code != cli.ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"components", "validate done in", "stride done in", "reach done in"} {
		if !strings.Contains(errs, want) {
			t.Errorf("progress lacks %q:\n%s", want, errs)
		}
	}
	if _, _, errs := run(t, []string{"analyze", "-fail-on", "none"}, cli.WithModel(serverless.Model())); errs != "" {
		t.Errorf("a small model reports progress: %q", errs)
	}
}
