package render

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/internal/escape"
	"github.com/threatwright/threatwright/threatmodel"
)

// DOT writes the model's data flow diagram in the Graphviz DOT language.
//
// Zones are nested clusters (cluster_z0, cluster_z1, … by declaration
// index) filled by trust level, with a thick border for a blast-radius
// boundary. Components are nodes n0, n1, … by declaration index, shaped by
// kind: a box for an external entity, a rounded box for a process, a cylinder
// for a data store. Flows are edges labelled with their name, protocol,
// encryption, authentication and the assets they carry; labels are xlabels
// and splines are never orthogonal, so that Graphviz lays out hundreds of
// components in seconds. A flow that crosses a trust boundary is thick and
// red; a flow without authentication or encryption is dashed and says what
// it lacks ("⚠ no auth"). A legend (cluster_legend) explains the marks.
//
// Options choose a view (OnlyZone, Highlight, Overview) and colouring
// (ColorByRisk). Above DefaultOverviewAbove components the overview is drawn
// unless AutoOverview says otherwise.
//
// The output is a pure function of the model and the options: the same
// model gives the same bytes. User text is escaped; it cannot end a string,
// form a Graphviz escape or open an HTML-like label. DOT returns ErrNilModel
// for a nil model, an error for an invalid option, and a wrapped error if
// writing to w fails.
func DOT(w io.Writer, m *threatmodel.Model, opts ...Option) error {
	return DOTContext(context.Background(), w, m, opts...)
}

// DOTContext is DOT, stopping when ctx is done: it looks at ctx while it
// builds and writes the diagram, writes nothing to w once ctx is done, and
// then returns an error that wraps ctx.Err().
func DOTContext(ctx context.Context, w io.Writer, m *threatmodel.Model, opts ...Option) error {
	st := &stopper{ctx: ctx}
	d, err := build(st, m, opts)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.Grow(1024 + 600*(len(d.edges)+len(d.nodes)))
	dw := &dotWriter{b: &buf, stop: st}
	dw.diagram(d)
	if st.check() {
		return st.err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("render: writing DOT: %w", err)
	}
	return nil
}

// Colours. Zones are filled by trust level; emphasis, fading and risk
// override element colours.
const (
	colInk       = "#263238"
	colSubtle    = "#546e7a"
	colEdge      = "#607d8b"
	colCrossing  = "#c62828"
	colWarning   = "#c62828"
	colEmphasis  = "#1565c0"
	colEmphFill  = "#fff9c4"
	colFadedLine = "#cfd8dc"
	colFadedText = "#b0bec5"
	colFadedFill = "#fafafa"
	colPeerLine  = "#9e9e9e"
	colPeerText  = "#616161"
	colPeerFill  = "#eeeeee"
	colBlast     = "#37474f"
)

// trustColours returns the fill and border colours of a zone.
func trustColours(t threatmodel.Trust) (fill, border string) {
	switch t {
	case threatmodel.Untrusted:
		return "#fdecea", "#e57373"
	case threatmodel.SemiTrusted:
		return "#fff3e0", "#ffb74d"
	case threatmodel.Trusted:
		return "#e3f2fd", "#64b5f6"
	case threatmodel.HighlyTrusted:
		return "#e8f5e9", "#66bb6a"
	}
	return "#f5f5f5", "#9e9e9e"
}

// riskColours returns the fill of a component and the text colour of a
// flow's risk line, or "" for an unrated element.
func riskColours(l threatmodel.Level) (fill, text string) {
	switch l {
	case threatmodel.Low:
		return "#c8e6c9", "#2e7d32"
	case threatmodel.Medium:
		return "#fff59d", "#9e7700"
	case threatmodel.MediumHigh:
		return "#ffcc80", "#e65100"
	case threatmodel.High:
		return "#ef9a9a", "#c62828"
	case threatmodel.VeryHigh:
		return "#e57373", "#8e0000"
	}
	return "", ""
}

// riskLevels are the levels shown in the legend's risk scale.
var riskLevels = []threatmodel.Level{threatmodel.Low, threatmodel.Medium, threatmodel.MediumHigh, threatmodel.High, threatmodel.VeryHigh}

func trustText(t threatmodel.Trust) string {
	if t == 0 {
		return "trust not stated"
	}
	return t.String()
}

// Wrapping widths, in runes.
const (
	wrapTitle  = 24
	wrapDetail = 40
	wrapNode   = 30
)

type dotWriter struct {
	b    *bytes.Buffer
	stop *stopper
}

func (w *dotWriter) s(parts ...string) {
	for _, p := range parts {
		w.b.WriteString(p)
	}
}

// attrs writes " [k=v, k=v]" and a newline; values are written as given
// (already quoted or HTML).
func (w *dotWriter) attrs(kv ...string) {
	w.s(" [")
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			w.s(", ")
		}
		w.s(kv[i], "=", kv[i+1])
	}
	w.s("]\n")
}

// html wraps label content as an HTML-like label.
func html(content string) string { return "<" + content + ">" }

// htmlLines escapes lines for an HTML-like label and joins them with <BR/>,
// each wrapped in the open and close tags.
func htmlLines(lines []string, open, close string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteString("<BR/>")
		}
		b.WriteString(open)
		b.WriteString(escape.HTMLLabel(l))
		b.WriteString(close)
	}
	return b.String()
}

func titleLines(s string, width int) []string {
	lines := wrap(s, width)
	if len(lines) == 0 {
		return []string{"(unnamed)"}
	}
	return lines
}

func (w *dotWriter) diagram(d *diagram) {
	w.s("digraph ", escape.DOTQuote(d.title), " {\n")
	sub := "Data flow diagram"
	switch {
	case d.overview:
		sub = "Overview: each zone collapsed into one node"
	case d.zoneView:
		sub = "One trust boundary and its peers"
	}
	w.s("\tgraph")
	w.attrs(
		"rankdir", "TB",
		"fontname", `"Helvetica"`,
		"fontsize", "14",
		"label", html(htmlLines(titleLines(d.title, 60), "<B>", "</B>")+`<BR/><FONT POINT-SIZE="10" COLOR="`+colSubtle+`">`+sub+`</FONT>`),
		"labelloc", "t",
		"labeljust", "l",
		"nodesep", "1.2",
		"ranksep", "0.9",
		"pad", "0.3",
		"outputorder", "edgesfirst",
		"forcelabels", "true",
		"tooltip", escape.DOTQuote(orDefault(d.tooltip, d.title)),
	)
	w.s("\tnode")
	w.attrs("fontname", `"Helvetica"`, "fontsize", "10", "style", "filled", "fillcolor", `"#ffffff"`,
		"color", `"`+colInk+`"`, "fontcolor", `"`+colInk+`"`, "margin", `"0.12,0.06"`)
	w.s("\tedge")
	w.attrs("fontname", `"Helvetica"`, "fontsize", "8", "color", `"`+colEdge+`"`, "fontcolor", `"`+colInk+`"`, "arrowsize", "0.7")
	for _, cl := range d.clusters {
		w.cluster(cl, "\t", d.overview)
	}
	for _, n := range d.nodes {
		w.node(n, "\t")
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
	w.s("}\n")
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

func (w *dotWriter) cluster(cl *dgCluster, indent string, overview bool) {
	fill, border := trustColours(cl.trust)
	pen := "1"
	style := `"filled,rounded"`
	if cl.blast {
		border, pen = colBlast, "3"
	}
	fontcolor := colInk
	switch cl.em {
	case emphasised:
		border, pen = colEmphasis, "3"
	case faded:
		fontcolor = colSubtle
	}
	note := trustText(cl.trust)
	if cl.blast {
		note += " · blast-radius boundary"
	}
	label := htmlLines(titleLines(cl.name, 40), "<B>", "</B>") +
		`<BR/><FONT POINT-SIZE="9">` + escape.HTMLLabel(note) + `</FONT>`
	w.s(indent, "subgraph cluster_", cl.id, " {\n")
	w.s(indent, "\tgraph")
	w.attrs("label", html(label), "labeljust", "l", "style", style, "fillcolor", `"`+fill+`"`,
		"color", `"`+border+`"`, "penwidth", pen, "fontcolor", `"`+fontcolor+`"`,
		"tooltip", escape.DOTQuote(orDefault(cl.tooltip, cl.name)))
	for _, n := range cl.nodes {
		w.node(n, indent+"\t")
	}
	for _, ch := range cl.children {
		w.cluster(ch, indent+"\t", overview)
	}
	w.s(indent, "}\n")
}

func (w *dotWriter) node(n *dgNode, indent string) {
	w.s(indent, n.id)
	if n.empty {
		w.attrs("label", escape.DOTQuote(n.title), "shape", "plaintext", "style", `""`,
			"fontcolor", `"`+colSubtle+`"`, "fontsize", "9")
		return
	}
	shape := "box"
	style := "filled"
	switch n.kind {
	case threatmodel.Process:
		shape, style = "box", "filled,rounded"
	case threatmodel.DataStore:
		shape = "cylinder"
	case 0: // a collapsed zone
		style = "filled,rounded"
	}
	if n.outOfScope {
		style += ",dashed"
	}
	fill, line, text, pen := "#ffffff", colInk, colInk, "1"
	if n.kind == 0 {
		fill, line = trustColours(n.trust)
		if n.blast {
			line, pen = colBlast, "3"
		}
	}
	if rf, _ := riskColours(n.risk); rf != "" {
		fill = rf
	}
	subColour := colSubtle
	switch n.em {
	case emphasised:
		line, pen = colEmphasis, "3"
		if n.risk == 0 {
			fill = colEmphFill
		}
	case faded:
		fill, line, text, subColour = colFadedFill, colFadedLine, colFadedText, colFadedText
	case peer:
		fill, line, text, subColour = colPeerFill, colPeerLine, colPeerText, colPeerText
		style += ",dashed"
	}
	label := htmlLines(titleLines(n.title, wrapTitle), "<B>", "</B>")
	var sub []string
	for _, s := range n.sub {
		sub = append(sub, wrap(s, wrapNode)...)
	}
	if len(sub) > 0 {
		label += `<BR/><FONT POINT-SIZE="8" COLOR="` + subColour + `">` + htmlLines(sub, "", "") + `</FONT>`
	}
	kv := []string{"label", html(label), "shape", shape}
	if style != "filled" {
		kv = append(kv, "style", `"`+style+`"`)
	}
	if fill != "#ffffff" {
		kv = append(kv, "fillcolor", `"`+fill+`"`)
	}
	if line != colInk {
		kv = append(kv, "color", `"`+line+`"`)
	}
	if pen != "1" {
		kv = append(kv, "penwidth", pen)
	}
	if text != colInk {
		kv = append(kv, "fontcolor", `"`+text+`"`)
	}
	kv = append(kv, "tooltip", escape.DOTQuote(orDefault(n.tooltip, n.title)))
	w.attrs(kv...)
}

func (w *dotWriter) edge(e *dgEdge, overview bool) {
	var label strings.Builder
	label.WriteString(htmlLines(titleLines(e.title, 28), "<B>", "</B>"))
	if e.details != "" {
		label.WriteString("<BR/>")
		label.WriteString(htmlLines(wrap(e.details, wrapDetail), "", ""))
	}
	if e.carries != "" {
		label.WriteString("<BR/>")
		label.WriteString(htmlLines(wrap(e.carries, wrapDetail), "<I>", "</I>"))
	}
	if r := e.reply; r != nil {
		label.WriteString("<BR/>← ")
		label.WriteString(htmlLines(titleLines(r.title, 28), "<B>", "</B>"))
		if r.details != "" {
			label.WriteString("<BR/>")
			label.WriteString(htmlLines(wrap(r.details, wrapDetail), "", ""))
		}
		if r.carries != "" {
			label.WriteString("<BR/>")
			label.WriteString(htmlLines(wrap(r.carries, wrapDetail), "<I>", "</I>"))
		}
	}
	colourful := e.em != faded
	if e.risk != 0 {
		_, rt := riskColours(e.risk)
		label.WriteString("<BR/>")
		if colourful {
			label.WriteString(`<FONT COLOR="` + rt + `">risk ` + escape.HTMLLabel(e.risk.String()) + `</FONT>`)
		} else {
			label.WriteString("risk " + escape.HTMLLabel(e.risk.String()))
		}
	}
	for _, warn := range e.warnings {
		label.WriteString("<BR/>")
		if colourful {
			label.WriteString(`<FONT COLOR="` + colWarning + `">⚠ ` + escape.HTMLLabel(warn) + `</FONT>`)
		} else {
			label.WriteString("⚠ " + escape.HTMLLabel(warn))
		}
	}
	colour, pen := "", 1.0
	if e.crossing {
		colour, pen = colCrossing, 2
	}
	if overview {
		pen = math.Min(1+math.Log2(float64(e.count)), 6)
	}
	fontcolor := ""
	switch e.em {
	case emphasised:
		colour, pen = colEmphasis, math.Max(pen, 3)
	case faded:
		colour, fontcolor = colFadedLine, colFadedText
	}
	w.s("\t", e.from, " -> ", e.to)
	kv := []string{"xlabel", html(label.String())}
	if colour != "" {
		kv = append(kv, "color", `"`+colour+`"`)
	}
	if pen != 1 {
		kv = append(kv, "penwidth", strconv.FormatFloat(pen, 'f', -1, 64))
	}
	if fontcolor != "" {
		kv = append(kv, "fontcolor", `"`+fontcolor+`"`)
	}
	if e.flagged() || e.step {
		kv = append(kv, "style", "dashed")
	}
	switch {
	case e.reply != nil:
		kv = append(kv, "dir", "both", "arrowtail", "empty")
	case e.response:
		kv = append(kv, "arrowhead", "empty")
	}
	kv = append(kv, "tooltip", escape.DOTQuote(e.tooltip))
	w.attrs(kv...)
}

// legend writes cluster_legend: the three shapes and a table of the marks.
func (w *dotWriter) legend(d *diagram) {
	w.s("\tsubgraph cluster_legend {\n")
	w.s("\t\tgraph")
	w.attrs("label", "<<B>Legend</B>>", "labeljust", "l", "style", `"rounded"`, "color", `"#b0bec5"`,
		"fillcolor", `"#ffffff"`, "penwidth", "1", "fontcolor", `"`+colInk+`"`, "tooltip", `"Legend"`)
	if d.overview {
		w.s("\t\tlegend_zone")
		w.attrs("label", `"Zone (collapsed)"`, "shape", "box", "style", `"filled,rounded"`, "fillcolor", `"#f5f5f5"`, "tooltip", `"A zone's own components, collapsed into one node"`)
	} else {
		w.s("\t\tlegend_entity")
		w.attrs("label", `"External entity"`, "shape", "box", "fontsize", "9", "height", "0.3", "tooltip", `"External entity"`)
		w.s("\t\tlegend_process")
		w.attrs("label", `"Process"`, "shape", "box", "style", `"filled,rounded"`, "fontsize", "9", "height", "0.3", "tooltip", `"Process"`)
		w.s("\t\tlegend_store")
		w.attrs("label", `"Data store"`, "shape", "cylinder", "fontsize", "9", "height", "0.4", "tooltip", `"Data store"`)
	}
	// The marks, in a table of two columns of swatch and text.
	type key struct{ sample, text string }
	var keys []key
	line := func(colour, sample, s string) {
		keys = append(keys, key{`<TD ALIGN="RIGHT"><FONT COLOR="` + colour + `">` + sample + `</FONT></TD>`, s})
	}
	swatch := func(fill, border, s string) {
		keys = append(keys, key{`<TD BGCOLOR="` + fill + `" COLOR="` + border + `" BORDER="1" WIDTH="22"> </TD>`, s})
	}
	line(colCrossing, "<B>——►</B>", "crosses a trust boundary")
	line(colEdge, "– – ►", `<FONT COLOR="`+colWarning+`">⚠</FONT> no authentication or no encryption`)
	line(colEdge, "——►", "stays inside one zone")
	if d.overview {
		line(colEdge, "<B>━━►</B>", "thicker: more flows")
	} else {
		line(colEdge, "◄——►", "request and response (← in the label)")
	}
	for _, tr := range []threatmodel.Trust{threatmodel.Untrusted, threatmodel.SemiTrusted, threatmodel.Trusted, threatmodel.HighlyTrusted} {
		f, b := trustColours(tr)
		swatch(f, b, tr.String()+" zone")
	}
	swatch("#ffffff", colBlast, "thick border: blast-radius boundary")
	if d.risk {
		for _, l := range riskLevels {
			f, _ := riskColours(l)
			swatch(f, colInk, "risk "+l.String())
		}
	}
	if d.highlight {
		swatch(colEmphFill, colEmphasis, "highlighted")
		swatch(colFadedFill, colFadedLine, "not highlighted")
	}
	if d.zoneView {
		swatch(colPeerFill, colPeerLine, "outside the zone, exchanges data with it")
	}
	var t strings.Builder
	t.WriteString(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">`)
	rows := (len(keys) + 1) / 2
	for r := 0; r < rows; r++ {
		t.WriteString("<TR>")
		for _, k := range []int{r, r + rows} {
			if k < len(keys) {
				t.WriteString(keys[k].sample + `<TD ALIGN="LEFT">` + keys[k].text + `</TD>`)
			}
		}
		t.WriteString("</TR>")
	}
	t.WriteString(`</TABLE>`)
	w.s("\t\tlegend_marks")
	w.attrs("label", html(t.String()), "shape", "plain", "style", `""`, "fontsize", "9", "tooltip", `"Marks"`)
	// Invisible edges lay the legend out as one row.
	// The shapes in a row, the marks under them.
	if d.overview {
		w.s("\t\tlegend_zone -> legend_marks")
	} else {
		w.s("\t\t{rank=same; legend_entity; legend_process; legend_store}\n")
		w.s("\t\tlegend_process -> legend_marks")
	}
	w.attrs("style", "invis")
	w.s("\t}\n")
}
