package render

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
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
