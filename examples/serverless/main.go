// Command serverless builds the threat model of the guide's serverless
// public API, validates it and prints a summary.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	m := serverless.Model()
	fmt.Fprintf(w, "%s — %d zones, %d components, %d flows, %d assets, %d roles, %d secrets, %d dependencies\n",
		m.Name(), len(m.Zones()), len(m.Components()), len(m.Flows()), len(m.Assets()), len(m.Roles()),
		len(m.Secrets()), len(m.Dependencies()))
	for _, f := range m.Findings() {
		fmt.Fprintln(w, f)
	}
	if err := m.Validate(); err != nil {
		return fmt.Errorf("model is incomplete")
	}
	fmt.Fprintln(w, "validation: no gaps")
	return nil
}
