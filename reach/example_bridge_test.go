package reach_test

import (
	"fmt"

	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// WithThreats is the bridge from the STRIDE analysis: the threats the
// report leaves open (or accepts) that give access become weaknesses the
// attack paths can step through. Here the API request is unauthenticated,
// so the STRIDE report leaves spoofing and tampering threats open on it.
func ExampleWithThreats() {
	m, _, userData := exampleModel(tm.NoAuthentication)
	rep, err := stride.Analyze(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := reach.Analyze(m, reach.WithThreats(rep))
	if err != nil {
		fmt.Println(err)
		return
	}
	p := res.PathsToAsset(userData)[0]
	fmt.Println(p.String(), "—", p.Likelihood, "likelihood")
	for _, s := range p.Steps {
		fmt.Println("  ", s)
	}
	// Output:
	// User → API Gateway → Lambda → User data — Medium likelihood
	//    start at User: untrusted source (High)
	//    User → API Gateway over "API request": unauthenticated flow (High)
	//    take over API Gateway: open threat TW-E-006@User → API Gateway: API request, TW-T-003@API Gateway (Medium)
	//    API Gateway → Lambda over "Invoke": trusted caller (High)
	//    take over Lambda: open threat TW-E-005@Lambda, TW-T-002@Lambda → DynamoDB: Query, TW-T-003@Lambda (Medium)
	//    Lambda → User data as "Lambda execution role": identity access (High)
}
