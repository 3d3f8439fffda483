package render_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/threatwright/threatwright/render"
)

// FuzzSARIF renders hostile names and descriptions as SARIF: the log is
// valid JSON that decodes to the required structure, and every element's
// name that is valid UTF-8 comes back whole in a logical location.
func FuzzSARIF(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, name, desc string) {
		m := hostileModel(name, desc)
		d, err := render.NewDocument(m)
		if err != nil {
			return // structural errors: nothing to render
		}
		var b bytes.Buffer
		if err := render.SARIF(&b, d, render.SARIFRoot(".")); err != nil {
			t.Fatal(err)
		}
		if !json.Valid(b.Bytes()) {
			t.Fatalf("invalid JSON for %q, %q", name, desc)
		}
		checkSARIF(t, b.Bytes())
		if utf8.ValidString(name) && !strings.ContainsAny(name, "\x00") {
			var names struct {
				Runs []struct {
					Results []struct {
						Locations []struct {
							LogicalLocations []struct{ Name string }
						}
					}
				}
			}
			if err := json.Unmarshal(b.Bytes(), &names); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, r := range names.Runs[0].Results {
				for _, l := range r.Locations {
					for _, ll := range l.LogicalLocations {
						found = found || ll.Name == name || ll.Name == name+"2"
					}
				}
			}
			if !found && len(names.Runs[0].Results) > 0 {
				t.Errorf("no result names %q", name)
			}
		}
	})
}
