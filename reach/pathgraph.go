package reach

import (
	"cmp"
	"slices"
	"strings"

	"github.com/threatwright/threatwright/internal/graph"
	"github.com/threatwright/threatwright/internal/par"
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

// attackGraph is the graph the search runs on: node 0 is the attacker from
// outside; each component has a node for "reaches its input" and one for
// "controls it"; each asset a node; each person (an external entity of type
// Human) a node for "acts as an insider"; then the insider attacker and the
// supply-chain attacker. Each edge is a step of an attack path; the search
// runs once from each of the three attackers, so that the likeliest paths
// of one kind do not hide those of another.
type attackGraph struct {
	a     *analyzer
	b     *graph.Builder
	steps stepList
	nc    int // components
	n     int // nodes
	// threats are the open threats of each component and flow that give
	// the step out of it access (see openThreats).
	threats *openSet
	// flagged holds the permissions named by least-privilege findings.
	flagged map[*tm.Permission]bool
	// escalations holds the takeover findings (threatmodel.CodeEscalation
	// on a process) by role and process.
	escalations map[escKey]*Finding
	// insiders are the component indexes of the people, by name.
	insiders []int32
	// opens holds, per component, the secrets that can leak and open it;
	// grants, per component, those it uses that can leak and grant a
	// role. Both by secret name.
	opens, grants map[*tm.Component][]*tm.Secret
}

// escKey is a role and a process it can take over.
type escKey struct {
	role *tm.Role
	proc *tm.Component
}

// reachNode, ownNode and assetNode are the nodes for "reaches the input of
// component ci", "controls component ci" and "obtains asset as".
func (g *attackGraph) reachNode(ci int) int { return 1 + 2*int(g.a.x.rank[ci]) }
func (g *attackGraph) ownNode(ci int) int   { return 2 + 2*int(g.a.x.rank[ci]) }
func (g *attackGraph) assetNode(as *tm.Asset) int {
	return 1 + 2*g.nc + int(g.a.x.assetID[as])
}

// insiderNode is the node for "acts as the k-th insider".
func (g *attackGraph) insiderNode(k int) int { return 1 + 2*g.nc + len(g.a.x.assets) + k }

// The attackers the search starts from: from outside (node 0), an insider,
// the supply chain.
const (
	fromOutside = iota
	fromInsider
	fromSupplyChain
	nAttackers
)

// source returns the node of attacker kind k.
func (g *attackGraph) source(k int) int {
	if k == fromOutside {
		return 0
	}
	return g.n - nAttackers + k
}

// add adds step s as an edge, its cost that of the step's likelihood.
func (g *attackGraph) add(from, to int, s Step) {
	g.b.Add(from, to, cost(s.Likelihood), int32(g.steps.n))
	g.steps.add(s)
}

// stepList holds the steps of the attack graph, by edge id, compactly:
// what every step has in chunks of stepChunk (it grows without copying what
// it holds and without room reserved for an estimate), what few steps have
// (a role, a secret, threats...) apart. A step is rebuilt when a path
// takes it.
type stepList struct {
	chunks [][]gstep
	extras [][]stepExtra // in chunks of stepChunk, too
	n, nx  int
}

const stepChunk = 1024

// gstep is a Step without its rarer fields, which stepExtra holds.
type gstep struct {
	from, to   tm.Element
	flow       *tm.Flow
	extra      int32 // index in stepList.extras; -1 for none
	kind       StepKind
	weakness   Weakness
	likelihood tm.Level
}

// stepExtra is the rest of a Step.
type stepExtra struct {
	role       *tm.Role
	secret     *tm.Secret
	permission *tm.Permission
	dependency *tm.Dependency
	threats    []string
	techniques []string
}

// add appends a step.
func (l *stepList) add(s Step) {
	if l.n%stepChunk == 0 {
		l.chunks = append(l.chunks, make([]gstep, 0, stepChunk))
	}
	g := gstep{from: s.From, to: s.To, flow: s.Flow, extra: -1, kind: s.Kind, weakness: s.Weakness, likelihood: s.Likelihood}
	if s.Role != nil || s.Secret != nil || s.Permission != nil || s.Dependency != nil || s.Threats != nil || s.Techniques != nil {
		if l.nx%stepChunk == 0 {
			l.extras = append(l.extras, make([]stepExtra, 0, stepChunk))
		}
		x := &l.extras[len(l.extras)-1]
		*x = append(*x, stepExtra{s.Role, s.Secret, s.Permission, s.Dependency, s.Threats, s.Techniques})
		g.extra = int32(l.nx)
		l.nx++
	}
	c := &l.chunks[len(l.chunks)-1]
	*c = append(*c, g)
	l.n++
}

// at returns the step with edge id i.
func (l *stepList) at(i int32) Step {
	g := &l.chunks[i/stepChunk][i%stepChunk]
	s := Step{Kind: g.kind, From: g.from, To: g.to, Flow: g.flow, Weakness: g.weakness, Likelihood: g.likelihood}
	if g.extra >= 0 {
		e := &l.extras[g.extra/stepChunk][g.extra%stepChunk]
		s.Role, s.Secret, s.Permission, s.Dependency, s.Threats, s.Techniques = e.role, e.secret, e.permission, e.dependency, e.threats, e.techniques
	}
	return s
}

// option is a weakness that may enable a step, with its likelihood.
type option struct {
	w       Weakness
	l       tm.Level
	threats []string
	secret  *tm.Secret
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
	g.addInsiders()
	g.addSupplyChain()
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
	var insiders []int32
	for _, ci := range x.byName {
		if c := x.comps[ci]; c.Kind() == tm.ExternalEntity && c.IsA(tm.Human) {
			insiders = append(insiders, ci)
		}
	}
	n := 1 + 2*nc + len(x.assets) + len(insiders) + nAttackers - 1
	g := &attackGraph{a: a, b: graph.NewBuilder(n), nc: nc, n: n, insiders: insiders}
	edges := 3*len(x.flows) + 3*nc
	for i := range comps {
		edges += len(comps[i].Reach)
	}
	for i := range secrets {
		edges += len(secrets[i].Reach)
	}
	g.b.Grow(edges)
	g.threats = a.openThreatsOnce()
	g.flagged = make(map[*tm.Permission]bool)
	g.escalations = make(map[escKey]*Finding)
	for i, f := range findings {
		if f.Permission != nil {
			g.flagged[f.Permission] = true
		}
		if p, ok := f.Target.(*tm.Component); ok && f.Code == tm.CodeEscalation && f.Role != nil {
			if k := (escKey{f.Role, p}); g.escalations[k] == nil {
				g.escalations[k] = &findings[i]
			}
		}
	}
	g.indexCredentials()
	return g
}

// indexCredentials indexes the secrets that can leak (leakLikelihood): by
// each component they open, and by each component that uses or holds one
// that grants a role.
func (g *attackGraph) indexCredentials() {
	g.opens = make(map[*tm.Component][]*tm.Secret)
	g.grants = make(map[*tm.Component][]*tm.Secret)
	for _, s := range g.a.x.secrets {
		if _, ok := leakLikelihood(s); !ok {
			continue
		}
		for _, el := range secretOpens(s) {
			if c, ok := el.(*tm.Component); ok && c != nil {
				g.opens[c] = append(g.opens[c], s)
			}
		}
		if len(s.Grants()) == 0 {
			continue
		}
		for _, c := range append(secretUsedBy(s), s.StoredIn()) {
			if c != nil && !slices.Contains(g.grants[c], s) {
				g.grants[c] = append(g.grants[c], s)
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
		g.addPoisoned(ci)
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
		w, l := ForwardedInput, tm.Medium
		switch {
		case approved(f):
			w, l = MisledApprover, tm.Low
		case c.Has(tm.InputValidation) || f.Has(tm.InputValidation):
			l = tm.Low
		}
		g.add(g.reachNode(ci), g.reachNode(d.Index()),
			Step{Kind: StepForward, From: c, To: d, Flow: f, Weakness: w, Likelihood: l})
	}
}

// addCompromise adds the step by which the attacker's input takes process ci
// over: missing input validation (for a CI/CD pipeline or a source
// repository, that it runs or serves what is pushed to it) or an open threat, the likelier of the two. A provider-managed
// process runs the provider's code, not the system's: its input does not
// take it over for want of validation; its configuration is abused through
// the roles that can change it (StepTakeover) or through an open threat.
func (g *attackGraph) addCompromise(ci int) {
	c := g.a.x.comps[ci]
	var buf [3]option
	opts := buf[:0]
	if g.a.hijack[c] {
		l := tm.High
		if c.Has(tm.ContentFiltering) {
			l = tm.Medium
		}
		opts = append(opts, option{w: PromptInjection, l: l})
	}
	switch {
	case c.IsA(tm.Pipeline) || c.IsA(tm.SourceRepository):
		l := tm.Medium
		if c.Has(tm.CodeReview) {
			l = tm.Low
		}
		opts = append(opts, option{w: PipelineInput, l: l})
	case !c.Has(tm.InputValidation) && !c.ProviderManaged():
		l := tm.Medium
		if g.a.fromLowerTrust(ci) {
			l = tm.High
		}
		opts = append(opts, option{w: MissingInputValidation, l: l})
	}
	if ids := g.threats.onComp(c); len(ids) > 0 {
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
	var buf [2]option
	opts := append(buf[:0], option{w: ServedToCaller, l: tm.Low})
	if !c.Has(tm.Authorization) {
		opts[0] = option{w: MissingAuthorization, l: tm.High}
	}
	if ids := g.threats.onComp(c); len(ids) > 0 {
		opts = append(opts, option{w: OpenThreat, l: tm.Medium, threats: ids})
	}
	o, _ := best(opts)
	for _, as := range stores(c) {
		if _, ok := x.assetID[as]; ok {
			g.add(g.reachNode(ci), g.assetNode(as),
				Step{Kind: StepObtain, From: c, To: as, Weakness: o.w, Likelihood: o.l, Threats: o.threats})
		}
	}
}

// addEntries adds the steps from control of component ci over each of its
// flows to the component at the other end, which acts on the attacker's
// input, through the likeliest weakness of the flow (see entry); the
// secret of a stolen credential is named in the step.
func (g *attackGraph) addEntries(ci int) {
	x := g.a.x
	c := x.comps[ci]
	for _, f := range x.out[ci] {
		d := f.Destination()
		if d == nil || d == c || !x.has(d) || d.Kind() == tm.ExternalEntity {
			continue
		}
		var buf [4]option
		if o, ok := best(g.entry(c, d, f, buf[:0])); ok {
			g.add(g.ownNode(ci), g.reachNode(d.Index()),
				Step{Kind: StepEnter, From: c, To: d, Flow: f, Secret: o.secret, Weakness: o.w, Likelihood: o.l, Threats: o.threats})
		}
	}
}

// addAccess adds the steps from control of component ci to what its blast
// radius reaches: the assets it holds, and the assets and processes its
// roles and secrets reach (over-broad when every permission used is flagged
// by a least-privilege finding).
func (g *attackGraph) addAccess(ci int, cr *ComponentReach) {
	c := g.a.x.comps[ci]
	memo := takeoverMemo{}
	for _, e := range cr.Reach {
		if memo.viaTakeover(e) {
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
				if f := g.escalation(e, el); f != nil {
					s.Kind, s.Weakness, s.Role, s.Permission, s.Secret = StepTakeover, Escalation, f.Role, f.Permission, nil
					s.Techniques = f.Techniques
				}
				g.add(g.ownNode(ci), g.ownNode(el.Index()), s)
			case e.Access&tm.Write != 0:
				// A call (lambda:InvokeFunction): the attacker's
				// input reaches the process.
				g.add(g.ownNode(ci), g.reachNode(el.Index()), s)
			}
		}
	}
}

// escalation returns the least-privilege finding by which a role among the
// statements that grant entry e can take process p over, or nil.
func (g *attackGraph) escalation(e Entry, p *tm.Component) *Finding {
	for _, perm := range e.Via {
		if f := g.escalations[escKey{perm.Role(), p}]; f != nil {
			return f
		}
	}
	return nil
}

// entry returns the weaknesses that let an attacker controlling c have d
// act on its input over f. A component of the system the attacker controls
// sends with its own identity; an external entity is a place the attacker
// stands in without its credentials, so a declared authentication keeps
// them out unless a weakness gives access: credentials captured from a
// flow sent in plaintext, a stolen credential (a secret that can leak and
// opens d, or that c uses and that grants a role), or an open or accepted
// Spoofing threat on the flow. A response carries the authentication of its
// request, which d made to c: only a hostile component of the system
// answers freely. The options are appended to opts.
func (g *attackGraph) entry(c, d *tm.Component, f *tm.Flow, opts []option) []option {
	if approved(f) {
		return append(opts, option{w: MisledApprover, l: tm.Low})
	}
	auth := f.Authentication()
	external := c.Kind() == tm.ExternalEntity
	switch {
	case f.ResponseTo() != nil && !external:
		// A response inherits the authentication of its request, which
		// authenticated d to c: it does not keep c's answer out.
		opts = append(opts, option{w: TrustedCaller, l: tm.High})
	case f.ResponseTo() == nil && !auth.Authenticated():
		opts = append(opts, option{w: UnauthenticatedFlow, l: tm.High})
	case !external:
		l := tm.Medium
		if pivot(auth) {
			l = tm.High
		}
		opts = append(opts, option{w: TrustedCaller, l: l})
	default:
		if e := f.Encryption(); !e.Encrypted() || e.Weak() {
			opts = append(opts, option{w: UnencryptedFlow, l: tm.Medium})
		}
		if f.ResponseTo() == nil {
			opts = g.stolen(opts, g.opens[d])
			opts = g.stolen(opts, g.grants[c])
		}
	}
	if ids := g.threats.onFlow(f); len(ids) > 0 {
		opts = append(opts, option{w: OpenThreat, l: tm.Medium, threats: ids})
	}
	return opts
}

// stolen appends an option for each secret that can leak, as likely as its
// leak.
func (g *attackGraph) stolen(opts []option, secrets []*tm.Secret) []option {
	for _, s := range secrets {
		if l, ok := leakLikelihood(s); ok {
			opts = append(opts, option{w: StolenCredentials, l: l, secret: s})
		}
	}
	return opts
}

// takeoverMemo answers viaTakeover for the entries of one blast radius.
// Within one blast radius a principal has one chain, and a chain is its
// parent's chain and itself, so each answer costs one step back to a
// remembered one: the entries of a chain of n assumed roles cost n, not
// n²/2.
type takeoverMemo map[tm.Element]bool

// viaTakeover reports whether an entry is reached through a process taken
// over: the attack graph has a step to that process and on from it.
func (m takeoverMemo) viaTakeover(e Entry) bool {
	c := e.Chain
	i := len(c)
	for i > 0 {
		if _, ok := m[c[i-1]]; ok {
			break
		}
		i--
	}
	via := i > 0 && m[c[i-1]]
	for ; i < len(c); i++ {
		_, proc := c[i].(*tm.Component)
		via = via || proc
		m[c[i]] = via
	}
	return via
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

// openThreats gathers, for every component and flow, the threats left open
// that give the step out of it access: on a flow, the Spoofing threats
// about it (its subject or the flow of its interaction); on a process, the
// Tampering and Elevation of privilege threats about it; on a data store,
// the Tampering, Information disclosure and Elevation of privilege threats
// about it. A threat that names a role among its elements is about the
// role's permission, not the element's input, and opens nothing here. The
// threats come from the model's unmitigated hand-written threats, the
// WithThreats report, and, without regard to category, the WithOpenThreats
// option.
func (a *analyzer) openThreats() *openSet {
	m := a.x.m
	x := a.x
	out := &openSet{x: x}
	addressed := make(map[string]bool)
	for _, mi := range m.Mitigations() {
		for _, id := range mi.Addresses() {
			addressed[id] = true
		}
	}
	for _, t := range m.Threats() {
		if strings.TrimSpace(t.Mitigation()) != "" || addressed[t.ID()] {
			continue
		}
		about := t.About()
		if slices.ContainsFunc(about, isRole) {
			continue
		}
		for _, el := range about {
			if opensStep(t.Category(), el) {
				out.add(el, t.ID())
			}
		}
	}
	if rep := a.cfg.threats; rep != nil {
		// Count first: a large report's open threats then take one
		// array, not a doubling one.
		n := 0
		for i := range rep.Threats {
			if _, ok := opensOnReport(&rep.Threats[i]); ok {
				n++
			}
		}
		out.found = slices.Grow(out.found, n)
		for i := range rep.Threats {
			if el, ok := opensOnReport(&rep.Threats[i]); ok {
				out.add(el, rep.Threats[i].ID)
			}
		}
	}
	if f := a.cfg.openThreats; f != nil {
		for _, c := range x.comps {
			out.add(c, f(c)...)
		}
		for _, fl := range x.byIndex {
			out.add(fl, f(fl)...)
		}
	}
	out.group()
	return out
}

// opensOnReport returns the element a threat of the STRIDE report opens a
// step out of, if any: a threat not mitigated, about no role, of a
// category that gives access there (opensStep); a Spoofing threat opens
// its flow.
func opensOnReport(t *stride.Threat) (tm.Element, bool) {
	if t.Status == stride.Mitigated {
		return nil, false
	}
	var el tm.Element = t.Subject
	if t.Category == tm.Spoofing && t.Flow != nil {
		el = t.Flow
	}
	return el, opensStep(t.Category, el) && !slices.ContainsFunc(t.Involved, isRole)
}

// openSet holds the open threats that open a step, per component and flow
// of the model, by index: first as they are found (add), then grouped.
type openSet struct {
	x     *index
	found []openID
	comp  [][]string // by Component.Index
	flow  [][]string // by Flow.Index
}

// openID is a threat ID found open on a component (slot < len(comps)) or a
// flow (slot - len(comps)).
type openID struct {
	slot int32
	id   string
}

// add adds threat IDs to a component or a flow of the model; an element of
// another model, or of no kind that opens a step, is left out.
func (o *openSet) add(el tm.Element, ids ...string) {
	slot := int32(-1)
	switch el := el.(type) {
	case *tm.Component:
		if o.x.has(el) {
			slot = int32(el.Index())
		}
	case *tm.Flow:
		if o.x.hasFlow(el) {
			slot = int32(len(o.x.comps) + el.Index())
		}
	}
	if slot < 0 {
		return
	}
	for _, id := range ids {
		if strings.TrimSpace(id) != "" {
			o.found = append(o.found, openID{slot, id})
		}
	}
}

// group sorts what add found by element and ID into one array and gives
// each element its part, each ID once.
func (o *openSet) group() {
	slices.SortFunc(o.found, func(p, q openID) int { return cmp.Or(cmp.Compare(p.slot, q.slot), strings.Compare(p.id, q.id)) })
	ids := make([]string, 0, len(o.found))
	nc := int32(len(o.x.comps))
	o.comp = make([][]string, nc)
	o.flow = make([][]string, len(o.x.byIndex))
	for i := 0; i < len(o.found); {
		slot, start := o.found[i].slot, len(ids)
		for ; i < len(o.found) && o.found[i].slot == slot; i++ {
			if id := o.found[i].id; len(ids) == start || ids[len(ids)-1] != id {
				ids = append(ids, id)
			}
		}
		list := ids[start:len(ids):len(ids)]
		if slot < nc {
			o.comp[slot] = list
		} else {
			o.flow[slot-nc] = list
		}
	}
	o.found = nil
}

// onComp and onFlow return the open threats on a component or a flow of
// the model, sorted; nil for one of another model.
func (o *openSet) onComp(c *tm.Component) []string {
	if !o.x.has(c) {
		return nil
	}
	return o.comp[c.Index()]
}

func (o *openSet) onFlow(f *tm.Flow) []string {
	if !o.x.hasFlow(f) {
		return nil
	}
	return o.flow[f.Index()]
}

// openThreatsOnce returns openThreats, computed on the first call or
// waited for when prefetchOpenThreats started it.
func (a *analyzer) openThreatsOnce() *openSet {
	if a.open == nil {
		if a.openWait != nil {
			a.open = a.openWait()
		} else {
			a.open = a.openThreats()
		}
	}
	return a.open
}

// prefetchOpenThreats starts openThreats beside the analysis's first stages,
// which need none of it (it reads the model, the STRIDE report and the
// index's elements), unless WithOpenThreats is set: the caller's function
// then runs on the caller's goroutine. It returns a function that waits
// for it to end.
func (a *analyzer) prefetchOpenThreats() (wait func()) {
	if a.cfg.openThreats != nil {
		return func() {}
	}
	var open *openSet
	done := par.Start(func() { open = a.openThreats() })
	a.openWait = func() *openSet {
		done()
		return open
	}
	return done
}

// isRole reports whether an element is a role.
func isRole(el tm.Element) bool {
	_, ok := el.(*tm.Role)
	return ok
}

// opensStep reports whether an open threat of the category about el gives
// the step out of el access: Spoofing on a flow, Tampering or Elevation of
// privilege on a process, Tampering, Information disclosure or Elevation
// of privilege on a data store. Repudiation and Denial of service never do.
func opensStep(cat tm.Category, el tm.Element) bool {
	switch el := el.(type) {
	case *tm.Flow:
		return el != nil && cat == tm.Spoofing
	case *tm.Component:
		if el == nil {
			return false
		}
		switch el.Kind() {
		case tm.Process:
			return cat == tm.Tampering || cat == tm.ElevationOfPrivilege
		case tm.DataStore:
			return cat == tm.Tampering || cat == tm.InformationDisclosure || cat == tm.ElevationOfPrivilege
		}
	}
	return false
}
