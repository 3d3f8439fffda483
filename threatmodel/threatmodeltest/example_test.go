package threatmodeltest_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/threatwright/threatwright/threatmodel"
	"github.com/threatwright/threatwright/threatmodel/threatmodeltest"
)

// Check suits any caller: a command, a CI step, a table test. In a test,
// threatmodeltest.Run(t, m) reports the same gaps one by one.
func ExampleCheck() {
	m := threatmodel.New("Status page", threatmodel.Owner("SRE"))
	m.ThreatContext("Public status of every service.", "Worst case: a false all-clear during an outage.")
	internet := m.Zone("Internet", threatmodel.Untrusted)
	cdn := m.Zone("CDN", threatmodel.SemiTrusted)
	visitor := m.ExternalEntity("Visitor", internet, threatmodel.Description("Anyone."))
	page := m.Process("Status page", cdn, threatmodel.Technology("Static site on a CDN"),
		threatmodel.Description("Serves the status."),
		threatmodel.ErrorHandling("Origin errors shown to visitors", "Custom error pages"),
		threatmodel.Runtime("Cache poisoning", "Immutable, versioned objects"))
	m.Flow(visitor, page, "View status", threatmodel.Over(threatmodel.HTTPS, 443))

	err := threatmodeltest.Check(m)
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var f *threatmodel.Finding
		if errors.As(e, &f) {
			fmt.Println(f.Code, f.Path)
		}
	}
	// Output:
	// TM122 flows["Visitor → Status page: View status"].authentication
	// TM124 flows["Visitor → Status page: View status"].authorization
	// TM123 flows["Visitor → Status page: View status"].carries
	// TM121 flows["Visitor → Status page: View status"].encryption
}

// In a test, Run reports each gap as its own test error, with the file:line
// of the declaration at fault.
func ExampleRun() {
	test := func(t *testing.T) {
		m := threatmodel.New("Status page", threatmodel.Owner("SRE")) // your model
		threatmodeltest.Run(t, m)
	}
	_ = test // in a _test.go file: func TestThreatModel(t *testing.T) { ... }
}
