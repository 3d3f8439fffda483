package reach

import (
	"cmp"
	"slices"
	"strings"

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
	// For a role that can change its own permissions they include what it
	// could grant itself there ("*", or its boundary's actions), with the
	// statement that lets it in Via.
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
	// Designed is, in a component's blast radius, the part of Access the
	// component has by design, without compromising anything: on the
	// assets it stores or represents and those its flows carry. The rest
	// of Access (Access &^ Designed, or the whole of it when Designed is
	// zero) is what compromise adds: a process taken over acts as its
	// roles and uses its secrets. Zero in a role's or a secret's blast
	// radius, where everything is the compromise of the credential.
	Designed tm.Access
	// OwnRecords is true when the designed access covers only the
	// subject's own records: an external entity whose authenticated calls
	// reach the asset through a service with object-level authorization
	// (threatmodel.Authorization on the service) that no open threat
	// undoes. A customer reaches its own records through the API, not
	// every record the API's role reaches.
	OwnRecords bool
	// Widened names, for an external entity's designed access that is not
	// limited to its own records, the modelled weakness that gives it
	// every record: a call without authentication, a service without
	// authorization, or the open threats on the call or the service
	// (Spoofing on the flow; Tampering or Elevation of privilege on a
	// process; see WithThreats). Empty when the access is by design
	// unscoped (what the system sends the entity) or scoped.
	Widened string
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

// blast turns merged entries into a BlastRadius for a subject sitting in
// the given boundaries.
func (a *analyzer) blast(es []entry, order []int32, bounds []*tm.Zone) BlastRadius {
	x := a.x
	b := BlastRadius{Boundaries: bounds, x: x}
	if len(es) > 0 {
		b.Reach = a.entries.take(len(es))
		b.ids = a.ids.take(len(es))
	}
	var chains [][]tm.Element
	for i, e := range es {
		tg := &x.targets[e.t]
		out := Entry{
			Element:    tg.el,
			Access:     e.access,
			Actions:    e.actions,
			Wildcard:   e.wildcard,
			Takeover:   e.takeover,
			Via:        e.via,
			Secret:     e.secret,
			Designed:   e.designed,
			OwnRecords: e.own,
			Widened:    e.widened,
			Zone:       x.zoneOf(e.t, e.through),
		}
		if e.through >= 0 {
			out.Through = x.targets[e.through].el
		}
		if e.from >= 0 {
			if chains == nil {
				chains = a.chains(order)
			}
			out.Chain = chains[e.from]
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
		if p < int32(a.nRoles) {
			b.Wildcards = append(b.Wildcards, a.wildcards(p)...)
		}
	}
	slices.SortFunc(b.Wildcards, func(p, q *tm.Permission) int {
		rp, rq := a.permAt[p], a.permAt[q]
		return cmp.Or(cmp.Compare(rp.role, rq.role), cmp.Compare(rp.i, rq.i))
	})
	return b
}

// wildcards returns the allow statements of role ri with a wildcard action
// or resource, in declaration order, computed once per role.
func (a *analyzer) wildcards(ri int32) []*tm.Permission {
	if a.wild == nil {
		a.wild = make([][]*tm.Permission, a.nRoles)
		a.wildDone = make([]bool, a.nRoles)
	}
	if !a.wildDone[ri] {
		for _, perm := range permissionsOf(a.x.roles[ri]) {
			if perm.Effect() == tm.Allow && perm.Resource() != nil && perm.Wildcard() {
				a.wild[ri] = append(a.wild[ri], perm)
			}
		}
		a.wildDone[ri] = true
	}
	return a.wild[ri]
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

// arena hands out parts of larger arrays, so that the many small slices a
// result keeps take few allocations: chunks start small and double, so a
// small model wastes little. Each part is capped (appending to it copies)
// and zeroed; a large request gets an array of its own.
type arena[T any] struct {
	free  []T
	chunk int
}

// take returns a zeroed slice of n elements, nil for none.
func (r *arena[T]) take(n int) []T {
	if n <= 0 {
		return nil
	}
	if len(r.free) < n {
		r.chunk = min(max(2*r.chunk, 64), 1024)
		if n > r.chunk/4 {
			return make([]T, n)
		}
		r.free = make([]T, r.chunk)
	}
	out := r.free[:n:n]
	r.free = r.free[n:]
	return out
}
