package stride_test

import (
	"context"
	"errors"
	"testing"

	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestAnalyzeContextCancelled: a done context stops the analysis before it
// starts, and a context cancelled while rules run stops it within a few
// hundred elements, with an error that wraps the context's.
func TestAnalyzeContextCancelled(t *testing.T) {
	m := synth.Model(1000)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := stride.AnalyzeContext(ctx, m); !errors.Is(err, context.Canceled) {
		t.Errorf("AnalyzeContext(done) = %v, want context.Canceled", err)
	}

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	probe := stride.Rule{ID: "P-1", Category: stride.Tampering, Title: "probe", Kinds: []tm.Kind{tm.Process},
		Match: func(*stride.Target) bool {
			calls++
			if calls == 10 {
				cancel()
			}
			return false
		}}
	_, err := stride.AnalyzeContext(ctx, m, stride.OnlyRules(probe))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("AnalyzeContext cancelled mid-way = %v, want context.Canceled", err)
	}
	processes := 0
	for _, c := range m.Components() {
		if c.Kind() == tm.Process {
			processes++
		}
	}
	if calls >= processes {
		t.Errorf("the rule ran on %d of %d processes after the cancel: the analysis did not stop", calls, processes)
	}
	// The same model, not cancelled, runs to the end.
	if _, err := stride.AnalyzeContext(context.Background(), m, stride.OnlyRules(probe)); err != nil {
		t.Errorf("AnalyzeContext(Background) = %v", err)
	}
}
