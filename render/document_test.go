package render_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/threatwright/threatwright/examples/agent/agent"
	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// pathLines summarises attack paths: asset, rank, likelihood and each
// step's ends, flow and weakness.
func pathLines(ps []reach.AttackPath) []string {
	name := func(el tm.Element) string {
		if el == nil {
			return "-"
		}
		return el.Path()
	}
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s #%d %v", p.Asset.Name(), p.Rank, p.Likelihood))
		for _, s := range p.Steps {
			var flow tm.Element
			if s.Flow != nil {
				flow = s.Flow
			}
			out = append(out, fmt.Sprintf("  %s → %s via %s: %v %v", name(s.From), name(s.To), name(flow), s.Weakness, s.Threats))
		}
	}
	return out
}

// TestBridgeMatchesDocument runs the pipeline as the README shows it,
// stride.Analyze then reach.Analyze with reach.WithThreats, and checks that
// NewDocument, which renders the report, finds the same attack paths.
func TestBridgeMatchesDocument(t *testing.T) {
	for _, ex := range []struct {
		name  string
		model func() *tm.Model
	}{{"serverless", serverless.Model}, {"platform", platform.Model}, {"agent", agent.Model}} {
		t.Run(ex.name, func(t *testing.T) {
			m := ex.model()
			rep, err := stride.Analyze(m)
			if err != nil {
				t.Fatal(err)
			}
			res, err := reach.Analyze(m, reach.WithThreats(rep))
			if err != nil {
				t.Fatal(err)
			}
			d, err := render.NewDocument(m)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Paths) == 0 {
				t.Fatal("the example has no attack path: the comparison proves nothing")
			}
			if diff := cmp.Diff(pathLines(res.Paths), pathLines(d.Reach.Paths)); diff != "" {
				t.Errorf("attack paths of the README's pipeline and of NewDocument differ (-pipeline +document):\n%s", diff)
			}
			// Without the bridge, the paths are not the report's where
			// open threats open steps (the platform; the serverless
			// example's threats are closed, so there it changes nothing).
			if ex.name != "platform" {
				return
			}
			bare, err := reach.Analyze(m)
			if err != nil {
				t.Fatal(err)
			}
			if cmp.Equal(pathLines(bare.Paths), pathLines(d.Reach.Paths)) {
				t.Error("reach without the STRIDE report finds the same paths: the bridge changes nothing on this model")
			}
		})
	}
}

// TestDocumentOptions passes an option to each stage NewDocument runs.
func TestDocumentOptions(t *testing.T) {
	m := serverless.Model()
	d, err := render.NewDocument(m, render.ReachOptions(reach.WithPathsPerAsset(1)))
	if err != nil {
		t.Fatal(err)
	}
	// One path per asset from each kind of attacker: outside, an insider,
	// the supply chain.
	for _, p := range d.Reach.Paths {
		if p.Rank > 3 {
			t.Errorf("path %d to %s with WithPathsPerAsset(1)", p.Rank, p.Asset.Name())
		}
	}
	if _, err := render.NewDocument(m, render.ReachOptions(reach.WithPathsPerAsset(0))); err == nil {
		t.Error("an invalid reach option should fail NewDocument")
	}
	if _, err := render.NewDocument(m, render.STRIDEOptions(stride.WithoutRules("NO-SUCH-RULE"))); err == nil {
		t.Error("an invalid STRIDE option should fail NewDocument")
	}
}

// TestNewDocumentContextCancelled: a cancelled context stops the analyses
// NewDocumentContext runs.
func TestNewDocumentContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := render.NewDocumentContext(ctx, serverless.Model()); !errors.Is(err, context.Canceled) {
		t.Errorf("NewDocumentContext(cancelled) = %v, want context.Canceled", err)
	}
}

// TestProgress: NewDocument reports its three stages in order, and the
// document is the one it builds without the option.
func TestProgress(t *testing.T) {
	var stages []string
	d, err := render.NewDocument(serverless.Model(), render.Progress(func(stage string, took time.Duration) {
		if took < 0 {
			t.Errorf("%s took %s", stage, took)
		}
		stages = append(stages, stage)
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(stages, " "); got != "validate stride reach" {
		t.Errorf("stages %q", got)
	}
	if d.Threats == nil || d.Reach == nil || len(d.Threats.Threats) == 0 {
		t.Error("the document lacks its analyses")
	}
}
