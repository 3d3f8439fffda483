package stride_test

import (
	"fmt"
	"strings"

	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// shop declares a small system: a customer calls an API that writes orders
// to a database.
func shop() *tm.Model {
	m := tm.New("Shop")
	internet := m.Zone("Internet", tm.Untrusted)
	cloud := m.Zone("Cloud", tm.Trusted)
	orders := m.DataAsset("Orders", tm.Value(tm.High), tm.RiskLevel(tm.Critical))

	customer := m.ExternalEntity("Customer", internet, tm.Is(tm.Human))
	api := m.Process("Orders API", cloud, tm.Is(tm.Service),
		tm.Controls(tm.InputValidation, tm.AuditLogging, tm.ParameterizedQueries))
	db := m.DataStore("Orders DB", cloud, tm.Is(tm.Database), tm.Stores(orders),
		tm.Controls(tm.PrivateEndpoint, tm.Backups))

	m.Flow(customer, api, "Place order", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13),
		tm.AuthN(tm.APIKey), tm.Carries(orders))
	m.Flow(api, db, "Insert order", tm.Over(tm.SQL, 5432), tm.Encrypted(tm.TLS12),
		tm.AuthN(tm.Password), tm.Carries(orders))
	return m
}

func ExampleAnalyze() {
	r, err := stride.Analyze(shop())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, id := range []string{
		"TW-S-001@Customer → Orders API: Place order",
		"TW-S-002@Customer → Orders API: Place order",
		"TW-T-002@Orders API → Orders DB: Insert order",
	} {
		th, _ := r.Threat(id)
		fmt.Printf("%s\n  %s: %s, risk %s (impact %s, likelihood %s)\n", th.ID, th.Title, th.Status, th.Risk, th.Impact, th.Likelihood)
		switch {
		case len(th.Controls) > 0:
			fmt.Printf("  closed by: %v\n", th.Controls)
		case len(th.Evidence) > 0 && th.Evidence[0].Property != "":
			fmt.Printf("  closed by: %s\n", th.Evidence[0].Property)
		default:
			fmt.Printf("  recommended: %s\n", strings.Join(th.Mitigations, "; "))
		}
	}
	// Output:
	// TW-S-001@Customer → Orders API: Place order
	//   Unauthenticated caller crosses a trust boundary: Mitigated, risk Medium (impact High, likelihood Low)
	//   closed by: the flow is authenticated with API key
	// TW-S-002@Customer → Orders API: Place order
	//   Stolen API key or bearer token replayed: Open, risk High (impact High, likelihood High)
	//   recommended: Short-lived credentials only; tokens that expire in minutes; No hard-coded secrets; rotate and revoke keys; Bind tokens to the client (mTLS, DPoP, request signing) or to known addresses
	// TW-T-002@Orders API → Orders DB: Insert order
	//   Injection into data store queries: Mitigated, risk Medium (impact High, likelihood Low)
	//   closed by: [Parameterized queries]
}

// A custom rule: a process that takes orders from outside must limit how
// fast they come. Rules are plain values; pass them with WithRules.
func ExampleWithRules() {
	orderFlood := stride.Rule{
		ID:          "SHOP-D-001",
		Category:    stride.DenialOfService,
		Title:       "Order flood",
		Description: "A script places orders faster than the warehouse can cancel them.",
		Mitigations: []string{"Per-customer order rate limits"},
		MitigatedBy: []tm.Control{tm.RateLimiting},
		Kinds:       []tm.Kind{tm.Process},
		Scope:       stride.PerIncomingFlow,
		Match: func(t *stride.Target) bool {
			return t.Source.Kind() == tm.ExternalEntity && t.Flow.Name() == "Place order"
		},
	}
	r, err := stride.Analyze(shop(), stride.WithRules(orderFlood))
	if err != nil {
		fmt.Println(err)
		return
	}
	th, _ := r.Threat("SHOP-D-001@Customer → Orders API: Place order")
	fmt.Println(th.Title, "—", th.Status, th.Risk)
	// Output: Order flood — Open High
}

// The evidence that closes the threats on one component, each control
// declaration once: declared, not yet proved by a verification run.
func ExampleCountEvidenceOf() {
	m := shop()
	r, err := stride.Analyze(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	on := r.ThreatsOn(m.Component("Orders API"))
	threats := make([]*stride.Threat, len(on))
	for i := range on {
		threats[i] = &on[i]
	}
	api, all := stride.CountEvidenceOf(threats), r.CountEvidence(nil)
	fmt.Printf("Orders API: %d pieces of evidence, %d unverified; the whole model: %d\n", api.Total(), api.Unverified, all.Total())
	// Output: Orders API: 2 pieces of evidence, 2 unverified; the whole model: 4
}
