package render

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// The box diagram as it was first written, which copied every inner line
// into each box around it: the reference the linear drawing must match.

// refBoxDiagram draws the zones as nested boxes with their components inside,
// like the template's Trust Boundaries drawing. It is plain text for a code
// block: every name appears whole, control characters are replaced, and the
// layout depends only on declaration order.
func refBoxDiagram(m *tm.Model) string {
	var lines []string
	for _, z := range m.Zones() {
		if z.Parent() == nil {
			if len(lines) > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, refZoneBox(z)...)
		}
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(strings.TrimRight(l, " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// refZoneBox returns the lines of one zone's box.
func refZoneBox(z *tm.Zone) []string {
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
		inner = append(inner, refZoneBox(child)...)
	}
	return frame(title, inner, '═', '║', "╔", "╗", "╚", "╝")
}

// TestBoxDiagramMatchesReference checks that the drawing is byte for byte
// the reference's, for chains of nested zones and for random trees of zones
// with components of every kind, long names and blast-radius boundaries.
func TestBoxDiagramMatchesReference(t *testing.T) {
	models := []*tm.Model{tm.New("Empty")}
	for _, n := range []int{1, 2, 3, 17} {
		models = append(models, nestedZones(n))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 40 {
		m := tm.New("Random " + strconv.Itoa(i))
		var zones []*tm.Zone
		for j := range 1 + rng.IntN(12) {
			name := "Z" + strconv.Itoa(j) + strings.Repeat("x", rng.IntN(60)) + "`\n"[:rng.IntN(3)]
			var opts []tm.ZoneOption
			if len(zones) > 0 && rng.IntN(4) > 0 {
				opts = append(opts, tm.Inside(zones[rng.IntN(len(zones))]))
			}
			if rng.IntN(3) == 0 {
				opts = append(opts, tm.ContainsBlastRadius())
			}
			zones = append(zones, m.Zone(name, tm.Trusted, opts...))
		}
		for j := range rng.IntN(30) {
			z := zones[rng.IntN(len(zones))]
			name := "C" + strconv.Itoa(j) + strings.Repeat("é", rng.IntN(40))
			switch rng.IntN(3) {
			case 0:
				m.Process(name, z)
			case 1:
				m.DataStore(name, z)
			default:
				m.ExternalEntity(name, z)
			}
		}
		models = append(models, m)
	}
	for _, m := range models {
		if got, want := boxDiagram(m), refBoxDiagram(m); got != want {
			t.Errorf("%s: drawing differs from the reference:\n%s\nwant:\n%s", m.Name(), got, want)
		}
	}
}
