package otm_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// This file checks a document against a JSON schema, for the subset of JSON
// Schema the OTM and TM-BOM schemas use: type, required, properties, items,
// enum, pattern, oneOf and local $ref.

type schema = map[string]any

func loadSchema(t testing.TB, name string) schema {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var s schema
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// checkSchema fails the test with each place doc breaks the schema.
func checkSchema(t testing.TB, root schema, doc []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	for _, e := range validate(root, root, v, "$") {
		t.Error(e)
	}
}

func validate(root, s schema, v any, path string) []string {
	if ref, ok := s["$ref"].(string); ok {
		return validate(root, resolve(root, ref), v, path)
	}
	var errs []string
	if types, ok := s["type"]; ok && !typeMatches(types, v) {
		return []string{fmt.Sprintf("%s: %s is not of type %v", path, kindOf(v), types)}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		errs = append(errs, fmt.Sprintf("%s: %v is not one of %v", path, v, enum))
	}
	if p, ok := s["pattern"].(string); ok {
		if str, isStr := v.(string); isStr && !regexp.MustCompile(p).MatchString(str) {
			errs = append(errs, fmt.Sprintf("%s: %q does not match %s", path, str, p))
		}
	}
	if one, ok := s["oneOf"].([]any); ok {
		n := 0
		for _, sub := range one {
			if len(validate(root, sub.(schema), v, path)) == 0 {
				n++
			}
		}
		if n != 1 {
			errs = append(errs, fmt.Sprintf("%s: matches %d of the oneOf schemas, want 1", path, n))
		}
	}
	switch x := v.(type) {
	case map[string]any:
		for _, r := range asSlice(s["required"]) {
			if _, ok := x[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required property %q is missing", path, r))
			}
		}
		props, _ := s["properties"].(map[string]any)
		for k, pv := range x {
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, validate(root, ps, pv, path+"."+k)...)
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, it := range x {
				errs = append(errs, validate(root, items, it, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	}
	slices.Sort(errs)
	return errs
}

func resolve(root schema, ref string) schema {
	cur := root
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		cur = cur[part].(map[string]any)
	}
	return cur
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func kindOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if x == float64(int64(x)) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}

func typeMatches(types any, v any) bool {
	k := kindOf(v)
	for _, t := range append(asSlice(types), types) {
		if t == k || (t == "number" && k == "integer") {
			return true
		}
	}
	return false
}

func TestCheckSchemaCatchesGaps(t *testing.T) {
	root := loadSchema(t, "otm_schema.json")
	doc := `{"otmVersion":"0.2.0","project":{"name":"x"},"trustZones":[{"id":"a","name":"A","risk":{}}],
	"dataflows":[],"components":[{"id":"c","name":"C","type":"t","parent":{}}]}`
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatal(err)
	}
	got := validate(root, root, v, "$")
	want := []string{
		`$.components[0].parent: matches 0 of the oneOf schemas, want 1`,
		`$.project: required property "id" is missing`,
		`$.trustZones[0].risk: required property "trustRating" is missing`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("validate = %q, want %q", got, want)
	}
}
