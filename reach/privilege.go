package reach

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/internal/iam"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// Finding is a least-privilege finding: a threatmodel.Finding (one of the
// RCH codes, threatmodel.CodeUnusedPermission to
// threatmodel.CodeEscalation, with the path of the statement at fault in the
// model's own words and where it was declared) and the typed elements
// involved, with the narrower permission set the flows justify. Its Subject
// is the role, so m.Waive(code, role, reason) waives it.
type Finding struct {
	// Finding holds the code, severity, path, position and message. Path
	// locates the statement, for example
	// roles["Lambda execution role"].permissions[2], or
	// roles["CI role"].canAssume["Admin role"]; a takeover is located at
	// the first statement whose modifying action reaches the process. Pos
	// is where the permission was declared, or the role for a CanAssume.
	tm.Finding
	// Role is the role at fault; nil for a finding about a waiver (TM190 to
	// TM192 for a waiver of an RCH code).
	Role *tm.Role
	// Permission is the allow statement at fault; nil for a CanAssume.
	Permission *tm.Permission
	// Target is, for threatmodel.CodeEscalation, the role or secret the
	// role can act as or read, or the process (a *threatmodel.Component) it
	// can take over.
	Target tm.Element
	// Scopes is the narrower permission set the declared flows justify;
	// empty when the statement should go.
	Scopes []Scope
	// Gains are, for threatmodel.CodeEscalation, what the target reaches
	// beyond the role's own permissions; for a process, what its other
	// roles and its secrets reach, transitively, with the process first in
	// each Chain; for the role itself (self-escalation), what it could
	// grant itself within its permission boundary and guardrails
	// (threatmodel.Role.Granted) beyond what it reaches. At most MaxGains
	// of them, the most critical and valuable assets first chosen, listed
	// by path; GainCount counts them all.
	Gains []Entry
	// GainCount is how many elements Gains would list without the
	// MaxGains cap: all of them, or, when GainsCut, those found among the
	// first GainBudget principals the target leads to.
	GainCount int
	// GainsCut is true when the target leads to more than GainBudget
	// principals (roles, secrets and processes, breadth first) and the
	// gains were counted among those only: GainCount is then a lower
	// bound. The target's own blast radius (Result.Role) is complete.
	GainsCut bool
	// Techniques are, for threatmodel.CodeEscalation, the IDs of the
	// privilege-escalation techniques of the catalogue (Techniques) that
	// lead to the target, sorted; empty when the role leads there only in
	// a way the catalogue does not list (Role.CanAssume, a secret, a
	// modifying action of another platform).
	Techniques []string
}

// Scope is one statement of a narrower permission set: a specific resource,
// the access levels the flows need on it and the actions of the original
// statement that stay within them (empty when only wildcards were written:
// list the specific actions). When the actions name a service
// ("dynamodb:*") and some of the resources the flows touch mention it in
// their name or technology ("Amazon DynamoDB"), only those are scoped to.
type Scope struct {
	// Resource is the specific resource to grant on.
	Resource tm.Element
	// Access is the access the flows need on it.
	Access tm.Access
	// Actions are the original statement's actions within Access.
	Actions []string
}

// nbr is a component's neighbour through a flow, with the access the flow
// justifies to the component: writing where it sends a request, reading
// where a response comes back from or where it receives from a data store.
// A request another component sends it, and its answer, justify nothing;
// no data flow justifies deleting or administering.
type nbr struct {
	c   int32
	acc tm.Access
}

// keyed is a finding with the role and statement it sorts by.
type keyed struct {
	Finding
	role, at int32
}

// leastPrivilege checks every allow statement against the flows of the
// components that act as its role, and every way a role leads to another.
// It runs in stages: index what the flows need (flowNeeds), judge each
// statement of each role (judgeStatements) and every way the role leads to
// another (escalations), then order the findings and waive the waived ones
// (sortFindings, waive).
func (a *analyzer) leastPrivilege() []Finding {
	j := &judging{
		flowNeeds: a.flowNeeds(),
		mark:      make([]uint32, len(a.x.targets)),
		just:      make([]tm.Access, len(a.x.targets)),
	}
	var out []keyed
	for ri, r := range a.x.roles {
		out = a.judgeStatements(j, ri, r, out)
		a.escalations(ri, func(f Finding, at int32) {
			out = append(out, keyed{f, int32(ri), at})
		})
	}
	sortFindings(out)
	return a.waive(out)
}

// flowNeeds is what the declared flows and secrets of each component
// justify, indexed by component.
type flowNeeds struct {
	nbrs [][]nbr   // the neighbours each component's flows reach
	uses [][]int32 // secret targets each component uses or holds
}

// judging is the state shared while judging statements: what the flows
// need and, per target, whether the statement being judged reaches it
// (mark == gen) and the access the flows justify there (just).
type judging struct {
	flowNeeds
	mark []uint32
	just []tm.Access
	gen  uint32
}

// flowNeeds indexes, for every component, the neighbours its flows reach
// with the access they justify (see nbr) and the secrets it uses or holds.
func (a *analyzer) flowNeeds() flowNeeds {
	x := a.x
	nbrs := make([][]nbr, len(x.comps))
	all := make([]nbr, 0, 2*len(x.flows)) // a flow is a neighbour of each end at most
	for i := range x.comps {
		start := len(all)
		for _, f := range x.out[i] {
			if d := f.Destination(); d != nil && x.has(d) && f.ResponseTo() == nil {
				all = append(all, nbr{int32(d.Index()), tm.Write})
			}
		}
		for _, f := range x.in[i] {
			if s := f.Source(); s != nil && x.has(s) && (f.ResponseTo() != nil || s.Kind() == tm.DataStore) {
				all = append(all, nbr{int32(s.Index()), tm.Read})
			}
		}
		if len(all) > start {
			nbrs[i] = all[start:len(all):len(all)]
		}
	}
	// The secrets each component uses or holds, as targets: a.uses has
	// them as principals.
	uses := make([][]int32, len(x.comps))
	for i, ps := range a.uses {
		if len(ps) == 0 {
			continue
		}
		uses[i] = make([]int32, len(ps))
		for k, p := range ps {
			uses[i][k] = x.tid[x.secrets[p-int32(a.nRoles)]]
		}
	}
	return flowNeeds{nbrs: nbrs, uses: uses}
}

// judgeStatements judges every allow statement of role ri against the flows
// of the components that act as it, and appends a finding for each
// statement that is unused, too broad in its resource or too broad in its
// actions. Statements that only manage roles are left to escalations.
func (a *analyzer) judgeStatements(j *judging, ri int, r *tm.Role, out []keyed) []keyed {
	users := a.users[ri]
	perms := permissionsOf(r)
	eff := a.eff[ri]
	for pi, p := range perms {
		if len(users) == 0 || p.Effect() != tm.Allow || p.Resource() == nil {
			continue
		}
		actions := actionsOf(p)
		// Role management alone (passing, assuming, changing permissions)
		// is the escalation analysis's concern; a wildcard ("*") is judged
		// here too, but never as unused: what it reaches through a control
		// plane (an orchestrator's API) no data flow shows.
		mgmt := !slices.ContainsFunc(actions, func(s string) bool { return !a.action(s).manages })
		if len(actions) == 0 || mgmt && !slices.ContainsFunc(actions, func(s string) bool { return a.action(s).wildcard }) {
			continue
		}
		j.gen++
		res := a.statementTargets(j, eff, p)
		if len(res) == 0 {
			continue
		}
		a.justify(j, users, p)
		f, ok := a.verdict(j, p, actions, users, res)
		if !ok || mgmt && f.Code == tm.CodeUnusedPermission {
			continue
		}
		f.Path = r.Path() + ".permissions[" + strconv.Itoa(pi) + "]"
		f.Pos, f.Role, f.Permission = p.Pos(), r, p
		out = append(out, keyed{f, int32(ri), int32(pi)})
	}
	return out
}

// statementTargets marks every target an allow statement reaches with an
// action left after denies, clearing what the flows justify there, and
// returns, sorted and distinct, what the statement effectively names: not
// assets reached through their stores, not roles.
func (a *analyzer) statementTargets(j *judging, eff []tm.EffectivePermission, p *tm.Permission) []int32 {
	x := a.x
	var res []int32
	for i := range eff {
		if eff[i].Permission != p {
			continue
		}
		for _, rc := range x.expand(eff[i].Resource, a.rs[:0]) {
			if len(a.actionsOn(&eff[i], rc)) == 0 {
				continue
			}
			j.mark[rc.t] = j.gen
			j.just[rc.t] = 0
			if rc.through < 0 && x.targets[rc.t].role == nil {
				res = append(res, rc.t)
			}
		}
	}
	slices.Sort(res)
	return slices.Compact(res)
}

// justify records, on the targets the statement reaches, the access the
// flows of its users need: what their neighbours' flows justify, on the
// neighbour and what it holds, reading the secrets they use, and reading
// and writing a user's own configuration, logs and code when the statement
// names the user itself.
func (a *analyzer) justify(j *judging, users []int32, p *tm.Permission) {
	x := a.x
	for _, u := range users {
		if x.comps[u] == p.Resource() {
			j.just[x.compTID[u]] |= tm.Read | tm.Write // a component's own configuration, logs, code
		}
		for _, n := range j.nbrs[u] {
			if t := x.compTID[n.c]; j.mark[t] == j.gen {
				j.just[t] |= n.acc
			}
			for _, t := range x.held[n.c] {
				if j.mark[t] == j.gen {
					j.just[t] |= n.acc
				}
			}
		}
		for _, t := range j.uses[u] {
			if j.mark[t] == j.gen {
				j.just[t] |= tm.Read
			}
		}
	}
}

// verdict judges a statement by what the flows justify on the targets it
// names, res: unused when they justify nothing, a broad resource when it
// names a zone or every resource beyond what they use, broad actions when
// a wildcard action grants more access than they need. It returns false
// when the statement is as narrow as the flows need.
func (a *analyzer) verdict(j *judging, p *tm.Permission, actions []string, users, res []int32) (Finding, bool) {
	x := a.x
	var used []int32
	var union tm.Access
	for _, t := range res {
		if j.just[t] != 0 {
			used = append(used, t)
			union |= j.just[t]
		}
	}
	var f Finding
	stmt := "Allow " + strings.Join(actions, ", ") + " on " + p.Resource().Path()
	_, zone := p.Resource().(*tm.Zone)
	broad := zone || p.Resource() == tm.AnyResource()
	switch {
	case len(used) == 0:
		f.Code = tm.CodeUnusedPermission
		f.Message = stmt + ": no declared flow of " + listComps(x, users) +
			", acting as the role, touches what it reaches; remove it or declare the flow that needs it"
	case broad && (len(used) < len(res) || p.Resource() == tm.AnyResource()):
		// A statement on every resource is broad even where its
		// service keeps it to what the flows use: name them.
		f.Code = tm.CodeBroadResource
		used = sameService(x, actions, used)
		f.Scopes = scopes(x, p, used, j.just)
		f.Message = fmt.Sprintf("%s reaches %d resources; the flows need only %s: scope it to them",
			stmt, len(res), listTargets(x, used))
	case slices.ContainsFunc(actions, iam.Wildcard) && p.Access()&^union != 0:
		f.Code = tm.CodeBroadActions
		f.Scopes = scopes(x, p, used, j.just)
		f.Message = stmt + " grants " + p.Access().String() + "; the flows need only " +
			(p.Access() & union).String() + ": list the specific actions"
	default:
		return Finding{}, false
	}
	return f, true
}

// sortFindings orders findings by role, then by the statement or way
// to another role they are about, then by code.
func sortFindings(out []keyed) {
	slices.SortStableFunc(out, func(p, q keyed) int {
		return cmp.Or(cmp.Compare(p.role, q.role), cmp.Compare(p.at, q.at), strings.Compare(string(p.Code), string(q.Code)))
	})
}

// waive drops the findings that a waiver of the model covers and adds the
// findings about the waivers of RCH codes (threatmodel.Model.ApplyWaivers).
func (a *analyzer) waive(out []keyed) []Finding {
	fs := make([]*tm.Finding, len(out))
	for i := range out {
		f := &out[i].Finding
		f.Severity, f.Subject = f.Code.Severity(), f.Role
		fs[i] = &f.Finding
	}
	kept := a.x.m.ApplyWaivers(tm.StageReach, fs)
	res := make([]Finding, 0, len(kept))
	j := 0
	for _, f := range kept {
		for j < len(out) && &out[j].Finding.Finding != f {
			j++
		}
		if j < len(out) {
			res = append(res, out[j].Finding)
			continue
		}
		res = append(res, Finding{Finding: *f}) // about a waiver
	}
	return res
}

// escalations reports each role, secret or process that role ri leads to
// and that reaches more than ri's own permissions, through emit; at orders
// the finding after the role's permissions.
func (a *analyzer) escalations(ri int, emit func(Finding, int32)) {
	x := a.x
	r := x.roles[ri]
	own := a.prin[ri].direct
	seen := make(map[int32]bool)
	for _, e := range a.prin[ri].edges {
		if seen[e.to] || e.to == int32(ri) {
			continue
		}
		seen[e.to] = true
		gained := func(t int32, acc tm.Access) bool {
			if t == x.tid[r] {
				return false
			}
			j, ok := slices.BinarySearchFunc(own, t, func(e entry, t int32) int { return cmp.Compare(e.t, t) })
			return !ok || acc&^own[j].access != 0
		}
		target := a.prin[e.to].el
		self := int32(-1)
		if e.to >= int32(a.nPrin) && slices.ContainsFunc(a.prin[e.to].edges, func(p pedge) bool { return p.to == int32(ri) }) {
			self = int32(ri) // a process that runs as ri gives ri nothing through ri
		}
		gains, count, cut := a.gainsThrough(e.to, self, gained)
		if count == 0 {
			continue
		}
		f := Finding{Role: r, Permission: e.perm, Target: target, Gains: gains, GainCount: count, GainsCut: cut}
		if m := a.techs[[2]int32{int32(ri), x.tid[target]}]; m != nil && e.perm != nil {
			f.Techniques = m.ids
		}
		f.Code = tm.CodeEscalation
		at := int32(1<<30) + e.to
		how := "through CanAssume"
		if e.perm != nil {
			ref := a.permAt[e.perm]
			at = ref.i
			f.Path = e.perm.Path()
			f.Pos = e.perm.Pos()
			how = "through " + statementText(e.perm)
			if len(f.Techniques) > 0 {
				how += ", by " + techniquesText(f.Techniques)
			}
		} else if e.kind == edgeTrust {
			how = "through the trust policy of " + target.Path()
			f.Path = target.Path() + ".trust"
			f.Pos = target.Pos()
		} else {
			f.Path = r.Path() + ".canAssume[" + strconv.Quote(target.Name()) + "]"
			f.Pos = r.Pos()
		}
		more := gainsText(count, cut) + " more: " + describeGains(gains)
		switch target.(type) {
		case *tm.Component:
			f.Message = "the role can take over " + target.Path() + " " + how +
				": it can change what the process runs or how, and so act as its roles, which reach " + more +
				"; narrow the process's roles, or leave such changes to a reviewed deployment"
		case *tm.Secret:
			f.Message = "the role can read " + target.Path() + " " + how + ", which reaches " + more +
				"; drop the assumption or give the role a permission boundary"
		default:
			f.Message = "the role can act as " + target.Path() + " " + how + ", which reaches " + more +
				"; drop the assumption or give the role a permission boundary"
		}
		emit(f, at)
	}
	a.selfEscalation(ri, emit)
}

// statementText names an allow statement in a message: "Allow
// iam:PassRole on roles["X"]" for a role's own, "Allow s3:GetObject in
// the resource policy of components["Bucket"]" for a resource policy's.
func statementText(p *tm.Permission) string {
	if c := p.PolicyOf(); c != nil {
		return "Allow " + strings.Join(actionsOf(p), ", ") + " in the resource policy of " + c.Path()
	}
	return "Allow " + strings.Join(actionsOf(p), ", ") + " on " + p.Resource().Path()
}

// selfEscalation reports role ri when a technique of self-escalation
// applies to it (it can change its own permissions) and what it could
// grant itself reaches more than it does.
func (a *analyzer) selfEscalation(ri int, emit func(Finding, int32)) {
	x := a.x
	r := x.roles[ri]
	m := a.techs[[2]int32{int32(ri), x.tid[r]}]
	if m == nil {
		return
	}
	own := a.selfOwn[int32(ri)]
	gains := a.selfGains(int32(ri), m.perm, func(t int32, acc tm.Access) bool {
		if t == x.tid[r] {
			return false // itself: what it gains is the rest
		}
		j, ok := slices.BinarySearchFunc(own, t, func(e entry, t int32) int { return cmp.Compare(e.t, t) })
		return !ok || acc&^own[j].access != 0
	})
	if len(gains) == 0 {
		return
	}
	ref := a.permAt[m.perm]
	f := Finding{Role: r, Permission: m.perm, Target: r, Gains: mostValuable(a.x, gains, MaxGains), GainCount: len(gains), Techniques: m.ids}
	f.Code = tm.CodeEscalation
	f.Path = m.perm.Path()
	f.Pos = m.perm.Pos()
	f.Message = "the role can change its own permissions through " + statementText(m.perm) + ", by " + techniquesText(m.ids) + ", and so grant itself any permission its guardrails let through, which reaches " +
		strconv.Itoa(len(gains)) + " more: " + describeGains(gains) +
		"; scope the statement to other principals, or deny it in the role's permission boundary"
	emit(f, ref.i)
}

// describeGains names the most valuable asset among gains, or the first
// element.
func describeGains(gains []Entry) string {
	var best *tm.Asset
	for _, g := range gains {
		if as, ok := g.Element.(*tm.Asset); ok {
			if best == nil || as.Criticality() > best.Criticality() ||
				as.Criticality() == best.Criticality() && as.Value() > best.Value() {
				best = as
			}
		}
	}
	if best != nil {
		return best.Path() + " (" + best.Value().String() + " value, " + best.Criticality().String() + ")"
	}
	return gains[0].Element.Path()
}

// sameService narrows the resources the flows touch to those whose name or
// technology mentions the service the actions name ("dynamodb:*" and a
// component built with "Amazon DynamoDB"), when there are any.
func sameService(x *index, actions []string, used []int32) []int32 {
	var svcs []string
	for _, a := range actions {
		svc, _, ok := strings.Cut(strings.ToLower(strings.TrimSpace(a)), ":")
		if !ok || svc == "" || strings.Contains(svc, "*") {
			return used
		}
		svcs = append(svcs, svc)
	}
	var out []int32
	for _, t := range used {
		text := strings.ToLower(x.targets[t].el.Name())
		if c := x.targets[t].comp; c != nil {
			text += " " + strings.ToLower(c.Technology())
		}
		text = strings.ReplaceAll(text, " ", "")
		if slices.ContainsFunc(svcs, func(s string) bool { return strings.Contains(text, s) }) {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return used
	}
	return out
}

// scopes returns the narrower statements the flows justify on the used
// targets: the access levels they need, and the original actions that stay
// within them.
func scopes(x *index, p *tm.Permission, used []int32, just []tm.Access) []Scope {
	acc := p.Access()
	out := make([]Scope, 0, len(used))
	for _, t := range used {
		need := acc & just[t]
		if need == 0 {
			need = acc &^ tm.Admin // the flow's direction does not match: keep what is granted, not admin
		}
		var acts []string
		for _, act := range actionsOf(p) {
			if c := tm.ActionAccess(act); c&^need == 0 {
				acts = append(acts, act)
			}
		}
		out = append(out, Scope{Resource: x.targets[t].el, Access: need, Actions: acts})
	}
	return out
}

func listTargets(x *index, ts []int32) string {
	var b strings.Builder
	for i, t := range ts {
		if i == 3 {
			b.WriteString(" and " + strconv.Itoa(len(ts)-3) + " more")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(x.targets[t].key)
	}
	return b.String()
}

func listComps(x *index, cs []int32) string {
	cs = slices.Clone(cs)
	slices.SortFunc(cs, func(p, q int32) int { return cmp.Compare(x.rank[p], x.rank[q]) })
	ts := make([]int32, len(cs))
	for i, c := range cs {
		ts[i] = x.compTID[c]
	}
	return listTargets(x, ts)
}
