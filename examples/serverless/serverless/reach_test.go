package serverless_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

func named[E interface{ Name() string }](t *testing.T, els []E, name string) E {
	t.Helper()
	for _, e := range els {
		if e.Name() == name {
			return e
		}
	}
	t.Fatalf("no element named %q", name)
	var zero E
	return zero
}

// TestExecutionRoleBlastRadius answers the template's gate question on the
// guide's system: a compromised Lambda execution role reads and writes the
// user data in DynamoDB, cannot delete the table, and stays inside the AWS
// account.
func TestExecutionRoleBlastRadius(t *testing.T) {
	m := serverless.Model()
	res, err := reach.Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	role := named(t, m.Roles(), "Lambda execution role")
	userData := named(t, m.Assets(), "User data in DynamoDB")
	rr := res.Role(role)
	e, ok := rr.Find(userData)
	if !ok {
		t.Fatalf("the execution role does not reach the user data; it reaches %v", rr.Reach)
	}
	if e.Access != threatmodel.Read|threatmodel.Write {
		t.Errorf("access to user data = %v, want read/write", e.Access)
	}
	if e.Wildcard {
		t.Errorf("the user data is reached through a wildcard")
	}
	if rr.MaxCriticality != threatmodel.Critical {
		t.Errorf("highest criticality reached = %v, want Critical", rr.MaxCriticality)
	}
	if !rr.Contained() {
		t.Errorf("the execution role's reach leaks out of the AWS account: %v", rr.Leaks)
	}
	if got := res.Gate.ExecutionRoles; !slices.ContainsFunc(got, func(r reach.RoleReach) bool { return r.Role == role }) {
		t.Errorf("the gate answer does not list the execution role")
	}
	if fs := res.RoleFindings(role); len(fs) != 0 {
		t.Errorf("least-privilege findings on the execution role: %v", fs)
	}
}

// TestAttackPathToUserData: the user data's likeliest attack path is the
// system's worst real one, the operator's: through the deploy pipeline and
// the deploy role's right to replace the Lambda's code (RCH004), to the
// data the function reads. From outside, the API's JWT is passed only
// through a modelled weakness, and none is left open on the API request:
// phished customer credentials give one customer's records, which the
// function scopes to the caller. Each step names its weakness.
func TestAttackPathToUserData(t *testing.T) {
	m := serverless.Model()
	rep, err := stride.Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	res, err := reach.Analyze(m, reach.WithThreats(rep))
	if err != nil {
		t.Fatal(err)
	}
	userData := named(t, m.Assets(), "User data in DynamoDB")
	paths := res.PathsToAsset(userData)
	if len(paths) == 0 {
		t.Fatal("no attack path reaches the user data")
	}
	for _, p := range paths {
		for _, s := range p.Steps {
			if s.Weakness == 0 {
				t.Errorf("step %v names no weakness", s)
			}
		}
		if p.Steps[0].Weakness == reach.UntrustedSource {
			t.Errorf("a path from outside reaches the user data with no open weakness at the API: %s", p.String())
		}
	}
	if !slices.ContainsFunc(paths, func(p reach.AttackPath) bool {
		return p.Source != nil && p.Source.Name() == "Operator" && p.Escalates() &&
			slices.ContainsFunc(p.Steps, func(s reach.Step) bool { return s.To != nil && s.To.Name() == "Lambda" })
	}) {
		t.Errorf("no path from the operator takes over the Lambda through the deploy role:\n%v", paths)
	}
	// No path from outside reaches a Critical asset without crossing an
	// authenticated flow. (Insiders and a compromised supply chain need
	// no flow.)
	for _, p := range res.PathsTo(threatmodel.Critical) {
		if p.Steps[0].Weakness == reach.UntrustedSource && !p.Crosses(reach.Authenticated) {
			t.Errorf("path to %s crosses no authenticated flow: %s", p.Asset.Name(), p.String())
		}
	}
}

// TestDynamoDBWildcardStaysInDynamoDB adds "dynamodb:*" on AnyResource()
// to the API Gateway logging role, as a hurried change might: the role now
// reaches the users table and the data in it, but not IAM, Cognito or the
// deploy pipeline — a wildcard stays within its service — and least
// privilege reports the statement.
func TestDynamoDBWildcardStaysInDynamoDB(t *testing.T) {
	m := serverless.Model()
	role := named(t, m.Roles(), "API Gateway logging role")
	role.Allow(threatmodel.AnyResource(), "dynamodb:*")
	res, err := reach.Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	rr := res.Role(role)
	if _, ok := rr.Find(named(t, m.Components(), "DynamoDB")); !ok {
		t.Errorf("dynamodb:* on every resource should reach the DynamoDB table; it reaches %v", rr.Reach)
	}
	if _, ok := rr.Find(named(t, m.Assets(), "User data in DynamoDB")); !ok {
		t.Errorf("dynamodb:* on every resource should reach the user data in the table")
	}
	for _, name := range []string{"IAM", "Cognito user pool", "Deploy pipeline"} {
		if e, ok := rr.Find(named(t, m.Components(), name)); ok {
			t.Errorf("dynamodb:* on every resource reaches %s with %s; want nothing outside DynamoDB", name, e.Access)
		}
	}
	for _, r := range m.Roles() {
		if _, ok := rr.Find(r); ok && r != role {
			t.Errorf("dynamodb:* on every resource reaches the role %s", r.Name())
		}
	}
	if len(rr.Wildcards) == 0 {
		t.Errorf("the wildcard statement is not listed")
	}
	if len(res.RoleFindings(role)) == 0 {
		t.Errorf("no least-privilege finding for the wildcard")
	}
}

// TestUnauthenticatedRouteOpensPath adds a public route without
// authentication to API Gateway: the likeliest path to the user data now
// enters there, and it is likelier than before.
func TestUnauthenticatedRouteOpensPath(t *testing.T) {
	before, err := reach.Analyze(serverless.Model())
	if err != nil {
		t.Fatal(err)
	}
	m := serverless.Model()
	user, gateway := m.Component("User"), m.Component("API Gateway")
	userData := named(t, m.Assets(), "User data in DynamoDB")
	m.Flow(user, gateway, "Legacy export route",
		threatmodel.Over(threatmodel.HTTPS, 443), threatmodel.Encrypted(threatmodel.TLS13),
		threatmodel.AuthN(threatmodel.NoAuthentication), threatmodel.AuthZ(threatmodel.NoAuthorization),
		threatmodel.Carries(userData))
	after, err := reach.Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	// Paths from outside rank first; before the route, none gets past
	// the JWT without the STRIDE report's spoofing threat.
	fromOutside := func(p reach.AttackPath) bool {
		return p.Asset.Name() == userData.Name() && p.Steps[0].Weakness == reach.UntrustedSource
	}
	pa := after.PathsToAsset(userData)
	if len(pa) == 0 || !fromOutside(pa[0]) {
		t.Fatal("no path from outside to the user data")
	}
	if i := slices.IndexFunc(before.Paths, fromOutside); i >= 0 && pa[0].Cost >= before.Paths[i].Cost {
		t.Errorf("path cost with the open route %d, before %d; want cheaper", pa[0].Cost, before.Paths[i].Cost)
	}
	if e := pa[0].Entry(); e == nil || !strings.Contains(e.Key(), "Legacy export route") {
		t.Errorf("the likeliest path enters over %v, want the unauthenticated route", e)
	}
}

// TestDeployRoleTechnique: the deploy role's right to replace the Lambda's
// code is the published technique lambda-003 (lambda:UpdateFunctionCode on
// an existing function bound to a role); the escalation finding says so,
// and so does every attack path step that takes the Lambda over.
func TestDeployRoleTechnique(t *testing.T) {
	m := serverless.Model()
	rep, err := stride.Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	res, err := reach.Analyze(m, reach.WithThreats(rep))
	if err != nil {
		t.Fatal(err)
	}
	deploy := named(t, m.Roles(), "Deploy role")
	found := false
	for _, f := range res.RoleFindings(deploy) {
		if f.Code == threatmodel.CodeEscalation && f.Target != nil && f.Target.Name() == "Lambda" {
			found = true
			if !slices.Contains(f.Techniques, "lambda-003") || !strings.Contains(f.Message, "lambda-003") {
				t.Errorf("the takeover of the Lambda does not name lambda-003: %v %s", f.Techniques, f.Message)
			}
		}
	}
	if !found {
		t.Errorf("no escalation finding takes the Lambda over through the deploy role")
	}
	steps := 0
	for _, p := range res.EscalationPaths() {
		for _, s := range p.Steps {
			if s.Kind == reach.StepTakeover && s.To != nil && s.To.Name() == "Lambda" {
				steps++
				if !slices.Equal(s.Techniques, []string{"lambda-003"}) || !strings.Contains(s.String(), "lambda-003") {
					t.Errorf("step %s: techniques %v, want lambda-003", s, s.Techniques)
				}
			}
		}
	}
	if steps == 0 {
		t.Errorf("no attack path takes the Lambda over")
	}
}
