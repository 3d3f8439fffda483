//go:build gc && !purego

package threatmodel

import (
	"runtime"
	"sync/atomic"
	"unsafe"
)

// frame returns the address it returns to, in its caller, and its caller's
// frame pointer (pos_frame_amd64.s).
func frame() (pc uintptr, fp unsafe.Pointer)

// maxFrames is how many frames a frameKey holds: enough for the deepest
// declaration (skip 2) when no call on the way is inlined.
const maxFrames = 4

// frameKey identifies a call of caller by skip and the return address of
// each frame from caller's up to the user's: the same addresses are the same
// chain of calls, and so the same site.
type frameKey struct {
	skip int
	pcs  [maxFrames]uintptr
}

// frameSites caches the site of each frameKey seen, in a table indexed by
// the key's hash: a slot holds the last key stored there, so two keys that
// share a slot cost the runtime's unwinding in turn, and the table needs
// no lock. A program has as many keys as chains of calls that reach a
// declaration, usually a few hundred.
var frameSites [1 << 12]atomic.Pointer[frameSite]

// frameSite is a frameKey and its site.
type frameSite struct {
	key  frameKey
	site site
}

// slot returns the key's index in frameSites.
func (k *frameKey) slot() int {
	h := uint64(k.skip)
	for _, pc := range k.pcs {
		h = (h ^ uint64(pc)) * 0xff51afd7ed558ccd
		h ^= h >> 33 // MurmurHash3's mixing, a word at a time
	}
	return int(h) & (len(frameSites) - 1)
}

// caller records the site of the user's call; see pos.go. It reads the
// return addresses of the skip+2 frames from its own to the user's through
// the frame pointers Go keeps on amd64, which costs a few loads, and asks
// the runtime for the site only the first time it sees them. The runtime
// counts inlined calls as frames and the key cannot, so a site is cached
// only when its function is one of the key's: otherwise, when wrappers
// stand between the user and the model, the key might not reach the
// user's frame.
func caller(skip int) site {
	n := skip + 2
	if n > maxFrames {
		return callersSite(skip + 1)
	}
	pc, fp := frame()
	k := frameKey{skip: skip}
	k.pcs[0] = pc
	for i := 1; i < n && fp != nil; i++ {
		k.pcs[i] = *(*uintptr)(unsafe.Add(fp, 8)) // the return address sits above the saved frame pointer
		fp = *(*unsafe.Pointer)(fp)
	}
	slot := &frameSites[k.slot()]
	if e := slot.Load(); e != nil && e.key == k {
		return e.site
	}
	s := callersSite(skip + 1)
	if s != 0 && inFrames(s, &k) {
		slot.Store(&frameSite{k, s})
	}
	return s
}

// inFrames reports whether the site is in the function of one of the
// key's frames past caller's own.
func inFrames(s site, k *frameKey) bool {
	f := runtime.FuncForPC(uintptr(s) - 1)
	if f == nil {
		return false
	}
	for _, pc := range k.pcs[1:] {
		if g := runtime.FuncForPC(pc - 1); pc != 0 && g != nil && g.Entry() == f.Entry() {
			return true
		}
	}
	return false
}
