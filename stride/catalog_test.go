package stride_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/internal/golden"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestCatalogDocument fails when CATALOG.md is not what WriteCatalog writes
// for the built-in rules; go test ./stride -update rewrites it.
func TestCatalogDocument(t *testing.T) {
	var b bytes.Buffer
	if err := stride.WriteCatalog(&b, stride.Rules()); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "CATALOG.md", b.Bytes())
}

func TestWriteCatalog(t *testing.T) {
	rules := []stride.Rule{
		{ID: "Z-2", Category: stride.Tampering, Title: "Pipe | in title", Kinds: []tm.Kind{tm.DataStore},
			MitigatedByAll: []tm.Control{tm.Backups, tm.Versioning}, CWE: []int{20},
			Match: func(*stride.Target) bool { return true }},
		{ID: "Z-1", Category: stride.Repudiation, Title: "Logs", Kinds: []tm.Kind{tm.DataStore},
			Scope: stride.PerIncomingFlow, MitigatedBy: []tm.Control{tm.LogIntegrity}, CAPEC: []int{268},
			AttackPaths: []string{"Delete\nthe logs"},
			Match:       func(*stride.Target) bool { return true }},
	}
	var b bytes.Buffer
	if err := stride.WriteCatalog(&b, rules); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"| [Z-1](#z-1) | Repudiation | Logs | data store (holding audit logs), each incoming flow | Log integrity | the component or the flow | [CAPEC-268](https://capec.mitre.org/data/definitions/268.html) |  |",
		"| [Z-2](#z-2) | Tampering | Pipe \\| in title | data store | all of Backups + Versioning | the element itself |  | [CWE-20](https://cwe.mitre.org/data/definitions/20.html) |",
		"- Delete the logs\n",
		"| Tampering — " + stride.Meaning(stride.Tampering) + " | 1 |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("catalog lacks %q:\n%s", want, out)
		}
	}
	// STRIDE order first: Tampering before Repudiation.
	if strings.Index(out, "## Z-2") > strings.Index(out, "## Z-1") {
		t.Errorf("rules are not in STRIDE order")
	}
	if err := stride.WriteCatalog(failWriter{}, rules); err == nil {
		t.Errorf("WriteCatalog ignored a write error")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }
