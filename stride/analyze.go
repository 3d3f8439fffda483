package stride

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

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
	a := analysis{ix: newIndex(m), cfg: &cfg}
	// About five threats per element with the built-in catalog.
	a.threats = make([]Threat, 0, 6*(len(a.ix.comps)+len(a.ix.flows))+len(m.Threats()))
	a.contradictions()
	a.derive(rules)
	a.handwritten()
	a.resolve()
	return a.report(), nil
}

// analysis is the state of one Analyze call.
type analysis struct {
	ix      *index
	cfg     *config
	threats []Threat
	// subj holds, for each threat, the dense key of its subject (see
	// elemKey), -1 for hand-written threats.
	subj     []int32
	findings []*threatmodel.Finding
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

// derive evaluates every rule on every element and interaction of its kinds.
func (a *analysis) derive(rules []Rule) {
	var byKind [5][]*Rule
	for i := range rules {
		r := &rules[i]
		for _, k := range r.Kinds {
			if !slices.Contains(byKind[k], r) {
				byKind[k] = append(byKind[k], r)
			}
		}
	}
	t := &Target{ix: a.ix}
	for _, c := range a.ix.comps {
		if !c.InScope() {
			continue
		}
		for _, r := range byKind[c.Kind()] {
			if !Applies(r.Category, c) {
				continue
			}
			switch r.Scope {
			case PerElement:
				*t = Target{Kind: c.Kind(), Component: c, ix: a.ix}
				a.evaluate(r, t)
			case PerIncomingFlow:
				for _, f := range c.Incoming() {
					*t = Target{Kind: c.Kind(), Component: c, Flow: f, Source: f.Source(), Destination: c, Crossing: f.Crossing(), ix: a.ix}
					a.evaluate(r, t)
				}
			case PerOutgoingFlow:
				for _, f := range c.Outgoing() {
					*t = Target{Kind: c.Kind(), Component: c, Flow: f, Source: c, Destination: f.Destination(), Crossing: f.Crossing(), ix: a.ix}
					a.evaluate(r, t)
				}
			}
		}
	}
	for _, f := range a.ix.flows {
		if f.ResponseTo() != nil {
			continue // part of its request's interaction (Target.Interaction)
		}
		for _, r := range byKind[threatmodel.DataFlow] {
			if !Applies(r.Category, f) {
				continue
			}
			*t = Target{Kind: threatmodel.DataFlow, Flow: f, Source: f.Source(), Destination: f.Destination(), Crossing: f.Crossing(), ix: a.ix}
			a.evaluate(r, t)
		}
	}
}

// evaluate runs one rule on one target and records the threats it derives.
func (a *analysis) evaluate(r *Rule, t *Target) {
	if r.Match != nil {
		if r.Match(t) {
			a.derived(r, t)
		}
		return
	}
	items := r.MatchEach(t)
	for _, it := range items {
		if it == nil {
			continue
		}
		t.Item = it
		a.derived(r, t)
	}
	t.Item = nil
}

// derived builds the threat a rule derives on a target.
func (a *analysis) derived(r *Rule, t *Target) {
	th := Threat{
		ID:          threatID(r.ID, t),
		RuleID:      r.ID,
		Category:    r.Category,
		Title:       r.Title,
		Description: r.Description,
		AttackPaths: r.AttackPaths,
		Mitigations: r.Mitigations,
		CAPEC:       r.CAPEC,
		CWE:         r.CWE,
		Flow:        t.Flow,
	}
	subject := t.Element()
	th.Subject = subject
	th.Involved = make([]threatmodel.Element, 1, 4)
	th.Involved[0] = subject
	th.Pos = a.ix.posOf(subject)
	if t.Component != nil && t.Flow != nil {
		th.Involved = append(th.Involved, t.Flow)
		other := t.Source
		if other == t.Component {
			other = t.Destination
		}
		if other != nil {
			th.Involved = append(th.Involved, other)
		}
	}
	if t.Item != nil {
		th.Involved = append(th.Involved, t.Item)
	}
	if t.Flow != nil {
		th.Crossing = a.ix.crossingOf(t.Flow)
	}

	// Evidence: a control enforced where the rule says, or a property.
	th.Evidence = t.ruleEvidence(r)
	th.Controls = controlsOf(th.Evidence)
	th.AppliedMitigations = mitigationsOf(th.Evidence)
	if len(th.Evidence) > 0 {
		th.Status = Mitigated
	}
	th.Impact, th.Likelihood = a.ix.rate(t, r)
	a.threats = append(a.threats, th)
	a.subj = append(a.subj, a.ix.elemKey(subject))
}

// threatID is the rule's ID, "@", the subject, and " (item)" for MatchEach.
func threatID(ruleID string, t *Target) string {
	var b strings.Builder
	b.WriteString(ruleID)
	b.WriteByte('@')
	if t.Flow != nil {
		b.WriteString(t.Flow.Key())
	} else {
		b.WriteString(t.Component.Name())
	}
	if t.Item != nil {
		b.WriteString(" (")
		b.WriteString(t.Item.Name())
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
	a.applyAcceptances(pos)
	a.applyOverrides(pos)
	a.settleStatuses()
}

// sortThreats orders the threats by ID, then by the paths of what they are
// about, and returns the position of the first threat with each ID.
func (a *analysis) sortThreats() map[string]int {
	// Sort an index rather than the threats themselves: a Threat is large.
	order := make([]int32, len(a.threats))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int {
		x, y := &a.threats[i], &a.threats[j]
		if c := strings.Compare(x.ID, y.ID); c != 0 {
			return c
		}
		return slices.Compare(x.Paths(), y.Paths())
	})
	sorted := make([]Threat, len(a.threats))
	subj := make([]int32, len(a.subj))
	for i, j := range order {
		sorted[i], subj[i] = a.threats[j], a.subj[j]
	}
	a.threats, a.subj = sorted, subj
	pos := make(map[string]int, len(a.threats))
	for i := range a.threats {
		if _, dup := pos[a.threats[i].ID]; !dup {
			pos[a.threats[i].ID] = i
		}
	}
	return pos
}

// applyMitigations marks mitigated the threats that the model's mitigations
// address by ID, with the mitigation as evidence, and records a finding for
// each ID that names no threat.
func (a *analysis) applyMitigations(pos map[string]int) {
	for _, mi := range a.ix.m.Mitigations() {
		for _, id := range mi.Addresses() {
			if i, ok := pos[id]; ok {
				th := &a.threats[i]
				th.Status = Mitigated
				th.AppliedMitigations = append(th.AppliedMitigations, mi.Name())
				var on threatmodel.Element
				if els := mi.On(); len(els) > 0 {
					on = els[0]
				}
				th.Evidence = append(th.Evidence, Evidence{Mitigation: mi, DeclaredAt: mi.Pos(), EnforcedAt: on})
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
func (a *analysis) applyAcceptances(pos map[string]int) {
	for _, acc := range a.ix.m.Acceptances() {
		id := acc.ThreatID()
		i, ok := pos[id]
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
func (a *analysis) applyOverrides(pos map[string]int) {
	for _, o := range a.cfg.overrides {
		i, ok := pos[o.id]
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
		slices.Sort(th.AppliedMitigations)
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

// report builds the coverage matrix and the summary: the threats of each
// element, a coverage row per element in scope, the residual summary and
// the findings, waived and sorted.
func (a *analysis) report() *Report {
	r := &Report{Model: a.ix.m.Name(), Threats: a.threats, JudgedAt: a.cfg.at}
	byElem := a.threatsByElement(r)
	a.coverage(r, byElem)
	residual(r)
	r.Findings = a.sortedFindings()
	return r
}

// threatsByElement returns the threats of each element, by dense key, in
// report order: the derived threats of their subject and the hand-written
// threats of every element they are about.
func (a *analysis) threatsByElement(r *Report) [][]int32 {
	byElem := make([][]int32, len(a.ix.comps)+len(a.ix.flows))
	for i, k := range a.subj {
		if k >= 0 {
			byElem[k] = append(byElem[k], int32(i))
		}
	}
	// A response shares the derived threats about its request's flow: they
	// are about the whole interaction (Target.Interaction).
	for _, f := range a.ix.flows {
		if req := f.ResponseTo(); req != nil && a.ix.ownsFlow(req) {
			k := a.ix.elemKey(f)
			byElem[k] = append(byElem[k], byElem[a.ix.elemKey(req)]...)
			slices.Sort(byElem[k])
		}
	}
	// Hand-written threats count for every element they are about.
	for _, ht := range a.ix.m.Threats() {
		j, ok := r.find(ht.ID())
		if !ok {
			continue
		}
		for _, el := range ht.About() {
			if k := a.ix.elemKey(el); k >= 0 && !slices.Contains(byElem[k], int32(j)) {
				byElem[k] = append(byElem[k], int32(j))
				slices.Sort(byElem[k])
			}
		}
	}
	return byElem
}

// coverage records the threats on each component and flow, and adds a
// coverage row for every component in scope and every flow, sorted by
// kind, subject and path.
func (a *analysis) coverage(r *Report, byElem [][]int32) {
	r.on = make(map[threatmodel.Element][]int32)
	for _, c := range a.ix.comps {
		if ts := byElem[a.ix.elemKey(c)]; len(ts) > 0 {
			r.on[c] = ts
		}
		if c.InScope() {
			a.coverageRowOf(r, byElem[a.ix.elemKey(c)], c, c.Name(), c.Kind())
		}
	}
	for _, f := range a.ix.flows {
		if ts := byElem[a.ix.elemKey(f)]; len(ts) > 0 {
			r.on[f] = ts
		}
	}
	via := a.threatsThroughFlows()
	for _, f := range a.ix.flows {
		ts := byElem[a.ix.elemKey(f)]
		req := f
		if f.ResponseTo() != nil && a.ix.ownsFlow(f.ResponseTo()) {
			req = f.ResponseTo()
		}
		if len(via[req.Index()]) > 0 {
			ts = slices.Concat(ts, via[req.Index()])
			slices.Sort(ts)
			ts = slices.Compact(ts)
		}
		a.coverageRowOf(r, ts, f, f.Key(), threatmodel.DataFlow)
	}
	slices.SortFunc(r.Coverage, func(x, y Coverage) int {
		if c := cmp.Compare(x.Kind, y.Kind); c != 0 {
			return c
		}
		if c := strings.Compare(x.Subject, y.Subject); c != 0 {
			return c
		}
		return strings.Compare(x.Path, y.Path)
	})
}

// threatsThroughFlows returns, by the index of each request flow, the
// derived threats about a component through a flow of that request's
// interaction (PerIncomingFlow and PerOutgoingFlow rules): they cover the
// flow's cells of their category too, in the coverage matrix, as they do
// for the generic flow rules (see uncovered).
func (a *analysis) threatsThroughFlows() [][]int32 {
	via := make([][]int32, len(a.ix.flows))
	for i := range a.threats {
		th := &a.threats[i]
		if th.RuleID == "" || th.Flow == nil || th.Subject == threatmodel.Element(th.Flow) {
			continue
		}
		f := th.Flow
		if f.ResponseTo() != nil && a.ix.ownsFlow(f.ResponseTo()) {
			f = f.ResponseTo()
		}
		if a.ix.ownsFlow(f) {
			via[f.Index()] = append(via[f.Index()], int32(i))
		}
	}
	return via
}

// coverageRowOf adds the coverage row of an element: a cell per applicable
// STRIDE category, with the threats in it and the worst of their statuses;
// when there are none, provider-managed where the provider protects what
// the category asks about (providerCell), otherwise not covered, counted
// in the residual summary.
func (a *analysis) coverageRowOf(r *Report, threats []int32, el threatmodel.Element, subject string, kind threatmodel.Kind) {
	cov := Coverage{Element: el, Subject: subject, Path: a.ix.pathOf(el), Kind: kind, Pos: a.ix.posOf(el)}
	for _, cat := range applicable(el) {
		cell := Cell{Category: cat, Status: NotCovered}
		for _, i := range threats {
			th := &a.threats[i]
			if th.Category != cat {
				continue
			}
			if cell.Status == NotCovered {
				cell.Status = Mitigated
			}
			cell.Threats = append(cell.Threats, th.ID)
			cell.Status = max(cell.Status, th.Status)
		}
		if cell.Status == NotCovered && providerCell(el, cat) {
			cell.Status = ProviderManaged
		}
		if cell.Status == NotCovered {
			r.Residual.NotCovered++
		}
		cov.Cells = append(cov.Cells, cell)
	}
	r.Coverage = append(r.Coverage, cov)
}

// residual counts the report's threats by status, and the accepted and
// open ones by risk, in the residual summary.
func residual(r *Report) {
	for _, th := range r.Threats {
		r.Residual.Threats++
		switch th.Status {
		case Mitigated:
			r.Residual.Mitigated++
		case Accepted:
			r.Residual.Accepted++
			r.Residual.AcceptedByRisk.add(th.Risk)
		case Open:
			r.Residual.Open++
			r.Residual.OpenByRisk.add(th.Risk)
		}
	}
}

// sortedFindings applies the model's waivers for the analysis stage to the
// findings and sorts them by position, path, code and message.
func (a *analysis) sortedFindings() []*threatmodel.Finding {
	a.findings = a.ix.m.ApplyWaivers(threatmodel.StageAnalyze, a.findings)
	slices.SortFunc(a.findings, func(x, y *threatmodel.Finding) int {
		return cmp.Or(strings.Compare(x.Pos.File, y.Pos.File), cmp.Compare(x.Pos.Line, y.Pos.Line),
			strings.Compare(x.Path, y.Path), strings.Compare(string(x.Code), string(y.Code)),
			strings.Compare(x.Message, y.Message))
	})
	return a.findings
}

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
		return providerRuns(e) && (cat == Tampering || cat == DenialOfService)
	case *threatmodel.Flow:
		return cat == DenialOfService && (providerRuns(e.Source()) || providerRuns(e.Destination()))
	}
	return false
}
