// Package sensitivity runs the whole pipeline on a model and lists what
// changed between two runs, for the examples' sensitivity tests: one change
// to a system at a time, and the report must move where a reviewer expects.
package sensitivity

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// Outcome is what the pipeline says of one model.
type Outcome struct {
	Threats  map[string]stride.Status
	Findings []string // "CODE path" of the analysis findings
	Reach    []string // "CODE path" of the least-privilege findings
	Entries  map[string]string
	Open     int
	MD, DOT  []byte
}

// Run validates, analyses and renders the model, judging acceptances at
// the date given.
func Run(t testing.TB, m *tm.Model, at time.Time) Outcome {
	t.Helper()
	d, err := render.NewDocument(m, render.STRIDEOptions(stride.At(at)))
	if err != nil {
		t.Fatal(err)
	}
	o := Outcome{Threats: map[string]stride.Status{}, Entries: map[string]string{}}
	for _, th := range d.Threats.Threats {
		o.Threats[th.ID] = th.Status
		if th.Status == stride.Open {
			o.Open++
		}
	}
	for _, f := range d.Threats.Findings {
		o.Findings = append(o.Findings, string(f.Code)+" "+f.Path)
	}
	for _, f := range d.Reach.Findings {
		o.Reach = append(o.Reach, string(f.Code)+" "+f.Path)
	}
	for _, p := range d.Reach.Paths {
		// The first path to each asset with an entry: attackers from
		// outside come first.
		if _, seen := o.Entries[p.Asset.Name()]; !seen && p.Entry() != nil {
			o.Entries[p.Asset.Name()] = fmt.Sprintf("%s (%v, cost %d)", p.Entry().Key(), p.Likelihood, p.Cost)
		}
	}
	var md, dot bytes.Buffer
	if err := render.Markdown(&md, d); err != nil {
		t.Fatal(err)
	}
	if err := render.DOT(&dot, m, render.ColorByRisk(d.OpenRisk)); err != nil {
		t.Fatal(err)
	}
	o.MD, o.DOT = md.Bytes(), dot.Bytes()
	return o
}

// Diff lists, sorted, what changed from a to b: each threat whose status
// changed ("threat ID: Mitigated → Open"; a threat that is new changes from
// "unstated"), each analysis finding and least-privilege finding that
// appeared ("finding CODE path", "reach CODE path"), and each asset whose
// likeliest attack path enters elsewhere, at another likelihood or at
// another cost (lower is likelier).
func Diff(a, b Outcome) []string {
	var out []string
	for id, s := range b.Threats {
		if a.Threats[id] != s {
			out = append(out, fmt.Sprintf("threat %s: %v → %v", id, a.Threats[id], s))
		}
	}
	for _, f := range b.Findings {
		if !slices.Contains(a.Findings, f) {
			out = append(out, "finding "+f)
		}
	}
	for _, f := range b.Reach {
		if !slices.Contains(a.Reach, f) {
			out = append(out, "reach "+f)
		}
	}
	for asset, e := range b.Entries {
		if a.Entries[asset] != e {
			out = append(out, "path to "+asset+": "+a.Entries[asset]+" → "+e)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Change is one change to a system and what it must do to the report.
type Change struct {
	Name  string
	Model func() *tm.Model
	// Want lists lines Diff must contain.
	Want []string
}

// Check runs each change against the system as it is (base), checks its
// expected lines and that the report changed, logs the counts, and checks
// that building the system as it is again gives the same bytes: the change
// reversed.
func Check(t *testing.T, base func() *tm.Model, at time.Time, changes []Change) {
	t.Helper()
	was := Run(t, base(), at)
	for _, c := range changes {
		t.Run(c.Name, func(t *testing.T) {
			got := Run(t, c.Model(), at)
			d := Diff(was, got)
			for _, w := range c.Want {
				if !slices.Contains(d, w) {
					t.Errorf("the change did not give %q; it gave:\n  %s", w, joinLines(d))
				}
			}
			if bytes.Equal(was.MD, got.MD) {
				t.Error("the Markdown report did not change")
			}
			t.Logf("open threats %d → %d, analysis findings %d → %d, least-privilege findings %d → %d, diagram changed %v; changes:\n  %s",
				was.Open, got.Open, len(was.Findings), len(got.Findings), len(was.Reach), len(got.Reach), !bytes.Equal(was.DOT, got.DOT), joinLines(d))
			again := Run(t, base(), at)
			if !bytes.Equal(was.MD, again.MD) || !bytes.Equal(was.DOT, again.DOT) {
				t.Error("the system without the change does not give the same report and diagram")
			}
		})
	}
}

func joinLines(ls []string) string {
	var b bytes.Buffer
	for i, l := range ls {
		if i > 0 {
			b.WriteString("\n  ")
		}
		b.WriteString(l)
	}
	return b.String()
}
