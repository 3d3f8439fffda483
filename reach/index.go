package reach

import (
	"cmp"
	"slices"
	"strings"

	"github.com/threatwright/threatwright/internal/par"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// index holds every look-up the analysis needs, built once in one pass over
// the model. Targets (what a permission or a secret can reach) get dense ids
// in the order of their paths, so sorting by id sorts by path.
type index struct {
	m *tm.Model

	comps    []*tm.Component // by Component.Index
	byName   []int32         // component indexes sorted by name
	rank     []int32         // rank by name, per component index
	compTID  []int32         // target id per component index
	out, in  [][]*tm.Flow    // per component index, sorted by flow key
	flows    []*tm.Flow      // every flow, sorted by key
	byIndex  []*tm.Flow      // every flow, by Flow.Index
	carries  [][]int32       // per flow, by Flow.Index: the asset targets it carries
	roles    []*tm.Role      // sorted by name
	secrets  []*tm.Secret    // sorted by name
	assets   []*tm.Asset     // sorted by name
	roleID   map[*tm.Role]int32
	secretID map[*tm.Secret]int32
	assetID  map[*tm.Asset]int32

	targets []target
	tid     map[tm.Element]int32

	// reps holds the assets that represent an element, by the element's
	// target id; held the asset targets a component stores or represents.
	reps     map[int32][]int32
	held     [][]int32
	unstored []int32 // asset targets no component stores

	zoneSub   map[*tm.Zone][]int32 // memo: component targets (not external entities) in a zone's subtree
	children  map[*tm.Zone][]*tm.Zone
	blast     map[*tm.Zone]*tm.Zone // innermost blast-radius zone around each zone, nil when none
	nZones    int
	assetZone map[int32]*tm.Zone // the zone of the first store, by name, of each stored asset
}

// target is one element a permission or a secret can reach.
type target struct {
	el    tm.Element
	key   string // the element's path
	comp  *tm.Component
	asset *tm.Asset
	sec   *tm.Secret
	role  *tm.Role
	ord   int32 // its place before sorting by key
}

// newIndex builds the index of a model, stage by stage: elements sorted by
// name, components ranked by name, flows by key and by component, targets in
// path order, the assets components hold, and the zone tree.
func newIndex(m *tm.Model) *index {
	x := &index{
		m:        m,
		comps:    m.Components(),
		roleID:   make(map[*tm.Role]int32),
		secretID: make(map[*tm.Secret]int32),
		assetID:  make(map[*tm.Asset]int32),
		reps:     make(map[int32][]int32),
		zoneSub:  make(map[*tm.Zone][]int32),
		children: make(map[*tm.Zone][]*tm.Zone),
		blast:    make(map[*tm.Zone]*tm.Zone),
	}
	x.sortByName()
	x.byIndex = m.Flows()
	// The flows are sorted by key beside the rest, which reads none of
	// what indexFlows writes.
	flowsDone := par.Start(x.indexFlows)
	x.rankComponents()
	x.indexTargets()
	x.indexCarries()
	x.indexHeldAssets()
	x.indexZones()
	flowsDone()
	return x
}

// byElementName orders elements by name.
func byElementName(a, b tm.Element) int { return strings.Compare(a.Name(), b.Name()) }

// sortedByName returns the elements sorted by name, those with equal names
// (an invalid model) in their order: a stable sort, by the quicker unstable
// one with the place as the tie-break.
func sortedByName[E tm.Element](es []E) []E {
	if len(es) < 2 {
		return es
	}
	idx := make([]int32, len(es))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int { return cmp.Or(byElementName(es[a], es[b]), cmp.Compare(a, b)) })
	out := make([]E, len(es))
	for i, j := range idx {
		out[i] = es[j]
	}
	return out
}

// sortByName sorts the roles, secrets and assets by name and numbers them in
// that order.
func (x *index) sortByName() {
	m := x.m
	x.roles = sortedByName(m.Roles())
	x.secrets = sortedByName(m.Secrets())
	x.assets = sortedByName(m.Assets())
	for i, r := range x.roles {
		x.roleID[r] = int32(i)
	}
	for i, s := range x.secrets {
		x.secretID[s] = int32(i)
	}
	for i, a := range x.assets {
		x.assetID[a] = int32(i)
	}
}

// rankComponents orders the components by name and gives each its rank in
// that order.
func (x *index) rankComponents() {
	n := len(x.comps)
	x.byName = make([]int32, n)
	for i := range x.byName {
		x.byName[i] = int32(i)
	}
	slices.SortFunc(x.byName, func(a, b int32) int { return cmp.Or(byElementName(x.comps[a], x.comps[b]), cmp.Compare(a, b)) })
	x.rank = make([]int32, n)
	for r, i := range x.byName {
		x.rank[i] = int32(r)
	}
}

// indexFlows sorts the flows (byIndex) by key and lists each component's
// outgoing and incoming flows, which keep that order.
func (x *index) indexFlows() {
	n := len(x.comps)
	type keyed struct {
		key string
		f   *tm.Flow
	}
	ks := make([]keyed, len(x.byIndex))
	for i, f := range x.byIndex {
		ks[i] = keyed{f.Key(), f}
	}
	// Stable: equal keys (an invalid model) keep declaration order.
	slices.SortFunc(ks, func(a, b keyed) int {
		return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.f.Index(), b.f.Index()))
	})
	x.flows = make([]*tm.Flow, len(ks))
	for i, k := range ks {
		x.flows[i] = k.f
	}
	// Count each component's flows, then carve both lists out of one
	// array each.
	nOut, nIn := make([]int32, n+1), make([]int32, n+1)
	for _, f := range x.flows {
		if s := f.Source(); s != nil && x.has(s) {
			nOut[s.Index()+1]++
		}
		if d := f.Destination(); d != nil && x.has(d) {
			nIn[d.Index()+1]++
		}
	}
	for i := 0; i < n; i++ {
		nOut[i+1] += nOut[i]
		nIn[i+1] += nIn[i]
	}
	outs, ins := make([]*tm.Flow, nOut[n]), make([]*tm.Flow, nIn[n])
	x.out = make([][]*tm.Flow, n)
	x.in = make([][]*tm.Flow, n)
	for i := 0; i < n; i++ {
		if nOut[i] < nOut[i+1] {
			x.out[i] = outs[nOut[i]:nOut[i]:nOut[i+1]]
		}
		if nIn[i] < nIn[i+1] {
			x.in[i] = ins[nIn[i]:nIn[i]:nIn[i+1]]
		}
	}
	for _, f := range x.flows {
		if s := f.Source(); s != nil && x.has(s) {
			x.out[s.Index()] = append(x.out[s.Index()], f)
		}
		if d := f.Destination(); d != nil && x.has(d) {
			x.in[d.Index()] = append(x.in[d.Index()], f)
		}
	}
}

// indexTargets gives the components, assets, secrets and roles their target
// ids, in the order of their paths.
func (x *index) indexTargets() {
	n := len(x.comps)
	nA, nS := len(x.assets), len(x.secrets)
	// By collection ("assets" < "components" < "roles" < "secrets"), each
	// by name: usually already in path order, which one pass checks. ord
	// is the place in declaration order (components, then assets, secrets
	// and roles, each as indexed), which breaks ties between equal paths
	// (an invalid model).
	ts := make([]target, 0, n+nA+nS+len(x.roles))
	for i, a := range x.assets {
		ts = append(ts, target{el: a, key: a.Path(), asset: a, ord: int32(n + i)})
	}
	for _, ci := range x.byName {
		c := x.comps[ci]
		ts = append(ts, target{el: c, key: c.Path(), comp: c, ord: ci})
	}
	for i, r := range x.roles {
		ts = append(ts, target{el: r, key: r.Path(), role: r, ord: int32(n + nA + nS + i)})
	}
	for i, s := range x.secrets {
		ts = append(ts, target{el: s, key: s.Path(), sec: s, ord: int32(n + nA + i)})
	}
	byPath := func(a, b target) int { return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.ord, b.ord)) }
	if !slices.IsSortedFunc(ts, byPath) {
		slices.SortFunc(ts, byPath)
	}
	x.targets = ts
	x.tid = make(map[tm.Element]int32, len(ts))
	x.compTID = make([]int32, n)
	for i, t := range ts {
		x.tid[t.el] = int32(i)
		if t.comp != nil {
			x.compTID[t.comp.Index()] = int32(i)
		}
	}
}

// indexCarries records the asset targets each flow carries, in the order
// it lists them, in one backing array.
func (x *index) indexCarries() {
	x.carries = make([][]int32, len(x.byIndex))
	at := make([]int, len(x.byIndex)+1)
	all := make([]int32, 0, len(x.byIndex))
	for i, f := range x.byIndex {
		for _, as := range carried(f) {
			if t, ok := x.tid[as]; ok {
				all = append(all, t)
			}
		}
		at[i+1] = len(all)
	}
	for i := range x.carries {
		x.carries[i] = all[at[i]:at[i+1]:at[i+1]]
	}
}

// indexHeldAssets records the assets each component holds (those it stores
// or represents), the assets that represent each element, the zone of each
// asset's first store by name, and the assets no component stores.
func (x *index) indexHeldAssets() {
	x.held = make([][]int32, len(x.comps))
	x.assetZone = make(map[int32]*tm.Zone)
	for _, a := range x.assets {
		at := x.tid[a]
		stores := storedIn(a)
		if len(stores) == 0 {
			x.unstored = append(x.unstored, at)
		}
		first := int32(-1)
		for _, c := range stores {
			if x.has(c) {
				x.held[c.Index()] = append(x.held[c.Index()], at)
				if c.Zone() != nil && (first < 0 || x.rank[c.Index()] < x.rank[first]) {
					first = int32(c.Index())
				}
			}
		}
		if first >= 0 {
			x.assetZone[at] = x.comps[first].Zone()
		}
		if el := a.Represents(); el != nil {
			if t, ok := x.tid[el]; ok {
				x.reps[t] = append(x.reps[t], at)
				if c, ok := el.(*tm.Component); ok && x.has(c) {
					x.held[c.Index()] = append(x.held[c.Index()], at)
				}
			}
		}
	}
	for i := range x.held {
		slices.Sort(x.held[i])
		x.held[i] = slices.Compact(x.held[i])
	}
}

// indexZones counts the zones and lists the zones nested directly in each.
func (x *index) indexZones() {
	zones := x.m.Zones()
	x.nZones = len(zones)
	for _, z := range zones {
		if p := z.Parent(); p != nil {
			x.children[p] = append(x.children[p], z)
		}
	}
}

// hasFlow reports whether the flow belongs to the indexed model; false for
// nil.
func (x *index) hasFlow(f *tm.Flow) bool {
	if f == nil {
		return false
	}
	i := f.Index()
	return i >= 0 && i < len(x.byIndex) && x.byIndex[i] == f
}

// has reports whether the component belongs to the indexed model; false
// for nil.
func (x *index) has(c *tm.Component) bool {
	if c == nil {
		return false
	}
	i := c.Index()
	return i >= 0 && i < len(x.comps) && x.comps[i] == c
}

// compsInZone returns the component targets in a zone and the zones nested
// in it, external entities left out: a policy cannot grant on them.
func (x *index) compsInZone(z *tm.Zone) []int32 {
	if ids, ok := x.zoneSub[z]; ok {
		return ids
	}
	x.zoneSub[z] = nil // a cycle (reported by Validate) ends here
	var ids []int32
	for _, c := range z.Components() {
		if x.has(c) && c.Kind() != tm.ExternalEntity {
			ids = append(ids, x.compTID[c.Index()])
		}
	}
	for _, ch := range x.children[z] {
		ids = append(ids, x.compsInZone(ch)...)
	}
	slices.Sort(ids)
	x.zoneSub[z] = ids
	return ids
}

// blastZone returns the innermost zone around z, z included, declared as a
// blast-radius boundary, or nil.
func (x *index) blastZone(z *tm.Zone) *tm.Zone {
	if z == nil {
		return nil
	}
	if b, ok := x.blast[z]; ok {
		return b
	}
	var b *tm.Zone
	for p, n := z, 0; p != nil && n <= x.nZones; p, n = p.Parent(), n+1 {
		if p.ContainsBlastRadius() {
			b = p
			break
		}
	}
	x.blast[z] = b
	return b
}

// zoneOf returns where a target sits: a component's zone, the zone of the
// component an asset is reached through (or of its first store), the zone
// of the component a secret is stored in; nil for roles and unplaced
// elements.
func (x *index) zoneOf(t, through int32) *tm.Zone {
	tg := &x.targets[t]
	switch {
	case tg.comp != nil:
		return tg.comp.Zone()
	case tg.asset != nil:
		if through >= 0 && x.targets[through].comp != nil {
			return x.targets[through].comp.Zone()
		}
		return x.assetZone[t]
	case tg.sec != nil:
		if c := tg.sec.StoredIn(); c != nil {
			return c.Zone()
		}
	}
	return nil
}

// expand returns the targets a resource reaches, each with the target it is
// reached through (-1 when the resource names it): a component and the
// assets it stores or that represent it; every component in a zone and its
// nested zones; for AnyResource every component, asset, secret and role.
func (x *index) expand(res tm.Element, dst []reached) []reached {
	if res == nil {
		return dst
	}
	if res == tm.AnyResource() {
		for i := range x.targets {
			t := int32(i)
			tg := &x.targets[i]
			switch {
			case tg.comp != nil:
				if tg.comp.Kind() != tm.ExternalEntity {
					dst = x.withHeld(dst, t)
				}
			case tg.asset != nil:
				if len(storedIn(tg.asset)) == 0 {
					dst = append(dst, reached{t, -1})
				}
			default:
				dst = x.withHeld(dst, t)
			}
		}
		return dst
	}
	if z, ok := res.(*tm.Zone); ok {
		for _, t := range x.compsInZone(z) {
			dst = x.withHeld(dst, t)
		}
		return dst
	}
	t, ok := x.tid[res]
	if !ok {
		return dst // a flow, a threat: nothing a permission can reach
	}
	return x.withHeld(dst, t)
}

// withHeld appends a target and the assets it holds or that represent it.
func (x *index) withHeld(dst []reached, t int32) []reached {
	dst = append(dst, reached{t, -1})
	if c := x.targets[t].comp; c != nil {
		for _, a := range x.held[c.Index()] {
			dst = append(dst, reached{a, t})
		}
		return dst
	}
	for _, a := range x.reps[t] {
		dst = append(dst, reached{a, t})
	}
	return dst
}

// reached is a target and what it is reached through.
type reached struct {
	t, through int32
}
