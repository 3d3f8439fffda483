package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/threatwright/threatwright/diff"
	"github.com/threatwright/threatwright/internal/examplecmd"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// runValidate prints the model's findings, one a line: code, path,
// message and declaration site. It exits 2 when one is at or above
// -fail-on (error, gap or warning; gap by default).
func runValidate(_ context.Context, c *config, args []string) (int, error) {
	fs := c.flags("validate")
	failOn := fs.String("fail-on", "gap", "exit 2 on a finding of this severity or worse: error, gap, warning or none")
	if err := fs.Parse(args); err != nil {
		return ExitError, err
	}
	var min threatmodel.Severity
	switch *failOn {
	case "error":
		min = threatmodel.SeverityError
	case "gap":
		min = threatmodel.SeverityGap
	case "warning":
		min = threatmodel.SeverityWarning
	case "none":
	default:
		return ExitError, fmt.Errorf("-fail-on %q: want error, gap, warning or none", *failOn)
	}
	arg, err := oneArg(fs)
	if err != nil {
		return ExitError, err
	}
	m, err := c.loadModel(arg)
	if err != nil {
		return ExitError, err
	}
	findings := m.Findings()
	failed := false
	for _, f := range findings {
		fmt.Fprintf(c.stdout, "%s %s %s: %s (%s)\n", f.Code, f.Severity, f.Path, f.Message, f.Pos)
		// Severities run from SeverityError (worst) to SeverityWarning.
		if min != 0 && f.Severity <= min {
			failed = true
		}
	}
	fmt.Fprintf(c.stdout, "%s: %d findings", m.Name(), len(findings))
	if codes := sortedCodes(findings); len(codes) > 0 {
		fmt.Fprintf(c.stdout, " (%s)", joinComma(codes))
	}
	fmt.Fprintln(c.stdout)
	if failed {
		return ExitFindings, nil
	}
	return ExitOK, nil
}

// runAnalyze prints the analysis's summary and exits 2 when an open
// threat's residual risk is at or above -fail-on (high by default).
func runAnalyze(ctx context.Context, c *config, args []string) (int, error) {
	fs := c.flags("analyze")
	af := c.analysisFlags(fs, "high", "an open threat's residual risk")
	min, on, err := af.parse(fs, args)
	if err != nil {
		return ExitError, err
	}
	d, err := c.loaded(ctx, fs, *af.at)
	if err != nil {
		return ExitError, err
	}
	examplecmd.Summary(c.stdout, d)
	return openAtOrAbove(d, min, on), nil
}

// runRender writes the text documents into -out.
func runRender(ctx context.Context, c *config, args []string) (int, error) {
	fs := c.flags("render")
	out := fs.String("out", "", "the directory to write threat-model.md, .dot and .mmd into (required)")
	at := fs.String("at", "", "judge accepted risks at this date (YYYY-MM-DD) instead of today")
	if err := fs.Parse(args); err != nil {
		return ExitError, err
	}
	if *out == "" {
		return ExitError, fmt.Errorf("name the directory to write into with -out")
	}
	d, err := c.loaded(ctx, fs, *at)
	if err != nil {
		return ExitError, err
	}
	files := d.Files("threat-model")
	if err := render.WriteFiles(*out, files...); err != nil {
		return ExitError, err
	}
	fmt.Fprintf(c.stdout, "wrote %d documents to %s\n", len(files), *out)
	return ExitOK, nil
}

// runSARIF writes the SARIF log to -o or stdout, and exits 2 when an
// open threat's residual risk is at or above -fail-on (none by default:
// code scanning decides what fails).
func runSARIF(ctx context.Context, c *config, args []string) (int, error) {
	fs := c.flags("sarif")
	root := fs.String("root", ".", "the repository root locations are relative to")
	out := fs.String("o", "", "the file to write (standard output if empty)")
	category := fs.String("category", "", "the run's category (automationDetails.id), to tell models apart")
	af := c.analysisFlags(fs, "none", "an open threat's residual risk")
	min, on, err := af.parse(fs, args)
	if err != nil {
		return ExitError, err
	}
	d, err := c.loaded(ctx, fs, *af.at)
	if err != nil {
		return ExitError, err
	}
	opts := []render.SARIFOption{render.SARIFRoot(*root)}
	if *category != "" {
		opts = append(opts, render.SARIFCategory(*category))
	}
	var b bytes.Buffer
	if err := render.SARIF(&b, d, opts...); err != nil {
		return ExitError, err
	}
	if *out == "" {
		if _, err := c.stdout.Write(b.Bytes()); err != nil {
			return ExitError, err
		}
	} else if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		return ExitError, err
	}
	return openAtOrAbove(d, min, on), nil
}

// runDiff writes what changes from BEFORE to AFTER (the Go model when only
// BEFORE is named) as Markdown, and exits 2 when the change opens or
// raises a threat to a residual risk at or above -fail-on.
func runDiff(ctx context.Context, c *config, args []string) (int, error) {
	fs := c.flags("diff")
	af := c.analysisFlags(fs, "none", "the residual risk of a threat the change opens")
	min, on, err := af.parse(fs, args)
	if err != nil {
		return ExitError, err
	}
	var beforeArg, afterArg string
	switch fs.NArg() {
	case 1:
		beforeArg = fs.Arg(0)
	case 2:
		beforeArg, afterArg = fs.Arg(0), fs.Arg(1)
	default:
		return ExitError, fmt.Errorf("want BEFORE and AFTER models (or BEFORE alone with a Go model)")
	}
	docs := make([]*render.Document, 2)
	for i, a := range []string{beforeArg, afterArg} {
		m, err := c.loadModel(a)
		if err != nil {
			return ExitError, err
		}
		if docs[i], err = c.document(ctx, m, *af.at); err != nil {
			return ExitError, err
		}
	}
	d := diff.Compare(docs[0], docs[1])
	if err := d.WriteMarkdown(c.stdout); err != nil {
		return ExitError, err
	}
	if on && len(d.Opened(min)) > 0 {
		return ExitFindings, nil
	}
	return ExitOK, nil
}

// openAtOrAbove returns ExitFindings when on and an open threat's residual
// risk is at least min, else ExitOK.
func openAtOrAbove(d *render.Document, min threatmodel.Level, on bool) int {
	if on {
		for _, t := range d.Threats.Threats {
			if t.Status == stride.Open && t.Risk >= min {
				return ExitFindings
			}
		}
	}
	return ExitOK
}

// analysisFlags are the flags of the commands that analyse one model:
// -fail-on (its default given) and -at.
type analysisFlags struct {
	failOn, at *string
}

func (c *config) analysisFlags(fs *flag.FlagSet, failOn, what string) analysisFlags {
	return analysisFlags{
		failOn: fs.String("fail-on", failOn, "exit 2 when "+what+" is this or higher: none, low, medium or high"),
		at:     fs.String("at", "", "judge accepted risks at this date (YYYY-MM-DD) instead of today"),
	}
}

// parse parses the arguments and the threshold.
func (f analysisFlags) parse(fs *flag.FlagSet, args []string) (threatmodel.Level, bool, error) {
	if err := fs.Parse(args); err != nil {
		return 0, false, err
	}
	return level(*f.failOn)
}

// loaded loads the model the flag set's argument names and analyses it.
func (c *config) loaded(ctx context.Context, fs *flag.FlagSet, at string) (*render.Document, error) {
	arg, err := oneArg(fs)
	if err != nil {
		return nil, err
	}
	m, err := c.loadModel(arg)
	if err != nil {
		return nil, err
	}
	return c.document(ctx, m, at)
}

// joinComma joins strings with ", ".
func joinComma(s []string) string { return strings.Join(s, ", ") }
