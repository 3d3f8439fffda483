// Package rendertest fails a user's test when the generated documents
// checked in beside a model are stale, the check that keeps go generate's
// output honest in CI:
//
//	func TestDocsAreCurrent(t *testing.T) {
//		d, err := render.NewDocument(mymodel.Model())
//		if err != nil {
//			t.Fatal(err)
//		}
//		rendertest.Docs(t, "docs", graphviz.Files(context.Background(), d)...)
//	}
//
// Text documents (Markdown, DOT, Mermaid, JSON) must match byte for byte.
// SVG and PNG files, whose bytes depend on the Graphviz build, are compared
// by structure: an SVG must parse as XML and have the same graph, cluster,
// node and edge elements with the same ids, titles and text; a PNG must
// decode and have about the same size.
//
// # Updating
//
// This package defines no flag: a helper package must not take a flag name
// from the test packages that import it. Docs rewrites the stale files
// instead of failing when the environment variable THREATWRIGHT_UPDATE is 1:
//
//	THREATWRIGHT_UPDATE=1 go test ./...
//
// or when the test binary already has a boolean flag named update (defined
// by the caller's own test package, the common golden-file idiom) and it is
// set: go test -update. The flag is read with flag.Lookup when Docs is
// called.
package rendertest

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/threatwright/threatwright/internal/goldencmp"
	"github.com/threatwright/threatwright/render"
)

// Docs fails the test when the documents checked in under dir differ from
// what the files render now, naming each stale file, where it differs, and
// how to refresh it. When updating (see the package documentation) it
// rewrites the stale files instead and logs their names; files that still
// match are not touched.
func Docs(t testing.TB, dir string, files ...render.File) {
	t.Helper()
	docs(t, dir, goldencmp.Updating(), files)
}

func docs(t testing.TB, dir string, update bool, files []render.File) {
	t.Helper()
	var stale []render.File
	var why []string
	for _, f := range files {
		got, err := f.Bytes()
		if err != nil {
			t.Fatalf("rendering the documents for %s: %v", dir, err)
			return
		}
		path := filepath.Join(dir, f.Name)
		want, err := os.ReadFile(path)
		var d string
		switch {
		case errors.Is(err, fs.ErrNotExist):
			d = "it does not exist"
		case err != nil:
			t.Fatalf("checking the documents in %s: %v", dir, err)
			return
		default:
			d = goldencmp.Diff(f.Name, want, got)
		}
		if d == "" {
			continue
		}
		stale = append(stale, render.File{Name: f.Name, Render: bytesOf(got)})
		why = append(why, d)
	}
	if len(stale) == 0 {
		return
	}
	if update {
		if err := render.WriteFiles(dir, stale...); err != nil {
			t.Fatalf("rewriting the documents in %s: %v", dir, err)
			return
		}
		for _, f := range stale {
			t.Logf("rewrote %s", filepath.Join(dir, f.Name))
		}
		return
	}
	for i, f := range stale {
		t.Errorf("%s is stale (%s): run go generate, or the test with %s=1", filepath.Join(dir, f.Name), why[i], goldencmp.EnvUpdate)
	}
}

func bytesOf(b []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(b))
		return err
	}
}
