package render

import (
	"context"
	"fmt"
	"io"
)

// This file holds what lets a long rendering stop when its context is done.

// checkEvery is how many rows, nodes or edges a renderer writes between
// looks at its context.
const checkEvery = 1024

// stopper looks at a context every checkEvery ticks and remembers its error.
// A nil stopper or context never stops.
type stopper struct {
	ctx   context.Context
	ticks int
	err   error
}

// tick counts one unit of work and reports whether to stop.
func (s *stopper) tick() bool {
	if s == nil || s.ctx == nil {
		return false
	}
	if s.err != nil {
		return true
	}
	s.ticks++
	if s.ticks%checkEvery != 0 {
		return false
	}
	return s.check()
}

// check looks at the context now and reports whether to stop.
func (s *stopper) check() bool {
	if s == nil || s.ctx == nil {
		return false
	}
	if s.err == nil {
		if err := s.ctx.Err(); err != nil {
			s.err = fmt.Errorf("render: %w", err)
		}
	}
	return s.err != nil
}

// stopWriter fails every write once its stopper has stopped, so that the
// buffered writer in front of it stops writing too.
type stopWriter struct {
	w    io.Writer
	stop *stopper
}

func (s stopWriter) Write(p []byte) (int, error) {
	if s.stop.err != nil {
		return 0, s.stop.err
	}
	return s.w.Write(p)
}
