package modeljson_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/threatwright/threatwright/modeljson"
)

// FuzzDecode feeds the decoder arbitrary bytes, seeded with the examples'
// model files: it must never panic, must return a model or an error and not
// both, and a model it returns must encode, and decode again to the same
// bytes.
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
		stop := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("decoding took over 10s: %q", data)) })
		defer stop.Stop()
		m, err := modeljson.Unmarshal(data, "fuzz.json")
		if (m == nil) == (err == nil) {
			t.Fatalf("model %v and error %v", m, err)
		}
		if m == nil {
			return
		}
		_ = m.Findings()
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
