package reach

import (
	"cmp"
	"slices"
	"strings"

	"github.com/threatwright/threatwright/internal/iam"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// Entry is one element within a blast radius: a component, an asset, a
// secret or a role, the access to it, and how it is reached.
type Entry struct {
	// Element is the component, asset, secret or role reached.
	Element tm.Element
	// Access is the union of the access levels that reach it.
	Access tm.Access
	// Actions are the allowed actions, as written, left after denies; nil
	// when the element is reached through a secret or held by a component.
	Actions []string
	// Wildcard is true when a wildcard action or AnyResource() reaches it.
	Wildcard bool
	// Through is, for an asset, what it is reached through: the component
	// that stores it, the element it represents (threatmodel.Represents),
	// or, for what a component holds or carries, the component itself;
	// nil when a permission or secret names the asset itself.
	Through tm.Element
	// Via are the allow statements that grant the access, nearest role
	// first.
	Via []*tm.Permission
	// Secret is the secret that opens the element, when a secret's
	// Opens reaches it rather than a permission.
	Secret *tm.Secret
	// Chain are the roles, secrets and processes passed through, from the
	// subject's own to the one that grants the access: [role] for a role's
	// own permission, [role, assumed role] through one assumption, [role,
	// process, process's role] through a process the role takes over (see
	// Takeover); empty for what a component holds itself. A chain through
	// no process is preferred when there is one.
	Chain []tm.Element
	// Takeover is true, for a process, when the access lets its holder
	// change what the process runs or how — its code, configuration,
	// image, task definition, environment or deployment, such as
	// lambda:UpdateFunctionCode, ecs:UpdateService or deployments:update,
	// or any admin or wildcard action — or run commands in it
	// (pods/exec), rather than only call it (lambda:InvokeFunction) or read
	// it; and for a process a secret opens, whose actions the model does
	// not state. Whoever takes a process over acts as its roles and uses
	// its secrets: the blast radius then includes what they reach, with
	// the process in Chain.
	Takeover bool
	// Zone is where the element sits, nil when it is not placed (roles).
	Zone *tm.Zone
	// Outside is true when Zone is outside every blast-radius boundary
	// of the subject: the reach leaks out of the boundary here.
	Outside bool
}

// BlastRadius is what a compromise of a role, a component or a secret
// reaches, with the highest asset value and criticality among what it
// reaches and the part that leaks out of the declared blast-radius
// boundaries (zones declared with threatmodel.ContainsBlastRadius).
type BlastRadius struct {
	// Reach lists every element reached, sorted by path: assets, then
	// components, roles and secrets.
	Reach []Entry
	// MaxValue and MaxCriticality are the highest value and criticality
	// of the assets reached.
	MaxValue       tm.Level
	MaxCriticality tm.Criticality
	// Wildcards are the allow statements with a wildcard action or
	// resource among the roles involved, by role name and declaration.
	Wildcards []*tm.Permission
	// Boundaries are the blast-radius zones the subject sits in: the
	// innermost zone declared with ContainsBlastRadius around it. Empty
	// when the model declares none around the subject.
	Boundaries []*tm.Zone
	// Leaks are the entries of Reach that sit outside every boundary.
	Leaks []Entry

	ids []int32 // target id per entry of Reach
	x   *index
}

// Assets returns the entries of the assets reached.
func (b *BlastRadius) Assets() []Entry {
	var out []Entry
	for _, e := range b.Reach {
		if _, ok := e.Element.(*tm.Asset); ok {
			out = append(out, e)
		}
	}
	return out
}

// Can returns the entries reached with every access level in a, for
// example Can(threatmodel.Read) for what can be read and
// Can(threatmodel.Delete) for what can be deleted.
func (b *BlastRadius) Can(a tm.Access) []Entry {
	var out []Entry
	for _, e := range b.Reach {
		if e.Access&a == a && e.Access != 0 {
			out = append(out, e)
		}
	}
	return out
}

// Find returns the entry of an element, and whether it is reached.
func (b *BlastRadius) Find(el tm.Element) (Entry, bool) {
	if b.x == nil || el == nil {
		return Entry{}, false
	}
	t, ok := b.x.tid[el]
	if !ok {
		return Entry{}, false
	}
	i, found := slices.BinarySearch(b.ids, t)
	if !found {
		return Entry{}, false
	}
	return b.Reach[i], true
}

// Contained reports whether the subject sits inside a declared
// blast-radius boundary and nothing it reaches leaks out of it.
func (b *BlastRadius) Contained() bool { return len(b.Boundaries) > 0 && len(b.Leaks) == 0 }

// RoleReach is the blast radius of a role: what it can read, write, delete
// or administer through its own permissions and, transitively, through the
// roles it may assume, the secrets it may read and the processes it may
// take over.
type RoleReach struct {
	// Role is the role the blast radius is of.
	Role *tm.Role
	// Assumes are the other roles it can act as, transitively: through
	// CanAssume, an IAM or STS permission on a role, a secret it can read
	// that grants one, or a process it can take over that runs as one.
	// Sorted by name.
	Assumes []*tm.Role
	// Secrets are the secrets it can read or that a process it can take
	// over uses, transitively, by name.
	Secrets []*tm.Secret
	// TakesOver are the processes it can take over (see Entry.Takeover),
	// transitively, by name.
	TakesOver []*tm.Component
	BlastRadius
}

// ComponentReach is what an attacker who controls a component gains: the
// roles it runs as and those they lead to, the secrets it uses or holds,
// the processes its roles can take over, the assets it stores or that its
// flows carry, and the components it can call with its identity.
type ComponentReach struct {
	// Component is the component whose control it is.
	Component *tm.Component
	// Roles are every role it can act as, transitively, by name.
	Roles []*tm.Role
	// Secrets are the secrets it uses or holds and those its roles can
	// read or reach by taking a process over, by name.
	Secrets []*tm.Secret
	// TakesOver are the other processes its roles and secrets can take
	// over (see Entry.Takeover), transitively, by name.
	TakesOver []*tm.Component
	// Calls are its outgoing requests (responses left out), by flow key.
	Calls []Call
	BlastRadius
}

// Call is a request a component makes: whoever controls the caller can make
// it too.
type Call struct {
	// Flow is the request, and Callee its destination.
	Flow   *tm.Flow
	Callee *tm.Component
	// Pivot is true when the callee trusts the caller's own identity or
	// does not authenticate at all: no authentication (stated or not), an
	// IAM signature, a workload identity, a client certificate, or a key
	// the caller holds (API key, shared secret, SSH key). A person's
	// credential relayed by the caller (password, session, JWT, OAuth 2.0)
	// is not a pivot.
	Pivot bool
	// Outside is true when the callee sits outside the caller's
	// blast-radius boundary.
	Outside bool
}

// SecretReach is what a leak of a secret grants: the roles it is a
// credential for, and the roles they lead to, and the resources it opens.
type SecretReach struct {
	// Secret is the secret that leaks.
	Secret *tm.Secret
	// Roles are every role the secret grants, transitively, by name.
	Roles []*tm.Role
	// TakesOver are the processes the secret opens or its roles can take
	// over (see Entry.Takeover), transitively, by name.
	TakesOver []*tm.Component
	BlastRadius
}

// entry is an Entry under construction, keyed by target id.
type entry struct {
	t, through int32
	access     tm.Access
	actions    []string
	wildcard   bool
	takeover   bool
	via        []*tm.Permission
	secret     *tm.Secret
	from       int32 // the principal that contributed it first; -1 when held
	owned      bool  // in a merge: actions and via are this entry's own (copy on write)
}

// principal is a role or a secret, whose reach is computed once and shared
// by everything that can act as it, or a process, which reaches nothing
// itself but leads to its roles and secrets: whoever takes it over acts
// as them.
type principal struct {
	el     tm.Element
	role   *tm.Role
	sec    *tm.Secret
	comp   *tm.Component
	direct []entry // sorted by target id
	edges  []pedge
}

// pedge is one way a principal leads to another.
type pedge struct {
	to   int32
	perm *tm.Permission // the permission that leads there, if any
	kind edgeKind
}

type edgeKind uint8

const (
	edgeAssume   edgeKind = iota + 1 // Role.CanAssume
	edgeEscalate                     // an IAM/STS permission on a role
	edgeRead                         // read access to a secret
	edgeGrant                        // a secret grants or opens a role
	edgeTakeover                     // a permission or secret that modifies a process
	edgeRuns                         // a process runs as a role or uses a secret
)

// permRef locates a permission: its role's principal id and its index in
// the role's permissions.
type permRef struct{ role, i int32 }

// principals computes every role's and secret's own reach and the edges
// between them, and adds a node per component, by name, that leads from a
// process to its roles and secrets.
func (a *analyzer) principals() {
	x := a.x
	a.nRoles = len(x.roles)
	a.nPrin = len(x.roles) + len(x.secrets)
	a.prin = make([]principal, 0, a.nPrin+len(x.comps))
	for i, r := range x.roles {
		for j, p := range r.Permissions() {
			a.permAt[p] = permRef{int32(i), int32(j)}
		}
	}
	a.uses = make([][]int32, len(x.comps))
	for i, s := range x.secrets {
		p := int32(a.nRoles + i)
		for _, c := range append(s.UsedBy(), s.StoredIn()) {
			if c != nil && x.has(c) {
				a.uses[c.Index()] = append(a.uses[c.Index()], p)
			}
		}
	}
	for _, r := range x.roles {
		a.prin = append(a.prin, a.roleDirect(r))
	}
	for _, s := range x.secrets {
		a.prin = append(a.prin, a.secretDirect(s))
	}
	for _, ci := range x.byName {
		c := x.comps[ci]
		pr := principal{el: c, comp: c}
		if c.Kind() == tm.Process {
			for _, p := range a.starts(ci) {
				pr.edges = append(pr.edges, pedge{to: p, kind: edgeRuns})
			}
			sortEdges(pr.edges)
		}
		a.prin = append(a.prin, pr)
	}
}

// starts returns the principals a component acts as itself: the roles it
// runs as and the secrets it uses or holds.
func (a *analyzer) starts(ci int32) []int32 {
	x := a.x
	var out []int32
	for _, r := range x.comps[ci].Roles() {
		if id, ok := x.roleID[r]; ok {
			out = append(out, id)
		}
	}
	return append(out, a.uses[ci]...)
}

// compNode returns the node of a component in a.prin.
func (a *analyzer) compNode(c *tm.Component) int32 { return int32(a.nPrin) + a.x.rank[c.Index()] }

// takesOver reports whether a reached target is a process the access
// modifies: an allowed action left after denies that iam.ModifiesWorkload
// accepts, or, for a secret (actions nil), any access.
func (a *analyzer) takesOver(t int32, actions []string, bySecret bool) bool {
	c := a.x.targets[t].comp
	if c == nil || c.Kind() != tm.Process {
		return false
	}
	if bySecret {
		return true
	}
	for _, act := range actions {
		if a.modifies(act) {
			return true
		}
	}
	return false
}

// modifies memoizes iam.ModifiesWorkload.
func (a *analyzer) modifies(action string) bool {
	v, ok := a.modMemo[action]
	if !ok {
		v = iam.ModifiesWorkload(action)
		a.modMemo[action] = v
	}
	return v
}

type pairRef struct {
	reached
	perm int32 // index in the role's effective permissions
}

// roleDirect computes what a role reaches itself, from its effective
// permissions (threatmodel.Role.Effective: its allows within its
// permission boundary and guardrails, less denies), and where it leads.
func (a *analyzer) roleDirect(r *tm.Role) principal {
	x := a.x
	pr := principal{el: r, role: r}
	eff := r.Effective()
	pairs := a.pairs[:0]
	for i, e := range eff {
		rs := x.expand(e.Resource, a.rs[:0])
		for _, rc := range rs {
			pairs = append(pairs, pairRef{rc, int32(i)})
		}
		a.rs = rs[:0]
	}
	slices.SortStableFunc(pairs, func(p, q pairRef) int {
		return cmp.Or(cmp.Compare(p.t, q.t), cmp.Compare(p.perm, q.perm))
	})
	for i := 0; i < len(pairs); {
		j := i
		e := entry{t: pairs[i].t, through: -1, from: -1}
		direct, through := false, int32(-1)
		for ; j < len(pairs) && pairs[j].t == e.t; j++ {
			ep := &eff[pairs[j].perm]
			left := a.actionsOn(ep, pairs[j].reached)
			if len(left) == 0 {
				continue
			}
			for _, act := range left {
				e.access |= tm.ActionAccess(act)
				if iam.Wildcard(act) {
					e.wildcard = true
				}
			}
			if ep.Resource == tm.AnyResource() {
				e.wildcard = true
			}
			e.actions = append(e.actions, left...)
			if n := len(e.via); n == 0 || e.via[n-1] != ep.Permission {
				e.via = append(e.via, ep.Permission)
			}
			if pairs[j].through < 0 {
				direct = true
			} else if through < 0 || pairs[j].through < through {
				through = pairs[j].through
			}
		}
		i = j
		if e.access == 0 {
			continue
		}
		if !direct {
			e.through = through
		}
		slices.Sort(e.actions)
		e.actions = slices.Compact(e.actions)
		e.takeover = a.takesOver(e.t, e.actions, false)
		pr.direct = append(pr.direct, e)
	}
	a.pairs = pairs[:0]
	launches := len(eff) > 0 && eff[0].Launches
	for _, o := range r.Assumes() {
		if id, ok := x.roleID[o]; ok {
			pr.edges = append(pr.edges, pedge{to: id, kind: edgeAssume})
		}
	}
	for _, e := range pr.direct {
		a.roleEdges(&pr, r, e, launches)
	}
	sortEdges(pr.edges)
	return pr
}

// roleEdges adds the edge a reached entry gives role r: to a role it can
// act as (iam.LeadsToRole: assumption, impersonation, a change of its
// permissions or trust, or passing it with an action that launches a
// service as it), to a secret it can read, to a process it can take over.
// The edge names the first statement that gives it.
func (a *analyzer) roleEdges(pr *principal, r *tm.Role, e entry, launches bool) {
	x := a.x
	tg := &x.targets[e.t]
	first := func(ok func(string) bool) *tm.Permission {
		for _, p := range e.via {
			if slices.ContainsFunc(p.Actions(), func(act string) bool { return ok(act) && slices.Contains(e.actions, act) }) {
				return p
			}
		}
		return e.via[0]
	}
	switch {
	case tg.role != nil && tg.role != r && iam.LeadsToRole(e.actions, launches):
		p := first(func(act string) bool { return iam.LeadsToRole([]string{act}, launches) })
		pr.edges = append(pr.edges, pedge{to: x.roleID[tg.role], perm: p, kind: edgeEscalate})
	case tg.sec != nil && e.access&(tm.Read|tm.Admin) != 0:
		pr.edges = append(pr.edges, pedge{to: int32(a.nRoles) + x.secretID[tg.sec], perm: e.via[0], kind: edgeRead})
	case e.takeover:
		pr.edges = append(pr.edges, pedge{to: a.compNode(tg.comp), perm: first(a.modifies), kind: edgeTakeover})
	}
}

// sortEdges orders a principal's edges by the principal they lead to, so
// that closures do not depend on declaration order.
func sortEdges(es []pedge) {
	slices.SortStableFunc(es, func(p, q pedge) int { return cmp.Or(cmp.Compare(p.to, q.to), cmp.Compare(p.kind, q.kind)) })
}

// actionsOn returns the actions of an effective permission left on a
// reached target (threatmodel.EffectivePermission.ActionsOn).
func (a *analyzer) actionsOn(ep *tm.EffectivePermission, rc reached) []string {
	var through tm.Element
	if rc.through >= 0 {
		through = a.x.targets[rc.through].el
	}
	return ep.ActionsOn(a.x.targets[rc.t].el, through)
}

// openAccess is the access a secret gives to what it opens: the model does
// not say which actions the credential permits, so the reach errs wide.
const openAccess = tm.Read | tm.Write | tm.Delete

func (a *analyzer) secretDirect(s *tm.Secret) principal {
	x := a.x
	pr := principal{el: s, sec: s}
	type open struct {
		reached
		wild bool
	}
	var opened []open
	for _, res := range s.Accesses() {
		wild := res == tm.AnyResource()
		for _, rc := range x.expand(res, a.rs[:0]) {
			opened = append(opened, open{rc, wild})
		}
	}
	// By target, then what it is reached through (named directly first,
	// then by path), so that the order of Opens does not matter.
	slices.SortFunc(opened, func(p, q open) int {
		return cmp.Or(cmp.Compare(p.t, q.t), cmp.Compare(p.through, q.through))
	})
	for i := 0; i < len(opened); {
		e := entry{t: opened[i].t, through: opened[i].through, access: openAccess, secret: s, from: -1}
		for ; i < len(opened) && opened[i].t == e.t; i++ {
			e.wildcard = e.wildcard || opened[i].wild
		}
		e.takeover = a.takesOver(e.t, nil, true)
		pr.direct = append(pr.direct, e)
	}
	for _, r := range s.Grants() {
		if id, ok := x.roleID[r]; ok {
			pr.edges = append(pr.edges, pedge{to: id, kind: edgeGrant})
		}
	}
	for _, e := range pr.direct {
		tg := &x.targets[e.t]
		switch {
		case tg.role != nil:
			pr.edges = append(pr.edges, pedge{to: x.roleID[tg.role], kind: edgeGrant})
		case tg.sec != nil && tg.sec != s:
			pr.edges = append(pr.edges, pedge{to: int32(a.nRoles) + x.secretID[tg.sec], kind: edgeGrant})
		case e.takeover:
			pr.edges = append(pr.edges, pedge{to: a.compNode(tg.comp), kind: edgeTakeover})
		}
	}
	sortEdges(pr.edges)
	return pr
}

// closure visits every principal and process reachable from the starts,
// breadth first, each once (cycles end there), and returns them in
// visiting order. It first follows every edge but those into a process,
// then takeovers too: the first n nodes of the order are those reached
// without taking a process over, and a chain goes through a process only
// when no other way leads there. The parent of each, for chains, is left
// in a.par. self, when not negative, is a process node not to visit: the
// subject itself.
func (a *analyzer) closure(starts []int32, self int32) (order []int32, n int) {
	a.gen++
	order = a.order[:0]
	if self >= 0 {
		a.stamp[self] = a.gen
	}
	for _, s := range starts {
		if a.stamp[s] != a.gen {
			a.stamp[s] = a.gen
			a.par[s] = -1
			order = append(order, s)
		}
	}
	nPrin := int32(a.nPrin)
	for pass := 0; pass < 2; pass++ {
		for i := 0; i < len(order); i++ {
			p := order[i]
			for _, e := range a.prin[p].edges {
				if a.stamp[e.to] != a.gen && (pass == 1 || e.to < nPrin) {
					a.stamp[e.to] = a.gen
					a.par[e.to] = p
					order = append(order, e.to)
				}
			}
		}
		if pass == 0 {
			n = len(order)
		}
	}
	a.order = order
	return order, n
}

// chain returns the principals from a closure's start to p.
func (a *analyzer) chain(p int32) []tm.Element {
	n := 0
	for q := p; q >= 0; q = a.par[q] {
		n++
	}
	out := make([]tm.Element, n)
	for q := p; q >= 0; q = a.par[q] {
		n--
		out[n] = a.prin[q].el
	}
	return out
}

// merge unions the own reach of the principals of a closure, after the
// entries a component holds itself, nearest principal first.
func (a *analyzer) merge(held []entry, order []int32) []entry {
	a.sgen++
	n := len(held)
	for _, p := range order {
		n += len(a.prin[p].direct)
	}
	out := make([]entry, 0, n)
	add := func(e entry) {
		if a.slotGen[e.t] != a.sgen {
			a.slotGen[e.t] = a.sgen
			a.slot[e.t] = int32(len(out))
			e.owned = false
			out = append(out, e)
			return
		}
		m := &out[a.slot[e.t]]
		if !m.owned {
			m.actions = slices.Clone(m.actions)
			m.via = slices.Clone(m.via)
			m.owned = true
		}
		m.access |= e.access
		m.wildcard = m.wildcard || e.wildcard
		m.takeover = m.takeover || e.takeover
		if len(e.actions) > 0 {
			m.actions = append(m.actions, e.actions...)
			slices.Sort(m.actions)
			m.actions = slices.Compact(m.actions)
		}
		for _, p := range e.via {
			if !slices.Contains(m.via, p) {
				m.via = append(m.via, p)
			}
		}
		if m.secret == nil {
			m.secret = e.secret
		}
	}
	for _, e := range held {
		add(e)
	}
	for _, p := range order {
		for _, e := range a.prin[p].direct {
			e.from = p
			add(e)
		}
	}
	slices.SortFunc(out, func(p, q entry) int { return cmp.Compare(p.t, q.t) })
	return out
}

// blast turns merged entries into a BlastRadius for a subject sitting in
// the given boundaries.
func (a *analyzer) blast(es []entry, order []int32, bounds []*tm.Zone) BlastRadius {
	x := a.x
	b := BlastRadius{Boundaries: bounds, x: x}
	if len(es) > 0 {
		b.Reach = make([]Entry, len(es))
		b.ids = make([]int32, len(es))
	}
	chains := make(map[int32][]tm.Element)
	for i, e := range es {
		tg := &x.targets[e.t]
		out := Entry{
			Element:  tg.el,
			Access:   e.access,
			Actions:  e.actions,
			Wildcard: e.wildcard,
			Takeover: e.takeover,
			Via:      e.via,
			Secret:   e.secret,
			Zone:     x.zoneOf(e.t, e.through),
		}
		if e.through >= 0 {
			out.Through = x.targets[e.through].el
		}
		if e.from >= 0 {
			c, ok := chains[e.from]
			if !ok {
				c = a.chain(e.from)
				chains[e.from] = c
			}
			out.Chain = c
		}
		if out.Zone != nil && len(bounds) > 0 {
			out.Outside = !slices.ContainsFunc(bounds, out.Zone.Within)
		}
		if tg.asset != nil && e.access != 0 {
			b.MaxValue = max(b.MaxValue, tg.asset.Value())
			b.MaxCriticality = max(b.MaxCriticality, tg.asset.Criticality())
		}
		b.Reach[i] = out
		b.ids[i] = e.t
		if out.Outside {
			b.Leaks = append(b.Leaks, out)
		}
	}
	for _, p := range order {
		r := a.prin[p].role
		if r == nil {
			continue
		}
		for _, perm := range r.Permissions() {
			if perm.Effect() == tm.Allow && perm.Resource() != nil && perm.Wildcard() {
				b.Wildcards = append(b.Wildcards, perm)
			}
		}
	}
	slices.SortFunc(b.Wildcards, func(p, q *tm.Permission) int {
		rp, rq := a.permAt[p], a.permAt[q]
		return cmp.Or(cmp.Compare(rp.role, rq.role), cmp.Compare(rp.i, rq.i))
	})
	return b
}

// split splits a closure into its roles, secrets and processes, by name,
// leaving out skip.
func (a *analyzer) split(order []int32, skip int32) ([]*tm.Role, []*tm.Secret, []*tm.Component) {
	var rs, ss, cs []int32
	for _, p := range order {
		switch {
		case p == skip:
		case p < int32(a.nRoles):
			rs = append(rs, p)
		case p < int32(a.nPrin):
			ss = append(ss, p)
		default:
			cs = append(cs, p)
		}
	}
	slices.Sort(rs)
	slices.Sort(ss)
	slices.Sort(cs)
	var roles []*tm.Role
	var secrets []*tm.Secret
	var comps []*tm.Component
	for _, p := range rs {
		roles = append(roles, a.prin[p].role)
	}
	for _, p := range ss {
		secrets = append(secrets, a.prin[p].sec)
	}
	for _, p := range cs {
		comps = append(comps, a.prin[p].comp)
	}
	return roles, secrets, comps
}

// zonesOf returns the distinct blast-radius boundaries around components,
// by name.
func (a *analyzer) zonesOf(cs ...*tm.Component) []*tm.Zone {
	var out []*tm.Zone
	for _, c := range cs {
		if c == nil {
			continue
		}
		if z := a.x.blastZone(c.Zone()); z != nil && !slices.Contains(out, z) {
			out = append(out, z)
		}
	}
	slices.SortFunc(out, func(p, q *tm.Zone) int { return strings.Compare(p.Name(), q.Name()) })
	return out
}

// roleReaches computes the blast radius of every role.
func (a *analyzer) roleReaches() []RoleReach {
	x := a.x
	out := make([]RoleReach, len(x.roles))
	grantedBy := make(map[*tm.Role][]*tm.Component)
	for _, s := range x.secrets {
		for _, r := range s.Grants() {
			grantedBy[r] = append(grantedBy[r], s.UsedBy()...)
			grantedBy[r] = append(grantedBy[r], s.StoredIn())
		}
	}
	home := make([][]*tm.Zone, len(x.roles))
	for i, r := range x.roles {
		home[i] = a.zonesOf(append(r.AssumedBy(), grantedBy[r]...)...)
	}
	for i, r := range x.roles {
		bounds := home[i]
		if len(bounds) == 0 {
			// Only assumed by other roles: their boundaries.
			for _, o := range r.AssumableBy() {
				if id, ok := x.roleID[o]; ok {
					for _, z := range home[id] {
						if !slices.Contains(bounds, z) {
							bounds = append(bounds, z)
						}
					}
				}
			}
			slices.SortFunc(bounds, func(p, q *tm.Zone) int { return strings.Compare(p.Name(), q.Name()) })
		}
		order, _ := a.closure([]int32{int32(i)}, -1)
		es := a.merge(nil, order)
		assumes, secrets, procs := a.split(order, int32(i))
		out[i] = RoleReach{Role: r, Assumes: assumes, Secrets: secrets, TakesOver: procs, BlastRadius: a.blast(es, order, bounds)}
	}
	return out
}

// secretReaches computes what a leak of each secret grants.
func (a *analyzer) secretReaches() []SecretReach {
	x := a.x
	out := make([]SecretReach, len(x.secrets))
	for i, s := range x.secrets {
		p := int32(a.nRoles + i)
		order, _ := a.closure([]int32{p}, -1)
		es := a.merge(nil, order)
		roles, _, procs := a.split(order, p)
		bounds := a.zonesOf(append(s.UsedBy(), s.StoredIn())...)
		out[i] = SecretReach{Secret: s, Roles: roles, TakesOver: procs, BlastRadius: a.blast(es, order, bounds)}
	}
	return out
}

// componentReaches computes what control of each component gives, and
// records, for each principal, the components that can act as it without
// taking another process over: a process taken over acts with its own
// flows, not with those of whoever took it over.
func (a *analyzer) componentReaches() []ComponentReach {
	x := a.x
	a.users = make([][]int32, len(a.prin))
	out := make([]ComponentReach, 0, len(x.comps))
	for _, ci := range x.byName {
		c := x.comps[ci]
		order, n := a.closure(a.starts(ci), a.compNode(c))
		for _, p := range order[:n] {
			a.users[p] = append(a.users[p], ci)
		}
		es := a.merge(a.held(ci), order)
		roles, secrets, procs := a.split(order, -1)
		bounds := a.zonesOf(c)
		cr := ComponentReach{Component: c, Roles: roles, Secrets: secrets, TakesOver: procs, BlastRadius: a.blast(es, order, bounds)}
		for _, f := range x.out[ci] {
			if f.ResponseTo() != nil || f.Destination() == nil {
				continue
			}
			call := Call{Flow: f, Callee: f.Destination(), Pivot: pivot(f.Authentication())}
			if z := f.Destination().Zone(); z != nil && len(bounds) > 0 {
				call.Outside = !slices.ContainsFunc(bounds, z.Within)
			}
			cr.Calls = append(cr.Calls, call)
		}
		out = append(out, cr)
	}
	return out
}

// held returns what a component holds itself: the assets it stores or that
// represent it, and the assets its flows carry.
func (a *analyzer) held(ci int32) []entry {
	x := a.x
	self := x.compTID[ci]
	var out []entry
	note := func(t int32, acc tm.Access) {
		out = append(out, entry{t: t, through: self, access: acc, from: -1})
	}
	for _, t := range x.held[ci] {
		note(t, openAccess)
	}
	for _, fs := range [][]*tm.Flow{x.out[ci], x.in[ci]} {
		for _, f := range fs {
			for _, as := range f.Carries() {
				if t, ok := x.tid[as]; ok {
					note(t, tm.Read|tm.Write)
				}
			}
		}
	}
	slices.SortStableFunc(out, func(p, q entry) int { return cmp.Compare(p.t, q.t) })
	k := 0
	for _, e := range out {
		if k > 0 && out[k-1].t == e.t {
			out[k-1].access |= e.access
			continue
		}
		out[k] = e
		k++
	}
	return out[:k]
}

// pivot reports whether a callee authenticating with the scheme trusts
// whoever controls the caller; see Call.Pivot.
func pivot(a tm.AuthScheme) bool {
	switch a {
	case tm.Password, tm.Session, tm.JWT, tm.OAuth2:
		return false
	}
	return true
}
