package goldencmp_test

import (
	"os"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/internal/golden"
	"github.com/threatwright/threatwright/internal/goldencmp"
)

// The test binary accepts -update like every other of this repository.
var _ = golden.Update

func TestText(t *testing.T) {
	if d := goldencmp.Text([]byte("a\nb\n"), []byte("a\nb\n")); d != "" {
		t.Errorf("equal text: %q", d)
	}
	if d := goldencmp.Text([]byte("a\nb\n"), []byte("a\nc\n")); !strings.Contains(d, "line 2") {
		t.Errorf("changed line 2: %q", d)
	}
	if d := goldencmp.Text([]byte("a\n"), []byte("a\nb\n")); !strings.Contains(d, "line 2") {
		t.Errorf("added line 2: %q", d)
	}
}

// TestSVGOfExample reads the serverless example's checked-in diagram: it
// names every component and matches itself, and a copy with other
// coordinates, while a copy with a renamed node does not.
func TestSVGOfExample(t *testing.T) {
	svg, err := os.ReadFile("../../examples/serverless/docs/threat-model.svg")
	if err != nil {
		t.Fatal(err)
	}
	items, err := goldencmp.SVGItems(svg)
	if err != nil {
		t.Fatal(err)
	}
	var nodes, edges, clusters int
	for _, it := range items {
		switch {
		case strings.HasPrefix(it, "node "):
			nodes++
		case strings.HasPrefix(it, "edge "):
			edges++
		case strings.HasPrefix(it, "cluster "):
			clusters++
		}
	}
	if nodes < 10 || edges < 10 || clusters < 4 {
		t.Errorf("SVGItems found %d nodes, %d edges, %d clusters:\n%s", nodes, edges, clusters, strings.Join(items, "\n"))
	}
	if !strings.Contains(strings.Join(items, "\n"), "DynamoDB") {
		t.Errorf("SVGItems lack DynamoDB:\n%s", strings.Join(items, "\n"))
	}
	if d := goldencmp.Diff("x.svg", svg, svg); d != "" {
		t.Errorf("the SVG differs from itself: %s", d)
	}
	moved := []byte(strings.ReplaceAll(string(svg), `x="`, `x="1`))
	if d := goldencmp.Diff("x.svg", svg, moved); d != "" {
		t.Errorf("moved coordinates: %s", d)
	}
	renamed := []byte(strings.Replace(string(svg), ">DynamoDB<", ">Aurora<", 1))
	if d := goldencmp.Diff("x.svg", svg, renamed); !strings.Contains(d, "Aurora") {
		t.Errorf("renamed node: %q", d)
	}
	if d := goldencmp.Diff("x.svg", svg, []byte("<html></html>")); !strings.Contains(d, "root element") {
		t.Errorf("not SVG: %q", d)
	}
}

func TestUpdating(t *testing.T) {
	t.Setenv(goldencmp.EnvUpdate, "1")
	if !goldencmp.Updating() {
		t.Error("Updating() = false with THREATWRIGHT_UPDATE=1")
	}
	t.Setenv(goldencmp.EnvUpdate, "")
	if goldencmp.Updating() != golden.Update() {
		t.Error("Updating and golden.Update disagree")
	}
}
