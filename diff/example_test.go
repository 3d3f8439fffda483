package diff_test

import (
	"fmt"
	"log"

	"github.com/threatwright/threatwright/diff"
	"github.com/threatwright/threatwright/render"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// shop declares a customer calling an API; open makes the call
// unauthenticated.
func shop(open bool) *tm.Model {
	m := tm.New("Shop")
	internet := m.Zone("Internet", tm.Untrusted)
	app := m.Zone("App", tm.Trusted)
	auth := tm.JWT
	if open {
		auth = tm.NoAuthentication
	}
	m.Flow(m.ExternalEntity("Customer", internet), m.Process("Orders API", app, tm.Accepts(tm.JSON)), "Place order",
		tm.Over(tm.HTTPS, 443), tm.AuthN(auth))
	return m
}

// Compare lists what a change opens: here, dropping authentication from
// the customer's call opens the unauthenticated-caller threat.
func ExampleCompare() {
	before, err := render.NewDocument(shop(false))
	if err != nil {
		log.Fatal(err)
	}
	after, err := render.NewDocument(shop(true))
	if err != nil {
		log.Fatal(err)
	}
	d := diff.Compare(before, after)
	for _, c := range d.Elements {
		fmt.Println(c.Change, c.Path, c.Fields[0].Field+":", c.Fields[0].Old, "→", c.Fields[0].New)
	}
	for _, c := range d.Opened(tm.High) {
		if c.ID == "TW-S-001@Customer → Orders API: Place order" {
			fmt.Println(c.Kind, c.ID, c.Risk())
		}
	}
	// Output:
	// changed flows["Customer → Orders API: Place order"] authentication: JWT → None
	// opened TW-S-001@Customer → Orders API: Place order High
}
