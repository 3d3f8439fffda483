package scale_test

import (
	"strconv"
	"testing"

	"github.com/threatwright/threatwright/render"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// denseModel is what a hostile or careless model can be: n processes in
// one zone, each calling every other without authentication (n·(n−1)
// flows), each holding an asset, reached from the internet by one user.
// Every process is on every other's attack paths, the shape in which an
// enumeration of paths explodes.
func denseModel(n int) *tm.Model {
	m := tm.New("Dense " + strconv.Itoa(n))
	internet := m.Zone("Internet", tm.Untrusted)
	inside := m.Zone("Inside", tm.Trusted)
	user := m.ExternalEntity("User", internet)
	procs := make([]*tm.Component, n)
	for i := range procs {
		id := strconv.Itoa(i)
		a := m.DataAsset("Records "+id, tm.Value(tm.High))
		procs[i] = m.Process("Service "+id, inside, tm.Stores(a))
	}
	m.Flow(user, procs[0], "Request", tm.AuthN(tm.NoAuthentication))
	for i, p := range procs {
		for j, q := range procs {
			if i != j {
				m.Flow(p, q, "Call "+strconv.Itoa(i)+"-"+strconv.Itoa(j), tm.AuthN(tm.NoAuthentication))
			}
		}
	}
	return m
}

// BenchmarkDense analyses and renders dense models of 50, 100 and 200
// processes (2,450 to 39,800 flows). The attack path search keeps at most
// reach.WithPathsPerAsset paths per asset (3 by default) of at most 32
// steps, so its cost grows with the flows, not with the number of paths
// through them; the report is split above render.DefaultSplitAbove
// components and the diagram is the overview.
func BenchmarkDense(b *testing.B) {
	for _, n := range []int{50, 100, 200} {
		m := denseModel(n)
		b.Run("processes="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d, err := render.NewDocument(m)
				if err != nil {
					b.Fatal(err)
				}
				var out counter
				for _, f := range d.Files("threat-model") {
					if err := f.Render(&out); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(len(m.Flows())), "flows")
		})
	}
}
