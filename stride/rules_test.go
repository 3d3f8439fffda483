package stride_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/threatwright/threatwright/stride"
)

// allRuleCases gathers the per-rule cases from every rules_*_test.go file:
// S, T and R in rules_str_test.go, I, D, E and the template sections in
// rules_ide_test.go, the generic 2xx rules in rules_generic_test.go. Add the
// cases for new rule files here.
func allRuleCases() []ruleCase {
	return slices.Concat(spoofingCases, tamperingCases, repudiationCases, ideCases, sectionCases, genericCases)
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
					t.Errorf("trigger model: %s is %v, want Open (controls %v, evidence %q)", id, th.Status, th.Controls, th.Evidence)
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
	for _, c := range []stride.Category{stride.Spoofing, stride.Tampering, stride.Repudiation} {
		if perCategory[c] < 10 {
			t.Errorf("%v has %d rules, want at least 10", c, perCategory[c])
		}
	}
}
