package threatmodel

import "unsafe"

// slab hands out the elements of one type that a model declares from
// chunks it allocates: declaring n flows then costs n/90 allocations
// rather than n, and the garbage collector tracks a few large objects
// rather than many small ones. Chunks double from minChunk elements up to
// maxChunkBytes, the largest size the allocator serves without rounding
// up to whole pages, so a small model wastes little. A chunk lives as long
// as one of its elements is referenced, which is as long as the model.
type slab[T any] struct {
	free []T
	next int // the size of the next chunk
}

const (
	minChunk      = 4
	maxChunkBytes = 32 << 10
)

// alloc returns a zero T.
func (s *slab[T]) alloc() *T {
	if len(s.free) == 0 {
		s.next = min(max(2*s.next, minChunk), max(maxChunkBytes/int(unsafe.Sizeof(*new(T))), 1))
		s.free = make([]T, s.next)
	}
	p := &s.free[0]
	s.free = s.free[1:]
	return p
}

// slabs are a model's slabs, for the elements it declares most.
type slabs struct {
	zones       slab[Zone]
	components  slab[Component]
	flows       slab[Flow]
	assets      slab[Asset]
	roles       slab[Role]
	permissions slab[Permission]
}

// newElement returns a zero element for the model to declare: from its
// slab, or allocated alone for a nil model.
func newElement[T Zone | Component | Flow | Asset | Role | Permission](m *Model) *T {
	if m == nil {
		return new(T)
	}
	var p any
	switch any((*T)(nil)).(type) {
	case *Zone:
		p = m.slab.zones.alloc()
	case *Component:
		p = m.slab.components.alloc()
	case *Flow:
		p = m.slab.flows.alloc()
	case *Asset:
		p = m.slab.assets.alloc()
	case *Role:
		p = m.slab.roles.alloc()
	case *Permission:
		p = m.slab.permissions.alloc()
	}
	return p.(*T)
}
