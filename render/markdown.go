package render

import (
	"bufio"
	"cmp"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/threatwright/threatwright/internal/escape"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// Markdown writes the threat model report: the Phase 4 template's sections
// in its order and with its columns (Threat Context, Trust Boundaries, Threat
// Analysis by Trust Boundary, IAM / Execution Role Blast Radius, Error
// Handling & Information Leakage, Runtime Security, Secrets Lifecycle, Data
// Lifecycle, Supply Chain, Gate Questions), the guide's sections (Components,
// Data Flow, Assets to Protect, STRIDE threats with attack paths and
// mitigations), and appendices: the STRIDE coverage matrix, residual risk,
// accepted risks, declared mitigations, hand-written threats, waived
// validation checks, least-privilege findings and attack paths. Validation
// gaps (d.Findings and the STRIDE report's findings) are stated at the top.
// Every name and description is escaped, so no input can break a table or
// inject markup. The output is a function of the document alone.
//
// Markdown returns ErrNilModel when d or its model is nil and an error when
// d has no STRIDE report; a nil Reach leaves the sections that need it
// marked as not analysed.
func Markdown(w io.Writer, d *Document) error {
	if err := d.check(); err != nil {
		return err
	}
	mw := &mdWriter{w: bufio.NewWriter(w), d: d, m: d.Model}
	mw.index()
	mw.title()
	mw.threatContext()
	mw.components()
	mw.dataFlow()
	mw.assets()
	mw.trustBoundaries()
	mw.threatsByBoundary()
	mw.strideSections()
	mw.iam()
	mw.riskTable("Error Handling & Information Leakage", (*threatmodel.Component).ErrorHandling)
	mw.riskTable("Runtime Security", (*threatmodel.Component).Runtime)
	mw.secrets()
	mw.dataLifecycle()
	mw.supplyChain()
	mw.gateQuestions()
	mw.appendices()
	mw.line("---")
	mw.line("")
	mw.line("*This file is the sole input to the next phase. Everything not written here does not carry forward.*")
	return mw.flush()
}

// mdWriter writes Markdown, remembering the first write error.
type mdWriter struct {
	w   *bufio.Writer
	err error
	d   *Document
	m   *threatmodel.Model

	crossings  []*crossingGroup
	byBoundary map[[2]*threatmodel.Zone]*crossingGroup
}

func (w *mdWriter) line(s string) {
	if w.err == nil {
		_, w.err = w.w.WriteString(s + "\n")
	}
}

func (w *mdWriter) flush() error {
	if w.err != nil {
		return w.err
	}
	return w.w.Flush()
}

func (w *mdWriter) heading(level int, title string) {
	w.line(strings.Repeat("#", level) + " " + title)
	w.line("")
}

func (w *mdWriter) para(text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	w.line(escape.MarkdownBlock(text))
	w.line("")
}

// note writes a sentence of the report's own, not from the model, in
// italics.
func (w *mdWriter) note(text string) {
	w.line("*" + text + "*")
	w.line("")
}

func (w *mdWriter) bullets(items []string) {
	for _, it := range items {
		w.line("- " + escape.MarkdownInline(it))
	}
	if len(items) > 0 {
		w.line("")
	}
}

// table writes a Markdown table; every cell is escaped. An empty cell shows
// as a dash so that a reader can tell "nothing" from a broken table.
func (w *mdWriter) table(header []string, rows [][]string) {
	w.line("| " + strings.Join(header, " | ") + " |")
	seps := make([]string, len(header))
	for i := range seps {
		seps[i] = "---"
	}
	w.line("| " + strings.Join(seps, " | ") + " |")
	for _, r := range rows {
		cells := make([]string, len(header))
		for i := range cells {
			if i < len(r) {
				cells[i] = escape.MarkdownCell(r[i])
			}
			if strings.TrimSpace(cells[i]) == "" {
				cells[i] = "—"
			}
		}
		w.line("| " + strings.Join(cells, " | ") + " |")
	}
	w.line("")
}

// crossingGroup is one trust boundary crossing in the report: the flows
// from one zone into another (responses counted with their requests), and
// the threats that arise there.
type crossingGroup struct {
	from, to *threatmodel.Zone
	flows    []*threatmodel.Flow
	threats  []stride.Threat
	dist     int
}

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
	for _, t := range w.d.Threats.Threats {
		if g := w.groupOf(t); g != nil {
			g.threats = append(g.threats, t)
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
func (w *mdWriter) groupOf(t stride.Threat) *crossingGroup {
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

func (w *mdWriter) title() {
	m := w.m
	w.heading(1, "Threat Model: "+escape.MarkdownInline(orDefault(m.Name(), "(unnamed)")))
	if m.Owner() != "" {
		w.line("**Owner:** " + escape.MarkdownInline(m.Owner()))
		w.line("")
	}
	w.para(m.Description())
	var gaps, warnings []*threatmodel.Finding
	for _, f := range slices.Concat(w.d.Findings, w.d.Threats.Findings) {
		switch {
		case f == nil:
		case f.Severity == threatmodel.SeverityWarning:
			warnings = append(warnings, f)
		default:
			gaps = append(gaps, f)
		}
	}
	if len(gaps) == 0 {
		w.line("> **Status:** the model validates with no gaps.")
	} else {
		w.line("> **Status: this threat model is incomplete.** " + strconv.Itoa(len(gaps)) +
			" gap(s) must be closed before it can be relied on:")
		w.line(">")
		w.findingLines(gaps)
	}
	if len(warnings) > 0 {
		w.line(">")
		w.line("> Warnings:")
		w.line(">")
		w.findingLines(warnings)
	}
	if n := len(w.m.Waivers()); n > 0 {
		w.line(">")
		w.line("> " + strconv.Itoa(n) + " validation check(s) waived, each with its reason: see " + appendixWaivers + ".")
	}
	w.line("")
	r := w.d.Threats.Residual
	w.line("**Summary:** " + plural(len(m.Components()), "component") + ", " + plural(len(m.Flows()), "flow") + ", " +
		plural(len(w.crossings), "trust boundary crossing") + ", " + plural(r.Threats, "threat") + " (" +
		strconv.Itoa(r.Mitigated) + " mitigated, " + strconv.Itoa(r.Accepted) + " accepted, " + strconv.Itoa(r.Open) + " open); " +
		"residual risk: " + riskCounts(r.OpenByRisk) + ".")
	w.line("")
}

// findingLines writes findings as the items of a list in a quote.
func (w *mdWriter) findingLines(fs []*threatmodel.Finding) {
	for _, f := range fs {
		w.line("> - " + codeSpan(string(f.Code)) + " " + escape.MarkdownInline(f.Path) + ": " + escape.MarkdownInline(f.Message))
	}
}

// codeSpan returns s as inline code on one line. Backticks, which would end
// the span, become primes; line breaks become spaces.
func codeSpan(s string) string {
	if s = strings.TrimSpace(plain(s)); s == "" {
		return ""
	}
	return "`" + s + "`"
}

func riskCounts(c stride.RiskCounts) string {
	return strconv.Itoa(c.High) + " High, " + strconv.Itoa(c.Medium) + " Medium, " + strconv.Itoa(c.Low) + " Low"
}

func (w *mdWriter) threatContext() {
	m := w.m
	interest, worst := m.Context()
	w.heading(2, "Threat Context")
	if strings.TrimSpace(interest+worst) == "" {
		w.line("*Not written.* The model does not say what makes the system interesting to an adversary or what the worst case is.")
		w.line("")
	}
	w.para(interest)
	w.para(worst)
	if items := m.ScopeItems(); len(items) > 0 {
		w.heading(3, "Scope")
		w.bullets(items)
	}
	if items := m.Assumptions(); len(items) > 0 {
		w.heading(3, "Assumptions")
		w.bullets(items)
	}
	if items := m.OutOfScopeItems(); len(items) > 0 {
		w.heading(3, "Out of Scope")
		var rows [][]string
		for _, o := range items {
			rows = append(rows, []string{o.Item, o.Reason})
		}
		w.table([]string{"Item", "Reason"}, rows)
	}
}

func (w *mdWriter) components() {
	w.heading(2, "Components")
	var rows [][]string
	for _, c := range w.m.Components() {
		rows = append(rows, []string{c.Name(), kindAndTypes(c), zoneName(c.Zone()), c.Technology(), layer(c),
			scope(c), joinControls(c.Controls()), c.Description()})
	}
	w.table([]string{"Component", "Kind", "Zone", "Technology", "Layer", "Scope", "Controls", "Description"}, rows)
}

func kindAndTypes(c *threatmodel.Component) string {
	s := c.Kind().String()
	if ts := c.Types(); len(ts) > 0 {
		names := make([]string, len(ts))
		for i, t := range ts {
			names[i] = t.String()
		}
		s += " (" + strings.Join(names, ", ") + ")"
	}
	if c.HoldsAuditLogs() {
		s += ", holds audit logs"
	}
	return s
}

func layer(c *threatmodel.Component) string {
	if c.Infrastructure() {
		return "Infrastructure"
	}
	return "Application"
}

func scope(c *threatmodel.Component) string {
	if c.InScope() {
		return "In scope"
	}
	return "Out of scope: " + c.OutOfScopeReason()
}

func zoneName(z *threatmodel.Zone) string {
	if z == nil {
		return ""
	}
	return z.Name()
}

func joinControls(cs []threatmodel.Control) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.String()
	}
	return strings.Join(out, ", ")
}

func joinNames[E interface{ Name() string }](els []E) string {
	out := make([]string, len(els))
	for i, e := range els {
		out[i] = e.Name()
	}
	return strings.Join(out, ", ")
}

// dataFlow writes the flows: the request chains as the guide writes them
// (User → API Gateway → Lambda → … → User), then every flow in a table.
func (w *mdWriter) dataFlow() {
	w.heading(2, "Data Flow")
	if chains := flowChains(w.m); len(chains) > 0 {
		w.line("```")
		for _, c := range chains {
			w.line(plain(c))
		}
		w.line("```")
		w.line("")
	}
	var rows [][]string
	for _, f := range w.m.Flows() {
		resp := ""
		if r := f.ResponseTo(); r != nil {
			resp = "Response to " + r.Name()
		}
		crosses := ""
		if c := f.Crossing(); c.Crosses() {
			crosses = zoneName(c.From) + " → " + zoneName(c.To)
		}
		rows = append(rows, []string{f.Name(), endName(f.Source()), endName(f.Destination()), f.Endpoint(),
			f.Encryption().String(), f.Authentication().String(), f.Authorization().String(), joinNames(f.Carries()),
			crosses, joinControls(f.Controls()), resp, f.Description()})
	}
	w.table([]string{"Flow", "From", "To", "Protocol", "Encryption", "Authentication", "Authorization", "Data", "Crosses", "Controls", "Response", "Description"}, rows)
}

func endName(c *threatmodel.Component) string {
	if c == nil {
		return "?"
	}
	return c.Name()
}

// flowChains follows requests from each external entity through the
// components they reach and back through the declared responses, the way
// the guide writes "User → API Gateway → Lambda → DynamoDB → Lambda → API
// Gateway → User". Each request flow appears in at most one chain.
func flowChains(m *threatmodel.Model) []string {
	used := make(map[*threatmodel.Flow]bool)
	var chains []string
	for _, c := range m.Components() {
		if c.Kind() != threatmodel.ExternalEntity {
			continue
		}
		for _, f := range c.Outgoing() {
			if f.ResponseTo() != nil || used[f] {
				continue
			}
			names := []string{c.Name()}
			var back []string
			cur := f
			for steps := 0; cur != nil && steps < 64; steps++ {
				used[cur] = true
				names = append(names, endName(cur.Destination()))
				resps := cur.Responses()
				if len(resps) == 0 {
					back = nil // the chain cannot return
				} else {
					back = append([]string{endName(cur.Source())}, back...)
				}
				next := (*threatmodel.Flow)(nil)
				if d := cur.Destination(); d != nil && d.Kind() == threatmodel.Process {
					for _, g := range d.Outgoing() {
						if g.ResponseTo() == nil && !used[g] && len(g.Responses()) > 0 {
							next = g
							break
						}
					}
				}
				if next == nil || len(resps) == 0 {
					break
				}
				cur = next
			}
			if len(back) > 0 {
				names = append(names, back...)
			}
			chains = append(chains, strings.Join(names, " → "))
		}
	}
	return chains
}

func (w *mdWriter) assets() {
	w.heading(2, "Assets to Protect")
	var rows [][]string
	for _, a := range w.m.Assets() {
		rep := ""
		if el := a.Represents(); el != nil {
			rep = elementName(el)
		}
		rows = append(rows, []string{a.Name(), a.Value().String(), a.Criticality().String(), a.Kind().String(), classification(a),
			joinNames(a.StoredIn()), flowNames(a.CarriedBy()), rep, a.Description()})
	}
	w.table([]string{"Asset", "Value", "Risk Level", "Kind", "Classification", "Stored in", "Carried by", "Represents", "Description"}, rows)
}

// classification returns the asset's classification and whether it is PII,
// or "" when it states neither.
func classification(a *threatmodel.Asset) string {
	var parts []string
	if a.Classification() != 0 {
		parts = append(parts, a.Classification().String())
	}
	if a.PII() {
		parts = append(parts, "PII")
	}
	return strings.Join(parts, ", ")
}

// elementName names an element in the report: a flow by its key, which is
// unique where its name may not be, anything else by its name; "?" for nil.
func elementName(el threatmodel.Element) string {
	switch e := el.(type) {
	case nil:
		return "?"
	case *threatmodel.Flow:
		if e == nil {
			return "?"
		}
		return e.Key()
	}
	return el.Name()
}

// elementNames joins the names of elements, see elementName.
func elementNames(els []threatmodel.Element) string {
	out := make([]string, len(els))
	for i, el := range els {
		out[i] = elementName(el)
	}
	return strings.Join(out, ", ")
}

func flowNames(fs []*threatmodel.Flow) string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Key()
	}
	return strings.Join(out, "; ")
}

func (w *mdWriter) trustBoundaries() {
	w.heading(2, "Trust Boundaries")
	w.line("```text")
	w.line(strings.TrimSuffix(boxDiagram(w.m), "\n"))
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
	var rows [][]string
	for _, z := range w.m.Zones() {
		parent := ""
		if p := z.Parent(); p != nil {
			parent = p.Name()
		}
		br := ""
		if z.ContainsBlastRadius() {
			br = "Yes: blast-radius boundary"
		}
		rows = append(rows, []string{z.Name(), z.Trust().String(), parent, br, joinNames(z.Components()), z.Description()})
	}
	w.table([]string{"Zone", "Trust", "Inside", "Blast radius", "Components", "Why it matters"}, rows)
	if len(w.crossings) > 0 {
		w.heading(3, "Boundary Crossings")
		var rows [][]string
		for i, g := range w.crossings {
			var fl []string
			for _, f := range g.flows {
				fl = append(fl, f.Key()+" ("+f.Endpoint()+", "+f.Encryption().String()+", "+f.Authentication().String()+")")
			}
			rows = append(rows, []string{"Trust Boundary " + strconv.Itoa(i+1) + ": " + g.title(), strings.Join(fl, "; ")})
		}
		w.table([]string{"Boundary", "Flows (protocol, encryption, authentication)"}, rows)
	}
}

// mitigationText says what closes a threat, or what is recommended when
// nothing does.
func (w *mdWriter) mitigationText(t stride.Threat) string {
	var parts []string
	switch t.Status {
	case stride.Mitigated:
		parts = append(parts, "Closed by "+w.evidenceText(t.Evidence))
	case stride.Accepted:
		if a := t.Acceptance; a != nil {
			parts = append(parts, "Accepted by "+a.Owner+" "+expiry(a.Expires)+": "+a.Justification)
		}
	default:
		if a := t.Acceptance; a != nil && a.Expired {
			parts = append(parts, "Acceptance by "+a.Owner+" expired on "+date(a.Expires))
		}
		if len(t.Mitigations) > 0 {
			parts = append(parts, "Recommended: "+strings.Join(t.Mitigations, "; "))
		}
	}
	return strings.Join(parts, " — ")
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
func riskText(t stride.Threat) string {
	s := t.Risk.String()
	if o := t.Override; o != nil {
		s += " (rating overridden; computed impact " + o.ComputedImpact.String() + ", likelihood " +
			o.ComputedLikelihood.String() + ": " + o.Reason + ")"
	}
	return s
}

func (w *mdWriter) threatRow(t stride.Threat) []string {
	return []string{t.Title + " (" + t.SubjectName() + ")", t.Impact.String(), t.Likelihood.String(), w.mitigationText(t),
		t.ID, t.Status.String(), riskText(t)}
}

var threatHeader = []string{"Threat", "Impact", "Likelihood", "Mitigation", "ID", "Status", "Risk"}

func (w *mdWriter) threatsByBoundary() {
	w.heading(2, "Threat Analysis by Trust Boundary")
	if len(w.crossings) == 0 {
		w.para("No flow crosses a trust boundary.")
	}
	inBoundary := make(map[string]bool)
	for i, g := range w.crossings {
		w.heading(3, "Trust Boundary "+strconv.Itoa(i+1)+": "+escape.MarkdownInline(g.title()))
		if len(g.threats) == 0 {
			w.para("No threat was derived at this boundary.")
			continue
		}
		ts := slices.Clone(g.threats)
		sortByRisk(ts)
		var rows [][]string
		for _, t := range ts {
			inBoundary[t.ID] = true
			rows = append(rows, w.threatRow(t))
		}
		w.table(threatHeader, rows)
	}
	var inside []stride.Threat
	for _, t := range w.d.Threats.Threats {
		if !inBoundary[t.ID] {
			inside = append(inside, t)
		}
	}
	if len(inside) > 0 {
		w.heading(3, "Inside Trust Boundaries")
		w.para("Threats to components and flows that do not arise at a boundary crossing.")
		sortByRisk(inside)
		var rows [][]string
		for _, t := range inside {
			rows = append(rows, w.threatRow(t))
		}
		w.table(threatHeader, rows)
	}
}

// sortByRisk orders threats open first, then by risk, then by ID.
func sortByRisk(ts []stride.Threat) {
	slices.SortStableFunc(ts, func(a, b stride.Threat) int {
		return cmp.Or(cmp.Compare(b.Status, a.Status), cmp.Compare(b.Risk, a.Risk), strings.Compare(a.ID, b.ID))
	})
}

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
			threats []stride.Threat
		}
		var groups []*group
		byKey := make(map[string]*group)
		for _, t := range w.d.Threats.Threats {
			if t.Category != cat {
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
		if len(groups) == 0 {
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
			if refs := references(t0); refs != "" {
				w.line("**References**: " + refs)
				w.line("")
			}
			var rows [][]string
			for _, t := range g.threats {
				rows = append(rows, []string{t.SubjectName(), t.Status.String(), riskText(t), w.mitigationText(t), t.ID})
			}
			w.table([]string{"Where", "Status", "Risk", "Closed by / recommended", "ID"}, rows)
		}
	}
}

func references(t stride.Threat) string {
	var parts []string
	for _, c := range t.CAPEC {
		parts = append(parts, "CAPEC-"+strconv.Itoa(c))
	}
	for _, c := range t.CWE {
		parts = append(parts, "CWE-"+strconv.Itoa(c))
	}
	return strings.Join(parts, ", ")
}

func permissionText(p *threatmodel.Permission) string {
	res := "?"
	if r := p.Resource(); r != nil {
		res = r.Name()
	}
	return p.Effect().String() + " " + strings.Join(p.Actions(), ", ") + " on " + res
}

func (w *mdWriter) riskTable(title string, entries func(*threatmodel.Component) []threatmodel.RiskEntry) {
	w.heading(2, title)
	var rows [][]string
	for _, c := range w.m.Components() {
		for _, e := range entries(c) {
			rows = append(rows, []string{c.Name(), e.Risk, e.Mitigation})
		}
	}
	if len(rows) == 0 {
		w.note("None stated.")
		return
	}
	w.table([]string{"Component", "Risk", "Mitigation"}, rows)
}

func (w *mdWriter) secrets() {
	w.heading(2, "Secrets Lifecycle")
	var rows [][]string
	for _, s := range w.m.Secrets() {
		storage := s.Storage().String()
		if c := s.StoredIn(); c != nil {
			storage += " (" + c.Name() + ")"
		}
		grants := joinNames(s.Grants())
		if opens := s.Accesses(); len(opens) > 0 {
			grants = strings.TrimPrefix(grants+"; opens "+elementNames(opens), "; ")
		}
		rows = append(rows, []string{s.Name(), s.Provisioning(), s.Rotation().String(), s.BlastRadius(), storage,
			joinNames(s.UsedBy()), grants, s.Description()})
	}
	if len(rows) == 0 {
		w.note("No secrets declared.")
		return
	}
	w.table([]string{"Secret", "Provisioning", "Rotation", "Blast Radius if Leaked", "Storage", "Used by", "Grants", "Description"}, rows)
}

func (w *mdWriter) dataLifecycle() {
	w.heading(2, "Data Lifecycle")
	var rows [][]string
	for _, a := range w.m.Assets() {
		l := a.Lifecycle()
		if l == nil {
			if a.Kind() == threatmodel.AssetData {
				const no = "not stated"
				rows = append(rows, []string{a.Name(), no, no, no, no, "", classification(a)})
			}
			continue
		}
		atRest := l.AtRest
		if l.Encrypted != 0 {
			atRest = strings.TrimPrefix(atRest+" ("+l.Encrypted.String()+")", " ")
		}
		ret := ""
		if l.Retention > 0 {
			// Rotation formats a period ("every 365 days, automated").
			ret = threatmodel.Rotation{Every: l.Retention, Automated: true}.String()
			ret = strings.TrimSuffix(strings.TrimPrefix(ret, "every "), ", automated")
		}
		rows = append(rows, []string{a.Name(), atRest, l.InTransit, l.Deletion, l.AccessControl, ret, classification(a)})
	}
	w.table([]string{"Data Type", "At Rest", "In Transit", "Deletion", "Access Control", "Retention", "Classification"}, rows)
}

func (w *mdWriter) supplyChain() {
	w.heading(2, "Supply Chain")
	var rows [][]string
	for _, d := range w.m.Dependencies() {
		pin := d.Pinning().String()
		if d.Ref() != "" {
			pin += " (" + d.Ref() + ")"
		}
		rows = append(rows, []string{d.Name(), d.Risk(), d.Mitigation(), d.Kind().String(), pin, d.Verification(), joinNames(d.UsedBy()), d.Description()})
	}
	if len(rows) == 0 {
		w.note("No dependencies declared.")
		return
	}
	w.table([]string{"Dependency", "Risk", "Mitigation", "Kind", "Pinning", "Verification", "Used by", "Description"}, rows)
}
