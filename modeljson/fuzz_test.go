package modeljson_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/threatwright/threatwright/modeljson"
	"github.com/threatwright/threatwright/render"
)

// FuzzDecode feeds the decoder arbitrary bytes, seeded with the examples'
// model files: it must never panic, must return a model or an error and not
// both; a model it returns must analyse without panicking, encode, and
// decode again to the same bytes.
func FuzzDecode(f *testing.F) {
	for _, ex := range examples {
		data, err := modeljson.Marshal(ex.model())
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(small))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := modeljson.Unmarshal(data, "fuzz.json")
		if (m == nil) == (err == nil) {
			t.Fatalf("model %v and error %v", m, err)
		}
		if m == nil {
			return
		}
		// A model that decodes is analysed like one declared in Go: the
		// analysis must not panic on it either.
		if d, err := render.NewDocument(m); err == nil {
			if err := modeljson.EncodeAnalysis(io.Discard, d); err != nil {
				t.Fatalf("the analysis does not encode: %v", err)
			}
		}
		out, err := modeljson.Marshal(m)
		if err != nil {
			t.Fatalf("a decoded model does not encode: %v", err)
		}
		back, err := modeljson.Unmarshal(out, "again.json")
		if err != nil {
			t.Fatalf("an encoded model does not decode: %v\n%s", err, out)
		}
		again, _ := modeljson.Marshal(back)
		if !bytes.Equal(out, again) {
			t.Fatalf("encoding is not stable:\n%s\n%s", out, again)
		}
	})
}
