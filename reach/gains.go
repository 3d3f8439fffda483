package reach

import (
	"cmp"
	"slices"
	"strconv"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// GainBudget is how many principals (roles, secrets and processes) an
// escalation finding looks through, breadth first from its target, to
// count what the role gains there. A role that may assume the next of a
// chain of thousands gains everything the rest of the chain reaches;
// counting it all for every link would cost the square of the chain's
// length. Past the budget the finding says "at least" (Finding.GainsCut);
// the next link's own finding carries on, and Result.Role lists a role's
// whole blast radius.
const GainBudget = 128

// MaxGains is how many gains an escalation finding lists (Finding.Gains):
// the most critical and valuable assets among them first.
const MaxGains = 16

// gainsThrough returns what a role gains through the principal node, as
// gained accepts the merged reach of node's closure (within GainBudget,
// leaving out self): at most MaxGains entries, the number of them all,
// and whether the closure was cut. It costs at most GainBudget
// principals' reach, and keeps nothing.
func (a *analyzer) gainsThrough(node, self int32, gained func(int32, tm.Access) bool) ([]Entry, int, bool) {
	order, _, cut := a.closureN([]int32{node}, self, GainBudget)
	es := a.mergeInto(a.gbuf, nil, order)
	a.gbuf = es
	keep := es[:0]
	for _, e := range es {
		if gained(e.t, e.access) {
			keep = append(keep, e)
		}
	}
	if len(keep) == 0 {
		return nil, 0, cut
	}
	n := len(keep)
	keep = slices.Clone(mostValuable(a.x, keep, MaxGains))
	slices.SortFunc(keep, func(p, q entry) int { return cmp.Compare(p.t, q.t) })
	return a.blast(keep, order, nil).Reach, n, cut
}

// mostValuable returns at most k of the entries: the most critical and
// valuable assets first chosen, then the rest by target; all of them, in
// their order, when there are no more than k, else sorted by target.
func mostValuable[E entry | Entry](x *index, es []E, k int) []E {
	if len(es) <= k {
		return es
	}
	type ranked struct {
		crit tm.Criticality
		val  tm.Level
		t    int32
		i    int
	}
	rs := make([]ranked, len(es))
	for i, e := range es {
		var el tm.Element
		var t int32
		switch v := any(e).(type) {
		case entry:
			el, t = x.targets[v.t].el, v.t
		case Entry:
			el, t = v.Element, x.tid[v.Element]
		}
		rs[i] = ranked{t: t, i: i}
		if as, ok := el.(*tm.Asset); ok {
			rs[i].crit, rs[i].val = as.Criticality(), as.Value()
		}
	}
	slices.SortFunc(rs, func(p, q ranked) int {
		return cmp.Or(cmp.Compare(q.crit, p.crit), cmp.Compare(q.val, p.val), cmp.Compare(p.t, q.t), cmp.Compare(p.i, q.i))
	})
	rs = rs[:k]
	slices.SortFunc(rs, func(p, q ranked) int { return cmp.Or(cmp.Compare(p.t, q.t), cmp.Compare(p.i, q.i)) })
	out := make([]E, k)
	for j, r := range rs {
		out[j] = es[r.i]
	}
	return out
}

// gainsText is how many gains a message counts: "12", or "at least 12"
// when the count stopped at GainBudget principals.
func gainsText(n int, cut bool) string {
	if cut {
		return "at least " + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
