package otm_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/threatwright/threatwright/otm"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/threatmodel"
)

// An OTM document from another tool: the importer infers each component's
// kind from its type, and reports what the model cannot keep.
func ExampleImportReport() {
	doc := `{
  "otmVersion": "0.2.0",
  "project": {"name": "Shop", "id": "shop"},
  "trustZones": [
    {"id": "internet", "name": "Internet", "risk": {"trustRating": 10}},
    {"id": "cloud", "name": "Cloud", "risk": {"trustRating": 70}}
  ],
  "components": [
    {"id": "browser", "name": "Browser", "type": "web-client", "parent": {"trustZone": "internet"}},
    {"id": "api", "name": "API", "type": "web-service", "parent": {"trustZone": "cloud"}},
    {"id": "db", "name": "Orders", "type": "postgresql-database", "parent": {"trustZone": "cloud"}}
  ],
  "dataflows": [
    {"id": "f1", "name": "Order", "source": "browser", "destination": "api", "tags": ["HTTPS"]},
    {"id": "f2", "name": "Insert", "source": "api", "destination": "db"}
  ],
  "threats": [
    {"id": "t1", "name": "SQL injection", "categories": ["Tampering", "Injection"], "risk": {"likelihood": 50, "impact": 90}}
  ]
}`
	m, warnings, err := otm.ImportReport(strings.NewReader(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range m.Components() {
		fmt.Printf("%s: %s in %s\n", c.Name(), c.Kind(), c.Zone().Name())
	}
	for _, w := range warnings {
		fmt.Println(w)
	}
	// Output:
	// Browser: External entity in Internet
	// API: Process in Cloud
	// Orders: Data store in Cloud
	// 18:71: $.threats[0].categories[1]: "Injection" is not a STRIDE category: left out
}

// Export writes the model and its analysis; here, the trust zones and their
// OTM trust ratings.
func ExampleExport() {
	m := threatmodel.New("Shop")
	m.Zone("Internet", threatmodel.Untrusted)
	cloud := m.Zone("Cloud", threatmodel.Trusted)
	m.Zone("Database subnet", threatmodel.HighlyTrusted, threatmodel.Inside(cloud))
	d, err := render.NewDocument(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	if err := otm.Export(&buf, d); err != nil {
		fmt.Println(err)
		return
	}
	var doc struct {
		TrustZones []struct {
			Name   string
			Risk   struct{ TrustRating float64 }
			Parent *struct{ TrustZone string }
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		fmt.Println(err)
		return
	}
	for _, z := range doc.TrustZones {
		parent := ""
		if z.Parent != nil {
			parent = ", inside " + z.Parent.TrustZone
		}
		fmt.Printf("%s: trust rating %v%s\n", z.Name, z.Risk.TrustRating, parent)
	}
	// Output:
	// Internet: trust rating 10
	// Cloud: trust rating 70
	// Database subnet: trust rating 100, inside cloud
}
