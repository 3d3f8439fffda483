package modeljson_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/modeljson"
	"github.com/threatwright/threatwright/render"
	tm "github.com/threatwright/threatwright/threatmodel"
)

const small = `{
  "format": "threatwright/model",
  "version": 1,
  "name": "Shop",
  "zones": [
    {"name": "Internet", "trust": "untrusted"},
    {"name": "VPC", "trust": "trusted"}
  ],
  "components": [
    {"name": "User", "kind": "external-entity", "zone": "Internet"},
    {"name": "API", "kind": "process", "zone": "VPC"}
  ],
  "flows": [
    {"id": "req", "source": "User", "destination": "API", "name": "order", "protocol": "https", "port": 443}
  ],
  "mitigations": [
    {"title": "WAF", "implements": ["waf"], "on": ["flows[\"req\"]"]}
  ]
}
`

// TestDecodeErrors shows each kind of bad input failing with its JSON
// path, line and column and what was expected, and no model.
func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name, from, to string
		want           string // the first error
	}{
		{"unknown field", `"port": 443}`, `"port": 443, "colour": "red"}`,
			`x.json:14:110: $.flows[0].colour: unknown field "colour": expected one of id, source`},
		{"dangling zone", `"zone": "VPC"}`, `"zone": "Edge"}`,
			`x.json:11:48: $.components[1].zone: expected a zone declared in zones, got "Edge"`},
		{"bad enum", `"trust": "trusted"}`, `"trust": "trustworthy"}`,
			`x.json:7:30: $.zones[1].trust: expected one of "untrusted", "semi-trusted", "trusted", "highly-trusted", got "trustworthy"`},
		{"wrong type", `"port": 443`, `"port": "443"`,
			`x.json:14:105: $.flows[0].port: expected a whole number, got a string "443"`},
		{"misspelt field", `"port": 443}`, `"port": 443, "Carry": ["x"]}`,
			`x.json:14:110: $.flows[0].Carry: unknown field "Carry": expected "carries"`},
		{"missing field", `"kind": "process", `, ``,
			`x.json:11:5: $.components[1]: missing field "kind"`},
		{"syntax", `"name": "Shop",`, `"name": "Shop"`,
			`x.json:5:3: $: invalid JSON: invalid character '"' after object key:value pair`},
		{"version", `"version": 1`, `"version": 2`,
			`x.json:3:14: $.version: this package reads version 1 of the format, got a number "2"`},
		{"flow reference", `"on": ["flows[\"req\"]"]`, `"on": ["flows[\"User → API: order\"]", "flows[\"x\"]"]`,
			`x.json:17:84: $.mitigations[0].on[1]: expected the key ("Source → Destination: name") or the id of a flow declared in flows, got "x"`},
		{"response backwards", `"port": 443}`, `"port": 443},
    {"source": "User", "destination": "API", "name": "reply", "responseTo": "req"}`,
			`x.json:15:77: $.flows[1].responseTo: expected a request from "API" to "User"`},
		{"kind", `"kind": "process"`, `"kind": "data-flow"`,
			`x.json:11:29: $.components[1].kind: expected "external-entity", "process" or "data-store", got "data-flow": a flow is declared in flows`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := strings.Replace(small, tc.from, tc.to, 1)
			if in == small {
				t.Fatalf("the case does not change the input")
			}
			m, err := modeljson.Unmarshal([]byte(in), "x.json")
			if m != nil {
				t.Errorf("a model was returned with the error")
			}
			var e *modeljson.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not a *modeljson.Error", err)
			}
			if !strings.HasPrefix(e.Error(), tc.want) {
				t.Errorf("error\n%s\nwant prefix\n%s", e.Error(), tc.want)
			}
		})
	}
}

// TestDecodePositions shows a decoded model's elements and findings at the
// lines of the file.
func TestDecodePositions(t *testing.T) {
	m, err := modeljson.Unmarshal([]byte(small), "shop.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Component("API").Pos(); got != (tm.Pos{File: "shop.json", Line: 11}) {
		t.Errorf("API declared at %v, want shop.json:11", got)
	}
	var found bool
	for _, f := range m.Findings() {
		if f.Code == tm.CodeNoOwner && f.Pos == (tm.Pos{File: "shop.json", Line: 1}) {
			found = true
		}
	}
	if !found {
		t.Errorf("no %s finding at shop.json:1 in %v", tm.CodeNoOwner, m.Findings())
	}
	if fl := m.Flows()[0]; !fl.Has(tm.WAF) {
		t.Errorf("the mitigation naming the flow by id did not reach it")
	}
}

// TestDecodeCollectsErrors shows every problem reported, in input order.
func TestDecodeCollectsErrors(t *testing.T) {
	in := strings.Replace(small, `"zone": "VPC"}`, `"zone": "Edge", "x": 1}`, 1)
	_, err := modeljson.Unmarshal([]byte(in), "")
	var es modeljson.Errors
	if !errors.As(err, &es) || len(es) != 1 {
		t.Fatalf("got %v, want one error (unknown fields stop before references are checked)", err)
	}
	in = strings.Replace(small, `"zone": "VPC"}`, `"zone": "Edge"}`, 1)
	in = strings.Replace(in, `"source": "User"`, `"source": "Nobody"`, 1)
	_, err = modeljson.Unmarshal([]byte(in), "")
	if !errors.As(err, &es) || len(es) != 2 || es[0].Line != 11 || es[1].Line != 14 {
		t.Fatalf("got %v, want the dangling zone (line 11) and source (line 14)", err)
	}
}

// TestDecodeOrderCycle shows a zone inside a zone declared after it
// rejected: the DSL declares a parent first.
func TestDecodeOrderCycle(t *testing.T) {
	in := strings.Replace(small, `{"name": "Internet", "trust": "untrusted"}`, `{"name": "Internet", "trust": "untrusted", "inside": "VPC"}`, 1)
	_, err := modeljson.Unmarshal([]byte(in), "")
	if err == nil || !strings.Contains(err.Error(), "$.zones[0]: the element names an element declared after it") {
		t.Fatalf("got %v", err)
	}
}

// TestDecodedFindingsPointAtJSON shows what the DSL finds wrong in a file
// that decodes (a duplicate name) reported at the line of the JSON, and a
// SARIF result pointing at the file.
func TestDecodedFindingsPointAtJSON(t *testing.T) {
	in := strings.Replace(small, `{"name": "VPC", "trust": "trusted"}`, `{"name": "VPC", "trust": "trusted"},
    {"name": "VPC", "trust": "trusted"}`, 1)
	dir := t.TempDir()
	file := filepath.Join(dir, "shop.json")
	m, err := modeljson.Unmarshal([]byte(in), file)
	if err != nil {
		t.Fatal(err)
	}
	var dup *tm.Finding
	for _, f := range m.Findings() {
		if f.Code == tm.CodeDuplicateName {
			dup = f
		}
	}
	if dup == nil || dup.Pos != (tm.Pos{File: file, Line: 8}) {
		t.Fatalf("duplicate zone finding %v, want one at %s:8", dup, file)
	}
	if _, err := render.NewDocument(m); err == nil {
		t.Fatalf("a model with a structural error analysed")
	}
	in = strings.Replace(small, `"name": "Shop",`, `"name": "Shop", "owner": "Shop team",`, 1)
	if m, err = modeljson.Unmarshal([]byte(in), file); err != nil {
		t.Fatal(err)
	}
	d, err := render.NewDocument(m)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := render.SARIF(&b, d, render.SARIFRoot(dir)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"uri": "shop.json"`) {
		t.Errorf("the SARIF log does not point at shop.json:\n%.2000s", b.String())
	}
}

// TestDecodeStatementPositions shows a permission recording the line of
// its own statement, not its role's.
func TestDecodeStatementPositions(t *testing.T) {
	in := strings.Replace(small, `"components": [`, `"roles": [
    {"name": "API role",
     "permissions": [
       {"effect": "allow", "resource": "components[\"API\"]", "actions": ["lambda:InvokeFunction"]}
     ]}
  ],
  "components": [`, 1)
	m, err := modeljson.Unmarshal([]byte(in), "x.json")
	if err != nil {
		t.Fatal(err)
	}
	r := m.RoleNamed("API role")
	if r.Pos().Line != 10 || len(r.Permissions()) != 1 || r.Permissions()[0].Pos().Line != 12 {
		t.Errorf("role at %v, permissions %v; want lines 10 and 12", r.Pos(), r.Permissions())
	}
}

// TestDecodeStopsAtMaxErrors shows a file with many problems reporting
// MaxErrors of them.
func TestDecodeStopsAtMaxErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"format": "threatwright/model", "version": 1, "name": "m", "components": [`)
	for i := range 2 * modeljson.MaxErrors {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"name": "c", "kind": "process", "zone": "nowhere"}`)
	}
	b.WriteString("]}")
	_, err := modeljson.Unmarshal([]byte(b.String()), "")
	var es modeljson.Errors
	if !errors.As(err, &es) || len(es) != modeljson.MaxErrors {
		t.Fatalf("got %d errors, want %d", len(es), modeljson.MaxErrors)
	}
}
