package reach

import (
	"cmp"
	"slices"

	tm "github.com/threatwright/threatwright/threatmodel"
)

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
