package reach

import (
	"cmp"
	"slices"
	"strings"

	"github.com/threatwright/threatwright/internal/graph"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// Weakness is what enables one step of an attack path. The zero value
// means "none".
type Weakness uint8

// Weaknesses, each with the likelihood the step gets.
const (
	// UntrustedSource: the attacker starts at an external entity or in an
	// untrusted zone (High; Medium from a semi-trusted zone, Low from a
	// trusted one: an insider).
	UntrustedSource Weakness = iota + 1
	// UnauthenticatedFlow: the flow does not authenticate its sender, or
	// does not say (High).
	UnauthenticatedFlow
	// UnencryptedFlow: an outsider captures the credentials of a flow sent
	// in plaintext or over outdated TLS (Medium).
	UnencryptedFlow
	// StolenCredentials: the flow authenticates with a credential a person
	// or client holds (password, session, JWT, OAuth 2.0, API key, shared
	// secret, SSH key) and neither the flow nor its destination has MFA
	// (Low).
	StolenCredentials
	// TrustedCaller: the attacker controls the sender, and the destination
	// trusts the sender's identity (High; Medium for a credential the
	// sender only relays), or the sender answers a request of the
	// destination, which takes the answer of whoever it called (High).
	TrustedCaller
	// ForwardedInput: a process passes the attacker's input on to the next
	// one (Medium; Low when the process or the flow validates input).
	ForwardedInput
	// MissingInputValidation: a process without the InputValidation control
	// is taken over by its input (High when it receives from a less
	// trusted zone, Medium otherwise).
	MissingInputValidation
	// OpenThreat: a threat on the component or flow is left open (Medium).
	OpenThreat
	// MissingAuthorization: a data store without the Authorization control
	// serves all it holds to whoever reaches it (High).
	MissingAuthorization
	// ServedToCaller: a data store with authorization serves the records
	// the caller it believes in may see (Low).
	ServedToCaller
	// IdentityAccess: the controlled component's roles and secrets grant
	// access (High).
	IdentityAccess
	// OverBroadRole: as IdentityAccess, through permissions the flows do
	// not justify (a least-privilege finding) (High).
	OverBroadRole
	// LeakedSecret: a secret kept in source code (High), a configuration
	// file, an environment variable or CI variables, or somewhere not
	// stated (Medium; High when never rotated), leaks and grants what it
	// grants. Secrets in a secrets manager, an HSM or a workload identity
	// do not leak on their own.
	LeakedSecret
	// HeldAsset: the controlled component stores the asset, represents
	// it, or carries it in a flow (High).
	HeldAsset
)

var weaknessNames = names{"Weakness",
	[]string{"none", "untrusted source", "unauthenticated flow", "unencrypted flow", "stolen credentials",
		"trusted caller", "forwarded input", "missing input validation", "open threat", "missing authorization",
		"served to caller", "identity access", "over-broad role", "leaked secret", "held asset"},
	[]string{"", "untrusted-source", "unauthenticated-flow", "unencrypted-flow", "stolen-credentials",
		"trusted-caller", "forwarded-input", "missing-input-validation", "open-threat", "missing-authorization",
		"served-to-caller", "identity-access", "over-broad-role", "leaked-secret", "held-asset"}}

// String returns the weakness in words, for example "stolen credentials".
func (w Weakness) String() string { return weaknessNames.str(uint8(w)) }

// MarshalText returns the weakness's stable token, for example
// "stolen-credentials".
func (w Weakness) MarshalText() ([]byte, error) { return weaknessNames.marshal(uint8(w)) }

// UnmarshalText parses the text form of a weakness, as MarshalText writes it.
func (w *Weakness) UnmarshalText(b []byte) error {
	v, err := weaknessNames.unmarshal(b)
	*w = Weakness(v)
	return err
}

// StepKind says what a step of an attack path does. The zero value means
// "not stated".
type StepKind uint8

// Step kinds.
const (
	// StepStart: the attacker starts at a component (external entity or
	// untrusted zone).
	StepStart StepKind = iota + 1
	// StepEnter: from a component the attacker controls, over a flow, to
	// one that acts on the attacker's input.
	StepEnter
	// StepForward: the attacker's input goes on, over a flow, from one
	// process to the next.
	StepForward
	// StepCompromise: the attacker's input takes a process over.
	StepCompromise
	// StepUseAccess: the controlled component's roles or secrets reach an
	// asset, take another process over (Entry.Takeover), or call another
	// process, which then acts on the attacker's input.
	StepUseAccess
	// StepLeak: a leaked secret reaches an asset, takes a process over, or
	// lets the attacker call a process.
	StepLeak
	// StepObtain: the asset is obtained: a data store serves it, or a
	// controlled component holds it.
	StepObtain
)

var stepKindNames = names{"StepKind",
	[]string{"unstated", "start", "enter", "forward", "compromise", "use access", "leak", "obtain"},
	[]string{"", "start", "enter", "forward", "compromise", "use-access", "leak", "obtain"}}

// String returns the step kind in words, for example "use access".
func (k StepKind) String() string { return stepKindNames.str(uint8(k)) }

// MarshalText returns the step kind's stable token, for example
// "use-access".
func (k StepKind) MarshalText() ([]byte, error) { return stepKindNames.marshal(uint8(k)) }

// UnmarshalText parses the text form of a step kind, as MarshalText writes
// it.
func (k *StepKind) UnmarshalText(b []byte) error {
	v, err := stepKindNames.unmarshal(b)
	*k = StepKind(v)
	return err
}

// Step is one step of an attack path and the weakness that enables it.
type Step struct {
	Kind StepKind
	// From is where the step starts (a component), nil for the first step.
	From tm.Element
	// To is where it ends: a component, or the asset on the last step.
	To tm.Element
	// Flow is the flow the step crosses, for StepEnter and StepForward.
	Flow *tm.Flow
	// Role is the role whose permission the step uses, if any.
	Role *tm.Role
	// Secret is the secret the step uses or leaks, if any.
	Secret *tm.Secret
	// Weakness is what enables the step, and Likelihood how likely it is
	// (see the Weakness constants).
	Weakness   Weakness
	Likelihood tm.Level
	// Threats are the IDs of the open threats, for OpenThreat.
	Threats []string
}

// String describes the step in one line, for example
// `User → API Gateway over "API request": stolen credentials (Low)`.
func (s Step) String() string {
	var b strings.Builder
	name := func(el tm.Element) string {
		if el == nil {
			return "attacker"
		}
		return el.Name()
	}
	switch s.Kind {
	case StepStart:
		b.WriteString("start at " + name(s.To))
	case StepCompromise:
		b.WriteString("take over " + name(s.To))
	case StepLeak:
		b.WriteString("leak of " + name(s.Secret) + " → " + name(s.To))
	default:
		b.WriteString(name(s.From) + " → " + name(s.To))
	}
	if s.Flow != nil {
		b.WriteString(" over \"" + s.Flow.Name() + "\"")
	}
	if s.Role != nil {
		b.WriteString(" as \"" + s.Role.Name() + "\"")
	} else if s.Secret != nil && s.Kind != StepLeak {
		b.WriteString(" with \"" + s.Secret.Name() + "\"")
	}
	b.WriteString(": " + s.Weakness.String())
	if len(s.Threats) > 0 {
		b.WriteString(" " + strings.Join(s.Threats, ", "))
	}
	b.WriteString(" (" + s.Likelihood.String() + ")")
	return b.String()
}

// AttackPath is a way from an untrusted position to an asset: each step
// names the weakness that enables it; a step without one is mitigated and
// the path does not exist.
type AttackPath struct {
	// Asset is the asset the path reaches.
	Asset *tm.Asset
	// Rank is 1 for the most likely path to the asset, 2 for the next.
	Rank int
	// Source is where the attacker starts; nil when the path starts with
	// a leaked secret.
	Source *tm.Component
	// Steps are the steps from the start to the asset.
	Steps []Step
	// Likelihood is the likelihood of the least likely step.
	Likelihood tm.Level
	// Cost sums the steps' costs (High 1, Medium 2, Low 4): lower is
	// likelier. Paths to one asset are ranked by it.
	Cost int
}

// Flows returns the flows the path crosses, in order.
func (p *AttackPath) Flows() []*tm.Flow {
	var out []*tm.Flow
	for _, s := range p.Steps {
		if s.Flow != nil {
			out = append(out, s.Flow)
		}
	}
	return out
}

// Entry returns the flow the attacker enters the system through (the first
// flow of the path), or nil for a path without flows.
func (p *AttackPath) Entry() *tm.Flow {
	for _, s := range p.Steps {
		if s.Flow != nil {
			return s.Flow
		}
	}
	return nil
}

// Crosses reports whether the path crosses a flow for which ok is true, for
// example Crosses(reach.Authenticated).
func (p *AttackPath) Crosses(ok func(*tm.Flow) bool) bool {
	if ok == nil {
		return false
	}
	return slices.ContainsFunc(p.Flows(), ok)
}

// String returns the path's elements joined with arrows, for example
// "User → API Gateway → Lambda → DynamoDB → User data".
func (p *AttackPath) String() string {
	var parts []string
	last := ""
	for _, s := range p.Steps {
		if s.Kind == StepLeak {
			parts = append(parts, "leak of "+s.Secret.Name())
		}
		if s.To != nil && s.To.Name() != last {
			last = s.To.Name()
			parts = append(parts, last)
		}
	}
	return strings.Join(parts, " → ")
}

// Authenticated reports whether a flow authenticates its sender; use it
// with AttackPath.Crosses.
func Authenticated(f *tm.Flow) bool { return f != nil && f.Authentication().Authenticated() }

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
// each asset a node.
type attackGraph struct {
	a     *analyzer
	b     *graph.Builder
	steps []Step
	nc    int
}

func (g *attackGraph) reachNode(ci int) int { return 1 + 2*int(g.a.x.rank[ci]) }
func (g *attackGraph) ownNode(ci int) int   { return 2 + 2*int(g.a.x.rank[ci]) }
func (g *attackGraph) assetNode(as *tm.Asset) int {
	return 1 + 2*g.nc + int(g.a.x.assetID[as])
}

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
func (a *analyzer) attackPaths(comps []ComponentReach, secrets []SecretReach, findings []Finding) []AttackPath {
	x := a.x
	nc := len(x.comps)
	n := 1 + 2*nc + len(x.assets)
	g := &attackGraph{a: a, b: graph.NewBuilder(n), nc: nc}
	edges := 2*len(x.flows) + 2*nc
	for i := range comps {
		edges += len(comps[i].Reach)
	}
	for i := range secrets {
		edges += len(secrets[i].Reach)
	}
	g.b.Grow(edges)
	g.steps = make([]Step, 0, edges)
	threats := a.openThreats()
	flagged := make(map[*tm.Permission]bool)
	for _, f := range findings {
		if f.Permission != nil {
			flagged[f.Permission] = true
		}
	}

	// The attacker's starting points, then leaked secrets.
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

	for i, ci := range x.byName {
		c := x.comps[ci]
		cr := &comps[i]
		// From "reaches its input": forward, take over, or be served.
		if c.Kind() == tm.Process {
			for _, f := range x.out[ci] {
				d := f.Destination()
				if f.ResponseTo() != nil || d == nil || d == c || !x.has(d) || d.Kind() == tm.ExternalEntity {
					continue
				}
				l := tm.Medium
				if c.Has(tm.InputValidation) || f.Has(tm.InputValidation) {
					l = tm.Low
				}
				g.add(g.reachNode(int(ci)), g.reachNode(d.Index()),
					Step{Kind: StepForward, From: c, To: d, Flow: f, Weakness: ForwardedInput, Likelihood: l})
			}
			var opts []option
			if !c.Has(tm.InputValidation) {
				l := tm.Medium
				if a.fromLowerTrust(int(ci)) {
					l = tm.High
				}
				opts = append(opts, option{w: MissingInputValidation, l: l})
			}
			if ids := threats[c]; len(ids) > 0 {
				opts = append(opts, option{w: OpenThreat, l: tm.Medium, threats: ids})
			}
			if o, ok := best(opts); ok {
				g.add(g.reachNode(int(ci)), g.ownNode(int(ci)),
					Step{Kind: StepCompromise, From: c, To: c, Weakness: o.w, Likelihood: o.l, Threats: o.threats})
			}
		}
		if c.Kind() == tm.DataStore {
			opts := []option{{w: ServedToCaller, l: tm.Low}}
			if !c.Has(tm.Authorization) {
				opts = []option{{w: MissingAuthorization, l: tm.High}}
			}
			if ids := threats[c]; len(ids) > 0 {
				opts = append(opts, option{w: OpenThreat, l: tm.Medium, threats: ids})
			}
			o, _ := best(opts)
			for _, as := range c.Stores() {
				if _, ok := x.assetID[as]; ok {
					g.add(g.reachNode(int(ci)), g.assetNode(as),
						Step{Kind: StepObtain, From: c, To: as, Weakness: o.w, Likelihood: o.l, Threats: o.threats})
				}
			}
		}
		// From "controls it": enter the next component over a flow, or
		// use what it holds and its identity.
		for _, f := range x.out[ci] {
			d := f.Destination()
			if d == nil || d == c || !x.has(d) || d.Kind() == tm.ExternalEntity {
				continue
			}
			if o, ok := best(a.entry(c, d, f, threats[f])); ok {
				g.add(g.ownNode(int(ci)), g.reachNode(d.Index()),
					Step{Kind: StepEnter, From: c, To: d, Flow: f, Weakness: o.w, Likelihood: o.l, Threats: o.threats})
			}
		}
		if c.Kind() == tm.ExternalEntity {
			continue // the attacker stands there; they do not hold its identity
		}
		for _, e := range cr.Reach {
			if viaTakeover(e) {
				continue // the takeover's own step leads there
			}
			s := Step{From: c, To: e.Element, Secret: e.Secret, Kind: StepUseAccess, Weakness: IdentityAccess, Likelihood: tm.High}
			if len(e.Chain) == 0 {
				s.Kind, s.Weakness = StepObtain, HeldAsset
			} else if len(e.Via) > 0 {
				s.Role = e.Via[0].Role()
				if !slices.ContainsFunc(e.Via, func(p *tm.Permission) bool { return !flagged[p] }) {
					s.Weakness = OverBroadRole
				}
			}
			switch el := e.Element.(type) {
			case *tm.Asset:
				if e.Access != 0 {
					g.add(g.ownNode(int(ci)), g.assetNode(el), s)
				}
			case *tm.Component:
				switch {
				case el == c || el.Kind() != tm.Process:
				case e.Takeover:
					g.add(g.ownNode(int(ci)), g.ownNode(el.Index()), s)
				case e.Access&tm.Write != 0:
					// A call (lambda:InvokeFunction): the attacker's
					// input reaches the process.
					g.add(g.ownNode(int(ci)), g.reachNode(el.Index()), s)
				}
			}
		}
	}

	dg := g.b.Build()
	class := make([]int32, n)
	rank := make([]uint8, n)
	for i := range class {
		class[i] = -1
	}
	for ci := range x.comps {
		r := x.rank[ci]
		class[g.reachNode(ci)], rank[g.reachNode(ci)] = r, 1
		class[g.ownNode(ci)], rank[g.ownNode(ci)] = r, 2
	}
	found := dg.KShortest(0, graph.Search{K: a.cfg.k, MaxHops: maxSteps, Class: class, Rank: rank})

	assets := slices.Clone(x.assets)
	slices.SortStableFunc(assets, func(p, q *tm.Asset) int {
		return cmp.Or(-cmp.Compare(p.Criticality(), q.Criticality()), -cmp.Compare(p.Value(), q.Value()))
	})
	var out []AttackPath
	for _, as := range assets {
		for r, l := range found.At(g.assetNode(as)) {
			p := AttackPath{Asset: as, Rank: r + 1, Cost: int(found.Cost(l))}
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
			out = append(out, p)
		}
	}
	return out
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
