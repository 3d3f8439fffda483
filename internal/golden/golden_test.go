package golden_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/internal/golden"
)

// fakeTB records failures instead of failing the test.
type fakeTB struct {
	testing.TB
	errors []string
	fatal  bool
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	f.fatal = true
}

// noUpdate makes the test independent of -update and THREATWRIGHT_UPDATE.
func noUpdate(t *testing.T) {
	t.Helper()
	t.Setenv("THREATWRIGHT_UPDATE", "")
	if golden.Update() {
		t.Skip("run with -update")
	}
}

func TestCheck(t *testing.T) {
	noUpdate(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(path, []byte("one\ntwo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ft := &fakeTB{}
	golden.Check(ft, path, []byte("one\ntwo\n"))
	if len(ft.errors) != 0 {
		t.Errorf("same content: %q", ft.errors)
	}
	golden.Check(ft, path, []byte("one\nthree\n"))
	if len(ft.errors) != 1 || !strings.Contains(ft.errors[0], "-want +got") || !strings.Contains(ft.errors[0], "three") {
		t.Errorf("changed content: %q", ft.errors)
	}

	ft = &fakeTB{}
	golden.Check(ft, filepath.Join(dir, "none.txt"), nil)
	if !ft.fatal || !strings.Contains(ft.errors[0], "-update") {
		t.Errorf("missing file: %q", ft.errors)
	}
}

func TestCheckUpdate(t *testing.T) {
	t.Setenv("THREATWRIGHT_UPDATE", "1")
	if !golden.Update() {
		t.Fatal("Update() = false with THREATWRIGHT_UPDATE=1")
	}
	path := filepath.Join(t.TempDir(), "sub", "b.txt")
	ft := &fakeTB{}
	golden.Check(ft, path, []byte("new\n"))
	if b, err := os.ReadFile(path); err != nil || string(b) != "new\n" || len(ft.errors) != 0 {
		t.Errorf("update wrote %q, %v; errors %q", b, err, ft.errors)
	}
}

// TestCheckSVG: SVG goldens are compared by structure.
func TestCheckSVG(t *testing.T) {
	noUpdate(t)
	path := filepath.Join(t.TempDir(), "d.svg")
	svg := func(x, text string) []byte {
		return []byte(`<svg><g id="node1" class="node"><title>n0</title><text x="` + x + `">` + text + `</text></g></svg>`)
	}
	if err := os.WriteFile(path, svg("1", "API"), 0o644); err != nil {
		t.Fatal(err)
	}
	ft := &fakeTB{}
	golden.Check(ft, path, svg("2", "API"))
	if len(ft.errors) != 0 {
		t.Errorf("moved node: %q", ft.errors)
	}
	golden.Check(ft, path, svg("1", "DB"))
	if len(ft.errors) != 1 || !strings.Contains(ft.errors[0], `"DB"`) {
		t.Errorf("renamed node: %q", ft.errors)
	}
}
