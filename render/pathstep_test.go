package render_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/render"
)

// TestHighlightPathDrawsTakeover: the serverless deploy role's takeover of
// the function is an attack-path step over no flow; the highlighted
// diagram draws it as a dashed edge from the pipeline to the function,
// labelled with the role and the technique, in DOT and in Mermaid; the
// path with no takeover draws no such edge.
func TestHighlightPathDrawsTakeover(t *testing.T) {
	d, err := render.NewDocument(serverless.Model())
	if err != nil {
		t.Fatal(err)
	}
	esc := d.Reach.EscalationPaths()
	if len(esc) == 0 {
		t.Fatal("no escalation path in the serverless example")
	}
	const label = "takes over as Deploy role (technique lambda-003)"
	var dot bytes.Buffer
	if err := render.DOT(&dot, d.Model, render.HighlightPath(esc[0])); err != nil {
		t.Fatal(err)
	}
	edge := regexp.MustCompile(`(?m)^\tn\d+ -> n\d+ \[xlabel=<<B>takes over as Deploy role</B><BR/><B>\(technique lambda-003\)</B>>.*style=dashed`)
	if !edge.MatchString(dot.String()) {
		t.Errorf("the DOT has no dashed takeover edge labelled %q:\n%s", label, grepLines(dot.String(), "->"))
	}
	var mmd bytes.Buffer
	if err := render.Mermaid(&mmd, d.Model, render.HighlightPath(esc[0])); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`-\.->\|"takes over as Deploy role`).MatchString(mmd.String()) {
		t.Errorf("the Mermaid has no dotted takeover edge:\n%s", grepLines(mmd.String(), "takes over"))
	}
	var plain bytes.Buffer
	for _, p := range d.Reach.Paths {
		if !p.Escalates() {
			if err := render.DOT(&plain, d.Model, render.HighlightPath(p)); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	if strings.Contains(plain.String(), "takes over") {
		t.Error("a path without a takeover draws a takeover edge")
	}
}

// grepLines returns the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
