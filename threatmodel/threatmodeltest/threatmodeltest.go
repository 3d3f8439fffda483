// Package threatmodeltest helps users' tests hold a threat model to
// completeness, in the manner of testing/fstest and testing/slogtest: Check
// returns an error that any caller can use, and Run reports each gap as its
// own test error. Baseline pins the derived threats to an approved file, and
// Docs fails a test when checked-in documents are stale.
//
// A model's test is three lines:
//
//	func TestThreatModel(t *testing.T) {
//		threatmodeltest.Run(t, mymodel.Model())
//	}
//
// Baseline and Docs rewrite their files when the test runs with -update.
// This package defines the -update flag when it is initialised, unless a
// package initialised earlier did; a test package that uses it must read the
// flag through Update rather than define its own -update flag, which the
// flag package would refuse as a redefinition.
package threatmodeltest

import (
	"testing"

	"github.com/threatwright/threatwright/threatmodel"
)

// Check validates the model and returns nil when it has no structural error
// and no completeness gap. Otherwise it returns the model's Validate error:
// every finding joined with errors.Join, one per line, each a
// *threatmodel.Finding that errors.As finds. Warnings do not count.
func Check(m *threatmodel.Model) error {
	return m.Validate()
}

// Run validates the model and reports each finding that Validate would
// return as its own t.Errorf, with the finding's position (the file:line of
// the declaration at fault), path, message and code:
//
//	/src/model.go:42: flows["User → API Gateway: API request"].encryption: the flow crosses a trust boundary: ... [TM121]
//
// Warnings are not reported. Run marks itself as a test helper, so the
// test's own line is the one the test output names.
func Run(t testing.TB, m *threatmodel.Model) {
	t.Helper()
	for _, f := range m.Findings() {
		if f.Severity == threatmodel.SeverityWarning {
			continue
		}
		t.Errorf("%s: %s: %s [%s]", f.Pos, f.Path, f.Message, f.Code)
	}
}
