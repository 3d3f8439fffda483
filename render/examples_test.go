package render_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/render"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestExampleDiagramsGolden pins the DOT and Mermaid of both examples,
// coloured by open risk as their documents are.
func TestExampleDiagramsGolden(t *testing.T) {
	for _, ex := range []struct {
		name  string
		model func() *tm.Model
	}{{"serverless", serverless.Model}, {"platform", platform.Model}} {
		d, err := render.NewDocument(ex.model())
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []struct {
			ext string
			fn  func(io.Writer, *tm.Model, ...render.Option) error
		}{{".dot", render.DOT}, {".mmd", render.Mermaid}} {
			t.Run(ex.name+"_example"+f.ext, func(t *testing.T) {
				var buf bytes.Buffer
				if err := f.fn(&buf, d.Model, render.ColorByRisk(d.OpenRisk)); err != nil {
					t.Fatal(err)
				}
				checkGolden(t, ex.name+"_example"+f.ext, buf.Bytes())
			})
		}
	}
}

// TestHighlightPath draws the likeliest attack path to the user data: the
// components and flows on it are emphasised, the rest faded.
func TestHighlightPath(t *testing.T) {
	m := serverless.Model()
	d, err := render.NewDocument(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Reach.Paths {
		if p.Asset.Name() != "User data in DynamoDB" {
			continue
		}
		var plain, lit bytes.Buffer
		if err := render.DOT(&plain, m); err != nil {
			t.Fatal(err)
		}
		if err := render.DOT(&lit, m, render.HighlightPath(p)); err != nil {
			t.Fatal(err)
		}
		if plain.String() == lit.String() {
			t.Fatal("HighlightPath changed nothing")
		}
		// Each component on the path is drawn differently from the others.
		on := map[string]bool{}
		for _, s := range p.Steps {
			for _, el := range []tm.Element{s.From, s.To} {
				if c, ok := el.(*tm.Component); ok {
					on[c.Name()] = true
				}
			}
		}
		for _, name := range []string{"User", "API Gateway", "Lambda", "DynamoDB"} {
			if !on[name] {
				t.Errorf("the path to user data does not pass %s: %s", name, p.String())
			}
		}
		// Highlighted nodes are filled #fff9c4, faded ones #fafafa.
		checked := 0
		for _, l := range strings.Split(lit.String(), "\n") {
			for _, c := range m.Components() {
				if !strings.Contains(l, "<B>"+c.Name()+"</B>") || !strings.Contains(l, "fillcolor") {
					continue
				}
				want := "#fafafa"
				if on[c.Name()] {
					want = "#fff9c4"
				}
				checked++
				if !strings.Contains(l, want) {
					t.Errorf("%s (on the path: %v) is not filled %s:\n%s", c.Name(), on[c.Name()], want, l)
				}
			}
		}
		if checked != len(m.Components()) {
			t.Errorf("checked the fill of %d components, want %d", checked, len(m.Components()))
		}
		return
	}
	t.Fatal("no attack path to the user data")
}
