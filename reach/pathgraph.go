package reach

import (
	"cmp"
	"slices"
	"strings"

	"github.com/threatwright/threatwright/internal/graph"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// This file builds the attack graph and searches it for attack paths: the
// attacker's starting points, leaked secrets, each component's steps, and
// the weaknesses that enable them. path.go holds the types of the result.

// cost turns a likelihood into an additive cost, roughly -log2 of a
// probability: High 1, Medium 2, Low 4.
func cost(l tm.Level) int32 {
	switch l {
	case tm.High:
		return 1
	case tm.Low:
		return 4
	}
	return 2
}

// attackGraph is the graph the search runs on: node 0 is the attacker; each
// component has a node for "reaches its input" and one for "controls it";
// each asset a node. Each edge is a step of an attack path.
type attackGraph struct {
	a     *analyzer
	b     *graph.Builder
	steps []Step
	nc    int // components
	n     int // nodes
	// threats are the open threats of each component and flow (see
	// openThreats).
	threats map[tm.Element][]string
	// flagged holds the permissions named by least-privilege findings.
	flagged map[*tm.Permission]bool
}

// reachNode, ownNode and assetNode are the nodes for "reaches the input of
// component ci", "controls component ci" and "obtains asset as".
func (g *attackGraph) reachNode(ci int) int { return 1 + 2*int(g.a.x.rank[ci]) }
func (g *attackGraph) ownNode(ci int) int   { return 2 + 2*int(g.a.x.rank[ci]) }
func (g *attackGraph) assetNode(as *tm.Asset) int {
	return 1 + 2*g.nc + int(g.a.x.assetID[as])
}

// add adds step s as an edge, its cost that of the step's likelihood.
func (g *attackGraph) add(from, to int, s Step) {
	g.b.Add(from, to, cost(s.Likelihood), int32(len(g.steps)))
	g.steps = append(g.steps, s)
}

// option is a weakness that may enable a step, with its likelihood.
type option struct {
	w       Weakness
	l       tm.Level
	threats []string
}

// best returns the likeliest option; the earliest wins a tie.
func best(opts []option) (option, bool) {
	if len(opts) == 0 {
		return option{}, false
	}
	b := opts[0]
	for _, o := range opts[1:] {
		if o.l > b.l {
			b = o
		}
	}
	return b, true
}

// attackPaths builds the attack graph and returns the top paths per asset.
// The steps are added in a fixed order (starting points, leaked secrets,
// then each component by name), which decides between equally likely
// paths.
func (a *analyzer) attackPaths(comps []ComponentReach, secrets []SecretReach, findings []Finding) []AttackPath {
	g := a.newAttackGraph(comps, secrets, findings)
	g.addStarts()
	g.addLeaks(secrets)
	for i, ci := range a.x.byName {
		g.addComponentSteps(int(ci), &comps[i])
	}
	return g.extractPaths()
}

// newAttackGraph sizes the attack graph for the model and gathers what its
// steps depend on: the open threats and the permissions that least-privilege
// findings flag.
func (a *analyzer) newAttackGraph(comps []ComponentReach, secrets []SecretReach, findings []Finding) *attackGraph {
	x := a.x
	nc := len(x.comps)
	n := 1 + 2*nc + len(x.assets)
	g := &attackGraph{a: a, b: graph.NewBuilder(n), nc: nc, n: n}
	edges := 2*len(x.flows) + 2*nc
	for i := range comps {
		edges += len(comps[i].Reach)
	}
	for i := range secrets {
		edges += len(secrets[i].Reach)
	}
	g.b.Grow(edges)
	g.steps = make([]Step, 0, edges)
	g.threats = a.openThreats()
	g.flagged = make(map[*tm.Permission]bool)
	for _, f := range findings {
		if f.Permission != nil {
			g.flagged[f.Permission] = true
		}
	}
	return g
}

// addStarts adds the attacker's starting points: control of every component
// in an untrusted zone, and of every external entity in a semi-trusted or
// trusted zone (an insider), each as likely as its zone is untrusted.
func (g *attackGraph) addStarts() {
	x := g.a.x
	for _, ci := range x.byName {
		c := x.comps[ci]
		z := c.Zone()
		if z == nil {
			continue
		}
		var l tm.Level
		switch {
		case z.Trust() <= tm.Untrusted:
			l = tm.High
		case c.Kind() != tm.ExternalEntity:
			continue
		case z.Trust() == tm.SemiTrusted:
			l = tm.Medium
		default:
			l = tm.Low
		}
		g.add(0, g.ownNode(int(ci)), Step{Kind: StepStart, To: c, Weakness: UntrustedSource, Likelihood: l})
	}
}

// addLeaks adds, for each secret that can leak on its own, a step from the
// attacker to what it grants: an asset, control of a process, or a call to
// one.
func (g *attackGraph) addLeaks(secrets []SecretReach) {
	for _, sr := range secrets {
		l, ok := leakLikelihood(sr.Secret)
		if !ok {
			continue
		}
		for _, e := range sr.Reach {
			if viaTakeover(e) {
				continue // the takeover's own step leads there
			}
			s := Step{Kind: StepLeak, To: e.Element, Secret: sr.Secret, Weakness: LeakedSecret, Likelihood: l}
			if len(e.Via) > 0 {
				s.Role = e.Via[0].Role()
			}
			switch el := e.Element.(type) {
			case *tm.Asset:
				g.add(0, g.assetNode(el), s)
			case *tm.Component:
				switch {
				case el.Kind() != tm.Process:
				case e.Takeover:
					g.add(0, g.ownNode(el.Index()), s)
				case e.Access&tm.Write != 0:
					g.add(0, g.reachNode(el.Index()), s)
				}
			}
		}
	}
}

// addComponentSteps adds the steps out of component ci: from "reaches its
// input" (a process forwards the input or is taken over, a data store
// serves what it holds), then from "controls it" (enter the next component
// over a flow, use what it holds and its identity).
func (g *attackGraph) addComponentSteps(ci int, cr *ComponentReach) {
	c := g.a.x.comps[ci]
	if c.Kind() == tm.Process {
		g.addForwards(ci)
		g.addCompromise(ci)
	}
	if c.Kind() == tm.DataStore {
		g.addServed(ci)
	}
	g.addEntries(ci)
	if c.Kind() == tm.ExternalEntity {
		return // the attacker stands there; they do not hold its identity
	}
	g.addAccess(ci, cr)
}

// addForwards adds the steps by which process ci passes the attacker's input
// on over its request flows to the next process or data store.
func (g *attackGraph) addForwards(ci int) {
	x := g.a.x
	c := x.comps[ci]
	for _, f := range x.out[ci] {
		d := f.Destination()
		if f.ResponseTo() != nil || d == nil || d == c || !x.has(d) || d.Kind() == tm.ExternalEntity {
			continue
		}
		l := tm.Medium
		if c.Has(tm.InputValidation) || f.Has(tm.InputValidation) {
			l = tm.Low
		}
		g.add(g.reachNode(ci), g.reachNode(d.Index()),
			Step{Kind: StepForward, From: c, To: d, Flow: f, Weakness: ForwardedInput, Likelihood: l})
	}
}

// addCompromise adds the step by which the attacker's input takes process ci
// over: missing input validation or an open threat, the likelier of the two.
func (g *attackGraph) addCompromise(ci int) {
	c := g.a.x.comps[ci]
	var opts []option
	if !c.Has(tm.InputValidation) {
		l := tm.Medium
		if g.a.fromLowerTrust(ci) {
			l = tm.High
		}
		opts = append(opts, option{w: MissingInputValidation, l: l})
	}
	if ids := g.threats[c]; len(ids) > 0 {
		opts = append(opts, option{w: OpenThreat, l: tm.Medium, threats: ids})
	}
	if o, ok := best(opts); ok {
		g.add(g.reachNode(ci), g.ownNode(ci),
			Step{Kind: StepCompromise, From: c, To: c, Weakness: o.w, Likelihood: o.l, Threats: o.threats})
	}
}

// addServed adds the steps by which data store ci serves the assets it
// stores to whoever reaches it: all of them without authorization, the
// caller's records with it, or through an open threat.
func (g *attackGraph) addServed(ci int) {
	x := g.a.x
	c := x.comps[ci]
	opts := []option{{w: ServedToCaller, l: tm.Low}}
	if !c.Has(tm.Authorization) {
		opts = []option{{w: MissingAuthorization, l: tm.High}}
	}
	if ids := g.threats[c]; len(ids) > 0 {
		opts = append(opts, option{w: OpenThreat, l: tm.Medium, threats: ids})
	}
	o, _ := best(opts)
	for _, as := range c.Stores() {
		if _, ok := x.assetID[as]; ok {
			g.add(g.reachNode(ci), g.assetNode(as),
				Step{Kind: StepObtain, From: c, To: as, Weakness: o.w, Likelihood: o.l, Threats: o.threats})
		}
	}
}

// addEntries adds the steps from control of component ci over each of its
// flows to the component at the other end, which acts on the attacker's
// input, through the likeliest weakness of the flow (see entry).
func (g *attackGraph) addEntries(ci int) {
	x := g.a.x
	c := x.comps[ci]
	for _, f := range x.out[ci] {
		d := f.Destination()
		if d == nil || d == c || !x.has(d) || d.Kind() == tm.ExternalEntity {
			continue
		}
		if o, ok := best(g.a.entry(c, d, f, g.threats[f])); ok {
			g.add(g.ownNode(ci), g.reachNode(d.Index()),
				Step{Kind: StepEnter, From: c, To: d, Flow: f, Weakness: o.w, Likelihood: o.l, Threats: o.threats})
		}
	}
}

// addAccess adds the steps from control of component ci to what its blast
// radius reaches: the assets it holds, and the assets and processes its
// roles and secrets reach (over-broad when every permission used is flagged
// by a least-privilege finding).
func (g *attackGraph) addAccess(ci int, cr *ComponentReach) {
	c := g.a.x.comps[ci]
	for _, e := range cr.Reach {
		if viaTakeover(e) {
			continue // the takeover's own step leads there
		}
		s := Step{From: c, To: e.Element, Secret: e.Secret, Kind: StepUseAccess, Weakness: IdentityAccess, Likelihood: tm.High}
		if len(e.Chain) == 0 {
			s.Kind, s.Weakness = StepObtain, HeldAsset
		} else if len(e.Via) > 0 {
			s.Role = e.Via[0].Role()
			if !slices.ContainsFunc(e.Via, func(p *tm.Permission) bool { return !g.flagged[p] }) {
				s.Weakness = OverBroadRole
			}
		}
		switch el := e.Element.(type) {
		case *tm.Asset:
			if e.Access != 0 {
				g.add(g.ownNode(ci), g.assetNode(el), s)
			}
		case *tm.Component:
			switch {
			case el == c || el.Kind() != tm.Process:
			case e.Takeover:
				g.add(g.ownNode(ci), g.ownNode(el.Index()), s)
			case e.Access&tm.Write != 0:
				// A call (lambda:InvokeFunction): the attacker's
				// input reaches the process.
				g.add(g.ownNode(ci), g.reachNode(el.Index()), s)
			}
		}
	}
}

// extractPaths searches the graph for the k likeliest paths from the
// attacker to each asset and returns them, the most critical and most
// valuable asset first, each asset's paths ranked by cost.
func (g *attackGraph) extractPaths() []AttackPath {
	found := g.search()
	assets := slices.Clone(g.a.x.assets)
	slices.SortStableFunc(assets, func(p, q *tm.Asset) int {
		return cmp.Or(-cmp.Compare(p.Criticality(), q.Criticality()), -cmp.Compare(p.Value(), q.Value()))
	})
	var out []AttackPath
	for _, as := range assets {
		for r, l := range found.At(g.assetNode(as)) {
			out = append(out, g.path(as, r+1, found, l))
		}
	}
	return out
}

// search runs the k-shortest-paths search from the attacker. A path comes
// back to no component: a component's two nodes share a class, with
// "reaches its input" ranked below "controls it", so a path may go on from
// reaching a component's input to controlling it, never back.
func (g *attackGraph) search() *graph.Paths {
	x := g.a.x
	dg := g.b.Build()
	class := make([]int32, g.n)
	rank := make([]uint8, g.n)
	for i := range class {
		class[i] = -1
	}
	for ci := range x.comps {
		r := x.rank[ci]
		class[g.reachNode(ci)], rank[g.reachNode(ci)] = r, 1
		class[g.ownNode(ci)], rank[g.ownNode(ci)] = r, 2
	}
	return dg.KShortest(0, graph.Search{K: g.a.cfg.k, MaxHops: maxSteps, Class: class, Rank: rank})
}

// path turns search path l to asset as into an attack path of the given
// rank: its steps, its likelihood (that of its least likely step) and where
// the attacker starts.
func (g *attackGraph) path(as *tm.Asset, rank int, found *graph.Paths, l int32) AttackPath {
	p := AttackPath{Asset: as, Rank: rank, Cost: int(found.Cost(l))}
	for _, id := range found.Edges(l) {
		s := g.steps[id]
		if p.Likelihood == 0 || s.Likelihood < p.Likelihood {
			p.Likelihood = s.Likelihood
		}
		p.Steps = append(p.Steps, s)
	}
	if len(p.Steps) > 0 && p.Steps[0].Kind == StepStart {
		p.Source, _ = p.Steps[0].To.(*tm.Component)
	}
	return p
}

// entry returns the weaknesses that let an attacker controlling c have d
// act on its input over f.
func (a *analyzer) entry(c, d *tm.Component, f *tm.Flow, threats []string) []option {
	var opts []option
	auth := f.Authentication()
	switch {
	case f.ResponseTo() != nil:
		// A response inherits the authentication of its request, which
		// authenticated d to c: it does not keep c's answer out.
		opts = append(opts, option{w: TrustedCaller, l: tm.High})
	case !auth.Authenticated():
		opts = append(opts, option{w: UnauthenticatedFlow, l: tm.High})
	case c.Kind() != tm.ExternalEntity:
		l := tm.Medium
		if pivot(auth) {
			l = tm.High
		}
		opts = append(opts, option{w: TrustedCaller, l: l})
	default:
		if e := f.Encryption(); !e.Encrypted() || e.Weak() {
			opts = append(opts, option{w: UnencryptedFlow, l: tm.Medium})
		}
		if stealable(auth) && !f.Has(tm.MFA) && !d.Has(tm.MFA) {
			opts = append(opts, option{w: StolenCredentials, l: tm.Low})
		}
	}
	if len(threats) > 0 {
		opts = append(opts, option{w: OpenThreat, l: tm.Medium, threats: threats})
	}
	return opts
}

// viaTakeover reports whether an entry is reached through a process taken
// over: the attack graph has a step to that process and on from it.
func viaTakeover(e Entry) bool {
	for _, el := range e.Chain {
		if _, ok := el.(*tm.Component); ok {
			return true
		}
	}
	return false
}

// stealable reports whether a scheme rests on a credential that a person or
// a client holds and can lose.
func stealable(a tm.AuthScheme) bool {
	switch a {
	case tm.Password, tm.APIKey, tm.Session, tm.JWT, tm.OAuth2, tm.SSHKey, tm.SharedSecret:
		return true
	}
	return false
}

// fromLowerTrust reports whether a component receives a flow from an
// external entity or from a less trusted zone.
func (a *analyzer) fromLowerTrust(ci int) bool {
	for _, f := range a.x.in[ci] {
		if s := f.Source(); s != nil && s.Kind() == tm.ExternalEntity || f.Crossing().EntersFromLowerTrust() {
			return true
		}
	}
	return false
}

// leakLikelihood returns how likely a secret is to leak on its own, and
// false when its storage keeps it from leaking.
func leakLikelihood(s *tm.Secret) (tm.Level, bool) {
	var l tm.Level
	switch s.Storage() {
	case tm.InSourceCode:
		l = tm.High
	case tm.InSecretsManager, tm.InHSM, tm.InWorkloadIdentity:
		return 0, false
	default:
		l = tm.Medium
	}
	if s.Rotation().Never {
		l = tm.High
	}
	return l, true
}

// givesAccess reports whether a threat of the category, left open, gives an
// attacker access: availability and repudiation never do.
func givesAccess(c tm.Category) bool {
	switch c {
	case tm.Spoofing, tm.Tampering, tm.InformationDisclosure, tm.ElevationOfPrivilege:
		return true
	}
	return false
}

// openThreats gathers the open threats of every component and flow: the
// unmitigated hand-written threats of the categories that open a way in,
// those of the WithThreats report, and those the WithOpenThreats option
// names.
func (a *analyzer) openThreats() map[tm.Element][]string {
	m := a.x.m
	out := make(map[tm.Element][]string)
	addressed := make(map[string]bool)
	for _, mi := range m.Mitigations() {
		for _, id := range mi.Addresses() {
			addressed[id] = true
		}
	}
	for _, t := range m.Threats() {
		if !givesAccess(t.Category()) {
			continue
		}
		if strings.TrimSpace(t.Mitigation()) != "" || addressed[t.ID()] {
			continue
		}
		for _, el := range t.About() {
			switch el.(type) {
			case *tm.Component, *tm.Flow:
				out[el] = append(out[el], t.ID())
			}
		}
	}
	if rep := a.cfg.threats; rep != nil {
		add := func(el tm.Element) {
			for _, t := range rep.ThreatsOn(el) {
				if t.Status != stride.Mitigated && givesAccess(t.Category) {
					out[el] = append(out[el], t.ID)
				}
			}
		}
		for _, c := range a.x.comps {
			add(c)
		}
		for _, fl := range m.Flows() {
			add(fl)
		}
	}
	if f := a.cfg.openThreats; f != nil {
		for _, c := range a.x.comps {
			out[c] = append(out[c], f(c)...)
		}
		for _, fl := range m.Flows() {
			out[fl] = append(out[fl], f(fl)...)
		}
	}
	for el, ids := range out {
		ids = slices.DeleteFunc(ids, func(s string) bool { return strings.TrimSpace(s) == "" })
		slices.Sort(ids)
		out[el] = slices.Compact(ids)
	}
	return out
}
