package threatmodel

import (
	"slices"
	"strings"
)

// Guardrail is a ceiling on what roles can do, whatever their own
// permissions allow: an AWS permissions boundary, a service control policy
// (SCP) or resource control policy of an organisation, a Kubernetes
// admission or AppProject restriction, a database's role limits. Its
// statements are typed like a role's: Allow lists what it lets through
// (when it has any allow statement, nothing else gets through), Deny what
// it takes away. A role's effective permissions are its allows, within
// every guardrail that applies to it, minus every deny (Role.Effective).
//
// A guardrail applies to a role as the role's permission boundary
// (WithPermissionBoundary) or to every role of a zone (Zone.Guardrail).
type Guardrail struct {
	node
	note       string
	statements []*Permission
	zones      []*Zone
	boundaryOf []*Role
}

// GuardrailOption configures Model.Guardrail.
type GuardrailOption interface{ applyGuardrail(*Guardrail) }

type guardrailFunc func(*Guardrail)

func (f guardrailFunc) applyGuardrail(g *Guardrail) { f(g) }

// Note records free text about a guardrail: where it is defined, what it
// is for, what its statements cannot say (conditions, tags). It never
// closes a threat by itself; the statements do.
func Note(text string) GuardrailOption {
	return guardrailFunc(func(g *Guardrail) { g.note = text })
}

func (o DescriptionOption) applyGuardrail(g *Guardrail) { g.desc = o.text }

// Guardrail declares a permission boundary or an organisation guardrail.
// Give it statements with Allow and Deny, then apply it to a role with
// WithPermissionBoundary or to the roles of a zone with Zone.Guardrail.
func (m *Model) Guardrail(name string, opts ...GuardrailOption) *Guardrail {
	g := &Guardrail{node: node{m: m, name: name, at: m.pinned(caller(1))}}
	if m == nil {
		return g
	}
	m.declare(collGuardrails, g, g.at, len(m.guardrails))
	for _, o := range opts {
		if o == nil {
			m.record(CodeNilReference, g.Path(), g.at, g, "nil option")
			continue
		}
		o.applyGuardrail(g)
	}
	m.guardrails = append(m.guardrails, g)
	return g
}

// Path returns guardrails["name"].
func (g *Guardrail) Path() string { return pathOf(collGuardrails, g.name) }

// Allow lets the actions on a resource through the guardrail: a component,
// an asset, a secret, a role, a zone (everything in it) or AnyResource().
// Once a guardrail has an allow statement, what none of them lets through
// is outside it.
func (g *Guardrail) Allow(resource Element, actions ...string) *Permission {
	return g.state(Allow, resource, actions, g.pin(caller(1)))
}

// Deny takes the actions on a resource away from every role the guardrail
// applies to.
func (g *Guardrail) Deny(resource Element, actions ...string) *Permission {
	return g.state(Deny, resource, actions, g.pin(caller(1)))
}

func (g *Guardrail) state(e Effect, resource Element, actions []string, at site) *Permission {
	var m *Model
	if g != nil {
		m = g.m
	}
	p := newElement[Permission](m)
	*p = Permission{guard: g, effect: e, actions: clone(actions), resource: resource, at: at}
	if g == nil {
		p.access = accessOf(actions)
		if !isNil(resource) {
			resource.base().m.record(CodeNilReference, "guardrails[?].statements", at, resource,
				e.String()+" was called on a nil guardrail for "+resource.Path())
		}
		return p
	}
	p.access = g.m.accessOf(actions)
	p.path = pathWith(collGuardrails, g.name, ".statements", len(g.statements))
	g.m.checkStatement(p, g, ".statements", len(g.statements))
	g.statements = append(g.statements, p)
	return p
}

// Note returns the guardrail's note, as written.
func (g *Guardrail) Note() string { return g.note }

// Statements returns the guardrail's allow and deny statements in
// declaration order.
func (g *Guardrail) Statements() []*Permission { return clone(g.statements) }

// Zones returns the zones whose roles the guardrail applies to, in the
// order Zone.Guardrail was called.
func (g *Guardrail) Zones() []*Zone { return clone(g.zones) }

// BoundaryOf returns the roles whose permission boundary it is, in
// declaration order.
func (g *Guardrail) BoundaryOf() []*Role { return clone(g.boundaryOf) }

// Guardrail applies an organisation guardrail (a service control policy,
// a resource control policy) to every role of the zone: the roles that a
// component in the zone, or in a zone nested in it, runs as. A nil
// guardrail, or one of another model, is recorded as a finding.
func (z *Zone) Guardrail(g *Guardrail) {
	at := z.pin(caller(1))
	if z == nil {
		if g != nil && g.m != nil {
			g.m.record(CodeNilReference, g.Path()+".zones", at, g, "Guardrail was called on a nil zone")
		}
		return
	}
	if !z.m.owns(g, z, ".guardrails", at, "guardrail") {
		return
	}
	z.guardrails = append(z.guardrails, g)
	g.zones = append(g.zones, z)
}

// Guardrails returns the guardrails applied to the zone itself (not those
// of enclosing zones), in the order they were applied.
func (z *Zone) Guardrails() []*Guardrail { return clone(z.guardrails) }

// Guardrails returns the guardrails declared in the model, in declaration
// order.
func (m *Model) Guardrails() []*Guardrail { return clone(m.guardrails) }

// Guardrails returns every guardrail that applies to the role: its
// permission boundary first, then the guardrails of the zones, and the
// zones around them, of the components that run as it, once each, by
// name.
func (r *Role) Guardrails() []*Guardrail {
	if r == nil {
		return nil
	}
	var out []*Guardrail
	add := func(g *Guardrail) {
		for _, o := range out {
			if o == g {
				return
			}
		}
		out = append(out, g)
	}
	if r.boundary != nil {
		add(r.boundary)
	}
	n := len(out)
	for _, c := range r.assumedBy {
		for z, depth := c.Zone(), 0; z != nil && depth <= len(r.m.zones); z, depth = z.parent, depth+1 {
			for _, g := range z.guardrails {
				add(g)
			}
		}
	}
	slices.SortStableFunc(out[n:], func(a, b *Guardrail) int { return strings.Compare(a.name, b.name) })
	return out
}
