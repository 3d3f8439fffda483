package stride

import (
	"slices"

	"github.com/threatwright/threatwright/threatmodel"
)

// index holds every look-up the analysis needs, built once in time linear in
// the size of the model. Components and flows are keyed by their dense
// declaration index.
type index struct {
	m     *threatmodel.Model
	comps []*threatmodel.Component
	flows []*threatmodel.Flow
	// incoming holds each component's incoming flows, in declaration
	// order: Component.Incoming copies them on every call.
	incoming [][]*threatmodel.Flow
	// crossing holds each flow's threatmodel.Crossing, worked out once:
	// every target of the flow carries it.
	crossing []threatmodel.Crossing
	// interactions holds, for each request with responses, the request
	// and its responses (Target.Interaction).
	interactions map[*threatmodel.Flow][]*threatmodel.Flow

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
	compImpact [][nProperties]threatmodel.Level
	flowImpact [][nProperties]threatmodel.Level

	// compPos and flowPos cache declaration sites, resolved on first use.
	compPos  []threatmodel.Pos
	flowPos  []threatmodel.Pos
	compPath []string
	flowPath []string
	// crossings caches each flow's BoundaryCrossing, shared by its threats.
	crossings []*BoundaryCrossing
	// sources caches, by elemKey, every control declaration on each
	// component and flow (ControlSources copies them on every call);
	// sourcesDone marks those looked up.
	sources     [][]threatmodel.ControlSource
	sourcesDone []bool

	// roleFacts caches what the rules ask about each role (see role), and
	// moreTrusted whether a role changes something more trusted than a zone
	// (see changesMoreTrustedThan).
	roleFacts   map[*threatmodel.Role]*roleFacts
	moreTrusted map[roleZone]bool
	// actionFacts caches what flagsOf asks of each action.
	actionFacts map[string]actionFacts
	// logStores and mfaAt cache, per component, the log stores it sends
	// to and the evidence of MFA at the identity providers it signs in to.
	logStores map[*threatmodel.Component][]string
	mfaAt     map[*threatmodel.Component]string
	// trail caches whether a component's events reach an audit trail.
	trail map[*threatmodel.Component]bool
	// auditedBy is, by audit trail, the components whose provider delivers
	// their events to it (see auditedInto), built on first use.
	auditedBy map[*threatmodel.Component][]*threatmodel.Component
	// sharedBy and endUsers cache, per secret, whether requests of more
	// than one component present it, and per process, whether end users'
	// requests reach it (see sharedSecret, servesEndUsers).
	sharedBy map[*threatmodel.Secret]bool
	endUsers map[*threatmodel.Component]bool
	// relay caches, per forwarder and type of sender, whether it passes on
	// that sender's requests (see relays).
	relay map[relayKey]bool
	// contradicted holds the controls the model's structure contradicts,
	// by element (see analysis.contradictions).
	contradicted map[controlAt]bool
	// ai holds what the rules about AI components ask, worked out on
	// first use (see aiFactsOf).
	ai *aiFacts
	// prec is what derive has found so far, while it runs.
	prec *precedence
	// prepared is set once compPos, flowPos, crossings and sources hold
	// every component's and flow's (see prepare).
	prepared bool
}

// Every field of index is one of these two kinds (TestIndexFields keeps
// the lists whole): built by newIndex, prepare or contradictions and only
// read while derive's workers run; or a cache filled on first use, which
// forWorker gives each worker afresh.
var (
	indexShared = []string{"m", "comps", "flows", "incoming", "crossing", "interactions", "secretsUsed", "secretsHeld", "secretsByRole", "deps",
		"permsByComp", "permsByZone", "permsByAsset", "permsAny", "represents", "reach", "compImpact", "flowImpact",
		"compPos", "flowPos", "compPath", "flowPath", "crossings", "sources", "sourcesDone", "contradicted", "prepared"}
	indexPerWorker = []string{"roleFacts", "actionFacts", "moreTrusted", "logStores", "mfaAt", "trail", "auditedBy", "sharedBy",
		"endUsers", "relay", "ai", "prec"}
)

// crossingAt returns the flow's crossing, from the index for its own
// flows.
func (ix *index) crossingAt(f *threatmodel.Flow) threatmodel.Crossing {
	if ix != nil && ix.ownsFlow(f) {
		return ix.crossing[f.Index()]
	}
	return f.Crossing()
}

// prepare resolves every component's and flow's declaration site,
// boundary crossing and control declarations, so that the workers of
// derive only read them.
func (ix *index) prepare() {
	if ix.prepared {
		return
	}
	for _, c := range ix.comps {
		ix.posOf(c)
		ix.controlSources(c)
	}
	for _, f := range ix.flows {
		ix.posOf(f)
		ix.crossingOf(f)
		ix.controlSources(f)
	}
	ix.prepared = true
}

// forWorker returns a copy of the index for one of derive's workers: what
// newIndex and prepare built is shared, the caches filled on first use are
// the worker's own.
func (ix *index) forWorker() *index {
	w := *ix
	w.roleFacts = make(map[*threatmodel.Role]*roleFacts)
	w.moreTrusted = make(map[roleZone]bool)
	w.logStores = make(map[*threatmodel.Component][]string)
	w.mfaAt = make(map[*threatmodel.Component]string)
	w.trail, w.auditedBy, w.sharedBy, w.endUsers, w.relay, w.ai, w.prec, w.actionFacts = nil, nil, nil, nil, nil, nil, nil, nil
	return &w
}

type roleZone struct {
	r *threatmodel.Role
	z *threatmodel.Zone
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
		roleFacts:     make(map[*threatmodel.Role]*roleFacts),
		moreTrusted:   make(map[roleZone]bool),
		logStores:     make(map[*threatmodel.Component][]string),
		mfaAt:         make(map[*threatmodel.Component]string),
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
	ix.incoming = make([][]*threatmodel.Flow, n)
	ix.crossing = make([]threatmodel.Crossing, len(ix.flows))
	for i, f := range ix.flows {
		ix.crossing[i] = f.Crossing()
		if d := f.Destination(); ix.owns(d) {
			ix.incoming[d.Index()] = append(ix.incoming[d.Index()], f)
		}
		if rs := responses(f); len(rs) > 0 {
			if ix.interactions == nil {
				ix.interactions = make(map[*threatmodel.Flow][]*threatmodel.Flow)
			}
			ix.interactions[f] = slices.Clip(append([]*threatmodel.Flow{f}, rs...))
		}
	}

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
		for _, p := range permissionsOf(r) {
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
			if !p.IsValid() && !ix.prepared {
				*p = e.Pos()
			}
			return *p
		}
	case *threatmodel.Flow:
		if ix.ownsFlow(e) {
			p := &ix.flowPos[e.Index()]
			if !p.IsValid() && !ix.prepared {
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
	if ix.prepared {
		return ix.crossings[f.Index()]
	}
	p := &ix.crossings[f.Index()]
	if *p == nil && f.CrossesBoundary() {
		*p = crossingOf(ix.crossing[f.Index()])
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
	for _, a := range stores(c) {
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
		if Untrusted(c) || c.IsA(threatmodel.ThirdPartyService) {
			ix.reach[i] = InUntrustedZone
			queue = append(queue, i)
		}
	}
	// bfs visits from the queued components, marking the unreached
	// components it finds through the flows follow accepts.
	bfs := func(level Exposure, follow func(src int, f *threatmodel.Flow) bool) {
		for head := 0; head < len(queue); head++ {
			src := queue[head]
			for _, f := range outgoing(ix.comps[src]) {
				d := f.Destination()
				if !follow(src, f) || !ix.owns(d) || ix.reach[d.Index()] != Unreachable {
					continue
				}
				ix.reach[d.Index()] = level
				queue = append(queue, d.Index())
			}
		}
	}
	bfs(ReachableAnonymously, func(_ int, f *threatmodel.Flow) bool { return !f.Authentication().Authenticated() })
	// The second pass starts from everything the first reached. The
	// attacker passes a replayable secret from a component they hold; a
	// component reached this way forwards with its own identity, so every
	// flow it sends counts.
	bfs(ReachableAuthenticated, func(src int, f *threatmodel.Flow) bool {
		return ix.reach[src] < ReachableAnonymously || !f.Authentication().Cryptographic()
	})
	// What is left is reached only by presenting a key.
	bfs(ReachableCryptographic, func(int, *threatmodel.Flow) bool { return true })
}

// computeImpact rates each flow by the assets it carries and each component
// by the assets it stores, those that represent it, and those its flows
// carry (a process handles what passes through it).
func (ix *index) computeImpact() {
	ix.flowImpact = make([][nProperties]threatmodel.Level, len(ix.flows))
	ix.compImpact = make([][nProperties]threatmodel.Level, len(ix.comps))
	for i, f := range ix.flows {
		l := maxProperties([nProperties]threatmodel.Level{}, carried(f))
		l = maxProperties(l, ix.represents[f])
		ix.flowImpact[i] = l
		for _, c := range []*threatmodel.Component{f.Source(), f.Destination()} {
			if ix.owns(c) {
				ci := &ix.compImpact[c.Index()]
				for p := range nProperties {
					ci[p] = maxLevel(ci[p], l[p])
				}
			}
		}
	}
	for i, c := range ix.comps {
		l := maxProperties(ix.compImpact[i], stores(c))
		ix.compImpact[i] = maxProperties(l, ix.represents[c])
	}
}

// roleFacts is what the rules ask about one role, worked out once per
// analysis: a role that many components act with is read once, not once for
// each of them.
type roleFacts struct {
	// next are the roles whoever holds the role can act as in one step
	// (nextRoles).
	next []*threatmodel.Role
	// grants, wildcard, admin, changes and escalation say whether some
	// allow statement of the role allows anything, uses a wildcard action
	// or resource, grants admin access (threatmodel.Permission.Access),
	// writes, deletes or administers, or escalates (iam.Escalates), as the
	// role's policy declares it.
	grants, wildcard, admin, changes, escalation bool
	// eff are the same facts about what the role can really do, within its
	// permission boundary and guardrails (threatmodel.Role.Effective): a
	// rule matches on the declared facts and is closed when eff no longer
	// has them.
	eff grantFlags
	// effGrants are the effective grants eff comes from, and guards the
	// guardrails that apply to the role (threatmodel.Role.Guardrails).
	effGrants []grant
	// effPerms are the role's effective permissions (Role.Effective).
	effPerms []threatmodel.EffectivePermission
	guards   []*threatmodel.Guardrail
	// readable are the resources of the role's allow statements that read
	// a data store, a data asset or every resource, once each, in
	// declaration order; deniedReads the resources of its deny statements
	// that take reading away.
	readable, deniedReads []threatmodel.Element
	// holders are the components that act with the role (holders), once
	// each; holderSet holds the same.
	holders   []*threatmodel.Component
	holderSet map[*threatmodel.Component]bool

	critical     []roleGrant // criticalGrants, once computed
	criticalDone bool
}

// role returns the facts about r, computing them on first use.
func (ix *index) role(r *threatmodel.Role) *roleFacts {
	if f, ok := ix.roleFacts[r]; ok {
		return f
	}
	decl := ix.flagsOf(r, declaredGrants(r))
	f := &roleFacts{next: nextRoles(r, decl), holderSet: make(map[*threatmodel.Component]bool)}
	f.grants, f.wildcard, f.admin, f.changes, f.escalation = decl.grants, decl.wildcard, decl.admin, decl.changes, decl.escalation
	f.effPerms = r.Effective()
	f.effGrants = grantsOf(f.effPerms)
	f.eff = ix.flagsOf(r, f.effGrants)
	f.guards = r.Guardrails()
	for _, p := range permissionsOf(r) {
		res := p.Resource()
		if p.Effect() == threatmodel.Deny {
			if res != nil && p.Access()&threatmodel.Read != 0 && !slices.Contains(f.deniedReads, res) {
				f.deniedReads = append(f.deniedReads, res)
			}
			continue
		}
		if reads(p) && readableResource(res) && !slices.Contains(f.readable, res) {
			f.readable = append(f.readable, res)
		}
	}
	for _, h := range holders(r) {
		if h != nil && !f.holderSet[h] {
			f.holderSet[h] = true
			f.holders = append(f.holders, h)
		}
	}
	ix.roleFacts[r] = f
	return f
}

// controlSources returns every control declaration on el, looked up once
// for the components and flows of the model.
func (ix *index) controlSources(el threatmodel.Element) []threatmodel.ControlSource {
	k := ix.elemKey(el)
	if k < 0 {
		switch x := el.(type) {
		case *threatmodel.Component:
			return x.ControlSources(0)
		case *threatmodel.Flow:
			return x.ControlSources(0)
		}
		return nil
	}
	if ix.sourcesDone == nil {
		n := len(ix.comps) + len(ix.flows)
		ix.sources, ix.sourcesDone = make([][]threatmodel.ControlSource, n), make([]bool, n)
	}
	if !ix.sourcesDone[k] {
		switch x := el.(type) {
		case *threatmodel.Component:
			ix.sources[k] = x.ControlSources(0)
		case *threatmodel.Flow:
			ix.sources[k] = x.ControlSources(0)
		}
		ix.sourcesDone[k] = true
	}
	return ix.sources[k]
}

// readableResource reports whether reading the resource is what TW-I-008
// looks for: a data store, a data asset, or every resource.
func readableResource(res threatmodel.Element) bool {
	switch e := res.(type) {
	case *threatmodel.Component:
		return e != nil && e.Kind() == threatmodel.DataStore
	case *threatmodel.Asset:
		return e != nil && e.Kind() == threatmodel.AssetData
	}
	return res != nil && res == threatmodel.AnyResource()
}

// roleFacts returns the facts about r from the analysis's index, or, for a
// Target made outside Analyze, computed afresh.
func (t *Target) roleFacts(r *threatmodel.Role) *roleFacts {
	if t.ix == nil {
		return (&index{roleFacts: make(map[*threatmodel.Role]*roleFacts)}).role(r)
	}
	return t.ix.role(r)
}

// audited reports whether an element's security events reach an audit
// trail, so that AuditLogging on it is more than a label: a store that
// holds logs itself, a component with an audit trail
// (threatmodel.Component.AuditTrails), or a flow whose source has one.
func (ix *index) audited(el threatmodel.Element) bool {
	switch e := el.(type) {
	case *threatmodel.Component:
		if HoldsLogs(e) {
			return true
		}
		if ix.trail == nil {
			ix.trail = make(map[*threatmodel.Component]bool)
		}
		ok, seen := ix.trail[e]
		if !seen {
			ok = len(e.AuditTrails()) > 0
			ix.trail[e] = ok
		}
		return ok
	case *threatmodel.Flow:
		return e.Source() != nil && ix.audited(e.Source())
	}
	return false
}

// incomingOf returns a component's incoming flows without copying them;
// callers must not change the slice.
func (ix *index) incomingOf(c *threatmodel.Component) []*threatmodel.Flow {
	if ix == nil || !ix.owns(c) {
		return incoming(c)
	}
	return ix.incoming[c.Index()]
}
