package render_test

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/render"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestHighlightPath draws the likeliest attack path to the most critical
// asset: the components and flows on it are emphasised, the rest faded.
func TestHighlightPath(t *testing.T) {
	m := serverless.Model()
	d, err := render.NewDocument(m)
	if err != nil {
		t.Fatal(err)
	}
	// The first path that crosses two flows: a short insider or
	// supply-chain path may rank first for the most critical asset.
	i := slices.IndexFunc(d.Reach.Paths, func(p reach.AttackPath) bool { return len(p.Flows()) >= 2 })
	if i < 0 {
		t.Fatal("no attack path crosses two flows")
	}
	p := d.Reach.Paths[i]
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
	on := map[string]bool{}
	for _, s := range p.Steps {
		for _, el := range []tm.Element{s.From, s.To} {
			if c, ok := el.(*tm.Component); ok {
				on[c.Name()] = true
			}
		}
	}
	if len(on) < 3 || len(p.Flows()) < 2 {
		t.Fatalf("the path is too short to test: %s", p.String())
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
	// The flows of the path are drawn blue, and so are the flows between
	// the ends of a step that crosses no flow (using a role); no other flow
	// is.
	edge := func(from, to *tm.Component) string {
		return "n" + strconv.Itoa(from.Index()) + " -> n" + strconv.Itoa(to.Index())
	}
	onPath, mayBe := map[string]bool{}, map[string]bool{}
	for _, f := range p.Flows() {
		onPath[edge(f.Source(), f.Destination())] = true
	}
	for _, s := range p.Steps {
		from, _ := s.From.(*tm.Component)
		to, _ := s.To.(*tm.Component)
		if s.Flow == nil && from != nil && to != nil {
			mayBe[edge(from, to)] = true
		}
	}
	for _, l := range strings.Split(lit.String(), "\n") {
		e := dotEdge.FindStringSubmatch(l)
		if e == nil {
			continue
		}
		ends := e[1] + " -> " + e[2]
		if emph := strings.Contains(e[3], `color="#1565c0"`); emph != onPath[ends] && !mayBe[ends] {
			t.Errorf("edge %s: emphasised %v, on the path %v", ends, emph, onPath[ends])
		}
		delete(onPath, ends)
	}
	if len(onPath) > 0 {
		t.Errorf("flows of the path not drawn: %v", onPath)
	}
}

// TestHighlightPathOneFlow checks that a step over a flow emphasises that
// flow, not the other flows between the same two components.
func TestHighlightPathOneFlow(t *testing.T) {
	m := tm.New("Two flows")
	z := m.Zone("Z", tm.Trusted)
	a, b := m.ExternalEntity("A", z), m.Process("B", z)
	used := m.Flow(a, b, "Used")
	m.Flow(a, b, "Other")
	p := reach.AttackPath{Source: a, Steps: []reach.Step{{From: a, To: b, Flow: used}}}
	out := renderString(t, render.DOT, m, render.HighlightPath(p))
	for _, e := range dotEdge.FindAllStringSubmatch(out, -1) {
		emph := strings.Contains(e[3], `color="#1565c0"`)
		if want := strings.Contains(e[3], "<B>Used</B>"); emph != want {
			t.Errorf("edge %s: emphasised %v, want %v", e[3], emph, want)
		}
	}
}
