package render

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func text(name, body string) File {
	return File{Name: name, Render: func(w io.Writer) error { _, err := io.WriteString(w, body); return err }}
}

func TestWriteFilesAndStale(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "keep.txt")
	if err := os.WriteFile(other, []byte("not ours"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := []File{text("a.md", "alpha\n"), text("b.dot", "digraph {}\n")}
	stale, err := Stale(dir, files...)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a.md", "b.dot"}; !slices.Equal(stale, want) {
		t.Errorf("Stale before writing = %v, want %v", stale, want)
	}
	if err := WriteFiles(dir, files...); err != nil {
		t.Fatal(err)
	}
	if stale, err := Stale(dir, files...); err != nil || len(stale) != 0 {
		t.Errorf("Stale after writing = %v, %v; want none", stale, err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "a.md"))
	if err != nil || string(got) != "alpha\n" {
		t.Errorf("a.md = %q, %v", got, err)
	}
	if b, _ := os.ReadFile(other); string(b) != "not ours" {
		t.Errorf("a file WriteFiles does not own was changed: %q", b)
	}
	files[1] = text("b.dot", "digraph { a }\n")
	if stale, _ := Stale(dir, files...); !slices.Equal(stale, []string{"b.dot"}) {
		t.Errorf("Stale after a change = %v, want [b.dot]", stale)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".md" && filepath.Ext(e.Name()) != ".dot" && e.Name() != "keep.txt" {
			t.Errorf("left-over file %s", e.Name())
		}
	}
}

func TestWriteFilesRendersAllBeforeWriting(t *testing.T) {
	dir := t.TempDir()
	boom := errors.New("boom")
	err := WriteFiles(dir, text("a.md", "x"), File{Name: "b.md", Render: func(io.Writer) error { return boom }})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a.md")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a.md was written although b.md failed to render")
	}
}

func TestWriteFilesRejectsBadNames(t *testing.T) {
	for _, name := range []string{"", ".", "..", "../x.md", "sub/x.md", `a\b`} {
		if err := WriteFiles(t.TempDir(), text(name, "x")); err == nil {
			t.Errorf("WriteFiles accepted file name %q", name)
		}
	}
	if err := WriteFiles(t.TempDir(), text("a", "x"), text("a", "y")); err == nil {
		t.Errorf("WriteFiles accepted a name listed twice")
	}
	if _, err := Stale(t.TempDir(), File{Name: "x"}); err == nil {
		t.Errorf("Stale accepted a file with no renderer")
	}
}

// TestWriteFilesKeepsUnchangedFiles: a file whose content is the same is
// not rewritten, one that changed is, and no temporary file is left behind,
// after a success or a rendering error.
func TestWriteFilesKeepsUnchangedFiles(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFiles(dir, text("a.md", "alpha\n"), text("b.md", "beta\n")); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, n := range []string{"a.md", "b.md"} {
		if err := os.Chtimes(filepath.Join(dir, n), old, old); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteFiles(dir, text("a.md", "alpha\n"), text("b.md", "beta, changed\n")); err != nil {
		t.Fatal(err)
	}
	for n, rewritten := range map[string]bool{"a.md": false, "b.md": true} {
		fi, err := os.Stat(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		if got := !fi.ModTime().Equal(old); got != rewritten {
			t.Errorf("%s rewritten = %v, want %v", n, got, rewritten)
		}
	}
	if err := WriteFiles(dir, text("c.md", "x"), File{Name: "d.md", Render: func(io.Writer) error { return errors.New("boom") }}); err == nil {
		t.Fatal("a rendering error was not returned")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "a.md" && e.Name() != "b.md" {
			t.Errorf("left-over file %s", e.Name())
		}
	}
}
