// Command platform builds the threat model of a container platform web
// application on Kubernetes, validates and analyses it, prints a summary,
// and writes the threat model documents.
//
//	go run ./examples/platform          # from the repository root
//	go generate ./examples/platform     # the same, through go generate
//
// The documents go to the docs directory beside this file, or to the
// directory given with -o.
package main

//go:generate go run . -o docs

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/internal/examplecmd"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

func main() {
	out := flag.String("o", examplecmd.DefaultDir("platform"), "directory to write the documents into (\"\" for none)")
	flag.Parse()
	if err := run(os.Stdout, *out); err != nil {
		fmt.Fprintln(os.Stderr, "platform:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, dir string) error {
	m := platform.Model()

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

	// The app package's tests that the model names as proofs, from the
	// checked-in run (platform.Verification): the documents say which
	// mitigations a passing test proves.
	res, err := platform.Verification()
	if err != nil {
		return err
	}
	return examplecmd.Run(w, m, dir, stride.WithVerification(res))
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
