package cli_test

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/threatwright/threatwright/cli"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// Run is the whole command line as a function: here validate over a Go
// model whose one flow states nothing. Failing on errors only it exits 0;
// failing on gaps (the default) it exits 2. A user's main is
// os.Exit(cli.Main(mymodel.Model())).
func ExampleRun() {
	m := tm.New("Shop")
	m.Flow(m.ExternalEntity("Customer", m.Zone("Internet", tm.Untrusted)),
		m.Process("Orders API", m.Zone("App", tm.Trusted)), "Place order")

	ctx := context.Background()
	fmt.Println("exit", cli.Run(ctx, []string{"validate", "-fail-on", "error"}, io.Discard, os.Stderr, cli.WithModel(m)))
	fmt.Println("exit", cli.Run(ctx, []string{"validate"}, io.Discard, os.Stderr, cli.WithModel(m)))
	// Output:
	// exit 0
	// exit 2
}
