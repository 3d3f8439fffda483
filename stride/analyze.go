package stride

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/threatwright/threatwright/internal/par"
	"github.com/threatwright/threatwright/threatmodel"
)

// ErrStructural is wrapped by the error Analyze returns when the model has
// structural errors; the threatmodel findings are wrapped too, so errors.As
// finds each *threatmodel.Finding.
var ErrStructural = errors.New("stride: the model has structural errors")

// Analyze derives the model's threats with the rule catalog, rates them,
// matches them with the model's controls, mitigations and acceptances, adds
// the hand-written threats, and builds the coverage matrix.
//
// It returns an error only when the model has structural errors (findings of
// severity threatmodel.SeverityError: the error wraps ErrStructural and each
// finding) or when an option is invalid (a malformed rule, an unknown rule
// ID in WithoutRules, a bad Override). Completeness gaps do not stop the
// analysis: a half-written model still gets its threats.
func Analyze(m *threatmodel.Model, opts ...Option) (*Report, error) {
	return AnalyzeContext(context.Background(), m, opts...)
}

// AnalyzeContext is Analyze, stopping when ctx is done: it checks ctx
// between stages and every few hundred elements while rules are evaluated,
// and then returns an error that wraps ctx.Err().
func AnalyzeContext(ctx context.Context, m *threatmodel.Model, opts ...Option) (*Report, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("stride: %w", err)
	}
	if m == nil {
		return nil, fmt.Errorf("%w: the model is nil", ErrStructural)
	}
	var structural []error
	for _, f := range m.Findings() {
		if f.Severity == threatmodel.SeverityError {
			structural = append(structural, f)
		}
	}
	if len(structural) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrStructural, errors.Join(structural...))
	}
	cfg := config{}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.at.IsZero() {
		cfg.at = time.Now()
	}
	rules, err := cfg.catalog()
	if err != nil {
		return nil, err
	}
	if err := cfg.checkOverrides(); err != nil {
		return nil, err
	}
	a := analysis{ix: newIndex(m), cfg: &cfg, ctx: ctx, ranked: make(chan struct{})}
	if a.parallel() {
		wait := par.Start(func() { a.ranks(rules) })
		defer wait() // never left running past Analyze
	} else {
		a.ranks(rules)
	}
	a.contradictions()
	if err := a.derive(rules); err != nil {
		return nil, err
	}
	a.handwritten()
	a.resolve()
	return a.report(), nil
}

// analysis is the state of one Analyze call.
type analysis struct {
	ctx     context.Context
	ix      *index
	cfg     *config
	threats []Threat
	// subj holds, for each threat, the dense key of its subject (see
	// elemKey), -1 for hand-written threats.
	subj     []int32
	findings []*threatmodel.Finding
	// ranked is closed once ruleRank and nameRank are worked out (see
	// ranks).
	ranked   chan struct{}
	ruleRank map[string]int32
	nameRank []int32
	byName   []int32 // the dense keys in the order of nameRank
}

// elemKey is a component's index, or a flow's index after all components:
// a dense key over the elements of the coverage matrix; -1 for others.
func (ix *index) elemKey(el threatmodel.Element) int32 {
	switch e := el.(type) {
	case *threatmodel.Component:
		if ix.owns(e) {
			return int32(e.Index())
		}
	case *threatmodel.Flow:
		if ix.ownsFlow(e) {
			return int32(len(ix.comps) + e.Index())
		}
	}
	return -1
}

// threatID is the rule's ID, "@", the subject, and " (item)" for MatchEach.
func threatID(ruleID string, t *Target) string {
	subject := ""
	if t.Flow != nil {
		subject = t.Flow.Key()
	} else {
		subject = t.Component.Name()
	}
	n := len(ruleID) + 1 + len(subject)
	item := ""
	if t.Item != nil {
		item = t.Item.Name()
		n += len(item) + 3
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(ruleID)
	b.WriteByte('@')
	b.WriteString(subject)
	if t.Item != nil {
		b.WriteString(" (")
		b.WriteString(item)
		b.WriteByte(')')
	}
	return b.String()
}

func crossingOf(c threatmodel.Crossing) *BoundaryCrossing {
	if !c.Crosses() {
		return nil
	}
	names := func(zs []*threatmodel.Zone) []string {
		out := make([]string, len(zs))
		for i, z := range zs {
			out[i] = z.Name()
		}
		return out
	}
	b := &BoundaryCrossing{Exits: names(c.Exits), Enters: names(c.Enters)}
	if c.From != nil {
		b.From = c.From.Name()
	}
	if c.To != nil {
		b.To = c.To.Name()
	}
	return b
}

// handwritten adds the model's own threats.
func (a *analysis) handwritten() {
	for _, ht := range a.ix.m.Threats() {
		th := Threat{
			ID:          ht.ID(),
			Category:    ht.Category(),
			Title:       ht.Name(),
			Description: ht.Description(),
			AttackPaths: ht.AttackPaths(),
			Pos:         ht.Pos(),
		}
		about := ht.About()
		th.Involved = about
		for _, el := range about {
			if th.Subject != nil {
				break
			}
			switch e := el.(type) {
			case *threatmodel.Component:
				th.Subject = e
			case *threatmodel.Flow:
				th.Subject, th.Flow = e, e
				th.Crossing = a.ix.crossingOf(e)
			}
		}
		if th.Subject == nil && len(about) > 0 {
			th.Subject = about[0]
		}
		if ht.Mitigation() != "" {
			th.Mitigations = []string{ht.Mitigation()}
			th.Evidence = []Evidence{{Property: ht.Mitigation(), DeclaredAt: ht.Pos()}}
			th.Status = Mitigated
		}
		impact, likelihood := a.ix.rateElements(about, ht.Category())
		th.Impact, th.Likelihood = cmp.Or(ht.Impact(), impact), cmp.Or(ht.Likelihood(), likelihood)
		a.threats = append(a.threats, th)
		a.subj = append(a.subj, -1)
	}
}

// resolve sorts the threats, applies mitigations that address threats by ID,
// acceptances and overrides, and records findings for those that match
// nothing; then it settles each threat's status and risk.
func (a *analysis) resolve() {
	pos := a.sortThreats()
	a.applyMitigations(pos)
	a.verifyEvidence()
	a.applyAcceptances(pos)
	a.applyOverrides(pos)
	a.settleStatuses()
}

// sortThreats orders the threats by ID, then by the paths of what they are
// about, and returns the function that finds the first threat with an ID.
func (a *analysis) sortThreats() func(id string) (int, bool) {
	order := a.sortedOrder()
	// Apply the permutation in place, cycle by cycle: a sorted copy would
	// double the largest allocation of the analysis.
	for i := range order {
		if order[i] < 0 {
			continue
		}
		th, subj := a.threats[i], a.subj[i]
		k := i
		for {
			j := int(order[k])
			order[k] = -1
			if j == i {
				a.threats[k], a.subj[k] = th, subj
				break
			}
			a.threats[k], a.subj[k] = a.threats[j], a.subj[j]
			k = j
		}
	}
	return a.position
}

// sortedOrder returns the indexes of the threats in the order of their
// IDs, then of the paths of what they are about. It sorts IDs with an
// index rather than the threats themselves: a Threat is large, and its ID
// alone keeps the comparisons in cache. A derived threat's ID is its
// rule's ID, "@" and its subject's name, so the derived threats are first
// put in the order of their rules' IDs and their subjects' names —
// integers, sorted cheaply — and the sort by the whole ID then finds them
// sorted but for the few names that differ only after an item's " (":
// close to linear. The hand-written threats are sorted apart and merged.
func (a *analysis) sortedOrder() []int32 {
	type key struct {
		id string
		i  int32
	}
	byID := func(x, y key) int {
		if c := strings.Compare(x.id, y.id); c != 0 {
			return c
		}
		return slices.Compare(a.threats[x.i].Paths(), a.threats[y.i].Paths())
	}
	<-a.ranked
	ruleRank, nameRank := a.ruleRank, a.nameRank
	// Derived threats by rule, then by subject name: a counting sort by
	// name, then a stable one by rule.
	rule := make([]int32, len(a.threats))
	name := make([]int32, len(a.threats))
	var handwritten []key
	byName := make([]int32, len(nameRank)+1)
	for i := range a.threats {
		th := &a.threats[i]
		r, ok := ruleRank[th.RuleID]
		k := a.ix.elemKey(th.Subject)
		if th.Flow != nil {
			k = a.ix.elemKey(th.Flow)
		}
		if !ok || k < 0 {
			rule[i] = -1
			handwritten = append(handwritten, key{th.ID, int32(i)})
			continue
		}
		rule[i], name[i] = r, nameRank[k]
		byName[name[i]+1]++
	}
	for k := 1; k < len(byName); k++ {
		byName[k] += byName[k-1]
	}
	tmp := make([]int32, len(a.threats)-len(handwritten))
	for i := range a.threats {
		if rule[i] >= 0 {
			tmp[byName[name[i]]] = int32(i)
			byName[name[i]]++
		}
	}
	name, byName = nil, nil
	byRule := make([]int32, len(ruleRank)+1)
	for _, i := range tmp {
		byRule[rule[i]+1]++
	}
	for k := 1; k < len(byRule); k++ {
		byRule[k] += byRule[k-1]
	}
	keys := make([]key, len(tmp))
	for _, i := range tmp {
		keys[byRule[rule[i]]] = key{a.threats[i].ID, i}
		byRule[rule[i]]++
	}
	rule, tmp = nil, nil
	slices.SortFunc(keys, byID)
	slices.SortFunc(handwritten, byID)
	order := make([]int32, 0, len(a.threats))
	i, j := 0, 0
	for i < len(keys) || j < len(handwritten) {
		if j == len(handwritten) || i < len(keys) && byID(keys[i], handwritten[j]) <= 0 {
			order = append(order, keys[i].i)
			i++
			continue
		}
		order = append(order, handwritten[j].i)
		j++
	}
	return order
}

// ranks works out the rank of each rule ID followed by "@", and of each
// component's name and flow's key by elemKey, in string order, for
// sortedOrder, and closes a.ranked. It reads only the model and the
// catalog, so it runs beside derive on a large model.
func (a *analysis) ranks(rules []Rule) {
	defer close(a.ranked)
	ids := make([]string, len(rules))
	for i := range rules {
		ids[i] = rules[i].ID + "@"
	}
	slices.Sort(ids)
	ruleRank := make(map[string]int32, len(ids))
	for r, id := range ids {
		ruleRank[strings.TrimSuffix(id, "@")] = int32(r)
	}
	// The names beside their keys, so that the comparisons do not chase
	// every element's pointer.
	type named struct {
		name string
		k    int32
	}
	nc := len(a.ix.comps)
	els := make([]named, nc+len(a.ix.flows))
	for i, c := range a.ix.comps {
		els[i] = named{c.Name(), int32(i)}
	}
	for i, f := range a.ix.flows {
		els[nc+i] = named{f.Key(), int32(nc + i)}
	}
	slices.SortFunc(els, func(x, y named) int { return strings.Compare(x.name, y.name) })
	nameRank, byName := make([]int32, len(els)), make([]int32, len(els))
	for r, e := range els {
		nameRank[e.k], byName[r] = int32(r), e.k
	}
	a.ruleRank, a.nameRank, a.byName = ruleRank, nameRank, byName
}

// position returns the position of the first threat with the ID, once the
// threats are sorted: a binary search, rather than a map of every ID.
func (a *analysis) position(id string) (int, bool) {
	i := sort.Search(len(a.threats), func(i int) bool { return a.threats[i].ID >= id })
	return i, i < len(a.threats) && a.threats[i].ID == id
}

// applyMitigations marks mitigated the threats that the model's mitigations
// address by ID, with the mitigation as evidence, and records a finding for
// each ID that names no threat.
func (a *analysis) applyMitigations(pos func(string) (int, bool)) {
	for _, mi := range a.ix.m.Mitigations() {
		for _, id := range mi.Addresses() {
			if i, ok := pos(id); ok {
				th := &a.threats[i]
				th.Status = Mitigated
				th.AppliedMitigations = append(th.AppliedMitigations, mi.Name())
				var on threatmodel.Element
				if els := mi.On(); len(els) > 0 {
					on = els[0]
				}
				th.Evidence = append(th.Evidence, Evidence{Mitigation: mi, DeclaredAt: mi.Pos(), EnforcedAt: on, Backing: mi.Backing()})
				continue
			}
			a.finding(threatmodel.CodeMitigationUnmatched, mi, mi.Path()+".addresses",
				"the mitigation addresses threat "+quote(id)+", which is not in the report: correct the ID or remove it")
		}
	}
}

// applyAcceptances attaches each acceptance to its threat and marks the
// threat accepted unless it is mitigated or the acceptance has expired;
// it records a finding for an expired acceptance and for one that names no
// threat.
func (a *analysis) applyAcceptances(pos func(string) (int, bool)) {
	for _, acc := range a.ix.m.Acceptances() {
		id := acc.ThreatID()
		i, ok := pos(id)
		if !ok {
			a.finding(threatmodel.CodeAcceptanceUnmatched, acc, acc.Path(),
				"the acceptance names threat "+quote(id)+", which is not in the report: remove it or correct the ID")
			continue
		}
		th := &a.threats[i]
		if th.Acceptance != nil {
			continue // a duplicate acceptance is a threatmodel structural error
		}
		ar := &AcceptedRisk{Owner: acc.Owner(), Justification: acc.Justification(), Expires: acc.Expires(), Pos: acc.Pos()}
		if acc.Expired(a.cfg.at) {
			ar.Expired = true
			a.finding(threatmodel.CodeAcceptanceExpired, acc, acc.Path()+".expires",
				"the acceptance expired on "+acc.Expires().Format(time.DateOnly)+": review the risk and renew or remove it")
		}
		th.Acceptance = ar
		if th.Status != Mitigated && !ar.Expired {
			th.Status = Accepted
		}
	}
}

// applyOverrides sets the ratings the Override options give, keeping the
// computed ones and the reason, and records a finding for an override that
// names no threat.
func (a *analysis) applyOverrides(pos func(string) (int, bool)) {
	for _, o := range a.cfg.overrides {
		i, ok := pos(o.id)
		if !ok {
			a.findings = append(a.findings, &threatmodel.Finding{Code: threatmodel.CodeOverrideUnmatched, Severity: threatmodel.SeverityGap,
				Path: "overrides[" + quote(o.id) + "]", Message: "the override names a threat that is not in the report"})
			continue
		}
		th := &a.threats[i]
		th.Override = &RatingOverride{ComputedImpact: th.Impact, ComputedLikelihood: th.Likelihood, Reason: o.reason}
		th.Impact = cmp.Or(o.impact, th.Impact)
		th.Likelihood = cmp.Or(o.likelihood, th.Likelihood)
	}
}

// settleStatuses leaves open every threat neither mitigated nor accepted,
// lists each threat's mitigations once, by name, and computes its risk.
func (a *analysis) settleStatuses() {
	for i := range a.threats {
		th := &a.threats[i]
		if th.Status == 0 {
			th.Status = Open
		}
		// Sorted already unless a mitigation by ID was appended; a shared
		// slice is sorted and unique, and neither call writes to it.
		if !slices.IsSorted(th.AppliedMitigations) {
			slices.Sort(th.AppliedMitigations)
		}
		th.AppliedMitigations = slices.Compact(th.AppliedMitigations)
		// Likelihood so far is inherent: before any control. A mitigated
		// threat's residual likelihood is Low; an open or accepted one's
		// is its inherent likelihood.
		th.InherentLikelihood = th.Likelihood
		th.InherentRisk = RiskOf(th.Impact, th.InherentLikelihood)
		if th.Status == Mitigated {
			th.Likelihood = threatmodel.Low
		}
		th.Risk = RiskOf(th.Impact, th.Likelihood)
	}
}

func (a *analysis) finding(code threatmodel.Code, subject threatmodel.Element, path, msg string) {
	a.findings = append(a.findings, &threatmodel.Finding{
		Code: code, Severity: threatmodel.SeverityGap, Path: path, Pos: subject.Pos(), Message: msg, Subject: subject,
	})
}

func quote(s string) string { return "\"" + s + "\"" }

func (r *Report) find(id string) (int, bool) {
	return slices.BinarySearchFunc(r.Threats, id, func(t Threat, id string) int { return strings.Compare(t.ID, id) })
}

// providerCell reports whether what the category asks about on the element
// is its provider's to protect: the code (Tampering) and the availability
// (Denial of service) of a provider-managed component, and the
// availability of a flow to or from one.
func providerCell(el threatmodel.Element, cat Category) bool {
	switch e := el.(type) {
	case *threatmodel.Component:
		return providerRuns(e) && (cat == Tampering || cat == DenialOfService || cat == ElevationOfPrivilege)
	case *threatmodel.Flow:
		return cat == DenialOfService && (providerRuns(e.Source()) || providerRuns(e.Destination()))
	}
	return false
}
