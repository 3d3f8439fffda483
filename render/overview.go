package render

import (
	"slices"
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/threatmodel"
)

// This file builds the overview: each zone's own components collapsed into
// one node, and the flows between zones aggregated into one edge per pair of
// zones. Large models nest zones deeply; the overview collapses whole
// subtrees of zones at the deepest nesting level that stays within its
// limits.

// Limits of the overview: it collapses zones at the deepest nesting level
// at which it has at most this many nodes and edges. Mermaid refuses more
// than 500 edges.
const (
	overviewMaxNodes = 60
	overviewMaxEdges = 400
)

// zoneAgg is what the overview counts of the components collapsed into one
// zone node: their kinds, the flows between them, and their emphasis.
type zoneAgg struct {
	node                  *dgNode
	entities, procs, stor int
	internal              int
	comps                 int
	emph, allFaded        bool
	allPeer               bool
}

// zonePair is an aggregated edge of the overview: the collapsed zones at
// the two ends of its flows.
type zonePair struct{ from, to int }

// flowTally counts, for one aggregated edge, the flows that lack
// authentication or encryption, use weak TLS, or do not state their
// protection.
type flowTally struct{ noAuth, noEnc, unstated, weak int }

// overview is the overview while it is built: the zones' ancestry, the
// collapse depth, and what each collapsed zone holds.
type overview struct {
	b   *builder
	anc [][]int
	cut int
	// nested[k] counts the zones collapsed into zone k.
	nested []int
	// aggs[k] is collapsed zone k, or nil if no component is drawn in it;
	// the last one holds components outside any zone.
	aggs    []*zoneAgg
	visited []bool
}

// buildOverview collapses each zone's own components into one node and
// aggregates the flows between zones.
func (b *builder) buildOverview(d *diagram) {
	o := b.newOverview()
	o.countComponents()
	o.aggregateFlows(d)
	o.placeZones(d)
}

// newOverview chooses the collapse depth and counts, for each zone at that
// depth, the nested zones collapsed into it.
func (b *builder) newOverview() *overview {
	o := &overview{
		b:       b,
		aggs:    make([]*zoneAgg, len(b.zones)+1),
		anc:     b.ancestry(),
		nested:  make([]int, len(b.zones)),
		visited: make([]bool, len(b.zones)),
	}
	o.cut = b.collapseDepth(o.anc)
	for _, a := range o.anc {
		if len(a) > o.cut+1 {
			o.nested[a[o.cut]]++
		}
	}
	return o
}

// aggOf returns the zone a component is counted in: its own zone, or the
// ancestor at the collapse depth, whose whole subtree is one node.
// Components outside any zone count in len(b.zones).
func (o *overview) aggOf(c *threatmodel.Component) int {
	z := o.b.zoneOf(c)
	if z < 0 {
		return len(o.b.zones)
	}
	if a := o.anc[z]; len(a) > o.cut+1 {
		return a[o.cut]
	}
	return z
}

// countComponents counts each drawn component in its collapsed zone: its
// kind, its emphasis, and its risk, which raises the zone node's.
func (o *overview) countComponents() {
	b := o.b
	for i, c := range b.comps {
		if b.hidden[i] {
			continue
		}
		k := o.aggOf(c)
		a := o.aggs[k]
		if a == nil {
			a = &zoneAgg{allFaded: true, allPeer: true}
			o.aggs[k] = a
		}
		a.comps++
		switch c.Kind() {
		case threatmodel.ExternalEntity:
			a.entities++
		case threatmodel.Process:
			a.procs++
		case threatmodel.DataStore:
			a.stor++
		}
		em := b.compEm[i]
		a.emph = a.emph || em == emphasised
		a.allFaded = a.allFaded && em == faded
		a.allPeer = a.allPeer && em == peer
		if r := b.rate(c); r > 0 {
			if a.node == nil {
				a.node = &dgNode{}
			}
			a.node.risk = max(a.node.risk, r)
		}
	}
}

// aggregateFlows adds to d one edge per pair of collapsed zones that flows
// cross between, in the order the pairs first appear; flows inside a
// collapsed zone are counted in it.
func (o *overview) aggregateFlows(d *diagram) {
	b := o.b
	edges := make(map[zonePair]*dgEdge)
	var order []zonePair
	tally := make(map[zonePair]*flowTally)
	for i, f := range b.flows {
		if !b.flowShown[i] {
			continue
		}
		from, to := o.aggOf(f.Source()), o.aggOf(f.Destination())
		if from == to {
			o.aggs[from].internal++
			continue
		}
		p := zonePair{from, to}
		e := edges[p]
		if e == nil {
			e = &dgEdge{from: aggID(from, len(b.zones)), to: aggID(to, len(b.zones)), em: normal}
			if b.hlActive {
				e.em = faded
			}
			edges[p] = e
			tally[p] = &flowTally{}
			order = append(order, p)
		}
		e.count++
		e.crossing = e.crossing || f.CrossesBoundary()
		if r := b.rate(f); r > e.risk {
			e.risk = r
		}
		if b.hlActive && b.hlFlow[i] {
			e.em = emphasised
		}
		tally[p].add(f)
	}
	for _, p := range order {
		e := edges[p]
		o.labelEdge(e, p, tally[p])
		d.edges = append(d.edges, e)
	}
}

// add counts the warnings of flow f, each kind of warning once per flow.
func (t *flowTally) add(f *threatmodel.Flow) {
	var noAuth, noEnc, weak, unstated bool
	for _, w := range flowWarnings(f) {
		switch {
		case w == "no auth":
			noAuth = true
		case w == "unencrypted":
			noEnc = true
		case strings.HasPrefix(w, "weak "):
			weak = true
		default:
			unstated = true
		}
	}
	for _, c := range []struct {
		yes bool
		n   *int
	}{{noAuth, &t.noAuth}, {noEnc, &t.noEnc}, {weak, &t.weak}, {unstated, &t.unstated}} {
		if c.yes {
			*c.n++
		}
	}
}

// labelEdge gives an aggregated edge its title (the number of flows), its
// tooltip, and one warning per kind of missing protection with its count.
func (o *overview) labelEdge(e *dgEdge, p zonePair, t *flowTally) {
	e.title = plural(e.count, "flow")
	e.tooltip = o.b.aggName(p.from) + " → " + o.b.aggName(p.to) + ": " + e.title
	for _, w := range []struct {
		n    int
		what string
	}{{t.noAuth, "without auth"}, {t.noEnc, "unencrypted"}, {t.weak, "with weak TLS"}, {t.unstated, "with protection not stated"}} {
		if w.n > 0 {
			e.warnings = append(e.warnings, strconv.Itoa(w.n)+" "+w.what)
		}
	}
}

// zoneNode returns the node of collapsed zone k, or nil if no component is
// drawn in it: its name, trust and counts, coloured by its risk and marked
// by its emphasis.
func (o *overview) zoneNode(k int) *dgNode {
	b := o.b
	a := o.aggs[k]
	if a == nil {
		return nil
	}
	n := a.node
	if n == nil {
		n = &dgNode{}
	}
	n.id = aggID(k, len(b.zones))
	n.title = b.aggName(k)
	if k < len(b.zones) {
		z := b.zones[k]
		n.trust, n.blast, n.tooltip = z.Trust(), z.ContainsBlastRadius(), z.Description()
	}
	n.sub = o.zoneCounts(k, a)
	switch {
	case a.emph, b.hlActive && k < len(b.zones) && b.hlZone[k]:
		n.em = emphasised
	case b.hlActive && a.allFaded:
		n.em = faded
	case a.allPeer:
		n.em = peer
	}
	return n
}

// zoneCounts returns the lines under a collapsed zone's name: its
// components, their kinds, the nested zones collapsed into it and the flows
// inside it.
func (o *overview) zoneCounts(k int, a *zoneAgg) []string {
	sub := []string{plural(a.comps, "component")}
	var kinds []string
	for _, c := range []struct {
		n    int
		what string
	}{{a.entities, "external entity"}, {a.procs, "process"}, {a.stor, "data store"}} {
		if c.n > 0 {
			kinds = append(kinds, plural(c.n, c.what))
		}
	}
	if len(kinds) > 0 {
		sub = append(sub, strings.Join(kinds, " · "))
	}
	if k < len(o.b.zones) && o.nested[k] > 0 {
		sub = append(sub, plural(o.nested[k], "nested zone"))
	}
	if a.internal > 0 {
		sub = append(sub, plural(a.internal, "flow")+" inside")
	}
	return sub
}

// placeZones adds the zones to d in declaration order, top-level zones
// first, each with its nested zones; the components outside any zone come
// last.
func (o *overview) placeZones(d *diagram) {
	b := o.b
	for i, z := range b.zones {
		if z == nil || o.visited[i] || b.isChild(z) {
			continue
		}
		cl, leaf := o.walk(i)
		if cl != nil {
			d.clusters = append(d.clusters, cl)
		}
		if leaf != nil {
			d.nodes = append(d.nodes, leaf)
		}
	}
	if n := o.zoneNode(len(b.zones)); n != nil {
		d.nodes = append(d.nodes, n)
	}
}

// walk returns zone i as a cluster around its own node and its nested
// zones, or, if it is collapsed or has no nested zone to draw, as a single
// node (nil if nothing is drawn in it).
func (o *overview) walk(i int) (*dgCluster, *dgNode) {
	b := o.b
	o.visited[i] = true
	own := o.zoneNode(i)
	if len(o.anc[i]) == o.cut+1 {
		return nil, own // collapsed with everything inside it
	}
	var children []*dgCluster
	var leaves []*dgNode
	for _, ch := range b.zones[i].Children() {
		j, ok := b.zoneIdx[ch]
		if !ok || o.visited[j] {
			continue
		}
		sub, leaf := o.walk(j)
		if sub != nil {
			children = append(children, sub)
		}
		if leaf != nil {
			leaves = append(leaves, leaf)
		}
	}
	if len(children) == 0 && len(leaves) == 0 {
		return nil, own
	}
	cl := b.cluster(i)
	if own != nil {
		cl.nodes = append(cl.nodes, own)
	}
	cl.nodes = append(cl.nodes, leaves...)
	cl.children = children
	return cl, nil
}

// ancestry returns, for each zone, its chain of zones from the outermost
// ancestor in the model down to the zone itself.
func (b *builder) ancestry() [][]int {
	anc := make([][]int, len(b.zones))
	for i, z := range b.zones {
		var chain []int
		for p := z; p != nil && len(chain) <= len(b.zones); p = p.Parent() {
			j, ok := b.zoneIdx[p]
			if !ok {
				break
			}
			chain = append(chain, j)
		}
		slices.Reverse(chain)
		anc[i] = chain
	}
	return anc
}

// collapseDepth picks the nesting level whose zones the overview draws as
// single nodes: the deepest one that keeps the overview within its limits,
// or the top level.
func (b *builder) collapseDepth(anc [][]int) int {
	deepest := 0
	for _, a := range anc {
		deepest = max(deepest, len(a)-1)
	}
	key := func(c *threatmodel.Component, d int) int {
		z := b.zoneOf(c)
		if z < 0 {
			return -1
		}
		if a := anc[z]; len(a) > d+1 {
			return a[d]
		}
		return z
	}
	type pair struct{ from, to int }
	for d := deepest; d > 0; d-- {
		nodes := make(map[int]bool)
		for i, c := range b.comps {
			if !b.hidden[i] {
				nodes[key(c, d)] = true
			}
		}
		if len(nodes) > overviewMaxNodes {
			continue
		}
		edges := make(map[pair]bool)
		for i, f := range b.flows {
			if b.flowShown[i] {
				if from, to := key(f.Source(), d), key(f.Destination(), d); from != to {
					edges[pair{from, to}] = true
				}
			}
		}
		if len(edges) <= overviewMaxEdges {
			return d
		}
	}
	return 0
}

// aggID is the node ID of a collapsed zone; k == nZones stands for the
// components outside any zone.
func aggID(k, nZones int) string {
	if k == nZones {
		return "a_none"
	}
	return "a" + strconv.Itoa(k)
}

// aggName is the name of collapsed zone k: the zone's name, or a stand-in
// for the components outside any zone.
func (b *builder) aggName(k int) string {
	if k < len(b.zones) {
		return b.zones[k].Name()
	}
	return "Outside any zone"
}
