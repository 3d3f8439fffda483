package otm_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/threatwright/threatwright/otm"
)

// tmbomDoc is what Threat Dragon reads of a TM-BOM document.
type tmbomDoc struct {
	TrustZones []map[string]any `json:"trust_zones"`
	Actors     []map[string]any `json:"actors"`
	Components []map[string]any `json:"components"`
	DataStores []map[string]any `json:"data_stores"`
	DataSets   []map[string]any `json:"data_sets"`
	DataFlows  []map[string]any `json:"data_flows"`
	Threats    []map[string]any `json:"threats"`
	Controls   []map[string]any `json:"controls"`
}

// TestTMBOMReferences checks what Threat Dragon relies on when it imports a
// TM-BOM: symbolic names unique across the document (they become diagram
// cell ids), a flow's ends naming an actor, component or data store of the
// type the reference states, and every zone, store, threat and component a
// document refers to declared in it.
func TestTMBOMReferences(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := otm.ExportTMBOM(&buf, exampleDocument(t, ex.model)); err != nil {
				t.Fatal(err)
			}
			var doc tmbomDoc
			if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			kinds := map[string]string{}
			declare := func(kind string, list []map[string]any) {
				for _, el := range list {
					name, _ := el["symbolic_name"].(string)
					if prev, dup := kinds[name]; dup {
						t.Errorf("symbolic name %q of a %s is already a %s", name, kind, prev)
					}
					kinds[name] = kind
				}
			}
			declare("trust_zone", doc.TrustZones)
			declare("actor", doc.Actors)
			declare("component", doc.Components)
			declare("data_store", doc.DataStores)
			declare("data_set", doc.DataSets)
			declare("data_flow", doc.DataFlows)
			declare("threat", doc.Threats)
			declare("control", doc.Controls)
			refer := func(what string, name any, kind string) {
				if kinds[name.(string)] != kind {
					t.Errorf("%s refers to %v, a %q, want a %s", what, name, kinds[name.(string)], kind)
				}
			}
			for _, list := range [][]map[string]any{doc.Actors, doc.Components, doc.DataStores} {
				for _, el := range list {
					refer(el["symbolic_name"].(string)+".trust_zone", el["trust_zone"], "trust_zone")
				}
			}
			for _, f := range doc.DataFlows {
				for _, end := range []string{"source", "destination"} {
					ref := f[end].(map[string]any)
					refer(f["symbolic_name"].(string)+"."+end, ref["object"], ref["type"].(string))
				}
			}
			for _, s := range doc.DataSets {
				for _, p := range s["placements"].([]any) {
					refer(s["symbolic_name"].(string)+".placements", p.(map[string]any)["data_store"], "data_store")
				}
			}
			for _, c := range doc.Controls {
				for _, th := range c["threats"].([]any) {
					refer(c["symbolic_name"].(string)+".threats", th, "threat")
				}
			}
			for _, th := range doc.Threats {
				affected, _ := th["components_affected"].([]any)
				for _, c := range affected {
					if k := kinds[c.(string)]; k != "actor" && k != "component" && k != "data_store" {
						t.Errorf("%v.components_affected names %v, a %q", th["symbolic_name"], c, k)
					}
				}
			}
			if len(doc.DataFlows) == 0 || len(doc.Threats) == 0 || len(doc.Controls) == 0 {
				t.Errorf("the export has %d flows, %d threats, %d controls", len(doc.DataFlows), len(doc.Threats), len(doc.Controls))
			}
		})
	}
}
