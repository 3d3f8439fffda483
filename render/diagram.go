package render

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/threatwright/threatwright/internal/escape"
	"github.com/threatwright/threatwright/threatmodel"
)

// This file turns a model and the diagram options into a diagram: clusters
// for zones, nodes, edges and their marks, in declaration order. DOT and
// Mermaid write the same diagram, each in its own syntax, so that both show
// the same things.

// ErrNilModel is returned when a renderer is given a nil model.
var ErrNilModel = errors.New("render: nil model")

// emphasis is how strongly an element is drawn in a view.
type emphasis uint8

const (
	normal emphasis = iota
	emphasised
	faded // Highlight: not on the highlighted path
	peer  // OnlyZone: outside the zone, at the other end of a flow
)

// dgNode is a node of the diagram: a component, or in the overview a zone's
// own components collapsed into one.
type dgNode struct {
	id         string
	kind       threatmodel.Kind // 0 for a collapsed zone
	title      string
	sub        []string // lines under the title: type, technology, counts
	tooltip    string
	outOfScope bool
	risk       threatmodel.Level
	em         emphasis
	trust      threatmodel.Trust // collapsed zones only
	blast      bool              // collapsed zones only
	empty      bool              // placeholder for a zone without components
}

// dgCluster is a zone drawn as a box around its components and its nested
// zones.
type dgCluster struct {
	id       string // z + declaration index
	name     string
	trust    threatmodel.Trust
	blast    bool
	tooltip  string
	em       emphasis
	nodes    []*dgNode
	children []*dgCluster
}

// dgEdge is a flow, or in the overview all the flows between two zones.
type dgEdge struct {
	from, to string
	title    string
	details  string   // protocol, encryption, authentication
	carries  string   // assets carried
	warnings []string // what is missing: authentication, encryption
	tooltip  string
	crossing bool
	response bool
	risk     threatmodel.Level
	em       emphasis
	count    int // overview: number of flows
	// reply is the response to the flow, drawn on the same edge with an
	// arrow at each end, or nil.
	reply *dgEdge
}

// flagged reports whether the edge lacks authentication or encryption.
func (e *dgEdge) flagged() bool { return len(e.warnings) > 0 }

type diagram struct {
	title     string
	tooltip   string
	overview  bool
	clusters  []*dgCluster // top-level zones
	nodes     []*dgNode    // components outside any zone of the model
	edges     []*dgEdge
	legend    bool
	risk      bool // the legend shows the risk scale
	highlight bool // the legend explains emphasis
	zoneView  bool // the legend explains greyed peers
}

// build computes the diagram of m under the options.
func build(m *threatmodel.Model, opts []Option) (*diagram, error) {
	if m == nil {
		return nil, ErrNilModel
	}
	cfg := newConfig(opts)
	b := &builder{
		m:       m,
		cfg:     cfg,
		comps:   m.Components(),
		flows:   m.Flows(),
		zones:   m.Zones(),
		zoneIdx: make(map[*threatmodel.Zone]int),
	}
	for i, z := range b.zones {
		if z != nil {
			b.zoneIdx[z] = i
		}
	}
	if err := b.selectView(); err != nil {
		return nil, err
	}
	b.resolveHighlight()
	d := &diagram{
		title:     m.Name(),
		tooltip:   m.Description(),
		legend:    cfg.legend,
		risk:      cfg.risk != nil,
		highlight: b.hlActive,
		zoneView:  cfg.zoneSet,
	}
	if d.title == "" {
		d.title = "Threat model"
	}
	d.overview = cfg.overview || cfg.overviewAbove > 0 && b.visibleCount > cfg.overviewAbove
	if d.overview {
		b.buildOverview(d)
	} else {
		b.buildFull(d)
	}
	return d, nil
}

type builder struct {
	m       *threatmodel.Model
	cfg     *config
	comps   []*threatmodel.Component
	flows   []*threatmodel.Flow
	zones   []*threatmodel.Zone
	zoneIdx map[*threatmodel.Zone]int

	// compEm[i] is the emphasis of component i; hidden components are not
	// drawn.
	compEm       []emphasis
	hidden       []bool
	flowShown    []bool
	visibleCount int

	hlActive bool
	hlComp   []bool
	hlFlow   []bool
	hlZone   []bool
}

// ownComponent reports whether c is a component of the model.
func (b *builder) ownComponent(c *threatmodel.Component) bool {
	if c == nil {
		return false
	}
	i := c.Index()
	return i >= 0 && i < len(b.comps) && b.comps[i] == c
}

func (b *builder) ownFlow(f *threatmodel.Flow) bool {
	if f == nil {
		return false
	}
	i := f.Index()
	return i >= 0 && i < len(b.flows) && b.flows[i] == f
}

// zoneOf returns the index of c's zone, or -1 when c sits in no zone of the
// model.
func (b *builder) zoneOf(c *threatmodel.Component) int {
	if z := c.Zone(); z != nil {
		if i, ok := b.zoneIdx[z]; ok {
			return i
		}
	}
	return -1
}

// selectView decides which components and flows are drawn.
func (b *builder) selectView() error {
	n := len(b.comps)
	b.compEm = make([]emphasis, n)
	b.hidden = make([]bool, n)
	b.flowShown = make([]bool, len(b.flows))
	if !b.cfg.zoneSet {
		b.visibleCount = n
		for i, f := range b.flows {
			b.flowShown[i] = b.ownComponent(f.Source()) && b.ownComponent(f.Destination())
		}
		return nil
	}
	z := b.cfg.zone
	if z == nil {
		return errors.New("render: OnlyZone: the zone is nil")
	}
	if _, ok := b.zoneIdx[z]; !ok {
		return fmt.Errorf("render: OnlyZone: zone %q is not in model %q", z.Name(), b.m.Name())
	}
	inside := make([]bool, n)
	for i, c := range b.comps {
		inside[i] = c.Zone() != nil && c.Zone().Within(z)
		b.hidden[i] = !inside[i]
	}
	for i, f := range b.flows {
		src, dst := f.Source(), f.Destination()
		if !b.ownComponent(src) || !b.ownComponent(dst) {
			continue
		}
		si, di := src.Index(), dst.Index()
		if !inside[si] && !inside[di] {
			continue
		}
		b.flowShown[i] = true
		for _, j := range [2]int{si, di} {
			if !inside[j] {
				b.hidden[j] = false
				b.compEm[j] = peer
			}
		}
	}
	for i := range b.comps {
		if !b.hidden[i] {
			b.visibleCount++
		}
	}
	return nil
}

// resolveHighlight turns the Highlight elements into sets of components,
// flows and zones.
func (b *builder) resolveHighlight() {
	els := b.cfg.highlight
	if len(els) == 0 {
		return
	}
	b.hlComp = make([]bool, len(b.comps))
	b.hlFlow = make([]bool, len(b.flows))
	b.hlZone = make([]bool, len(b.zones))
	var prev *threatmodel.Component
	for _, el := range els {
		c, _ := el.(*threatmodel.Component)
		if !b.ownComponent(c) {
			c = nil
		}
		if prev != nil && c != nil {
			for _, f := range prev.Outgoing() {
				if f.Destination() == c {
					b.markFlow(f)
				}
			}
		}
		prev = c
		b.mark(el, 0)
	}
	for i := range b.comps {
		if b.hlComp[i] && !b.hidden[i] {
			b.hlActive = true
		}
	}
	for i := range b.flows {
		if b.hlFlow[i] && b.flowShown[i] {
			b.hlActive = true
		}
	}
	for i := range b.zones {
		b.hlActive = b.hlActive || b.hlZone[i]
	}
	if !b.hlActive {
		return
	}
	for i := range b.comps {
		switch {
		case b.hlComp[i]:
			b.compEm[i] = emphasised
		default:
			b.compEm[i] = faded
		}
	}
}

func (b *builder) markFlow(f *threatmodel.Flow) {
	if !b.ownFlow(f) {
		return
	}
	b.hlFlow[f.Index()] = true
	for _, c := range [2]*threatmodel.Component{f.Source(), f.Destination()} {
		if b.ownComponent(c) {
			b.hlComp[c.Index()] = true
		}
	}
}

// mark records one highlighted element; depth stops threats that are about
// threats from recursing.
func (b *builder) mark(el threatmodel.Element, depth int) {
	switch e := el.(type) {
	case *threatmodel.Component:
		if b.ownComponent(e) {
			b.hlComp[e.Index()] = true
		}
	case *threatmodel.Flow:
		b.markFlow(e)
	case *threatmodel.Zone:
		if e == nil {
			return
		}
		if i, ok := b.zoneIdx[e]; ok {
			b.hlZone[i] = true
		}
	case *threatmodel.Asset:
		if e == nil || e.Model() != b.m {
			return
		}
		for _, c := range e.StoredIn() {
			if b.ownComponent(c) {
				b.hlComp[c.Index()] = true
			}
		}
		for _, f := range e.CarriedBy() {
			if b.ownFlow(f) {
				b.hlFlow[f.Index()] = true
			}
		}
	case *threatmodel.Threat:
		if e == nil || e.Model() != b.m || depth > 0 {
			return
		}
		for _, a := range e.About() {
			b.mark(a, depth+1)
		}
	}
}

func (b *builder) rate(el threatmodel.Element) threatmodel.Level {
	if b.cfg.risk == nil {
		return 0
	}
	if l := b.cfg.risk(el); l >= threatmodel.Low && l <= threatmodel.VeryHigh {
		return l
	}
	return 0
}

// buildFull draws every visible component in its zone.
func (b *builder) buildFull(d *diagram) {
	nodes := make([]*dgNode, len(b.comps))
	for i, c := range b.comps {
		if b.hidden[i] {
			continue
		}
		nodes[i] = b.componentNode(c)
	}
	visited := make([]bool, len(b.zones))
	var walk func(i int) *dgCluster
	walk = func(i int) *dgCluster {
		visited[i] = true
		z := b.zones[i]
		cl := b.cluster(i)
		for _, c := range z.Components() {
			if b.ownComponent(c) && nodes[c.Index()] != nil {
				cl.nodes = append(cl.nodes, nodes[c.Index()])
			}
		}
		for _, ch := range z.Children() {
			j, ok := b.zoneIdx[ch]
			if !ok || visited[j] {
				continue
			}
			if sub := walk(j); sub != nil {
				cl.children = append(cl.children, sub)
			}
		}
		if len(cl.nodes) == 0 && len(cl.children) == 0 {
			if b.cfg.zoneSet {
				return nil
			}
			// Graphviz does not draw an empty cluster: a placeholder keeps
			// the declared zone visible.
			cl.nodes = append(cl.nodes, &dgNode{id: cl.id + "_empty", title: "(no components)", empty: true, em: cl.em})
		}
		return cl
	}
	for i, z := range b.zones {
		if z == nil || visited[i] || b.isChild(z) {
			continue
		}
		if cl := walk(i); cl != nil {
			d.clusters = append(d.clusters, cl)
		}
	}
	for i, c := range b.comps {
		if nodes[i] != nil && b.zoneOf(c) < 0 {
			d.nodes = append(d.nodes, nodes[i])
		}
	}
	edgeOf := make([]*dgEdge, len(b.flows))
	for i, f := range b.flows {
		if !b.flowShown[i] {
			continue
		}
		e := b.flowEdge(f)
		if req := f.ResponseTo(); b.ownFlow(req) {
			// The first response to a request shares its edge when both
			// are drawn the same way, which halves the edges of a typical
			// request/response diagram.
			if re := edgeOf[req.Index()]; re != nil && re.reply == nil && re.em == e.em &&
				slices.Equal(re.warnings, e.warnings) && re.from == e.to && re.to == e.from {
				re.reply = e
				re.tooltip += "\n" + e.tooltip
				re.risk = max(re.risk, e.risk)
				continue
			}
		}
		edgeOf[i] = e
		d.edges = append(d.edges, e)
	}
}

// isChild reports whether z is nested in a zone of the model.
func (b *builder) isChild(z *threatmodel.Zone) bool {
	p := z.Parent()
	if p == nil {
		return false
	}
	_, ok := b.zoneIdx[p]
	return ok
}

func (b *builder) cluster(i int) *dgCluster {
	z := b.zones[i]
	cl := &dgCluster{
		id:      "z" + strconv.Itoa(i),
		name:    z.Name(),
		trust:   z.Trust(),
		blast:   z.ContainsBlastRadius(),
		tooltip: z.Description(),
	}
	if b.hlActive {
		cl.em = faded
		if b.hlZone[i] {
			cl.em = emphasised
		}
	}
	return cl
}

func (b *builder) componentNode(c *threatmodel.Component) *dgNode {
	n := &dgNode{
		id:         "n" + strconv.Itoa(c.Index()),
		kind:       c.Kind(),
		title:      c.Name(),
		outOfScope: !c.InScope(),
		em:         b.compEm[c.Index()],
		risk:       b.rate(c),
	}
	var sub []string
	if c.Type() != 0 {
		sub = append(sub, c.Type().String())
	}
	if t := strings.TrimSpace(c.Technology()); t != "" {
		sub = append(sub, t)
	}
	if len(sub) > 0 {
		n.sub = append(n.sub, strings.Join(sub, " · "))
	}
	if n.outOfScope {
		n.sub = append(n.sub, "out of scope")
	}
	n.tooltip = c.Kind().String()
	if d := strings.TrimSpace(c.Description()); d != "" {
		n.tooltip += ": " + d
	}
	return n
}

// flowDetails returns "protocol:port · encryption · authentication", leaving
// out what is not stated or is stated as none (warnings say so).
func flowDetails(f *threatmodel.Flow) string {
	var parts []string
	if f.Protocol() != 0 {
		parts = append(parts, f.Endpoint())
	}
	if f.Encryption().Encrypted() {
		parts = append(parts, f.Encryption().String())
	}
	if f.Authentication().Authenticated() {
		parts = append(parts, f.Authentication().String())
	}
	return strings.Join(parts, " · ")
}

// flowWarnings says what protection the flow lacks. A stated "none" is
// always marked; an unstated value only on a flow that crosses a trust
// boundary, where the model requires it.
func flowWarnings(f *threatmodel.Flow) []string {
	var w []string
	crossing := f.CrossesBoundary()
	switch a := f.Authentication(); {
	case a == threatmodel.NoAuthentication:
		w = append(w, "no auth")
	case a == 0 && crossing:
		w = append(w, "auth not stated")
	}
	switch e := f.Encryption(); {
	case e == threatmodel.Plaintext:
		w = append(w, "unencrypted")
	case e == 0 && crossing:
		w = append(w, "encryption not stated")
	case e.Weak():
		w = append(w, "weak "+e.String())
	}
	return w
}

func (b *builder) flowEdge(f *threatmodel.Flow) *dgEdge {
	e := &dgEdge{
		from:     "n" + strconv.Itoa(f.Source().Index()),
		to:       "n" + strconv.Itoa(f.Destination().Index()),
		title:    f.Name(),
		details:  flowDetails(f),
		warnings: flowWarnings(f),
		crossing: f.CrossesBoundary(),
		response: f.ResponseTo() != nil,
		risk:     b.rate(f),
		count:    1,
	}
	if req := f.ResponseTo(); req != nil && flowDetails(req) == e.details {
		e.details = "" // the same connection as the request, already labelled
	}
	var carried []string
	for _, a := range f.Carries() {
		carried = append(carried, a.Name())
	}
	e.carries = strings.Join(carried, ", ")
	e.tooltip = f.Key()
	if d := strings.TrimSpace(f.Description()); d != "" {
		e.tooltip += ": " + d
	}
	if b.hlActive {
		e.em = faded
		if b.hlFlow[f.Index()] {
			e.em = emphasised
		}
	}
	return e
}

// buildOverview collapses each zone's own components into one node and
// aggregates the flows between zones.
func (b *builder) buildOverview(d *diagram) {
	type agg struct {
		node                  *dgNode
		entities, procs, stor int
		internal              int
		comps                 int
		emph, allFaded        bool
		allPeer               bool
	}
	aggs := make([]*agg, len(b.zones)+1) // the last one holds components outside any zone
	anc := b.ancestry()
	cut := b.collapseDepth(anc)
	// aggOf returns the zone a component is counted in: its own zone, or
	// the ancestor at the collapse depth, whose whole subtree is one node.
	// nested[k] counts the zones collapsed into zone k.
	nested := make([]int, len(b.zones))
	for _, a := range anc {
		if len(a) > cut+1 {
			nested[a[cut]]++
		}
	}
	aggOf := func(c *threatmodel.Component) int {
		z := b.zoneOf(c)
		if z < 0 {
			return len(b.zones)
		}
		if a := anc[z]; len(a) > cut+1 {
			return a[cut]
		}
		return z
	}
	for i, c := range b.comps {
		if b.hidden[i] {
			continue
		}
		k := aggOf(c)
		a := aggs[k]
		if a == nil {
			a = &agg{allFaded: true, allPeer: true}
			aggs[k] = a
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
	type pair struct{ from, to int }
	edges := make(map[pair]*dgEdge)
	type counts struct{ noAuth, noEnc, unstated, weak int }
	var order []pair
	tally := make(map[pair]*counts)
	for i, f := range b.flows {
		if !b.flowShown[i] {
			continue
		}
		from, to := aggOf(f.Source()), aggOf(f.Destination())
		if from == to {
			aggs[from].internal++
			continue
		}
		p := pair{from, to}
		e := edges[p]
		if e == nil {
			e = &dgEdge{from: aggID(from, len(b.zones)), to: aggID(to, len(b.zones)), em: normal}
			if b.hlActive {
				e.em = faded
			}
			edges[p] = e
			tally[p] = &counts{}
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
		t := tally[p]
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
	for _, p := range order {
		e, t := edges[p], tally[p]
		e.title = plural(e.count, "flow")
		e.tooltip = b.aggName(p.from) + " → " + b.aggName(p.to) + ": " + e.title
		for _, w := range []struct {
			n    int
			what string
		}{{t.noAuth, "without auth"}, {t.noEnc, "unencrypted"}, {t.weak, "with weak TLS"}, {t.unstated, "with protection not stated"}} {
			if w.n > 0 {
				e.warnings = append(e.warnings, strconv.Itoa(w.n)+" "+w.what)
			}
		}
		d.edges = append(d.edges, e)
	}
	nodeFor := func(k int) *dgNode {
		a := aggs[k]
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
		n.sub = []string{plural(a.comps, "component")}
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
			n.sub = append(n.sub, strings.Join(kinds, " · "))
		}
		if k < len(b.zones) && nested[k] > 0 {
			n.sub = append(n.sub, plural(nested[k], "nested zone"))
		}
		if a.internal > 0 {
			n.sub = append(n.sub, plural(a.internal, "flow")+" inside")
		}
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
	visited := make([]bool, len(b.zones))
	var walk func(i int) (cl *dgCluster, leaf *dgNode)
	walk = func(i int) (*dgCluster, *dgNode) {
		visited[i] = true
		own := nodeFor(i)
		if len(anc[i]) == cut+1 {
			return nil, own // collapsed with everything inside it
		}
		var children []*dgCluster
		var leaves []*dgNode
		for _, ch := range b.zones[i].Children() {
			j, ok := b.zoneIdx[ch]
			if !ok || visited[j] {
				continue
			}
			sub, leaf := walk(j)
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
	for i, z := range b.zones {
		if z == nil || visited[i] || b.isChild(z) {
			continue
		}
		cl, leaf := walk(i)
		if cl != nil {
			d.clusters = append(d.clusters, cl)
		}
		if leaf != nil {
			d.nodes = append(d.nodes, leaf)
		}
	}
	if n := nodeFor(len(b.zones)); n != nil {
		d.nodes = append(d.nodes, n)
	}
}

// Limits of the overview: it collapses zones at the deepest nesting level
// at which it has at most this many nodes and edges. Mermaid refuses more
// than 500 edges.
const (
	overviewMaxNodes = 60
	overviewMaxEdges = 400
)

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

func (b *builder) aggName(k int) string {
	if k < len(b.zones) {
		return b.zones[k].Name()
	}
	return "Outside any zone"
}

func plural(n int, what string) string {
	s := strconv.Itoa(n) + " " + what
	if n == 1 {
		return s
	}
	switch {
	case strings.HasSuffix(what, "ss"):
		return s + "es"
	case strings.HasSuffix(what, "y"):
		return strings.TrimSuffix(s, "y") + "ies"
	}
	return s + "s"
}

// wrap cleans s (escape.Clean) and breaks it into lines of at most width
// runes at spaces; a word longer than width stays whole. Line breaks in s
// are kept and empty lines dropped.
func wrap(s string, width int) []string {
	s = escape.Clean(s)
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			continue
		}
		line := words[0]
		n := utf8.RuneCountInString(line)
		for _, w := range words[1:] {
			wn := utf8.RuneCountInString(w)
			if n+1+wn > width {
				lines = append(lines, line)
				line, n = w, wn
				continue
			}
			line += " " + w
			n += 1 + wn
		}
		lines = append(lines, line)
	}
	return lines
}
