package app

import (
	"errors"
	"testing"
)

// TestAuthorizeKeepsTenantsApart: the tenant authorization check the
// threat model cites for the API service (Authorization).
func TestAuthorizeKeepsTenantsApart(t *testing.T) {
	doc := Document{Tenant: "t1", ID: "contract-7"}
	cases := []struct {
		p    Principal
		a    Action
		want error
	}{
		{Principal{"t1", Viewer}, Read, nil},
		{Principal{"t1", Viewer}, Write, ErrForbidden},
		{Principal{"t1", Editor}, Write, nil},
		{Principal{"t1", Editor}, Delete, ErrForbidden},
		{Principal{"t1", Admin}, Delete, nil},
		{Principal{"t2", Admin}, Read, ErrForbidden}, // another tenant's admin
		{Principal{"", Admin}, Read, ErrForbidden},   // no tenant claim
		{Principal{"t1", Admin}, 0, ErrForbidden},    // unknown action
	}
	for _, c := range cases {
		if got := Authorize(c.p, c.a, doc); !errors.Is(got, c.want) || (c.want == nil) != (got == nil) {
			t.Errorf("Authorize(%+v, %d, %+v) = %v, want %v", c.p, c.a, doc, got, c.want)
		}
	}
}
