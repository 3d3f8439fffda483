package render_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/render"
)

// countdown is a context that is done after its Err has been asked a given
// number of times: a cancellation in the middle of a rendering, at a
// deterministic place.
type countdown struct {
	context.Context
	left int
}

func (c *countdown) Err() error {
	if c.left <= 0 {
		return context.Canceled
	}
	c.left--
	return nil
}

// TestRenderingStopsWhenCancelled renders a 3,000-component model's report
// and full diagrams with a context that is done from the start and with one
// that is done after the rendering has begun: each returns an error that
// wraps context.Canceled, and writes less than a complete rendering.
func TestRenderingStopsWhenCancelled(t *testing.T) {
	d, err := render.NewDocument(synth.Model(3000))
	if err != nil {
		t.Fatal(err)
	}
	full := render.AutoOverview(0)
	renderers := map[string]func(ctx context.Context, w io.Writer) error{
		"Markdown": func(ctx context.Context, w io.Writer) error { return render.MarkdownContext(ctx, w, d) },
		"DOT":      func(ctx context.Context, w io.Writer) error { return render.DOTContext(ctx, w, d.Model, full) },
		"Mermaid":  func(ctx context.Context, w io.Writer) error { return render.MermaidContext(ctx, w, d.Model, full) },
	}
	for name, fn := range renderers {
		var whole bytes.Buffer
		if err := fn(context.Background(), &whole); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cancelled, stop := context.WithCancel(context.Background())
		stop()
		for when, ctx := range map[string]context.Context{
			"done before": cancelled,
			"done midway": &countdown{Context: context.Background(), left: 3},
			"never done":  context.Background(),
		} {
			var out bytes.Buffer
			err := fn(ctx, &out)
			if when == "never done" {
				if err != nil || !bytes.Equal(out.Bytes(), whole.Bytes()) {
					t.Errorf("%s, %s: err %v, %d of %d bytes", name, when, err, out.Len(), whole.Len())
				}
				continue
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s, %s: err = %v, want one wrapping context.Canceled", name, when, err)
			}
			if out.Len() >= whole.Len()/2 {
				t.Errorf("%s, %s: wrote %d of %d bytes after the context was done", name, when, out.Len(), whole.Len())
			}
		}
	}
}

// TestSplitListsStopWhenCancelled renders a split report, then cancels its
// context: the lists written when their file is (the threats, the attack
// paths) stop with an error that wraps context.Canceled, short of what
// they hold when the context stays open.
func TestSplitListsStopWhenCancelled(t *testing.T) {
	d, err := render.NewDocument(synth.Model(3000))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"tm-threats.csv", "tm-attack-paths.csv"} {
		ctx, stop := context.WithCancel(context.Background())
		var whole, report, out bytes.Buffer
		files := d.FilesContext(ctx, "tm")
		i := slices.IndexFunc(files, func(f render.File) bool { return f.Name == name })
		if i < 0 {
			t.Fatalf("no file %s", name)
		}
		if err := files[i].Render(&whole); err != nil {
			t.Fatal(err)
		}
		if err := files[0].Render(&report); err != nil {
			t.Fatal(err)
		}
		stop()
		if err := files[i].Render(&out); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err = %v, want one wrapping context.Canceled", name, err)
		}
		if out.Len() >= whole.Len() {
			t.Errorf("%s: wrote %d of %d bytes after the context was done", name, out.Len(), whole.Len())
		}
	}
}
