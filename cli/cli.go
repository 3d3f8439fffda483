// Package cli is threatwright's command line, for security staff who do not
// write Go and for CI: validate a model, analyze it, render its documents,
// write SARIF for code scanning and compare two versions, with exit codes a
// pipeline can act on.
//
// A Go model gets the same subcommands from a one-line main:
//
//	// cmd/threatmodel/main.go in the user's repository
//	func main() { os.Exit(cli.Main(mymodel.Model())) }
//
// and cmd/threatwright runs them over model files through a loader
// (WithLoader). Run is the whole command line as a function: it parses
// the arguments, writes to the writers it is given and returns the exit
// code; it never calls os.Exit. On a model of ProgressAbove components or
// more, each stage of the analysis reports on standard error what it
// took.
//
// Exit codes:
//
//	0  the command ran and found nothing at or above the threshold
//	1  an error: bad arguments, a file that does not load, a model with
//	   structural errors, a document that cannot be written
//	2  the command ran and found something at or above the threshold
//	   (-fail-on): a validation gap, an open threat, a threat the change
//	   opened
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// Exit codes of Run.
const (
	ExitOK       = 0
	ExitError    = 1
	ExitFindings = 2
)

// Option configures Run.
type Option func(*config)

type config struct {
	model  *threatmodel.Model
	load   func(path string) (*threatmodel.Model, error)
	name   string
	now    func() time.Time
	stdout io.Writer
	stderr io.Writer
}

// WithModel makes the model the one the subcommands work on when no file
// is named: a Go model's own command line (see Main).
func WithModel(m *threatmodel.Model) Option { return func(c *config) { c.model = m } }

// WithLoader sets how a named model file is read, for example by its
// extension: the JSON form of the model or an Open Threat Model file.
func WithLoader(load func(path string) (*threatmodel.Model, error)) Option {
	return func(c *config) { c.load = load }
}

// WithName sets the program's name in help and errors.
func WithName(name string) Option { return func(c *config) { c.name = name } }

// Main runs the command line over a Go model with the process's arguments
// and standard streams, and returns the exit code for os.Exit.
func Main(m *threatmodel.Model, opts ...Option) int {
	name := "threatmodel"
	if len(os.Args) > 0 {
		name = os.Args[0]
	}
	args := []string(nil)
	if len(os.Args) > 1 {
		args = os.Args[1:]
	}
	return Run(context.Background(), args, os.Stdout, os.Stderr, append([]Option{WithModel(m), WithName(name)}, opts...)...)
}

// command is one subcommand.
type command struct {
	name, args, summary string
	run                 func(ctx context.Context, c *config, args []string) (int, error)
}

func commands() []command {
	return []command{
		{"validate", "[model]", "report structural errors and completeness gaps", runValidate},
		{"analyze", "[model]", "run the STRIDE and reach analyses and summarize them", runAnalyze},
		{"render", "[model] -out DIR", "write the Markdown report, DOT and Mermaid diagrams", runRender},
		{"sarif", "[model] [-root DIR] [-o FILE]", "write SARIF 2.1.0 for code scanning", runSARIF},
		{"diff", "BEFORE [AFTER]", "compare two versions of a model, as Markdown for a pull request", runDiff},
		{"export", "[model] -format json|otm|tmbom", "write the model as JSON, Open Threat Model or TM-BOM", runExport},
		{"import", "FILE [-o FILE]", "read an Open Threat Model (or JSON) file, write threatwright's JSON", runImport},
	}
}

// Run runs one subcommand with its arguments, writing its output to
// stdout and its diagnostics to stderr, and returns the exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer, opts ...Option) int {
	c := &config{name: "threatwright", now: time.Now, stdout: stdout, stderr: stderr}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		c.usage(stdout)
		if len(args) == 0 {
			return ExitError
		}
		return ExitOK
	}
	for _, cmd := range commands() {
		if cmd.name == args[0] {
			code, err := cmd.run(ctx, c, args[1:])
			if errors.Is(err, flag.ErrHelp) {
				return ExitOK
			}
			if err != nil {
				fmt.Fprintf(stderr, "%s %s: %v\n", c.name, cmd.name, err)
				return ExitError
			}
			return code
		}
	}
	fmt.Fprintf(stderr, "%s: unknown command %q; run %s help\n", c.name, args[0], c.name)
	return ExitError
}

// usage writes the help: the commands, the exit codes and examples.
func (c *config) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s COMMAND [flags] [model]\n\nCommands:\n", c.name)
	for _, cmd := range commands() {
		fmt.Fprintf(w, "  %-9s %-32s %s\n", cmd.name, cmd.args, cmd.summary)
	}
	fmt.Fprintf(w, "\nExit codes: 0 nothing at or above -fail-on, 1 error, 2 findings at or above -fail-on.\n")
	if c.model != nil {
		fmt.Fprintf(w, "Without a model file, the commands work on %q.\n", c.model.Name())
	}
	fmt.Fprintf(w, `
Examples:
  %[1]s validate                              gaps of the model, exit 2 if any
  %[1]s analyze -fail-on high                 exit 2 if a High threat is open
  %[1]s render -out docs                      write docs/threat-model.md, .dot, .mmd
  %[1]s sarif -root . -o threatwright.sarif   for github/codeql-action/upload-sarif
  %[1]s diff -fail-on medium base.json        Markdown of what the change opens
  %[1]s export -format otm -o model.otm.json  for IriusRisk and other OTM tools
  %[1]s import -o model.json other.otm.json   an OTM document as a threatwright model
Run %[1]s COMMAND -h for a command's flags.
`, c.name)
}

// flags returns a flag set for a subcommand, writing its errors and help
// to stderr.
func (c *config) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name+" "+name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	return fs
}

// model returns the model a subcommand works on: the file named by arg,
// or the Go model when there is no argument.
func (c *config) loadModel(arg string) (*threatmodel.Model, error) {
	if arg == "" {
		if c.model == nil {
			return nil, errors.New("name a model file")
		}
		return c.model, nil
	}
	if c.load == nil {
		return nil, fmt.Errorf("cannot read %s: this command line reads no model files", arg)
	}
	return c.load(arg)
}

// ProgressAbove is the number of components from which the commands say
// on standard error what each stage of the analysis took, so that a long
// run shows it is moving.
const ProgressAbove = 1000

// document validates and analyses a model (render.NewDocument), judging
// acceptances at the date given (-at) or now; for a model of
// ProgressAbove components or more it reports each stage on stderr
// (render.Progress).
func (c *config) document(ctx context.Context, m *threatmodel.Model, at string) (*render.Document, error) {
	when := c.now()
	if at != "" {
		t, err := time.Parse("2006-01-02", at)
		if err != nil {
			return nil, fmt.Errorf("-at %q: want a date such as 2026-12-31", at)
		}
		when = t
	}
	opts := []render.DocumentOption{render.STRIDEOptions(stride.At(when))}
	if n := len(m.Components()); n >= ProgressAbove {
		fmt.Fprintf(c.stderr, "%s: %d components, %d flows\n", c.name, n, len(m.Flows()))
		opts = append(opts, render.Progress(func(stage string, took time.Duration) {
			fmt.Fprintf(c.stderr, "%s: %s done in %s\n", c.name, stage, took.Round(time.Millisecond))
		}))
	}
	return render.NewDocumentContext(ctx, m, opts...)
}

// level parses a -fail-on value: none, low, medium or high.
func level(s string) (threatmodel.Level, bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "none", "":
		return 0, false, nil
	case "low":
		return threatmodel.Low, true, nil
	case "medium":
		return threatmodel.Medium, true, nil
	case "high":
		return threatmodel.High, true, nil
	}
	return 0, false, fmt.Errorf("-fail-on %q: want none, low, medium or high", s)
}

// oneArg returns the only positional argument, or "".
func oneArg(fs *flag.FlagSet) (string, error) {
	switch fs.NArg() {
	case 0:
		return "", nil
	case 1:
		return fs.Arg(0), nil
	}
	return "", fmt.Errorf("want at most one model, got %s", strings.Join(fs.Args(), " "))
}

// sortedCodes returns the distinct codes of findings, sorted.
func sortedCodes(fs []*threatmodel.Finding) []string {
	seen := map[string]bool{}
	for _, f := range fs {
		seen[string(f.Code)] = true
	}
	out := make([]string, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}
