package threatmodel_test

import (
	"strconv"
	"testing"

	"github.com/threatwright/threatwright/internal/synth"
)

// BenchmarkValidate validates complete synthetic models. The cost must grow
// linearly with the number of components.
func BenchmarkValidate(b *testing.B) {
	for _, n := range []int{100, 1_000, 10_000} {
		b.Run("components="+strconv.Itoa(n), func(b *testing.B) {
			m := synth.Model(n)
			if err := m.Validate(); err != nil {
				b.Fatalf("synth.Model(%d) is not complete: %v", n, err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := m.Validate(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFindingsIncomplete validates a model where every flow has gaps,
// so that findings, their positions and the sort are measured too.
func BenchmarkFindingsIncomplete(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run("flows="+strconv.Itoa(n), func(b *testing.B) {
			f := newFixture()
			for i := range n {
				f.m.Flow(f.customer, f.api, "Call "+strconv.Itoa(i))
			}
			want := 5*n + 0
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if got := len(f.m.Findings()); got != want {
					b.Fatalf("got %d findings, want %d", got, want)
				}
			}
		})
	}
}

// BenchmarkDeclare measures declaring a complete 1,000-component model.
func BenchmarkDeclare(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		synth.Model(1_000)
	}
}
