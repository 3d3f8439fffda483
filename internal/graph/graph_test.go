package graph

import (
	"slices"
	"testing"
)

// diamond: 0→1→3, 0→2→3, 0→3, with costs making 0→1→3 cheapest.
func diamond() *Digraph {
	b := NewBuilder(4)
	b.Grow(7)
	b.Add(0, 1, 1, 10)
	b.Add(0, 2, 2, 11)
	b.Add(0, 3, 5, 12)
	b.Add(1, 3, 1, 13)
	b.Add(2, 3, 1, 14)
	b.Add(9, 3, 1, 99)  // out of range: ignored
	b.Add(1, 2, -1, 98) // negative cost: ignored
	return b.Build()
}

func TestBuild(t *testing.T) {
	g := diamond()
	if g.Len() != 4 || g.Edges() != 5 {
		t.Errorf("Len, Edges = %d, %d, want 4, 5", g.Len(), g.Edges())
	}
}

func TestKShortestRanksPaths(t *testing.T) {
	p := diamond().KShortest(0, Search{K: 3})
	var got [][]int32
	var costs []int64
	for _, l := range p.At(3) {
		got = append(got, p.Edges(l))
		costs = append(costs, p.Cost(l))
	}
	want := [][]int32{{10, 13}, {11, 14}, {12}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("paths to 3 = %v, want %v", got, want)
	}
	if !slices.Equal(costs, []int64{2, 3, 5}) {
		t.Errorf("costs = %v, want [2 3 5]", costs)
	}
	if nodes := p.Nodes(p.At(3)[0]); !slices.Equal(nodes, []int32{0, 1, 3}) {
		t.Errorf("nodes of best path = %v, want [0 1 3]", nodes)
	}
}

func TestKShortestBoundsK(t *testing.T) {
	p := diamond().KShortest(0, Search{K: 1})
	if n := len(p.At(3)); n != 1 {
		t.Errorf("K=1 kept %d paths to 3", n)
	}
	if p.At(-1) != nil || p.At(4) != nil {
		t.Error("At out of range should return nil")
	}
}

func TestKShortestMaxHops(t *testing.T) {
	p := diamond().KShortest(0, Search{K: 3, MaxHops: 1})
	ls := p.At(3)
	if len(ls) != 1 || p.Hops(ls[0]) != 1 {
		t.Errorf("MaxHops=1 gave %d paths", len(ls))
	}
}

func TestKShortestNoRevisit(t *testing.T) {
	// 0→1→2→1 would revisit 1.
	b := NewBuilder(4)
	b.Add(0, 1, 1, 0)
	b.Add(1, 2, 1, 1)
	b.Add(2, 1, 1, 2)
	b.Add(2, 3, 1, 3)
	g := b.Build()
	p := g.KShortest(0, Search{K: 5})
	if n := len(p.At(1)); n != 1 {
		t.Errorf("node 1 reached by %d paths, want 1 (no cycles)", n)
	}
}

func TestKShortestClassRank(t *testing.T) {
	// Nodes 1 and 2 share class 7: 1 ranked 2, 2 ranked 1 (like a
	// component's "controls it" and "reaches its input"). A path through 1
	// may not enter 2, whose rank is not above 1's; a path may enter 1
	// from 2, whose rank is lower. Node 3 is reached from 0 directly and
	// through 1 and 2.
	b := NewBuilder(5)
	b.Add(0, 1, 1, 0)
	b.Add(1, 2, 1, 1) // refused with classes: back down within class 7
	b.Add(2, 3, 1, 2)
	b.Add(0, 2, 5, 3)
	b.Add(2, 1, 1, 4) // allowed: up within class 7
	b.Add(1, 4, 1, 5)
	g := b.Build()
	edges := func(p *Paths, node int) [][]int32 {
		var out [][]int32
		for _, l := range p.At(node) {
			out = append(out, p.Edges(l))
		}
		return out
	}
	// Without classes, 0→1→2→3 is the cheapest way to 3.
	if got, want := edges(g.KShortest(0, Search{K: 5}), 3), [][]int32{{0, 1, 2}, {3, 2}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("paths to 3 without classes = %v, want %v", got, want)
	}
	class := []int32{-1, 7, 7, -1, -1}
	rank := []uint8{0, 2, 1, 0, 0}
	p := g.KShortest(0, Search{K: 5, Class: class, Rank: rank})
	if got, want := edges(p, 3), [][]int32{{3, 2}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("paths to 3 with classes = %v, want %v", got, want)
	}
	if got, want := edges(p, 4), [][]int32{{0, 5}, {3, 4, 5}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("paths to 4 with classes = %v, want %v", got, want)
	}
	// Class and Rank of the wrong length are ignored.
	if got := edges(g.KShortest(0, Search{K: 5, Class: class[:2], Rank: rank}), 3); len(got) != 2 {
		t.Errorf("mismatched Class should be ignored, got paths %v", got)
	}
}

func TestKShortestBadSource(t *testing.T) {
	p := diamond().KShortest(7, Search{K: 2})
	if len(p.At(0)) != 0 {
		t.Error("a source out of range should reach nothing")
	}
}

func TestKShortestDeterministicTies(t *testing.T) {
	b := NewBuilder(3)
	b.Add(0, 2, 1, 1)
	b.Add(0, 1, 0, 2)
	b.Add(1, 2, 1, 3)
	g := b.Build()
	p := g.KShortest(0, Search{K: 2})
	ls := p.At(2)
	if len(ls) != 2 || !slices.Equal(p.Edges(ls[0]), []int32{1}) {
		t.Errorf("equal-cost tie should go to fewer hops first, got %v", p.Edges(ls[0]))
	}
}
