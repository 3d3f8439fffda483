package verify_test

import (
	"fmt"
	"strings"

	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
	"github.com/threatwright/threatwright/verify"
)

// A CI job saved go test -json ./... to a file; the model's rate limiting
// names the test that proves it. The test failed, so the evidence closes
// nothing and the analysis reports it (ST006).
func ExampleRead() {
	results := `{"Action":"run","Package":"example.com/shop/api","Test":"TestLimiterRefusesBurst"}
{"Action":"output","Package":"example.com/shop/api","Test":"TestLimiterRefusesBurst","Output":"    limiter_test.go:21: the 4th request at once was allowed\n"}
{"Action":"fail","Package":"example.com/shop/api","Test":"TestLimiterRefusesBurst"}
{"Action":"fail","Package":"example.com/shop/api"}
`
	run, err := verify.Read(strings.NewReader(results))
	if err != nil {
		fmt.Println(err)
		return
	}

	m := tm.New("Shop")
	user := m.ExternalEntity("Customer", m.Zone("Internet", tm.Untrusted), tm.Is(tm.Human))
	api := m.Process("API", m.Zone("Cloud", tm.Trusted), tm.Is(tm.Service),
		tm.Controls(tm.RateLimiting).ProvedBy(tm.GoTest("example.com/shop/api", "TestLimiterRefusesBurst")))
	m.Flow(user, api, "Order", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT))

	fmt.Println(run.Check(tm.GoTest("example.com/shop/api", "TestLimiterRefusesBurst")).State)
	r, err := stride.Analyze(m, stride.WithVerification(run))
	if err != nil {
		fmt.Println(err)
		return
	}
	flood, _ := r.Threat("TW-D-001@Customer → API: Order")
	fmt.Println(flood.Status)
	for _, f := range r.Findings {
		fmt.Println(f.Code, f.Path)
	}
	// Output:
	// Failing
	// Open
	// ST006 components["API"].controls.provedBy
}
