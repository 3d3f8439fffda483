package reach

import (
	"cmp"
	"slices"
	"strings"

	"github.com/threatwright/threatwright/internal/iam"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// entry is an Entry under construction, keyed by target id.
type entry struct {
	t, through int32
	access     tm.Access
	actions    []string
	wildcard   bool
	takeover   bool
	via        []*tm.Permission
	secret     *tm.Secret
	from       int32     // the principal that contributed it first; -1 when held
	ownActions bool      // in a merge: actions are this entry's own (copy on write)
	ownVia     bool      // in a merge: via is this entry's own (copy on write)
	designed   tm.Access // what a component holds by design (held entries only)
	own        bool      // the designed access covers only the holder's own records
	widened    string    // the modelled weakness that widens it to every record
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

// edgeKind is how a pedge leads from one principal to another.
type edgeKind uint8

const (
	edgeAssume   edgeKind = iota + 1 // Role.CanAssume
	edgeEscalate                     // an IAM/STS permission on a role
	edgeRead                         // read access to a secret
	edgeGrant                        // a secret grants or opens a role
	edgeTakeover                     // a permission or secret that modifies a process
	edgeRuns                         // a process runs as a role or uses a secret
	edgeTrust                        // the role's trust policy names the role it leads from
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
		perms := permissionsOf(r)
		for j, p := range perms {
			a.permAt[p] = permRef{int32(i), int32(j)}
		}
		for j, p := range r.ResourceGrants() {
			a.permAt[p] = permRef{int32(i), int32(len(perms) + j)}
		}
	}
	a.uses = make([][]int32, len(x.comps))
	for i, s := range x.secrets {
		p := int32(a.nRoles + i)
		for _, c := range append(secretUsedBy(s), s.StoredIn()) {
			if c != nil && x.has(c) {
				a.uses[c.Index()] = append(a.uses[c.Index()], p)
			}
		}
	}
	a.indexStarts()
	for _, r := range x.roles {
		a.prin = append(a.prin, a.roleDirect(r))
	}
	a.trustEdges()
	for _, s := range x.secrets {
		a.prin = append(a.prin, a.secretDirect(s))
	}
	for _, ci := range x.byName {
		c := x.comps[ci]
		pr := principal{el: c, comp: c}
		if starts := a.starts(ci); c.Kind() == tm.Process && len(starts) > 0 {
			pr.edges = make([]pedge, len(starts))
			for i, p := range starts {
				pr.edges[i] = pedge{to: p, kind: edgeRuns}
			}
			sortEdges(pr.edges)
		}
		a.prin = append(a.prin, pr)
	}
}

// starts returns the principals a component acts as itself: the roles it
// runs as and the secrets it uses or holds. The slice is shared: append
// copies it, nothing may change it.
func (a *analyzer) starts(ci int32) []int32 { return a.startsOf[ci] }

// indexStarts lists the principals each component acts as itself (starts),
// in one array.
func (a *analyzer) indexStarts() {
	x := a.x
	a.startsOf = make([][]int32, len(x.comps))
	all := make([]int32, 0, 2*len(x.comps))
	for ci, c := range x.comps {
		start := len(all)
		for _, r := range rolesOf(c) {
			if id, ok := x.roleID[r]; ok {
				all = append(all, id)
			}
		}
		all = append(all, a.uses[ci]...)
		// Capped: a part taken before the array grows stays valid.
		a.startsOf[ci] = all[start:len(all):len(all)]
	}
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
func (a *analyzer) modifies(action string) bool { return a.action(action).modifies }

// actionFacts is what the analysis asks of one action as written, computed
// once per analysis: a model holds thousands of roles and few distinct
// actions.
type actionFacts struct {
	access   tm.Access // threatmodel.ActionAccess
	wildcard bool      // iam.Wildcard
	modifies bool      // iam.ModifiesWorkload
	manages  bool      // iam.RoleManagement
	launches string    // for iam.Launches, its service principal (servicePrincipal); else empty
}

// action returns the facts of an action, computed on the first call.
func (a *analyzer) action(act string) actionFacts {
	f, ok := a.actions[act]
	if !ok {
		f = actionFacts{access: tm.ActionAccess(act), wildcard: iam.Wildcard(act), modifies: iam.ModifiesWorkload(act), manages: iam.RoleManagement(act)}
		if iam.Launches(act) {
			f.launches = servicePrincipal(iam.Parse(act).Service)
		}
		a.actions[act] = f
	}
	return f
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
	ri := x.roleID[r]
	eff := r.Effective()
	a.eff[ri] = eff
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
	cands := candidates(eff)
	// The entries, and their actions and statements, each take a part of
	// one array, sized for the most they can hold.
	distinct, nActs := 0, 0
	for i := range pairs {
		if i == 0 || pairs[i].t != pairs[i-1].t {
			distinct++
		}
		nActs += len(eff[pairs[i].perm].Actions)
	}
	pr.direct = make([]entry, 0, distinct)
	acts := make([]string, 0, nActs)
	vias := make([]*tm.Permission, 0, len(pairs))
	for i := 0; i < len(pairs); {
		j := i
		e := entry{t: pairs[i].t, through: -1, from: -1}
		startActs, startVia := len(acts), len(vias)
		direct, through := false, int32(-1)
		lefts := a.lefts[:0]
		for ; j < len(pairs) && pairs[j].t == e.t; j++ {
			ep := &eff[pairs[j].perm]
			left := a.actionsOn(ep, pairs[j].reached)
			lefts = append(lefts, left)
			if len(left) == 0 {
				continue
			}
			for _, act := range left {
				f := a.action(act)
				e.access |= f.access
				e.wildcard = e.wildcard || f.wildcard
			}
			if ep.Resource == tm.AnyResource() {
				e.wildcard = true
			}
			acts = append(acts, left...)
			if n := len(vias); n == startVia || vias[n-1] != ep.Permission {
				vias = append(vias, ep.Permission)
			}
			if pairs[j].through < 0 {
				direct = true
			} else if through < 0 || pairs[j].through < through {
				through = pairs[j].through
			}
		}
		a.lefts = lefts[:0]
		m := a.applyTechniques(r, cands, eff, pairs[i:j], lefts)
		i = j
		if e.access == 0 {
			continue
		}
		if m != nil {
			a.techs[[2]int32{ri, e.t}] = m
		}
		if !direct {
			e.through = through
		}
		if len(acts) > startActs {
			e.actions = acts[startActs:len(acts):len(acts)]
			slices.Sort(e.actions)
			e.actions = slices.Clip(slices.Compact(e.actions))
		}
		if len(vias) > startVia {
			e.via = vias[startVia:len(vias):len(vias)]
		}
		e.takeover = a.takesOver(e.t, e.actions, false) || m != nil && x.targets[e.t].comp != nil
		pr.direct = append(pr.direct, e)
	}
	a.pairs = pairs[:0]
	a.grantsItself(r, ri, eff, &pr)
	launches := a.launchServices(eff)
	for _, o := range r.Assumes() {
		if id, ok := x.roleID[o]; ok {
			pr.edges = append(pr.edges, pedge{to: id, kind: edgeAssume})
		}
	}
	for _, e := range pr.direct {
		a.roleEdges(&pr, r, e, launches, a.techs[[2]int32{ri, e.t}])
	}
	sortEdges(pr.edges)
	return pr
}

// grantsItself handles a role that can change its own permissions (a
// technique of self-escalation on itself, or cluster-wide RBAC writes on
// the Kubernetes API server, clusterSelf): it
// reaches what it could grant itself, too, unless it already holds "*" on
// every resource, which is all it could grant. What it reached before is
// kept for the self-escalation finding's gains.
func (a *analyzer) grantsItself(r *tm.Role, ri int32, eff []tm.EffectivePermission, pr *principal) {
	key := [2]int32{ri, a.x.tid[r]}
	m := a.techs[key]
	if m == nil {
		if m = a.clusterSelf(eff); m == nil {
			return
		}
		a.techs[key] = m
	}
	a.selfOwn[ri] = pr.direct
	if !slices.ContainsFunc(permissionsOf(r), func(p *tm.Permission) bool {
		return p.Effect() == tm.Allow && p.Resource() == tm.AnyResource() && slices.ContainsFunc(actionsOf(p), everything)
	}) {
		pr.direct = a.mergeGranted(pr.direct, a.grantedEntries(r, m.perm))
	}
}

// roleEdges adds the edge a reached entry gives role r: to a role it can
// act as (iam.LeadsToRole: assumption, impersonation, a change of its
// permissions or trust, or passing it with an action that launches a
// service as it; or a technique of the catalogue, m), to a secret it can
// read, to a process it can take over. The edge names the first statement
// that gives it: the technique's, when one applies.
func (a *analyzer) roleEdges(pr *principal, r *tm.Role, e entry, launches []string, m *techMatch) {
	x := a.x
	tg := &x.targets[e.t]
	first := func(ok func(string) bool) *tm.Permission {
		for _, p := range e.via {
			if slices.ContainsFunc(actionsOf(p), func(act string) bool { return ok(act) && slices.Contains(e.actions, act) }) {
				return p
			}
		}
		return e.via[0]
	}
	switch {
	case tg.role != nil && tg.role != r && (m != nil || slices.ContainsFunc(e.actions, func(act string) bool { return leadsTo(r, tg.role, act, launches) })):
		p := first(func(act string) bool { return leadsTo(r, tg.role, act, launches) })
		if m != nil {
			p = m.perm
		}
		pr.edges = append(pr.edges, pedge{to: x.roleID[tg.role], perm: p, kind: edgeEscalate})
	case tg.sec != nil && e.access&(tm.Read|tm.Admin) != 0:
		pr.edges = append(pr.edges, pedge{to: int32(a.nRoles) + x.secretID[tg.sec], perm: e.via[0], kind: edgeRead})
	case e.takeover:
		p := first(a.modifies)
		if m != nil {
			p = m.perm
		}
		pr.edges = append(pr.edges, pedge{to: a.compNode(tg.comp), perm: p, kind: edgeTakeover})
	}
}

// leadsTo reports whether an action held on role o lets role r act as it
// (iam.LeadsToRole), as o's trust policy allows: a change of o's
// permissions or trust always does; acting as o (sts:AssumeRole) only
// when o trusts r; passing o (iam:PassRole) only when r can also make a
// service run as a passed role (launches: the service principals of its
// launching actions, "*" for any) that o trusts — every service, when o
// declares no trust policy.
func leadsTo(r, o *tm.Role, action string, launches []string) bool {
	switch {
	case iam.ChangesPermissions(action):
		return true
	case iam.ActsAs(action):
		return o.TrustsRole(r)
	case len(launches) > 0 && iam.PassesRole(action):
		return !o.DeclaresTrust() || slices.ContainsFunc(launches, func(svc string) bool { return svc == "*" || o.TrustsService(svc) })
	}
	return false
}

// launchServices returns the service principals of the actions among the
// effective permissions that make a service run as a passed role
// (iam.Launches): "lambda.amazonaws.com" for lambda:CreateFunction, "*"
// for a wildcard over every service; sorted, each once.
func (a *analyzer) launchServices(eff []tm.EffectivePermission) []string {
	var out []string
	for _, e := range eff {
		for _, act := range e.Actions {
			svc := a.action(act).launches
			if svc == "" {
				continue
			}
			if !slices.Contains(out, svc) {
				out = append(out, svc)
			}
		}
	}
	slices.Sort(out)
	return out
}

// servicePrincipal returns the AWS service principal that runs what an
// action's service launches: "lambda.amazonaws.com" for "lambda",
// "ecs-tasks.amazonaws.com" for "ecs"; "*" for a wildcard service.
func servicePrincipal(svc string) string {
	switch {
	case svc == "" || strings.Contains(svc, "*"):
		return "*"
	case svc == "ecs":
		return "ecs-tasks.amazonaws.com"
	case svc == "apprunner":
		return "tasks.apprunner.amazonaws.com"
	}
	return svc + ".amazonaws.com"
}

// trustEdges adds an edge from every role a trust policy names to the
// role whose policy it is: a trust policy naming a role lets it assume the
// role without a permission of its own.
func (a *analyzer) trustEdges() {
	x := a.x
	for i, o := range x.roles {
		for _, t := range o.TrustedRoles() {
			if id, ok := x.roleID[t]; ok && t != o {
				pr := &a.prin[id]
				pr.edges = append(pr.edges, pedge{to: int32(i), kind: edgeTrust})
				sortEdges(pr.edges)
			}
		}
	}
}

// everything reports whether an action is every action of every service.
func everything(action string) bool {
	a := strings.TrimSpace(action)
	return a == "*" || a == "*:*"
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

// secretOpens returns what a leak of the secret opens directly: the
// resources it Opens and, for a credential that grants no role (a
// password, an API key), the data stores whose flows it authenticates
// (threatmodel.Authenticates), each once. A role credential reaches what
// its role's policy allows, which the role's own reach follows; a
// credential to a process lets its holder call the process, not change it.
func secretOpens(s *tm.Secret) []tm.Element {
	out := s.Accesses()
	if len(s.Grants()) > 0 {
		return out
	}
	for _, f := range s.Authenticates() {
		if d := f.Destination(); d != nil && d.Kind() == tm.DataStore && !slices.Contains(out, tm.Element(d)) {
			out = append(out, d)
		}
	}
	return out
}

// secretDirect computes what a secret opens itself, with the access
// openAccess, and where it leads: to the roles it grants or opens, to the
// other secrets it opens and to the processes it opens (a takeover).
func (a *analyzer) secretDirect(s *tm.Secret) principal {
	x := a.x
	pr := principal{el: s, sec: s}
	type open struct {
		reached
		wild bool
	}
	var opened []open
	for _, res := range secretOpens(s) {
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
