package threatmodeltest

import (
	"path/filepath"
	"testing"

	"github.com/threatwright/threatwright/render"
)

// Docs fails the test when the generated documents checked in under dir
// differ from what the model renders now, naming each stale file and the
// command that refreshes it. When the test binary runs with -update (go test
// -update; see Update), it rewrites the stale files instead and logs their
// names.
//
//	func TestDocsAreCurrent(t *testing.T) {
//		d, err := render.NewDocument(mymodel.Model())
//		if err != nil {
//			t.Fatal(err)
//		}
//		threatmodeltest.Docs(t, "docs", d.Files("threat-model")...)
//	}
func Docs(t testing.TB, dir string, files ...render.File) {
	t.Helper()
	docs(t, dir, Update(), files)
}

func docs(t testing.TB, dir string, update bool, files []render.File) {
	t.Helper()
	stale, err := render.Stale(dir, files...)
	if err != nil {
		t.Fatalf("checking the documents in %s: %v", dir, err)
		return
	}
	if len(stale) == 0 {
		return
	}
	if update {
		if err := render.WriteFiles(dir, files...); err != nil {
			t.Fatalf("rewriting the documents in %s: %v", dir, err)
			return
		}
		for _, name := range stale {
			t.Logf("rewrote %s", filepath.Join(dir, name))
		}
		return
	}
	for _, name := range stale {
		t.Errorf("%s is stale: it differs from what the model renders now; run go generate, or go test -update", filepath.Join(dir, name))
	}
}
