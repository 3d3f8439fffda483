package threatmodel

import (
	"slices"
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/internal/iam"
)

// Role is an identity with permissions: an IAM role, a service account, a
// database user. Components run as roles; roles may assume other roles.
type Role struct {
	node
	permissions []*Permission
	boundary    *Guardrail
	mitigation  string
	assumedBy   []*Component
	canAssume   []*Role
	assumableBy []*Role

	trustDeclared  bool
	trustServices  []string
	trustRoles     []*Role
	resourceGrants []*Permission // statements of resource policies that name the role
}

// Effect says whether a permission allows or denies.
type Effect uint8

// Effects.
const (
	Allow Effect = iota + 1
	Deny
)

var effectNames = enumNames{"Effect", []string{"unstated", "Allow", "Deny"}, []string{"", "allow", "deny"}}

// String returns the Effect's display name, or Effect(N) for a value out of range.
func (e Effect) String() string { return effectNames.str(uint8(e)) }

// MarshalText returns the Effect's text token; the zero value, "unstated", is the empty token.
func (e Effect) MarshalText() ([]byte, error) { return effectNames.marshal(uint8(e)) }

// UnmarshalText sets the Effect from a token written by MarshalText.
func (e *Effect) UnmarshalText(b []byte) error {
	v, err := effectNames.unmarshal(b)
	if err != nil {
		return err
	}
	*e = Effect(v)
	return nil
}

// Access is a set of access levels a permission grants.
type Access uint8

// Access levels. They are the bits of the shared action vocabulary
// (ActionAccess).
const (
	Read   Access = 1 << iota // reads data or configuration
	Write                     // creates or changes
	Delete                    // deletes or destroys
	Admin                     // administers: changes who may do what, or acts as another principal
	// Pass hands a role to a service that then runs as it (iam:PassRole).
	// It changes nothing by itself: it is an escalation only together with
	// an action that makes a service run as the passed role
	// (lambda:CreateFunction, ec2:RunInstances).
	Pass
)

// String returns the levels joined with "/", for example "read/write".
func (a Access) String() string {
	if a == 0 {
		return "none"
	}
	var parts []string
	for _, p := range []struct {
		a Access
		s string
	}{{Read, "read"}, {Write, "write"}, {Delete, "delete"}, {Admin, "admin"}, {Pass, "pass"}} {
		if a&p.a != 0 {
			parts = append(parts, p.s)
		}
	}
	return strings.Join(parts, "/")
}

// Permission is one statement of a role's policy: an effect, actions, and
// the resource they apply to.
type Permission struct {
	role     *Role
	guard    *Guardrail
	effect   Effect
	access   Access // of actions, worked out once: the analyses ask it often
	actions  []string
	resource Element
	policyOf *Component // the component whose resource policy holds the statement
	path     string     // where the statement is, for a resource policy's
	at       site
}

// Role declares an identity with permissions.
func (m *Model) Role(name string, opts ...RoleOption) *Role {
	r := newElement[Role](m)
	*r = Role{node: node{m: m, name: name, at: m.pinned(caller(1))}}
	if m == nil {
		return r
	}
	m.declare(collRoles, r, r.at, len(m.roles))
	for _, o := range opts {
		if o == nil {
			m.record(CodeNilReference, r.Path(), r.at, r, "nil option")
			continue
		}
		o.applyRole(r)
	}
	m.roles = append(m.roles, r)
	return r
}

// Path returns roles["name"].
func (r *Role) Path() string { return pathOf(collRoles, r.name) }

// Allow grants actions on a resource: a component, an asset, a secret, a
// role (to assume or pass it), a zone (everything in it) or AnyResource().
// Any other element (a flow, a threat, …) is recorded as CodeInvalidValue.
// Actions are written as the platform writes them ("dynamodb:GetItem",
// "s3:*", "*").
func (r *Role) Allow(resource Element, actions ...string) *Permission {
	return r.permit(Allow, resource, actions, r.pin(caller(1)))
}

// Deny denies actions on a resource; a deny wins over any allow.
func (r *Role) Deny(resource Element, actions ...string) *Permission {
	return r.permit(Deny, resource, actions, r.pin(caller(1)))
}

func (r *Role) permit(e Effect, resource Element, actions []string, at site) *Permission {
	var m *Model
	if r != nil {
		m = r.m
	}
	p := newElement[Permission](m)
	*p = Permission{role: r, effect: e, actions: clone(actions), resource: resource, at: at}
	if r == nil {
		p.access = accessOf(actions)
		// No model to record on but the resource's, if it has one.
		if !isNil(resource) {
			resource.base().m.record(CodeNilReference, "roles[?].permissions", at, resource,
				e.String()+" was called on a nil role for "+resource.Path())
		}
		return p
	}
	p.access = r.m.accessOf(actions)
	p.path = pathWith(collRoles, r.name, ".permissions", len(r.permissions))
	r.m.checkStatement(p, r, ".permissions", len(r.permissions))
	r.permissions = append(r.permissions, p)
	return p
}

// checkStatement records what is wrong with a new allow or deny statement
// of subject (a role, a guardrail or a component's resource policy), the
// i-th of its list (".permissions"): a resource of another model or one a
// permission cannot apply to, no actions, an empty action.
func (m *Model) checkStatement(p *Permission, subject Element, list string, i int) {
	resource := p.resource
	_, wild := resource.(*anyResource)
	ok := !isNil(resource) && isResource(resource) && (wild || resource.base().m == m)
	if !ok || len(p.actions) == 0 || slices.ContainsFunc(p.actions, blank) {
		m.badStatement(p, subject, list+"["+strconv.Itoa(i)+"]")
	}
}

// badStatement is checkStatement for a statement with something wrong, at
// field.
func (m *Model) badStatement(p *Permission, subject Element, field string) {
	at, resource := p.at, p.resource
	if !m.owns(resource, subject, field+".resource", at, "resource") {
		p.resource = nil
	} else if !isResource(resource) {
		m.record(CodeInvalidValue, subject.Path()+field+".resource", at, subject,
			"a permission applies to a component, an asset, a secret, a role, a zone or AnyResource(), not "+resource.Path())
		p.resource = nil
	}
	if len(p.actions) == 0 {
		m.record(CodeEmptyName, subject.Path()+field+".actions", at, subject, "the permission lists no actions")
	}
	for _, a := range p.actions {
		if strings.TrimSpace(a) == "" {
			m.record(CodeEmptyName, subject.Path()+field+".actions", at, subject, "the permission has an empty action")
			break
		}
	}
}

// isResource reports whether a permission or a secret can open el: the
// elements the reach analysis can follow.
func isResource(el Element) bool {
	switch el.(type) {
	case *Component, *Asset, *Secret, *Role, *Zone, *anyResource:
		return true
	}
	return false
}

// CanAssume records that this role may assume the other role (sts:AssumeRole,
// impersonation): whoever holds this role can act with the other's
// permissions.
func (r *Role) CanAssume(others ...*Role) {
	at := r.pin(caller(1))
	if r == nil {
		for _, o := range others {
			if o != nil {
				o.m.record(CodeNilReference, o.Path()+".assumableBy", at, o, "CanAssume was called on a nil role")
			}
		}
		return
	}
	for _, o := range others {
		if r.m.owns(o, r, ".canAssume", at, "role") {
			r.canAssume = append(r.canAssume, o)
			o.assumableBy = append(o.assumableBy, r)
		}
	}
}

// Permissions returns the role's permissions in declaration order.
func (r *Role) Permissions() []*Permission { return clone(r.permissions) }

// PermissionBoundary returns the role's permission boundary, or nil.
func (r *Role) PermissionBoundary() *Guardrail { return r.boundary }

// Mitigation returns what limits the role's blast radius, as written.
func (r *Role) Mitigation() string { return r.mitigation }

// AssumedBy returns the components that run as the role.
func (r *Role) AssumedBy() []*Component { return clone(r.assumedBy) }

// Assumes returns the roles this role may assume.
func (r *Role) Assumes() []*Role { return clone(r.canAssume) }

// AssumableBy returns the roles that may assume this one.
func (r *Role) AssumableBy() []*Role { return clone(r.assumableBy) }

// Role returns the role the permission belongs to; nil for a statement of
// a guardrail.
func (p *Permission) Role() *Role { return p.role }

// Guardrail returns the guardrail the statement belongs to; nil for a
// role's permission.
func (p *Permission) Guardrail() *Guardrail { return p.guard }

// Effect returns Allow or Deny.
func (p *Permission) Effect() Effect { return p.effect }

// Actions returns the actions as written.
func (p *Permission) Actions() []string { return clone(p.actions) }

// Resource returns the resource, AnyResource() for "*", or nil when the
// declaration was invalid.
func (p *Permission) Resource() Element { return p.resource }

// Path returns where the statement sits in the model:
// roles["name"].permissions[i] for a role's, components["name"].policy[i]
// for a resource policy's, guardrails["name"].statements[i] for a
// guardrail's; "" for one built outside the model (Role.Granted).
func (p *Permission) Path() string { return p.path }

// Pos returns where the permission was declared.
func (p *Permission) Pos() Pos { return p.at.pos() }

// Wildcard reports whether the permission uses a wildcard action ("*",
// "s3:*", "dynamodb:Get*") or the wildcard resource.
func (p *Permission) Wildcard() bool {
	if p.resource == wildcard {
		return true
	}
	for _, a := range p.actions {
		if strings.Contains(a, "*") {
			return true
		}
	}
	return false
}

// Access classifies the permission's actions into read, write, delete,
// admin and pass (see ActionAccess), and returns the union.
func (p *Permission) Access() Access { return p.access }

// accessOf is the union of the actions' access levels.
func accessOf(actions []string) Access {
	var acc Access
	for _, a := range actions {
		acc |= ActionAccess(a)
	}
	return acc
}

// accessOf is accessOf with each action's access looked up once in the
// model: a model repeats the same few actions in statement after statement.
func (m *Model) accessOf(actions []string) Access {
	if m == nil {
		return accessOf(actions)
	}
	var acc Access
	for _, a := range actions {
		x, ok := m.access[a]
		if !ok {
			x = ActionAccess(a)
			if m.access == nil {
				m.access = make(map[string]Access)
			}
			m.access[a] = x
		}
		acc |= x
	}
	return acc
}

// ActionAccess classifies one action, as platforms write it (AWS
// "dynamodb:GetItem", Kubernetes "pods:get" or "pods/exec:create", Google
// Cloud "storage.objects.get", Azure "Microsoft.Web/sites/write", a bare
// SQL privilege "SELECT"), case-insensitively:
//
//   - "*", "*:*", a service-wide wildcard ("s3:*") or a verb starting with
//     '*' ("dynamodb:*Item") is read, write, delete and admin, and pass
//     where it covers iam:PassRole ("*", "iam:*");
//   - iam:PassRole is Pass, and only Pass: it hands a role to a service;
//   - acting as another principal (sts:AssumeRole*, Kubernetes
//     impersonate, Google Cloud service-account tokens) and changing who
//     may do what (IAM writes, policy writes in any service, Attach*,
//     grants, Kubernetes RBAC writes, escalate, bind) is admin, and only
//     admin;
//   - reads of IAM (iam:GetRole), of policies (s3:GetBucketPolicy) and
//     Get, List, Watch, Describe, Query, Scan, Read, Select, Head,
//     BatchGet, View, Download, Decrypt, Receive, Subscribe and Consume
//     are read;
//   - Put, Create, Update, Write, Post, Insert, Send, Publish, Invoke,
//     BatchWrite, Upload, Encrypt, Modify, Set, Tag, Restore, Import,
//     Start, Run, Execute and Patch are write;
//   - Delete, Remove, Terminate, Purge, Drop, Destroy and Truncate are
//     delete.
//
// A verb with a trailing wildcard ("Get*", "B*") counts as every verb it
// can match. A verb that is none of these counts as write, so the reach
// errs wide. The verb is the word after the service: the last word for
// Google Cloud and Azure.
func ActionAccess(action string) Access { return Access(iam.AccessOf(action)) }
