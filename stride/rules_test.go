package stride_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// allRuleCases gathers the per-rule cases from every rules_*_test.go file:
// S, T and R in rules_spoofing_tampering_repudiation_test.go, I, D, E and the template sections in
// rules_disclosure_denial_elevation_test.go, the generic 2xx rules in rules_generic_test.go, the rules about
// parsers in rules_parsers_test.go. Add the
// cases for new rule files here.
func allRuleCases() []ruleCase {
	return slices.Concat(spoofingCases, tamperingCases, repudiationCases, ideCases, sectionCases, genericCases, parserCases, transitAccessCases,
		aiCases, credentialCases, deploymentCases, identityCases, serverlessCases)
}

func TestRules(t *testing.T) {
	for _, c := range allRuleCases() {
		t.Run(c.id, func(t *testing.T) {
			rule := ruleByID(t, c.id)
			only := stride.OnlyRules(rule)

			r := analyze(t, c.trigger(), only)
			if diff := cmp.Diff(c.want, byRule(r, c.id)); diff != "" {
				t.Errorf("trigger model: threats (-want +got):\n%s", diff)
			}
			for _, id := range c.want {
				if th, ok := r.Threat(id); ok && th.Status != stride.Open {
					t.Errorf("trigger model: %s is %v, want Open (controls %v, evidence %v)", id, th.Status, th.Controls, th.Evidence)
				}
			}

			r = analyze(t, c.quiet(), only)
			if got := byRule(r, c.id); len(got) != 0 {
				t.Errorf("quiet model: the rule derived %q, want nothing", got)
			}

			if c.closed == nil {
				return
			}
			r = analyze(t, c.closed(), only)
			if diff := cmp.Diff(c.want, byRule(r, c.id)); diff != "" {
				t.Errorf("closed model: threats (-want +got):\n%s", diff)
			}
			for _, id := range c.want {
				if th, ok := r.Threat(id); ok && th.Status != stride.Mitigated {
					t.Errorf("closed model: %s is %v, want Mitigated", id, th.Status)
				}
			}
		})
	}
}

// TestEveryRuleHasACase fails when a built-in rule has no trigger/quiet
// case.
func TestEveryRuleHasACase(t *testing.T) {
	have := make(map[string]bool)
	for _, c := range allRuleCases() {
		if have[c.id] {
			t.Errorf("rule %s has two cases", c.id)
		}
		have[c.id] = true
	}
	for _, r := range stride.Rules() {
		if !have[r.ID] {
			t.Errorf("rule %s (%s) has no test case: add a trigger and a quiet model to a rules_*_test.go table", r.ID, r.Title)
		}
	}
}

// TestCatalogIsWellFormed checks the built-in catalog as Analyze would, and
// the catalog's own conventions.
func TestCatalogIsWellFormed(t *testing.T) {
	rules := stride.Rules()
	if _, err := stride.Analyze(newFx().m); err != nil {
		t.Fatalf("Analyze with the built-in catalog: %v", err)
	}
	perCategory := make(map[stride.Category]int)
	for _, r := range rules {
		perCategory[r.Category]++
		if r.Description == "" || len(r.AttackPaths) == 0 || len(r.Mitigations) == 0 {
			t.Errorf("%s: every built-in rule has a description, attack paths and mitigations", r.ID)
		}
		if len(r.CAPEC)+len(r.CWE) == 0 && r.Category != stride.Repudiation {
			t.Errorf("%s: no CAPEC or CWE reference", r.ID)
		}
		if want := "TW-" + r.Category.Letter() + "-"; len(r.ID) < len(want) || r.ID[:len(want)] != want {
			t.Errorf("%s: a %v rule's ID starts with %s", r.ID, r.Category, want)
		}
	}
	for _, c := range stride.Categories() {
		if perCategory[c] < 10 {
			t.Errorf("%v has %d rules, want at least 10", c, perCategory[c])
		}
	}
	if len(rules) < 60 {
		t.Errorf("the catalog has %d rules, want at least 60", len(rules))
	}
}

// TestCallerRulesIgnoreResponses: a response inherits its request's
// authentication, which says how the process authenticated to whoever it
// called; the rules about an incoming caller must not read it as the
// responder's.
func TestCallerRulesIgnoreResponses(t *testing.T) {
	f := newFx()
	api := f.api()
	person := f.m.ExternalEntity("Person", f.internet, tm.Is(tm.Human))
	browser := f.m.ExternalEntity("Browser", f.internet, tm.Is(tm.Browser))
	for _, to := range []*tm.Component{person, browser} {
		for _, a := range []tm.AuthScheme{tm.NoAuthentication, tm.Password, tm.Session, tm.JWT, tm.APIKey} {
			req := f.m.Flow(api, to, "Push "+a.String(), tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(a),
				tm.Carries(f.record))
			f.m.Response(req, "Reply "+a.String())
		}
	}
	var rules []stride.Rule
	for _, id := range []string{"TW-S-001", "TW-S-002", "TW-S-003", "TW-S-004", "TW-S-005", "TW-S-008",
		"TW-S-009", "TW-S-010", "TW-S-011"} {
		rules = append(rules, ruleByID(t, id))
	}
	r := analyze(t, f.m, stride.OnlyRules(rules...))
	for _, th := range r.Threats {
		t.Errorf("a response triggered %s", th.ID)
	}
}

// TestRulesSeeEveryDeclaredType: a component declared with several types
// (threatmodel.Is) is each of them for the rules, not only its first.
func TestRulesSeeEveryDeclaredType(t *testing.T) {
	f := newFx()
	ci := f.m.Process("CI", f.app, tm.Is(tm.Service, tm.Pipeline))
	queue := f.m.DataStore("Jobs", f.data, tm.Is(tm.Database, tm.Queue))
	cache := f.m.DataStore("Cache", f.data, tm.Is(tm.Database, tm.Cache))
	logs := f.m.DataStore("Trail", f.data, tm.Is(tm.ObjectStorage, tm.LogStore))
	f.call(ci, queue, "Enqueue")
	f.call(ci, cache, "Put")
	f.call(ci, logs, "Log")
	f.call(f.user(), ci, "Trigger") // makes the log store reachable
	r := analyze(t, f.m)
	for _, id := range []string{"TW-T-009@CI", "TW-T-008@Jobs", "TW-T-011@Cache", "TW-D-006@Trail"} {
		if _, ok := r.Threat(id); !ok {
			t.Errorf("no threat %s", id)
		}
	}
	if !stride.HoldsLogs(logs) {
		t.Error("HoldsLogs should see the LogStore type after the first")
	}
}

// TestEntityRulesIgnoreResponses: what an external entity answers inherits
// the authentication of the request, which authenticates the caller; it is
// neither a request of the entity nor evidence that the entity is
// authenticated.
func TestEntityRulesIgnoreResponses(t *testing.T) {
	f := newFx()
	api := f.api(tm.Controls(tm.AuditLogging))
	partner := f.m.ExternalEntity("Partner", f.internet, tm.Is(tm.ThirdPartyService))
	idp := f.m.ExternalEntity("IdP", f.internet, tm.Is(tm.IdentityProvider))
	f.m.Response(f.call(api, partner, "Charge", tm.AuthN(tm.APIKey)), "Charge result")
	f.m.Response(f.call(api, idp, "Fetch keys", tm.AuthN(tm.APIKey)), "Keys")
	f.call(partner, api, "Webhook", tm.AuthN(tm.NoAuthentication))
	r := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-S-007"), ruleByID(t, "TW-R-004")))
	want := []string{"TW-R-004@Partner", "TW-S-007@Partner"}
	var got []string
	for _, th := range r.Threats {
		got = append(got, th.ID)
		if th.Status != stride.Open {
			t.Errorf("%s is %v (evidence %v), want Open: the partner's only request is unauthenticated", th.ID, th.Status, th.Evidence)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("threats (-want +got):\n%s", diff)
	}
}

// TestSideDoorWritersCountsEveryHolder: TW-T-005 fires when any component
// acting with the role, directly or through an assumed role, has no flow to
// the store, however many senders and holders there are.
func TestSideDoorWritersCountsEveryHolder(t *testing.T) {
	for _, tt := range []struct {
		name             string
		workers, writing int // processes holding the role; how many of them write to the store
		viaAssumed       bool
		want             bool
	}{
		{"every holder writes", 3, 3, false, false},
		{"one holder of three does not", 3, 2, false, true},
		{"a holder through an assumed role does not", 1, 1, true, true},
		{"few holders, many other senders", 1, 1, false, false},
		{"more holders than senders", 10, 2, false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFx()
			db := f.db()
			role := f.m.Role("Writer")
			role.Allow(db, "dynamodb:PutItem")
			for i := range tt.workers {
				p := f.m.Process("Worker "+strconv.Itoa(i), f.app)
				p.RunsAs(role)
				if i < tt.writing {
					f.call(p, db, "Write")
				}
			}
			for i := range 5 { // senders that do not hold the role
				f.call(f.m.Process("Other "+strconv.Itoa(i), f.app), db, "Write")
			}
			if tt.viaAssumed {
				outer := f.m.Role("Outer")
				outer.CanAssume(role)
				f.m.Process("Assumer", f.app).RunsAs(outer)
			}
			r := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-T-005")))
			if _, got := r.Threat("TW-T-005@DB (Writer)"); got != tt.want {
				t.Errorf("side door = %v, want %v", got, tt.want)
			}
		})
	}
}
