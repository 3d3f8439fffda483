package render

import (
	"strings"
	"testing"

	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestWorstAt checks the order in which the gate answer picks the worst
// threat at a boundary, whatever the order of the threats: an open one
// first, then the highest risk, then accepted before mitigated, then the
// higher impact, then the more damaging category.
func TestWorstAt(t *testing.T) {
	th := func(id string, s stride.Status, r tm.Level) stride.Threat {
		return stride.Threat{ID: id, Title: id, Status: s, Risk: r}
	}
	rated := func(id string, impact tm.Level, c stride.Category) stride.Threat {
		return stride.Threat{ID: id, Title: id, Status: stride.Mitigated, Risk: tm.High, Impact: impact, Category: c}
	}
	for _, c := range []struct {
		threats []stride.Threat
		want    string
	}{
		{[]stride.Threat{th("mitigated-low", stride.Mitigated, tm.Low), th("accepted-high", stride.Accepted, tm.High)}, "accepted-high"},
		{[]stride.Threat{th("accepted-high", stride.Accepted, tm.High), th("mitigated-high", stride.Mitigated, tm.High)}, "accepted-high"},
		{[]stride.Threat{th("mitigated-high", stride.Mitigated, tm.High), th("accepted-medium", stride.Accepted, tm.Medium)}, "mitigated-high"},
		{[]stride.Threat{th("accepted-high", stride.Accepted, tm.High), th("open-low", stride.Open, tm.Low)}, "open-low"},
		{[]stride.Threat{th("open-low", stride.Open, tm.Low), th("open-medium", stride.Open, tm.Medium)}, "open-medium"},
		{[]stride.Threat{rated("spoofing-medium", tm.Medium, stride.Spoofing), rated("dos-high", tm.High, stride.DenialOfService)}, "dos-high"},
		{[]stride.Threat{rated("disclosure", tm.High, stride.InformationDisclosure), rated("spoofing", tm.High, stride.Spoofing)}, "spoofing"},
		{[]stride.Threat{rated("elevation", tm.High, stride.ElevationOfPrivilege), rated("tampering", tm.High, stride.Tampering)}, "elevation"},
		{[]stride.Threat{rated("repudiation", tm.High, stride.Repudiation), rated("dos", tm.High, stride.DenialOfService)}, "dos"},
	} {
		for _, ts := range [][]stride.Threat{c.threats, {c.threats[1], c.threats[0]}} {
			w := &mdWriter{m: tm.New("Gate")}
			if got := w.worstAt(&crossingGroup{threats: []*stride.Threat{&ts[0], &ts[1]}}); !strings.HasPrefix(got, c.want+" ") {
				t.Errorf("worstAt(%s, %s) = %q, want %s", ts[0].ID, ts[1].ID, got, c.want)
			}
		}
	}
}

// TestOpenRiskKeepsFlowsAndComponentsApart names a component like a flow's
// key: the open risk of the flow must not colour the component.
func TestOpenRiskKeepsFlowsAndComponentsApart(t *testing.T) {
	m := tm.New("Clash")
	z := m.Zone("Z", tm.Trusted)
	a := m.Process("A", z)
	b := m.Process("B", z)
	f := m.Flow(a, b, "c")
	look := m.Process(f.Key(), z)
	d := &Document{Model: m, Threats: &stride.Report{Threats: []stride.Threat{
		{ID: "X@flow", Subject: f, Flow: f, Involved: []tm.Element{f}, Status: stride.Open, Risk: tm.High},
	}}}
	if got := d.OpenRisk(f); got != tm.High {
		t.Errorf("OpenRisk(flow) = %v, want High", got)
	}
	if got := d.OpenRisk(look); got != 0 {
		t.Errorf("OpenRisk(component named like the flow) = %v, want none", got)
	}
}
