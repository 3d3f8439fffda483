package reach_test

import (
	"fmt"

	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// A deploy role that may replace a function's code takes the function over
// and acts as its execution role: the published technique lambda-003.
func ExampleFinding_techniques() {
	m := tm.New("Deploy")
	account := m.Zone("AWS account", tm.Trusted)
	users := m.DataAsset("User data", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
	table := m.DataStore("DynamoDB", account, tm.Technology("Amazon DynamoDB"), tm.Stores(users))
	fn := m.Process("Lambda", account, tm.Technology("AWS Lambda"))
	exec := m.Role("Execution role")
	exec.Allow(table, "dynamodb:GetItem")
	fn.RunsAs(exec)
	deploy := m.Role("Deploy role")
	deploy.Allow(fn, "lambda:UpdateFunctionCode")

	res, err := reach.Analyze(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.RoleFindings(deploy) {
		if f.Code == tm.CodeEscalation {
			t, _ := reach.LookupTechnique(f.Techniques[0])
			fmt.Println(f.Target.Name(), f.Techniques, t.Kind, t.Permissions)
		}
	}
	// Output:
	// Lambda [lambda-003] take over an existing resource [lambda:UpdateFunctionCode]
}

// A CI service account that may create pods in a namespace runs a pod
// there as the namespace's other service account, which holds the
// database's credentials: the Kubernetes technique k8s-001. Kubernetes has
// no permission to pass a service account; the namespace is enough.
func ExampleTechnique_kubernetes() {
	m := tm.New("Cluster")
	ns := m.Zone("payments namespace", tm.Trusted)
	data := m.Zone("Data", tm.Trusted)
	cards := m.DataAsset("Card tokens", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
	db := m.DataStore("PostgreSQL", data, tm.Stores(cards))
	api := m.Process("Payments API", ns, tm.Technology("Go service"))
	sa := m.Role("payments service account")
	sa.Allow(db, "SELECT")
	api.RunsAs(sa)
	ci := m.Role("CI service account")
	ci.Allow(ns, "pods:create")

	res, err := reach.Analyze(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.RoleFindings(ci) {
		if f.Code == tm.CodeEscalation {
			t, _ := reach.LookupTechnique(f.Techniques[0])
			fmt.Println(f.Target.Name(), f.Techniques, t.Platform, t.Kind)
		}
	}
	// Output:
	// Payments API [k8s-001] Kubernetes pass a role to a new resource
}
