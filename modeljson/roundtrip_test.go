package modeljson_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/threatwright/threatwright/examples/agent/agent"
	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/modeljson"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// examples are the models the tests round-trip; those with golden set
// have their JSON checked in under testdata.
var examples = []struct {
	name   string
	model  func() *tm.Model
	golden bool
}{
	{"serverless", serverless.Model, true},
	{"platform", platform.Model, true},
	{"agent", agent.Model, true},
	{"features", features, true},
	{"synthetic", func() *tm.Model { return synth.Model(60) }, false},
}

// judged pins the date acceptances are judged at, so that views compare.
var judged = time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)

// view is what a report says about a model, in comparable values: the
// validation findings, the threats with their status and risks, the
// least-privilege findings and the attack paths.
type view struct {
	Markdown     []string
	Analysis     any
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
	var md, an bytes.Buffer
	if err := render.Markdown(&md, d); err != nil {
		t.Fatal(err)
	}
	// Findings are sorted by declaration site, and a JSON file declares
	// in another order than Go code: compare the lines as a set.
	v.Markdown = strings.Split(siteRE.ReplaceAllString(md.String(), "SITE"), "\n")
	slices.Sort(v.Markdown)
	if err := modeljson.EncodeAnalysis(&an, d); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(an.Bytes(), &v.Analysis); err != nil {
		t.Fatal(err)
	}
	dropSites(v.Analysis)
	findings := v.Analysis.(map[string]any)["findings"].([]any)
	slices.SortFunc(findings, func(a, b any) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
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
	slices.Sort(v.Findings)
	return v
}

// siteRE matches a declaration site in the Markdown, which differs between
// a Go model and its JSON.
var siteRE = regexp.MustCompile(`[\w./-]+\.(go|json):\d+`)

// dropSites removes declaration sites from decoded analysis JSON: a Go
// model's are in Go files, a decoded model's in the JSON file.
func dropSites(v any) {
	switch v := v.(type) {
	case map[string]any:
		delete(v, "at")
		delete(v, "declaredAt")
		for _, x := range v {
			dropSites(x)
		}
	case []any:
		for _, x := range v {
			dropSites(x)
		}
	}
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
