package serverless

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// reviewed is the date the sensitivity tests judge acceptances at.
var reviewed = time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)

// outcome is everything the pipeline says of one model.
type outcome struct {
	threats  map[string]stride.Status
	findings []string // "CODE path"
	reach    []string // "CODE path" of the least-privilege findings
	entries  map[string]string
	open     int
	md, dot  []byte
}

func run(t *testing.T, m *tm.Model) outcome {
	t.Helper()
	d, err := render.NewDocument(m, render.STRIDEOptions(stride.At(reviewed)))
	if err != nil {
		t.Fatal(err)
	}
	o := outcome{threats: map[string]stride.Status{}, entries: map[string]string{}}
	for _, th := range d.Threats.Threats {
		o.threats[th.ID] = th.Status
		if th.Status == stride.Open {
			o.open++
		}
	}
	for _, f := range d.Threats.Findings {
		o.findings = append(o.findings, string(f.Code)+" "+f.Path)
	}
	for _, f := range d.Reach.Findings {
		o.reach = append(o.reach, string(f.Code)+" "+f.Path)
	}
	for _, p := range d.Reach.Paths {
		if e := p.Entry(); e != nil && p.Rank == 1 {
			o.entries[p.Asset.Name()] = e.Key() + " (" + p.Likelihood.String() + ")"
		}
	}
	var md, dot bytes.Buffer
	if err := render.Markdown(&md, d); err != nil {
		t.Fatal(err)
	}
	if err := render.DOT(&dot, m, render.ColorByRisk(d.OpenRisk)); err != nil {
		t.Fatal(err)
	}
	o.md, o.dot = md.Bytes(), dot.Bytes()
	return o
}

// diff lists what changed between two outcomes: threats whose status
// changed, findings added, least-privilege findings added, entries moved.
func diff(a, b outcome) []string {
	var out []string
	for id, s := range b.threats {
		if a.threats[id] != s {
			out = append(out, fmt.Sprintf("threat %s: %v → %v", id, a.threats[id], s))
		}
	}
	for _, f := range b.findings {
		if !slices.Contains(a.findings, f) {
			out = append(out, "finding "+f)
		}
	}
	for _, f := range b.reach {
		if !slices.Contains(a.reach, f) {
			out = append(out, "reach "+f)
		}
	}
	for asset, e := range b.entries {
		if a.entries[asset] != e {
			out = append(out, "path to "+asset+": "+a.entries[asset]+" → "+e)
		}
	}
	slices.Sort(out)
	return out
}

// role returns the model's role with the given name.
func role(m *tm.Model, name string) *tm.Role {
	for _, r := range m.Roles() {
		if r.Name() == name {
			return r
		}
	}
	return nil
}

// TestSensitivity applies one change at a time to the serverless system and
// checks that the report moves where a reviewer expects, and that the
// system as it is gives the same bytes again (the change reversed).
func TestSensitivity(t *testing.T) {
	base := run(t, Model())
	cases := []struct {
		name  string
		model func() *tm.Model
		// want lists lines diff must contain: threats that change
		// status, findings that appear, attack paths that move.
		want []string
	}{
		{"remove authentication on the entry flow", func() *tm.Model { return model(change{unauthenticatedEntry: true}) }, []string{
			"threat TW-S-001@User → API Gateway: API request: Mitigated → Open",
			`finding ST005 mitigations["Cognito/IAM authentication on API Gateway"].implements`,
			"path to User data in DynamoDB: User → API Gateway: API request (Low) → User → API Gateway: API request (Medium)",
		}},
		{"make the Lambda → DynamoDB flow plaintext", func() *tm.Model { return model(change{plaintextQuery: true}) }, []string{
			"threat TW-I-001@Lambda → DynamoDB: Read and write user record: Mitigated → Open",
			"threat TW-T-006@Lambda → DynamoDB: Read and write user record: Mitigated → Open",
			`finding ST005 assets["User data in DynamoDB"].lifecycle.transitEncryption`,
		}},
		{"grant a wildcard on every resource", func() *tm.Model {
			m := Model()
			role(m, "API Gateway logging role").Allow(tm.AnyResource(), "*")
			return m
		}, []string{
			`reach RCH002 roles["API Gateway logging role"].permissions[1]`,
			"threat TW-E-001@API Gateway (API Gateway logging role): unstated → Open",
		}},
		{"remove the audit trail store", func() *tm.Model { return model(change{noAuditTrail: true}) }, []string{
			"threat TW-R-001@Cognito user pool: Mitigated → Open",
			"threat TW-R-001@IAM: Mitigated → Open",
		}},
		{"accept a threat with a past expiry", func() *tm.Model {
			m := Model()
			m.Accept("TW-T-013@CloudWatch Logs", tm.Justification("Log groups are rarely deleted"), tm.Owner("API team lead"),
				tm.Expires(time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)))
			return m
		}, []string{
			`finding ST001 acceptances["TW-T-013@CloudWatch Logs"].expires`,
		}},
		{"add a direct flow from the internet to the data store", func() *tm.Model {
			m := Model()
			m.Flow(m.Component("User"), m.Component("DynamoDB"), "Direct request",
				tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy))
			return m
		}, []string{
			"threat TW-I-007@DynamoDB: Mitigated → Open",
			`finding ST005 mitigations["No public DynamoDB endpoints"].implements`,
		}},
		{"remove input validation from the Lambda", func() *tm.Model { return model(change{noInputValidation: true}) }, []string{
			"threat TW-T-003@Lambda: Mitigated → Open",
			"threat TW-E-005@Lambda: Mitigated → Open",
		}},
		{"store a secret in an environment variable", func() *tm.Model {
			m := Model()
			m.Secret("Partner API key", tm.Stored(tm.InEnvironment), tm.UsedBy(m.Component("Lambda")),
				tm.Provisioned("Pasted into the function's configuration"), tm.Rotated(tm.Rotation{Never: true}),
				tm.BlastRadius("The partner's API as this account"))
			return m
		}, []string{
			`finding ST005 mitigations["No hard-coded secrets"].implements`,
			"threat TW-S-101@Lambda (Partner API key): unstated → Open",
		}},
		{"move MFA from the operators to nobody", func() *tm.Model { return model(change{noMFA: true}) }, []string{
			"threat TW-S-003@Operator → Deploy pipeline: Merge and release: Mitigated → Open",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := run(t, c.model())
			d := diff(base, got)
			for _, w := range c.want {
				if !slices.Contains(d, w) {
					t.Errorf("the change did not give %q; it gave:\n  %s", w, strings.Join(d, "\n  "))
				}
			}
			if bytes.Equal(base.md, got.md) {
				t.Error("the Markdown report did not change")
			}
			t.Logf("open threats %d → %d, analysis findings %d → %d, least-privilege findings %d → %d, report changed %v, diagram changed %v",
				base.open, got.open, len(base.findings), len(got.findings), len(base.reach), len(got.reach),
				!bytes.Equal(base.md, got.md), !bytes.Equal(base.dot, got.dot))
			// Reversed: the system as it is gives the same bytes again.
			again := run(t, Model())
			if !bytes.Equal(base.md, again.md) || !bytes.Equal(base.dot, again.dot) {
				t.Error("the model without the change does not give the same report and diagram")
			}
		})
	}
}
