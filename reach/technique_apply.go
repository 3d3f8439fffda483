package reach

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/internal/iam"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// techMatch is what the techniques give one role on one target: the IDs of
// those that apply, sorted, and the first statement that grants one of
// their permissions there.
type techMatch struct {
	ids  []string
	perm *tm.Permission
}

// compiled is what the analysis uses of a technique, computed once: the
// services of its permissions, the permissions in lower case (a pattern
// compares with them without allocating) and which of them pass a role.
type compiled struct {
	services []string
	perms    []string
	pass     []bool
}

// compiledCatalogue is the catalogue, compiled, in its order.
var compiledCatalogue = func() []compiled {
	out := make([]compiled, len(catalogue))
	for i, t := range catalogue {
		c := &out[i]
		for _, p := range t.Permissions {
			if svc := iam.Parse(p).Service; !slices.Contains(c.services, svc) {
				c.services = append(c.services, svc)
			}
			c.perms = append(c.perms, strings.ToLower(p))
			c.pass = append(c.pass, iam.PassesRole(p))
		}
	}
	return out
}()

// candidates returns the indices of the techniques of the catalogue that
// may apply to a role with these effective permissions: every permission
// is allowed by some statement, somewhere; and, for a technique that passes
// a role, the permissions that create the new resource are allowed on a
// resource they create. It costs the catalogue's size times the role's
// statements, once per role; the per-target checks then look only at
// these.
func candidates(eff []tm.EffectivePermission) []int {
	// First by service alone: most roles hold no action of a service the
	// catalogue names, and skip it at the cost of a few string compares.
	var svcs []string
	all := false
	for _, e := range eff {
		for _, a := range e.Actions {
			svc, _, ok := strings.Cut(strings.TrimSpace(a), ":")
			if !ok || strings.Contains(svc, "*") {
				all = true // "*", or not an AWS action: leave it to Covers
			} else if !slices.ContainsFunc(svcs, func(s string) bool { return strings.EqualFold(s, svc) }) {
				svcs = append(svcs, svc)
			}
		}
	}
	var out []int
	for i := range compiledCatalogue {
		c := &compiledCatalogue[i]
		if !all && slices.ContainsFunc(c.services, func(s string) bool {
			return !slices.ContainsFunc(svcs, func(h string) bool { return strings.EqualFold(h, s) })
		}) {
			continue // a service none of the role's actions names
		}
		ok := true
		for k, p := range c.perms {
			some := slices.ContainsFunc(eff, func(e tm.EffectivePermission) bool {
				return slices.ContainsFunc(e.Actions, func(a string) bool { return iam.Covers(a, p) })
			})
			if !some || catalogue[i].Preconditions&PassableRole != 0 && !c.pass[k] &&
				!slices.ContainsFunc(eff, func(e tm.EffectivePermission) bool { return e.Allows(p, nil, nil) }) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, i)
		}
	}
	return out
}

// applyTechniques returns the techniques among cands that apply to role r
// on one target it reaches, with pairs the statements that reach it and
// lefts the actions each leaves there, by the techniques' preconditions:
// OnSelf on the role itself, OnOtherPrincipal and PassableRole on another
// role, BoundResource on a process of the technique's service that runs as
// a role. Nil when none does.
func (a *analyzer) applyTechniques(r *tm.Role, cands []int, eff []tm.EffectivePermission, pairs []pairRef, lefts [][]string) *techMatch {
	if len(cands) == 0 || len(pairs) == 0 {
		return nil
	}
	x := a.x
	t := pairs[0].t
	tg := &x.targets[t]
	var on Precondition // the preconditions this target can meet
	switch {
	case tg.role == r:
		on = OnSelf
	case tg.role != nil:
		on = OnOtherPrincipal | PassableRole
	case tg.comp != nil && tg.comp.Kind() == tm.Process && len(rolesOf(tg.comp)) > 0:
		on = onWorkload
	default:
		return nil
	}
	// grant returns the first statement that allows the action (lower
	// case) on the target, or nil.
	grant := func(action string) *tm.Permission {
		for k, p := range pairs {
			if !slices.ContainsFunc(lefts[k], func(l string) bool { return iam.Covers(l, action) }) ||
				namespacedOnly(eff[p.perm].Resource, action) {
				continue
			}
			var through tm.Element
			if p.through >= 0 {
				through = x.targets[p.through].el
			}
			if !eff[p.perm].Denied(action, tg.el, through) {
				return eff[p.perm].Permission
			}
		}
		return nil
	}
	var m *techMatch
	for _, i := range cands {
		tc, c := &catalogue[i], &compiledCatalogue[i]
		if tc.Preconditions&^on != 0 || tc.Preconditions&onWorkload != 0 && !a.fits(i, t) ||
			tg.role != nil && !trusted(tc, c, r, tg.role) {
			continue
		}
		var first *tm.Permission
		ok := true
		for k, p := range c.perms {
			if tc.Preconditions&PassableRole != 0 && !c.pass[k] {
				continue // creates a resource: checked once, in candidates
			}
			if tc.Preconditions&BoundResource != 0 && c.pass[k] {
				if !passesToBound(eff, tg.comp, p) {
					ok = false
					break
				}
				continue // on the process's role, not on the process
			}
			g := grant(p)
			if g == nil {
				ok = false
				break
			}
			if first == nil || a.permAt[g].i < a.permAt[first].i {
				first = g
			}
		}
		if !ok {
			continue
		}
		if m == nil {
			m = &techMatch{perm: first}
		} else if a.permAt[first].i < a.permAt[m.perm].i {
			m.perm = first
		}
		m.ids = append(m.ids, tc.ID)
	}
	return m
}

// trusted reports whether the target role's trust policy lets technique
// tc (compiled as c) reach it from role r: a role passed to a new resource
// must trust the technique's service, and a technique that assumes the
// role (sts:AssumeRole) needs the role to trust r. A role that declares
// no trust policy trusts both (threatmodel.Role.TrustsService). Only AWS
// roles have trust policies.
func trusted(tc *Technique, c *compiled, r, target *tm.Role) bool {
	if tc.Platform != AWS {
		return true // Kubernetes and Google Cloud have no trust policies
	}
	if tc.Preconditions&PassableRole != 0 && tc.Service != "" && !target.TrustsService(tc.Service) {
		return false
	}
	for _, p := range c.perms {
		if iam.ActsAs(p) && !target.TrustsRole(r) {
			return false
		}
	}
	return true
}

// fits reports whether the process target t is a resource the technique
// i can take over (fitsService), computed once per process.
func (a *analyzer) fits(i int, t int32) bool {
	bits, ok := a.fit[t]
	if !ok {
		bits = make([]uint64, (len(catalogue)+63)/64)
		c := a.x.targets[t].comp
		for j := range catalogue {
			if catalogue[j].Preconditions&onWorkload != 0 && fitsService(&catalogue[j], c) {
				bits[j/64] |= 1 << (j % 64)
			}
		}
		a.fit[t] = bits
	}
	return bits[i/64]&(1<<(i%64)) != 0
}

// fitsService reports whether a process is a resource a technique can take over:
// its name or technology names the service of one of the technique's
// permissions ("lambda:UpdateFunctionCode" and "AWS Lambda"), or one of
// the services it also applies to. A wildcard permission that covers an
// AWS technique does not make a Kubernetes workload an AWS resource.
// Kubernetes and Google Cloud techniques fit by fitsPlatform.
func fitsService(t *Technique, c *tm.Component) bool {
	if t.Platform == Kubernetes || t.Platform == GoogleCloud {
		return fitsPlatform(t, c)
	}
	text := c.Name() + " " + c.Technology()
	for _, p := range t.Permissions {
		if iam.InService(p, text) {
			return true
		}
	}
	for _, svc := range t.on {
		if iam.InService(svc+":", text) {
			return true
		}
	}
	return false
}

// techniquesText names techniques in a message: "technique lambda-003",
// "techniques ecs-003, ecs-004", at most three and how many more.
func techniquesText(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	s := "technique "
	if len(ids) > 1 {
		s = "techniques "
	}
	if len(ids) > 3 {
		return s + strings.Join(ids[:3], ", ") + " and " + strconv.Itoa(len(ids)-3) + " more"
	}
	return s + strings.Join(ids, ", ")
}

// grantedEntries returns what role r reaches with what it could grant
// itself: "*" on every resource within its permission boundary and
// guardrails, less its denies (threatmodel.Role.Granted), one entry per
// target sorted by target, via the statement that lets it change itself.
func (a *analyzer) grantedEntries(r *tm.Role, via *tm.Permission) []entry {
	x := a.x
	var es []entry
	vias := []*tm.Permission{via}
	for _, g := range r.Granted(tm.AnyResource(), "*") {
		for _, rc := range x.expand(g.Resource, nil) {
			var through tm.Element
			if rc.through >= 0 {
				through = x.targets[rc.through].el
			}
			acts := g.ActionsOn(x.targets[rc.t].el, through)
			var acc tm.Access
			for _, act := range acts {
				acc |= a.action(act).access
			}
			if acc != 0 {
				es = append(es, entry{t: rc.t, through: rc.through, access: acc, actions: acts, wildcard: true, via: vias, from: -1})
			}
		}
	}
	slices.SortFunc(es, func(p, q entry) int { return cmp.Or(cmp.Compare(p.t, q.t), cmp.Compare(p.through, q.through)) })
	out := es[:0]
	for _, e := range es {
		if n := len(out); n > 0 && out[n-1].t == e.t {
			o := &out[n-1]
			o.access |= e.access
			o.actions = append(slices.Clip(o.actions), e.actions...)
			continue
		}
		out = append(out, e)
	}
	for i := range out {
		out[i].actions = slices.Compact(slices.Sorted(slices.Values(out[i].actions)))
		out[i].takeover = a.takesOver(out[i].t, out[i].actions, false)
	}
	return out
}

// mergeGranted merges what a role could grant itself into what it
// reaches, both sorted by target: per target, the union of the access and
// the actions, the statements that grant them, reached directly when
// either is.
func (a *analyzer) mergeGranted(own, granted []entry) []entry {
	out := make([]entry, 0, len(own)+len(granted))
	i, j := 0, 0
	for i < len(own) || j < len(granted) {
		switch {
		case j == len(granted) || i < len(own) && own[i].t < granted[j].t:
			out = append(out, own[i])
			i++
		case i == len(own) || granted[j].t < own[i].t:
			out = append(out, granted[j])
			j++
		default:
			e, g := own[i], granted[j]
			e.access |= g.access
			e.wildcard = true
			e.actions = slices.Compact(slices.Sorted(slices.Values(append(slices.Clip(e.actions), g.actions...))))
			if !slices.Contains(e.via, g.via[0]) {
				e.via = append(slices.Clip(e.via), g.via[0])
			}
			if g.through < 0 {
				e.through = -1
			}
			e.takeover = e.takeover || g.takeover
			out = append(out, e)
			i++
			j++
		}
	}
	return out
}

// selfGains returns what role ri gains by granting itself any permission,
// as its techniques of self-escalation allow (grantedEntries), where that
// is more than the role reaches without doing so, with the role as the
// chain.
func (a *analyzer) selfGains(ri int32, via *tm.Permission, gained func(int32, tm.Access) bool) []Entry {
	r := a.x.roles[ri]
	es := slices.DeleteFunc(a.grantedEntries(r, via), func(e entry) bool { return !gained(e.t, e.access) })
	if len(es) == 0 {
		return nil
	}
	res := a.blast(es, nil, nil).Reach
	chain := []tm.Element{r}
	for i := range res {
		res[i].Chain = chain
	}
	return res
}
