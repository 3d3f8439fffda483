// Command serverless builds the threat model of the guide's serverless
// public API, validates and analyses it, prints a summary, and writes the
// threat model documents: Markdown, Graphviz DOT and SVG, Mermaid, and the
// likeliest attack path as SVG.
//
//	go run ./examples/serverless          # from the repository root
//	go generate ./examples/serverless     # the same, through go generate
//
// The documents go to the docs directory beside this file, or to the
// directory given with -o.
package main

//go:generate go run . -o docs

import (
	"flag"
	"fmt"
	"os"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/examplecmd"
)

func main() {
	out := flag.String("o", examplecmd.DefaultDir("serverless"), "directory to write the documents into (\"\" for none)")
	flag.Parse()
	if err := examplecmd.Run(os.Stdout, serverless.Model(), *out); err != nil {
		fmt.Fprintln(os.Stderr, "serverless:", err)
		os.Exit(1)
	}
}
