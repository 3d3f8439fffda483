package diff_test

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/threatwright/threatwright/diff"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/examplecmd"
	"github.com/threatwright/threatwright/internal/golden"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

func document(t testing.TB, m *tm.Model) *render.Document {
	t.Helper()
	d, err := render.NewDocument(m, render.STRIDEOptions(stride.At(examplecmd.Reviewed)))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// widened is the serverless system after a change a reviewer should catch:
// the logging role gets "*" on everything, and a debug function reached
// from the internet without authentication reads the users table.
func widened() *tm.Model {
	m := serverless.Model()
	m.RoleNamed("API Gateway logging role").Allow(tm.AnyResource(), "*")
	var user, table *tm.Component
	for _, c := range m.Components() {
		switch c.Name() {
		case "User":
			user = c
		case "DynamoDB":
			table = c
		}
	}
	debug := m.Process("Debug function", m.ZoneNamed("Lambda compute"), tm.Is(tm.Function), tm.Accepts(tm.JSON))
	m.Flow(user, debug, "Debug call", tm.Over(tm.HTTPS, 443))
	m.Flow(debug, table, "Dump users", tm.Over(tm.HTTPS, 443), tm.AuthN(tm.IAMSignature))
	return m
}

// TestCompareSameModel: a model compared with itself differs in nothing.
func TestCompareSameModel(t *testing.T) {
	d := diff.Compare(document(t, serverless.Model()), document(t, serverless.Model()))
	if !d.Empty() {
		t.Errorf("the same model differs: %+v", d)
	}
	var b bytes.Buffer
	if err := d.WriteMarkdown(&b); err != nil || !strings.Contains(b.String(), "No change") {
		t.Errorf("Markdown %q, %v", b.String(), err)
	}
}

// TestCompareWidened: the change adds the debug function and its flows,
// changes the logging role, opens the unauthenticated-caller threat on the
// debug call, lets the logging role reach the users table, and adds attack
// paths; undoing it closes what it opened.
func TestCompareWidened(t *testing.T) {
	before, after := document(t, serverless.Model()), document(t, widened())
	d := diff.Compare(before, after)

	var added, changed []string
	for _, e := range d.Elements {
		switch e.Change {
		case diff.Added:
			added = append(added, e.Path)
		case diff.Changed:
			changed = append(changed, e.Path)
		}
	}
	wantAdded := []string{`components["Debug function"]`, `flows["Debug function → DynamoDB: Dump users"]`, `flows["User → Debug function: Debug call"]`}
	if diff := cmp.Diff(wantAdded, added); diff != "" {
		t.Errorf("added elements (-want +got):\n%s", diff)
	}
	if !slices.Contains(changed, `roles["API Gateway logging role"]`) {
		t.Errorf("changed elements %v lack the logging role", changed)
	}

	opened := d.Opened(tm.Low)
	var ids []string
	for _, c := range opened {
		ids = append(ids, c.ID)
	}
	for _, want := range []string{"TW-S-001@User → Debug function: Debug call", "TW-E-001@API Gateway (API Gateway logging role)"} {
		if !slices.Contains(ids, want) {
			t.Errorf("opened threats %v lack %s", ids, want)
		}
	}
	for i := 1; i < len(opened); i++ {
		if opened[i-1].Risk() < opened[i].Risk() {
			t.Errorf("opened threats not most severe first: %v", ids)
			break
		}
	}

	gained := false
	for _, r := range d.Reach {
		if r.Subject == `roles["API Gateway logging role"]` && r.Element == `assets["User data in DynamoDB"]` && r.Gained&tm.Read != 0 {
			gained = true
		}
	}
	if !gained {
		t.Errorf("no new reach of the logging role to the user data: %+v", d.Reach)
	}
	if !slices.ContainsFunc(d.Paths, func(p diff.PathChange) bool { return p.Change == diff.Added }) {
		t.Errorf("no attack path added: %+v", d.Paths)
	}

	back := diff.Compare(after, before)
	for _, c := range opened {
		if !slices.ContainsFunc(back.Threats, func(b diff.ThreatChange) bool { return b.ID == c.ID && b.Kind == diff.Closed }) {
			t.Errorf("undoing the change does not close %s", c.ID)
		}
	}
	if len(back.Reach) != 0 {
		t.Errorf("undoing the change adds reach: %+v", back.Reach)
	}
}

// TestWriteMarkdownGolden pins the pull-request comment of the widening
// change.
func TestWriteMarkdownGolden(t *testing.T) {
	d := diff.Compare(document(t, serverless.Model()), document(t, widened()))
	var b bytes.Buffer
	if err := d.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "widened.md"), b.Bytes())
}

// TestCompareNil: nil documents are empty versions.
func TestCompareNil(t *testing.T) {
	if d := diff.Compare(nil, nil); !d.Empty() {
		t.Errorf("nil and nil differ: %+v", d)
	}
	d := diff.Compare(nil, document(t, serverless.Model()))
	if len(d.Elements) == 0 || d.Elements[0].Change != diff.Added {
		t.Errorf("everything should be added: %d changes", len(d.Elements))
	}
}
