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
// order, a platform, a kind, permissions and a reference each, iam:PassRole
// (or actAs) and a trusting service exactly for the techniques that pass a
// role, a creation path for the Kubernetes ones that create a workload,
// every platform's techniques, and copies that do not share memory with
// the catalogue.
func TestTechniqueCatalogue(t *testing.T) {
	ts := reach.Techniques()
	if len(ts) < 60 {
		t.Errorf("%d techniques, want the catalogue's paths", len(ts))
	}
	count := map[reach.Platform]int{}
	for i, tc := range ts {
		count[tc.Platform]++
		if i > 0 && strings.Compare(ts[i-1].ID, tc.ID) >= 0 {
			t.Errorf("%s after %s: IDs not unique and sorted", tc.ID, ts[i-1].ID)
		}
		if tc.Platform == 0 || tc.Kind == 0 || tc.Name == "" || len(tc.Permissions) == 0 || len(tc.References) == 0 || tc.Preconditions == 0 {
			t.Errorf("%s incomplete: %+v", tc.ID, tc)
		}
		pass := slices.Contains(tc.Permissions, "iam:PassRole") || slices.Contains(tc.Permissions, "iam.serviceAccounts.actAs")
		want := tc.Preconditions == reach.PassableRole
		if tc.Platform == reach.GoogleCloud && tc.Kind == reach.ExistingPassRole {
			want = true // actAs on the service account the resource runs as
		}
		runs := tc.Preconditions == reach.PassableRole || tc.Preconditions == reach.InNamespace
		if pass != want || (tc.Service != "") != runs || runs && tc.Kind != reach.NewPassRole {
			t.Errorf("%s (%s): passes %v, service %q, preconditions %s", tc.ID, tc.Kind, pass, tc.Service, tc.Preconditions)
		}
		got, ok := reach.LookupTechnique(tc.ID)
		if !ok || got.ID != tc.ID || !slices.Equal(got.Permissions, tc.Permissions) {
			t.Errorf("LookupTechnique(%s) = %+v, %v", tc.ID, got, ok)
		}
	}
	if count[reach.AWS] != 67 || count[reach.Kubernetes] < 25 || count[reach.GoogleCloud] < 20 {
		t.Errorf("techniques by platform: %v, want pathfinding.cloud's 66 paths and one method of AWS, and the Kubernetes and Google Cloud ones", count)
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
	for _, p := range []reach.Platform{reach.AWS, reach.Kubernetes, reach.GoogleCloud} {
		b, err := p.MarshalText()
		var back reach.Platform
		if err != nil || back.UnmarshalText(b) != nil || back != p {
			t.Errorf("%s does not round-trip through %q: %v", p, b, err)
		}
	}
	if s := reach.Platform(7).String(); s != "Platform(7)" {
		t.Errorf("out of range platform = %q", s)
	}
	if s := (reach.PassableRole | reach.InNamespace).String(); !strings.Contains(s, "iam:PassRole") || !strings.Contains(s, "namespace") {
		t.Errorf("preconditions read %q", s)
	}
	if s := reach.TechniqueKind(9).String(); s != "TechniqueKind(9)" {
		t.Errorf("out of range kind = %q", s)
	}
}
