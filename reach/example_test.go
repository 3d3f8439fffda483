package reach_test

import (
	"fmt"

	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// exampleModel is the guide's API in brief: a user calls API Gateway with a
// JWT, the gateway invokes a Lambda function, the function reads and writes
// a DynamoDB table with its execution role. A stolen token is a Spoofing
// threat on the request that nothing mitigates: the way past the JWT.
func exampleModel(auth tm.AuthScheme) (*tm.Model, *tm.Role, *tm.Asset) {
	m := tm.New("Serverless API")
	internet := m.Zone("Internet", tm.Untrusted)
	account := m.Zone("AWS account", tm.Trusted, tm.ContainsBlastRadius())
	userData := m.DataAsset("User data", tm.Value(tm.High), tm.RiskLevel(tm.Critical))

	user := m.ExternalEntity("User", internet)
	gateway := m.Process("API Gateway", account, tm.Controls(tm.InputValidation))
	handler := m.Process("Lambda", account, tm.Controls(tm.InputValidation))
	table := m.DataStore("DynamoDB", account, tm.Stores(userData), tm.Controls(tm.Authorization))

	call := m.Flow(user, gateway, "API request", tm.Encrypted(tm.TLS13), tm.AuthN(auth))
	m.Threat("Stolen token replayed", tm.Spoofing, tm.About(call))
	m.Flow(gateway, handler, "Invoke", tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature))
	query := m.Flow(handler, table, "Query", tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature))
	m.Response(query, "Items")

	role := m.Role("Lambda execution role")
	role.Allow(table, "dynamodb:GetItem", "dynamodb:PutItem")
	handler.RunsAs(role)
	return m, role, userData
}

func ExampleAnalyze() {
	m, role, userData := exampleModel(tm.JWT)
	res, err := reach.Analyze(m)
	if err != nil {
		fmt.Println(err)
		return
	}

	rr := res.Role(role)
	for _, e := range rr.Reach {
		fmt.Println(e.Element.Path(), e.Access, e.Actions)
	}
	fmt.Println("contained in the account:", rr.Contained())

	for _, p := range res.PathsToAsset(userData) {
		fmt.Println(p.Rank, p.String())
		for _, s := range p.Steps {
			fmt.Println("  ", s)
		}
	}
	// Output:
	// assets["User data"] read/write [dynamodb:GetItem dynamodb:PutItem]
	// components["DynamoDB"] read/write [dynamodb:GetItem dynamodb:PutItem]
	// contained in the account: true
	// 1 User → API Gateway → Lambda → DynamoDB → User data
	//    start at User: untrusted source (High)
	//    User → API Gateway over "API request": open threat USR-stolen-token-replayed (Medium)
	//    API Gateway → Lambda over "Invoke": forwarded input (Low)
	//    Lambda → DynamoDB over "Query": forwarded input (Low)
	//    DynamoDB → User data: served to caller (Low)
}

// A test can hold the model to a rule: no attack path reaches a Critical
// asset without entering through an authenticated flow.
func ExampleAttackPath_Entry() {
	for _, auth := range []tm.AuthScheme{tm.JWT, tm.NoAuthentication} {
		m, _, _ := exampleModel(auth)
		res, err := reach.Analyze(m)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, p := range res.PathsTo(tm.Critical) {
			if e := p.Entry(); e == nil || !reach.Authenticated(e) {
				fmt.Printf("%s: %s enters unauthenticated (%s)\n", auth, p.String(), p.Likelihood)
			}
		}
	}
	// Output:
	// None: User → API Gateway → Lambda → DynamoDB → User data enters unauthenticated (Low)
}

// Least-privilege findings name the statement and the narrower set the
// flows justify.
func ExampleFinding() {
	m, role, _ := exampleModel(tm.JWT)
	role.Allow(tm.AnyResource(), "dynamodb:*")
	res, err := reach.Analyze(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Findings {
		fmt.Println(f.Code, f.Path)
		for _, s := range f.Scopes {
			fmt.Println("  scope to", s.Resource.Path(), s.Access)
		}
	}
	// Output:
	// RCH002 roles["Lambda execution role"].permissions[1]
	//   scope to components["DynamoDB"] read/write
}

// Open threats from another analysis, such as package stride, enable steps.
func ExampleWithOpenThreats() {
	m, _, userData := exampleModel(tm.JWT)
	lambda := m.Component("Lambda")
	res, err := reach.Analyze(m, reach.WithOpenThreats(func(el tm.Element) []string {
		if el == lambda {
			return []string{"STR-T-0042"}
		}
		return nil
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range res.PathsToAsset(userData)[0].Steps {
		fmt.Println(s)
	}
	// Output:
	// start at User: untrusted source (High)
	// User → API Gateway over "API request": open threat USR-stolen-token-replayed (Medium)
	// API Gateway → Lambda over "Invoke": forwarded input (Low)
	// take over Lambda: open threat STR-T-0042 (Medium)
	// Lambda → User data as "Lambda execution role": identity access (High)
}
