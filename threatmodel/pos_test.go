package threatmodel_test

import (
	"runtime"
	"testing"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// line returns the line it is called from.
func line() int {
	_, _, l, _ := runtime.Caller(1)
	return l
}

// zoneAt declares a zone from a helper: the site is the helper's line.
func zoneAt(m *tm.Model, name string) (*tm.Zone, int) { return m.Zone(name, tm.Trusted), line() }

// TestDeclarationSites: every declaration records the line of the user's
// call, the same site again and again (in a loop, from a helper called
// from several lines), through a method value and a closure, for
// declarations that are one call deep and two.
func TestDeclarationSites(t *testing.T) {
	m := tm.New("Sites")
	type decl struct {
		el   interface{ Pos() tm.Pos }
		line int
	}
	var got []decl
	z, l := zoneAt(m, "Z0")
	got = append(got, decl{z, l})
	z1, l := zoneAt(m, "Z1")
	got = append(got, decl{z1, l})
	for i := range 3 {
		c := m.Process("P"+string(rune('a'+i)), z)
		got = append(got, decl{c, line() - 1})
		f := m.Flow(c, c, "self")
		got = append(got, decl{f, line() - 1})
	}
	process := m.Process // a method value: a wrapper stands between
	got = append(got, decl{process("Q", z), line()})
	declare := func(name string) *tm.Component { return m.DataStore(name, z1) }
	got = append(got, decl{declare("S"), line() - 1})
	got = append(got, decl{declare("T"), line() - 2})
	_, file, _, _ := runtime.Caller(0)
	for i, d := range got {
		if want := (tm.Pos{File: file, Line: d.line}); d.el.Pos() != want {
			t.Errorf("declaration %d: Pos() = %v, want %v", i, d.el.Pos(), want)
		}
	}
}
