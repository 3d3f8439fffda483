package threatmodel_test

import (
	"strings"
	"testing"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestDeclareAt shows a decoder's positions reaching elements, statements
// and findings, and the zero Pos giving the caller's site back.
func TestDeclareAt(t *testing.T) {
	file := func(line int) tm.Pos { return tm.Pos{File: "model.json", Line: line} }
	m := tm.New("m", tm.DeclaredAt(file(1)))
	if got := m.Pos(); got != file(1) {
		t.Errorf("model at %v, want %v", got, file(1))
	}
	m.DeclareAt(file(5))
	z := m.Zone("Z", tm.Trusted)
	m.DeclareAt(file(9))
	r := m.Role("R")
	m.DeclareAt(file(12))
	p := r.Allow(tm.AnyResource(), "")
	m.DeclareAt(tm.Pos{})
	c := m.Process("P", z)
	if z.Pos() != file(5) || r.Pos() != file(9) || p.Pos() != file(12) {
		t.Errorf("positions %v %v %v, want lines 5, 9, 12", z.Pos(), r.Pos(), p.Pos())
	}
	q := r.Allow(c, "lambda:InvokeFunction")
	for _, p := range []tm.Pos{c.Pos(), q.Pos()} {
		if !strings.HasSuffix(p.File, "decode_test.go") {
			t.Errorf("after DeclareAt(Pos{}) a declaration is at %v, want this file", p)
		}
	}
	var found bool
	for _, f := range m.Findings() {
		if f.Code == tm.CodeEmptyName && f.Pos == file(12) {
			found = true
		}
	}
	if !found {
		t.Errorf("no empty-action finding at model.json:12 in %v", m.Findings())
	}
}
