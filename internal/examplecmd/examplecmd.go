// Package examplecmd is what the example commands share: it analyses a
// model, prints a summary for the terminal, and writes the threat model
// documents (Markdown, DOT, Mermaid, SVG, and an SVG of the likeliest
// attack path to the most critical asset).
package examplecmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/render/graphviz"
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

// Run analyses the model, prints the summary to w, and writes the documents
// into dir (none when dir is ""). It fails when the report states gaps
// (see Gaps), after writing the documents, which say so.
func Run(w io.Writer, m *threatmodel.Model, dir string) error {
	d, err := render.NewDocument(m)
	if err != nil {
		return err
	}
	Summary(w, d)
	if dir != "" {
		files := graphviz.Files(context.Background(), d)
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
