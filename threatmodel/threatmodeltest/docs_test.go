package threatmodeltest

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/render"
)

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
