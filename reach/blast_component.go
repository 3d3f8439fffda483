package reach

import (
	"cmp"
	"slices"
	"strings"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// ComponentReach is what an attacker who controls a component gains: the
// roles it runs as and those they lead to, the secrets it uses or holds,
// the processes its roles can take over, the assets it stores or that its
// flows carry, and the components it can call with its identity.
// Each entry of its BlastRadius says what the component has by design
// (Entry.Designed, Entry.OwnRecords, Entry.Widened) apart from what
// compromise adds.
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
		calls := 0
		for _, f := range x.out[ci] {
			if f.ResponseTo() == nil && f.Destination() != nil {
				calls++
			}
		}
		if calls > 0 {
			cr.Calls = make([]Call, 0, calls)
		}
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

// held returns what a component holds itself, by design: the assets it
// stores or that represent it, and the assets its flows carry. For an
// external entity, each asset its calls carry is marked as its own records
// when every such call is scoped (see scoped), or with the weakness that
// widens it.
func (a *analyzer) held(ci int32) []entry {
	x := a.x
	c := x.comps[ci]
	external := c.Kind() == tm.ExternalEntity
	self := x.compTID[ci]
	n := len(x.held[ci])
	for _, fs := range [2][]*tm.Flow{x.out[ci], x.in[ci]} {
		for _, f := range fs {
			n += len(x.carries[f.Index()])
		}
	}
	out := a.hbuf[:0]
	if cap(out) < n {
		out = make([]entry, 0, n)
	}
	note := func(t int32, acc tm.Access, own bool, why string) {
		out = append(out, entry{t: t, through: self, access: acc, designed: acc, own: own, widened: why, from: -1})
	}
	for _, t := range x.held[ci] {
		note(t, openAccess, false, "")
	}
	for _, fs := range [2][]*tm.Flow{x.out[ci], x.in[ci]} {
		for _, f := range fs {
			carried := x.carries[f.Index()]
			if len(carried) == 0 {
				continue
			}
			own, why := false, ""
			if external {
				own, why = a.scoped(c, f)
			}
			for _, t := range carried {
				note(t, tm.Read|tm.Write, own, why)
			}
		}
	}
	a.hbuf = out
	slices.SortStableFunc(out, func(p, q entry) int { return cmp.Compare(p.t, q.t) })
	k := 0
	for _, e := range out {
		if k > 0 && out[k-1].t == e.t {
			m := &out[k-1]
			m.access |= e.access
			m.designed |= e.designed
			if m.own && !e.own {
				m.widened = e.widened
			} else if !m.own && !e.own && m.widened == "" {
				m.widened = e.widened
			}
			m.own = m.own && e.own
			continue
		}
		out[k] = e
		k++
	}
	return out[:k]
}

// scoped reports whether what an external entity's flow carries is only
// the entity's own records, and otherwise the modelled weakness that gives
// it every record (empty when the access is unscoped by design). A flow the
// entity sends, or the response to it, is scoped when the request
// authenticates the entity, the service it calls has object-level
// authorization (threatmodel.Authorization), and no open threat lets the
// entity past either (Spoofing on the request; Tampering or Elevation of
// privilege on the service). What the system sends to the entity on its
// own requests is the entity's by design, all of it.
func (a *analyzer) scoped(c *tm.Component, f *tm.Flow) (bool, string) {
	req := f
	if r := f.ResponseTo(); r != nil {
		req = r
	}
	if req.Source() != c {
		return false, ""
	}
	svc := req.Destination()
	if svc == nil {
		return false, ""
	}
	// A request and its responses ask the same: answer once per request.
	if !a.x.hasFlow(req) {
		return a.scopedRequest(req, svc)
	}
	if a.scopes == nil {
		a.scopes = make([]scopeMemo, len(a.x.byIndex))
	}
	m := &a.scopes[req.Index()]
	if !m.done {
		m.own, m.why = a.scopedRequest(req, svc)
		m.done = true
	}
	return m.own, m.why
}

// scopeMemo is scoped's answer for one request.
type scopeMemo struct {
	done, own bool
	why       string
}

// scopedRequest is scoped for a request its caller sends to svc.
func (a *analyzer) scopedRequest(req *tm.Flow, svc *tm.Component) (bool, string) {
	open := a.openThreatsOnce()
	switch {
	case req.Authentication() == 0 || req.Authentication() == tm.NoAuthentication:
		return false, "the call " + req.Key() + " does not authenticate its caller"
	case len(open.onFlow(req)) > 0:
		return false, "open threat " + strings.Join(open.onFlow(req), ", ") + " on the call"
	case !svc.Has(tm.Authorization):
		return false, svc.Name() + " states no object-level authorization"
	case len(open.onComp(svc)) > 0:
		return false, "open threat " + strings.Join(open.onComp(svc), ", ") + " on " + svc.Name()
	}
	return true, ""
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
