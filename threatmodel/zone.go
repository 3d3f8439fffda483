package threatmodel

// Zone is a trust boundary: a network, account or tier whose inside is
// trusted to a stated level. Zones nest (an AWS account holds a VPC holds a
// subnet); a flow between components in different zones crosses every
// boundary between them.
type Zone struct {
	node
	guardrails  []*Guardrail
	trust       Trust
	blastRadius bool
	parent      *Zone
	children    []*Zone
	components  []*Component
	depth       int
}

// Zone declares a trust boundary. Nest it in another zone with Inside.
func (m *Model) Zone(name string, trust Trust, opts ...ZoneOption) *Zone {
	z := newElement[Zone](m)
	*z = Zone{node: node{m: m, name: name, at: m.pinned(caller(1))}, trust: trust}
	if m == nil {
		return z
	}
	m.declare(collZones, z, z.at, len(m.zones))
	if !trust.valid() {
		m.record(CodeInvalidValue, z.Path()+".trust", z.at, z, "trust level "+trust.String()+" is not one of Untrusted, SemiTrusted, Trusted, HighlyTrusted")
	}
	for _, o := range opts {
		if o == nil {
			m.record(CodeNilReference, z.Path(), z.at, z, "nil option")
			continue
		}
		o.applyZone(z)
	}
	m.zones = append(m.zones, z)
	return z
}

// Path returns zones["name"].
func (z *Zone) Path() string { return pathOf(collZones, z.name) }

// Trust returns the zone's trust level.
func (z *Zone) Trust() Trust { return z.trust }

// Parent returns the enclosing zone, or nil for a top-level zone.
func (z *Zone) Parent() *Zone { return z.parent }

// Children returns the zones directly inside this one, in declaration order.
func (z *Zone) Children() []*Zone { return clone(z.children) }

// Components returns the components directly in this zone, in declaration
// order.
func (z *Zone) Components() []*Component { return clone(z.components) }

// ContainsBlastRadius reports whether the zone is declared as a boundary that
// contains the blast radius of a compromise inside it (the guide's "AWS
// Account — blast-radius boundary").
func (z *Zone) ContainsBlastRadius() bool { return z.blastRadius }

// Depth returns 0 for a top-level zone, 1 for a zone inside it, and so on.
func (z *Zone) Depth() int { return z.depth }

// Ancestors returns the enclosing zones, innermost first.
func (z *Zone) Ancestors() []*Zone {
	var out []*Zone
	for p := z.parent; p != nil; p = p.parent {
		out = append(out, p)
	}
	return out
}

// Within reports whether z is other or nested inside it.
func (z *Zone) Within(other *Zone) bool {
	if other == nil {
		return false
	}
	for p := z; p != nil; p = p.parent {
		if p == other {
			return true
		}
	}
	return false
}

// Crossing is the path a flow takes across trust boundaries: the zones it
// leaves, innermost first, then the zones it enters, outermost first. Both are
// empty when the ends sit in the same zone.
type Crossing struct {
	From   *Zone   // the source's zone
	To     *Zone   // the destination's zone
	Exits  []*Zone // zones left, innermost first
	Enters []*Zone // zones entered, outermost first
}

// Crosses reports whether the flow crosses at least one boundary.
func (c Crossing) Crosses() bool { return len(c.Exits)+len(c.Enters) > 0 }

// Boundaries returns every zone whose boundary is crossed: exits then entries.
func (c Crossing) Boundaries() []*Zone {
	out := make([]*Zone, 0, len(c.Exits)+len(c.Enters))
	out = append(out, c.Exits...)
	return append(out, c.Enters...)
}

// LeavesBlastRadius reports whether the flow leaves a zone that contains
// blast radius.
func (c Crossing) LeavesBlastRadius() bool {
	for _, z := range c.Exits {
		if z.blastRadius {
			return true
		}
	}
	return false
}

// EntersFromLowerTrust reports whether the flow moves into more trust than
// the zone it comes from has: it enters a more trusted zone (any zone on the
// way in counts, not only the destination's), or it only leaves zones and
// lands in a more trusted enclosing zone (from a semi-trusted subnet to the
// trusted network around it).
func (c Crossing) EntersFromLowerTrust() bool {
	if c.From == nil || c.To == nil || !c.Crosses() {
		return false
	}
	for _, z := range c.Enters {
		if z.trust > c.From.trust {
			return true
		}
	}
	return c.To.trust > c.From.trust
}

// crossing computes the boundaries between two zones in O(depth): the
// zones left then the zones entered, in one slice (see Flow.Crossing), and
// how many are left.
func crossing(from, to *Zone) (bounds []*Zone, exits int) {
	if from == nil || to == nil || from == to {
		return nil, 0
	}
	// Count first: the zones left, then the zones entered.
	enters := 0
	a, b := from, to
	for a.depth > b.depth {
		exits, a = exits+1, a.parent
	}
	for b.depth > a.depth {
		enters, b = enters+1, b.parent
	}
	for a != b {
		exits, enters = exits+1, enters+1
		a, b = a.parent, b.parent
		if a == nil || b == nil {
			break
		}
	}
	buf := make([]*Zone, exits+enters)
	// Exits run from the source outwards; Enters from the outermost zone
	// entered to the destination, so they are filled from the end.
	a, b = from, to
	i, j := 0, len(buf)-1
	for a.depth > b.depth {
		buf[i], i, a = a, i+1, a.parent
	}
	for b.depth > a.depth {
		buf[j], j, b = b, j-1, b.parent
	}
	for a != b {
		buf[i], buf[j] = a, b
		i, j = i+1, j-1
		a, b = a.parent, b.parent
		if a == nil || b == nil {
			break
		}
	}
	return buf, exits
}
