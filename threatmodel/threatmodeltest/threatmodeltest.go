// Package threatmodeltest helps users' tests hold a threat model to
// completeness, in the manner of testing/fstest and testing/slogtest: Check
// returns an error that any caller can use, and Run reports each gap as its
// own test error. A model's test is three lines:
//
//	func TestThreatModel(t *testing.T) {
//		threatmodeltest.Run(t, mymodel.Model())
//	}
//
// Like net/http/httptest it is small and has no state: it imports only
// threatmodel and the standard library, and defines no flag, so a test
// package that defines its own -update flag can import it.
//
// The STRIDE gate (validation, the analysis's findings and open threats
// above a risk) and the threat baseline are in stride/stridetest; the check
// that checked-in documents are current is in render/rendertest.
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
