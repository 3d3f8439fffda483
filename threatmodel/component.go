package threatmodel

import "slices"

// Component is a node of the data flow diagram: an external entity, a
// process or a data store, sitting in a zone.
type Component struct {
	node
	// The one-byte fields first, together, so that none is padded to a
	// word: a model holds many components.
	kind            Kind
	typ             ComponentType
	infrastructure  bool
	providerManaged bool
	auditLogs       bool
	perRequestBill  bool   // see sharesHost
	types           uint64 // bit set of ComponentType
	zone            *Zone
	technology      string
	outOfScope      string
	controls        controlSet // the controls that cover every caller
	controlSrc      []ControlSource
	accepts         formatSet
	stores          []*Asset
	runsAs          []*Role
	runBy           string
	errorHandling   []RiskEntry
	runtime         []RiskEntry
	mitigations     []*Mitigation
	out, in         []*Flow
	index           int
	more            *componentMore // nil until one of its fields is declared
}

// componentMore holds what few components declare, apart, so that the
// others are smaller.
type componentMore struct {
	auditedIn []*Component
	policy    []*Permission
	// Declarations for the rules about co-located workloads and data
	// events (concerns.go).
	sharesHost   []*Component
	dataEventsIn []*Component
}

// noMore is the componentMore of every component that declares none of
// its fields; it is never written.
var noMore componentMore

// rare returns the component's rarely declared fields, for reading.
func (c *Component) rare() *componentMore {
	if c.more == nil {
		return &noMore
	}
	return c.more
}

// rareSet returns the component's rarely declared fields, for writing.
func (c *Component) rareSet() *componentMore {
	if c.more == nil {
		c.more = new(componentMore)
	}
	return c.more
}

// RiskEntry is one row of the template's Error Handling or Runtime Security
// table: a risk on a component and its mitigation.
type RiskEntry struct {
	Risk       string // what could go wrong
	Mitigation string // what prevents it
	at         site
}

// Pos returns where the entry was declared.
func (r RiskEntry) Pos() Pos { return r.at.pos() }

// ExternalEntity declares something outside the system's control that
// talks to it: a user, a browser, a third-party service.
func (m *Model) ExternalEntity(name string, zone *Zone, opts ...ComponentOption) *Component {
	return m.component(name, ExternalEntity, zone, opts)
}

// Process declares code that runs: a gateway, function, service, container
// or job.
func (m *Model) Process(name string, zone *Zone, opts ...ComponentOption) *Component {
	return m.component(name, Process, zone, opts)
}

// DataStore declares where data rests: a table, bucket, queue or log store.
func (m *Model) DataStore(name string, zone *Zone, opts ...ComponentOption) *Component {
	return m.component(name, DataStore, zone, opts)
}

func (m *Model) component(name string, kind Kind, zone *Zone, opts []ComponentOption) *Component {
	c := newElement[Component](m)
	*c = Component{node: node{m: m, name: name, at: m.pinned(caller(2))}, kind: kind}
	if m == nil {
		return c
	}
	c.index = len(m.components)
	m.declare(collComponents, c, c.at, len(m.components))
	if zone == nil {
		m.record(CodeNilReference, c.Path()+".zone", c.at, c, "the component has no zone: declare one with m.Zone and pass it")
	} else if m.owns(zone, c, ".zone", c.at, "zone") {
		c.zone = zone
		zone.components = append(zone.components, c)
	}
	for _, o := range opts {
		if o == nil {
			m.record(CodeNilReference, c.Path(), c.at, c, "nil option")
			continue
		}
		o.applyComponent(c)
	}
	m.components = append(m.components, c)
	return c
}

// Path returns components["name"].
func (c *Component) Path() string { return pathOf(collComponents, c.name) }

// Kind returns ExternalEntity, Process or DataStore.
func (c *Component) Kind() Kind { return c.kind }

// Type returns the component's first declared type, or zero when not
// stated.
func (c *Component) Type() ComponentType { return c.typ }

// IsA reports whether the component was declared with the type.
func (c *Component) IsA(t ComponentType) bool { return t > 0 && t < 64 && c.types&(1<<t) != 0 }

// Types returns every type the component was declared with, in
// ComponentType order.
func (c *Component) Types() []ComponentType {
	var out []ComponentType
	for t := ComponentType(1); t < 64; t++ {
		if c.IsA(t) {
			out = append(out, t)
		}
	}
	return out
}

// Zone returns the zone the component sits in.
func (c *Component) Zone() *Zone { return c.zone }

// Technology returns what the component is built with.
func (c *Component) Technology() string { return c.technology }

// Infrastructure reports whether the component is infrastructure (a gateway,
// a managed database, a pipeline) rather than application code.
func (c *Component) Infrastructure() bool { return c.infrastructure }

// ProviderManaged reports whether the component is a service its provider
// operates (see the ProviderManaged option).
func (c *Component) ProviderManaged() bool { return c.providerManaged }

// InScope reports whether the component is in the scope of the analysis.
func (c *Component) InScope() bool { return c.outOfScope == "" }

// OutOfScopeReason returns why the component is out of scope, or "".
func (c *Component) OutOfScopeReason() string { return c.outOfScope }

// Controls returns the controls on the component, declared directly or by a
// mitigation applied to it, in Control order, including those limited to
// some principals (see ControlSources).
func (c *Component) Controls() []Control { return sourcesSet(c.controlSrc).list() }

// Has reports whether the control is on the component for every caller;
// HasFor also counts a control limited to some principals.
func (c *Component) Has(ctl Control) bool { return c.controls.has(ctl) }

// Stores returns the assets the component holds.
func (c *Component) Stores() []*Asset { return clone(c.stores) }

// AuditedIn names the data stores that record the component's security
// events when no data flow of the model carries them there: a managed
// service whose provider delivers its audit events (DynamoDB data events to
// CloudTrail), a cluster whose audit log the control plane ships. Each must
// be a data store that holds audit logs (HoldsAuditLogs). AuditLogging on a
// component counts only where such a trail exists: a flow from it to a store
// that holds audit logs, or AuditedIn.
func (c *Component) AuditedIn(stores ...*Component) {
	at := c.pin(caller(1))
	if c == nil {
		return
	}
	for _, st := range stores {
		if !c.m.owns(st, c, ".auditedIn", at, "audit trail") {
			continue
		}
		if st.kind != DataStore || !st.auditLogs {
			c.m.record(CodeInvalidValue, c.Path()+".auditedIn", at, c, st.Path()+" does not hold audit logs: declare it a data store with HoldsAuditLogs")
			continue
		}
		c.rareSet().auditedIn = append(c.rare().auditedIn, st)
	}
}

// AuditTrails returns the stores that record the component's security
// events: those named with AuditedIn, then the stores holding audit logs
// that its outgoing flows reach directly, each once.
func (c *Component) AuditTrails() []*Component {
	if c == nil {
		return nil
	}
	out := clone(c.rare().auditedIn)
	for _, f := range c.out {
		if d := f.Destination(); d != nil && d.kind == DataStore && d.auditLogs && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// HoldsAuditLogs reports whether the store holds audit logs, which makes
// Repudiation apply to it.
func (c *Component) HoldsAuditLogs() bool { return c.auditLogs }

// Roles returns the roles the component runs as.
func (c *Component) Roles() []*Role { return clone(c.runsAs) }

// ErrorHandling returns the component's error handling and information
// leakage entries.
func (c *Component) ErrorHandling() []RiskEntry { return clone(c.errorHandling) }

// Runtime returns the component's runtime security entries.
func (c *Component) Runtime() []RiskEntry { return clone(c.runtime) }

// Mitigations returns the mitigations applied to the component.
func (c *Component) Mitigations() []*Mitigation { return clone(c.mitigations) }

// Outgoing returns the flows whose source is the component.
func (c *Component) Outgoing() []*Flow { return clone(c.out) }

// Incoming returns the flows whose destination is the component.
func (c *Component) Incoming() []*Flow { return clone(c.in) }

// Index returns the component's position in declaration order, for use as a
// dense key in slices indexed by component.
func (c *Component) Index() int { return c.index }

// RunsAs records that the component assumes the role: it acts with the
// role's permissions. Any component may run as a role, including an external
// entity such as a developer with a deploy role.
func (c *Component) RunsAs(roles ...*Role) {
	at := c.pin(caller(1))
	if c == nil {
		for _, r := range roles {
			if r != nil {
				r.m.record(CodeNilReference, r.Path()+".assumedBy", at, r, "RunsAs was called on a nil component")
			}
		}
		return
	}
	for _, r := range roles {
		if c.m.owns(r, c, ".runsAs", at, "role") {
			c.runsAs = append(c.runsAs, r)
			r.assumedBy = append(r.assumedBy, c)
		}
	}
}
