package render_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/render"
)

// Above the number of components SplitAbove sets (500 by default), the
// report is a summary and its long lists are CSV files beside it. The
// serverless example has ten components; split above five, its documents
// are these.
func ExampleSplitAbove() {
	d, err := render.NewDocument(serverless.Model())
	if err != nil {
		log.Fatal(err)
	}
	var lists []string
	for _, f := range d.Files("threat-model", render.SplitAbove(5)) {
		if name, ok := strings.CutSuffix(f.Name, ".csv"); ok {
			lists = append(lists, strings.TrimPrefix(name, "threat-model-"))
			continue
		}
		fmt.Println(f.Name)
	}
	fmt.Println("lists:", strings.Join(lists, ", "))
	// Output:
	// threat-model.md
	// threat-model.dot
	// threat-model.mmd
	// lists: findings, components, flows, assets, zones, crossings, boundaries, threats, roles, error-handling, runtime-security, secrets, data-lifecycle, supply-chain, gate-boundaries, gate-roles, coverage, escalation-paths, accepted-risks, mitigations, hand-written-threats, waivers, least-privilege, attack-paths, component-reach, secret-reach
}
