package reach

import (
	"cmp"
	"slices"
	"sort"

	"github.com/threatwright/threatwright/internal/graph"
	"github.com/threatwright/threatwright/internal/par"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// This file holds the search for the likeliest attack paths in the attack
// graph and their extraction.

// extractPaths searches the graph for the k likeliest paths from each kind
// of attacker to each asset and returns them, the most critical and most
// valuable asset first; each asset's paths from outside come first, then an
// insider's, then the supply chain's, each kind ranked by cost, then by
// length. The three searches run side by side, and so do the two halves of
// the paths' building: each reads the graph and the searches' results and
// writes only its own part of the answer.
func (g *attackGraph) extractPaths() []AttackPath {
	var found [nAttackers]*graph.Paths
	dg := g.b.Build()
	s := g.searchBounds()
	var wg par.Group
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
	// Rank each asset's hits and place each path's steps; then build the
	// paths in two halves side by side, each writing its own part of out
	// and of steps.
	stepAt := make([]int, len(hits)+1) // hits[j]'s steps are steps[stepAt[j]:stepAt[j+1]]
	for i := range assets {
		hs := hits[at[i]:at[i+1]]
		slices.SortStableFunc(hs, func(p, q hit) int {
			return cmp.Or(cmp.Compare(p.k, q.k), cmp.Compare(p.cost, q.cost), cmp.Compare(p.hops, q.hops))
		})
		for j := at[i]; j < at[i+1]; j++ {
			stepAt[j+1] = stepAt[j] + int(hits[j].hops)
		}
	}
	out := make([]AttackPath, len(hits))
	steps := make([]Step, nSteps)
	build := func(from, to int) { // assets[from:to]
		for i := from; i < to; i++ {
			for j := at[i]; j < at[i+1]; j++ {
				h := hits[j]
				out[j] = g.path(assets[i], j-at[i]+1, found[h.k], h.l, steps[stepAt[j]:stepAt[j+1]:stepAt[j+1]])
			}
		}
	}
	half := sort.Search(len(assets), func(i int) bool { return 2*stepAt[at[i]] >= nSteps })
	wg.Go(func() { build(0, half) })
	build(half, len(assets))
	wg.Wait()
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
// the attacker starts. The steps are written to steps, which has room for
// them all and becomes the path's Steps.
func (g *attackGraph) path(as *tm.Asset, rank int, found *graph.Paths, l int32, steps []Step) AttackPath {
	p := AttackPath{Asset: as, Rank: rank, Cost: int(found.Cost(l)), Steps: steps}
	for i, id := range found.Edges(l) {
		steps[i] = g.steps.at(id)
		if s := &steps[i]; p.Likelihood == 0 || s.Likelihood < p.Likelihood {
			p.Likelihood = s.Likelihood
		}
	}
	if len(p.Steps) > 0 && p.Steps[0].Kind == StepStart {
		p.Source, _ = p.Steps[0].To.(*tm.Component)
	}
	return p
}
