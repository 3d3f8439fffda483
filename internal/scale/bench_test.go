package scale_test

import (
	"flag"
	"io"
	"strconv"
	"sync"
	"testing"

	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

var large = flag.Bool("tw.large", false, "also run the 100,000-component cases")

// sizes are the model sizes every stage is measured at; the last one runs
// only with -tw.large.
var sizes = []int{100, 1_000, 10_000, 100_000}

const largeSize = 100_000

// cache holds one model and its analyses per size, built on first use, so
// that each stage's benchmark measures that stage alone.
var cache struct {
	sync.Mutex
	models map[int]*tm.Model
	docs   map[int]*render.Document
}

func model(b *testing.B, n int) *tm.Model {
	cache.Lock()
	defer cache.Unlock()
	if m, ok := cache.models[n]; ok {
		return m
	}
	if cache.models == nil {
		cache.models = map[int]*tm.Model{}
	}
	m := synth.Model(n)
	if err := m.Validate(); err != nil {
		b.Fatal(err)
	}
	cache.models[n] = m
	return m
}

func document(b *testing.B, n int) *render.Document {
	m := model(b, n)
	cache.Lock()
	defer cache.Unlock()
	if d, ok := cache.docs[n]; ok {
		return d
	}
	if cache.docs == nil {
		cache.docs = map[int]*render.Document{}
	}
	d, err := render.NewDocument(m)
	if err != nil {
		b.Fatal(err)
	}
	cache.docs[n] = d
	return d
}

// each runs fn as one sub-benchmark per size, skipping the large size
// without -tw.large, and reports allocations.
func each(b *testing.B, fn func(b *testing.B, n int)) {
	for _, n := range sizes {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			if n >= largeSize && !*large {
				b.Skip("100,000 components run with -tw.large")
			}
			b.ReportAllocs()
			fn(b, n)
		})
	}
}

// counter discards what is written to it and counts the bytes.
type counter int64

func (c *counter) Write(p []byte) (int, error) {
	*c += counter(len(p))
	return len(p), nil
}

func BenchmarkDeclare(b *testing.B) {
	each(b, func(b *testing.B, n int) {
		for b.Loop() {
			synth.Model(n)
		}
	})
}

func BenchmarkValidate(b *testing.B) {
	each(b, func(b *testing.B, n int) {
		m := model(b, n)
		for b.Loop() {
			if err := m.Validate(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkSTRIDE(b *testing.B) {
	each(b, func(b *testing.B, n int) {
		m := model(b, n)
		for b.Loop() {
			if _, err := stride.Analyze(m); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkReach(b *testing.B) {
	each(b, func(b *testing.B, n int) {
		m := model(b, n)
		rep := document(b, n).Threats
		for b.Loop() {
			if _, err := reach.Analyze(m, reach.WithThreats(rep)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPipeline is the end-to-end figure: declare, validate,
// STRIDE and reach.
func BenchmarkPipeline(b *testing.B) {
	each(b, func(b *testing.B, n int) {
		for b.Loop() {
			m := synth.Model(n)
			if err := m.Validate(); err != nil {
				b.Fatal(err)
			}
			if _, err := render.NewDocument(m); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkMarkdown also reports the report's size (out-B/op) and the bytes
// allocated per byte written (alloc/out).
func BenchmarkMarkdown(b *testing.B) {
	each(b, func(b *testing.B, n int) {
		d := document(b, n)
		var out counter
		for b.Loop() {
			if err := render.Markdown(&out, d); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(out)/float64(b.N), "out-B/op")
	})
}

// BenchmarkDOT draws the default diagram: the overview above
// render.DefaultOverviewAbove components.
func BenchmarkDOT(b *testing.B) {
	each(b, func(b *testing.B, n int) {
		m := model(b, n)
		for b.Loop() {
			if err := render.DOT(io.Discard, m); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDOTFull draws every component.
func BenchmarkDOTFull(b *testing.B) {
	each(b, func(b *testing.B, n int) {
		m := model(b, n)
		for b.Loop() {
			if err := render.DOT(io.Discard, m, render.AutoOverview(0)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkMermaid(b *testing.B) {
	each(b, func(b *testing.B, n int) {
		m := model(b, n)
		for b.Loop() {
			if err := render.Mermaid(io.Discard, m); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFiles renders every document of Document.Files with the
// defaults: above render.DefaultSplitAbove components the report is split
// and its lists are CSV files, and above render.DefaultOverviewAbove the
// top-level zones get diagrams of their own. out-B/op is the bytes of all
// documents.
func BenchmarkFiles(b *testing.B) {
	each(b, func(b *testing.B, n int) {
		d := document(b, n)
		var out counter
		for b.Loop() {
			for _, f := range d.Files("threat-model") {
				if err := f.Render(&out); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(out)/float64(b.N), "out-B/op")
	})
}
