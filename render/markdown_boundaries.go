package render

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/threatwright/threatwright/internal/escape"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// This file writes the trust boundaries (zones, the diagram, the boundary
// crossings) and the threat tables, per crossing and inside boundaries, with
// the texts every threat table shares: mitigation, risk and expiry.

// crossingGroup is one trust boundary crossing in the report: the flows
// from one zone into another (responses counted with their requests), and
// the threats that arise there.
type crossingGroup struct {
	from, to *threatmodel.Zone
	flows    []*threatmodel.Flow
	threats  []*stride.Threat // into the document's report
	dist     int
}

// title names the crossing by its two zones.
func (g *crossingGroup) title() string { return g.from.Name() + " → " + g.to.Name() }

// index builds the look-ups the sections share: flows by key and the
// boundary crossings, ordered by how far their flows are from untrusted
// zones (the template's order: client → API → service → data).
func (w *mdWriter) index() {
	w.byBoundary = make(map[[2]*threatmodel.Zone]*crossingGroup)
	dist := distances(w.m)
	for _, f := range w.m.Flows() {
		req := f
		if f.ResponseTo() != nil {
			req = f.ResponseTo()
		}
		c := req.Crossing()
		if !c.Crosses() || c.From == nil || c.To == nil {
			continue
		}
		key := [2]*threatmodel.Zone{c.From, c.To}
		g := w.byBoundary[key]
		if g == nil {
			g = &crossingGroup{from: c.From, to: c.To, dist: -1}
			w.byBoundary[key] = g
			w.crossings = append(w.crossings, g)
		}
		g.flows = append(g.flows, f)
		if d := dist[req.Source()]; d >= 0 && (g.dist < 0 || d < g.dist) {
			g.dist = d
		}
	}
	for i := range w.d.Threats.Threats {
		t := &w.d.Threats.Threats[i]
		if g := w.groupOf(t); g != nil {
			g.threats = append(g.threats, t)
		} else {
			w.ungrouped = append(w.ungrouped, t)
		}
	}
	slices.SortFunc(w.crossings, func(a, b *crossingGroup) int {
		da, db := a.dist, b.dist
		if da < 0 {
			da = 1 << 30
		}
		if db < 0 {
			db = 1 << 30
		}
		return cmp.Or(cmp.Compare(da, db), strings.Compare(a.from.Name(), b.from.Name()), strings.Compare(a.to.Name(), b.to.Name()))
	})
}

// groupOf returns the crossing a threat arises at: the crossing of the flow
// it is about or arrives through, with responses counted with their
// requests.
func (w *mdWriter) groupOf(t *stride.Threat) *crossingGroup {
	f := t.Flow
	for _, el := range t.Involved {
		if f != nil {
			break
		}
		f, _ = el.(*threatmodel.Flow)
	}
	if f == nil {
		return nil
	}
	if f.ResponseTo() != nil {
		f = f.ResponseTo()
	}
	c := f.Crossing()
	if !c.Crosses() || c.From == nil || c.To == nil {
		return nil
	}
	return w.byBoundary[[2]*threatmodel.Zone{c.From, c.To}]
}

// distances returns, for each component, the number of flows from the
// nearest component in an untrusted zone (0 for those), or -1 when none
// reaches it. One breadth-first search: linear in the model.
func distances(m *threatmodel.Model) map[*threatmodel.Component]int {
	dist := make(map[*threatmodel.Component]int)
	var queue []*threatmodel.Component
	for _, c := range m.Components() {
		dist[c] = -1
		if z := c.Zone(); z != nil && z.Trust() == threatmodel.Untrusted {
			dist[c] = 0
			queue = append(queue, c)
		}
	}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, f := range c.Outgoing() {
			if d := f.Destination(); d != nil && dist[d] < 0 {
				dist[d] = dist[c] + 1
				queue = append(queue, d)
			}
		}
	}
	return dist
}

// trustBoundaries writes the Trust Boundaries section: the zones as boxes
// and as a Mermaid diagram, the zones' table and the boundary crossings.
func (w *mdWriter) trustBoundaries() {
	w.heading(2, "Trust Boundaries")
	if w.split != nil {
		w.diagramsBeside()
	} else {
		w.inlineDiagrams()
	}
	zones := w.m.Zones()
	w.lazyList(listZones, len(zones), func(emit func([]string)) {
		var row [6]string
		for _, z := range zones {
			parent := ""
			if p := z.Parent(); p != nil {
				parent = p.Name()
			}
			br := ""
			if z.ContainsBlastRadius() {
				br = "Yes: blast-radius boundary"
			}
			row = [...]string{z.Name(), z.Trust().String(), parent, br, joinNames(z.Components()), z.Description()}
			emit(row[:])
		}
	})
	if len(w.crossings) > 0 {
		w.heading(3, "Boundary Crossings")
		w.lazyList(listCrossings, len(w.crossings), func(emit func([]string)) {
			var b strings.Builder
			var row [2]string
			for i, g := range w.crossings {
				b.Reset()
				for j, f := range g.flows {
					if j > 0 {
						b.WriteString("; ")
					}
					for _, s := range [...]string{f.Key(), " (", f.Endpoint(), ", ", f.Encryption().String(), ", ",
						f.Authentication().String(), ")"} {
						b.WriteString(s)
					}
				}
				row = [...]string{"Trust Boundary " + strconv.Itoa(i+1) + ": " + g.title(), b.String()}
				emit(row[:])
			}
		})
	}
}

// inlineDiagrams writes the zones as boxes and the data flow diagram in
// Mermaid, inside the report.
func (w *mdWriter) inlineDiagrams() {
	w.line("```text")
	if len(w.m.Zones()) == 0 {
		w.line("")
	} else if w.err == nil {
		writeBoxDiagram(w.w, w.m)
	}
	w.line("```")
	w.line("")
	var mer strings.Builder
	if err := Mermaid(&mer, w.m, ColorByRisk(w.d.OpenRisk)); err != nil {
		w.err = err
		return
	}
	w.line("```mermaid")
	w.line(strings.TrimSuffix(mer.String(), "\n"))
	w.line("```")
	w.line("")
}

// mitigationText says what closes a threat, or what is recommended when
// nothing does. The text is computed once per threat, and once for the
// threats that share their recommended mitigations (those of one rule).
func (w *mdWriter) mitigationText(t *stride.Threat) string {
	if onlyRecommended(t) {
		return w.recommendation(t.Mitigations).text
	}
	if w.split != nil {
		// A split report writes each threat's text once, to its list.
		w.scratch.Reset()
		mitigationText(w, &w.scratch, t)
		return w.scratch.String()
	}
	if s, ok := w.mitigations[t]; ok {
		return s
	}
	if w.mitigations == nil {
		w.mitigations = make(map[*stride.Threat]string)
	}
	w.scratch.Reset()
	mitigationText(w, &w.scratch, t)
	s := w.scratch.String()
	w.mitigations[t] = s
	return s
}

// onlyRecommended reports whether mitigationText says of t no more than
// what is recommended: it is neither mitigated nor accepted, no expired
// acceptance or discounted evidence is told, and it has mitigations.
func onlyRecommended(t *stride.Threat) bool {
	return t.Status != stride.Mitigated && t.Status != stride.Accepted && (t.Acceptance == nil || !t.Acceptance.Expired) &&
		len(t.Discounted) == 0 && len(t.Mitigations) > 0
}

// recommendation is a list of recommended mitigations, joined ("a; b")
// and as mitigationText says it ("Recommended: a; b").
type recommendation struct {
	n            int // the length of the list
	joined, text string
}

// recommendation returns the texts of a list of recommended mitigations,
// not empty, joined once for all the threats that share the list.
func (w *mdWriter) recommendation(ms []string) recommendation {
	if r, ok := w.recommended[&ms[0]]; ok && r.n == len(ms) {
		return r
	}
	if w.recommended == nil {
		w.recommended = make(map[*string]recommendation)
	}
	joined := strings.Join(ms, "; ")
	r := recommendation{n: len(ms), joined: joined, text: "Recommended: " + joined}
	w.recommended[&ms[0]] = r
	return r
}

func mitigationText(w *mdWriter, b *bytes.Buffer, t *stride.Threat) {
	switch t.Status {
	case stride.Mitigated:
		b.WriteString("Closed by ")
		w.evidenceText(b, t.Evidence)
	case stride.Accepted:
		if a := t.Acceptance; a != nil {
			b.WriteString("Accepted by " + a.Owner + " " + expiry(a.Expires) + ": " + a.Justification)
		}
	default:
		if a := t.Acceptance; a != nil && a.Expired {
			b.WriteString("Acceptance by " + a.Owner + " expired on " + date(a.Expires))
		}
		if len(t.Mitigations) > 0 {
			if b.Len() > 0 {
				b.WriteString(" — ")
			}
			b.WriteString("Recommended: ")
			for i, m := range t.Mitigations {
				if i > 0 {
					b.WriteString("; ")
				}
				b.WriteString(m)
			}
		}
	}
	if len(t.Discounted) > 0 { // failing, missing, or unverified in strict mode
		if b.Len() > 0 {
			b.WriteString(" — ")
		}
		b.WriteString("Not counted: ")
		w.evidenceText(b, t.Discounted)
	}
}

// date returns an acceptance's expiry date, or "no expiry".
func date(t time.Time) string {
	if t.IsZero() {
		return "no expiry"
	}
	return t.Format("2006-01-02")
}

// expiry returns "until 2027-06-30", or "with no expiry".
func expiry(t time.Time) string {
	if t.IsZero() {
		return "with no expiry"
	}
	return "until " + date(t)
}

// riskText returns a threat's risk level and, when a review overrode its
// rating (stride.Override), what the analysis computed and why it changed.
func riskText(t *stride.Threat) string {
	inherent := t.InherentRisk != 0 && t.InherentRisk != t.Risk
	if t.Override == nil {
		switch {
		case !inherent:
			return t.Risk.String()
		case int(t.Risk) < len(inherentTexts) && int(t.InherentRisk) < len(inherentTexts):
			return inherentTexts[t.Risk][t.InherentRisk]
		}
	}
	s := t.Risk.String()
	if inherent {
		s += " (inherent " + t.InherentRisk.String() + ")"
	}
	if o := t.Override; o != nil {
		s += " (rating overridden; computed impact " + o.ComputedImpact.String() + ", likelihood " +
			o.ComputedLikelihood.String() + ": " + o.Reason + ")"
	}
	return s
}

// inherentTexts[risk][inherent] is "risk (inherent inherent)", for each
// level from unstated to Very High.
var inherentTexts = func() (t [threatmodel.VeryHigh + 1][threatmodel.VeryHigh + 1]string) {
	for r := range t {
		for i := range t[r] {
			t[r][i] = threatmodel.Level(r).String() + " (inherent " + threatmodel.Level(i).String() + ")"
		}
	}
	return t
}()

// threatTableRow writes a threat's row of a threat table (threatHeader):
// "title (where)", impact, likelihood, mitigationText, ID, status and
// riskText. csvThreatRow writes the same cells to a split report's list.
func (w *mdWriter) threatTableRow(t *stride.Threat) {
	if w.err != nil {
		return
	}
	w.w.WriteByte('|')
	w.cellOf(t.Title, " (", t.SubjectName(), ")")
	w.cell(t.Impact.String())
	w.cell(t.Likelihood.String())
	w.cell(w.mitigationText(t))
	w.cell(t.ID)
	w.cell(t.Status.String())
	w.cell(riskText(t))
	w.line("")
}

var threatHeader = []string{"Threat", "Impact", "Likelihood", "Mitigation", "ID", "Status", "Risk"}

// threatsByBoundary writes the threats per trust boundary crossing, then
// those that arise inside boundaries.
func (w *mdWriter) threatsByBoundary() {
	w.heading(2, "Threat Analysis by Trust Boundary")
	if len(w.crossings) == 0 {
		w.para("No flow crosses a trust boundary.")
	}
	if w.split != nil {
		w.boundarySummary()
		return
	}
	inBoundary := make(map[string]bool, len(w.d.Threats.Threats))
	var ts []*stride.Threat
	for i, g := range w.crossings {
		w.heading(3, "Trust Boundary "+strconv.Itoa(i+1)+": "+escape.MarkdownInline(g.title()))
		if len(g.threats) == 0 {
			w.para("No threat was derived at this boundary.")
			continue
		}
		ts = append(ts[:0], g.threats...)
		sortByRisk(ts)
		w.tableHead(threatHeader)
		for _, t := range ts {
			inBoundary[t.ID] = true
			w.threatTableRow(t)
		}
		w.line("")
	}
	var inside []*stride.Threat
	for i := range w.d.Threats.Threats {
		if t := &w.d.Threats.Threats[i]; !inBoundary[t.ID] {
			inside = append(inside, t)
		}
	}
	if len(inside) > 0 {
		w.heading(3, "Inside Trust Boundaries")
		w.para("Threats to components and flows that do not arise at a boundary crossing.")
		sortByRisk(inside)
		w.tableHead(threatHeader)
		for _, t := range inside {
			w.threatTableRow(t)
		}
		w.line("")
	}
}

// sortByRisk orders threats open first, then by risk, then by ID.
func sortByRisk(ts []*stride.Threat) { slices.SortStableFunc(ts, riskOrder) }

// riskOrder is sortByRisk's order.
func riskOrder(a, b *stride.Threat) int {
	return cmp.Or(cmp.Compare(b.Status, a.Status), cmp.Compare(b.Risk, a.Risk), strings.Compare(a.ID, b.ID))
}
