package modeljson

import (
	"encoding"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/internal/golden"
)

// The JSON Schemas in schema/ are generated from the format's types and
// their doc tags, so that they cannot drift from what Encode writes and
// Decode reads; TestSchemasCurrent compares them (go test -update rewrites
// them). TestGoldensMatchSchema checks every golden against the checked-in
// schema with a small checker of the subset of JSON Schema they use.

var schemas = []struct {
	file, id, title, desc string
	root                  reflect.Type
	consts                map[string]any
}{
	{"model.schema.json", "https://github.com/threatwright/threatwright/modeljson/schema/model.schema.json",
		"threatwright model", "A threat model in the threatwright/model format, version 1: what threatmodel's Go DSL declares, element for element. References name elements: by name where one collection is meant, by path (components[\"API Gateway\"], flows[\"User → API: request\"]) where several are.",
		reflect.TypeFor[model](), map[string]any{"format": Format, "version": Version}},
	{"analysis.schema.json", "https://github.com/threatwright/threatwright/modeljson/schema/analysis.schema.json",
		"threatwright analysis", "What the analysis of a threat model says, in the threatwright/analysis format, version 1. Elements are named by their paths.",
		reflect.TypeFor[analysis](), map[string]any{"format": AnalysisFormat, "version": AnalysisVersion}},
}

type schemaGen struct{ defs map[string]any }

func (g *schemaGen) of(t reflect.Type) map[string]any {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Implements(reflect.TypeFor[encoding.TextMarshaler]()) {
		if t.Kind() == reflect.Uint8 {
			var enum []any
			for _, tok := range tokens(t) {
				enum = append(enum, strings.Trim(tok, `"`))
			}
			return map[string]any{"type": "string", "enum": enum}
		}
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int:
		return map[string]any{"type": "integer"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.of(t.Elem())}
	case reflect.Struct:
		name := t.Name()
		if _, ok := g.defs[name]; !ok {
			g.defs[name] = nil // reserve against recursion
			g.defs[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/$defs/" + name}
	}
	panic("schema: unsupported type " + t.String())
}

func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []any
	g.fields(t, props, &required)
	out := map[string]any{"type": "object", "additionalProperties": false, "properties": props}
	if len(required) > 0 {
		out["required"] = required
	}
	return out
}

func (g *schemaGen) fields(t reflect.Type, props map[string]any, required *[]any) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || f.Type == metaType {
			continue
		}
		if f.Anonymous && tag == "" {
			g.fields(f.Type, props, required)
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		s := g.of(f.Type)
		if enum := f.Tag.Get("enum"); enum != "" { // a subset of the type's tokens
			var list []any
			for _, e := range strings.Split(enum, ",") {
				list = append(list, e)
			}
			s["enum"] = list
		}
		if doc := f.Tag.Get("doc"); doc != "" {
			if _, isRef := s["$ref"]; isRef {
				s = map[string]any{"allOf": []any{s}, "description": doc}
			} else {
				s["description"] = doc
			}
		}
		props[name] = s
		if opts == "" {
			*required = append(*required, name)
		}
	}
}

func generate(t *testing.T, i int) []byte {
	sc := schemas[i]
	g := &schemaGen{defs: map[string]any{}}
	root := g.object(sc.root)
	props := root["properties"].(map[string]any)
	for k, v := range sc.consts {
		props[k].(map[string]any)["enum"] = []any{v}
	}
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"], root["title"], root["description"] = sc.id, sc.title, sc.desc
	root["$defs"] = g.defs
	b, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func TestSchemasCurrent(t *testing.T) {
	for i, sc := range schemas {
		golden.Check(t, filepath.Join("schema", sc.file), generate(t, i))
	}
}

// check validates doc against schema s (with root for $ref), for the subset
// of JSON Schema the schemas use: type, enum, properties, required,
// additionalProperties false, items, $ref to $defs, allOf.
func check(root, s map[string]any, doc any, path string) []string {
	if ref, ok := s["$ref"].(string); ok {
		def, ok := root["$defs"].(map[string]any)[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		if !ok {
			return []string{path + ": unresolved $ref " + ref}
		}
		return check(root, def, doc, path)
	}
	var errs []string
	for _, sub := range asList(s["allOf"]) {
		errs = append(errs, check(root, sub.(map[string]any), doc, path)...)
	}
	if enum, ok := s["enum"].([]any); ok && !inEnum(enum, doc) {
		errs = append(errs, path+": not one of the allowed values")
	}
	switch s["type"] {
	case "object":
		obj, ok := doc.(map[string]any)
		if !ok {
			return append(errs, path+": not an object")
		}
		props, _ := s["properties"].(map[string]any)
		for _, r := range asList(s["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				errs = append(errs, path+": missing "+r.(string))
			}
		}
		for k, v := range obj {
			p, ok := props[k].(map[string]any)
			if !ok {
				if s["additionalProperties"] == false {
					errs = append(errs, path+"."+k+": not allowed")
				}
				continue
			}
			errs = append(errs, check(root, p, v, path+"."+k)...)
		}
	case "array":
		arr, ok := doc.([]any)
		if !ok {
			return append(errs, path+": not an array")
		}
		items, _ := s["items"].(map[string]any)
		for i, v := range arr {
			errs = append(errs, check(root, items, v, path+"["+itoa(i)+"]")...)
		}
	case "string":
		if _, ok := doc.(string); !ok {
			errs = append(errs, path+": not a string")
		}
	case "boolean":
		if _, ok := doc.(bool); !ok {
			errs = append(errs, path+": not a boolean")
		}
	case "integer":
		if n, ok := doc.(float64); !ok || n != float64(int64(n)) {
			errs = append(errs, path+": not an integer")
		}
	}
	return errs
}

func asList(v any) []any { l, _ := v.([]any); return l }

func inEnum(enum []any, v any) bool {
	for _, e := range enum {
		if reflect.DeepEqual(e, v) {
			return true
		}
	}
	return false
}

func itoa(i int) string { return strconv.Itoa(i) }

func readJSON(t *testing.T, path string) any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

func TestGoldensMatchSchema(t *testing.T) {
	for _, sc := range []struct{ schema, glob string }{
		{"model.schema.json", "*.model.json"},
		{"analysis.schema.json", "*.analysis.json"},
	} {
		s := readJSON(t, filepath.Join("schema", sc.schema)).(map[string]any)
		files, _ := filepath.Glob(filepath.Join("testdata", sc.glob))
		if sc.glob == "*.model.json" {
			docs, _ := filepath.Glob(filepath.Join("..", "examples", "*", "docs", "model.json"))
			files = append(files, docs...)
		}
		if len(files) == 0 {
			t.Fatalf("no golden matches %s", sc.glob)
		}
		for _, f := range files {
			for _, e := range check(s, s, readJSON(t, f), "$") {
				t.Errorf("%s: %s", f, e)
			}
		}
	}
}

// TestSchemaCheckerRejects shows the checker failing documents that break
// the schema, one way each.
func TestSchemaCheckerRejects(t *testing.T) {
	s := readJSON(t, filepath.Join("schema", "model.schema.json")).(map[string]any)
	for name, doc := range map[string]string{
		"wrong format":  `{"format": "otm", "version": 1, "name": "m"}`,
		"unknown field": `{"format": "threatwright/model", "version": 1, "name": "m", "colour": "red"}`,
		"missing name":  `{"format": "threatwright/model", "version": 1}`,
		"bad enum":      `{"format": "threatwright/model", "version": 1, "name": "m", "zones": [{"name": "z", "trust": "very"}]}`,
		"wrong type":    `{"format": "threatwright/model", "version": 1, "name": "m", "flows": [{"source": "a", "destination": "b", "name": "f", "port": "80"}]}`,
		"item required": `{"format": "threatwright/model", "version": 1, "name": "m", "components": [{"name": "c", "kind": "process"}]}`,
	} {
		var v any
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatal(err)
		}
		if errs := check(s, s, v, "$"); len(errs) == 0 {
			t.Errorf("%s: the checker accepts %s", name, doc)
		}
	}
	var ok any
	_ = json.Unmarshal([]byte(`{"format": "threatwright/model", "version": 1, "name": "m"}`), &ok)
	if errs := check(s, s, ok, "$"); len(errs) > 0 {
		t.Errorf("the checker rejects a minimal model: %v", errs)
	}
}
