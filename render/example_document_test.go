package render_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
)

// NewDocument analyses a model; Files names the documents a go generate
// program writes, and WriteFiles writes them atomically, touching no other
// file in the directory.
func ExampleNewDocument() {
	// Judge acceptances at a fixed date, so that the documents do not
	// change with the clock; without it, NewDocument judges them today.
	review := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	d, err := render.NewDocument(serverless.Model(), render.STRIDEOptions(stride.At(review)))
	if err != nil {
		log.Fatal(err) // only structural errors stop the analysis
	}
	dir, err := os.MkdirTemp("", "threat-model")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := render.WriteFiles(dir, d.Files("threat-model")...); err != nil {
		log.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "threat-model.*"))
	for _, n := range names {
		fmt.Println(filepath.Base(n))
	}
	open := 0
	for _, t := range d.Threats.Threats {
		if t.Status == stride.Open {
			open++
		}
	}
	fmt.Println("open threats:", open)
	// Output:
	// threat-model.dot
	// threat-model.md
	// threat-model.mmd
	// open threats: 3
}
