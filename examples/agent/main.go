// Command agent builds the threat model of a customer-support assistant —
// an LLM agent with retrieval, an MCP tool server and a refund workflow
// that staff approve — validates and analyses it, prints a summary and
// what a hijacked assistant reaches through its tools, and writes the
// threat model documents.
//
//	go run ./examples/agent          # from the repository root
//	go generate ./examples/agent     # the same, through go generate
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

	"github.com/threatwright/threatwright/examples/agent/agent"
	"github.com/threatwright/threatwright/internal/examplecmd"
	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

func main() {
	out := flag.String("o", examplecmd.DefaultDir("agent"), "directory to write the documents into (\"\" for none)")
	flag.Parse()
	if err := run(os.Stdout, *out); err != nil {
		fmt.Fprintln(os.Stderr, "agent:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, dir string) error {
	m := agent.Model()
	res, err := reach.Analyze(m)
	if err != nil {
		return err
	}
	for _, ar := range res.Agents {
		fmt.Fprintf(w, "%s: %d tool calls; untrusted content from %s\n", ar.Agent.Name(), len(ar.Tools), flowList(ar.Injection))
		for _, t := range ar.Tools {
			gate := ""
			if t.Approval {
				gate = " (a person approves each call)"
			}
			fmt.Fprintf(w, "  %s → %s%s: %s\n", t.Flow.Name(), t.Tool.Name(), gate, assets(t.BlastRadius))
		}
		fmt.Fprintf(w, "  hijacked, without approval: %s\n", assets(ar.BlastRadius))
	}
	return examplecmd.Run(w, m, dir)
}

// flowList names the flows, or "nowhere".
func flowList(fs []*tm.Flow) string {
	if len(fs) == 0 {
		return "nowhere"
	}
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Key()
	}
	return strings.Join(names, ", ")
}

// assets says which assets a blast radius reads, writes and deletes.
func assets(b reach.BlastRadius) string {
	var parts []string
	for _, lv := range []struct {
		a    tm.Access
		verb string
	}{{tm.Read, "reads"}, {tm.Write, "writes"}, {tm.Delete, "deletes"}} {
		var names []string
		for _, e := range b.Can(lv.a) {
			if a, ok := e.Element.(*tm.Asset); ok {
				names = append(names, a.Name())
			}
		}
		if len(names) > 0 {
			parts = append(parts, lv.verb+" "+strings.Join(names, ", "))
		}
	}
	if len(parts) == 0 {
		return "no asset"
	}
	return strings.Join(parts, "; ")
}
