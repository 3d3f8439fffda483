package modeljson_test

import (
	"io"
	"testing"

	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/modeljson"
)

// BenchmarkEncode and BenchmarkDecode measure a synthetic model of 1,000
// components (about 3,800 elements).
func BenchmarkEncode(b *testing.B) {
	m := synth.Model(1000)
	b.ReportAllocs()
	for b.Loop() {
		if err := modeljson.Encode(io.Discard, m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	data, err := modeljson.Marshal(synth.Model(1000))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := modeljson.Unmarshal(data, "model.json"); err != nil {
			b.Fatal(err)
		}
	}
}
