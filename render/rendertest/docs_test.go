package rendertest

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/render"
)

// update is this test package's own -update flag, defined as users' test
// packages define theirs: rendertest defines no flag, so the two do not
// collide, and Docs reads this one.
var update = flag.Bool("update", false, "rewrite golden files (as a user's test package would define it)")

// fakeTB records what a helper reports instead of failing the test.
type fakeTB struct {
	testing.TB
	errors []string
	logs   []string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Logf(format string, args ...any) {
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}

func doc(name, body string) render.File {
	return render.File{Name: name, Render: func(w io.Writer) error { _, err := io.WriteString(w, body); return err }}
}

func TestDocsReportsEachStaleFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.dot"), []byte("same\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := []render.File{doc("a.md", "new\n"), doc("b.dot", "same\n"), doc("c.mmd", "missing\n")}
	ft := &fakeTB{}
	docs(ft, dir, false, files)
	if len(ft.errors) != 2 || !strings.Contains(ft.errors[0], "a.md is stale") || !strings.Contains(ft.errors[1], "c.mmd is stale") {
		t.Errorf("errors = %q, want a.md and c.mmd stale", ft.errors)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.md")); string(b) != "old\n" {
		t.Errorf("a.md was rewritten without -update")
	}
}

func TestDocsUpdateRewritesThenPasses(t *testing.T) {
	dir := t.TempDir()
	files := []render.File{doc("a.md", "new\n")}
	ft := &fakeTB{}
	docs(ft, dir, true, files)
	if len(ft.errors) != 0 || len(ft.logs) != 1 || !strings.Contains(ft.logs[0], "rewrote") {
		t.Fatalf("update: errors %q, logs %q", ft.errors, ft.logs)
	}
	ft = &fakeTB{}
	docs(ft, dir, false, files)
	if len(ft.errors) != 0 {
		t.Errorf("after -update the documents are still stale: %q", ft.errors)
	}
}

const svgDoc = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg width="%dpt" height="100pt" xmlns="http://www.w3.org/2000/svg">
<g id="graph0" class="graph"><title>Shop</title>
<g id="node1" class="node"><title>n0</title><polygon points="%d,1 2,2"/><text x="%d">%s</text></g>
<g id="edge1" class="edge"><title>n0&#45;&gt;n1</title><text>Order</text></g>
</g>
</svg>
`

func svgOf(x int, name string) string { return fmt.Sprintf(svgDoc, 100+x, x, x, name) }

// TestDocsSVGByStructure checks that an SVG whose coordinates moved (as
// they do with another Graphviz build) is current, and that one whose node
// text changed, or that does not parse, is stale.
func TestDocsSVGByStructure(t *testing.T) {
	dir := t.TempDir()
	checked := svgOf(1, "API")
	for name, body := range map[string]string{"moved.svg": checked, "renamed.svg": checked, "broken.svg": "<svg><g>"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files := []render.File{doc("moved.svg", svgOf(7, "API")), doc("renamed.svg", svgOf(1, "Gateway")), doc("broken.svg", checked)}
	ft := &fakeTB{}
	docs(ft, dir, false, files)
	if len(ft.errors) != 2 || !strings.Contains(ft.errors[0], "renamed.svg is stale") || !strings.Contains(ft.errors[0], "Gateway") ||
		!strings.Contains(ft.errors[1], "broken.svg is stale") {
		t.Errorf("errors = %q, want renamed.svg (naming the new text) and broken.svg stale", ft.errors)
	}

	// Updating rewrites the stale files and leaves the moved one as it was.
	ft = &fakeTB{}
	docs(ft, dir, true, files)
	if len(ft.errors) != 0 || len(ft.logs) != 2 {
		t.Errorf("update: errors %q, logs %q", ft.errors, ft.logs)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "moved.svg")); string(b) != checked {
		t.Errorf("moved.svg was rewritten though it matched by structure")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "renamed.svg")); !strings.Contains(string(b), "Gateway") {
		t.Errorf("renamed.svg was not rewritten")
	}
}

func pngOf(t *testing.T, w, h int) string {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestDocsPNGDecoded checks that a PNG is compared decoded: a slightly
// different size is current, a much different size or bytes that do not
// decode are stale.
func TestDocsPNGDecoded(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"near.png", "far.png", "junk.png"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(pngOf(t, 400, 200)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files := []render.File{doc("near.png", pngOf(t, 410, 190)), doc("far.png", pngOf(t, 800, 200)), doc("junk.png", "not a png")}
	ft := &fakeTB{}
	docs(ft, dir, false, files)
	if len(ft.errors) != 2 || !strings.Contains(ft.errors[0], "far.png is stale") || !strings.Contains(ft.errors[1], "junk.png is stale") {
		t.Errorf("errors = %q, want far.png and junk.png stale", ft.errors)
	}
}

// TestDocsUpdateSwitch checks the two ways to ask Docs to rewrite: the
// caller's own -update flag, read at the time of the call, and
// THREATWRIGHT_UPDATE=1.
func TestDocsUpdateSwitch(t *testing.T) {
	f := flag.Lookup("update")
	old := f.Value.String()
	t.Cleanup(func() { _ = f.Value.Set(old) })
	for _, c := range []struct {
		flag, env string
		want      bool
	}{{"false", "", false}, {"true", "", true}, {"false", "1", true}} {
		if err := f.Value.Set(c.flag); err != nil {
			t.Fatal(err)
		}
		t.Setenv("THREATWRIGHT_UPDATE", c.env)
		dir := t.TempDir()
		ft := &fakeTB{}
		Docs(ft, dir, doc("a.md", "new\n"))
		_, err := os.Stat(filepath.Join(dir, "a.md"))
		if wrote := err == nil && len(ft.errors) == 0; wrote != c.want {
			t.Errorf("-update=%s THREATWRIGHT_UPDATE=%q: Docs wrote the file %v, want %v (errors %q)", c.flag, c.env, wrote, c.want, ft.errors)
		}
	}
	_ = *update
}
