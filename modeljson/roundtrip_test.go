package modeljson_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/threatwright/threatwright/examples/agent/agent"
	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/modeljson"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

var examples = []struct {
	name  string
	model func() *tm.Model
}{
	{"serverless", serverless.Model},
	{"platform", platform.Model},
	{"agent", agent.Model},
}

// judged pins the date acceptances are judged at, so that views compare.
var judged = time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)

// view is what a report says about a model, in comparable values: the
// validation findings, the threats with their status and risks, the
// least-privilege findings and the attack paths.
type view struct {
	Findings     []string
	Threats      []string
	ReachFinding []string
	Paths        []string
	Coverage     []string
}

func docOf(t *testing.T, m *tm.Model) *render.Document {
	t.Helper()
	d, err := render.NewDocument(m, render.STRIDEOptions(stride.At(judged)))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func viewOf(t *testing.T, m *tm.Model) view {
	t.Helper()
	d := docOf(t, m)
	var v view
	for _, f := range d.Findings {
		v.Findings = append(v.Findings, string(f.Code)+" "+f.Path)
	}
	for _, f := range d.Threats.Findings {
		v.Findings = append(v.Findings, string(f.Code)+" "+f.Path)
	}
	for _, th := range d.Threats.Threats {
		v.Threats = append(v.Threats, th.ID+" "+th.Status.String()+" "+th.InherentRisk.String()+"→"+th.Risk.String())
	}
	for _, c := range d.Threats.Coverage {
		for _, cell := range c.Cells {
			v.Coverage = append(v.Coverage, c.Path+" "+cell.Category.Letter()+" "+cell.Status.String())
		}
	}
	for _, f := range d.Reach.Findings {
		v.ReachFinding = append(v.ReachFinding, string(f.Code)+" "+f.Path+" "+f.Message)
	}
	for _, p := range d.Reach.Paths {
		v.Paths = append(v.Paths, p.String())
	}
	return v
}

// TestRoundTrip encodes each example, decodes it, and compares what the
// two models' reports say; encoding the decoded model gives the same bytes.
func TestRoundTrip(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			orig := ex.model()
			data, err := modeljson.Marshal(orig)
			if err != nil {
				t.Fatal(err)
			}
			back, err := modeljson.Unmarshal(data, ex.name+".json")
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if diff := cmp.Diff(viewOf(t, orig), viewOf(t, back)); diff != "" {
				t.Errorf("the decoded model's report differs (-go +json):\n%s", diff)
			}
			again, err := modeljson.Marshal(back)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, again) {
				t.Errorf("encoding the decoded model changed it:\n%s", cmp.Diff(string(data), string(again)))
			}
		})
	}
}
