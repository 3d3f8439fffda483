package render_test

import (
	"io"
	"testing"

	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/render"
)

func benchmarkDiagram(b *testing.B, fn diagramFunc, n int, opts ...render.Option) {
	m := synth.Model(n)
	b.ReportAllocs()
	for b.Loop() {
		if err := fn(io.Discard, m, opts...); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDOTServerless(b *testing.B) {
	m := serverlessShaped()
	b.ReportAllocs()
	for b.Loop() {
		if err := render.DOT(io.Discard, m); err != nil {
			b.Fatal(err)
		}
	}
}

// The 1,000-component model of internal/synth is drawn in full (AutoOverview(0)) and as the
// overview it switches to by default.
func BenchmarkDOT1000Full(b *testing.B) {
	benchmarkDiagram(b, render.DOT, 1000, render.AutoOverview(0))
}
func BenchmarkDOT1000Overview(b *testing.B) { benchmarkDiagram(b, render.DOT, 1000) }
func BenchmarkMermaid1000Full(b *testing.B) {
	benchmarkDiagram(b, render.Mermaid, 1000, render.AutoOverview(0))
}
func BenchmarkMermaid1000Overview(b *testing.B) { benchmarkDiagram(b, render.Mermaid, 1000) }
