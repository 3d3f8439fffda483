package stride

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/threatwright/threatwright/threatmodel"
)

// Option configures Analyze.
type Option func(*config)

// config is what the Options set: the rule catalog, the time the
// analysis judges at and the rating overrides.
type config struct {
	rules     []Rule
	replaced  bool
	extra     []Rule
	without   []string
	at        time.Time
	overrides []override
	verifier  Verifier
	strict    bool
}

// override is one Override: a threat's rating set by hand, with the reason.
type override struct {
	id                 string
	impact, likelihood threatmodel.Level
	reason             string
}

// WithRules adds rules to the catalog for this analysis. Their IDs must not
// clash with the built-in rules' or with each other.
func WithRules(rules ...Rule) Option {
	return func(c *config) { c.extra = append(c.extra, rules...) }
}

// OnlyRules replaces the built-in catalog with the given rules: only they
// (and any added with WithRules) are evaluated. Use it to test a rule on its
// own, or to run a catalog of one's own.
func OnlyRules(rules ...Rule) Option {
	return func(c *config) { c.rules, c.replaced = slices.Clone(rules), true }
}

// WithoutRules removes rules by ID, for rules that do not fit a system at
// all. Prefer accepting a threat (m.Accept) with a justification: that stays
// visible in the report. An ID that names no rule is an error.
func WithoutRules(ids ...string) Option {
	return func(c *config) { c.without = append(c.without, ids...) }
}

// At pins the time at which acceptances are judged: an acceptance that has
// expired by then no longer accepts its threat, and is a finding (ST001).
// Without At, acceptances are judged at the time Analyze runs (time.Now),
// so an expired acceptance never passes silently; tests and generated
// documents pin a date so that their output does not change with the clock.
// Report.JudgedAt says which time was used.
func At(t time.Time) Option {
	return func(c *config) { c.at = t }
}

// Override replaces the computed impact and likelihood of one threat (by
// ID), with a reason that the report keeps. Pass 0 for either to keep the
// computed value. Levels other than Low, Medium and High, an empty reason or
// an override that changes nothing are errors; an ID that names no threat is
// a finding (the threat may have gone away).
func Override(threatID string, impact, likelihood threatmodel.Level, reason string) Option {
	return func(c *config) {
		c.overrides = append(c.overrides, override{threatID, impact, likelihood, reason})
	}
}

// catalog returns the rules to evaluate, checked.
func (c *config) catalog() ([]Rule, error) {
	rules := c.rules
	if !c.replaced {
		rules = builtinRules()
	}
	rules = slices.Concat(rules, c.extra)
	if len(c.without) > 0 {
		drop := make(map[string]bool, len(c.without))
		for _, id := range c.without {
			drop[id] = true
		}
		kept := rules[:0:0]
		for _, r := range rules {
			if drop[r.ID] {
				delete(drop, r.ID)
				continue
			}
			kept = append(kept, r)
		}
		var errs []error
		for _, id := range c.without {
			if drop[id] {
				errs = append(errs, fmt.Errorf("stride: WithoutRules: no rule has ID %q", id))
				delete(drop, id)
			}
		}
		if len(errs) > 0 {
			return nil, errors.Join(errs...)
		}
		rules = kept
	}
	if err := validateRules(rules); err != nil {
		return nil, err
	}
	// The threats a rule derives share one copy of its texts and references,
	// made here so that the report never aliases the caller's rules.
	for i := range rules {
		r := &rules[i]
		r.AttackPaths, r.Mitigations = slices.Clip(slices.Clone(r.AttackPaths)), slices.Clip(slices.Clone(r.Mitigations))
		r.CAPEC, r.CWE = slices.Clip(slices.Clone(r.CAPEC)), slices.Clip(slices.Clone(r.CWE))
		r.OWASP = slices.Clip(slices.Clone(r.OWASP))
	}
	return rules, nil
}

func (c *config) checkOverrides() error {
	var errs []error
	for _, o := range c.overrides {
		ok := func(l threatmodel.Level) bool { return l == 0 || rank(l) > 0 }
		switch {
		case !ok(o.impact) || !ok(o.likelihood):
			errs = append(errs, fmt.Errorf("stride: Override %q: impact and likelihood are Low, Medium, High or 0 (keep)", o.id))
		case o.impact == 0 && o.likelihood == 0:
			errs = append(errs, fmt.Errorf("stride: Override %q changes nothing", o.id))
		case strings.TrimSpace(o.reason) == "":
			errs = append(errs, fmt.Errorf("stride: Override %q gives no reason", o.id))
		}
	}
	return errors.Join(errs...)
}
