package render

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/internal/escape"
	"github.com/threatwright/threatwright/threatmodel"
)

// Mermaid writes the model's data flow diagram as a Mermaid flowchart, for
// a ```mermaid block that GitHub and GitLab draw inline.
//
// It shows what DOT shows, in Mermaid's terms: zones are nested subgraphs
// (z0, z1, … by declaration index) styled by trust level; components are
// nodes n0, n1, … by declaration index, shaped by kind (an external entity
// ["…"], a process ("…"), a data store [("…")]); flows are links labelled
// with their name, protocol, encryption and authentication. A flow that
// crosses a trust boundary is a thick red link (==>), a flow without
// authentication or encryption a dotted one (-.->) whose label says what it
// lacks; a request and its response share one two-headed link. The same
// options as DOT choose the view and the colouring, and a legend subgraph
// explains the marks.
//
// Labels are escaped with Mermaid's entity codes, so a name cannot end a
// label, inject HTML or start a Markdown string; node IDs never contain user
// text. The output is deterministic. Mermaid returns ErrNilModel for a nil
// model, an error for an invalid option, and a wrapped error if writing to w
// fails.
func Mermaid(w io.Writer, m *threatmodel.Model, opts ...Option) error {
	return MermaidContext(context.Background(), w, m, opts...)
}

// MermaidContext is Mermaid, stopping when ctx is done: it looks at ctx
// while it builds and writes the diagram, writes nothing to w once ctx is
// done, and then returns an error that wraps ctx.Err().
func MermaidContext(ctx context.Context, w io.Writer, m *threatmodel.Model, opts ...Option) error {
	st := &stopper{ctx: ctx}
	d, err := build(st, m, opts)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.Grow(512 + 160*(len(d.edges)+len(d.nodes)))
	mw := &mermaidWriter{b: &buf, stop: st}
	mw.diagram(d)
	if st.check() {
		return st.err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("render: writing Mermaid: %w", err)
	}
	return nil
}

type mermaidWriter struct {
	b    *bytes.Buffer
	stop *stopper
	// classes maps a class name to the node IDs that carry it, in order of
	// first use; classOrder keeps that order.
	classes    map[string][]string
	classOrder []string
	styles     []string
	links      int
	linkStyles []mermaidLinkStyle
}

type mermaidLinkStyle struct {
	style string
	links []int
}

func (w *mermaidWriter) s(parts ...string) {
	for _, p := range parts {
		w.b.WriteString(p)
	}
}

func (w *mermaidWriter) class(name, id string) {
	if w.classes == nil {
		w.classes = make(map[string][]string)
	}
	if _, ok := w.classes[name]; !ok {
		w.classOrder = append(w.classOrder, name)
	}
	w.classes[name] = append(w.classes[name], id)
}

// linkStyle records that link number link (in drawing order) has the
// style; links of one style share one linkStyle statement.
func (w *mermaidWriter) linkStyle(style string, link int) {
	for i := range w.linkStyles {
		if w.linkStyles[i].style == style {
			w.linkStyles[i].links = append(w.linkStyles[i].links, link)
			return
		}
	}
	w.linkStyles = append(w.linkStyles, mermaidLinkStyle{style, []int{link}})
}

// mermaidLines escapes and joins lines with <br/>.
func mermaidLines(lines []string) string {
	for i, l := range lines {
		lines[i] = escape.MermaidLabel(l)
	}
	return strings.Join(lines, "<br/>")
}

func (w *mermaidWriter) diagram(d *diagram) {
	w.s("flowchart LR\n")
	for _, cl := range d.clusters {
		w.cluster(cl, "    ")
	}
	for _, n := range d.nodes {
		w.node(n, "    ")
	}
	for _, e := range d.edges {
		if w.stop.tick() {
			return
		}
		w.edge(e, d.overview)
	}
	if d.legend {
		w.legend(d)
	}
	w.s("    classDef default fill:#ffffff,stroke:", colInk, ",color:", colInk, "\n")
	defs := map[string]string{
		"zone":       "fill:#f5f5f5,stroke:#9e9e9e,color:" + colInk,
		"empty":      "fill:none,stroke:none,color:" + colSubtle,
		"outOfScope": "stroke-dasharray:4 3,color:" + colSubtle,
		"emphasised": "fill:" + colEmphFill + ",stroke:" + colEmphasis + ",stroke-width:3px",
		"faded":      "fill:" + colFadedFill + ",stroke:" + colFadedLine + ",color:" + colFadedText,
		"peer":       "fill:" + colPeerFill + ",stroke:" + colPeerLine + ",color:" + colPeerText + ",stroke-dasharray:4 3",
	}
	for _, l := range riskLevels {
		f, _ := riskColours(l)
		defs["risk"+strconv.Itoa(int(l))] = "fill:" + f
	}
	// Only the classes in use are defined, in order of first use.
	for _, name := range w.classOrder {
		w.s("    classDef ", name, " ", defs[name], "\n")
	}
	for _, name := range w.classOrder {
		w.s("    class ", strings.Join(w.classes[name], ","), " ", name, "\n")
	}
	for _, st := range w.styles {
		w.s(st)
	}
	for _, ls := range w.linkStyles {
		ids := make([]string, len(ls.links))
		for i, l := range ls.links {
			ids[i] = strconv.Itoa(l)
		}
		w.s("    linkStyle ", strings.Join(ids, ","), " ", ls.style, "\n")
	}
}

func (w *mermaidWriter) cluster(cl *dgCluster, indent string) {
	note := trustText(cl.trust)
	if cl.blast {
		note += " · blast-radius boundary"
	}
	w.s(indent, "subgraph ", cl.id, `["`, mermaidLines(titleLines(cl.name, 40)), "<br/>", escape.MermaidLabel(note), "\"]\n")
	for _, n := range cl.nodes {
		w.node(n, indent+"    ")
	}
	for _, ch := range cl.children {
		w.cluster(ch, indent+"    ")
	}
	w.s(indent, "end\n")
	fill, border := trustColours(cl.trust)
	width := "1px"
	if cl.blast {
		border, width = colBlast, "3px"
	}
	switch cl.em {
	case emphasised:
		border, width = colEmphasis, "3px"
	case faded:
		border = colFadedLine
	}
	w.styles = append(w.styles, "    style "+cl.id+" fill:"+fill+",stroke:"+border+",stroke-width:"+width+",color:"+colInk+"\n")
}

func (w *mermaidWriter) node(n *dgNode, indent string) {
	if n.empty {
		w.s(indent, n.id, `["`, escape.MermaidLabel(n.title), "\"]\n")
		w.class("empty", n.id)
		return
	}
	lines := titleLines(n.title, wrapTitle)
	if n.kind == 0 {
		lines = append(lines, n.sub...)
	} else if n.outOfScope {
		lines = append(lines, "out of scope")
	}
	label := `"` + mermaidLines(lines) + `"`
	switch n.kind {
	case threatmodel.Process:
		label = "(" + label + ")"
	case threatmodel.DataStore:
		label = "[(" + label + ")]"
	case 0:
		label = "[[" + label + "]]"
	default:
		label = "[" + label + "]"
	}
	w.s(indent, n.id, label, "\n")
	if n.kind == 0 {
		w.class("zone", n.id)
		fill, border := trustColours(n.trust)
		width := "1px"
		if n.blast {
			border, width = colBlast, "3px"
		}
		if n.em == normal && n.risk == 0 {
			w.styles = append(w.styles, "    style "+n.id+" fill:"+fill+",stroke:"+border+",stroke-width:"+width+"\n")
		}
	}
	if n.outOfScope {
		w.class("outOfScope", n.id)
	}
	switch {
	case n.em == emphasised:
		w.class("emphasised", n.id)
	case n.em == faded:
		w.class("faded", n.id)
	case n.em == peer:
		w.class("peer", n.id)
	case n.risk != 0:
		w.class("risk"+strconv.Itoa(int(n.risk)), n.id)
	}
}

func (w *mermaidWriter) edge(e *dgEdge, overview bool) {
	lines := titleLines(e.title, 28)
	if e.details != "" {
		lines = append(lines, wrap(e.details, wrapDetail)...)
	}
	if r := e.reply; r != nil {
		lines = append(lines, "← "+r.title)
		if r.details != "" {
			lines = append(lines, wrap(r.details, wrapDetail)...)
		}
	}
	if e.risk != 0 {
		lines = append(lines, "risk "+e.risk.String())
	}
	for _, warn := range e.warnings {
		lines = append(lines, "⚠ "+warn)
	}
	arrow := "-->"
	switch {
	case e.flagged() || e.step:
		arrow = "-.->"
	case e.crossing:
		arrow = "==>"
	}
	if e.reply != nil {
		arrow = "<" + arrow
	}
	w.s("    ", e.from, " ", arrow, `|"`, mermaidLines(lines), `"| `, e.to, "\n")
	link := w.links
	w.links++
	switch {
	case e.em == emphasised:
		w.linkStyle("stroke:"+colEmphasis+",stroke-width:3px", link)
	case e.em == faded:
		w.linkStyle("stroke:"+colFadedLine+",color:"+colFadedText, link)
	case e.crossing && overview && e.count > 1:
		w.linkStyle("stroke:"+colCrossing+",stroke-width:3px", link)
	case e.crossing:
		w.linkStyle("stroke:"+colCrossing+",stroke-width:2px", link)
	}
}

func (w *mermaidWriter) legend(d *diagram) {
	w.s("    subgraph legend[\"Legend\"]\n")
	if d.overview {
		w.s("        legend_zone[[\"Zone (collapsed)\"]]\n")
		w.class("zone", "legend_zone")
	} else {
		w.s("        legend_entity[\"External entity\"]\n")
		w.s("        legend_process(\"Process\")\n")
		w.s("        legend_store[(\"Data store\")]\n")
	}
	marks := []string{
		"==> red: crosses a trust boundary",
		"-.-> ⚠: no authentication or no encryption",
		"--> stays inside one zone",
	}
	if d.overview {
		marks = append(marks, "label: number of flows between two zones")
	} else {
		marks = append(marks, "<--> request and response (← in the label)")
	}
	marks = append(marks, "thick border: blast-radius boundary")
	if d.risk {
		marks = append(marks, "fill: risk, from green (Low) to red (Very High)")
	}
	if d.highlight {
		marks = append(marks, "yellow, blue border: highlighted; grey: not highlighted")
	}
	if d.zoneView {
		marks = append(marks, "grey, dashed: outside the zone, exchanges data with it")
	}
	w.s("        legend_marks[\"", mermaidLines(marks), "\"]\n")
	w.class("empty", "legend_marks")
	w.s("    end\n")
	w.styles = append(w.styles, "    style legend fill:#ffffff,stroke:#b0bec5,stroke-width:1px,color:"+colInk+"\n")
}
