package threatmodel

import (
	"runtime"
	"strconv"
	"sync"
)

// Pos is a declaration site: the file and line of the user's code that
// declared an element. The zero Pos means "unknown".
type Pos struct {
	File string // the file name, as the runtime reports it
	Line int    // the line, from 1
}

// IsValid reports whether the position is known.
func (p Pos) IsValid() bool { return p.File != "" && p.Line > 0 }

// String returns "file:line", or "-" for an unknown position.
func (p Pos) String() string {
	if !p.IsValid() {
		return "-"
	}
	return p.File + ":" + strconv.Itoa(p.Line)
}

// site is a program counter captured at declaration time. Resolving it to a
// file and line is deferred until a position is asked for, so declaring an
// element costs finding the program counter (see caller) and nothing more.
type site uintptr

// caller records the site of the user's call. skip counts the frames between
// caller and the user's code: 1 means the direct caller of the function that
// calls caller. Where frame pointers can be read (pos_frame_amd64.go), it
// looks the site up by the return addresses of the frames above it and asks
// the runtime only the first time; elsewhere (pos_callers.go) it asks the
// runtime each time.

// callersSite is caller's answer from the runtime: the program counter of
// the frame skip frames above callersSite's caller, as runtime.Callers
// counts them (inlined calls count, wrappers do not). Unwinding costs
// about a microsecond a call: more than all the rest of a declaration.
func callersSite(skip int) site {
	var pcs [1]uintptr
	if runtime.Callers(skip+2, pcs[:]) == 0 {
		return 0
	}
	return site(pcs[0])
}

// sites caches the position of each site resolved so far. A program has
// few declaration sites (the lines of its model's code), and the analyses
// ask for the position of every threat's subject, so each is resolved once.
var sites sync.Map // site → Pos

func (s site) pos() Pos {
	if s == 0 {
		return Pos{}
	}
	if s&syntheticBit != 0 {
		return syntheticPos(s)
	}
	if p, ok := sites.Load(s); ok {
		return p.(Pos)
	}
	frames := runtime.CallersFrames([]uintptr{uintptr(s)})
	f, _ := frames.Next()
	p := Pos{File: f.File, Line: f.Line}
	sites.Store(s, p)
	return p
}
