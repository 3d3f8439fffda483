package rendertest_test

import (
	"context"
	"testing"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/render/graphviz"
	"github.com/threatwright/threatwright/render/rendertest"
)

// A test beside the model keeps the documents that go generate wrote
// current: it fails, naming each stale file, when the model changed and
// the documents did not. THREATWRIGHT_UPDATE=1 go test rewrites them.
func ExampleDocs() {
	test := func(t *testing.T) {
		d, err := render.NewDocument(serverless.Model()) // your model
		if err != nil {
			t.Fatal(err)
		}
		rendertest.Docs(t, "docs", graphviz.Files(context.Background(), d)...)
	}
	_ = test // in a _test.go file: func TestDocsAreCurrent(t *testing.T) { ... }
}
