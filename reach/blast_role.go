package reach

import (
	"slices"
	"strings"
	"sync"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// RoleReach is the blast radius of a role: what it can read, write, delete
// or administer through its own permissions and, transitively, through the
// roles it may assume, the secrets it may read and the processes it may
// take over.
type RoleReach struct {
	// Role is the role the blast radius is of.
	Role *tm.Role
	// Assumes are the other roles it can act as, transitively: through
	// CanAssume, an IAM or STS permission on a role, a secret it can read
	// that grants one, or a process it can take over that runs as one.
	// Sorted by name.
	Assumes []*tm.Role
	// Secrets are the secrets it can read or that a process it can take
	// over uses, transitively, by name.
	Secrets []*tm.Secret
	// TakesOver are the processes it can take over (see Entry.Takeover),
	// transitively, by name.
	TakesOver []*tm.Component
	BlastRadius
}

// SecretReach is what a leak of a secret grants: the roles it is a
// credential for, and the roles they lead to, and the resources it opens.
type SecretReach struct {
	// Secret is the secret that leaks.
	Secret *tm.Secret
	// Roles are every role the secret grants, transitively, by name.
	Roles []*tm.Role
	// TakesOver are the processes the secret opens or its roles can take
	// over (see Entry.Takeover), transitively, by name.
	TakesOver []*tm.Component
	BlastRadius
}

// lazyRoles computes the blast radius of a role when it is first asked
// for: each lists everything the role reaches through the roles it may
// assume, so all of them together grow with the square of a chain of
// assumptions, and the analysis itself needs none of them.
type lazyRoles struct {
	mu    sync.Mutex
	a     *analyzer
	homes [][]*tm.Zone // per role: the blast-radius boundaries it sits in
	done  []RoleReach  // per role, once computed (Role set)
}

// get returns the blast radius of role i, computing it once.
func (l *lazyRoles) get(i int) *RoleReach {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done[i].Role == nil {
		l.done[i] = l.a.roleReach(i, l.homes[i])
	}
	return &l.done[i]
}

// roleReach computes the blast radius of role i, sitting in the
// boundaries bounds.
func (a *analyzer) roleReach(i int, bounds []*tm.Zone) RoleReach {
	r := a.x.roles[i]
	order, _ := a.closure([]int32{int32(i)}, -1)
	es := a.merge(nil, order)
	assumes, secrets, procs := a.split(order, int32(i))
	return RoleReach{Role: r, Assumes: assumes, Secrets: secrets, TakesOver: procs, BlastRadius: a.blast(es, order, bounds)}
}

// roleHomes returns, per role, the blast-radius boundaries it sits in:
// those of the components that run as it or hold a secret that grants it,
// or else those of the roles that may assume it.
func (a *analyzer) roleHomes() [][]*tm.Zone {
	x := a.x
	grantedBy := make(map[*tm.Role][]*tm.Component)
	for _, s := range x.secrets {
		for _, r := range s.Grants() {
			grantedBy[r] = append(grantedBy[r], secretUsedBy(s)...)
			grantedBy[r] = append(grantedBy[r], s.StoredIn())
		}
	}
	home := make([][]*tm.Zone, len(x.roles))
	for i, r := range x.roles {
		home[i] = a.zonesOf(append(assumedBy(r), grantedBy[r]...)...)
	}
	out := make([][]*tm.Zone, len(x.roles))
	for i, r := range x.roles {
		bounds := home[i]
		if len(bounds) == 0 {
			// Only assumed by other roles: their boundaries.
			for _, o := range r.AssumableBy() {
				if id, ok := x.roleID[o]; ok {
					for _, z := range home[id] {
						if !slices.Contains(bounds, z) {
							bounds = append(bounds, z)
						}
					}
				}
			}
			slices.SortFunc(bounds, func(p, q *tm.Zone) int { return strings.Compare(p.Name(), q.Name()) })
		}
		out[i] = bounds
	}
	return out
}

// secretReaches computes what a leak of each secret grants.
func (a *analyzer) secretReaches() []SecretReach {
	x := a.x
	out := make([]SecretReach, len(x.secrets))
	for i, s := range x.secrets {
		p := int32(a.nRoles + i)
		order, _ := a.closure([]int32{p}, -1)
		es := a.merge(nil, order)
		roles, _, procs := a.split(order, p)
		bounds := a.zonesOf(append(secretUsedBy(s), s.StoredIn())...)
		out[i] = SecretReach{Secret: s, Roles: roles, TakesOver: procs, BlastRadius: a.blast(es, order, bounds)}
	}
	return out
}
