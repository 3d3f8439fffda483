// Command platform builds the threat model of a container platform web
// application on Kubernetes, validates it and prints a summary.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/threatmodel"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	m := platform.Model()
	fmt.Fprintf(w, "%s — %d zones, %d components, %d flows, %d assets, %d roles, %d secrets, %d dependencies\n",
		m.Name(), len(m.Zones()), len(m.Components()), len(m.Flows()), len(m.Assets()), len(m.Roles()),
		len(m.Secrets()), len(m.Dependencies()))

	crossing := 0
	for _, f := range m.Flows() {
		if f.CrossesBoundary() {
			crossing++
		}
	}
	fmt.Fprintf(w, "trust boundaries: %d of %d flows cross at least one; deepest zone: %s\n",
		crossing, len(m.Flows()), deepest(m.Zones()))
	fmt.Fprintf(w, "%s, %s, %s, %s\n",
		count(len(m.Threats()), "hand-written threat"), count(len(m.Mitigations()), "mitigation"),
		count(len(m.Acceptances()), "accepted risk"), count(len(m.Waivers()), "waiver"))

	for _, f := range m.Findings() {
		fmt.Fprintln(w, f)
	}
	if err := m.Validate(); err != nil {
		return fmt.Errorf("model is incomplete")
	}
	fmt.Fprintln(w, "validation: no gaps")
	return nil
}

// deepest names the most deeply nested zone with its ancestors, innermost
// first: "app namespace ⊂ Private app subnet ⊂ …". The first zone declared
// wins a tie.
func deepest(zones []*threatmodel.Zone) string {
	var best *threatmodel.Zone
	for _, z := range zones {
		if best == nil || z.Depth() > best.Depth() {
			best = z
		}
	}
	if best == nil {
		return "none"
	}
	names := []string{best.Name()}
	for _, a := range best.Ancestors() {
		names = append(names, a.Name())
	}
	return strings.Join(names, " ⊂ ")
}

// count writes n and the noun, with an s when n is not 1.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
