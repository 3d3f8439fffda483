package threatmodel_test

import (
	"slices"
	"testing"

	tm "github.com/threatwright/threatwright/threatmodel"
)

type effView struct {
	res     string
	actions []string
}

func effViews(es []tm.EffectivePermission) []effView {
	var out []effView
	for _, e := range es {
		out = append(out, effView{e.Resource.Name(), e.Actions})
	}
	return out
}

// TestEffective states allow ∩ boundary ∩ guardrails − deny on small
// cases.
func TestEffective(t *testing.T) {
	m := tm.New("m")
	account := m.Zone("Account", tm.Trusted)
	data := m.Zone("Data", tm.HighlyTrusted, tm.Inside(account))
	api := m.Process("API", account, tm.Technology("AWS Lambda"))
	table := m.DataStore("Users", data, tm.Technology("Amazon DynamoDB"))
	logs := m.DataStore("Logs", data, tm.Technology("Amazon CloudWatch Logs"))

	boundary := m.Guardrail("Boundary")
	boundary.Allow(table, "dynamodb:GetItem", "dynamodb:PutItem")
	boundary.Allow(logs, "logs:*")
	scp := m.Guardrail("SCP")
	scp.Deny(tm.AnyResource(), "dynamodb:PutItem")
	account.Guardrail(scp)

	r := m.Role("App role", tm.WithPermissionBoundary(boundary))
	r.Allow(tm.AnyResource(), "dynamodb:*")
	r.Allow(logs, "logs:PutLogEvents", "s3:GetObject")
	r.Deny(data, "logs:DeleteLogGroup")
	api.RunsAs(r)

	if got := r.Guardrails(); !slices.Equal(got, []*tm.Guardrail{boundary, scp}) {
		t.Errorf("Guardrails = %v, want the boundary then the zone's SCP", got)
	}
	want := []effView{{"Users", []string{"dynamodb:GetItem"}}, {"Logs", []string{"logs:PutLogEvents"}}}
	got := effViews(r.Effective())
	if !slices.EqualFunc(got, want, func(a, b effView) bool { return a.res == b.res && slices.Equal(a.actions, b.actions) }) {
		t.Errorf("Effective = %v, want %v", got, want)
	}

	// No boundary: a wildcard on every resource stays within its service.
	free := m.Role("Free role")
	free.Allow(tm.AnyResource(), "dynamodb:*")
	free.Deny(table, "dynamodb:DeleteTable")
	e := free.Effective()[0]
	if acts := e.ActionsOn(logs, nil); len(acts) != 0 {
		t.Errorf("dynamodb:* on every resource applies to the log store: %v", acts)
	}
	if acts := e.ActionsOn(table, nil); !slices.Equal(acts, []string{"dynamodb:*"}) {
		t.Errorf("dynamodb:* on the table = %v", acts)
	}

	// iam:PassRole leads to the passed role only with an action that
	// launches a service.
	admin := m.Role("Admin")
	pass := m.Role("Passer")
	pass.Allow(admin, "iam:PassRole")
	if got := pass.Effective()[0].ActsAs(); got != nil {
		t.Errorf("iam:PassRole alone acts as %v", got.Name())
	}
	pass.Allow(api, "lambda:CreateFunction")
	if got := pass.Effective()[0].ActsAs(); got != admin {
		t.Errorf("iam:PassRole with lambda:CreateFunction acts as %v, want Admin", got)
	}
}

// TestEffectiveAllows asks about one concrete action: a deny of it takes
// it from an allowed wildcard, on the whole statement or on one element.
func TestEffectiveAllows(t *testing.T) {
	m := tm.New("m")
	account := m.Zone("Account", tm.Trusted)
	fn := m.Process("Function", account, tm.Technology("AWS Lambda"))
	other := m.Process("Other function", account, tm.Technology("AWS Lambda"))
	r := m.Role("Deployer")
	r.Allow(account, "lambda:*")
	r.Deny(account, "lambda:InvokeFunction")
	r.Deny(fn, "lambda:UpdateFunctionCode")
	e := r.Effective()[0]
	for _, c := range []struct {
		action string
		el     tm.Element
		want   bool
	}{
		{"lambda:CreateFunction", nil, true},
		{"lambda:InvokeFunction", nil, false},
		{"lambda:InvokeFunction", other, false},
		{"lambda:UpdateFunctionCode", fn, false},
		{"lambda:UpdateFunctionCode", other, true},
		{"lambda:UpdateFunctionCode", nil, true},
		{"iam:PassRole", other, false},
	} {
		if got := e.Allows(c.action, c.el, nil); got != c.want {
			t.Errorf("Allows(%s, %v) = %v, want %v", c.action, c.el, got, c.want)
		}
	}
}

// TestGranted: what a role could grant itself stays within its permission
// boundary and loses its denies, and leaves the role as it was.
func TestGranted(t *testing.T) {
	m := tm.New("m")
	account := m.Zone("Account", tm.Trusted)
	table := m.DataStore("Users", account, tm.Technology("Amazon DynamoDB"))
	logs := m.DataStore("Logs", account, tm.Technology("Amazon CloudWatch Logs"))
	boundary := m.Guardrail("Boundary")
	boundary.Allow(table, "dynamodb:*")
	boundary.Allow(logs, "logs:PutLogEvents")
	r := m.Role("Self-editing role", tm.WithPermissionBoundary(boundary))
	r.Allow(table, "dynamodb:GetItem")
	r.Deny(table, "dynamodb:DeleteTable")
	before := len(r.Permissions())
	got := effViews(r.Granted(tm.AnyResource(), "*"))
	want := []effView{{"Users", []string{"dynamodb:*"}}, {"Logs", []string{"logs:PutLogEvents"}}}
	if !slices.EqualFunc(got, want, func(a, b effView) bool { return a.res == b.res && slices.Equal(a.actions, b.actions) }) {
		t.Errorf("Granted = %v, want %v", got, want)
	}
	if g := r.Granted(tm.AnyResource(), "*"); g[0].Allows("dynamodb:DeleteTable", table, nil) || !g[0].Allows("dynamodb:PutItem", table, nil) {
		t.Errorf("Granted ignores the role's deny or the boundary's wildcard")
	}
	if len(r.Permissions()) != before {
		t.Errorf("Granted changed the role")
	}
	if r.Granted(nil, "*") != nil || r.Granted(table) != nil || (*tm.Role)(nil).Granted(table, "*") != nil {
		t.Errorf("Granted of nothing is not nil")
	}
}
