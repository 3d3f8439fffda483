package reach_test

import (
	"os"
	"strconv"
	"testing"

	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// chainModel returns a model of n roles in one assumption chain: role i may
// assume role i+1, each role reads its own table, and a function runs as
// the first role. The last role's table is reached from the first through
// every role between.
func chainModel(n int) *tm.Model {
	m := tm.New("Chain " + strconv.Itoa(n))
	app := m.Zone("App", tm.Trusted)
	data := m.Zone("Data", tm.HighlyTrusted)
	roles := make([]*tm.Role, n)
	for i := range roles {
		id := strconv.Itoa(i)
		roles[i] = m.Role("Role " + id)
		rec := m.DataAsset("Records "+id, tm.Value(tm.Level(1+i%5)))
		table := m.DataStore("Table "+id, data, tm.Stores(rec))
		roles[i].Allow(table, "dynamodb:GetItem")
	}
	for i := 0; i+1 < n; i++ {
		roles[i].CanAssume(roles[i+1])
	}
	fn := m.Process("Function", app)
	fn.RunsAs(roles[0])
	return m
}

// BenchmarkRoleChain analyzes chains of 300 and 1,000 roles, and of
// 2,000, 10,000 and 100,000 when THREATWRIGHT_LARGE=1. Every role's blast
// radius lists what the rest of the chain reaches, so the result itself
// grows with the square of the chain's length.
func BenchmarkRoleChain(b *testing.B) {
	for _, n := range []int{300, 1000, 2000, 10000, 100000} {
		if n > 1000 && os.Getenv("THREATWRIGHT_LARGE") != "1" {
			continue
		}
		b.Run("roles="+strconv.Itoa(n), func(b *testing.B) {
			m := chainModel(n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := reach.Analyze(m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
