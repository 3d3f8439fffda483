package render_test

import (
	"io"
	"strconv"
	"testing"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/render"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// BenchmarkNewDocument measures the whole analysis behind a report:
// validation, STRIDE and reach.
func BenchmarkNewDocument(b *testing.B) {
	for _, n := range []int{100, 1000} {
		m := synth.Model(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := render.NewDocument(m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkMarkdown measures rendering an analysed model.
func BenchmarkMarkdown(b *testing.B) {
	models := []struct {
		name string
		m    *tm.Model
	}{{"serverless", serverless.Model()}, {"synth-1000", synth.Model(1000)}}
	for _, c := range models {
		d, err := render.NewDocument(c.m)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := render.Markdown(io.Discard, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
