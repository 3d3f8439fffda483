package render

import (
	"bufio"
	"strings"
	"unicode/utf8"

	"github.com/threatwright/threatwright/internal/escape"
	"github.com/threatwright/threatwright/threatmodel"
)

// boxDiagram draws the zones as nested boxes with their components inside,
// like the template's Trust Boundaries drawing. It is plain text for a code
// block: every name appears whole, control characters are replaced, and the
// layout depends only on declaration order.
func boxDiagram(m *threatmodel.Model) string {
	var b strings.Builder
	w := bufio.NewWriter(&b)
	writeBoxDiagram(w, m)
	w.Flush() // a strings.Builder does not fail
	return b.String()
}

// writeBoxDiagram writes boxDiagram(m) to w, a line at a time. It first
// measures every zone's box, innermost first, then writes each line once,
// with the borders of the zones around it, so the work is linear in the
// size of the drawing: for a chain of nested zones, the number of zones
// times their depth.
func writeBoxDiagram(w *bufio.Writer, m *threatmodel.Model) {
	first := true
	var out boxWriter
	out.w = w
	for _, z := range m.Zones() {
		if z.Parent() == nil {
			if !first {
				w.WriteByte('\n')
			}
			first = false
			out.zone(layoutZone(z))
		}
	}
}

// zoneLayout is one zone's box, measured: its title, the lines of its
// components' boxes, its children's boxes, and w, the width inside its
// vertical borders (the whole box is w+2 wide).
type zoneLayout struct {
	title    string
	rows     []string
	children []*zoneLayout
	w        int
}

// layoutZone measures a zone's box and those inside it.
func layoutZone(z *threatmodel.Zone) *zoneLayout {
	l := &zoneLayout{title: "TRUST BOUNDARY: " + plain(z.Name()) + " (" + z.Trust().String() + ")"}
	if z.ContainsBlastRadius() {
		l.title += " — blast-radius boundary"
	}
	// Components, packed into rows of small boxes.
	var row [][]string
	rowWidth := 0
	flush := func() {
		if len(row) == 0 {
			return
		}
		l.rows = append(l.rows, joinColumns(row, 2)...)
		row, rowWidth = nil, 0
	}
	for _, c := range z.Components() {
		box := componentBox(c)
		w := width(box[0])
		if rowWidth > 0 && rowWidth+2+w > maxRowWidth {
			flush()
		}
		row = append(row, box)
		rowWidth += w + 2
	}
	flush()
	w := width(l.title) + 2
	for _, r := range l.rows {
		w = max(w, width(r))
	}
	for _, child := range z.Children() {
		c := layoutZone(child)
		l.children = append(l.children, c)
		w = max(w, c.w+2)
	}
	l.w = w + 2 // one space of padding on each side
	return l
}

// boxWriter writes zone boxes with the borders of the zones around them:
// depth of them on the left, and on the right, from the innermost out, the
// padding to each one's width and its border.
type boxWriter struct {
	w     *bufio.Writer
	depth int
	pads  []int
}

// line writes one line of the innermost box, the parts of s, between the
// borders of the zones around it.
func (b *boxWriter) line(s ...string) {
	b.begin()
	for _, p := range s {
		b.w.WriteString(p)
	}
	b.end()
}

// begin writes the left borders of the zones around the current line.
func (b *boxWriter) begin() {
	for range b.depth {
		b.w.WriteString("║ ")
	}
}

// end writes the padding and right borders of the zones around the current
// line, and the line break.
func (b *boxWriter) end() {
	for i := len(b.pads) - 1; i >= 0; i-- {
		repeat(b.w, spaces, b.pads[i])
		b.w.WriteString(" ║")
	}
	b.w.WriteByte('\n')
}

// zone writes a zone's box: the same lines as frame(title, inner, '═', '║',
// "╔", "╗", "╚", "╝"), where inner is the component rows, then the children's
// boxes, separated by empty lines.
func (b *boxWriter) zone(l *zoneLayout) {
	w := l.w
	top := 2 + width(l.title) + 2 // "╔═ title "
	b.begin()
	b.w.WriteString("╔═ ")
	b.w.WriteString(l.title)
	b.w.WriteString(" ")
	repeat(b.w, doubles, w-top+1)
	b.w.WriteString("╗")
	b.end()
	b.depth++
	b.pads = append(b.pads, 0)
	n := 0
	for _, r := range l.rows {
		b.pads[len(b.pads)-1] = w - 2 - width(r)
		b.line(r)
		n++
	}
	for _, c := range l.children {
		if n > 0 {
			b.pads[len(b.pads)-1] = w - 2
			b.line()
		}
		n++
		b.pads[len(b.pads)-1] = w - 2 - (c.w + 2)
		b.zone(c)
	}
	b.pads = b.pads[:len(b.pads)-1]
	b.depth--
	if n == 0 {
		b.begin()
		b.w.WriteString("║")
		repeat(b.w, spaces, w)
		b.w.WriteString("║")
		b.end()
	}
	b.begin()
	b.w.WriteString("╚")
	repeat(b.w, doubles, w)
	b.w.WriteString("╝")
	b.end()
}

// Runs of 64 of the characters repeat writes.
var (
	spaces  = strings.Repeat(" ", 64)
	doubles = strings.Repeat("═", 64)
)

// repeat writes n copies of the character that chunk is a run of.
func repeat(w *bufio.Writer, chunk string, n int) {
	unit := len(chunk) / 64
	for n > 64 {
		w.WriteString(chunk)
		n -= 64
	}
	if n > 0 {
		w.WriteString(chunk[:n*unit])
	}
}

const maxRowWidth = 96

func componentBox(c *threatmodel.Component) []string {
	label := plain(c.Name())
	switch c.Kind() {
	case threatmodel.DataStore:
		return frame("", []string{label}, '─', '│', "╭", "╮", "╰", "╯")
	case threatmodel.ExternalEntity:
		return frame("", []string{label}, '─', '│', "┌", "┐", "└", "┘")
	default:
		return frame("", []string{"(" + label + ")"}, '─', '│', "┌", "┐", "└", "┘")
	}
}

// frame draws a box around lines, with an optional title in the top border.
func frame(title string, lines []string, h, v rune, tl, tr, bl, br string) []string {
	w := width(title) + 2
	for _, l := range lines {
		w = max(w, width(l))
	}
	w += 2 // one space of padding on each side
	top := tl + string(h)
	if title != "" {
		top += " " + title + " "
	}
	top += strings.Repeat(string(h), w-utf8.RuneCountInString(top)+1) + tr
	out := []string{top}
	for _, l := range lines {
		out = append(out, string(v)+" "+l+strings.Repeat(" ", w-2-width(l))+" "+string(v))
	}
	if len(lines) == 0 {
		out = append(out, string(v)+strings.Repeat(" ", w)+string(v))
	}
	return append(out, bl+strings.Repeat(string(h), w)+br)
}

// joinColumns puts boxes side by side, top-aligned, gap spaces apart.
func joinColumns(boxes [][]string, gap int) []string {
	height := 0
	for _, b := range boxes {
		height = max(height, len(b))
	}
	out := make([]string, height)
	for i := range out {
		var sb strings.Builder
		for j, b := range boxes {
			if j > 0 {
				sb.WriteString(strings.Repeat(" ", gap))
			}
			w := width(b[0])
			if i < len(b) {
				sb.WriteString(b[i])
				sb.WriteString(strings.Repeat(" ", w-width(b[i])))
			} else {
				sb.WriteString(strings.Repeat(" ", w))
			}
		}
		out[i] = sb.String()
	}
	return out
}

func width(s string) int { return utf8.RuneCountInString(s) }

// plain makes a name safe for a plain-text drawing: escape.Clean, then line
// breaks become spaces and backticks, which could end the code block, become
// primes.
func plain(s string) string {
	return plainReplacer.Replace(escape.Clean(s))
}

var plainReplacer = strings.NewReplacer("\n", " ", "`", "′")
