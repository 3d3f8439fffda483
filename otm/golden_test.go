package otm_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/agent/agent"
	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/examplecmd"
	"github.com/threatwright/threatwright/internal/golden"
	"github.com/threatwright/threatwright/otm"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/threatmodel"
)

// examples are the repository's example models, by name.
var examples = []struct {
	name  string
	model func() *threatmodel.Model
}{
	{"serverless", serverless.Model},
	{"platform", platform.Model},
	{"agent", agent.Model},
}

// exampleDocument analyses an example as its checked-in documents do.
func exampleDocument(t testing.TB, model func() *threatmodel.Model) *render.Document {
	t.Helper()
	d, err := examplecmd.NewDocument(model())
	if err != nil {
		t.Fatalf("NewDocument: %v", err)
	}
	return d
}

// repoRoot is the repository root, which declaration sites are relative to.
const repoRoot = ".."

func exportOTM(t testing.TB, d *render.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := otm.Export(&buf, d, otm.Root(repoRoot)); err != nil {
		t.Fatalf("Export: %v", err)
	}
	return buf.Bytes()
}

func TestExportGolden(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			got := exportOTM(t, exampleDocument(t, ex.model))
			checkSchema(t, loadSchema(t, "otm_schema.json"), got)
			golden.Check(t, filepath.Join("testdata", ex.name+".otm.json"), got)
		})
	}
}

func TestExportTMBOMGolden(t *testing.T) {
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := otm.ExportTMBOM(&buf, exampleDocument(t, ex.model)); err != nil {
				t.Fatalf("ExportTMBOM: %v", err)
			}
			checkSchema(t, loadSchema(t, "tmbom_schema_subset.json"), buf.Bytes())
			golden.Check(t, filepath.Join("testdata", ex.name+".tmbom.json"), buf.Bytes())
		})
	}
}

func TestExportNil(t *testing.T) {
	for name, err := range map[string]error{
		"Export":      otm.Export(&bytes.Buffer{}, nil),
		"ExportTMBOM": otm.ExportTMBOM(&bytes.Buffer{}, &render.Document{}),
	} {
		if !errors.Is(err, render.ErrNilModel) {
			t.Errorf("%s of no model: %v, want render.ErrNilModel", name, err)
		}
	}
}

// TestRoot checks that declaration sites are relative to the root, and keep
// their absolute path when they lie outside it.
func TestRoot(t *testing.T) {
	m := threatmodel.New("M")
	z := m.Zone("Z", threatmodel.Trusted)
	d := &render.Document{Model: m}
	abs := filepath.ToSlash(z.Pos().File)
	base := filepath.Base(abs)
	for root, want := range map[string]string{
		".":         base,
		"..":        "otm/" + base,
		t.TempDir(): abs,
	} {
		var buf bytes.Buffer
		if err := otm.Export(&buf, d, otm.Root(root)); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), `"file": "`+want+`"`) {
			t.Errorf("Root(%q): want the file %q in\n%s", root, want, buf.String())
		}
	}
}
