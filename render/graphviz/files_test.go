package graphviz_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/internal/goldencmp"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/render/graphviz"
	tm "github.com/threatwright/threatwright/threatmodel"
)

func names(files []render.File) string {
	var out []string
	for _, f := range files {
		out = append(out, f.Name)
	}
	return strings.Join(out, " ")
}

// TestFilesWithoutPath: a model whose analysis finds no attack path gets no
// attack-path.svg; its diagram is an SVG that names its components.
func TestFilesWithoutPath(t *testing.T) {
	m := tm.New("Two")
	z := m.Zone("Z", tm.Trusted)
	m.Flow(m.ExternalEntity("A", z), m.Process("B", z), "Call")
	d, err := render.NewDocument(m)
	if err != nil {
		t.Fatal(err)
	}
	files := graphviz.Files(context.Background(), d)
	if got, want := names(files), "threat-model.md threat-model.dot threat-model.mmd threat-model.svg"; got != want {
		t.Fatalf("Files = %s, want %s", got, want)
	}
	svg, err := files[3].Bytes()
	if err != nil {
		t.Fatal(err)
	}
	items, err := goldencmp.SVGItems(svg)
	if err != nil {
		t.Fatal(err)
	}
	if all := strings.Join(items, "\n"); !strings.Contains(all, `"A"`) || !strings.Contains(all, `"B"`) {
		t.Errorf("the SVG does not name both components:\n%s", all)
	}
}

// TestFilesNilDocument: every file of a nil Document fails to render, with
// render.ErrNilModel, and nothing panics.
func TestFilesNilDocument(t *testing.T) {
	for _, d := range []*render.Document{nil, {}} {
		files := graphviz.Files(context.Background(), d)
		if len(files) != 4 {
			t.Errorf("Files(%v) = %s", d, names(files))
		}
		for _, f := range files {
			if _, err := f.Bytes(); err == nil {
				t.Errorf("%s of a nil document rendered", f.Name)
			} else if f.Name != "threat-model.md" && !errors.Is(err, render.ErrNilModel) {
				t.Errorf("%s of a nil document: %v, want render.ErrNilModel", f.Name, err)
			}
		}
	}
}
