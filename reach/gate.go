package reach

import (
	"slices"
	"strconv"
	"strings"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// GateAnswers answers the template's three gate questions from the
// analysis, as values a test can assert on.
type GateAnswers struct {
	// Boundaries answers "What is the worst thing an adversary can do at
	// each trust boundary?": one answer per zone, by name.
	Boundaries []BoundaryAnswer
	// ExecutionRoles answers "If the execution role is compromised, what
	// is the blast radius?": the blast radius of every role a process runs
	// as, by name.
	ExecutionRoles []RoleReach
	// Infrastructure and Application answer "Does the infrastructure have
	// the same threat coverage as the application code?" for in-scope
	// processes and data stores, split by threatmodel.Infrastructure.
	Infrastructure Coverage
	Application    Coverage
}

// BoundaryAnswer is the worst an adversary can do at one trust boundary:
// the flows that cross it, those that cross it unprotected, and the most
// valuable asset an attack path reaches after entering it.
type BoundaryAnswer struct {
	Zone *tm.Zone
	// Crossings are the flows that cross the zone's boundary, either way,
	// by key.
	Crossings []*tm.Flow
	// Unauthenticated are the requests that enter the zone without
	// authenticating their sender.
	Unauthenticated []*tm.Flow
	// Unencrypted are the crossings sent in plaintext, over outdated TLS,
	// or without stated encryption.
	Unencrypted []*tm.Flow
	// Asset is the most critical and valuable asset an attack path
	// reaches after entering the zone, and Path the likeliest such path;
	// both nil when no attack path enters it.
	Asset *tm.Asset
	Path  *AttackPath
	// Worst says it in one sentence.
	Worst string
}

// Coverage counts how much of one kind of component the analysis covers.
type Coverage struct {
	// Components counts in-scope processes and data stores.
	Components int
	// WithControls counts those with at least one security control.
	WithControls int
	// WithIdentity counts those that run as a role or use a secret, whose
	// blast radius therefore rests on declared permissions.
	WithIdentity int
	// OnAttackPaths counts those that some attack path passes through.
	OnAttackPaths int
}

func (a *analyzer) gate(res *Result) GateAnswers {
	x := a.x
	var g GateAnswers

	zones := x.m.Zones()
	slices.SortStableFunc(zones, func(p, q *tm.Zone) int { return strings.Compare(p.Name(), q.Name()) })
	at := make(map[*tm.Zone]int, len(zones))
	g.Boundaries = make([]BoundaryAnswer, len(zones))
	for i, z := range zones {
		at[z] = i
		g.Boundaries[i].Zone = z
	}
	for _, f := range x.flows {
		c := f.Crossing()
		enc := f.Encryption()
		for _, z := range c.Boundaries() {
			i, ok := at[z]
			if !ok {
				continue
			}
			b := &g.Boundaries[i]
			b.Crossings = append(b.Crossings, f)
			if !enc.Encrypted() || enc.Weak() {
				b.Unencrypted = append(b.Unencrypted, f)
			}
			if f.ResponseTo() == nil && !Authenticated(f) && slices.Contains(c.Enters, z) {
				b.Unauthenticated = append(b.Unauthenticated, f)
			}
		}
	}
	for pi := range res.Paths {
		p := &res.Paths[pi]
		for _, s := range p.Steps {
			if s.Flow == nil {
				continue
			}
			for _, z := range s.Flow.Crossing().Enters {
				if i, ok := at[z]; ok && g.Boundaries[i].Path == nil {
					g.Boundaries[i].Path, g.Boundaries[i].Asset = p, p.Asset
				}
			}
		}
	}
	for i := range g.Boundaries {
		g.Boundaries[i].Worst = worst(&g.Boundaries[i])
	}

	for _, rr := range res.Roles {
		if slices.ContainsFunc(rr.Role.AssumedBy(), func(c *tm.Component) bool { return c.Kind() == tm.Process }) {
			g.ExecutionRoles = append(g.ExecutionRoles, rr)
		}
	}

	onPath := make(map[tm.Element]bool)
	for _, p := range res.Paths {
		for _, s := range p.Steps {
			if s.From != nil {
				onPath[s.From] = true
			}
			if s.To != nil {
				onPath[s.To] = true
			}
		}
	}
	for _, cr := range res.Components {
		c := cr.Component
		if c.Kind() == tm.ExternalEntity || !c.InScope() {
			continue
		}
		cov := &g.Application
		if c.Infrastructure() {
			cov = &g.Infrastructure
		}
		cov.Components++
		if len(c.Controls()) > 0 {
			cov.WithControls++
		}
		if len(c.Roles()) > 0 || len(cr.Secrets) > 0 {
			cov.WithIdentity++
		}
		if onPath[c] {
			cov.OnAttackPaths++
		}
	}
	return g
}

// worst phrases a boundary answer in one sentence.
func worst(b *BoundaryAnswer) string {
	if p := b.Path; p != nil {
		var how string
		for _, s := range p.Steps {
			if s.Flow != nil && slices.Contains(s.Flow.Crossing().Enters, b.Zone) {
				how = " over \"" + s.Flow.Key() + "\" (" + s.Weakness.String() + ")"
				break
			}
		}
		return "An attacker entering" + how + " reaches " + p.Asset.Name() + " (" + p.Asset.Value().String() +
			" value, " + p.Asset.Criticality().String() + ") in " + count(len(p.Steps), "step", "steps") +
			", likelihood " + p.Likelihood.String() + "."
	}
	switch {
	case len(b.Unauthenticated) > 0:
		return "No attack path enters it, but " + count(len(b.Unauthenticated), "request", "requests") +
			" without authentication, first \"" + b.Unauthenticated[0].Key() + "\"."
	case len(b.Crossings) > 0:
		return "No attack path enters it; " + count(len(b.Crossings), "flow crosses", "flows cross") + " it."
	}
	return "No flow crosses it."
}

// count writes n with the singular or plural words that follow it.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
