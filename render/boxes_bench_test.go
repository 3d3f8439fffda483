package render

import (
	"bufio"
	"strconv"
	"testing"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// nestedZones returns a model whose n zones form one chain, each inside the
// one before, with a process in the innermost.
func nestedZones(n int) *tm.Model {
	m := tm.New("Nested")
	var z *tm.Zone
	for i := range n {
		name := "Zone " + strconv.Itoa(i)
		if z == nil {
			z = m.Zone(name, tm.Untrusted)
		} else {
			z = m.Zone(name, tm.Trusted, tm.Inside(z))
		}
	}
	m.Process("Worker", z)
	return m
}

// byteCounter discards what is written to it and counts the bytes.
type byteCounter int64

func (c *byteCounter) Write(p []byte) (int, error) {
	*c += byteCounter(len(p))
	return len(p), nil
}

// BenchmarkBoxDiagram draws chains of nested zones. The drawing of a chain of
// n zones has about 2n lines of about 4n characters each, so its size, and
// the work, grow with the number of zones times their depth.
func BenchmarkBoxDiagram(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		m := nestedZones(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			var out byteCounter
			runs := 0
			for b.Loop() {
				w := bufio.NewWriter(&out)
				writeBoxDiagram(w, m)
				if err := w.Flush(); err != nil {
					b.Fatal(err)
				}
				runs++
			}
			b.ReportMetric(float64(out)/float64(runs), "out-B/op")
		})
	}
}
