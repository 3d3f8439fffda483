package render

import (
	"errors"
	"fmt"

	"github.com/threatwright/threatwright/threatmodel"
)

// This file holds the choice of what a diagram draws (every component, or
// one zone and its peers) and what keeps many diagrams of one large model
// cheap: a snapshot of the model that they share, and a zone view that
// visits only the zones it draws.

// snapshot is what every diagram of a model reads from it: its elements
// and the zones' indexes. Document.Files shares one among the per-zone
// diagrams of a large model, so that each does not copy the whole model.
type snapshot struct {
	m       *threatmodel.Model
	comps   []*threatmodel.Component
	flows   []*threatmodel.Flow
	zones   []*threatmodel.Zone
	zoneIdx map[*threatmodel.Zone]int
}

func newSnapshot(m *threatmodel.Model) *snapshot {
	s := &snapshot{m: m, comps: m.Components(), flows: m.Flows(), zones: m.Zones()}
	s.zoneIdx = make(map[*threatmodel.Zone]int, len(s.zones))
	for i, z := range s.zones {
		if z != nil {
			s.zoneIdx[z] = i
		}
	}
	return s
}

// shared draws from a snapshot of the model taken once (see snapshot).
func shared(s *snapshot) Option { return optionFunc(func(c *config) { c.snapshot = s }) }

// liveZones returns, for a zone view, which zones hold a drawn component
// in them or in a nested zone, so that drawing one zone of a large model
// does not visit every other zone's components; nil for other views, which
// draw every zone.
func (b *builder) liveZones(nodes []*dgNode) []bool {
	if !b.cfg.zoneSet {
		return nil
	}
	live := make([]bool, len(b.zones))
	for i, c := range b.comps {
		if nodes[i] == nil {
			continue
		}
		for z := c.Zone(); z != nil; z = z.Parent() {
			j, ok := b.zoneIdx[z]
			if !ok || live[j] {
				break
			}
			live[j] = true
		}
	}
	return live
}

// selectView decides which components and flows are drawn.
func (b *builder) selectView() error {
	n := len(b.comps)
	b.compEm = make([]emphasis, n)
	b.hidden = make([]bool, n)
	b.flowShown = make([]bool, len(b.flows))
	if !b.cfg.zoneSet {
		b.visibleCount = n
		for i, f := range b.flows {
			b.flowShown[i] = b.ownComponent(f.Source()) && b.ownComponent(f.Destination())
		}
		return nil
	}
	z := b.cfg.zone
	if z == nil {
		return errors.New("render: OnlyZone: the zone is nil")
	}
	if _, ok := b.zoneIdx[z]; !ok {
		return fmt.Errorf("render: OnlyZone: zone %q is not in model %q", z.Name(), b.m.Name())
	}
	inside := make([]bool, n)
	for i, c := range b.comps {
		inside[i] = c.Zone() != nil && c.Zone().Within(z)
		b.hidden[i] = !inside[i]
	}
	for i, f := range b.flows {
		src, dst := f.Source(), f.Destination()
		if !b.ownComponent(src) || !b.ownComponent(dst) {
			continue
		}
		si, di := src.Index(), dst.Index()
		if !inside[si] && !inside[di] {
			continue
		}
		b.flowShown[i] = true
		for _, j := range [2]int{si, di} {
			if !inside[j] {
				b.hidden[j] = false
				b.compEm[j] = peer
			}
		}
	}
	for i := range b.comps {
		if !b.hidden[i] {
			b.visibleCount++
		}
	}
	return nil
}
