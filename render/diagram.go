package render

import (
	"errors"
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
	count    int  // overview: number of flows
	step     bool // an attack-path step over no flow (HighlightPath)
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
func build(st *stopper, m *threatmodel.Model, opts []Option) (*diagram, error) {
	if m == nil {
		return nil, ErrNilModel
	}
	if st.check() {
		return nil, st.err
	}
	cfg := newConfig(opts)
	snap := cfg.snapshot
	if snap == nil || snap.m != m {
		snap = newSnapshot(m)
	}
	b := &builder{
		m:       m,
		cfg:     cfg,
		comps:   snap.comps,
		flows:   snap.flows,
		zones:   snap.zones,
		zoneIdx: snap.zoneIdx,
	}
	if err := b.selectView(); err != nil {
		return nil, err
	}
	if st.check() {
		return nil, st.err
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
	if st.check() {
		return nil, st.err
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
	live := b.liveZones(nodes)
	var walk func(i int) *dgCluster
	walk = func(i int) *dgCluster {
		visited[i] = true
		if live != nil && !live[i] {
			return nil // a zone view leaves out zones with nothing drawn
		}
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
	for _, s := range b.cfg.steps {
		if b.ownComponent(s.from) && b.ownComponent(s.to) && nodes[s.from.Index()] != nil && nodes[s.to.Index()] != nil {
			d.edges = append(d.edges, &dgEdge{
				from: nodes[s.from.Index()].id, to: nodes[s.to.Index()].id,
				title: s.label, tooltip: s.label, em: emphasised, step: true, count: 1,
			})
		}
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
