package render_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/examplecmd"
	"github.com/threatwright/threatwright/internal/golden"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// sarifOf renders a model's SARIF with the module's root as %SRCROOT%.
func sarifOf(t *testing.T, m *tm.Model) []byte {
	t.Helper()
	d, err := render.NewDocument(m, render.STRIDEOptions(stride.At(examplecmd.Reviewed)))
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := render.SARIF(&b, d, render.SARIFRoot(root)); err != nil {
		t.Fatal(err)
	}
	// The log must not name where the repository is checked out: the
	// goldens hold in any clone.
	if bytes.Contains(b.Bytes(), []byte(filepath.ToSlash(root))) {
		t.Fatalf("the SARIF log names the checkout %s", root)
	}
	return b.Bytes()
}

// TestSARIFGolden pins the SARIF of both examples.
func TestSARIFGolden(t *testing.T) {
	for name, m := range map[string]*tm.Model{"serverless": serverless.Model(), "platform": platform.Model()} {
		t.Run(name, func(t *testing.T) {
			got := sarifOf(t, m)
			checkSARIF(t, got)
			golden.Check(t, filepath.Join("testdata", name+".sarif"), got)
		})
	}
}

// TestSARIFResults: every threat of the report is one result, open ones
// unsuppressed at the level of their risk, mitigated and accepted ones
// suppressed with a justification; every finding is one result; results
// are located at their element's declaration, relative to the root.
func TestSARIFResults(t *testing.T) {
	m := serverless.Model()
	d, err := render.NewDocument(m, render.STRIDEOptions(stride.At(examplecmd.Reviewed)))
	if err != nil {
		t.Fatal(err)
	}
	log := decodeSARIF(t, sarifOf(t, m))
	byThreat := map[string]sarifResultView{}
	for _, r := range log.Runs[0].Results {
		if r.Properties.ThreatID != "" {
			byThreat[r.Properties.ThreatID] = r
		}
	}
	if len(byThreat) != len(d.Threats.Threats) {
		t.Errorf("%d threat results, want %d", len(byThreat), len(d.Threats.Threats))
	}
	for _, th := range d.Threats.Threats {
		r, ok := byThreat[th.ID]
		if !ok {
			t.Errorf("no result for %s", th.ID)
			continue
		}
		suppressed := len(r.Suppressions) > 0
		if suppressed != (th.Status != stride.Open) {
			t.Errorf("%s (%s): suppressed %v", th.ID, th.Status, suppressed)
		}
		if th.Status == stride.Open && r.Level != map[tm.Level]string{tm.High: "error", tm.Medium: "warning", tm.Low: "note"}[th.Risk] {
			t.Errorf("%s: open at risk %s has level %s", th.ID, th.Risk, r.Level)
		}
		if suppressed && strings.TrimSpace(r.Suppressions[0].Justification) == "" {
			t.Errorf("%s: suppressed without a justification", th.ID)
		}
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URI != "examples/serverless/serverless/model.go" || loc.Region.StartLine != th.Pos.Line {
			t.Errorf("%s: located at %s:%d, declared at %s", th.ID, loc.ArtifactLocation.URI, loc.Region.StartLine, th.Pos)
		}
	}
	var paths int
	for _, r := range log.Runs[0].Results {
		if r.RuleID == "TW-PATH" {
			paths++
			if len(r.CodeFlows) != 1 || len(r.CodeFlows[0].ThreadFlows[0].Locations) == 0 {
				t.Errorf("attack path result without its code flow: %s", r.Message.Text)
			}
		}
	}
	if paths == 0 {
		t.Error("no attack path result")
	}
}

// sarifModelA and sarifModelB declare the same system, B's declarations
// each a line lower.
func sarifModelA() *tm.Model {
	m := tm.New("Shop")
	inet := m.Zone("Internet", tm.Untrusted)
	app := m.Zone("App", tm.Trusted)
	user := m.ExternalEntity("User", inet)
	api := m.Process("API", app, tm.Accepts(tm.JSON))
	m.Flow(user, api, "Order", tm.Over(tm.HTTP, 80))
	return m
}

func sarifModelB() *tm.Model {
	m := tm.New("Shop")

	inet := m.Zone("Internet", tm.Untrusted)

	app := m.Zone("App", tm.Trusted)

	user := m.ExternalEntity("User", inet)

	api := m.Process("API", app, tm.Accepts(tm.JSON))

	m.Flow(user, api, "Order", tm.Over(tm.HTTP, 80))
	return m
}

// TestSARIFFingerprintsStable: declaring the same system on other lines
// moves every location and changes no fingerprint, and no two results
// share one.
func TestSARIFFingerprintsStable(t *testing.T) {
	a, b := decodeSARIF(t, sarifOf(t, sarifModelA())), decodeSARIF(t, sarifOf(t, sarifModelB()))
	ra, rb := a.Runs[0].Results, b.Runs[0].Results
	if len(ra) == 0 || len(ra) != len(rb) {
		t.Fatalf("%d and %d results", len(ra), len(rb))
	}
	seen := map[string]bool{}
	for i := range ra {
		fa, fb := ra[i].PartialFingerprints, rb[i].PartialFingerprints
		if fa["threatwright/v1"] != fb["threatwright/v1"] || fa["primaryLocationLineHash"] != fb["primaryLocationLineHash"] {
			t.Errorf("%s: fingerprints %v and %v", ra[i].Message.Text, fa, fb)
		}
		if la, lb := ra[i].Locations[0].PhysicalLocation, rb[i].Locations[0].PhysicalLocation; la != nil && lb != nil &&
			la.Region.StartLine == lb.Region.StartLine && ra[i].RuleID[:2] == "TW" {
			t.Errorf("%s: both at line %d", ra[i].Message.Text, la.Region.StartLine)
		}
		if seen[fa["threatwright/v1"]] {
			t.Errorf("%s: fingerprint shared with another result", ra[i].Message.Text)
		}
		seen[fa["threatwright/v1"]] = true
	}
}

// TestSARIFNilDocument: a nil document or model is ErrNilModel.
func TestSARIFNilDocument(t *testing.T) {
	for _, d := range []*render.Document{nil, {}} {
		if err := render.SARIF(&bytes.Buffer{}, d); err != render.ErrNilModel {
			t.Errorf("SARIF(%v) = %v, want ErrNilModel", d, err)
		}
	}
}

// The parts of a SARIF log the checks read.
type sarifLogView struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID               string `json:"id"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					Help struct {
						Text     string `json:"text"`
						Markdown string `json:"markdown"`
					} `json:"help"`
					Properties struct {
						Tags             []string `json:"tags"`
						SecuritySeverity string   `json:"security-severity"`
					} `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		AutomationDetails struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		Results []sarifResultView `json:"results"`
	} `json:"runs"`
}

type sarifLocationView struct {
	PhysicalLocation *struct {
		ArtifactLocation struct {
			URI       string `json:"uri"`
			URIBaseID string `json:"uriBaseId"`
		} `json:"artifactLocation"`
		Region *struct {
			StartLine int `json:"startLine"`
		} `json:"region"`
	} `json:"physicalLocation"`
}

type sarifResultView struct {
	RuleID    string `json:"ruleId"`
	RuleIndex *int   `json:"ruleIndex"`
	Level     string `json:"level"`
	Message   struct {
		Text string `json:"text"`
	} `json:"message"`
	Locations []sarifLocationView `json:"locations"`
	CodeFlows []struct {
		ThreadFlows []struct {
			Locations []struct {
				Location sarifLocationView `json:"location"`
			} `json:"locations"`
		} `json:"threadFlows"`
	} `json:"codeFlows"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Suppressions        []struct {
		Kind          string `json:"kind"`
		Status        string `json:"status"`
		Justification string `json:"justification"`
	} `json:"suppressions"`
	Properties struct {
		ThreatID string `json:"threatId"`
	} `json:"properties"`
}

func decodeSARIF(t *testing.T, b []byte) sarifLogView {
	t.Helper()
	var l sarifLogView
	if err := json.Unmarshal(b, &l); err != nil {
		t.Fatalf("the SARIF is not JSON: %v", err)
	}
	return l
}

var cweTag = regexp.MustCompile(`^external/cwe/cwe-[1-9][0-9]*$`)

// checkSARIF checks a log against the required properties of the SARIF
// 2.1.0 schema (sarifLog: version, runs; run: tool; toolComponent: name;
// reportingDescriptor: id; result: message with text; codeFlow:
// threadFlows; threadFlow: locations; suppression: kind from inSource and
// external) and GitHub code scanning's documented requirements: a
// location per result with a relative path under %SRCROOT% and a line from
// 1, a ruleId that names a rule of the run with a matching ruleIndex,
// partialFingerprints, a level of none, note, warning or error, a
// security-severity between 0.0 and 10.0, tags in the external/cwe/cwe-N
// form, at most 20 tags a rule, at most 25,000 results a run.
func checkSARIF(t *testing.T, b []byte) {
	t.Helper()
	l := decodeSARIF(t, b)
	if l.Version != "2.1.0" || !strings.Contains(l.Schema, "sarif-schema-2.1.0") || len(l.Runs) != 1 {
		t.Fatalf("version %q schema %q runs %d", l.Version, l.Schema, len(l.Runs))
	}
	run := l.Runs[0]
	if run.Tool.Driver.Name == "" || run.AutomationDetails.ID == "" {
		t.Errorf("driver name %q, automation id %q", run.Tool.Driver.Name, run.AutomationDetails.ID)
	}
	ids := map[string]int{}
	for i, r := range run.Tool.Driver.Rules {
		if r.ID == "" || r.ShortDescription.Text == "" || r.Help.Text == "" || r.Help.Markdown == "" {
			t.Errorf("rule %d (%q) lacks an id, a short description or help", i, r.ID)
		}
		if _, dup := ids[r.ID]; dup {
			t.Errorf("rule %s twice", r.ID)
		}
		ids[r.ID] = i
		if v, err := strconv.ParseFloat(r.Properties.SecuritySeverity, 64); err != nil || v < 0 || v > 10 {
			t.Errorf("rule %s: security-severity %q", r.ID, r.Properties.SecuritySeverity)
		}
		if len(r.Properties.Tags) > 20 {
			t.Errorf("rule %s: %d tags", r.ID, len(r.Properties.Tags))
		}
		for _, tag := range r.Properties.Tags {
			if strings.HasPrefix(tag, "external/cwe") && !cweTag.MatchString(tag) {
				t.Errorf("rule %s: tag %q", r.ID, tag)
			}
		}
	}
	if len(run.Results) > 25000 {
		t.Errorf("%d results", len(run.Results))
	}
	located := func(what string, loc sarifLocationView) {
		p := loc.PhysicalLocation
		if p == nil || p.Region == nil || p.Region.StartLine < 1 || p.ArtifactLocation.URIBaseID != "%SRCROOT%" ||
			p.ArtifactLocation.URI == "" || strings.HasPrefix(p.ArtifactLocation.URI, "/") || strings.Contains(p.ArtifactLocation.URI, "..") {
			t.Errorf("%s: location %+v", what, p)
		}
	}
	for i, r := range run.Results {
		what := r.RuleID + " #" + strconv.Itoa(i)
		if r.Message.Text == "" || r.RuleIndex == nil || ids[r.RuleID] != *r.RuleIndex {
			t.Errorf("%s: message %q, ruleIndex %v, rule at %d", what, r.Message.Text, r.RuleIndex, ids[r.RuleID])
		}
		switch r.Level {
		case "none", "note", "warning", "error":
		default:
			t.Errorf("%s: level %q", what, r.Level)
		}
		if len(r.Locations) == 0 {
			t.Errorf("%s: no location", what)
		} else {
			located(what, r.Locations[0])
		}
		if r.PartialFingerprints["threatwright/v1"] == "" || r.PartialFingerprints["primaryLocationLineHash"] == "" {
			t.Errorf("%s: fingerprints %v", what, r.PartialFingerprints)
		}
		for _, s := range r.Suppressions {
			if s.Kind != "external" && s.Kind != "inSource" || s.Status != "accepted" {
				t.Errorf("%s: suppression %+v", what, s)
			}
		}
		for _, cf := range r.CodeFlows {
			if len(cf.ThreadFlows) == 0 || len(cf.ThreadFlows[0].Locations) == 0 {
				t.Errorf("%s: empty code flow", what)
			}
		}
	}
}
