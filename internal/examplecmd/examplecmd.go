// Package examplecmd is what the example commands share: it analyses a
// model, prints a summary for the terminal, and writes the threat model
// documents (Markdown, DOT, Mermaid, SVG, an SVG of the likeliest
// attack path to the most critical asset, and the model as JSON).
package examplecmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/threatwright/threatwright/modeljson"
	"github.com/threatwright/threatwright/otm"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/render/graphviz"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// DefaultDir returns examples/NAME/docs when the command runs from the
// repository root, and docs otherwise (as under go generate).
func DefaultDir(name string) string {
	if _, err := os.Stat(filepath.Join("examples", name, "main.go")); err == nil {
		return filepath.Join("examples", name, "docs")
	}
	return "docs"
}

// Reviewed is the date the examples' models were last reviewed. Their
// checked-in documents judge acceptances at it, so that they do not change
// with the clock; the examples' gate tests judge acceptances today.
var Reviewed = time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)

// NewDocument analyses an example's model for its documents, judging
// acceptances at Reviewed, with the example's own analysis options (a
// verification run, stride.WithVerification).
func NewDocument(m *threatmodel.Model, opts ...stride.Option) (*render.Document, error) {
	return render.NewDocument(m, render.STRIDEOptions(append([]stride.Option{stride.At(Reviewed)}, opts...)...))
}

// Files returns the documents an example writes: the threat model in
// Markdown, DOT, Mermaid and SVG, the attack paths' SVGs, the model as
// JSON (model.json, see modeljson), the analysis as SARIF for code
// scanning (report.sarif) and the model as an Open Threat Model
// (model.otm.json), the last two with locations relative to the module's
// root.
func Files(d *render.Document) []render.File {
	root := moduleRoot(d.Model.Pos().File)
	return append(graphviz.Files(context.Background(), d),
		render.File{Name: "model.json", Render: func(w io.Writer) error { return modeljson.Encode(w, d.Model) }},
		render.File{Name: "report.sarif", Render: func(w io.Writer) error { return render.SARIF(w, d, render.SARIFRoot(root)) }},
		render.File{Name: "model.otm.json", Render: func(w io.Writer) error { return otm.Export(w, d, otm.Root(root)) }},
	)
}

// moduleRoot returns the directory of the go.mod above the file that
// declares a model, the root SARIF and OTM locations are relative to; ""
// when there is none.
func moduleRoot(file string) string {
	if file == "" {
		return ""
	}
	for dir := filepath.Dir(file); ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

// Run analyses the model, prints the summary to w, and writes the documents
// into dir (none when dir is ""). It fails when the report states gaps
// (see Gaps), after writing the documents, which say so. opts are passed
// to NewDocument.
func Run(w io.Writer, m *threatmodel.Model, dir string, opts ...stride.Option) error {
	d, err := NewDocument(m, opts...)
	if err != nil {
		return err
	}
	Summary(w, d)
	if dir != "" {
		files := Files(d)
		if err := render.WriteFiles(dir, files...); err != nil {
			return err
		}
		fmt.Fprintf(w, "\nwrote %d documents to %s:\n", len(files), dir)
		for _, f := range files {
			fmt.Fprintf(w, "  %s\n", filepath.Join(dir, f.Name))
		}
	}
	if n := Gaps(d); n > 0 {
		return fmt.Errorf("the model is incomplete: %d gaps", n)
	}
	return nil
}
