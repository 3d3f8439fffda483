package stride_test

import (
	"fmt"
	"testing"

	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/stride"
)

func BenchmarkZZScale(b *testing.B) {
	for _, n := range []int{1000, 10000, 40000} {
		m := synth.Model(n)
		only := stride.OnlyRules(ideRuleIDs()...)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				stride.Analyze(m, only)
			}
		})
	}
}
