package graphviz_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/render/graphviz"
	"github.com/threatwright/threatwright/threatmodel"
)

// SVG lays out the data flow diagram with Graphviz compiled to
// WebAssembly: no system Graphviz is needed. Each component is a node.
func ExampleSVG() {
	m := threatmodel.New("Orders API")
	internet := m.Zone("Internet", threatmodel.Untrusted)
	vpc := m.Zone("VPC", threatmodel.Trusted)
	user := m.ExternalEntity("Customer", internet)
	api := m.Process("Orders service", vpc)
	db := m.DataStore("Orders DB", vpc)
	m.Flow(user, api, "Place order", threatmodel.Over(threatmodel.HTTPS, 443))
	m.Flow(api, db, "Insert order", threatmodel.Over(threatmodel.SQL, 5432))

	var b bytes.Buffer
	if err := graphviz.SVG(context.Background(), &b, m, render.WithoutLegend()); err != nil {
		log.Fatal(err)
	}
	svg := b.String()
	fmt.Println(strings.Contains(svg, "<svg"), strings.HasSuffix(strings.TrimSpace(svg), "</svg>"))
	fmt.Println("nodes:", strings.Count(svg, `class="node"`), "edges:", strings.Count(svg, `class="edge"`))
	fmt.Println(strings.Contains(svg, ">Orders service<"))
	// Output:
	// true true
	// nodes: 3 edges: 2
	// true
}

// Files lists every document of a model, the SVG diagrams included, for
// render.WriteFiles in a go generate program (or render/rendertest.Docs in
// a test).
func ExampleFiles() {
	d, err := render.NewDocument(serverless.Model())
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "docs")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := render.WriteFiles(dir, graphviz.Files(context.Background(), d)...); err != nil {
		log.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		fmt.Println(e.Name(), len(b) > 0)
	}
	// Output:
	// attack-path.svg true
	// escalation-path.svg true
	// threat-model.dot true
	// threat-model.md true
	// threat-model.mmd true
	// threat-model.svg true
}
