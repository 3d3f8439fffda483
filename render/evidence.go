package render

import (
	"bytes"
	"path/filepath"
	"strconv"

	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// evidenceText says why a mitigated threat is closed: each piece of
// evidence with where it is enforced and where it was declared, for example
// "Input validation (Strict input validation) at Lambda [model.go:265]",
// written to b, the pieces separated by semicolons.
func (w *mdWriter) evidenceText(b *bytes.Buffer, ev []stride.Evidence) {
	for i, e := range ev {
		if i > 0 {
			b.WriteString("; ")
		}
		switch {
		case e.Control != 0:
			b.WriteString(e.Control.String())
			if e.Mitigation != nil {
				b.WriteString(" (")
				b.WriteString(e.Mitigation.Name())
				b.WriteString(")")
			}
		case e.Mitigation != nil:
			b.WriteString(e.Mitigation.Name())
		default:
			b.WriteString(e.Property)
		}
		if e.EnforcedAt != nil {
			b.WriteString(" at ")
			b.WriteString(elementName(e.EnforcedAt))
		}
		if e.DeclaredAt.IsValid() {
			b.WriteString(" [")
			b.WriteString(w.pos(e.DeclaredAt))
			b.WriteString("]")
		}
		w.evidenceState(b, e)
	}
}

// pos writes a declaration site relative to the directory of the file that
// declares the model, so that the report reads the same on every machine:
// "model.go:112", or "../shared/controls.go:40".
// Each site is worked out once per report.
func (w *mdWriter) pos(p threatmodel.Pos) string {
	if !p.IsValid() {
		return "-"
	}
	if s, ok := w.positions[p]; ok {
		return s
	}
	if w.rootDir == nil {
		dir := ""
		if root := w.m.Pos().File; root != "" {
			dir = filepath.Dir(root)
		}
		w.rootDir = &dir
		w.positions = make(map[threatmodel.Pos]string)
	}
	file := filepath.ToSlash(p.File)
	if *w.rootDir != "" {
		if rel, err := filepath.Rel(*w.rootDir, p.File); err == nil {
			file = filepath.ToSlash(rel)
		}
	}
	s := file + ":" + strconv.Itoa(p.Line)
	w.positions[p] = s
	return s
}
