// Package graph holds the graph algorithms threatwright's analyses share: a
// compact directed graph with integer edge costs and a bounded search for the
// k cheapest paths from one source to every node.
//
// Everything here is deterministic: the same graph, built by the same
// sequence of Add calls, gives the same answer, ties included.
package graph

import "slices"

// Digraph is a directed graph with non-negative integer edge costs, stored in
// compressed sparse row form. Build one with a Builder.
type Digraph struct {
	off  []int32 // off[u]..off[u+1] index u's out-edges
	to   []int32
	cost []int32
	id   []int32 // the caller's edge id
}

// Builder collects edges for a Digraph.
type Builder struct {
	n     int
	edges []edge
}

type edge struct {
	from, to, cost, id int32
}

// NewBuilder returns a builder for a graph with n nodes, numbered 0 to n-1.
func NewBuilder(n int) *Builder {
	if n < 0 {
		n = 0
	}
	return &Builder{n: n}
}

// Grow makes room for n more edges.
func (b *Builder) Grow(n int) {
	if n > 0 {
		b.edges = slices.Grow(b.edges, n)
	}
}

// Add adds an edge from one node to another with a cost and the caller's id
// for it. An edge with an end out of range or a negative cost is ignored.
func (b *Builder) Add(from, to int, cost, id int32) {
	if from < 0 || from >= b.n || to < 0 || to >= b.n || cost < 0 {
		return
	}
	b.edges = append(b.edges, edge{int32(from), int32(to), cost, id})
}

// Build returns the graph. Each node's out-edges keep the order in which
// they were added.
func (b *Builder) Build() *Digraph {
	g := &Digraph{
		off:  make([]int32, b.n+1),
		to:   make([]int32, len(b.edges)),
		cost: make([]int32, len(b.edges)),
		id:   make([]int32, len(b.edges)),
	}
	for _, e := range b.edges {
		g.off[e.from+1]++
	}
	for i := 1; i <= b.n; i++ {
		g.off[i] += g.off[i-1]
	}
	next := make([]int32, b.n)
	copy(next, g.off[:b.n])
	for _, e := range b.edges {
		k := next[e.from]
		next[e.from]++
		g.to[k], g.cost[k], g.id[k] = e.to, e.cost, e.id
	}
	return g
}

// Len returns the number of nodes.
func (g *Digraph) Len() int { return len(g.off) - 1 }

// Edges returns the number of edges.
func (g *Digraph) Edges() int { return len(g.to) }
