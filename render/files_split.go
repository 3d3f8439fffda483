package render

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/threatwright/threatwright/threatmodel"
)

// This file holds what Document.Files needs for a large model: the split
// report rendered once for all its files, its lists kept in blocks, and the
// choice and names of the per-zone diagrams.

// splitReport renders a split report and its lists once, for the files
// that Document.Files returns. The report and most lists are kept from
// that rendering until their files are written; the longest lists (the
// threats, the attack paths) are written only then, straight into their
// files, by the report's writer (split.later).
type splitReport struct {
	ctx   context.Context
	d     *Document
	sp    *split
	once  sync.Once
	md    []byte
	lists [len(longLists)]*chunks
	mw    *mdWriter // writes the deferred lists, one at a time (mu)
	mu    sync.Mutex
	err   error
}

// write writes the report (id < 0) or one of its lists, rendering them all
// on first use.
func (r *splitReport) write(w io.Writer, id listID) error {
	r.once.Do(func() {
		var buf bytes.Buffer
		if r.err = markdown(r.ctx, &buf, r.d, r.sp); r.err != nil {
			return
		}
		r.md = buf.Bytes()
		for i := range longLists {
			r.lists[i] = r.sp.content(listID(i))
		}
		r.mw = r.sp.mw
		r.sp = nil
	})
	if r.err != nil {
		return r.err
	}
	if id < 0 {
		_, err := w.Write(r.md)
		return err
	}
	if _, err := r.lists[id].WriteTo(w); err != nil {
		return err
	}
	rows := r.mw.split.deferred[id]
	if rows == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	f := &csvFile{buf: chunks{sink: w}}
	rows(f)
	return errors.Join(f.buf.flush(), r.mw.stop.err)
}

// maxZoneDiagrams bounds the per-zone diagrams of Document.Files: each is
// drawn from the whole model, so their number must not grow with it.
const maxZoneDiagrams = 64

// zoneDiagrams returns the diagrams of the top-level zones that hold
// components, in declaration order; above maxZoneDiagrams, those of the
// zones with the highest open risk (rate), then the most components. It
// also returns the number of top-level zones that hold components.
func zoneDiagrams(m *threatmodel.Model, base string, rate func(threatmodel.Element) threatmodel.Level) ([]zoneDiagram, int) {
	type held struct {
		comps int
		risk  threatmodel.Level
	}
	top := make(map[*threatmodel.Zone]*held)
	for _, c := range m.Components() {
		z := c.Zone()
		for z != nil && z.Parent() != nil {
			z = z.Parent()
		}
		if z == nil {
			continue
		}
		h := top[z]
		if h == nil {
			h = &held{}
			top[z] = h
		}
		h.comps++
		h.risk = max(h.risk, rate(c))
	}
	var out []zoneDiagram
	for i, z := range m.Zones() {
		if z.Parent() == nil && top[z] != nil {
			out = append(out, zoneDiagram{zone: z, index: i, base: base + "-zone-" + strconv.Itoa(i+1) + slug(z.Name())})
		}
	}
	total := len(out)
	if len(out) > maxZoneDiagrams {
		slices.SortStableFunc(out, func(a, b zoneDiagram) int {
			ha, hb := top[a.zone], top[b.zone]
			return cmp.Or(cmp.Compare(hb.risk, ha.risk), cmp.Compare(hb.comps, ha.comps))
		})
		out = out[:maxZoneDiagrams]
		slices.SortFunc(out, func(a, b zoneDiagram) int { return cmp.Compare(a.index, b.index) })
	}
	return out, total
}

// chunks is a buffer kept as a list of blocks, so that a list of hundreds of
// megabytes is never copied to grow. With a sink it holds one block, which
// it writes to the sink each time it is full and at flush.
type chunks struct {
	blocks [][]byte
	sink   io.Writer
	err    error // the sink's first error
}

// The first block of a list is small, and each next one twice the size of
// the last, up to maxChunk: most lists are short. A sink's block is
// sinkChunk.
const (
	minChunk  = 4 << 10
	maxChunk  = 1 << 20
	sinkChunk = 64 << 10
)

func (c *chunks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		last := c.room()
		k := min(len(p), cap(*last)-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
	return n, nil
}

// appendString appends s, as Write does.
func (c *chunks) appendString(s string) {
	for len(s) > 0 {
		last := c.room()
		k := min(len(s), cap(*last)-len(*last))
		*last = append(*last, s[:k]...)
		s = s[k:]
	}
}

// appendByte appends one byte.
func (c *chunks) appendByte(b byte) {
	last := c.room()
	*last = append(*last, b)
}

// room returns the last block, with room for at least one byte.
func (c *chunks) room() *[]byte {
	if k := len(c.blocks); k == 0 || len(c.blocks[k-1]) == cap(c.blocks[k-1]) {
		switch {
		case c.sink == nil:
			size := minChunk
			if k > 0 {
				size = min(2*cap(c.blocks[k-1]), maxChunk)
			}
			c.blocks = append(c.blocks, make([]byte, 0, size))
		case k == 0:
			c.blocks = append(c.blocks, make([]byte, 0, sinkChunk))
		default:
			c.flush()
		}
	}
	return &c.blocks[len(c.blocks)-1]
}

// flush writes a sink's block to it and empties the block; it returns the
// sink's first error.
func (c *chunks) flush() error {
	if len(c.blocks) == 1 {
		if c.err == nil {
			_, c.err = c.sink.Write(c.blocks[0])
		}
		c.blocks[0] = c.blocks[0][:0]
	}
	return c.err
}

// WriteTo writes the blocks to w in order.
func (c *chunks) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, b := range c.blocks {
		k, err := w.Write(b)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// slug returns "-" and the name in lower-case letters and digits, each run
// of other characters a single hyphen, at most 40 bytes; "" when nothing
// is left.
func slug(name string) string {
	var b strings.Builder
	dash := true
	for _, r := range strings.ToLower(name) {
		if b.Len() >= 40 {
			break
		}
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
			if dash {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}
