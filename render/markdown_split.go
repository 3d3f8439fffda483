package render

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/internal/escape"
	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// This file holds the report that scales: above a number of components
// (SplitAbove), Document.Files writes the Markdown report as a summary that
// keeps every section of the template, and writes each long list (every
// component, flow, threat, role…) to a CSV file beside it, linked from the
// section it would have filled. Each list is named here once, with its
// columns; the sections write their rows with mdWriter.list, which is a
// plain table when the report is whole.

// DefaultSplitAbove is the number of components above which Document.Files
// writes the report as a summary with its long lists in CSV files beside
// it, unless SplitAbove says otherwise. A report of a model this large
// runs to megabytes: no reviewer reads every row of it on a page.
const DefaultSplitAbove = 500

// splitKeep is how many rows of a ranked list (the likeliest attack paths,
// the riskiest open threats and boundaries) a split report still shows.
const splitKeep = 20

// listID names a long list.
type listID int

// The long lists, in the order of the report's sections.
const (
	listFindings listID = iota
	listComponents
	listFlows
	listAssets
	listZones
	listCrossings
	listBoundaries
	listThreats
	listRoles
	listErrorHandling
	listRuntimeSecurity
	listSecrets
	listDataLifecycle
	listSupplyChain
	listGateBoundaries
	listGateRoles
	listCoverage
	listEscalationPaths
	listAcceptedRisks
	listMitigations
	listHandWrittenThreats
	listWaivers
	listLeastPrivilege
	listAttackPaths
	listComponentReach
	listSecretReach
)

// longList is a list that a split report writes to base-name.csv.
type longList struct {
	name   string
	what   string // what its rows are, in the report's words
	header []string
}

// longLists are the lists a split report writes beside it, in the order of
// the report's sections.
var longLists = [...]longList{
	listFindings:   {"findings", "validation findings", []string{"Code", "Severity", "Path", "Message", "Declared at"}},
	listComponents: {"components", "components", []string{"Component", "Kind", "Zone", "Technology", "Layer", "Scope", "Controls", "Description"}},
	listFlows: {"flows", "flows", []string{"Flow", "From", "To", "Protocol", "Encryption", "Authentication", "Authorization", "Data",
		"Crosses", "Controls", "Response", "Description"}},
	listAssets: {"assets", "assets", []string{"Asset", "Value", "Risk Level", "Kind", "Classification", "Stored in", "Carried by",
		"Represents", "Description"}},
	listZones:     {"zones", "zones", []string{"Zone", "Trust", "Inside", "Blast radius", "Components", "Why it matters"}},
	listCrossings: {"crossings", "trust boundary crossings", []string{"Boundary", "Flows (protocol, encryption, authentication)"}},
	listBoundaries: {"boundaries", "trust boundaries with their threats", []string{"Boundary", "Flows", "Threats", "Open", "Open High",
		"Worst open threat"}},
	listThreats: {"threats", "threats, each with the trust boundary it arises at", append([]string{"Trust boundary"}, threatHeader...)},
	listRoles: {"roles", "roles", []string{"Role", "Permissions", "Blast Radius if Compromised", "Mitigation", "Effective permissions",
		"Escalation", "Assumed by", "Can assume", "Description"}},
	listErrorHandling:   {"error-handling", "error handling risks", riskHeader},
	listRuntimeSecurity: {"runtime-security", "runtime security risks", riskHeader},
	listSecrets: {"secrets", "secrets", []string{"Secret", "Provisioning", "Rotation", "Blast Radius if Leaked", "Storage", "Used by",
		"Grants", "Description"}},
	listDataLifecycle: {"data-lifecycle", "data lifecycles", []string{"Data Type", "At Rest", "In Transit", "Deletion", "Access Control",
		"Retention", "Classification"}},
	listSupplyChain: {"supply-chain", "dependencies", []string{"Dependency", "Risk", "Mitigation", "Kind", "Pinning", "Verification",
		"Used by", "Description"}},
	listGateBoundaries: {"gate-boundaries", "worst outcomes, one per trust boundary", []string{"Boundary", "Worst outcome"}},
	listGateRoles:      {"gate-roles", "execution roles' blast radius", []string{"Role", "Run by", "Blast radius"}},
	listCoverage:       {"coverage", "rows of the STRIDE coverage matrix", []string{"Element", "Kind", "S", "T", "R", "I", "D", "E"}},
	listEscalationPaths: {"escalation-paths", "attack paths that take a process over", []string{"Asset", "Path", "Attack path", "Takeover",
		"Likelihood"}},
	listAcceptedRisks: {"accepted-risks", "accepted risks", []string{"Threat", "Status", "Owner", "Expires", "Justification"}},
	listMitigations:   {"mitigations", "declared mitigations", []string{"Mitigation", "Controls", "Applied to", "Addresses", "Description"}},
	listHandWrittenThreats: {"hand-written-threats", "hand-written threats", []string{"ID", "Threat", "Category", "About", "Impact", "Likelihood",
		"Attack paths", "Mitigation", "Description"}},
	listWaivers: {"waivers", "waived validation checks", []string{"Check", "Element", "Reason"}},
	listLeastPrivilege: {"least-privilege", "least-privilege findings", []string{"Code", "Statement", "Finding",
		"Narrower permissions the flows justify"}},
	listAttackPaths: {"attack-paths", "attack paths", []string{"Asset", "Path", "Likelihood", "Attack path", "Steps"}},
	listComponentReach: {"component-reach", "components' blast radius", []string{"Component", "Acts as", "Secrets",
		"Calls trusting its identity", "Blast radius if compromised"}},
	listSecretReach: {"secret-reach", "secrets' blast radius", []string{"Secret", "Grants", "Blast radius if leaked (computed)",
		"Blast radius as stated"}},
}

var riskHeader = []string{"Component", "Risk", "Mitigation"}

// split is the state of a split report: the base of its file names and
// the CSV files written so far.
type split struct {
	base  string
	above int // the number of components above which the report splits
	csv   map[listID]*csvFile
	// scratch holds the cells of the row being written (csvRow).
	scratch []string
	// deferred writes the rows of the lists written when their file is
	// (later); mw is the writer of the report, which writes them.
	deferred [len(longLists)]func(*csvFile)
	mw       *mdWriter
	titles   []string // the crossings' titles, for the threats list
	// zoneDiagrams are the per-zone diagrams written beside the report;
	// overview is true when the report's own diagrams are the overview.
	zoneDiagrams []zoneDiagram
	topZones     int // the top-level zones that hold components
	overview     bool
}

// zoneDiagram is the diagram of one top-level zone: base+".dot" and
// base+".mmd".
type zoneDiagram struct {
	zone  *threatmodel.Zone
	index int // in declaration order
	base  string
}

// fileName returns the name of a long list's CSV file.
func (s *split) fileName(id listID) string { return s.base + "-" + longLists[id].name + ".csv" }

// file returns the CSV file of a long list, started with its header.
func (s *split) file(id listID) *csvFile {
	if f := s.csv[id]; f != nil {
		return f
	}
	f := &csvFile{}
	f.record(longLists[id].header)
	s.csv[id] = f
	return f
}

// content returns the content of a long list's CSV file: its header and
// rows, or its header alone when the report wrote no row of it.
func (s *split) content(id listID) *chunks {
	return &s.file(id).buf
}

// csvRow adds a row to a long list. Each cell is made safe for a
// spreadsheet: one that starts with =, +, -, @, a tab or a carriage return
// is prefixed with an apostrophe, so that no model text runs as a formula.
func (s *split) csvRow(id listID, cells []string) {
	s.scratch = s.file(id).safeRecord(cells, s.scratch)
}

// later counts the n rows of a long list that rows writes when the list's
// file is written, straight into it: the report needs their number, not
// their bytes.
func (s *split) later(id listID, n int, rows func(*csvFile)) {
	s.file(id).rows = n
	s.deferred[id] = rows
}

// lazyList writes a long list of n rows that a split report does not show:
// each calls emit with each row's cells (emit keeps none of them). A whole
// report writes them as a table; a split one counts them, says where they
// are, and writes them when the list's file is written (later).
func (w *mdWriter) lazyList(id listID, n int, each func(emit func(cells []string))) {
	if w.split == nil {
		header := longLists[id].header
		w.tableHead(header)
		each(func(cells []string) { w.row(len(header), cells) })
		w.line("")
		return
	}
	w.split.later(id, n, func(f *csvFile) {
		var safe []string
		each(func(cells []string) {
			if !w.stop.tick() {
				safe = f.safeRecord(cells, safe)
			}
		})
	})
	w.leftOut(id, 0)
}

// list writes a long list: a table in a whole report; in a split report,
// its rows in the list's CSV file, the first keep of them in a table, and
// a note that says what was left out and where it went.
func (w *mdWriter) list(id listID, rows [][]string, keep int) {
	if w.split == nil {
		w.table(longLists[id].header, rows)
		return
	}
	for _, r := range rows {
		w.split.csvRow(id, r)
	}
	if keep = min(keep, len(rows)); keep > 0 {
		w.table(longLists[id].header, rows[:keep])
	}
	w.leftOut(id, keep)
}

// leftOut notes, in a split report, what of a long list the report does not
// show and which file has all of it.
func (w *mdWriter) leftOut(id listID, shown int) {
	if w.split == nil {
		return
	}
	n := w.split.file(id).rows
	link := w.split.link(id)
	what := longLists[id].what
	switch {
	case n == 0:
		return
	case shown >= n:
		w.note("All " + strconv.Itoa(n) + " " + what + " are shown; they are in " + link + " too.")
	case shown > 0:
		w.note("The first " + strconv.Itoa(shown) + " of " + strconv.Itoa(n) + " " + what + " are shown; all " +
			strconv.Itoa(n) + " are in " + link + ".")
	default:
		w.note("Left out of this report: the " + strconv.Itoa(n) + " " + what + ", listed in " + link + ".")
	}
}

// link returns a Markdown link to a long list's file.
func (s *split) link(id listID) string { return fileLink(s.fileName(id)) }

// linkTarget returns a file name as a Markdown link target: spaces and
// the characters that would end the target are percent-encoded.
func linkTarget(name string) string {
	r := strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E")
	return r.Replace(name)
}

// findingsLeftOut notes, in a split report's status, how many of its n
// findings it lists and where all of them are.
func (w *mdWriter) findingsLeftOut(n, shown int) {
	if w.split == nil || shown >= n {
		return
	}
	w.line(">")
	w.line("> " + strconv.Itoa(shown) + " of the " + strconv.Itoa(n) + " findings are listed here; all " + strconv.Itoa(n) +
		" are in " + w.split.link(listFindings) + ".")
}

// splitNotice writes, at the top of a split report, that it is a summary
// and where the long lists are.
func (w *mdWriter) splitNotice() {
	if w.split == nil {
		return
	}
	w.line("> **This report is a summary.** The model has " + plural(len(w.m.Components()), "component") +
		", more than the " + strconv.Itoa(w.split.above) + " above which the long lists (every component, flow and " +
		"threat) are written to CSV files beside it. Each section keeps its summary and links its list; " +
		appendixLists + " names every file.")
	w.line("")
}

// listsAppendix writes, in a split report, the files the long lists went
// to, with their number of rows.
func (w *mdWriter) listsAppendix() {
	if w.split == nil {
		return
	}
	w.heading(2, appendixLists+": Lists Beside This Report")
	w.para("Each list is a CSV file with a header row, in this report's directory. A cell that starts with =, +, -, @ " +
		"or a tab is prefixed with an apostrophe, so that a spreadsheet shows model text and never runs it.")
	var rows [][]string
	for id, l := range longLists {
		rows = append(rows, []string{w.split.link(listID(id)), l.what, strconv.Itoa(w.split.file(listID(id)).rows)})
	}
	w.tableHead([]string{"File", "Rows are", "Rows"})
	for _, r := range rows {
		w.line("| " + r[0] + " | " + escape.MarkdownCell(r[1]) + " | " + r[2] + " |")
	}
	w.line("")
}

const appendixLists = "Appendix J"

// boundarySummary writes, in a split report, the Threat Analysis by Trust
// Boundary: the report shows the boundaries with the most open risk and
// counts the threats, which threatRows writes to their list, each with the
// boundary it arises at, when the list's file is written.
func (w *mdWriter) boundarySummary() {
	type summary struct {
		row        []string
		open, high int
		order      int
	}
	var sums []summary
	n := len(w.ungrouped)
	w.split.titles = make([]string, len(w.crossings))
	for i, g := range w.crossings {
		title := "Trust Boundary " + strconv.Itoa(i+1) + ": " + g.title()
		w.split.titles[i] = title
		sum := summary{order: i}
		var worst *stride.Threat // the first in sortByRisk's order
		for _, t := range g.threats {
			if t.Status == stride.Open {
				sum.open++
				if t.Risk >= threatmodel.High {
					sum.high++
				}
			}
			if worst == nil || riskOrder(t, worst) < 0 {
				worst = t
			}
		}
		n += len(g.threats)
		text := ""
		if worst != nil && worst.Status == stride.Open {
			text = worst.Title + " (" + worst.SubjectName() + ", " + worst.Risk.String() + ")"
		}
		sum.row = []string{title, strconv.Itoa(len(g.flows)), strconv.Itoa(len(g.threats)), strconv.Itoa(sum.open),
			strconv.Itoa(sum.high), text}
		sums = append(sums, sum)
	}
	w.split.later(listThreats, n, w.threatRows)
	slices.SortStableFunc(sums, func(a, b summary) int {
		return cmp.Or(cmp.Compare(b.high, a.high), cmp.Compare(b.open, a.open), cmp.Compare(a.order, b.order))
	})
	rows := make([][]string, len(sums))
	for i := range sums {
		rows[i] = sums[i].row
	}
	if len(rows) > 0 {
		w.para("The trust boundaries with the most open threats rated High, then the most open threats; the " +
			"boundaries are numbered as in Trust Boundaries.")
		w.list(listBoundaries, rows, splitKeep)
	}
	if len(w.ungrouped) > 0 {
		w.para(plural(len(w.ungrouped), "threat") + " arise inside trust boundaries, not at a crossing.")
	}
	w.leftOut(listThreats, 0)
}

// threatRows writes the rows of the threats list: those of each crossing,
// riskiest first, after the trust boundary they arise at, then those
// inside trust boundaries. It stops when the report's context is done.
func (w *mdWriter) threatRows(f *csvFile) {
	var ts []*stride.Threat
	for i, g := range w.crossings {
		title := w.split.titles[i]
		ts = append(ts[:0], g.threats...)
		sortByRisk(ts)
		for _, t := range ts {
			if w.stop.tick() {
				return
			}
			w.csvThreatRow(f, title, t)
		}
	}
	ts = append(ts[:0], w.ungrouped...)
	sortByRisk(ts)
	for _, t := range ts {
		if w.stop.tick() {
			return
		}
		w.csvThreatRow(f, "Inside trust boundaries", t)
	}
}

// csvThreatRow adds a threat's row to the threats list: the trust boundary
// it arises at, then the cells of threatTableRow, written without joining
// them (the mitigation text from the writer's scratch buffer).
func (w *mdWriter) csvThreatRow(f *csvFile, boundary string, t *stride.Threat) {
	f.field(safeCell(boundary))
	f.buf.appendByte(',')
	f.fieldOf(t.Title, " (", t.SubjectName(), ")")
	for _, c := range [...]string{t.Impact.String(), t.Likelihood.String()} {
		f.buf.appendByte(',')
		f.field(safeCell(c))
	}
	f.buf.appendByte(',')
	if onlyRecommended(t) {
		f.field(safeCell(w.recommendation(t.Mitigations).text))
	} else {
		w.scratch.Reset()
		mitigationText(w, &w.scratch, t)
		f.fieldBytes(w.scratch.Bytes())
	}
	for _, c := range [...]string{t.ID, t.Status.String(), riskText(t)} {
		f.buf.appendByte(',')
		f.field(safeCell(c))
	}
	f.buf.appendByte('\n')
	f.rows++
}

// diagramsBeside names, in a split report, the diagrams beside it, which a
// whole report draws inline.
func (w *mdWriter) diagramsBeside() {
	b := w.split.base
	drawn := "draw every component in its zone."
	if w.split.overview {
		drawn = "draw the overview: each zone collapsed into one node, the flows between two zones counted on one edge."
	}
	w.line("The diagrams are beside this report, not in it: " + fileLink(b+".dot") + " (Graphviz DOT) and " +
		fileLink(b+".mmd") + " (Mermaid) " + drawn)
	w.line("")
	zd := w.split.zoneDiagrams
	if len(zd) == 0 {
		return
	}
	w.para("Each top-level zone has its own diagram, with the components it holds and, greyed, those at the other end " +
		"of its flows:")
	w.tableHead([]string{"Zone", "Graphviz DOT", "Mermaid"})
	for _, d := range zd[:min(len(zd), splitKeep)] {
		w.line("| " + escape.MarkdownCell(d.zone.Name()) + " | " + fileLink(d.base+".dot") + " | " + fileLink(d.base+".mmd") + " |")
	}
	w.line("")
	if len(zd) > splitKeep {
		w.note("The first " + strconv.Itoa(splitKeep) + " of " + strconv.Itoa(len(zd)) + " zone diagrams are listed; " +
			"the others follow the same pattern, " + escape.MarkdownInline(b) + "-zone-*number*-*name*.dot and .mmd, " +
			"numbered in declaration order.")
	}
	if n := w.split.topZones; n > len(zd) {
		w.note(strconv.Itoa(n-len(zd)) + " of the " + strconv.Itoa(n) + " top-level zones that hold components have no " +
			"diagram of their own: at most " + strconv.Itoa(maxZoneDiagrams) + " are drawn, those with the highest open " +
			"risk, then the most components. Draw another with render.OnlyZone.")
	}
}

// fileLink returns a Markdown link to a file beside the report.
func fileLink(name string) string {
	return "[" + escape.MarkdownInline(name) + "](" + linkTarget(name) + ")"
}

// threatCounts writes, in a split report, what a STRIDE rule found in
// place of its table of threats: how many, by status, and where they are
// listed.
func (w *mdWriter) threatCounts(ts []*stride.Threat) {
	var open, accepted, mitigated int
	for _, t := range ts {
		switch t.Status {
		case stride.Open:
			open++
		case stride.Accepted:
			accepted++
		default:
			mitigated++
		}
	}
	w.note(plural(len(ts), "threat") + ": " + strconv.Itoa(open) + " open, " + strconv.Itoa(accepted) + " accepted, " +
		strconv.Itoa(mitigated) + " mitigated; each is in " + w.split.link(listThreats) + ", with its ID.")
}

// openThreats returns the open threats: every one, in the report's order,
// in a whole report; the riskiest few in a split one, whose threats list
// has them all.
func (w *mdWriter) openThreats() []*stride.Threat {
	var open []*stride.Threat
	for i := range w.d.Threats.Threats {
		if t := &w.d.Threats.Threats[i]; t.Status == stride.Open {
			open = append(open, t)
		}
	}
	if w.split != nil {
		sortByRisk(open)
		open = open[:min(len(open), splitKeep)]
	}
	return open
}

// openLeftOut notes, under a split report's open threats, how many it
// shows and where all of them are.
func (w *mdWriter) openLeftOut(n, shown int) {
	if w.split == nil || shown >= n {
		return
	}
	w.note("The " + strconv.Itoa(shown) + " riskiest of the " + strconv.Itoa(n) + " open threats are shown; all are in " +
		w.split.link(listThreats) + ", with the status Open.")
}

// attackPathList counts, in a split report, the attack paths that
// attackPathRows writes to their list, and returns those the report still
// shows: the first few, which are the likeliest paths to the most critical
// assets.
func (w *mdWriter) attackPathList() []reach.AttackPath {
	paths := w.d.Reach.Paths
	w.split.later(listAttackPaths, len(paths), w.attackPathRows)
	return paths[:min(len(paths), splitKeep)]
}

// attackPathRows writes the rows of the attack paths list. It stops when
// the report's context is done.
func (w *mdWriter) attackPathRows(f *csvFile) {
	for _, p := range w.d.Reach.Paths {
		if w.stop.tick() {
			return
		}
		asset := "?"
		if p.Asset != nil {
			asset = p.Asset.Name()
		}
		// The steps, numbered and joined by spaces, in the scratch buffer.
		w.scratch.Reset()
		for i, s := range p.Steps {
			if i > 0 {
				w.scratch.WriteByte(' ')
			}
			w.num = strconv.AppendInt(w.num[:0], int64(i+1), 10)
			w.scratch.Write(w.num)
			w.scratch.WriteString(". ")
			w.scratch.WriteString(s.String())
		}
		for i, c := range [...]string{asset, strconv.Itoa(p.Rank), p.Likelihood.String(), p.String()} {
			if i > 0 {
				f.buf.appendByte(',')
			}
			f.field(safeCell(c))
		}
		f.buf.appendByte(',')
		f.fieldBytes(w.scratch.Bytes())
		f.buf.appendByte('\n')
		f.rows++
	}
}

// gateLeftOut notes, under a gate question of a split report, how many of
// its answers are shown and where all of them are.
func (w *mdWriter) gateLeftOut(id listID, shown int) {
	if w.split == nil {
		return
	}
	n := w.split.file(id).rows
	if shown >= n {
		return
	}
	w.line("  - *The first " + strconv.Itoa(shown) + " of " + strconv.Itoa(n) + " answers are shown; all are in " +
		w.split.link(id) + ".*")
}
