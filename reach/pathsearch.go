package reach

import (
	"cmp"
	"slices"
	"sync"

	"github.com/threatwright/threatwright/internal/graph"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// This file holds the search for the likeliest attack paths in the attack
// graph and their extraction.

// extractPaths searches the graph for the k likeliest paths from each kind
// of attacker to each asset and returns them, the most critical and most
// valuable asset first; each asset's paths from outside come first, then an
// insider's, then the supply chain's, each kind ranked by cost, then by
// length. The three searches run side by side: each reads the graph and
// writes only its own result.
func (g *attackGraph) extractPaths() []AttackPath {
	var found [nAttackers]*graph.Paths
	dg := g.b.Build()
	s := g.searchBounds()
	var wg sync.WaitGroup
	for k := 1; k < nAttackers; k++ {
		wg.Go(func() { found[k] = dg.KShortest(g.source(k), s) })
	}
	found[0] = dg.KShortest(g.source(0), s)
	wg.Wait()
	assets := slices.Clone(g.a.x.assets)
	slices.SortStableFunc(assets, func(p, q *tm.Asset) int {
		return cmp.Or(-cmp.Compare(p.Criticality(), q.Criticality()), -cmp.Compare(p.Value(), q.Value()))
	})
	type hit struct {
		k, l, hops int32
		cost       int64
	}
	// Gather every asset's hits first: the paths and all their steps then
	// take one allocation each.
	// Each search keeps at most K paths per node; room for the default's.
	hits := make([]hit, 0, len(assets)*nAttackers*min(g.a.cfg.k, 3))
	at := make([]int, len(assets)+1) // assets[i]'s hits are hits[at[i]:at[i+1]]
	nSteps := 0
	for i, as := range assets {
		for k, f := range found {
			for _, l := range f.At(g.assetNode(as)) {
				hits = append(hits, hit{int32(k), l, int32(f.Hops(l)), f.Cost(l)})
				nSteps += f.Hops(l)
			}
		}
		at[i+1] = len(hits)
	}
	out := make([]AttackPath, 0, len(hits))
	steps := make([]Step, 0, nSteps)
	for i, as := range assets {
		hs := hits[at[i]:at[i+1]]
		slices.SortStableFunc(hs, func(p, q hit) int {
			return cmp.Or(cmp.Compare(p.k, q.k), cmp.Compare(p.cost, q.cost), cmp.Compare(p.hops, q.hops))
		})
		for r, h := range hs {
			var p AttackPath
			p, steps = g.path(as, r+1, found[h.k], h.l, steps)
			out = append(out, p)
		}
	}
	return out
}

// searchBounds bounds the k-shortest-paths search. A path comes back to no
// component: a component's two nodes share a class, with "reaches its
// input" ranked below "controls it", so a path may go on from reaching a
// component's input to controlling it, never back; a person's insider node
// shares the person's class.
func (g *attackGraph) searchBounds() graph.Search {
	x := g.a.x
	class := make([]int32, g.n)
	rank := make([]uint8, g.n)
	for i := range class {
		class[i] = -1
	}
	for ci := range x.comps {
		r := x.rank[ci]
		class[g.reachNode(ci)], rank[g.reachNode(ci)] = r, 1
		class[g.ownNode(ci)], rank[g.ownNode(ci)] = r, 2
	}
	for k, ci := range g.insiders {
		class[g.insiderNode(k)], rank[g.insiderNode(k)] = x.rank[ci], 2
	}
	return graph.Search{K: g.a.cfg.k, MaxHops: maxSteps, Class: class, Rank: rank}
}

// path turns search path l to asset as into an attack path of the given
// rank: its steps, its likelihood (that of its least likely step) and where
// the attacker starts. The steps are appended to buf, which is returned;
// the path's Steps are the part of it they take, capped there.
func (g *attackGraph) path(as *tm.Asset, rank int, found *graph.Paths, l int32, buf []Step) (AttackPath, []Step) {
	p := AttackPath{Asset: as, Rank: rank, Cost: int(found.Cost(l))}
	start := len(buf)
	for _, id := range found.Edges(l) {
		s := g.steps.at(id)
		if p.Likelihood == 0 || s.Likelihood < p.Likelihood {
			p.Likelihood = s.Likelihood
		}
		buf = append(buf, s)
	}
	p.Steps = buf[start:len(buf):len(buf)]
	if len(p.Steps) > 0 && p.Steps[0].Kind == StepStart {
		p.Source, _ = p.Steps[0].To.(*tm.Component)
	}
	return p, buf
}
