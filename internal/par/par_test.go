package par

import "testing"

func recovered(fn func()) (p any) {
	defer func() { p = recover() }()
	fn()
	return nil
}

// TestPanicRaisedInWaiter: a panic on a Group's goroutine, or Start's,
// comes back in the goroutine that waits, where it can be recovered; work
// that does not panic is waited for.
func TestPanicRaisedInWaiter(t *testing.T) {
	done := 0
	got := recovered(func() {
		var g Group
		g.Go(func() { done++ })
		g.Go(func() { panic("part failed") })
		g.Wait()
	})
	if got != "part failed" || done != 1 {
		t.Errorf("Group: recovered %v with %d done, want the part's panic and 1 done", got, done)
	}
	wait := Start(func() { panic("started part failed") })
	for range 2 {
		if got := recovered(wait); got != "started part failed" {
			t.Errorf("Start: recovered %v, want the part's panic", got)
		}
	}
	ran := false
	wait = Start(func() { ran = true })
	if got := recovered(wait); got != nil || !ran {
		t.Errorf("Start without a panic: recovered %v, ran %v", got, ran)
	}
}
