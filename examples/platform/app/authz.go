package app

import "errors"

// Role is a user's role within their tenant.
type Role uint8

// Roles.
const (
	Viewer Role = iota + 1 // reads the tenant's documents
	Editor                 // also uploads and changes them
	Admin                  // also deletes them and manages users
)

// Action is what a request does to a document.
type Action uint8

// Actions.
const (
	Read Action = iota + 1
	Write
	Delete
)

// Principal is the caller, from the verified access token: the tenant and
// the role are claims the identity provider signed, never request
// parameters.
type Principal struct {
	Tenant string
	Role   Role
}

// Document is the object a request names.
type Document struct {
	Tenant, ID string
}

// ErrForbidden is returned for every refused request, with no detail: the
// caller learns nothing about other tenants' documents.
var ErrForbidden = errors.New("forbidden")

// Authorize checks a request against the document it names: the document
// must belong to the caller's tenant, and the caller's role must allow the
// action. It is called on every request, after the object is loaded and
// before anything is returned or changed.
func Authorize(p Principal, a Action, d Document) error {
	if p.Tenant == "" || d.Tenant != p.Tenant {
		return ErrForbidden
	}
	need := map[Action]Role{Read: Viewer, Write: Editor, Delete: Admin}[a]
	if need == 0 || p.Role < need {
		return ErrForbidden
	}
	return nil
}
