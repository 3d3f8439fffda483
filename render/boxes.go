package render

import (
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
	var lines []string
	for _, z := range m.Zones() {
		if z.Parent() == nil {
			if len(lines) > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, zoneBox(z)...)
		}
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(strings.TrimRight(l, " "))
		b.WriteByte('\n')
	}
	return b.String()
}

const maxRowWidth = 96

// zoneBox returns the lines of one zone's box.
func zoneBox(z *threatmodel.Zone) []string {
	title := "TRUST BOUNDARY: " + plain(z.Name()) + " (" + z.Trust().String() + ")"
	if z.ContainsBlastRadius() {
		title += " — blast-radius boundary"
	}
	var inner []string
	// Components, packed into rows of small boxes.
	var row [][]string
	rowWidth := 0
	flush := func() {
		if len(row) == 0 {
			return
		}
		inner = append(inner, joinColumns(row, 2)...)
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
	for _, child := range z.Children() {
		if len(inner) > 0 {
			inner = append(inner, "")
		}
		inner = append(inner, zoneBox(child)...)
	}
	return frame(title, inner, '═', '║', "╔", "╗", "╚", "╝")
}

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
	return strings.NewReplacer("\n", " ", "`", "′").Replace(escape.Clean(s))
}
