package render

import (
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/internal/escape"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// This file writes the guide's STRIDE sections: per category, each rule or
// hand-written threat with its attack paths, mitigations and references.

// strideSections writes the guide's STRIDE sections: per category, each
// rule (or hand-written threat) with its threat, attack paths and
// mitigations, and where it arises.
func (w *mdWriter) strideSections() {
	w.heading(2, "STRIDE Threats")
	letters := "ABCDEF"
	for i, cat := range threatmodel.Categories() {
		w.heading(3, letters[i:i+1]+". "+cat.String()+" — "+stride.Meaning(cat))
		type group struct {
			key     string
			threats []*stride.Threat
		}
		var groups []*group
		var handWritten []*stride.Threat // in a split report, counted, not shown
		byKey := make(map[string]*group)
		for i := range w.d.Threats.Threats {
			t := &w.d.Threats.Threats[i]
			if t.Category != cat {
				continue
			}
			if w.split != nil && t.RuleID == "" {
				handWritten = append(handWritten, t)
				continue
			}
			key := t.RuleID
			if key == "" {
				key = t.ID
			}
			g := byKey[key]
			if g == nil {
				g = &group{key: key}
				byKey[key] = g
				groups = append(groups, g)
			}
			g.threats = append(g.threats, t)
		}
		if len(groups) == 0 && len(handWritten) == 0 {
			w.para("No threat in this category.")
			continue
		}
		for _, g := range groups {
			t0 := g.threats[0]
			w.heading(4, escape.MarkdownInline(g.key)+": "+escape.MarkdownInline(t0.Title))
			w.line("**Threat**: " + escape.MarkdownBlock(t0.Description))
			w.line("")
			if len(t0.AttackPaths) > 0 {
				w.line("**Attack Paths**:")
				w.line("")
				w.bullets(t0.AttackPaths)
			}
			if len(t0.Mitigations) > 0 {
				w.line("**Mitigations**:")
				w.line("")
				w.bullets(t0.Mitigations)
			}
			if refs := references(*t0); refs != "" {
				w.line("**References**: " + refs)
				w.line("")
			}
			if w.split != nil {
				w.threatCounts(g.threats)
				continue
			}
			w.tableHead(strideHeader)
			for _, t := range g.threats {
				if w.err != nil {
					break
				}
				w.w.WriteByte('|')
				w.cell(t.SubjectName())
				w.cell(t.Status.String())
				w.cell(riskText(t))
				w.cell(w.mitigationText(t))
				w.cell(t.ID)
				w.line("")
			}
			w.line("")
		}
		if len(handWritten) > 0 {
			w.heading(4, "Hand-written threats")
			w.para("Threats the model declares itself; Appendix E lists each with its attack paths and mitigation.")
			w.threatCounts(handWritten)
		}
	}
}

var strideHeader = []string{"Where", "Status", "Risk", "Closed by / recommended", "ID"}

// references lists a threat's CAPEC, CWE and OWASP references.
func references(t stride.Threat) string {
	var parts []string
	for _, c := range t.CAPEC {
		parts = append(parts, "CAPEC-"+strconv.Itoa(c))
	}
	for _, c := range t.CWE {
		parts = append(parts, "CWE-"+strconv.Itoa(c))
	}
	for _, id := range t.OWASP {
		parts = append(parts, "OWASP "+id)
	}
	return strings.Join(parts, ", ")
}
