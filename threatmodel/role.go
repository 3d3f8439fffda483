package threatmodel

import (
	"strconv"
	"strings"
)

// Role is an identity with permissions: an IAM role, a service account, a
// database user. Components run as roles; roles may assume other roles.
type Role struct {
	node
	permissions []*Permission
	boundary    string
	mitigation  string
	assumedBy   []*Component
	canAssume   []*Role
	assumableBy []*Role
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

// Access levels.
const (
	Read Access = 1 << iota
	Write
	Delete
	Admin
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
	}{{Read, "read"}, {Write, "write"}, {Delete, "delete"}, {Admin, "admin"}} {
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
	effect   Effect
	actions  []string
	resource Element
	at       site
}

// Role declares an identity with permissions.
func (m *Model) Role(name string, opts ...RoleOption) *Role {
	r := &Role{node: node{m: m, name: name, at: caller(1)}}
	if m == nil {
		return r
	}
	m.declare(collRoles, r, r.at)
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
	return r.permit(Allow, resource, actions, caller(1))
}

// Deny denies actions on a resource; a deny wins over any allow.
func (r *Role) Deny(resource Element, actions ...string) *Permission {
	return r.permit(Deny, resource, actions, caller(1))
}

func (r *Role) permit(e Effect, resource Element, actions []string, at site) *Permission {
	p := &Permission{role: r, effect: e, actions: clone(actions), resource: resource, at: at}
	if r == nil {
		// No model to record on but the resource's, if it has one.
		if !isNil(resource) {
			resource.base().m.record(CodeNilReference, "roles[?].permissions", at, resource,
				e.String()+" was called on a nil role for "+resource.Path())
		}
		return p
	}
	field := ".permissions[" + strconv.Itoa(len(r.permissions)) + "]"
	if !r.m.owns(resource, r, field+".resource", at, "resource") {
		p.resource = nil
	} else if !isResource(resource) {
		r.m.record(CodeInvalidValue, r.Path()+field+".resource", at, r,
			"a permission applies to a component, an asset, a secret, a role, a zone or AnyResource(), not "+resource.Path())
		p.resource = nil
	}
	if len(actions) == 0 {
		r.m.record(CodeEmptyName, r.Path()+field+".actions", at, r, "the permission lists no actions")
	}
	for _, a := range actions {
		if strings.TrimSpace(a) == "" {
			r.m.record(CodeEmptyName, r.Path()+field+".actions", at, r, "the permission has an empty action")
			break
		}
	}
	r.permissions = append(r.permissions, p)
	return p
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
	at := caller(1)
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

// PermissionBoundary returns the role's permission boundary, or "".
func (r *Role) PermissionBoundary() string { return r.boundary }

// Mitigation returns what limits the role's blast radius, as written.
func (r *Role) Mitigation() string { return r.mitigation }

// AssumedBy returns the components that run as the role.
func (r *Role) AssumedBy() []*Component { return clone(r.assumedBy) }

// Assumes returns the roles this role may assume.
func (r *Role) Assumes() []*Role { return clone(r.canAssume) }

// AssumableBy returns the roles that may assume this one.
func (r *Role) AssumableBy() []*Role { return clone(r.assumableBy) }

// Role returns the role the permission belongs to.
func (p *Permission) Role() *Role { return p.role }

// Effect returns Allow or Deny.
func (p *Permission) Effect() Effect { return p.effect }

// Actions returns the actions as written.
func (p *Permission) Actions() []string { return clone(p.actions) }

// Resource returns the resource, AnyResource() for "*", or nil when the
// declaration was invalid.
func (p *Permission) Resource() Element { return p.resource }

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

// Access classifies the permission's actions into read, write, delete and
// admin by the verb after the service prefix, the way cloud providers name
// them (see ActionAccess), and returns the union.
func (p *Permission) Access() Access {
	var acc Access
	for _, a := range p.actions {
		acc |= ActionAccess(a)
	}
	return acc
}

// ActionAccess classifies one action by the verb after the service prefix,
// case-insensitively:
//
//   - an empty or wildcard verb ("*", "s3:*", "dynamodb:*Item") is read,
//     write, delete and admin;
//   - any other action of the iam service, sts:Assume*, and any action that
//     passes a role, touches a policy, or attaches or grants (Attach*,
//     Grant*) is admin, and only admin;
//   - Get, List, Watch, Describe, Query, Scan, Read, Select, Head, BatchGet,
//     View, Download, Decrypt, Receive, Subscribe and Consume are read;
//   - Put, Create, Update, Write, Post, Insert, Send, Publish, Invoke,
//     BatchWrite, Upload, Encrypt, Modify, Set, Tag, Restore, Import, Start,
//     Run and Execute are write;
//   - Delete, Remove, Terminate, Purge, Drop, Destroy and Truncate are
//     delete.
//
// A verb with a trailing wildcard ("Get*", "B*") counts as every verb it
// can match. A verb that is none of these counts as write, so the reach
// errs wide.
func ActionAccess(action string) Access {
	action = strings.TrimSpace(action)
	service, verb, ok := strings.Cut(action, ":")
	if !ok {
		verb, service = action, ""
	}
	all := Read | Write | Delete | Admin
	if verb == "" || verb == "*" || strings.HasPrefix(verb, "*") {
		return all
	}
	lower := strings.ToLower(verb)
	svc := strings.ToLower(service)
	if svc == "iam" || svc == "sts" && strings.HasPrefix(lower, "assume") ||
		strings.Contains(lower, "passrole") || strings.Contains(lower, "policy") ||
		strings.HasPrefix(lower, "attach") || strings.HasPrefix(lower, "grant") {
		return Admin
	}
	var acc Access
	prefix := strings.TrimSuffix(lower, "*")
	wild := strings.HasSuffix(lower, "*")
	match := func(words ...string) bool {
		for _, w := range words {
			if strings.HasPrefix(prefix, w) || wild && strings.HasPrefix(w, prefix) {
				return true
			}
		}
		return false
	}
	if match("get", "list", "watch", "describe", "query", "scan", "read", "select", "head", "batchget", "view", "download", "decrypt", "receive", "subscribe", "consume") {
		acc |= Read
	}
	if match("put", "create", "update", "write", "post", "insert", "send", "publish", "invoke", "batchwrite", "upload", "encrypt", "modify", "set", "tag", "restore", "import", "start", "run", "execute") {
		acc |= Write
	}
	if match("delete", "remove", "terminate", "purge", "drop", "destroy", "truncate") {
		acc |= Delete
	}
	if acc == 0 {
		acc = Write
	}
	return acc
}
