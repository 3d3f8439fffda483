package stride

import (
	"github.com/threatwright/threatwright/threatmodel"
)

// index holds every look-up the analysis needs, built once in time linear in
// the size of the model. Components and flows are keyed by their dense
// declaration index.
type index struct {
	m     *threatmodel.Model
	comps []*threatmodel.Component
	flows []*threatmodel.Flow

	secretsUsed   [][]*threatmodel.Secret
	secretsHeld   [][]*threatmodel.Secret
	secretsByRole map[*threatmodel.Role][]*threatmodel.Secret
	deps          [][]*threatmodel.Dependency

	permsByComp  [][]*threatmodel.Permission
	permsByZone  map[*threatmodel.Zone][]*threatmodel.Permission
	permsByAsset map[*threatmodel.Asset][]*threatmodel.Permission
	permsAny     []*threatmodel.Permission

	represents map[threatmodel.Element][]*threatmodel.Asset

	// reach is each component's exposure to untrusted zones.
	reach []Exposure
	// compImpact and flowImpact are the impact levels, 0 when no asset
	// states a value.
	compImpact []threatmodel.Level
	flowImpact []threatmodel.Level

	// compPos and flowPos cache declaration sites, resolved on first use.
	compPos  []threatmodel.Pos
	flowPos  []threatmodel.Pos
	compPath []string
	flowPath []string
	// crossings caches each flow's BoundaryCrossing, shared by its threats.
	crossings []*BoundaryCrossing

	// addresses maps a threat ID to the mitigations that name it.
	addresses map[string][]*threatmodel.Mitigation
	// accepts maps a threat ID to its acceptance.
	accepts map[string]*threatmodel.Acceptance
}

func newIndex(m *threatmodel.Model) *index {
	ix := &index{
		m:             m,
		comps:         m.Components(),
		flows:         m.Flows(),
		secretsByRole: make(map[*threatmodel.Role][]*threatmodel.Secret),
		permsByZone:   make(map[*threatmodel.Zone][]*threatmodel.Permission),
		permsByAsset:  make(map[*threatmodel.Asset][]*threatmodel.Permission),
		represents:    make(map[threatmodel.Element][]*threatmodel.Asset),
		addresses:     make(map[string][]*threatmodel.Mitigation),
		accepts:       make(map[string]*threatmodel.Acceptance),
	}
	n := len(ix.comps)
	ix.secretsUsed = make([][]*threatmodel.Secret, n)
	ix.secretsHeld = make([][]*threatmodel.Secret, n)
	ix.deps = make([][]*threatmodel.Dependency, n)
	ix.permsByComp = make([][]*threatmodel.Permission, n)
	ix.compPos = make([]threatmodel.Pos, n)
	ix.flowPos = make([]threatmodel.Pos, len(ix.flows))
	ix.compPath = make([]string, n)
	ix.flowPath = make([]string, len(ix.flows))
	ix.crossings = make([]*BoundaryCrossing, len(ix.flows))

	for _, s := range m.Secrets() {
		for _, c := range s.UsedBy() {
			if ix.owns(c) {
				ix.secretsUsed[c.Index()] = append(ix.secretsUsed[c.Index()], s)
			}
		}
		if c := s.StoredIn(); ix.owns(c) {
			ix.secretsHeld[c.Index()] = append(ix.secretsHeld[c.Index()], s)
		}
		for _, r := range s.Grants() {
			ix.secretsByRole[r] = append(ix.secretsByRole[r], s)
		}
	}
	for _, d := range m.Dependencies() {
		for _, c := range d.UsedBy() {
			if ix.owns(c) {
				ix.deps[c.Index()] = append(ix.deps[c.Index()], d)
			}
		}
	}
	anyRes := threatmodel.AnyResource()
	for _, r := range m.Roles() {
		for _, p := range r.Permissions() {
			switch res := p.Resource().(type) {
			case *threatmodel.Component:
				if ix.owns(res) {
					ix.permsByComp[res.Index()] = append(ix.permsByComp[res.Index()], p)
				}
			case *threatmodel.Zone:
				ix.permsByZone[res] = append(ix.permsByZone[res], p)
			case *threatmodel.Asset:
				ix.permsByAsset[res] = append(ix.permsByAsset[res], p)
			default:
				if res != nil && res == anyRes {
					ix.permsAny = append(ix.permsAny, p)
				}
			}
		}
	}
	for _, a := range m.Assets() {
		if el := a.Represents(); el != nil {
			ix.represents[el] = append(ix.represents[el], a)
		}
	}
	for _, mi := range m.Mitigations() {
		for _, id := range mi.Addresses() {
			ix.addresses[id] = append(ix.addresses[id], mi)
		}
	}
	for _, a := range m.Acceptances() {
		if _, dup := ix.accepts[a.ThreatID()]; !dup {
			ix.accepts[a.ThreatID()] = a
		}
	}
	ix.computeReach()
	ix.computeImpact()
	return ix
}

// owns reports whether c is a component of the indexed model, so that its
// Index can be used in the dense slices.
func (ix *index) owns(c *threatmodel.Component) bool {
	return c != nil && c.Index() >= 0 && c.Index() < len(ix.comps) && ix.comps[c.Index()] == c
}

func (ix *index) ownsFlow(f *threatmodel.Flow) bool {
	return f != nil && f.Index() >= 0 && f.Index() < len(ix.flows) && ix.flows[f.Index()] == f
}

// posOf returns where a component or flow was declared, resolving each
// site once.
func (ix *index) posOf(el threatmodel.Element) threatmodel.Pos {
	switch e := el.(type) {
	case *threatmodel.Component:
		if ix.owns(e) {
			p := &ix.compPos[e.Index()]
			if !p.IsValid() {
				*p = e.Pos()
			}
			return *p
		}
	case *threatmodel.Flow:
		if ix.ownsFlow(e) {
			p := &ix.flowPos[e.Index()]
			if !p.IsValid() {
				*p = e.Pos()
			}
			return *p
		}
	}
	if el == nil {
		return threatmodel.Pos{}
	}
	return el.Pos()
}

// pathOf returns a component's or a flow's path, building each once.
func (ix *index) pathOf(el threatmodel.Element) string {
	switch e := el.(type) {
	case *threatmodel.Component:
		if ix.owns(e) {
			p := &ix.compPath[e.Index()]
			if *p == "" {
				*p = e.Path()
			}
			return *p
		}
	case *threatmodel.Flow:
		if ix.ownsFlow(e) {
			p := &ix.flowPath[e.Index()]
			if *p == "" {
				*p = e.Path()
			}
			return *p
		}
	}
	if el == nil {
		return ""
	}
	return el.Path()
}

// crossingOf returns the flow's boundary crossing by zone names, nil when
// it crosses none, building each once.
func (ix *index) crossingOf(f *threatmodel.Flow) *BoundaryCrossing {
	if !ix.ownsFlow(f) {
		return crossingOf(f.Crossing())
	}
	p := &ix.crossings[f.Index()]
	if *p == nil && f.CrossesBoundary() {
		*p = crossingOf(f.Crossing())
	}
	return *p
}

func (ix *index) exposure(c *threatmodel.Component) Exposure {
	if !ix.owns(c) {
		return Unreachable
	}
	return ix.reach[c.Index()]
}

// permissionsOn returns the permissions whose resource covers c, in time
// proportional to the answer and the zone depth.
func (ix *index) permissionsOn(c *threatmodel.Component) []*threatmodel.Permission {
	if !ix.owns(c) {
		return nil
	}
	var out []*threatmodel.Permission
	out = append(out, ix.permsByComp[c.Index()]...)
	for z := c.Zone(); z != nil; z = z.Parent() {
		out = append(out, ix.permsByZone[z]...)
	}
	for _, a := range c.Stores() {
		out = append(out, ix.permsByAsset[a]...)
	}
	return append(out, ix.permsAny...)
}

// computeReach runs two breadth-first searches over the flows from the
// components in untrusted zones: one over every flow (reachable at all) and
// one over unauthenticated flows only (reachable anonymously). Each visits a
// component and a flow at most once: linear time.
func (ix *index) computeReach() {
	n := len(ix.comps)
	ix.reach = make([]Exposure, n)
	queue := make([]int, 0, n)
	for i, c := range ix.comps {
		if Untrusted(c) {
			ix.reach[i] = InUntrustedZone
			queue = append(queue, i)
		}
	}
	// bfs visits from the queued components, marking the unreached
	// components it finds through the flows follow accepts.
	bfs := func(level Exposure, follow func(*threatmodel.Flow) bool) {
		for head := 0; head < len(queue); head++ {
			for _, f := range ix.comps[queue[head]].Outgoing() {
				d := f.Destination()
				if !follow(f) || !ix.owns(d) || ix.reach[d.Index()] != Unreachable {
					continue
				}
				ix.reach[d.Index()] = level
				queue = append(queue, d.Index())
			}
		}
	}
	bfs(ReachableAnonymously, func(f *threatmodel.Flow) bool { return !f.Authentication().Authenticated() })
	// The second pass starts from everything the first reached.
	bfs(ReachableAuthenticated, func(*threatmodel.Flow) bool { return true })
}

// computeImpact rates each flow by the assets it carries and each component
// by the assets it stores, those that represent it, and those its flows
// carry (a process handles what passes through it).
func (ix *index) computeImpact() {
	ix.flowImpact = make([]threatmodel.Level, len(ix.flows))
	ix.compImpact = make([]threatmodel.Level, len(ix.comps))
	for i, f := range ix.flows {
		l := maxAssetLevel(0, f.Carries())
		l = maxAssetLevel(l, ix.represents[f])
		ix.flowImpact[i] = l
		for _, c := range []*threatmodel.Component{f.Source(), f.Destination()} {
			if ix.owns(c) {
				ix.compImpact[c.Index()] = max(ix.compImpact[c.Index()], l)
			}
		}
	}
	for i, c := range ix.comps {
		l := maxAssetLevel(ix.compImpact[i], c.Stores())
		ix.compImpact[i] = maxAssetLevel(l, ix.represents[c])
	}
}
