package otm_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/otm"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/threatmodel"
)

func importFile(t *testing.T, name string) (*threatmodel.Model, []otm.Warning) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, warnings, err := otm.ImportReport(f)
	if err != nil {
		t.Fatalf("ImportReport: %v", err)
	}
	return m, warnings
}

func warningTexts(ws []otm.Warning) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.String()
	}
	return out
}

// TestImportIriusStyle imports a document written the way IriusRisk and
// StartLeft write OTM (UUID zone ids, their component types, nested zones,
// a component inside a component, threat and mitigation states), then
// validates, analyses and renders it.
func TestImportIriusStyle(t *testing.T) {
	m, warnings := importFile(t, "irius-style.otm.json")

	kinds := map[string]threatmodel.Kind{}
	for _, c := range m.Components() {
		kinds[c.Name()] = c.Kind()
	}
	want := map[string]threatmodel.Kind{
		"Mobile app user": threatmodel.ExternalEntity, "API Gateway": threatmodel.Process,
		"Orders function": threatmodel.Process, "Shared layer": threatmodel.Process,
		"Orders table": threatmodel.DataStore, "Receipts bucket": threatmodel.DataStore,
	}
	for name, k := range want {
		if kinds[name] != k {
			t.Errorf("%s is a %v, want %v", name, kinds[name], k)
		}
	}
	if z := m.ZoneNamed("Private Secured"); z == nil || z.Parent() == nil || z.Parent().Name() != "Public Cloud" || z.Trust() != threatmodel.HighlyTrusted {
		t.Errorf("Private Secured: want a highly trusted zone inside Public Cloud, got %+v", z)
	}
	if z := m.ZoneNamed("Internet"); z == nil || z.Trust() != threatmodel.Untrusted {
		t.Errorf("Internet (trust rating 20) should be untrusted")
	}
	if c := m.Component("Shared layer"); c == nil || c.Zone().Name() != "Public Cloud" {
		t.Errorf("the component nested in Orders function belongs in its zone, Public Cloud")
	}
	if c := m.Component("Orders table"); c == nil || len(c.Stores()) != 1 || !c.IsA(threatmodel.Database) {
		t.Errorf("Orders table: want a database storing Customer orders")
	}
	if got := len(m.Flows()); got != 5 {
		t.Errorf("got %d flows, want 5 (four, and the response of the bidirectional one)", got)
	}
	if f := m.Flows()[0]; f.Protocol() != threatmodel.HTTPS {
		t.Errorf("the HTTPS tag should set the protocol, got %v", f.Protocol())
	}

	texts := warningTexts(warnings)
	for _, w := range []string{
		"$.components[3].parent.component: a component inside a component",
		"$.dataflows[1].bidirectional: a bidirectional flow is imported as a request and its response",
		`$.threats[0].categories[1]: "Injection" is not a STRIDE category`,
		"$.threats[0].cwes: a hand-written threat has no CWE field",
		"$.mitigations[1]: the mitigation is implemented on no element",
	} {
		if !slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, w) }) {
			t.Errorf("no warning %q in\n%s", w, strings.Join(texts, "\n"))
		}
	}

	threats := m.Threats()
	if len(threats) != 3 {
		t.Fatalf("got %d hand-written threats, want 3", len(threats))
	}
	injection := threats[0]
	if injection.Category() != threatmodel.Tampering || injection.Impact() != threatmodel.High || injection.Likelihood() != threatmodel.Medium {
		t.Errorf("injection: %v impact %v likelihood %v, want Tampering, High, Medium", injection.Category(), injection.Impact(), injection.Likelihood())
	}
	if !strings.Contains(injection.Description(), "CWE-943") || injection.Mitigation() != "Validate order fields against a schema" {
		t.Errorf("injection: description %q, mitigation %q", injection.Description(), injection.Mitigation())
	}

	checkGaps(t, m, threatmodel.CodeNoEncryption, threatmodel.CodeNoAuthentication)
	renderMarkdown(t, m)
}

// checkGaps fails unless the model's findings hold each code as a gap.
func checkGaps(t *testing.T, m *threatmodel.Model, codes ...threatmodel.Code) {
	t.Helper()
	err := m.Validate()
	if err == nil {
		t.Fatal("Validate found no gap")
	}
	for _, code := range codes {
		found := false
		for _, f := range m.Findings() {
			if f.Code == code && f.Severity == threatmodel.SeverityGap {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s gap in %v", code, err)
		}
	}
}

func renderMarkdown(t *testing.T, m *threatmodel.Model) {
	t.Helper()
	d, err := render.NewDocument(m)
	if err != nil {
		t.Fatalf("NewDocument: %v", err)
	}
	var md bytes.Buffer
	if err := render.Markdown(&md, d); err != nil {
		t.Fatalf("Markdown: %v", err)
	}
	if !strings.Contains(md.String(), m.Name()) {
		t.Errorf("the report does not name the model")
	}
	if err := otm.Export(&bytes.Buffer{}, d); err != nil {
		t.Errorf("Export of the imported model: %v", err)
	}
}

// TestImportThreatclStyle imports what threatcl writes: a project, assets,
// threats and mitigations, no zones or components.
func TestImportThreatclStyle(t *testing.T) {
	m, warnings := importFile(t, "threatcl-style.otm.json")
	if len(m.Threats()) != 1 || m.Threats()[0].Category() != threatmodel.Spoofing {
		t.Errorf("want the one threat, as Spoofing, got %v", m.Threats())
	}
	texts := strings.Join(warningTexts(warnings), "\n")
	for _, w := range []string{
		"$.threats[0].categories[1]: a threat has one STRIDE category: Elevation of privilege is left out",
		`$.threats[0].categories[2]: "Confidentiality" is not a STRIDE category`,
		"$.mitigations[0]: the mitigation is implemented on no element",
	} {
		if !strings.Contains(texts, w) {
			t.Errorf("no warning %q in\n%s", w, texts)
		}
	}
	checkGaps(t, m, threatmodel.CodeNoComponents)
	renderMarkdown(t, m)
}

func TestImportErrors(t *testing.T) {
	const base = `{"otmVersion": "0.2.0", "project": {"name": "P", "id": "p"},
"trustZones": [{"id": "z", "name": "Z", "risk": {"trustRating": 50}}],
"components": [{"id": "a", "name": "A", "type": "web-service", "parent": {"trustZone": "z"}},
  {"id": "b", "name": "B", "type": "database", "parent": {"trustZone": "z"}}],
`
	cases := []struct {
		name, doc string
		want      []string
	}{
		{"dangling destination", base + `"dataflows": [{"id": "f", "name": "F", "source": "a", "destination": "b"},
 {"id": "g", "name": "G", "source": "a", "destination": "nowhere"}]}`,
			[]string{`otm: 6:57: $.dataflows[1].destination: no component has the id "nowhere"`}},
		{"flow to a zone", base + `"dataflows": [{"id": "f", "name": "F", "source": "z", "destination": "b"}]}`,
			[]string{`otm: 5:50: $.dataflows[0].source: "z" is a trust zone; a data flow runs between components`}},
		{"dangling asset, unknown member ignored", base + `"dataflows": [{"id": "f", "name": "F", "source": "a", "destination": "b", "assets": ["nothing"]}],
"x": [{"id": "c", "name": "C", "type": "t", "parent": {"trustZone": "gone"}}]}`,
			[]string{`otm: 5:86: $.dataflows[0].assets[0]: no asset has the id "nothing"`}},
		{"dangling zone", `{"otmVersion": "0.2.0", "project": {"name": "P", "id": "p"}, "trustZones": [],
"components": [{"id": "c", "name": "C", "type": "t", "parent": {"trustZone": "gone"}}], "dataflows": []}`,
			[]string{`otm: 2:78: $.components[0].parent.trustZone: no trust zone has the id "gone"`}},
		{"zone cycle", `{"otmVersion": "0.2.0", "project": {"name": "P", "id": "p"},
"trustZones": [{"id": "z", "name": "Z", "risk": {"trustRating": 50}, "parent": {"trustZone": "y"}},
 {"id": "y", "name": "Y", "risk": {"trustRating": 50}, "parent": {"trustZone": "z"}}], "components": [], "dataflows": []}`,
			[]string{`otm: 2:94: $.trustZones[0].parent.trustZone: the trust zone "z" is inside itself: its parents form a cycle`}},
		{"dangling threat and mitigation", `{"otmVersion": "0.2.0", "project": {"name": "P", "id": "p"},
"trustZones": [{"id": "z", "name": "Z", "risk": {"trustRating": 50}}],
"components": [{"id": "a", "name": "A", "type": "t", "parent": {"trustZone": "z"},
  "threats": [{"threat": "t1", "state": "exposed", "mitigations": [{"mitigation": "m9", "state": "implemented"}]}]}],
"dataflows": [], "threats": [{"id": "t2", "name": "T", "categories": ["Spoofing"], "risk": {"impact": 1, "likelihood": 1}}]}`,
			[]string{`otm: 4:26: $.components[0].threats[0].threat: no threat has the id "t1"`,
				`otm: 4:83: $.components[0].threats[0].mitigations[0].mitigation: no mitigation has the id "m9"`}},
		{"missing required", `{"project": {"id": "p", "name": "P"}, "trustZones": [{"id": "z", "name": "Z"}], "components": [{"id": "a", "name": "A", "type": "t"}]}`,
			[]string{`otm: 1:1: $.otmVersion: expected otmVersion, the OTM version the document follows (0.2.0)`}},
		{"wrong type", `{"otmVersion": "0.2.0", "project": {"name": "P", "id": "p"}, "dataflows": [{"id": 7}]}`,
			[]string{`otm: 1:83: $.dataflows[0].id: expected a string, found number`}},
		{"syntax", "{\"otmVersion\": \"0.2.0\",\n \"project\": {\"name\": \"P\",, }}",
			[]string{`otm: 2:26: $.project: invalid JSON: invalid character ',' looking for beginning of object key string`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := otm.Import(strings.NewReader(c.doc))
			if m != nil {
				t.Errorf("Import returned a model with an error")
			}
			var errs otm.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Import error %v is not otm.Errors", err)
			}
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("errors:\n got %q\nwant %q", got, c.want)
			}
			var one *otm.Error
			if !errors.As(err, &one) || one.Path == "" {
				t.Errorf("errors.As does not find an *otm.Error")
			}
		})
	}
}

// TestImportFromRecordsDocumentLines: a document imported with its file
// name declares every element at the line of the document that holds it,
// in document order, so findings point at the document; without a name
// they point at no line of it.
func TestImportFromRecordsDocumentLines(t *testing.T) {
	const name = "testdata/irius-style.otm.json"
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := otm.ImportFrom(bytes.NewReader(data), name)
	if err != nil {
		t.Fatal(err)
	}
	if p := m.Pos(); p.File != name || p.Line != 1 {
		t.Errorf("the model is declared at %s", p)
	}
	lines := strings.Split(string(data), "\n")
	last := 0
	for _, c := range m.Components() {
		p := c.Pos()
		if p.File != name || p.Line <= last || p.Line > len(lines) {
			t.Fatalf("%s declared at %s, after line %d", c.Name(), p, last)
		}
		// The line opens the component's object: its name follows within
		// a few lines.
		window := strings.Join(lines[p.Line-1:min(p.Line+5, len(lines))], "\n")
		if !strings.Contains(window, `"`+c.Name()+`"`) {
			t.Errorf("%s declared at line %d: %q", c.Name(), p.Line, window)
		}
		last = p.Line
	}
	for _, f := range m.Findings() {
		if f.Pos.IsValid() && f.Pos.File != name {
			t.Errorf("%s %s points at %s", f.Code, f.Path, f.Pos)
		}
	}
	plain, _, err := otm.ImportReport(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if p := plain.Components()[0].Pos(); p.File == name {
		t.Errorf("ImportReport recorded the document's name: %s", p)
	}
}
