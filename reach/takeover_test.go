package reach_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	serverlessexample "github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// deploy is a small model: a function runs as a role that reads and writes
// a table; a pipeline runs as a deploy role whose statement on the function
// the test chooses.
type deploy struct {
	m                  *tm.Model
	account            *tm.Zone
	fn, table, pipe    *tm.Component
	orders             *tm.Asset
	fnRole, deployRole *tm.Role
	stmt               *tm.Permission
}

func newDeploy(actions ...string) *deploy {
	d := &deploy{m: tm.New("Deploy")}
	m := d.m
	d.account = m.Zone("Account", tm.Trusted, tm.ContainsBlastRadius())
	d.orders = m.DataAsset("Orders", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
	d.fn = m.Process("Function", d.account, tm.Controls(tm.InputValidation))
	d.table = m.DataStore("Orders table", d.account, tm.Stores(d.orders), tm.Controls(tm.Authorization))
	d.pipe = m.Process("Pipeline", d.account, tm.Controls(tm.InputValidation))
	q := m.Flow(d.fn, d.table, "Query", tm.AuthN(tm.IAMSignature))
	m.Response(q, "Rows")
	m.Flow(d.pipe, d.fn, "Deploy", tm.AuthN(tm.IAMSignature))
	d.fnRole = m.Role("Function role")
	d.fnRole.Allow(d.table, "dynamodb:GetItem", "dynamodb:PutItem")
	d.fn.RunsAs(d.fnRole)
	d.deployRole = m.Role("Deploy role")
	d.stmt = d.deployRole.Allow(d.fn, actions...)
	d.pipe.RunsAs(d.deployRole)
	return d
}

func TestTakeoverReachesTheProcessRoles(t *testing.T) {
	d := newDeploy("lambda:UpdateFunctionCode")
	res := analyze(t, d.m)
	rr := res.Role(d.deployRole)
	e, ok := rr.Find(d.orders)
	if !ok {
		t.Fatalf("a role that can replace the function's code should reach its table; it reaches %v", elPaths(rr.Reach))
	}
	if diff := cmp.Diff([]string{"Deploy role", "Function", "Function role"}, names(e.Chain)); diff != "" {
		t.Errorf("chain (-want +got):\n%s", diff)
	}
	if e.Access != tm.Read|tm.Write || e.Through != d.table || e.Takeover {
		t.Errorf("orders: access %s through %v takeover %v, want read/write through the table, not a takeover", e.Access, e.Through, e.Takeover)
	}
	if len(e.Via) != 1 || e.Via[0].Role() != d.fnRole {
		t.Errorf("via %v, want the function role's statement", e.Via)
	}
	fe, _ := rr.Find(d.fn)
	if !fe.Takeover || len(fe.Chain) != 1 || fe.Chain[0] != d.deployRole {
		t.Errorf("function entry: takeover %v chain %v, want a takeover by the role's own statement", fe.Takeover, names(fe.Chain))
	}
	if diff := cmp.Diff([]string{"Function"}, names(rr.TakesOver)); diff != "" {
		t.Errorf("TakesOver (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Function role"}, names(rr.Assumes)); diff != "" {
		t.Errorf("Assumes (-want +got):\n%s", diff)
	}
	if rr.MaxCriticality != tm.Critical {
		t.Errorf("max criticality %s, want Critical", rr.MaxCriticality)
	}

	// The pipeline's blast radius follows through its role.
	cr := res.Component(d.pipe)
	if e, ok := cr.Find(d.orders); !ok || !cmp.Equal(names(e.Chain), []string{"Deploy role", "Function", "Function role"}) {
		t.Errorf("pipeline: orders reached %v with chain %v", ok, names(e.Chain))
	}
	if diff := cmp.Diff([]string{"Function"}, names(cr.TakesOver)); diff != "" {
		t.Errorf("pipeline TakesOver (-want +got):\n%s", diff)
	}
	// The function does not take itself over.
	if got := res.Component(d.fn).TakesOver; len(got) != 0 {
		t.Errorf("function TakesOver = %v, want none", names(got))
	}
}

func TestCallingAProcessIsNoTakeover(t *testing.T) {
	for _, actions := range [][]string{
		{"lambda:InvokeFunction"},
		{"lambda:GetFunction", "lambda:ListVersionsByFunction"},
		{"lambda:Get*"},
	} {
		d := newDeploy(actions...)
		res := analyze(t, d.m)
		rr := res.Role(d.deployRole)
		if _, ok := rr.Find(d.orders); ok {
			t.Errorf("%v: a role that only calls or reads the function should not reach its table", actions)
		}
		if fe, _ := rr.Find(d.fn); fe.Takeover {
			t.Errorf("%v: the function entry is marked as a takeover", actions)
		}
		if len(rr.TakesOver) != 0 || len(rr.Assumes) != 0 {
			t.Errorf("%v: TakesOver %v Assumes %v, want none", actions, names(rr.TakesOver), names(rr.Assumes))
		}
		for _, f := range res.Findings {
			if f.Code == tm.CodeEscalation {
				t.Errorf("%v: unexpected %s", actions, f.Error())
			}
		}
	}
}

func TestDenyTakesAwayTheTakeover(t *testing.T) {
	d := newDeploy("lambda:UpdateFunctionCode", "lambda:InvokeFunction")
	d.deployRole.Deny(d.account, "lambda:Update*")
	rr := analyze(t, d.m).Role(d.deployRole)
	if _, ok := rr.Find(d.orders); ok || len(rr.TakesOver) != 0 {
		t.Errorf("a denied update should not take the function over; TakesOver %v", names(rr.TakesOver))
	}

	// An allowed wildcard stays unless a deny as wide takes it away.
	d = newDeploy("lambda:*")
	d.deployRole.Deny(d.fn, "lambda:UpdateFunctionCode")
	if _, ok := analyze(t, d.m).Role(d.deployRole).Find(d.orders); !ok {
		t.Error("lambda:* left after a narrow deny still takes the function over")
	}
}

func TestTakeoverBySecretAndThroughAssumption(t *testing.T) {
	d := newDeploy("lambda:InvokeFunction")
	key := d.m.Secret("Function console password", tm.Opens(d.fn), tm.UsedBy(d.pipe))
	updater := d.m.Role("Updater")
	updater.Allow(d.fn, "lambda:UpdateFunctionConfiguration")
	d.deployRole.CanAssume(updater)
	res := analyze(t, d.m)

	sr := res.Secret(key)
	if e, ok := sr.Find(d.orders); !ok || !cmp.Equal(names(e.Chain), []string{"Function console password", "Function", "Function role"}) {
		t.Errorf("secret: orders reached %v with chain %v", ok, names(e.Chain))
	}
	if diff := cmp.Diff([]string{"Function"}, names(sr.TakesOver)); diff != "" {
		t.Errorf("secret TakesOver (-want +got):\n%s", diff)
	}

	rr := res.Role(d.deployRole)
	e, ok := rr.Find(d.orders)
	if !ok {
		t.Fatal("the deploy role should reach the orders through the role it assumes")
	}
	if diff := cmp.Diff([]string{"Deploy role", "Updater", "Function", "Function role"}, names(e.Chain)); diff != "" {
		t.Errorf("chain (-want +got):\n%s", diff)
	}
}

// Two functions, each able to update the other: the walk ends where the
// cycle closes.
func TestTakeoverCycleTerminates(t *testing.T) {
	m := tm.New("Cycle")
	z := m.Zone("Account", tm.Trusted)
	a := m.DataAsset("A data", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
	b := m.DataAsset("B data", tm.Value(tm.Medium), tm.RiskLevel(tm.Important))
	pa := m.Process("A", z)
	pb := m.Process("B", z)
	sa := m.DataStore("A store", z, tm.Stores(a))
	sb := m.DataStore("B store", z, tm.Stores(b))
	ra, rb := m.Role("A role"), m.Role("B role")
	ra.Allow(sa, "s3:GetObject")
	rb.Allow(sb, "s3:GetObject")
	ra.Allow(pb, "deployments:update")
	rb.Allow(pa, "deployments:patch")
	pa.RunsAs(ra)
	pb.RunsAs(rb)
	res := analyze(t, m)
	for _, tt := range []struct {
		role   *tm.Role
		other  *tm.Asset
		chain  []string
		procs  []string
		assume []string
	}{
		{ra, b, []string{"A role", "B", "B role"}, []string{"A", "B"}, []string{"B role"}},
		{rb, a, []string{"B role", "A", "A role"}, []string{"A", "B"}, []string{"A role"}},
	} {
		rr := res.Role(tt.role)
		e, ok := rr.Find(tt.other)
		if !ok {
			t.Fatalf("%s should reach %s", tt.role.Name(), tt.other.Name())
		}
		if diff := cmp.Diff(tt.chain, names(e.Chain)); diff != "" {
			t.Errorf("%s chain (-want +got):\n%s", tt.role.Name(), diff)
		}
		if diff := cmp.Diff(tt.procs, names(rr.TakesOver)); diff != "" {
			t.Errorf("%s TakesOver (-want +got):\n%s", tt.role.Name(), diff)
		}
		if diff := cmp.Diff(tt.assume, names(rr.Assumes)); diff != "" {
			t.Errorf("%s Assumes (-want +got):\n%s", tt.role.Name(), diff)
		}
	}
	if cr := res.Component(pa); len(cr.Roles) != 2 || !cmp.Equal(names(cr.TakesOver), []string{"B"}) {
		t.Errorf("A: roles %v TakesOver %v", names(cr.Roles), names(cr.TakesOver))
	}
}

func TestEscalationThroughTakeover(t *testing.T) {
	d := newDeploy("lambda:UpdateFunctionCode", "lambda:GetFunction")
	res := analyze(t, d.m)
	var esc []reach.Finding
	for _, f := range res.Findings {
		if f.Code == tm.CodeEscalation {
			esc = append(esc, f)
		}
	}
	if diff := cmp.Diff([]string{`RCH004 roles["Deploy role"].permissions[0]`}, codesAndPaths(esc)); diff != "" {
		t.Fatalf("escalations (-want +got):\n%s", diff)
	}
	f := esc[0]
	if f.Target != d.fn || f.Permission != d.stmt || f.Role != d.deployRole || f.Pos != d.stmt.Pos() {
		t.Errorf("finding target %v permission %v role %v", f.Target, f.Permission, f.Role)
	}
	if diff := cmp.Diff([]string{`assets["Orders"]`, `components["Orders table"]`}, elPaths(f.Gains)); diff != "" {
		t.Errorf("gains (-want +got):\n%s", diff)
	}
	if g, _ := findEntry(f.Gains, d.orders); !cmp.Equal(names(g.Chain), []string{"Function", "Function role"}) {
		t.Errorf("gain chain %v, want the function first", names(g.Chain))
	}
	for _, want := range []string{"take over components[\"Function\"]", "lambda:UpdateFunctionCode", `assets["Orders"] (High value, Critical)`} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message lacks %q: %s", want, f.Message)
		}
	}

	// A role that can already do what the function's role does gains
	// nothing.
	d = newDeploy("lambda:UpdateFunctionCode")
	d.deployRole.Allow(d.table, "dynamodb:GetItem", "dynamodb:PutItem")
	for _, f := range analyze(t, d.m).Findings {
		if f.Code == tm.CodeEscalation {
			t.Errorf("no gain, yet %s", f.Error())
		}
	}

	// Updating the process one runs as gains nothing through oneself.
	d = newDeploy("lambda:InvokeFunction")
	d.fnRole.Allow(d.fn, "lambda:UpdateFunctionCode")
	for _, f := range analyze(t, d.m).Findings {
		if f.Code == tm.CodeEscalation {
			t.Errorf("a role updating its own function escalates to nothing: %s", f.Error())
		}
	}
}

// A process taken over keeps its own flows: the pipeline's flows do not
// justify the function role's statements.
func TestTakeoverDoesNotJustifyPermissions(t *testing.T) {
	d := newDeploy("lambda:UpdateFunctionCode")
	audit := d.m.DataStore("Audit table", d.account)
	unused := d.fnRole.Allow(audit, "dynamodb:PutItem")
	d.m.Flow(d.pipe, audit, "Record deployment", tm.AuthN(tm.IAMSignature))
	var got []string
	for _, f := range analyze(t, d.m).Findings {
		if f.Permission == unused {
			got = append(got, string(f.Code))
		}
	}
	if diff := cmp.Diff([]string{"RCH001"}, got); diff != "" {
		t.Errorf("findings on the function role's unused statement (-want +got):\n%s", diff)
	}
}

// Attack paths take a process over only with a modifying action; a call
// reaches the process's input, which takes it over only without input
// validation.
func TestTakeoverInAttackPaths(t *testing.T) {
	build := func(validated bool, actions ...string) (*deploy, *tm.Component) {
		d := newDeploy("lambda:GetFunction")
		runner := d.m.Process("Build runner", d.m.Zone("CI", tm.Untrusted))
		r := d.m.Role("Runner role")
		r.Allow(d.fn, actions...)
		runner.RunsAs(r)
		if !validated {
			d.fn = d.m.Process("Unvalidated function", d.account)
			d.fn.RunsAs(d.fnRole)
			r.Allow(d.fn, actions...)
		}
		return d, runner
	}

	d, runner := build(true, "lambda:UpdateFunctionCode")
	paths := analyze(t, d.m).PathsToAsset(d.orders)
	if len(paths) == 0 {
		t.Fatal("no path through the function taken over")
	}
	want := []string{
		"start at Build runner: untrusted source (High)",
		`take over Function from Build runner through "Runner role" (lambda:UpdateFunctionCode): escalation RCH004 (High)`,
		`Function → Orders as "Function role": identity access (High)`,
	}
	if diff := cmp.Diff(want, stepStrings(paths[0])); diff != "" {
		t.Errorf("top path (-want +got):\n%s", diff)
	}
	if paths[0].Source != runner {
		t.Errorf("source %v", paths[0].Source)
	}

	// Invoking a validating function only passes input on.
	d, _ = build(true, "lambda:InvokeFunction")
	paths = analyze(t, d.m).PathsToAsset(d.orders)
	if len(paths) == 0 {
		t.Fatal("no path: the function forwards the input to its table")
	}
	want = []string{
		"start at Build runner: untrusted source (High)",
		`Build runner → Function as "Runner role": over-broad role (High)`,
		`Function → Orders table over "Query": forwarded input (Low)`,
		"Orders table → Orders: served to caller (Low)",
	}
	if diff := cmp.Diff(want, stepStrings(paths[0])); diff != "" {
		t.Errorf("top path (-want +got):\n%s", diff)
	}
	for _, p := range paths {
		for _, s := range p.Steps {
			if s.Role == d.fnRole {
				t.Errorf("invoking a validating function should not act as its role: %v", stepStrings(p))
			}
		}
	}

	d, _ = build(false, "lambda:InvokeFunction")
	paths = analyze(t, d.m).PathsToAsset(d.orders)
	if len(paths) == 0 {
		t.Fatal("invoking a function without input validation should take it over")
	}
	want = []string{
		"start at Build runner: untrusted source (High)",
		`Build runner → Unvalidated function as "Runner role": over-broad role (High)`,
		"take over Unvalidated function: missing input validation (Medium)",
		`Unvalidated function → Orders as "Function role": identity access (High)`,
	}
	if diff := cmp.Diff(want, stepStrings(paths[0])); diff != "" {
		t.Errorf("top path (-want +got):\n%s", diff)
	}
}

// The serverless example: the deploy role can replace the Lambda's code and
// so reaches the user data through the execution role.
func TestServerlessExampleDeployRoleTakesOverLambda(t *testing.T) {
	m := serverlessexample.Model()
	res := analyze(t, m)
	var deployRole, execRole *tm.Role
	for _, r := range m.Roles() {
		switch r.Name() {
		case "Deploy role":
			deployRole = r
		case "Lambda execution role":
			execRole = r
		}
	}
	if deployRole == nil || execRole == nil {
		t.Fatal("the example lacks the deploy or the execution role")
	}
	var userData *tm.Asset
	for _, a := range m.Assets() {
		if a.Name() == "User data in DynamoDB" {
			userData = a
		}
	}
	rr := res.Role(deployRole)
	e, ok := rr.Find(userData)
	if !ok {
		t.Fatalf("the deploy role should reach the user data; it reaches %v", elPaths(rr.Reach))
	}
	// The deploy role passes the execution role to the function whose
	// configuration it can change: it acts as the execution role directly,
	// and a chain through no process is preferred.
	if diff := cmp.Diff([]string{"Deploy role", "Lambda execution role"}, names(e.Chain)); diff != "" {
		t.Errorf("chain (-want +got):\n%s", diff)
	}
	if e.Access&tm.Read == 0 || len(e.Via) == 0 || e.Via[0].Role() != execRole {
		t.Errorf("user data: access %s via %v", e.Access, e.Via)
	}
	if !cmp.Equal(names(rr.TakesOver), []string{"API Gateway", "Lambda"}) { // iam:PassRole takes nothing over
		t.Errorf("TakesOver = %v", names(rr.TakesOver))
	}
	var esc []string
	for _, f := range res.RoleFindings(deployRole) {
		if f.Code == tm.CodeEscalation {
			esc = append(esc, f.Path+" → "+f.Target.Name())
		}
	}
	want := []string{`roles["Deploy role"].permissions[0] → Lambda`, `roles["Deploy role"].permissions[1] → API Gateway`,
		`roles["Deploy role"].permissions[2] → Lambda execution role`}
	if diff := cmp.Diff(want, esc); diff != "" {
		t.Errorf("escalations (-want +got):\n%s", diff)
	}
}
