package stride_test

import (
	"strconv"
	"testing"

	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// BenchmarkAnalyze runs the built-in catalog over synthetic models of 100,
// 1,000 and 10,000 components (about 2.3 flows per component). The cost
// should grow linearly with the model.
func BenchmarkAnalyze(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			m := synth.Model(n)
			if _, err := stride.Analyze(m); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := stride.Analyze(m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestAnalyzeAllocatesLinearly checks the cost model without timing: the
// allocations of Analyze at 4,000 components stay within 4.5 times those at
// 1,000. A quadratic look-up would allocate (and run) sixteen times more.
func TestAnalyzeAllocatesLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two synthetic models")
	}
	allocs := func(n int) float64 {
		m := synth.Model(n)
		return testing.AllocsPerRun(1, func() {
			if _, err := stride.Analyze(m); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := allocs(1000), allocs(4000)
	if ratio := large / small; ratio > 4.5 {
		t.Errorf("allocations grow %.1f× for 4× the components (%.0f → %.0f)", ratio, small, large)
	}
}

// sharedRoleModel is n processes that all run as one role, which holds a
// permission on each process's own table, and one person who calls every
// process: the shape in which per-component rules that re-read the role,
// or the caller's flows, go quadratic.
func sharedRoleModel(n int) *tm.Model {
	m := tm.New("Shared role")
	internet := m.Zone("Internet", tm.Untrusted)
	account := m.Zone("Account", tm.Trusted)
	data := m.Zone("Data", tm.HighlyTrusted, tm.Inside(account))
	user := m.ExternalEntity("User", internet, tm.Is(tm.Human))
	role := m.Role("Shared role")
	role.Allow(data, "dynamodb:GetItem")
	for i := range n {
		id := strconv.Itoa(i)
		records := m.DataAsset("Records "+id, tm.Value(tm.High))
		p := m.Process("Service "+id, account)
		table := m.DataStore("Table "+id, data, tm.Stores(records))
		m.Flow(user, p, "Call", tm.AuthN(tm.JWT))
		m.Flow(p, table, "Write", tm.AuthN(tm.IAMSignature))
		role.Allow(table, "dynamodb:PutItem")
		p.RunsAs(role)
	}
	return m
}

// TestSharedRoleAllocatesLinearly is TestAnalyzeAllocatesLinearly for a
// role held by every process.
func TestSharedRoleAllocatesLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two models")
	}
	allocs := func(n int) float64 {
		m := sharedRoleModel(n)
		return testing.AllocsPerRun(1, func() {
			if _, err := stride.Analyze(m); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := allocs(300), allocs(1200)
	if ratio := large / small; ratio > 4.5 {
		t.Errorf("allocations grow %.1f× for 4× the components (%.0f → %.0f)", ratio, small, large)
	}
}
