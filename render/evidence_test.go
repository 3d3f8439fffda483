package render_test

import (
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/agent/agent"
	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/escape"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestReportShowsEvidence: in both examples' reports, every row that lists
// a mitigated threat (the trust-boundary and STRIDE tables) says what
// closes it, where that is enforced and where it was declared.
func TestReportShowsEvidence(t *testing.T) {
	for name, m := range map[string]*tm.Model{"serverless": serverless.Model(), "platform": platform.Model(), "agent": agent.Model()} {
		d, err := render.NewDocument(m)
		if err != nil {
			t.Fatal(err)
		}
		md := markdownOfDocument(t, d)
		rows := map[string][]string{}
		for _, l := range strings.Split(md, "\n") {
			if strings.HasPrefix(l, "| ") && strings.Contains(l, " | Mitigated | ") {
				for _, cell := range strings.Split(l, " | ") {
					rows[strings.TrimSpace(cell)] = append(rows[strings.TrimSpace(cell)], l)
				}
			}
		}
		mitigated := 0
		for _, th := range d.Threats.Threats {
			if th.Status != stride.Mitigated {
				continue
			}
			mitigated++
			ls := rows[escape.MarkdownCell(th.ID)]
			if len(ls) == 0 {
				t.Errorf("%s: no row for %s", name, th.ID)
				continue
			}
			for _, l := range ls {
				if !strings.Contains(l, "Closed by ") || !strings.Contains(l, ".go:") {
					t.Errorf("%s: the row of %s does not show its evidence with its declaration:\n%s", name, th.ID, l)
				}
			}
		}
		if mitigated == 0 {
			t.Errorf("%s: no mitigated threat", name)
		}
	}
}
