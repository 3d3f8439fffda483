package reach

import (
	"slices"
	"strconv"

	"github.com/threatwright/threatwright/internal/par"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// GateAnswers answers the template's three gate questions from the
// analysis, as values a test can assert on.
type GateAnswers struct {
	// Boundaries answers "What is the worst thing an adversary can do at
	// each trust boundary?": one answer per zone, by name.
	Boundaries []BoundaryAnswer
	// ExecutionRoles answers "If the execution role is compromised, what
	// is the blast radius?": the blast radius of every role a process runs
	// as, by name.
	ExecutionRoles []RoleReach
	// Infrastructure and Application answer "Does the infrastructure have
	// the same threat coverage as the application code?" for in-scope
	// processes and data stores, split by threatmodel.Infrastructure.
	Infrastructure Coverage
	Application    Coverage
	// SameCoverage is true when the infrastructure leaves no larger share
	// of its threats open or accepted than the application does (see
	// Coverage.Unmitigated); false, too, when the analysis has no STRIDE
	// report (WithThreats) or a layer has no threat.
	SameCoverage bool
	// Coverage says it in one sentence, comparing the shares; empty
	// without a STRIDE report.
	Coverage string
}

// BoundaryAnswer is the worst an adversary can do at one trust boundary:
// the flows that cross it, those that cross it unprotected, and the most
// valuable asset an attack path reaches after entering it.
type BoundaryAnswer struct {
	Zone *tm.Zone
	// Crossings are the flows that cross the zone's boundary, either way,
	// by key.
	Crossings []*tm.Flow
	// Unauthenticated are the requests that enter the zone without
	// authenticating their sender.
	Unauthenticated []*tm.Flow
	// Unencrypted are the crossings sent in plaintext, over outdated TLS,
	// or without stated encryption.
	Unencrypted []*tm.Flow
	// Asset is the most critical and valuable asset an attack path
	// reaches after entering the zone, and Path the likeliest such path;
	// both nil when no attack path enters it.
	Asset *tm.Asset
	Path  *AttackPath
	// Worst says it in one sentence.
	Worst string
}

// Coverage counts how much of one kind of component the analysis covers.
type Coverage struct {
	// Components counts in-scope processes and data stores.
	Components int
	// WithControls counts those with at least one security control.
	WithControls int
	// WithIdentity counts those that run as a role or use a secret, whose
	// blast radius therefore rests on declared permissions.
	WithIdentity int
	// OnAttackPaths counts those that some attack path passes through.
	OnAttackPaths int
	// Threats counts the threats of the STRIDE report (WithThreats) about
	// those components, and Open, Accepted and Mitigated them by status;
	// all zero without a report.
	Threats, Open, Accepted, Mitigated int
	// Evidence counts the controls and mitigations that close (or, failing
	// or unverified in strict mode, would close) those threats, by the
	// state a verification run gave them (stride.WithVerification); zero
	// without a report.
	Evidence stride.EvidenceCounts
}

// Unmitigated returns the share of the layer's threats left open or
// accepted, in percent rounded down; 0 without threats.
func (c Coverage) Unmitigated() int {
	if c.Threats == 0 {
		return 0
	}
	return 100 * (c.Open + c.Accepted) / c.Threats
}

// gate answers the template's gate questions from the analysis: the worst
// at each trust boundary, the blast radius of the execution roles, and the
// threat coverage of infrastructure and application components.
// The threat counts (threatCounts), which need only the index and the
// STRIDE report, come from counted, computed meanwhile.
func (a *analyzer) gate(res *Result, counted func() (infra, app Coverage)) GateAnswers {
	var g GateAnswers
	g.Boundaries = a.boundaryAnswers(res)
	g.ExecutionRoles = executionRoles(res)
	g.Infrastructure, g.Application = a.gateCoverage(res.Components, res.Paths)
	if a.cfg.threats != nil {
		in, ap := counted()
		g.Infrastructure, g.Application = withThreats(g.Infrastructure, in), withThreats(g.Application, ap)
		threatCoverage(&g)
	}
	return g
}

// withThreats returns the coverage c with the threat and evidence counts
// of t.
func withThreats(c, t Coverage) Coverage {
	t.Components, t.WithControls, t.WithIdentity, t.OnAttackPaths = c.Components, c.WithControls, c.WithIdentity, c.OnAttackPaths
	return t
}

// countThreats starts threatCounts beside the rest of the analysis, which
// it shares only the index with, and returns a function that waits for its
// answer; without a STRIDE report it does nothing.
func (a *analyzer) countThreats() func() (infra, app Coverage) {
	var in, ap Coverage
	if a.cfg.threats == nil {
		return func() (Coverage, Coverage) { return in, ap }
	}
	wait := par.Start(func() { in, ap = a.threatCounts() })
	return func() (Coverage, Coverage) {
		wait()
		return in, ap
	}
}

// threatCounts counts the STRIDE report's threats on the in-scope
// infrastructure and application components by status, and the evidence
// that closes them (Coverage.Threats to Coverage.Evidence). It reads only
// the report and the index's components.
func (a *analyzer) threatCounts() (in, ap Coverage) {
	rep := a.cfg.threats
	layer := func(t *stride.Threat) *tm.Component {
		c, ok := t.Subject.(*tm.Component)
		if !ok || c == nil || !a.x.has(c) || c.Kind() == tm.ExternalEntity || !c.InScope() {
			return nil
		}
		return c
	}
	inLayer := func(infra bool) func(*stride.Threat) bool {
		return func(t *stride.Threat) bool { c := layer(t); return c != nil && c.Infrastructure() == infra }
	}
	in.Evidence = rep.CountEvidence(inLayer(true))
	ap.Evidence = rep.CountEvidence(inLayer(false))
	for i := range rep.Threats {
		t := &rep.Threats[i]
		c := layer(t)
		if c == nil {
			continue
		}
		cov := &ap
		if c.Infrastructure() {
			cov = &in
		}
		cov.Threats++
		switch t.Status {
		case stride.Open:
			cov.Open++
		case stride.Accepted:
			cov.Accepted++
		default:
			cov.Mitigated++
		}
	}
	return in, ap
}

// threatCoverage compares the shares of the infrastructure's and the
// application's threats left open or accepted.
func threatCoverage(g *GateAnswers) {
	in, ap := g.Infrastructure, g.Application
	shares := strconv.Itoa(in.Unmitigated()) + "% of " + count(in.Threats, "infrastructure threat", "infrastructure threats") +
		" open or accepted (" + strconv.Itoa(in.Open) + " open), against " + strconv.Itoa(ap.Unmitigated()) + "% of " +
		count(ap.Threats, "application threat", "application threats") + " (" + strconv.Itoa(ap.Open) + " open)"
	switch {
	case in.Threats == 0 || ap.Threats == 0:
		g.Coverage = "Not comparable: " + shares + "."
	case in.Unmitigated() <= ap.Unmitigated():
		g.SameCoverage = true
		g.Coverage = "Yes: " + shares + "."
	default:
		g.Coverage = "No: the infrastructure leaves more unmitigated, " + shares + "."
	}
}

// boundaryAnswers returns one answer per zone, by name: the flows that cross
// its boundary, unprotected or not, and the likeliest attack path that
// enters it.
func (a *analyzer) boundaryAnswers(res *Result) []BoundaryAnswer {
	zones := sortedByName(a.x.m.Zones())
	at := make(map[*tm.Zone]int, len(zones))
	bs := make([]BoundaryAnswer, len(zones))
	for i, z := range zones {
		at[z] = i
		bs[i].Zone = z
	}
	a.addCrossings(bs, at)
	a.addEnteringPaths(bs, at, res)
	for i := range bs {
		bs[i].Worst = worst(&bs[i])
	}
	return bs
}

// addCrossings adds each flow, in key order, to the answers of the zones
// whose boundary it crosses: as a crossing, as unencrypted, and as
// unauthenticated when it is a request that enters the zone without
// authenticating its sender.
//
// It runs twice: once to count each zone's flows, once to fill its lists,
// carved out of one array per kind of list.
func (a *analyzer) addCrossings(bs []BoundaryAnswer, at map[*tm.Zone]int) {
	counts := make([][3]int32, len(bs)) // per zone: crossings, unencrypted, unauthenticated
	visit := func(fill bool) {
		for _, f := range a.x.flows {
			c := f.Crossing()
			enc := f.Encryption()
			plain := !enc.Encrypted() || enc.Weak()
			open := f.ResponseTo() == nil && !Authenticated(f)
			for _, zs := range [2][]*tm.Zone{c.Exits, c.Enters} {
				for _, z := range zs {
					i, ok := at[z]
					if !ok {
						continue
					}
					unauth := open && slices.Contains(c.Enters, z)
					if !fill {
						counts[i][0]++
						if plain {
							counts[i][1]++
						}
						if unauth {
							counts[i][2]++
						}
						continue
					}
					b := &bs[i]
					b.Crossings = append(b.Crossings, f)
					if plain {
						b.Unencrypted = append(b.Unencrypted, f)
					}
					if unauth {
						b.Unauthenticated = append(b.Unauthenticated, f)
					}
				}
			}
		}
	}
	visit(false)
	var total [3]int32
	for _, n := range counts {
		for k := range total {
			total[k] += n[k]
		}
	}
	var arrays [3][]*tm.Flow
	for k := range arrays {
		arrays[k] = make([]*tm.Flow, total[k])
	}
	var next [3]int32
	for i := range bs {
		lists := [3]*[]*tm.Flow{&bs[i].Crossings, &bs[i].Unencrypted, &bs[i].Unauthenticated}
		for k, l := range lists {
			if n := counts[i][k]; n > 0 {
				*l = arrays[k][next[k] : next[k] : next[k]+n]
				next[k] += n
			}
		}
	}
	visit(true)
}

// addEnteringPaths gives each zone the first attack path, in the result's
// order (most critical asset and likeliest path first), that enters it over
// a flow, and the asset that path reaches: of the flows that enter the
// zone, the first path over any (Result.PathsOver's first).
func (a *analyzer) addEnteringPaths(bs []BoundaryAnswer, at map[*tm.Zone]int, res *Result) {
	first := make([]int32, len(bs)) // per zone: 1 + the first path that enters it
	for fi, f := range a.x.byIndex {
		if res.overAt[fi] == res.overAt[fi+1] {
			continue
		}
		p := res.overPath[res.overAt[fi]] + 1
		for _, z := range f.Crossing().Enters {
			if i, ok := at[z]; ok && (first[i] == 0 || p < first[i]) {
				first[i] = p
			}
		}
	}
	for i, p := range first {
		if p > 0 {
			path := &res.Paths[p-1]
			bs[i].Path, bs[i].Asset = path, path.Asset
		}
	}
}

// executionRoles returns the blast radius of the roles a process runs as,
// by name.
func executionRoles(res *Result) []RoleReach {
	runs := func(c *tm.Component) bool { return c.Kind() == tm.Process }
	var ids []int
	for i, r := range res.x.roles {
		if slices.ContainsFunc(assumedBy(r), runs) {
			ids = append(ids, i)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	out := make([]RoleReach, len(ids))
	for j, i := range ids {
		out[j] = *res.roles.get(i)
	}
	return out
}

// gateCoverage counts, for in-scope infrastructure and application
// components (external entities left out), those with controls, those with
// an identity, and those some attack path passes through.
func (a *analyzer) gateCoverage(comps []ComponentReach, paths []AttackPath) (infra, app Coverage) {
	x := a.x
	onPath := make([]bool, len(x.comps)) // by Component.Index
	mark := func(el tm.Element) {
		if c, ok := el.(*tm.Component); ok && x.has(c) {
			onPath[c.Index()] = true
		}
	}
	for i := range paths {
		for j := range paths[i].Steps {
			s := &paths[i].Steps[j]
			mark(s.From)
			mark(s.To)
		}
	}
	for _, cr := range comps {
		c := cr.Component
		if c.Kind() == tm.ExternalEntity || !c.InScope() {
			continue
		}
		cov := &app
		if c.Infrastructure() {
			cov = &infra
		}
		cov.Components++
		if len(c.Controls()) > 0 {
			cov.WithControls++
		}
		if len(rolesOf(c)) > 0 || len(cr.Secrets) > 0 {
			cov.WithIdentity++
		}
		if x.has(c) && onPath[c.Index()] {
			cov.OnAttackPaths++
		}
	}
	return infra, app
}

// worst phrases a boundary answer in one sentence.
func worst(b *BoundaryAnswer) string {
	if p := b.Path; p != nil {
		var how string
		for _, s := range p.Steps {
			if s.Flow != nil && slices.Contains(s.Flow.Crossing().Enters, b.Zone) {
				how = " over \"" + s.Flow.Key() + "\" (" + s.Weakness.String() + ")"
				break
			}
		}
		return "An attacker entering" + how + " reaches " + p.Asset.Name() + " (" + p.Asset.Value().String() +
			" value, " + p.Asset.Criticality().String() + ") in " + count(len(p.Steps), "step", "steps") +
			", likelihood " + p.Likelihood.String() + "."
	}
	switch {
	case len(b.Unauthenticated) > 0:
		return "No attack path enters it, but " + count(len(b.Unauthenticated), "request", "requests") +
			" without authentication, first \"" + b.Unauthenticated[0].Key() + "\"."
	case len(b.Crossings) > 0:
		return "No attack path enters it; " + count(len(b.Crossings), "flow crosses", "flows cross") + " it."
	}
	return "No flow crosses it."
}

// count writes n with the singular or plural words that follow it.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
