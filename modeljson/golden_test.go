package modeljson_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/threatwright/threatwright/internal/golden"
	"github.com/threatwright/threatwright/modeljson"
)

// TestGolden writes each example's model and analysis JSON and compares
// them with testdata/NAME.model.json and testdata/NAME.analysis.json.
func TestGolden(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range examples {
		if !ex.golden {
			continue
		}
		t.Run(ex.name, func(t *testing.T) {
			m := ex.model()
			data, err := modeljson.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", ex.name+".model.json"), data)
			var b bytes.Buffer
			if err := modeljson.EncodeAnalysis(&b, docOf(t, m), modeljson.Root(root)); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", ex.name+".analysis.json"), b.Bytes())
		})
	}
}
