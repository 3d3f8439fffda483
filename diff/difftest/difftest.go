// Package difftest fails a test when a change to a threat model opens a
// threat at or above a chosen residual risk: the review gate of package
// diff, for go test.
//
//	func TestChangeOpensNothingSevere(t *testing.T) {
//		difftest.NoNewRisk(t, before, after, threatmodel.Medium)
//	}
package difftest

import (
	"bytes"
	"testing"

	"github.com/threatwright/threatwright/diff"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/threatmodel"
)

// NoNewRisk compares two documents (diff.Compare) and reports an error for
// each threat the change opens, or raises, to a residual risk at or above
// min, with the diff's Markdown; it returns the diff.
func NoNewRisk(t testing.TB, before, after *render.Document, min threatmodel.Level) *diff.Diff {
	t.Helper()
	d := diff.Compare(before, after)
	opened := d.Opened(min)
	for _, c := range opened {
		t.Errorf("%s threat %s: %s (%s)", c.Kind, c.ID, c.New.Title, c.Risk())
	}
	if len(opened) > 0 {
		var b bytes.Buffer
		if err := d.WriteMarkdown(&b); err == nil {
			t.Log("\n" + b.String())
		}
	}
	return d
}
