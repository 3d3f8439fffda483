package otm_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/otm"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/threatmodel"
)

// elements lists a model's zones, components, flows and assets by name and
// kind, with what round-trips of each: a zone's trust and parent, a
// component's kind, zone and types, a flow's ends, protocol, encryption and
// authentication, an asset's kind and risk level.
func elements(m *threatmodel.Model) []string {
	var out []string
	add := func(parts ...string) {
		b, _ := json.Marshal(parts)
		out = append(out, string(b))
	}
	for _, z := range m.Zones() {
		parent := ""
		if p := z.Parent(); p != nil {
			parent = p.Name()
		}
		add("zone", z.Name(), z.Trust().String(), parent)
	}
	for _, c := range m.Components() {
		var types []string
		for _, t := range c.Types() {
			types = append(types, t.String())
		}
		add("component", c.Name(), c.Kind().String(), c.Zone().Name(), strings.Join(types, ","), c.Technology())
	}
	for _, f := range m.Flows() {
		add("flow", f.Key(), f.Protocol().String(), f.Encryption().String(), f.Authentication().String())
	}
	for _, a := range m.Assets() {
		add("asset", a.Name(), a.Kind().String(), a.Criticality().String(), a.Value().String())
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			d := exampleDocument(t, ex.model)
			first := exportOTM(t, d)
			m, warnings, err := otm.ImportReport(bytes.NewReader(first))
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			for _, w := range warnings {
				t.Errorf("warning on our own export: %s", w)
			}
			if got, want := elements(m), elements(d.Model); !slices.Equal(got, want) {
				t.Errorf("imported elements differ:\n got %q\nwant %q", got, want)
			}
			d2, err := render.NewDocument(m)
			if err != nil {
				t.Fatalf("NewDocument of the imported model: %v", err)
			}
			var second bytes.Buffer
			if err := otm.Export(&second, d2); err != nil {
				t.Fatal(err)
			}
			m2, err := otm.Import(&second)
			if err != nil {
				t.Fatalf("Import of the re-export: %v", err)
			}
			if got, want := elements(m2), elements(d.Model); !slices.Equal(got, want) {
				t.Errorf("re-exported elements differ:\n got %q\nwant %q", got, want)
			}
		})
	}
}
