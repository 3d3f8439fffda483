package otm_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/threatwright/threatwright/otm"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/threatmodel"
)

// FuzzImport checks that Import never panics, that it returns either a
// model or Errors, never both, that a model it returns has no structural
// error, and that the model exports and imports again.
//
// The seeds are the hand-written documents and the export of a small model
// with every kind of element: the examples' goldens (250–700 KB) take
// seconds an execution under the fuzzer's instrumentation.
func FuzzImport(f *testing.F) {
	f.Add(smallExport(f))
	for _, name := range []string{"irius-style.otm.json", "threatcl-style.otm.json"} {
		name = filepath.Join("testdata", name)
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"otmVersion":"0.2.0","project":{"name":"P","id":"p"},"trustZones":[{"id":"z","name":"Z","risk":{"trustRating":5},"parent":{"trustZone":"z"}}],"components":[{"id":"c","name":"C","type":"db","parent":{"component":"c"}}],"dataflows":[{"id":"f","name":"F","source":"c","destination":"c","attributes":{"threatwright.responseTo":"f"}}]}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := otm.Import(bytes.NewReader(data))
		if err != nil {
			var errs otm.Errors
			if m != nil || !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("Import returned model %v and error %v", m, err)
			}
			return
		}
		for _, finding := range m.Findings() {
			if finding.Severity == threatmodel.SeverityError {
				t.Fatalf("imported model has a structural error: %v", finding)
			}
		}
		var buf bytes.Buffer
		if err := otm.Export(&buf, &render.Document{Model: m}); err != nil {
			t.Fatalf("Export: %v", err)
		}
		if _, err := otm.Import(&buf); err != nil {
			t.Fatalf("Import of the export: %v\n%s", err, buf.Bytes())
		}
	})
}

// smallExport is the OTM export of a small model: nested zones, the three
// kinds of component, a flow and its response, an asset, a hand-written
// threat and a mitigation.
func smallExport(t testing.TB) []byte {
	m := threatmodel.New("Small", threatmodel.Owner("Team"))
	internet := m.Zone("Internet", threatmodel.Untrusted)
	cloud := m.Zone("Cloud", threatmodel.Trusted)
	data := m.Zone("Data", threatmodel.HighlyTrusted, threatmodel.Inside(cloud))
	records := m.DataAsset("Records", threatmodel.RiskLevel(threatmodel.Critical), threatmodel.PII())
	user := m.ExternalEntity("User", internet, threatmodel.Is(threatmodel.Human))
	api := m.Process("API", cloud, threatmodel.Controls(threatmodel.InputValidation))
	db := m.DataStore("DB", data, threatmodel.Stores(records))
	call := m.Flow(user, api, "Request", threatmodel.Over(threatmodel.HTTPS, 443), threatmodel.AuthN(threatmodel.JWT), threatmodel.Carries(records))
	m.Response(call, "Response")
	m.Flow(api, db, "Query", threatmodel.Encrypted(threatmodel.TLS12))
	th := m.Threat("Scraping", threatmodel.InformationDisclosure, threatmodel.About(api), threatmodel.Impact(threatmodel.High))
	m.Mitigation("Rate limits", threatmodel.Implements(threatmodel.RateLimiting), threatmodel.On(api), threatmodel.Addresses(th.ID()))
	d, err := render.NewDocument(m)
	if err != nil {
		t.Fatal(err)
	}
	return exportOTM(t, d)
}
