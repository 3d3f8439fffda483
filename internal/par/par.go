// Package par runs parts of an analysis on goroutines of their own, the way
// the analyses of this module need: a panic in one part is raised again in
// the goroutine that waits for it, as it would be had the part run there,
// so that a caller that recovers from a failing analysis still can.
package par

import "sync"

// Group runs functions on goroutines of their own and waits for them.
type Group struct {
	wg    sync.WaitGroup
	mu    sync.Mutex
	panic any
}

// Go runs fn on a goroutine of its own.
func (g *Group) Go(fn func()) {
	g.wg.Go(func() {
		defer func() {
			if p := recover(); p != nil {
				g.mu.Lock()
				if g.panic == nil {
					g.panic = p
				}
				g.mu.Unlock()
			}
		}()
		fn()
	})
}

// Wait waits for every function Go started, then raises the first panic
// among them, if any.
func (g *Group) Wait() {
	g.wg.Wait()
	if g.panic != nil {
		panic(g.panic)
	}
}

// Start runs fn on a goroutine of its own and returns the function that
// waits for it to end, raising fn's panic, if any; the returned function
// may be called more than once.
func Start(fn func()) (wait func()) {
	var g Group
	g.Go(fn)
	var once sync.Once
	return func() { once.Do(g.wg.Wait); g.raise() }
}

func (g *Group) raise() {
	if g.panic != nil {
		panic(g.panic)
	}
}
