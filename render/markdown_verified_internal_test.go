package render

import (
	"slices"
	"testing"

	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestCrossingEvidence checks that the one pass counting the evidence of
// every crossing's threats gives, for each crossing, what
// stride.Report.CountEvidence gives for that crossing's threats: on the
// platform with its verification run (verified, failing and unverified
// evidence), strict or not, and on a synthetic model of many crossings.
func TestCrossingEvidence(t *testing.T) {
	run, err := platform.Verification()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		m    *tm.Model
		opts []stride.Option
	}{
		{"platform", platform.Model(), []stride.Option{stride.WithVerification(run)}},
		{"platform strict", platform.Model(), []stride.Option{stride.WithVerification(run), stride.Strict()}},
		{"synth strict", synth.Model(200), []stride.Option{stride.Strict()}},
	} {
		d, err := NewDocument(c.m, STRIDEOptions(c.opts...))
		if err != nil {
			t.Fatal(err)
		}
		w := &mdWriter{d: d, m: d.Model}
		w.index()
		if len(w.crossings) < 2 {
			t.Fatalf("%s: %d crossings, want several", c.name, len(w.crossings))
		}
		got := crossingEvidence(w.crossings)
		counted := 0
		for i, g := range w.crossings {
			want := d.Threats.CountEvidence(func(t *stride.Threat) bool { return slices.Contains(g.threats, t) })
			if got[i] != want {
				t.Errorf("%s: %s: counted %+v, CountEvidence gives %+v", c.name, g.title(), got[i], want)
			}
			counted += want.Total()
		}
		if counted == 0 {
			t.Errorf("%s: no crossing has evidence", c.name)
		}
	}
}
