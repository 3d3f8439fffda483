package reach

import (
	"cmp"
	"slices"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// closure visits every principal and process reachable from the starts,
// breadth first, each once (cycles end there), and returns them in
// visiting order. It first follows every edge but those into a process,
// then takeovers too: the first n nodes of the order are those reached
// without taking a process over, and a chain goes through a process only
// when no other way leads there. The parent of each, for chains, is left
// in a.par. self, when not negative, is a process node not to visit: the
// subject itself.
func (a *analyzer) closure(starts []int32, self int32) (order []int32, n int) {
	order, n, _ = a.closureN(starts, self, -1)
	return order, n
}

// closureN is closure stopping after limit principals when limit is not
// negative; cut reports that it stopped with more left to visit.
func (a *analyzer) closureN(starts []int32, self int32, limit int) (order []int32, n int, cut bool) {
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
					if limit >= 0 && len(order) >= limit {
						cut = true
						break
					}
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
	return order, n, cut
}

// chains returns, for each node of a closure's order (parents before
// children), the principals from the closure's start to it, indexed like
// a.par. Chains share their backing arrays: the first child of a node
// extends its parent's chain in place, the others copy it, so a closure
// costs its size and not the sum of its chains' lengths (a chain of n
// assumed roles would otherwise cost n²/2). A chain must not be changed.
func (a *analyzer) chains(order []int32) [][]tm.Element {
	if len(a.chainOf) < len(a.par) {
		a.chainOf = make([][]tm.Element, len(a.par))
		a.extended = make([]uint32, len(a.par))
	}
	a.cgen++
	for _, p := range order {
		q := a.par[p]
		if q < 0 {
			c := make([]tm.Element, 1, 4)
			c[0] = a.prin[p].el
			a.chainOf[p] = c
			continue
		}
		c := a.chainOf[q]
		if a.extended[q] != a.cgen && len(c) < cap(c) {
			a.extended[q] = a.cgen
			a.chainOf[p] = append(c, a.prin[p].el)
			continue
		}
		n := make([]tm.Element, len(c)+1, 2*len(c)+2)
		copy(n, c)
		n[len(c)] = a.prin[p].el
		a.chainOf[p] = n
	}
	return a.chainOf
}

// merge unions the own reach of the principals of a closure, after the
// entries a component holds itself, nearest principal first, sorted by
// target. The result is scratch space, valid until the next merge: blast
// copies what it keeps.
func (a *analyzer) merge(held []entry, order []int32) []entry {
	out := a.mergeInto(a.mbuf, held, order)
	a.mbuf = out
	slices.SortFunc(out, func(p, q entry) int { return cmp.Compare(p.t, q.t) })
	return out
}

// mergeInto is merge appending to buf[:0], unsorted: first-reached
// order, for a caller that keeps a few entries and sorts those.
func (a *analyzer) mergeInto(buf, held []entry, order []int32) []entry {
	a.sgen++
	n := len(held)
	for _, p := range order {
		n += len(a.prin[p].direct)
	}
	out := slices.Grow(buf[:0], n)
	add := func(e entry) {
		if a.slotGen[e.t] != a.sgen {
			a.slotGen[e.t] = a.sgen
			a.slot[e.t] = int32(len(out))
			e.ownActions, e.ownVia = false, false
			out = append(out, e)
			return
		}
		m := &out[a.slot[e.t]]
		m.access |= e.access
		m.wildcard = m.wildcard || e.wildcard
		m.takeover = m.takeover || e.takeover
		// Share what the first entry with actions or statements holds
		// (sorted and distinct); copy on the first change.
		switch {
		case len(e.actions) == 0:
		case len(m.actions) == 0:
			m.actions, m.ownActions = e.actions, false
		default:
			if !m.ownActions {
				m.actions, m.ownActions = slices.Clone(m.actions), true
			}
			m.actions = append(m.actions, e.actions...)
			slices.Sort(m.actions)
			m.actions = slices.Compact(m.actions)
		}
		if len(m.via) == 0 && distinctVia(e.via) {
			m.via, m.ownVia = e.via, false
		} else {
			for _, p := range e.via {
				if !slices.Contains(m.via, p) {
					if !m.ownVia {
						m.via, m.ownVia = slices.Clone(m.via), true
					}
					m.via = append(m.via, p)
				}
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
	return out
}

// distinctVia reports whether no statement appears twice in via.
func distinctVia(via []*tm.Permission) bool {
	for i, p := range via {
		if slices.Contains(via[:i], p) {
			return false
		}
	}
	return true
}

// split splits a closure into its roles, secrets and processes, by name,
// leaving out skip.
func (a *analyzer) split(order []int32, skip int32) ([]*tm.Role, []*tm.Secret, []*tm.Component) {
	// Principals are numbered roles, then secrets, then components, each
	// by name: sorted, the order falls into the three in turn.
	ps := append(a.sbuf[:0], order...)
	ps = slices.DeleteFunc(ps, func(p int32) bool { return p == skip })
	slices.Sort(ps)
	a.sbuf = ps
	nr, _ := slices.BinarySearch(ps, int32(a.nRoles))
	ns, _ := slices.BinarySearch(ps, int32(a.nPrin))
	var roles []*tm.Role
	var secrets []*tm.Secret
	var comps []*tm.Component
	if nr > 0 {
		roles = make([]*tm.Role, nr)
		for i, p := range ps[:nr] {
			roles[i] = a.prin[p].role
		}
	}
	if ns > nr {
		secrets = make([]*tm.Secret, ns-nr)
		for i, p := range ps[nr:ns] {
			secrets[i] = a.prin[p].sec
		}
	}
	if len(ps) > ns {
		comps = make([]*tm.Component, len(ps)-ns)
		for i, p := range ps[ns:] {
			comps[i] = a.prin[p].comp
		}
	}
	return roles, secrets, comps
}
