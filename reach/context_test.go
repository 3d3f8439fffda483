package reach_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/reach"
)

// TestAnalyzeContextDone: a cancelled or expired context stops reach with
// an error that wraps the context's; a live one runs to the end.
func TestAnalyzeContextDone(t *testing.T) {
	m := synth.Model(200)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := reach.AnalyzeContext(ctx, m); !errors.Is(err, context.Canceled) {
		t.Errorf("AnalyzeContext(cancelled) = %v, want context.Canceled", err)
	}
	ctx, cancel = context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	if _, err := reach.AnalyzeContext(ctx, m); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("AnalyzeContext(expired) = %v, want context.DeadlineExceeded", err)
	}
	if res, err := reach.AnalyzeContext(context.Background(), m); err != nil || len(res.Roles()) == 0 {
		t.Errorf("AnalyzeContext(Background) = %v roles, %v", len(res.Roles()), err)
	}
}
