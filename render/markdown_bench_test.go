package render_test

import (
	"runtime"
	"strconv"
	"testing"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
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

// counter discards what is written to it and counts the bytes.
type counter int64

func (c *counter) Write(p []byte) (int, error) {
	*c += counter(len(p))
	return len(p), nil
}

// BenchmarkMarkdown measures rendering an analysed model. Besides time and
// allocations it reports the report's size (out-B/op) and the bytes
// allocated per byte written (alloc/out).
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
			var out counter
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			n := 0
			for b.Loop() {
				if err := render.Markdown(&out, d); err != nil {
					b.Fatal(err)
				}
				n++
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(out)/float64(n), "out-B/op")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(out), "alloc/out")
		})
	}
}

// BenchmarkMarkdownStrict renders synthetic models analysed in strict mode,
// whose reports count the mitigation evidence of each trust boundary
// crossing. The model's crossings grow with it, so the cost per threat
// (B/threat, allocs/threat, ns/threat) stays flat when that count is
// linear and grows with the model when each crossing scans every threat.
func BenchmarkMarkdownStrict(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		d, err := render.NewDocument(synth.Model(n), render.STRIDEOptions(stride.Strict()))
		if err != nil {
			b.Fatal(err)
		}
		threats := float64(len(d.Threats.Threats))
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			var out counter
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				if err := render.Markdown(&out, d); err != nil {
					b.Fatal(err)
				}
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/threats, "B/threat")
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N)/threats, "allocs/threat")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/threats, "ns/threat")
		})
	}
}
