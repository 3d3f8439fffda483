package reach_test

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/internal/golden"
	"github.com/threatwright/threatwright/reach"
)

// TestTechniquesDocument fails when TECHNIQUES.md is not what
// WriteTechniques writes for the built-in catalogue; go test ./reach
// -update rewrites it.
func TestTechniquesDocument(t *testing.T) {
	var b bytes.Buffer
	if err := reach.WriteTechniques(&b, reach.Techniques()); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "TECHNIQUES.md", b.Bytes())
	if err := reach.WriteTechniques(failWriter{}, reach.Techniques()); err == nil {
		t.Errorf("WriteTechniques ignored a write error")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

// TestTechniqueCatalogue checks the catalogue's shape: unique IDs in
// order, a kind, permissions and a reference each, iam:PassRole and a
// trusting service exactly for the techniques that pass a role, and copies
// that do not share memory with the catalogue.
func TestTechniqueCatalogue(t *testing.T) {
	ts := reach.Techniques()
	if len(ts) < 60 {
		t.Errorf("%d techniques, want the catalogue's paths", len(ts))
	}
	for i, tc := range ts {
		if i > 0 && strings.Compare(ts[i-1].ID, tc.ID) >= 0 {
			t.Errorf("%s after %s: IDs not unique and sorted", tc.ID, ts[i-1].ID)
		}
		if tc.Kind == 0 || tc.Name == "" || len(tc.Permissions) == 0 || len(tc.References) == 0 || tc.Preconditions == 0 {
			t.Errorf("%s incomplete: %+v", tc.ID, tc)
		}
		pass := slices.Contains(tc.Permissions, "iam:PassRole")
		if want := tc.Preconditions == reach.PassableRole; pass != want || (tc.Service != "") != want ||
			want && tc.Kind != reach.NewPassRole {
			t.Errorf("%s (%s): iam:PassRole %v, service %q, preconditions %s", tc.ID, tc.Kind, pass, tc.Service, tc.Preconditions)
		}
		got, ok := reach.LookupTechnique(tc.ID)
		if !ok || got.ID != tc.ID || !slices.Equal(got.Permissions, tc.Permissions) {
			t.Errorf("LookupTechnique(%s) = %+v, %v", tc.ID, got, ok)
		}
	}
	ts[0].Permissions[0] = "changed"
	if again := reach.Techniques(); again[0].Permissions[0] == "changed" {
		t.Errorf("Techniques shares memory with the catalogue")
	}
	if _, ok := reach.LookupTechnique("nope-001"); ok {
		t.Errorf("LookupTechnique found an unknown ID")
	}
	for _, k := range []reach.TechniqueKind{reach.SelfEscalation, reach.PrincipalAccess, reach.NewPassRole, reach.ExistingPassRole} {
		b, err := k.MarshalText()
		var back reach.TechniqueKind
		if err != nil || back.UnmarshalText(b) != nil || back != k {
			t.Errorf("%s does not round-trip through %q: %v", k, b, err)
		}
	}
	if s := reach.TechniqueKind(9).String(); s != "TechniqueKind(9)" {
		t.Errorf("out of range kind = %q", s)
	}
}
