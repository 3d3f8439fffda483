package synth_test

import (
	"testing"

	"github.com/threatwright/threatwright/internal/synth"
)

func TestModelIsComplete(t *testing.T) {
	for _, n := range []int{synth.MinComponents, 10, 13, 100, 1000} {
		m := synth.Model(n)
		if err := m.Validate(); err != nil {
			t.Errorf("Model(%d).Validate() = %v, want nil", n, err)
		}
		if fs := m.Findings(); len(fs) != 0 {
			t.Errorf("Model(%d) has %d findings, want none; first: %v", n, len(fs), fs[0])
		}
		if got := len(m.Components()); got != n {
			t.Errorf("Model(%d) has %d components", n, got)
		}
	}
}

func TestModelShape(t *testing.T) {
	m := synth.Model(1000)
	flows, crossing := len(m.Flows()), 0
	for _, f := range m.Flows() {
		if f.CrossesBoundary() {
			crossing++
		}
	}
	comps := len(m.Components())
	if flows < 2*comps || flows > 3*comps {
		t.Errorf("%d flows for %d components, want two to three per component", flows, comps)
	}
	if crossing < flows/2 {
		t.Errorf("%d of %d flows cross a boundary, want most", crossing, flows)
	}
	depth := 0
	for _, z := range m.Zones() {
		depth = max(depth, z.Depth())
	}
	if depth != 2 {
		t.Errorf("zones nest %d deep, want account > VPC > subnet", depth)
	}
	for what, n := range map[string]int{
		"assets": len(m.Assets()), "roles": len(m.Roles()), "secrets": len(m.Secrets()),
		"dependencies": len(m.Dependencies()), "threats": len(m.Threats()),
		"mitigations": len(m.Mitigations()), "acceptances": len(m.Acceptances()),
	} {
		if n == 0 {
			t.Errorf("the model has no %s", what)
		}
	}
}

func TestModelSmallAndDeterministic(t *testing.T) {
	if got := len(synth.Model(0).Components()); got != synth.MinComponents {
		t.Errorf("Model(0) has %d components, want %d", got, synth.MinComponents)
	}
	a, b := synth.Model(50), synth.Model(50)
	if len(a.Flows()) != len(b.Flows()) {
		t.Fatal("two models of the same size differ in flows")
	}
	for i, f := range a.Flows() {
		if f.Key() != b.Flows()[i].Key() {
			t.Errorf("flow %d: %q and %q", i, f.Key(), b.Flows()[i].Key())
		}
	}
}
