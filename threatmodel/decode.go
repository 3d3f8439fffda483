package threatmodel

import "sync"

// This file holds the hooks a decoder needs: a model read from a file (JSON,
// for example) records the file and line of each declaration instead of the
// decoder's own call sites, so that findings and SARIF results point at the
// file the user wrote.

// DeclaredAt returns a ModelOption that records p as the model's declaration
// site, and as that of every later declaration until DeclareAt changes it.
// It is meant for decoders; a model declared in Go needs no position.
// Positions are kept for the life of the process, once per distinct file
// and line.
func DeclaredAt(p Pos) ModelOption { return declaredAt(p) }

type declaredAt Pos

func (o declaredAt) applyModel(m *Model) {
	m.pin = internSite(Pos(o))
	if m.pin != 0 {
		m.at = m.pin
	}
}

// DeclareAt makes every declaration on m after the call, and every
// statement or relation added to its elements (permissions, RunsAs,
// AuditedIn, ThreatContext…), record p as its declaration site instead of
// the caller's file and line. The zero Pos restores the caller's site.
// Decoders call it before declaring each element they read.
func (m *Model) DeclareAt(p Pos) {
	if m != nil {
		m.pin = internSite(p)
	}
}

// pinned returns the model's pinned site if it has one, else s.
func (m *Model) pinned(s site) site {
	if m != nil && m.pin != 0 {
		return m.pin
	}
	return s
}

// pin returns the model's pinned site if it has one, else s (the site of
// the user's call to a method of c).
func (c *Component) pin(s site) site {
	if c == nil {
		return s
	}
	return c.m.pinned(s)
}

// pin is Component.pin for a role's methods.
func (r *Role) pin(s site) site {
	if r == nil {
		return s
	}
	return r.m.pinned(s)
}

// pin is Component.pin for a guardrail's methods.
func (g *Guardrail) pin(s site) site {
	if g == nil {
		return s
	}
	return g.m.pinned(s)
}

// pin is Component.pin for a zone's methods.
func (z *Zone) pin(s site) site {
	if z == nil {
		return s
	}
	return z.m.pinned(s)
}

// A synthetic site is an index into a process-wide table of positions, with
// the top bit set: program counters never have it set (user-space text
// addresses lie far below), so the two kinds of site cannot be confused.
// Positions are interned, so decoding the same file again adds nothing.
const syntheticBit = site(1) << (8*(4+4*(^uintptr(0)>>63)) - 1)

var synthetic struct {
	mu    sync.RWMutex
	index map[Pos]site
	pos   []Pos
}

// internSite returns the synthetic site of p, 0 for an invalid p.
func internSite(p Pos) site {
	if !p.IsValid() {
		return 0
	}
	synthetic.mu.Lock()
	defer synthetic.mu.Unlock()
	if s, ok := synthetic.index[p]; ok {
		return s
	}
	if synthetic.index == nil {
		synthetic.index = make(map[Pos]site)
	}
	s := syntheticBit | site(len(synthetic.pos))
	synthetic.pos = append(synthetic.pos, p)
	synthetic.index[p] = s
	return s
}

func syntheticPos(s site) Pos {
	i := int(s &^ syntheticBit)
	synthetic.mu.RLock()
	defer synthetic.mu.RUnlock()
	if i < len(synthetic.pos) {
		return synthetic.pos[i]
	}
	return Pos{}
}
