package threatmodel

import (
	"slices"
	"strconv"
	"strings"
)

// A trust policy says who may assume a role: the service principals that
// run compute as it ("lambda.amazonaws.com", "ecs-tasks.amazonaws.com") and
// the roles that may assume it. A role that declares none is taken to trust
// every service and every role that holds a permission to assume it: the
// analysis then errs wide. A role that declares one is assumed only by what
// it names: an sts:AssumeRole statement on it from another role leads
// nowhere, and a technique that passes it to a new resource needs it to
// trust that resource's service.

// TrustsServices states the service principals the role's trust policy
// lets assume it, as the platform writes them ("lambda.amazonaws.com"),
// and the federated identity providers it trusts
// ("token.actions.githubusercontent.com"). It declares the role's trust
// policy, even with no services.
func TrustsServices(services ...string) RoleOption {
	return roleFunc(func(r *Role) {
		r.trustDeclared = true
		for _, s := range services {
			if blank(s) {
				r.m.record(CodeEmptyName, r.Path()+".trust.services", r.at, r, "the trust policy names an empty service")
				continue
			}
			s = strings.ToLower(strings.TrimSpace(s))
			if !slices.Contains(r.trustServices, s) {
				r.trustServices = append(r.trustServices, s)
			}
		}
	})
}

// Trusts adds roles to this role's trust policy: each may assume it, as a
// trust policy naming a role's ARN lets it in the same account without a
// permission of its own. It declares the role's trust policy.
func (r *Role) Trusts(others ...*Role) {
	at := r.pin(caller(1))
	if r == nil {
		for _, o := range others {
			if o != nil {
				o.m.record(CodeNilReference, o.Path()+".trustedBy", at, o, "Trusts was called on a nil role")
			}
		}
		return
	}
	r.trustDeclared = true
	for _, o := range others {
		if r.m.owns(o, r, ".trust.roles", at, "role") && !slices.Contains(r.trustRoles, o) {
			r.trustRoles = append(r.trustRoles, o)
		}
	}
}

// DeclaresTrust reports whether the role states a trust policy
// (TrustsServices or Trusts).
func (r *Role) DeclaresTrust() bool { return r != nil && r.trustDeclared }

// TrustedServices returns the services the role's trust policy names, in
// lower case, in declaration order.
func (r *Role) TrustedServices() []string { return clone(r.trustServices) }

// TrustedRoles returns the roles the role's trust policy names, in
// declaration order.
func (r *Role) TrustedRoles() []*Role { return clone(r.trustRoles) }

// TrustsService reports whether the service may assume the role: the
// role declares no trust policy, or its policy names the service (case
// does not matter).
func (r *Role) TrustsService(service string) bool {
	if r == nil {
		return false
	}
	return !r.trustDeclared || slices.Contains(r.trustServices, strings.ToLower(strings.TrimSpace(service)))
}

// TrustsRole reports whether the other role may assume this one as far as
// this role's trust policy goes: it declares none, or it names the other.
func (r *Role) TrustsRole(other *Role) bool {
	if r == nil {
		return false
	}
	return !r.trustDeclared || slices.Contains(r.trustRoles, other)
}

// RunBy states the service that runs the component and assumes its roles
// ("lambda.amazonaws.com" for a Lambda function, "ecs-tasks.amazonaws.com"
// for an ECS task): a role the component runs as must trust it.
func RunBy(service string) ComponentOption {
	return componentFunc(func(c *Component) {
		if blank(service) {
			c.m.record(CodeEmptyName, c.Path()+".runBy", c.at, c, "RunBy names an empty service")
			return
		}
		c.runBy = strings.ToLower(strings.TrimSpace(service))
	})
}

// RunBy returns the service that runs the component, in lower case, or ""
// when the model does not say.
func (c *Component) RunBy() string { return c.runBy }

// Allow adds a statement to the component's resource policy (a bucket,
// key or queue policy): it grants the role the actions on the component.
// The role then holds them as if its own policy did, within its permission
// boundary and guardrails and less its denies (Role.Effective); the
// statement is the role's ResourceGrants, not its Permissions.
func (c *Component) Allow(principal *Role, actions ...string) *Permission {
	return c.grant(Allow, principal, actions, c.pin(caller(1)))
}

// Deny adds a deny to the component's resource policy: the role may not
// perform the actions on the component, whatever grants them.
func (c *Component) Deny(principal *Role, actions ...string) *Permission {
	return c.grant(Deny, principal, actions, c.pin(caller(1)))
}

func (c *Component) grant(e Effect, principal *Role, actions []string, at site) *Permission {
	var m *Model
	if c != nil {
		m = c.m
	}
	p := newElement[Permission](m)
	*p = Permission{role: principal, effect: e, actions: clone(actions), resource: c, policyOf: c, at: at}
	if c == nil {
		p.access = accessOf(actions)
		if principal != nil {
			principal.m.record(CodeNilReference, principal.Path()+".resourceGrants", at, principal,
				e.String()+" was called on a nil component's resource policy")
		}
		p.resource = nil
		return p
	}
	p.access = c.m.accessOf(actions)
	field := ".policy[" + strconv.Itoa(len(c.rare().policy)) + "]"
	p.path = pathWith(collComponents, c.name, ".policy", len(c.rare().policy))
	if !c.m.owns(principal, c, field+".principal", at, "role") {
		p.role = nil
	}
	c.m.checkStatement(p, c, ".policy", len(c.rare().policy))
	c.rareSet().policy = append(c.rare().policy, p)
	if p.role != nil {
		p.role.resourceGrants = append(p.role.resourceGrants, p)
	}
	return p
}

// Policy returns the statements of the component's resource policy, in
// declaration order.
func (c *Component) Policy() []*Permission { return clone(c.rare().policy) }

// ResourceGrants returns the resource-policy statements that name the
// role, in declaration order.
func (r *Role) ResourceGrants() []*Permission { return clone(r.resourceGrants) }

// PolicyOf returns the component whose resource policy holds the
// statement; nil for a role's or a guardrail's statement.
func (p *Permission) PolicyOf() *Component { return p.policyOf }

// trust records each declaration the roles'
// trust policies contradict: a role that may assume another (CanAssume)
// that does not trust it, and a component run by a service (RunBy) as a
// role that does not trust that service.
func (v *validator) trust() {
	for _, r := range v.m.roles {
		for _, o := range r.canAssume {
			if !o.TrustsRole(r) {
				f := &Finding{Code: CodeUntrusted, Severity: CodeUntrusted.Severity(), Path: r.Path() + ".canAssume",
					Message: r.Path() + " may assume " + o.Path() + " (CanAssume), but " + o.Path() +
						"'s trust policy does not name it: add it with Trusts, or drop the assumption",
					Subject: r, at: r.at, Related: []Location{{o.Path() + ".trust", o.at.pos()}}}
				v.out = append(v.out, f)
			}
		}
	}
	for _, c := range v.m.components {
		if c.runBy == "" {
			continue
		}
		for _, r := range c.runsAs {
			if !r.TrustsService(c.runBy) {
				f := &Finding{Code: CodeUntrusted, Severity: CodeUntrusted.Severity(), Path: c.Path() + ".runsAs",
					Message: c.Path() + " is run by " + c.runBy + " as " + r.Path() + ", but the role's trust policy does not name " +
						c.runBy + ": add it with TrustsServices, or run the component as another role",
					Subject: c, at: c.at, Related: []Location{{r.Path() + ".trust", r.at.pos()}}}
				v.out = append(v.out, f)
			}
		}
	}
}
