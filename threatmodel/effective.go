package threatmodel

import (
	"slices"
	"strings"

	"github.com/threatwright/threatwright/internal/iam"
)

// EffectivePermission is what one allow statement of a role really grants:
// its actions on its resource within the role's permission boundary and
// the guardrails of its zones, less the denies of the role and of those
// guardrails. See Role.Effective.
type EffectivePermission struct {
	// Permission is the role's allow statement it comes from.
	Permission *Permission
	// Resource is where it applies: the statement's resource, or the
	// narrower one a guardrail lets through (a boundary that allows the
	// users table narrows an allow on AnyResource() to that table).
	Resource Element
	// Actions are the statement's actions that are left, narrowed to a
	// guardrail's where it lets fewer through ("dynamodb:*" within a
	// boundary that allows "dynamodb:GetItem" is "dynamodb:GetItem").
	Actions []string
	// Launches is true when the role's effective permissions include an
	// action that makes a service run as a role passed to it
	// (lambda:CreateFunction, ec2:RunInstances): then iam:PassRole on a
	// role lets the holder act as that role.
	Launches bool

	denies []*Permission // denies narrower than Resource, applied element by element
	wide   []*Permission // denies on all of Resource, already applied to Actions
}

// Access returns what the actions left read, write, delete, administer or
// pass.
func (e EffectivePermission) Access() Access {
	var acc Access
	for _, a := range e.Actions {
		acc |= ActionAccess(a)
	}
	return acc
}

// Wildcard reports whether the permission still uses a wildcard action or
// the wildcard resource.
func (e EffectivePermission) Wildcard() bool {
	return e.Resource == wildcard || slices.ContainsFunc(e.Actions, iam.Wildcard)
}

// ActsAs returns the role the permission lets its holder act as: its
// resource, when that is another role and the actions assume or
// impersonate it (sts:AssumeRole, serviceaccounts:impersonate), change its
// permissions or trust, or pass it (iam:PassRole) while Launches is true.
// Nil otherwise: iam:PassRole alone leads nowhere.
func (e EffectivePermission) ActsAs() *Role {
	r, ok := e.Resource.(*Role)
	if !ok || r == nil || e.Permission == nil || r == e.Permission.role || !iam.LeadsToRole(e.Actions, e.Launches) {
		return nil
	}
	return r
}

// ActionsOn returns the actions left on one element the permission's
// resource covers (through is the element it is reached through: the
// component that stores an asset, or nil): on AnyResource(), only the
// actions of a service the element belongs to by its name or technology
// ("dynamodb:*" reaches the DynamoDB tables, not IAM or the pipeline);
// and without the actions a deny on a narrower resource takes away there.
func (e EffectivePermission) ActionsOn(el, through Element) []string {
	acts := e.Actions
	if e.Resource == wildcard {
		text := describe(el, through)
		acts = slices.DeleteFunc(slices.Clone(acts), func(a string) bool { return !iam.InService(a, text) })
	}
	for _, d := range e.denies {
		if covers(d.resource, el, through) {
			acts = slices.DeleteFunc(slices.Clone(acts), func(a string) bool { return denied(d.actions, a) })
		}
	}
	return acts
}

// Allows reports whether the permission effectively allows one concrete
// action ("lambda:UpdateFunctionCode") on el, reached through through (the
// component that stores an asset, or nil): an action left on el
// (ActionsOn) covers it and no deny of the role or of its guardrails that
// applies there covers it, so a deny of "lambda:InvokeFunction" takes it
// from an allowed "lambda:*" here although the wildcard stays in Actions.
// With el nil it asks about a resource the action creates within the
// statement's resource (lambda:CreateFunction): an action left covers it
// and no deny on the whole of the statement's resource does.
func (e EffectivePermission) Allows(action string, el, through Element) bool {
	acts := e.Actions
	if !isNil(el) {
		acts = e.ActionsOn(el, through)
	}
	return slices.ContainsFunc(acts, func(a string) bool { return iam.Covers(a, action) }) && !e.Denied(action, el, through)
}

// Denied reports whether a deny of the role or of its guardrails that
// applies to el (nil: to the whole of the statement's resource) covers one
// concrete action, also where the action is allowed inside a wildcard that
// the deny leaves in Actions. Allows is ActionsOn covering the action and
// Denied false.
func (e EffectivePermission) Denied(action string, el, through Element) bool {
	for _, d := range e.wide {
		if slices.ContainsFunc(d.actions, func(p string) bool { return iam.Covers(p, action) }) {
			return true
		}
	}
	if isNil(el) {
		return false
	}
	for _, d := range e.denies {
		if covers(d.resource, el, through) && slices.ContainsFunc(d.actions, func(p string) bool { return iam.Covers(p, action) }) {
			return true
		}
	}
	return false
}

// Effective returns what the role can really do: each allow statement's
// actions on its resource, intersected with every guardrail that applies
// to the role (its permission boundary, the guardrails of its zones), less
// every deny of the role and of those guardrails. A wildcard stays within
// its service: a deny of "dynamodb:*" leaves "iam:PassRole". A deny on a
// narrower resource than an allow is kept with the permission and applied
// element by element (ActionsOn). The result is in declaration order;
// statements nothing is left of are left out.
func (r *Role) Effective() []EffectivePermission {
	if r == nil {
		return nil
	}
	return r.effective(nil)
}

// Granted returns what the role could really do if it granted itself the
// actions on the resource, as a role that can change its own permissions
// can (iam:PutRolePolicy on itself): the statement within the role's
// permission boundary and the guardrails of its zones, less every deny of
// the role and of those guardrails — a boundary caps what a role can grant
// itself. The role's own allow statements are left out, and the role is
// not changed; the pieces' Permission is a statement of no model, with no
// position. Nil for a nil role or resource, or no actions.
func (r *Role) Granted(resource Element, actions ...string) []EffectivePermission {
	if r == nil || isNil(resource) || len(actions) == 0 {
		return nil
	}
	return r.effective(&Permission{role: r, effect: Allow, resource: resource, actions: clone(actions)})
}

// effective computes Effective, or, with grant, Granted.
func (r *Role) effective(grant *Permission) []EffectivePermission {
	var pieces []EffectivePermission
	var denies []*Permission
	for _, p := range r.permissions {
		switch {
		case p.resource == nil:
		case p.effect == Deny:
			denies = append(denies, p)
		case p.effect == Allow && grant == nil:
			pieces = append(pieces, EffectivePermission{Permission: p, Resource: p.resource, Actions: clone(p.actions)})
		}
	}
	for _, p := range r.resourceGrants {
		switch {
		case p.resource == nil:
		case p.effect == Deny:
			denies = append(denies, p)
		case grant == nil:
			pieces = append(pieces, EffectivePermission{Permission: p, Resource: p.resource, Actions: clone(p.actions)})
		}
	}
	if grant != nil {
		pieces = append(pieces, EffectivePermission{Permission: grant, Resource: grant.resource, Actions: clone(grant.actions)})
	}
	for _, g := range r.Guardrails() {
		var allows []*Permission
		for _, s := range g.statements {
			switch {
			case s.resource == nil:
			case s.effect == Deny:
				denies = append(denies, s)
			case s.effect == Allow:
				allows = append(allows, s)
			}
		}
		if len(allows) > 0 {
			pieces = within(pieces, allows)
		}
	}
	out := pieces[:0]
	launches := false
	for _, e := range pieces {
		for _, d := range denies {
			switch {
			case covers(d.resource, e.Resource, nil):
				e.Actions = slices.DeleteFunc(e.Actions, func(a string) bool { return denied(d.actions, a) })
				e.wide = append(e.wide, d)
			case covers(e.Resource, d.resource, nil):
				e.denies = append(e.denies, d)
			}
		}
		if len(e.Actions) > 0 {
			launches = launches || iam.AnyLaunches(e.Actions)
			out = append(out, e)
		}
	}
	for i := range out {
		out[i].Launches = launches
	}
	return out
}

// within intersects the pieces with a guardrail's allow statements.
func within(pieces []EffectivePermission, allows []*Permission) []EffectivePermission {
	var out []EffectivePermission
	for _, e := range pieces {
		start := len(out)
		for _, s := range allows {
			res := intersect(e.Resource, s.resource)
			if res == nil {
				continue
			}
			acts := intersectActions(e.Actions, s.actions)
			if len(acts) == 0 {
				continue
			}
			if i := slices.IndexFunc(out[start:], func(o EffectivePermission) bool { return o.Resource == res }); i >= 0 {
				o := &out[start+i]
				for _, a := range acts {
					if !slices.Contains(o.Actions, a) {
						o.Actions = append(o.Actions, a)
					}
				}
				continue
			}
			out = append(out, EffectivePermission{Permission: e.Permission, Resource: res, Actions: acts})
		}
	}
	return out
}

// intersect returns the narrower of two resources when one covers the
// other, or nil.
func intersect(a, b Element) Element {
	switch {
	case covers(b, a, nil):
		return a
	case covers(a, b, nil):
		return b
	}
	return nil
}

// intersectActions returns the allowed actions a guardrail's patterns let
// through: each allowed action a pattern covers, and each pattern an
// allowed wildcard covers ("dynamodb:*" within "dynamodb:GetItem" is
// "dynamodb:GetItem"). Two wildcards of one service that may meet keep
// the allowed one: the analysis errs wide.
func intersectActions(allowed, patterns []string) []string {
	var out []string
	add := func(a string) {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	for _, a := range allowed {
		for _, p := range patterns {
			switch {
			case iam.Covers(p, a):
				add(a)
			case iam.Covers(a, p):
				add(p)
			case iam.Overlaps(a, p):
				add(a)
			}
		}
	}
	return out
}

// denied reports whether one of a deny's actions covers the action.
func denied(denies []string, action string) bool {
	return slices.ContainsFunc(denies, func(d string) bool { return iam.Covers(d, action) })
}

// covers reports whether a statement on res applies to el, reached through
// through (or nil): res is AnyResource(), el itself or what it is reached
// through, the component that stores an asset or is a secret's store, or a
// zone around any of them.
func covers(res, el, through Element) bool {
	if isNil(res) || isNil(el) {
		return false
	}
	if res == wildcard || res == el || !isNil(through) && res == through {
		return true
	}
	if el == wildcard {
		return false
	}
	var places []*Component
	switch v := el.(type) {
	case *Component:
		places = []*Component{v}
	case *Asset:
		if c, ok := through.(*Component); ok && c != nil {
			places = []*Component{c}
		} else {
			places = v.StoredIn()
		}
	case *Secret:
		if v.StoredIn() != nil {
			places = []*Component{v.StoredIn()}
		}
	case *Zone:
		z, ok := res.(*Zone)
		return ok && z != nil && v.Within(z)
	}
	for _, c := range places {
		if res == Element(c) {
			return true
		}
		if z, ok := res.(*Zone); ok && z != nil && c.Zone() != nil && c.Zone().Within(z) {
			return true
		}
	}
	return false
}

// describe returns the words that say which service an element belongs
// to: its name and technology, and those of the component it is reached
// through or stored in; a role is an identity of IAM.
func describe(el, through Element) string {
	var b strings.Builder
	b.WriteString(el.Name())
	comp := func(c *Component) {
		if c != nil {
			b.WriteString(" " + c.Name() + " " + c.Technology())
		}
	}
	switch v := el.(type) {
	case *Component:
		comp(v)
	case *Asset:
		if c, ok := through.(*Component); ok {
			comp(c)
		} else {
			for _, c := range v.StoredIn() {
				comp(c)
			}
		}
	case *Secret:
		b.WriteString(" " + v.Storage().String())
		comp(v.StoredIn())
	case *Role:
		b.WriteString(" iam sts role serviceaccount")
	}
	return b.String()
}
