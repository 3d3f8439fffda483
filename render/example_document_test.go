package render_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
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

// SARIF writes the threats, findings and attack paths as a SARIF 2.1.0 log
// for GitHub code scanning: open threats as alerts at the line that
// declared their element, closed ones suppressed with their evidence.
func ExampleSARIF() {
	m := threatmodel.New("Shop")
	internet := m.Zone("Internet", threatmodel.Untrusted)
	app := m.Zone("App", threatmodel.Trusted)
	user := m.ExternalEntity("Customer", internet)
	api := m.Process("Orders API", app, threatmodel.Accepts(threatmodel.JSON))
	m.Flow(user, api, "Place order", threatmodel.Over(threatmodel.HTTP, 80))

	d, err := render.NewDocument(m)
	if err != nil {
		log.Fatal(err)
	}
	var b bytes.Buffer
	if err := render.SARIF(&b, d, render.SARIFRoot(".")); err != nil {
		log.Fatal(err)
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID    string
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
					}
				}
				Suppressions []struct{ Kind string }
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &sarif); err != nil {
		log.Fatal(err)
	}
	for _, r := range sarif.Runs[0].Results {
		if r.RuleID == "TW-S-001" && len(r.Suppressions) == 0 {
			fmt.Println(r.RuleID, r.Level, r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
		}
	}
	// Output:
	// TW-S-001 error example_document_test.go
}
