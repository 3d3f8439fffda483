package threatmodel_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/threatwright/threatwright/threatmodel"
)

// The README's quick start: declare a small model, ask what is missing.
// TestReadmeQuickStart keeps the README's code identical to this body.
func ExampleNew() {
	m := threatmodel.New("Orders API", threatmodel.Owner("Payments team"))
	m.ThreatContext("Holds every order and the customers' addresses.",
		"Worst case: bulk export of customer addresses.")

	internet := m.Zone("Internet", threatmodel.Untrusted)
	vpc := m.Zone("VPC", threatmodel.Trusted)

	user := m.ExternalEntity("Customer", internet, threatmodel.Description("A shopper."))
	api := m.Process("Orders service", vpc, threatmodel.Technology("Go"))
	m.Flow(user, api, "Place order",
		threatmodel.Over(threatmodel.HTTPS, 443),
		threatmodel.Encrypted(threatmodel.TLS13),
		threatmodel.AuthN(threatmodel.JWT))

	if err := m.Validate(); err != nil {
		// Every gap at once: a stable code, a path in the model's words,
		// and f.Pos, the file:line of the declaration.
		for _, f := range m.Findings() {
			fmt.Println(f.Code, f.Path)
		}
	}
	// Output:
	// TM307 components["Orders service"].accepts
	// TM110 components["Orders service"].description
	// TM112 components["Orders service"].errorHandling
	// TM113 components["Orders service"].runtime
	// TM124 flows["Customer → Orders service: Place order"].authorization
	// TM123 flows["Customer → Orders service: Place order"].carries
}

// Validate returns the structural errors and completeness gaps joined into
// one error; errors.As finds the first *Finding, and each joined error is
// one.
func ExampleModel_Validate() {
	m := threatmodel.New("Reports", threatmodel.Owner("Data team"))
	m.ThreatContext("Holds revenue figures.", "Worst case: figures leak before earnings.")
	z := m.Zone("Office network", threatmodel.Trusted)
	analyst := m.ExternalEntity("Analyst", z, threatmodel.Description("Reads reports."))
	m.Flow(analyst, nil, "Download")

	err := m.Validate()
	var f *threatmodel.Finding
	if errors.As(err, &f) {
		fmt.Println(f.Severity, f.Code, f.Path)
	}
	// Output:
	// error TM003 flows["Analyst → ?: Download"].destination
}

// Findings returns everything Validate returns, plus warnings, sorted by
// declaration site.
func ExampleModel_Findings() {
	m := threatmodel.New("Batch jobs", threatmodel.Owner("Data team"))
	m.ThreatContext("Moves payroll files.", "Worst case: payroll files altered in transit.")
	dc := m.Zone("Data centre", threatmodel.Trusted)
	m.Zone("DMZ", threatmodel.SemiTrusted)
	m.Process("Nightly export", dc, threatmodel.Technology("Python"),
		threatmodel.Description("Exports payroll to the bank."),
		threatmodel.ErrorHandling("Tracebacks in e-mails", "Errors go to the log only"),
		threatmodel.Runtime("Runs as root", "Runs as a service account"))

	for _, f := range m.Findings() {
		fmt.Println(f.Severity, f.Code, f.Path)
	}
	// Output:
	// warning TM304 zones["DMZ"]
	// warning TM302 components["Nightly export"]
}

// A waiver switches off one check on one element, with a reason. A waiver
// that no longer matches a finding is reported, so it cannot outlive its
// gap.
func ExampleModel_Waive() {
	m := threatmodel.New("Intranet", threatmodel.Owner("IT"))
	m.ThreatContext("Staff directory.", "Worst case: the directory is scraped.")
	office := m.Zone("Office", threatmodel.Trusted)
	wiki := m.Process("Wiki", office, threatmodel.Technology("MediaWiki"),
		threatmodel.Description("Team pages."),
		threatmodel.ErrorHandling("Verbose PHP errors", "display_errors off"))
	staff := m.ExternalEntity("Staff", office, threatmodel.Description("Employees."))
	m.Flow(staff, wiki, "Browse")

	m.Waive(threatmodel.CodeNoRuntime, wiki, "Runtime is the platform team's, see their model")
	m.Waive(threatmodel.CodeNoTechnology, wiki, "Left over from before")

	for _, f := range m.Findings() {
		fmt.Println(f.Code, f.Path)
	}
	// Output:
	// TM305 model
	// TM307 components["Wiki"].accepts
	// TM191 waivers[TM111 on components["Wiki"]]
}

// Crossings are computed from where the flow's ends sit: the zones left,
// innermost first, then the zones entered, outermost first.
func ExampleFlow_Crossing() {
	m := threatmodel.New("Shop")
	internet := m.Zone("Internet", threatmodel.Untrusted)
	account := m.Zone("AWS account", threatmodel.Trusted, threatmodel.ContainsBlastRadius())
	vpc := m.Zone("VPC", threatmodel.Trusted, threatmodel.Inside(account))
	subnet := m.Zone("Private subnet", threatmodel.HighlyTrusted, threatmodel.Inside(vpc))

	browser := m.ExternalEntity("Browser", internet)
	db := m.DataStore("Orders DB", subnet)
	c := m.Flow(browser, db, "Direct query").Crossing()
	for _, z := range c.Exits {
		fmt.Println("exits", z.Name())
	}
	for _, z := range c.Enters {
		fmt.Println("enters", z.Name())
	}
	fmt.Println("from lower trust:", c.EntersFromLowerTrust())
	// Output:
	// exits Internet
	// enters AWS account
	// enters VPC
	// enters Private subnet
	// from lower trust: true
}

// ActionAccess classifies a cloud action by its verb.
func ExampleActionAccess() {
	for _, a := range []string{"dynamodb:GetItem", "dynamodb:PutItem", "s3:DeleteObject", "iam:PassRole", "s3:*"} {
		fmt.Println(a, threatmodel.ActionAccess(a))
	}
	// Output:
	// dynamodb:GetItem read
	// dynamodb:PutItem write
	// s3:DeleteObject delete
	// iam:PassRole pass
	// s3:* read/write/delete/admin
}

// A secret names the flows it authenticates: the database password behind
// the service's queries. Validation asks for it wherever one of the
// system's processes presents a stored credential (TM145).
func ExampleAuthenticates() {
	m := threatmodel.New("Orders")
	vpc := m.Zone("VPC", threatmodel.Trusted)
	api := m.Process("Orders service", vpc)
	db := m.DataStore("Orders DB", vpc)
	partner := m.ExternalEntity("Partner", vpc)
	query := m.Flow(api, db, "Query", threatmodel.AuthN(threatmodel.Password))
	m.Flow(api, partner, "Report", threatmodel.AuthN(threatmodel.APIKey))
	m.Secret("DB password", threatmodel.Stored(threatmodel.InSecretsManager),
		threatmodel.Rotated(threatmodel.Rotation{Every: 30 * 24 * time.Hour, Automated: true}),
		threatmodel.UsedBy(api), threatmodel.Authenticates(query))

	fmt.Println("query backed by:", query.Credentials()[0].Name())
	for _, f := range m.Findings() {
		if f.Code == threatmodel.CodeNoFlowSecret {
			fmt.Println(f.Code, f.Path)
		}
	}
	// Output:
	// query backed by: DB password
	// TM145 flows["Orders service → Partner: Report"].credentials
}
