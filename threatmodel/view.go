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
	view.AssumedBy = func(r *Role) []*Component { return r.assumedBy[:len(r.assumedBy):len(r.assumedBy)] }
	view.Actions = func(p *Permission) []string { return p.actions[:len(p.actions):len(p.actions)] }
	view.StoredIn = func(a *Asset) []*Component { return a.storedIn[:len(a.storedIn):len(a.storedIn)] }
	view.SecretUsedBy = func(s *Secret) []*Component { return s.usedBy[:len(s.usedBy):len(s.usedBy)] }
	view.DependencyUsedBy = func(d *Dependency) []*Component { return d.usedBy[:len(d.usedBy):len(d.usedBy)] }
}
