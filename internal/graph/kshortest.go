package graph

// Search bounds a KShortest search.
type Search struct {
	// K is how many paths to keep per node; values below 1 mean 1.
	K int
	// MaxHops is the longest path, in edges, the search follows; values
	// below 1 mean no limit other than the node count.
	MaxHops int
	// Class and Rank, when set (one entry per node), stop a path from coming
	// back to where it has been: a path may enter node v only when no node
	// already on it has the class Class[v] and a rank of at least Rank[v]. A
	// negative class is a class of its own. Without them a path never
	// enters the same node twice.
	Class []int32
	Rank  []uint8
}

// Paths holds the result of a KShortest search: for each node, up to K
// paths from the source, cheapest first.
type Paths struct {
	labels []label
	first  []int32 // per node: the first settled label, or -1
	last   []int32
}

// label is one path: a node, the label it extends and the edge it took.
type label struct {
	node   int32
	parent int32 // -1 at the source
	edge   int32 // the caller's edge id; -1 at the source
	hops   int32
	next   int32 // the next settled label at the same node, or -1
	cost   int64
}

// KShortest finds, for every node, up to s.K cheapest paths from src that
// never come back to where they have been (see Search), cheapest first.
//
// It is the label-setting search for k shortest paths: a node is settled at
// most K times, each settled path extends only along the node's out-edges,
// so at most K·E paths are ever queued and the search costs
// O(K·E·(H + log(K·E))) for paths of at most H hops. Unlike an enumeration of
// all paths it stays polynomial; a path that must revisit a node to be among
// the k best is not produced. Ties are broken by the number of hops and then
// by the order in which the paths were found, which follows the order of the
// edges, so the result is deterministic.
func (g *Digraph) KShortest(src int, s Search) *Paths {
	n := g.Len()
	p := &Paths{first: make([]int32, n), last: make([]int32, n)}
	for i := range p.first {
		p.first[i], p.last[i] = -1, -1
	}
	if src < 0 || src >= n {
		return p
	}
	k := max(s.K, 1)
	maxHops := s.MaxHops
	if maxHops < 1 {
		maxHops = n
	}
	classed := len(s.Class) == n && len(s.Rank) == n
	settled := make([]int32, n)
	// A node is settled at most k times: room for that many labels from
	// the start spares the copies of growing one large slice.
	p.labels = make([]label, 0, min(k*n, k*len(g.to)+1))
	h := heap{labels: &p.labels}
	p.labels = append(p.labels, label{node: int32(src), parent: -1, edge: -1, next: -1})
	h.push(0)
	for h.len() > 0 {
		li := h.pop()
		l := p.labels[li]
		u := l.node
		if settled[u] >= int32(k) {
			continue
		}
		settled[u]++
		if p.last[u] < 0 {
			p.first[u] = li
		} else {
			p.labels[p.last[u]].next = li
		}
		p.last[u] = li
		if int(l.hops) >= maxHops {
			continue
		}
		for e := g.off[u]; e < g.off[u+1]; e++ {
			v := g.to[e]
			if settled[v] >= int32(k) || p.revisits(li, v, s, classed) {
				continue
			}
			p.labels = append(p.labels, label{
				node: v, parent: li, edge: g.id[e], hops: l.hops + 1, next: -1,
				cost: l.cost + int64(g.cost[e]),
			})
			h.push(int32(len(p.labels) - 1))
		}
	}
	return p
}

// revisits reports whether extending label li to node v comes back to where
// the path has been.
func (p *Paths) revisits(li, v int32, s Search, classed bool) bool {
	for i := li; i >= 0; i = p.labels[i].parent {
		w := p.labels[i].node
		if w == v {
			return true
		}
		if classed && s.Class[v] >= 0 && s.Class[w] == s.Class[v] && s.Rank[w] >= s.Rank[v] {
			return true
		}
	}
	return false
}

// At returns the paths found to a node, cheapest first, as handles for Cost,
// Hops and Edges. It returns nil for a node out of range.
func (p *Paths) At(node int) []int32 {
	if node < 0 || node >= len(p.first) {
		return nil
	}
	var out []int32
	for i := p.first[node]; i >= 0; i = p.labels[i].next {
		out = append(out, i)
	}
	return out
}

// Cost returns the total cost of a path.
func (p *Paths) Cost(path int32) int64 { return p.labels[path].cost }

// Hops returns the number of edges on a path.
func (p *Paths) Hops(path int32) int { return int(p.labels[path].hops) }

// Edges returns the caller's ids of the edges on a path, from the source on.
func (p *Paths) Edges(path int32) []int32 {
	out := make([]int32, p.labels[path].hops)
	for i := path; p.labels[i].parent >= 0; i = p.labels[i].parent {
		out[p.labels[i].hops-1] = p.labels[i].edge
	}
	return out
}

// Nodes returns the nodes on a path, from the source on.
func (p *Paths) Nodes(path int32) []int32 {
	out := make([]int32, p.labels[path].hops+1)
	for i := path; i >= 0; i = p.labels[i].parent {
		out[p.labels[i].hops] = p.labels[i].node
	}
	return out
}

// heap is a binary min-heap of label indexes ordered by cost, then hops,
// then the order in which labels were made.
type heap struct {
	labels *[]label
	items  []int32
}

func (h *heap) len() int { return len(h.items) }

func (h *heap) less(a, b int32) bool {
	la, lb := &(*h.labels)[a], &(*h.labels)[b]
	if la.cost != lb.cost {
		return la.cost < lb.cost
	}
	if la.hops != lb.hops {
		return la.hops < lb.hops
	}
	return a < b
}

func (h *heap) push(x int32) {
	h.items = append(h.items, x)
	i := len(h.items) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if !h.less(h.items[i], h.items[parent]) {
			break
		}
		h.items[i], h.items[parent] = h.items[parent], h.items[i]
		i = parent
	}
}

func (h *heap) pop() int32 {
	top := h.items[0]
	last := len(h.items) - 1
	h.items[0] = h.items[last]
	h.items = h.items[:last]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < last && h.less(h.items[l], h.items[m]) {
			m = l
		}
		if r < last && h.less(h.items[r], h.items[m]) {
			m = r
		}
		if m == i {
			break
		}
		h.items[i], h.items[m] = h.items[m], h.items[i]
		i = m
	}
	return top
}
