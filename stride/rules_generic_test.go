package stride_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/threatwright/threatwright/examples/agent/agent"
	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// genericCases test the generic per-element rules (IDs 2xx). Each trigger
// model gives the element a cell that no specific rule covers; each quiet
// model has a specific rule of the same category cover the cell, so the
// generic rule stays silent there.
var genericCases = []ruleCase{
	{
		id: "TW-S-201",
		trigger: func() *tm.Model {
			f := newFx()
			// Inside one zone, no roles, no secrets: no specific S rule.
			f.m.Flow(f.api(), f.m.Process("Worker", f.app), "Job", tm.AuthN(tm.NoAuthentication), tm.Carries(f.record))
			return f.m
		},
		want: []string{"TW-S-201@API", "TW-S-201@Worker"},
		quiet: func() *tm.Model {
			f := newFx()
			f.api().RunsAs(f.m.Role("API role")) // TW-S-006
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.m.Flow(f.api(), f.m.Process("Worker", f.app), "Job", tm.AuthN(tm.WorkloadIdentity), tm.Carries(f.record))
			return f.m
		},
	},
	{
		id: "TW-S-202",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.partner(), "Notify", tm.Encrypted(tm.Plaintext))
			return f.m
		},
		want: []string{"TW-S-202@Partner"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.partner(), f.api(), "Webhook") // TW-S-007
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.partner(), "Notify")
			return f.m
		},
	},
	{
		id: "TW-T-201",
		trigger: func() *tm.Model {
			f := newFx()
			f.api()
			return f.m
		},
		want: []string{"TW-T-201@API"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request") // TW-T-001, TW-T-003
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.api(tm.Controls(tm.SignedArtifacts))
			return f.m
		},
	},
	{
		id: "TW-T-202",
		trigger: func() *tm.Model {
			f := newFx()
			f.m.Flow(f.api(), f.m.Process("Parser", f.app), "Parse", tm.Over(tm.InProcess, 0), tm.Carries(f.record))
			return f.m
		},
		want: []string{"TW-T-202@API → Parser: Parse"},
		quiet: func() *tm.Model {
			f := newFx()
			f.m.Flow(f.api(), f.m.Process("Parser", f.app), "Parse", tm.Over(tm.HTTPS, 443), tm.Carries(f.record)) // TW-T-006
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			parser := f.m.Process("Parser", f.app, tm.Controls(tm.InputValidation))
			f.m.Flow(f.api(), parser, "Parse", tm.Over(tm.InProcess, 0), tm.Carries(f.record))
			return f.m
		},
	},
	{
		id: "TW-R-201",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.partner(), "Notify")
			return f.m
		},
		want: []string{"TW-R-201@Partner"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.partner(), f.api(), "Webhook") // TW-R-004
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.api(tm.Controls(tm.AuditLogging)), f.partner(), "Notify")
			return f.m
		},
	},
	{
		id: "TW-I-201",
		trigger: func() *tm.Model {
			f := newFx()
			f.api()
			return f.m
		},
		want: []string{"TW-I-201@API"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request") // TW-I-003, TW-I-006
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.api(tm.Controls(tm.ErrorSanitization))
			return f.m
		},
	},
	{
		id: "TW-I-202",
		trigger: func() *tm.Model {
			f := newFx()
			f.logs()
			return f.m
		},
		want: []string{"TW-I-202@Logs"},
		quiet: func() *tm.Model {
			f := newFx()
			f.db() // holds a confidential record: TW-I-007
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.logs(tm.Controls(tm.Authorization))
			return f.m
		},
	},
	{
		id: "TW-I-203",
		trigger: func() *tm.Model {
			f := newFx()
			f.m.Flow(f.api(), f.m.Process("Worker", f.app), "Job", tm.Over(tm.HTTP, 80), tm.Encrypted(tm.Plaintext), tm.Carries(f.public()))
			return f.m
		},
		want: []string{"TW-I-203@API → Worker: Job"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request", tm.Encrypted(tm.Plaintext)) // confidential: TW-I-001
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.m.Flow(f.api(), f.m.Process("Worker", f.app), "Job", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.Carries(f.public()))
			return f.m
		},
	},
	{
		id: "TW-D-201",
		trigger: func() *tm.Model {
			f := newFx()
			f.api()
			return f.m
		},
		want: []string{"TW-D-201@API"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request") // TW-D-001, TW-D-002
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.api(tm.Controls(tm.ResourceLimits, tm.Timeouts))
			return f.m
		},
	},
	{
		id: "TW-D-202",
		trigger: func() *tm.Model {
			f := newFx()
			f.m.DataStore("Archive", f.data, tm.Is(tm.ObjectStorage))
			return f.m
		},
		want: []string{"TW-D-202@Archive"},
		quiet: func() *tm.Model {
			f := newFx()
			f.db() // holds a critical record: TW-D-008
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.m.DataStore("Archive", f.data, tm.Is(tm.ObjectStorage), tm.Controls(tm.Backups))
			return f.m
		},
	},
	{
		id: "TW-D-203",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.db(), "Query")
			return f.m
		},
		want: []string{"TW-D-203@API → DB: Query"},
		quiet: func() *tm.Model {
			f := newFx()
			f.api()
			f.db()
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.db(), "Query", tm.Controls(tm.Timeouts))
			return f.m
		},
	},
	{
		id: "TW-E-201",
		trigger: func() *tm.Model {
			f := newFx()
			// A gateway forwards; TW-E-006 leaves its decisions to what is behind it.
			f.call(f.user(), f.gateway(), "Request")
			return f.m
		},
		want: []string{"TW-E-201@Gateway"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request") // TW-E-006
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.gateway(tm.Controls(tm.InputValidation)), "Request") // and the flow is authorized
			return f.m
		},
	},
}

// isGeneric reports whether a rule ID is in the generic 2xx range.
func isGeneric(ruleID string) bool {
	n := ruleID[strings.LastIndex(ruleID, "-")+1:]
	return len(n) == 3 && n[0] == '2'
}

// TestGenericMitigation checks the mitigations of the generic rules that
// the rule table does not: controls that close a threat only together, and
// the alternative ways of closing it.
func TestGenericMitigation(t *testing.T) {
	tests := []struct {
		name, rule, id string
		model          func(f *fx)
		want           stride.Status
	}{
		{"resource limits alone do not keep a process up", "TW-D-201", "TW-D-201@API",
			func(f *fx) { f.api(tm.Controls(tm.ResourceLimits)) }, stride.Open},
		{"a redundant process", "TW-D-201", "TW-D-201@API",
			func(f *fx) { f.api(tm.Controls(tm.Redundancy)) }, stride.Mitigated},
		{"quotas alone do not keep a store available", "TW-D-202", "TW-D-202@Archive",
			func(f *fx) { f.m.DataStore("Archive", f.data, tm.Controls(tm.ResourceLimits)) }, stride.Open},
		{"input validation without authorization", "TW-E-201", "TW-E-201@Gateway",
			func(f *fx) {
				f.call(f.user(), f.gateway(tm.Controls(tm.InputValidation)), "Request", tm.AuthZ(tm.NoAuthorization))
			}, stride.Open},
		{"input validation and the Authorization control", "TW-E-201", "TW-E-201@Gateway",
			func(f *fx) {
				f.call(f.user(), f.gateway(tm.Controls(tm.InputValidation, tm.Authorization)), "Request", tm.AuthZ(tm.NoAuthorization))
			}, stride.Mitigated},
		{"a process nobody calls is driven by nothing it authorizes", "TW-E-201", "TW-E-201@API",
			func(f *fx) { f.api(tm.Controls(tm.InputValidation)) }, stride.Open},
		{"TLS 1.1 is observable", "TW-I-203", "TW-I-203@API → Worker: Job",
			func(f *fx) {
				f.m.Flow(f.api(), f.m.Process("Worker", f.app), "Job", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS11), tm.Carries(f.public()))
			}, stride.Open},
		{"an in-process call is not on a network", "TW-I-203", "TW-I-203@API → Worker: Job",
			func(f *fx) {
				f.m.Flow(f.api(), f.m.Process("Worker", f.app), "Job", tm.Over(tm.InProcess, 0), tm.Carries(f.public()))
			}, stride.Mitigated},
		{"a store whose assets state their access control", "TW-I-202", "TW-I-202@Queue",
			func(f *fx) {
				jobs := f.m.DataAsset("Jobs", tm.Classified(tm.Internal), tm.Lifecycle(tm.DataLifecycle{AccessControl: "Producer and consumer roles only"}))
				f.m.DataStore("Queue", f.data, tm.Is(tm.Queue), tm.Stores(jobs))
			}, stride.Mitigated},
		{"a signed delivery", "TW-R-201", "TW-R-201@Partner",
			func(f *fx) { f.call(f.api(), f.partner(), "Notify", tm.Controls(tm.MessageSigning)) }, stride.Mitigated},
		{"a delivery from a process that logs to a log store", "TW-R-201", "TW-R-201@Partner",
			func(f *fx) {
				api := f.api()
				f.call(api, f.partner(), "Notify")
				f.call(api, f.logs(), "Audit events")
			}, stride.Mitigated},
		{"one of two deliveries unauthenticated", "TW-S-202", "TW-S-202@Partner",
			func(f *fx) {
				partner := f.partner()
				f.call(f.api(), partner, "Notify")
				f.call(f.m.Process("Mailer", f.app), partner, "Mail", tm.Encrypted(tm.TLS10))
			}, stride.Open},
		{"an entity nothing is sent to", "TW-S-202", "TW-S-202@Partner",
			func(f *fx) { f.partner() }, stride.Open},
		{"one unauthenticated request out of the process", "TW-S-201", "TW-S-201@API",
			func(f *fx) {
				api := f.api()
				f.m.Flow(f.m.Process("Worker", f.app), api, "Job", tm.AuthN(tm.WorkloadIdentity))
				f.m.Flow(api, f.m.Process("Cache warmer", f.app), "Warm", tm.AuthN(tm.NoAuthentication))
			}, stride.Open},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFx()
			tt.model(f)
			r := analyze(t, f.m, stride.OnlyRules(ruleByID(t, tt.rule)))
			th, ok := r.Threat(tt.id)
			if !ok {
				t.Fatalf("no threat %s; got %q", tt.id, byRule(r, tt.rule))
			}
			if th.Status != tt.want {
				t.Errorf("%s is %v, want %v (controls %v, evidence %v)", tt.id, th.Status, tt.want, th.Controls, th.Evidence)
			}
		})
	}
}

// TestExamplesFullyCovered checks that the catalog covers every cell of the
// coverage matrix of both example models. Before the generic rules, the
// serverless example left 32 of its 96 cells uncovered and the platform
// example 93 of 281.
func TestExamplesFullyCovered(t *testing.T) {
	var generic []string
	for _, r := range stride.Rules() {
		if isGeneric(r.ID) {
			generic = append(generic, r.ID)
		}
	}
	for _, m := range []*tm.Model{serverless.Model(), platform.Model(), agent.Model()} {
		r := analyze(t, m)
		cells := 0
		for _, row := range r.Coverage {
			for _, cell := range row.Cells {
				cells++
				if cell.Status == stride.NotCovered {
					t.Errorf("%s: %s × %v is not covered", m.Name(), row.Subject, cell.Category)
				}
			}
		}
		if r.Residual.NotCovered != 0 {
			t.Errorf("%s: %d cells not covered", m.Name(), r.Residual.NotCovered)
		}
		without := analyze(t, m, stride.WithoutRules(generic...))
		t.Logf("%s: %d of %d cells not covered without the generic rules, %d with them",
			m.Name(), without.Residual.NotCovered, cells, r.Residual.NotCovered)
	}
}

// TestGenericRulesFillOnlyGaps checks, on models of many shapes, that every
// applicable cell of every in-scope element holds a threat, and that a
// generic threat appears in a cell exactly when no specific rule's threat
// does: the specific rules keep precedence.
func TestGenericRulesFillOnlyGaps(t *testing.T) {
	for _, m := range []*tm.Model{shapesModel(), oddModel(), synth.Model(300), serverless.Model(), platform.Model(), agent.Model(), shop()} {
		r := analyze(t, m)
		rule := make(map[string]string, len(r.Threats))
		generic := 0
		for _, th := range r.Threats {
			rule[th.ID] = th.RuleID
			if isGeneric(th.RuleID) {
				generic++
			}
		}
		t.Logf("%s: %d generic threats of %d", m.Name(), generic, len(r.Threats))
		for _, row := range r.Coverage {
			for _, cell := range row.Cells {
				if cell.Status == stride.NotCovered {
					t.Errorf("%s: %s × %v is not covered", m.Name(), row.Subject, cell.Category)
					continue
				}
				if cell.Status == stride.ProviderManaged {
					continue // the provider's to protect: no threat, by design
				}
				var generic, specific []string
				for _, id := range cell.Threats {
					switch rid := rule[id]; {
					case rid == "":
						// Hand-written: neither.
					case isGeneric(rid):
						generic = append(generic, id)
					default:
						specific = append(specific, id)
					}
				}
				if len(generic) > 0 && len(specific) > 0 {
					t.Errorf("%s: %s × %v has generic %q beside specific %q", m.Name(), row.Subject, cell.Category, generic, specific)
				}
				if len(generic) == 0 && len(specific) == 0 && !hasHandwritten(cell.Threats, rule) {
					t.Errorf("%s: %s × %v has no derived threat", m.Name(), row.Subject, cell.Category)
				}
			}
		}
	}
}

func hasHandwritten(ids []string, rule map[string]string) bool {
	for _, id := range ids {
		if rule[id] == "" {
			return true
		}
	}
	return false
}

// shapesModel declares elements in shapes the specific rules do not
// expect: unconnected components of every kind, an entity that only
// receives, a process that only sends, stores nobody reaches, an in-process
// call, a log store not marked as holding audit logs, flows of every
// protocol between two internal processes.
func shapesModel() *tm.Model {
	m := tm.New("Shapes")
	out := m.Zone("Out", tm.Untrusted)
	in := m.Zone("In", tm.Trusted)
	deep := m.Zone("Deep", tm.HighlyTrusted, tm.Inside(in))
	blob := m.DataAsset("Blob")

	m.ExternalEntity("Lonely entity", out)
	m.ExternalEntity("Internal entity", in)
	m.Process("Lonely process", in)
	m.Process("Lonely infrastructure", deep, tm.Infrastructure(), tm.Is(tm.Gateway))
	m.DataStore("Lonely store", deep)
	m.DataStore("Lonely log store", deep, tm.HoldsAuditLogs())
	m.DataStore("Log store without audit logs", deep, tm.Is(tm.LogStore))
	m.DataStore("Unreachable queue", deep, tm.Is(tm.Queue))
	m.DataStore("Unreachable cache", deep, tm.Is(tm.Cache), tm.Stores(blob))

	sender := m.Process("Sender", in)
	receiver := m.ExternalEntity("Receiver", out)
	m.Flow(sender, receiver, "Push")
	m.Flow(sender, m.Process("Plugin", in), "Call", tm.Over(tm.InProcess, 0))
	a, b := m.Process("A", deep), m.Process("B", deep)
	for p := tm.HTTP; p <= tm.OtherProtocol; p++ {
		m.Flow(a, b, "Over "+p.String(), tm.Over(p, 0), tm.Encrypted(tm.Encryption(int(p)%8+1)))
	}
	m.Flow(b, m.DataStore("Sink", deep), "Write")
	m.Flow(m.DataStore("Source", deep), a, "Read")
	m.DataStore("Gone", deep, tm.NotInScope("elsewhere"))
	return m
}

// TestPrecedenceAsEvaluated: within Analyze a generic rule reads what the
// specific rules derived on its element instead of evaluating them again,
// and on a model of a few hundred elements the rules run on several
// goroutines; a catalog given with OnlyRules evaluates every rule on one.
// Both give the same threats on models of every shape, and removing a
// specific rule still does not let the generic one take its place.
func TestPrecedenceAsEvaluated(t *testing.T) {
	summary := func(r *stride.Report) []string {
		out := make([]string, len(r.Threats))
		for i, th := range r.Threats {
			out[i] = fmt.Sprintf("%s %v %v/%v/%v %v %q %q %v %v", th.ID, th.Status, th.Impact, th.Likelihood, th.Risk,
				th.Controls, th.AppliedMitigations, th.Evidence, th.Paths(), th.Pos)
		}
		for _, row := range r.Coverage {
			out = append(out, fmt.Sprintf("%s %v", row.Path, row.Cells))
		}
		return out
	}
	for _, m := range []*tm.Model{shapesModel(), oddModel(), synth.Model(300), serverless.Model(), platform.Model(), agent.Model(), shop()} {
		memo, full := summary(analyze(t, m)), summary(analyze(t, m, stride.OnlyRules(stride.Rules()...)))
		if diff := cmp.Diff(full, memo); diff != "" {
			t.Errorf("%s: threats differ when the generic rules read what derive found (-evaluated +read):\n%s", m.Name(), diff)
		}
	}
	m := serverless.Model()
	all := analyze(t, m)
	had := make(map[string]bool, len(all.Threats))
	var specific []string
	for _, th := range all.Threats {
		had[th.ID] = true
		if th.RuleID != "" && !isGeneric(th.RuleID) && !slices.Contains(specific, th.RuleID) {
			specific = append(specific, th.RuleID)
		}
	}
	for _, id := range specific {
		for _, w := range analyze(t, m, stride.WithoutRules(id)).Threats {
			if isGeneric(w.RuleID) && !had[w.ID] {
				t.Errorf("without %s, generic %s appears", id, w.ID)
			}
		}
	}
}
