package threatmodel

import "github.com/threatwright/threatwright/internal/view"

// The module's analysis packages read these slices without a copy (see
// package internal/view); each is clipped, so that an append copies it.
func init() {
	view.Carries = func(f *Flow) []*Asset { return f.carries[:len(f.carries):len(f.carries)] }
	view.Responses = func(f *Flow) []*Flow { return f.responses[:len(f.responses):len(f.responses)] }
	view.Outgoing = func(c *Component) []*Flow { return c.out[:len(c.out):len(c.out)] }
	view.Incoming = func(c *Component) []*Flow { return c.in[:len(c.in):len(c.in)] }
	view.Stores = func(c *Component) []*Asset { return c.stores[:len(c.stores):len(c.stores)] }
	view.Roles = func(c *Component) []*Role { return c.runsAs[:len(c.runsAs):len(c.runsAs)] }
	view.Permissions = func(r *Role) []*Permission { return r.permissions[:len(r.permissions):len(r.permissions)] }
}
