package render

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/internal/escape"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// This file holds the writer, the report's top-level order, and the
// sections about the model's parts: title and status, threat context,
// components, data flow and assets. The other sections are in
// markdown_boundaries.go (trust boundaries and threat tables),
// markdown_stride.go (STRIDE by category), markdown_sections.go (the
// template's per-element sections) and markdown_reach.go (IAM, gate
// questions and appendices).

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
	return MarkdownContext(context.Background(), w, d)
}

// MarkdownContext is Markdown, stopping when ctx is done: it looks at ctx
// every thousand lines or so, stops writing once ctx is done, and then
// returns an error that wraps ctx.Err(). What was written before is left in
// w, so write into a buffer (File.Bytes, WriteFiles) to keep a cancelled
// report from reaching a file.
func MarkdownContext(ctx context.Context, w io.Writer, d *Document) error {
	return markdown(ctx, w, d, nil)
}

// markdown writes the report, whole or (with sp) split.
func markdown(ctx context.Context, w io.Writer, d *Document, sp *split) error {
	if err := d.check(); err != nil {
		return err
	}
	st := &stopper{ctx: ctx}
	mw := &mdWriter{w: bufio.NewWriterSize(stopWriter{w, st}, 32<<10), d: d, m: d.Model, stop: st, split: sp}
	if sp != nil {
		sp.mw = mw
	}
	if st.check() {
		return st.err
	}
	mw.index()
	for _, section := range markdownSections {
		if mw.err != nil {
			break
		}
		section(mw)
	}
	return mw.flush()
}

// markdownSections are the report's sections in their order.
var markdownSections = []func(*mdWriter){
	(*mdWriter).title,
	(*mdWriter).threatContext,
	(*mdWriter).components,
	(*mdWriter).dataFlow,
	(*mdWriter).assets,
	(*mdWriter).trustBoundaries,
	(*mdWriter).threatsByBoundary,
	(*mdWriter).strideSections,
	(*mdWriter).iam,
	(*mdWriter).aiComponents,
	func(w *mdWriter) {
		w.riskTable("Error Handling & Information Leakage", listErrorHandling, (*threatmodel.Component).ErrorHandling)
	},
	func(w *mdWriter) {
		w.riskTable("Runtime Security", listRuntimeSecurity, (*threatmodel.Component).Runtime)
	},
	(*mdWriter).secrets,
	(*mdWriter).dataLifecycle,
	(*mdWriter).supplyChain,
	(*mdWriter).mitigationEvidence,
	(*mdWriter).gateQuestions,
	(*mdWriter).appendices,
	(*mdWriter).listsAppendix,
	func(w *mdWriter) {
		w.line("---")
		w.line("")
		w.line("*This file is the sole input to the next phase. Everything not written here does not carry forward.*")
	},
}

// mdWriter writes Markdown, remembering the first write error.
type mdWriter struct {
	w    *bufio.Writer
	err  error
	stop *stopper // the rendering's context
	// split is nil for a whole report, and holds the long lists of a
	// split one (markdown_split.go).
	split *split
	d     *Document
	m     *threatmodel.Model

	crossings  []*crossingGroup
	byBoundary map[[2]*threatmodel.Zone]*crossingGroup
	ungrouped  []*stride.Threat // the threats at no crossing, in the report's order

	// Texts the report writes more than once, computed once.
	mitigations map[*stride.Threat]string
	positions   map[threatmodel.Pos]string
	rootDir     *string // the directory of the file declaring the model
	backed      *bool   // whether the model backs a control or mitigation (showsEvidenceState)
	recommended map[*string]recommendation
	scratch     bytes.Buffer
	num         []byte // a number being written (int)
}

func (w *mdWriter) line(s string) {
	if w.stop.tick() && w.err == nil {
		w.err = w.stop.err
	}
	if w.err == nil {
		w.w.WriteString(s)
		w.err = w.w.WriteByte('\n')
	}
}

func (w *mdWriter) flush() error {
	if w.err != nil {
		return w.err
	}
	if err := w.w.Flush(); err != nil {
		return err
	}
	if w.stop.check() {
		return w.stop.err
	}
	return nil
}

func (w *mdWriter) heading(level int, title string) {
	w.w.WriteString("######"[:min(level, 6)])
	for range level - 6 {
		w.w.WriteByte('#')
	}
	w.w.WriteByte(' ')
	w.line(title)
	w.line("")
}

func (w *mdWriter) para(text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	escape.WriteMarkdownBlock(w.w, text)
	w.line("")
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
		w.w.WriteString("- ")
		escape.WriteMarkdownInline(w.w, it)
		w.line("")
	}
	if len(items) > 0 {
		w.line("")
	}
}

// row writes a table row of n cells, each escaped straight into the
// writer; a cell that shows nothing is a dash.
func (w *mdWriter) row(n int, r []string) {
	if w.err != nil {
		return
	}
	w.w.WriteString("|")
	for i := range n {
		if i < len(r) {
			w.cell(r[i])
		} else {
			w.cell("")
		}
	}
	w.line("")
}

// cell writes one cell of a row after the row's first "|": s escaped,
// or a dash when it shows nothing.
func (w *mdWriter) cell(s string) {
	w.w.WriteByte(' ')
	if k, _ := escape.WriteMarkdownCell(w.w, s); k == 0 {
		w.w.WriteString("—")
	}
	w.w.WriteString(" |")
}

// cellOf writes a cell whose text is a+b+c+d, without joining them.
func (w *mdWriter) cellOf(a, b, c, d string) {
	w.w.WriteByte(' ')
	if k, _ := escape.WriteMarkdownCellOf(w.w, a, b, c, d); k == 0 {
		w.w.WriteString("—")
	}
	w.w.WriteString(" |")
}

// str writes s as it is, within a line that line ends.
func (w *mdWriter) str(s string) { w.w.WriteString(s) }

// inline writes s escaped as inline text (escape.MarkdownInline), within
// a line that line ends.
func (w *mdWriter) inline(s string) { escape.WriteMarkdownInline(w.w, s) }

// int writes n in decimal, within a line that line ends.
func (w *mdWriter) int(n int) {
	w.num = strconv.AppendInt(w.num[:0], int64(n), 10)
	w.w.Write(w.num)
}

// table writes a Markdown table; every cell is escaped. An empty cell shows
// as a dash so that a reader can tell "nothing" from a broken table.
func (w *mdWriter) table(header []string, rows [][]string) {
	w.tableHead(header)
	for _, r := range rows {
		w.row(len(header), r)
	}
	w.line("")
}

// tableHead writes a table's header and separator lines; the rows follow
// (row), then an empty line.
func (w *mdWriter) tableHead(header []string) {
	w.w.WriteString("|")
	for _, h := range header {
		w.w.WriteString(" ")
		w.w.WriteString(h)
		w.w.WriteString(" |")
	}
	w.line("")
	w.w.WriteString("|")
	for range header {
		w.w.WriteString(" --- |")
	}
	w.line("")
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
	w.findingsLeftOut(len(gaps)+len(warnings), min(len(gaps), splitKeep)+min(len(warnings), splitKeep))
	if n := len(w.m.Waivers()); n > 0 {
		w.line(">")
		w.line("> " + strconv.Itoa(n) + " validation check(s) waived, each with its reason: see " + appendixWaivers + ".")
	}
	w.line("")
	w.splitNotice()
	r := w.d.Threats.Residual
	w.line("**Summary:** " + plural(len(m.Components()), "component") + ", " + plural(len(m.Flows()), "flow") + ", " +
		plural(len(w.crossings), "trust boundary crossing") + ", " + plural(r.Threats, "threat") + " (" +
		strconv.Itoa(r.Mitigated) + " mitigated, " + strconv.Itoa(r.Accepted) + " accepted, " + strconv.Itoa(r.Open) + " open); " +
		"residual risk: " + riskCounts(r.OpenByRisk) + ".")
	w.line("")
}

// findingLines writes findings as the items of a list in a quote; a split
// report writes every finding to its list and the first few here.
func (w *mdWriter) findingLines(fs []*threatmodel.Finding) {
	if w.split != nil {
		for _, f := range fs {
			w.split.csvRow(listFindings, []string{string(f.Code), f.Severity.String(), f.Path, f.Message, w.pos(f.Pos)})
		}
		fs = fs[:min(len(fs), splitKeep)]
	}
	for _, f := range fs {
		msg := f.Message
		for _, r := range f.Related {
			msg += " (see " + r.Path + " at " + w.pos(r.Pos) + ")"
		}
		w.line("> - " + codeSpan(string(f.Code)) + " " + escape.MarkdownInline(f.Path) + ": " + escape.MarkdownInline(msg))
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
	comps := w.m.Components()
	w.lazyList(listComponents, len(comps), func(emit func([]string)) {
		var row [8]string
		for _, c := range comps {
			row = [...]string{c.Name(), kindAndTypes(c), zoneName(c.Zone()), c.Technology(), layer(c),
				scope(c), controlsText(c.Controls(), c.ControlSources(0)), c.Description()}
			emit(row[:])
		}
	})
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
	if fs := c.Accepts(); len(fs) > 0 {
		s += "; accepts " + formatNames(fs)
	}
	return s + concernsText(c)
}

// concernsText names what the component states for the rules about
// co-located workloads, audit data events and billing, each after "; ".
func concernsText(c *threatmodel.Component) string {
	var s string
	if hs := c.SharesHost(); len(hs) > 0 {
		s += "; shares a host with " + joinNames(hs)
	}
	if ts := c.DataEventsIn(); len(ts) > 0 {
		s += "; data events recorded in " + joinNames(ts)
	}
	if c.BilledPerRequest() {
		s += "; billed per request"
	}
	return s
}

// formatNames joins the formats' names with commas.
func formatNames(fs []threatmodel.Format) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.String()
	}
	return strings.Join(names, ", ")
}

// flowData names what the flow carries and, when it says, how it is
// encoded.
func flowData(f *threatmodel.Flow) string {
	s := joinNames(f.Carries())
	if fs := f.Formats(); len(fs) > 0 {
		if s != "" {
			s += "; "
		}
		s += "encoded as " + formatNames(fs)
	}
	var more []string
	if id := f.Identity(); id != 0 {
		more = append(more, "identity: "+id.String())
	}
	if f.Deploys() {
		more = append(more, "deploys")
	}
	if cs := f.Credentials(); len(cs) > 0 {
		more = append(more, "credential: "+joinNames(cs))
	}
	for _, m := range more {
		if s != "" {
			s += "; "
		}
		s += m
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

// controlsText lists an element's controls, each limited to some
// principals followed by whom it covers: "MFA (for Operator)". A control
// declared both for everyone and for some principals covers everyone.
func controlsText(cs []threatmodel.Control, src []threatmodel.ControlSource) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.String()
		var who []string
		for _, s := range src {
			if s.Control != c {
				continue
			}
			if len(s.For) == 0 {
				who = nil
				break
			}
			for _, p := range s.For {
				if !slices.Contains(who, p.Name()) {
					who = append(who, p.Name())
				}
			}
		}
		if len(who) > 0 {
			slices.Sort(who)
			out[i] += " (for " + strings.Join(who, ", ") + ")"
		}
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
	if w.split != nil {
		w.note("The request chains (from each external entity through the components it reaches and back) are left " +
			"out of a split report; every flow, with its response, is in the list below.")
	} else if chains := flowChains(w.m); len(chains) > 0 {
		w.line("```")
		for _, c := range chains {
			w.line(plain(c))
		}
		w.line("```")
		w.line("")
	}
	flows := w.m.Flows()
	w.lazyList(listFlows, len(flows), func(emit func([]string)) {
		var row [12]string
		for _, f := range flows {
			resp := ""
			if r := f.ResponseTo(); r != nil {
				resp = "Response to " + r.Name()
			}
			crosses := ""
			if c := f.Crossing(); c.Crosses() {
				crosses = zoneName(c.From) + " → " + zoneName(c.To)
			}
			row = [...]string{f.Name(), endName(f.Source()), endName(f.Destination()), f.Endpoint(),
				f.Encryption().String(), f.Authentication().String(), f.Authorization().String(), flowData(f),
				crosses, controlsText(f.Controls(), f.ControlSources(0)), resp, f.Description()}
			emit(row[:])
		}
	})
}

func endName(c *threatmodel.Component) string {
	if c == nil {
		return "?"
	}
	return c.Name()
}

func (w *mdWriter) assets() {
	w.heading(2, "Assets to Protect")
	assets := w.m.Assets()
	w.lazyList(listAssets, len(assets), func(emit func([]string)) {
		var row [9]string
		for _, a := range assets {
			rep := ""
			if el := a.Represents(); el != nil {
				rep = elementName(el)
			}
			row = [...]string{a.Name(), a.Value().String(), a.Criticality().String(), a.Kind().String(), classification(a),
				joinNames(a.StoredIn()), flowNames(a.CarriedBy()), rep, a.Description()}
			emit(row[:])
		}
	})
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
