package render_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/render"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestMermaidNeutralisesDirectives names a component after a Mermaid
// directive: Mermaid reads "%%{…}%%" anywhere in its source, so a name must
// not reach the output with its percent signs.
func TestMermaidNeutralisesDirectives(t *testing.T) {
	const directive = "%%{init:{'theme':'dark','themeVariables':{'primaryColor':'#ff0000'}}}%%"
	m := tm.New("Directive")
	z := m.Zone(directive, tm.Trusted)
	a := m.Process(directive, z)
	b := m.Process("B", z)
	m.Flow(a, b, directive)
	var out bytes.Buffer
	if err := render.Mermaid(&out, m); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "%%{") || strings.Contains(out.String(), "}%%") {
		t.Errorf("a directive from a name reaches the Mermaid output:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "#37;#37;{init") {
		t.Errorf("the name is not in the output, escaped:\n%s", out.String())
	}
}
