package reach_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// shop is a small model: an app in an account that runs as a role and uses
// two tables, each holding one asset.
type shop struct {
	m                    *tm.Model
	account, data        *tm.Zone
	app, orders, audit   *tm.Component
	orderData, auditData *tm.Asset
	role                 *tm.Role
}

func newShop() *shop {
	s := &shop{m: tm.New("Shop")}
	s.account = s.m.Zone("Account", tm.Trusted, tm.ContainsBlastRadius())
	s.data = s.m.Zone("Data", tm.HighlyTrusted, tm.Inside(s.account))
	s.orderData = s.m.DataAsset("Orders", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
	s.auditData = s.m.Asset("Audit log", tm.AssetLogs, tm.Value(tm.Medium), tm.RiskLevel(tm.Moderate))
	s.app = s.m.Process("App", s.account)
	s.orders = s.m.DataStore("Orders table", s.data, tm.Stores(s.orderData), tm.Technology("Amazon DynamoDB"))
	s.audit = s.m.DataStore("Audit table", s.data, tm.Stores(s.auditData), tm.Technology("Amazon DynamoDB"))
	s.role = s.m.Role("App role")
	s.app.RunsAs(s.role)
	return s
}

func TestRoleReachDirect(t *testing.T) {
	s := newShop()
	s.role.Allow(s.orders, "dynamodb:GetItem", "dynamodb:PutItem")
	rr := analyze(t, s.m).Role(s.role)
	if rr == nil {
		t.Fatal("Role returned nil for a declared role")
	}
	if diff := cmp.Diff([]string{`assets["Orders"]`, `components["Orders table"]`}, elPaths(rr.Reach)); diff != "" {
		t.Errorf("reach (-want +got):\n%s", diff)
	}
	e, ok := rr.Find(s.orderData)
	if !ok {
		t.Fatal("Find(Orders) = false")
	}
	if e.Access != tm.Read|tm.Write || e.Through != s.orders || e.Zone != s.data || e.Wildcard || e.Outside {
		t.Errorf("Orders entry = access %s through %v zone %v wildcard %v outside %v", e.Access, e.Through, e.Zone, e.Wildcard, e.Outside)
	}
	if diff := cmp.Diff([]string{"dynamodb:GetItem", "dynamodb:PutItem"}, e.Actions); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}
	if len(e.Via) != 1 || e.Via[0].Role() != s.role || len(e.Chain) != 1 || e.Chain[0] != s.role {
		t.Errorf("via %v chain %v, want the role's own permission", e.Via, e.Chain)
	}
	if rr.MaxValue != tm.High || rr.MaxCriticality != tm.Critical {
		t.Errorf("max = %s %s, want High Critical", rr.MaxValue, rr.MaxCriticality)
	}
	if got := len(rr.Can(tm.Read)); got != 2 {
		t.Errorf("Can(Read) = %d entries, want 2", got)
	}
	if got := rr.Can(tm.Delete); len(got) != 0 {
		t.Errorf("Can(Delete) = %v, want none", elPaths(got))
	}
	if got := elPaths(rr.Assets()); !slices.Equal(got, []string{`assets["Orders"]`}) {
		t.Errorf("Assets() = %v", got)
	}
	if _, ok := rr.Find(s.auditData); ok {
		t.Error("the role should not reach the audit log")
	}
	if !rr.Contained() || len(rr.Boundaries) != 1 || rr.Boundaries[0] != s.account {
		t.Errorf("Contained = %v, boundaries %v; want contained in Account", rr.Contained(), names(rr.Boundaries))
	}
}

func TestZonePermissionReachesNestedZones(t *testing.T) {
	s := newShop()
	inner := s.m.Zone("Archive", tm.HighlyTrusted, tm.Inside(s.data))
	archive := s.m.DataStore("Archive bucket", inner)
	s.m.ExternalEntity("Auditor", s.data)
	s.role.Allow(s.data, "s3:GetObject")
	rr := analyze(t, s.m).Role(s.role)
	want := []string{`assets["Audit log"]`, `assets["Orders"]`, `components["Archive bucket"]`, `components["Audit table"]`, `components["Orders table"]`}
	if diff := cmp.Diff(want, elPaths(rr.Reach)); diff != "" {
		t.Errorf("a zone reaches its components, nested ones, and their assets, not external entities (-want +got):\n%s", diff)
	}
	if e, _ := rr.Find(archive); e.Access != tm.Read {
		t.Errorf("archive access = %s, want read", e.Access)
	}
}

func TestAnyResourceReachesEverythingVisibly(t *testing.T) {
	s := newShop()
	s.m.ExternalEntity("Customer", s.m.Zone("Internet", tm.Untrusted))
	key := s.m.Secret("Key", tm.UsedBy(s.app))
	p := s.role.Allow(tm.AnyResource(), "*:Get*")
	rr := analyze(t, s.m).Role(s.role)
	want := []string{`assets["Audit log"]`, `assets["Orders"]`, `components["App"]`, `components["Audit table"]`,
		`components["Orders table"]`, `roles["App role"]`, `secrets["Key"]`}
	if diff := cmp.Diff(want, elPaths(rr.Reach)); diff != "" {
		t.Errorf("AnyResource reach (-want +got):\n%s", diff)
	}
	for _, e := range rr.Reach {
		if !e.Wildcard {
			t.Errorf("%s reached through AnyResource is not marked Wildcard", e.Element.Path())
		}
	}
	if len(rr.Wildcards) != 1 || rr.Wildcards[0] != p {
		t.Errorf("Wildcards = %v, want the AnyResource statement", rr.Wildcards)
	}
	if _, ok := rr.Find(key); !ok {
		t.Error("AnyResource should reach the secret")
	}
}

func TestDenyWins(t *testing.T) {
	tests := []struct {
		name    string
		declare func(s *shop)
		want    map[string][]string // element path → actions left
	}{
		{
			name: "a specific deny takes away only its action",
			declare: func(s *shop) {
				s.role.Allow(s.orders, "dynamodb:GetItem", "dynamodb:Scan")
				s.role.Deny(s.orders, "dynamodb:Scan")
			},
			want: map[string][]string{`components["Orders table"]`: {"dynamodb:GetItem"}, `assets["Orders"]`: {"dynamodb:GetItem"}},
		},
		{
			name: "a narrow deny leaves an allowed wildcard in place",
			declare: func(s *shop) {
				s.role.Allow(s.orders, "dynamodb:*")
				s.role.Deny(s.orders, "dynamodb:DeleteTable")
			},
			want: map[string][]string{`components["Orders table"]`: {"dynamodb:*"}, `assets["Orders"]`: {"dynamodb:*"}},
		},
		{
			name: "a wildcard deny takes everything it matches, whatever the case",
			declare: func(s *shop) {
				s.role.Allow(s.orders, "dynamodb:GetItem")
				s.role.Deny(s.orders, "DynamoDB:*")
			},
			want: map[string][]string{},
		},
		{
			name: "a deny on a zone covers what is in it",
			declare: func(s *shop) {
				s.role.Allow(s.orders, "dynamodb:GetItem")
				s.role.Allow(s.app, "lambda:InvokeFunction")
				s.role.Deny(s.data, "*")
			},
			want: map[string][]string{`components["App"]`: {"lambda:InvokeFunction"}},
		},
		{
			name: "a deny on a store covers the assets in it",
			declare: func(s *shop) {
				s.role.Allow(tm.AnyResource(), "dynamodb:GetItem")
				s.role.Deny(s.orders, "dynamodb:*")
				s.role.Deny(s.app, "*")
				s.role.Deny(s.role, "*")
			},
			want: map[string][]string{`components["Audit table"]`: {"dynamodb:GetItem"}, `assets["Audit log"]`: {"dynamodb:GetItem"}},
		},
		{
			name: "a deny on an asset covers it through its store",
			declare: func(s *shop) {
				s.role.Allow(s.orders, "dynamodb:GetItem")
				s.role.Deny(s.orderData, "dynamodb:GetItem")
			},
			want: map[string][]string{`components["Orders table"]`: {"dynamodb:GetItem"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newShop()
			tt.declare(s)
			got := make(map[string][]string)
			for _, e := range analyze(t, s.m).Role(s.role).Reach {
				got[e.Element.Path()] = e.Actions
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("reach (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAssumptionIsTransitiveAndCycleSafe(t *testing.T) {
	s := newShop()
	b := s.m.Role("B")
	c := s.m.Role("C")
	s.role.CanAssume(b)
	b.CanAssume(c)
	c.CanAssume(s.role) // a cycle back to the start
	c.Allow(s.audit, "dynamodb:DeleteItem")
	rr := analyze(t, s.m).Role(s.role)
	if diff := cmp.Diff([]string{"B", "C"}, names(rr.Assumes)); diff != "" {
		t.Errorf("Assumes (-want +got):\n%s", diff)
	}
	e, ok := rr.Find(s.auditData)
	if !ok {
		t.Fatal("the role should reach the audit log through B and C")
	}
	if diff := cmp.Diff([]string{"App role", "B", "C"}, names(e.Chain)); diff != "" {
		t.Errorf("chain (-want +got):\n%s", diff)
	}
	if e.Access != tm.Delete {
		t.Errorf("access = %s, want delete", e.Access)
	}
}

func TestEscalationThroughPermissionsAndSecrets(t *testing.T) {
	s := newShop()
	admin := s.m.Role("Admin")
	admin.Allow(s.orders, "dynamodb:*")
	reader := s.m.Role("Reader")
	reader.Allow(s.audit, "dynamodb:GetItem")
	key := s.m.Secret("Reader key", tm.Grants(reader))
	s.role.Allow(admin, "iam:GetRole") // a read: no escalation
	s.role.Allow(key, "secretsmanager:GetSecretValue")
	res := analyze(t, s.m)
	rr := res.Role(s.role)
	if len(rr.Assumes) != 1 || rr.Assumes[0] != reader {
		t.Errorf("Assumes = %v, want [Reader] through the secret", names(rr.Assumes))
	}
	if len(rr.Secrets) != 1 || rr.Secrets[0] != key {
		t.Errorf("Secrets = %v, want [Reader key]", names(rr.Secrets))
	}
	e, ok := rr.Find(s.auditData)
	if !ok {
		t.Fatal("the role should reach the audit log through the secret")
	}
	if diff := cmp.Diff([]string{"App role", "Reader key", "Reader"}, names(e.Chain)); diff != "" {
		t.Errorf("chain (-want +got):\n%s", diff)
	}
	if _, ok := rr.Find(s.orderData); ok {
		t.Error("iam:GetRole should not let the role act as Admin")
	}

	s2 := newShop()
	admin2 := s2.m.Role("Admin")
	admin2.Allow(s2.orders, "dynamodb:*")
	s2.role.Allow(admin2, "sts:AssumeRole")
	if _, ok := analyze(t, s2.m).Role(s2.role).Find(s2.orderData); !ok {
		t.Error("sts:AssumeRole on a role should let the role act as it")
	}
}

func TestComponentReach(t *testing.T) {
	s := newShop()
	internet := s.m.Zone("Internet", tm.Untrusted)
	partner := s.m.ExternalEntity("Partner API", internet)
	cache := s.m.DataStore("Cache", s.account)
	session := s.m.DataAsset("Sessions", tm.Value(tm.Medium), tm.RiskLevel(tm.Important))
	s.app.RunsAs() // no-op
	s.role.Allow(s.orders, "dynamodb:GetItem")
	dbPassword := s.m.Secret("Audit DB password", tm.UsedBy(s.app), tm.Opens(s.audit))
	q := s.m.Flow(s.app, s.orders, "Query", tm.AuthN(tm.IAMSignature))
	s.m.Response(q, "Rows")
	s.m.Flow(s.app, partner, "Notify", tm.AuthN(tm.JWT))
	s.m.Flow(s.app, cache, "Cache sessions", tm.Carries(session))
	cr := analyze(t, s.m).Component(s.app)
	if cr == nil {
		t.Fatal("Component returned nil")
	}
	if diff := cmp.Diff([]string{"App role"}, names(cr.Roles)); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
	if len(cr.Secrets) != 1 || cr.Secrets[0] != dbPassword {
		t.Errorf("secrets = %v", names(cr.Secrets))
	}
	want := []string{`assets["Audit log"]`, `assets["Orders"]`, `assets["Sessions"]`, `components["Audit table"]`, `components["Orders table"]`}
	if diff := cmp.Diff(want, elPaths(cr.Reach)); diff != "" {
		t.Errorf("reach (-want +got):\n%s", diff)
	}
	if e, _ := cr.Find(s.auditData); e.Secret != dbPassword || e.Access != tm.Read|tm.Write|tm.Delete {
		t.Errorf("audit log: secret %v access %s, want opened by the password with read/write/delete", e.Secret, e.Access)
	}
	if e, _ := cr.Find(session); len(e.Chain) != 0 || e.Through != s.app {
		t.Errorf("sessions should be held by the app itself, got chain %v through %v", e.Chain, e.Through)
	}
	var calls []string
	for _, c := range cr.Calls {
		calls = append(calls, c.Callee.Name())
		switch c.Callee {
		case s.orders, cache:
			if !c.Pivot {
				t.Errorf("a call to %s (IAM signature or no authentication) should be a pivot", c.Callee.Name())
			}
		case partner:
			if c.Pivot {
				t.Error("a call relaying a JWT should not be a pivot")
			}
			if !c.Outside {
				t.Error("a call to the internet leaves the account")
			}
		}
	}
	if diff := cmp.Diff([]string{"Cache", "Orders table", "Partner API"}, calls); diff != "" {
		t.Errorf("calls, responses left out (-want +got):\n%s", diff)
	}
}

func TestSecretReach(t *testing.T) {
	s := newShop()
	s.role.Allow(s.orders, "dynamodb:GetItem")
	key := s.m.Secret("Access key", tm.Grants(s.role), tm.Opens(s.audit), tm.UsedBy(s.app))
	sr := analyze(t, s.m).Secret(key)
	if sr == nil {
		t.Fatal("Secret returned nil")
	}
	if len(sr.Roles) != 1 || sr.Roles[0] != s.role {
		t.Errorf("roles = %v, want [App role]", names(sr.Roles))
	}
	want := []string{`assets["Audit log"]`, `assets["Orders"]`, `components["Audit table"]`, `components["Orders table"]`}
	if diff := cmp.Diff(want, elPaths(sr.Reach)); diff != "" {
		t.Errorf("a leak reaches (-want +got):\n%s", diff)
	}
	if sr.MaxCriticality != tm.Critical {
		t.Errorf("max criticality = %s", sr.MaxCriticality)
	}
}

// TestSecretReachThroughAuthenticatedFlows: a password that authenticates
// a flow to a store opens the store, as if it named it with Opens; a role
// credential's reach stays its role's, and a flow to a process opens
// nothing.
func TestSecretReachThroughAuthenticatedFlows(t *testing.T) {
	s := newShop()
	s.role.Allow(s.orders, "dynamodb:GetItem")
	partner := s.m.Process("Partner API", s.account)
	query := s.m.Flow(s.app, s.audit, "Query", tm.AuthN(tm.Password))
	call := s.m.Flow(s.app, partner, "Call", tm.AuthN(tm.APIKey))
	password := s.m.Secret("Audit DB password", tm.UsedBy(s.app), tm.Authenticates(query, call))
	session := s.m.Secret("Role session", tm.Grants(s.role), tm.UsedBy(s.app), tm.Authenticates(query))
	res := analyze(t, s.m)
	if diff := cmp.Diff([]string{`assets["Audit log"]`, `components["Audit table"]`}, elPaths(res.Secret(password).Reach)); diff != "" {
		t.Errorf("the password reaches (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{`assets["Orders"]`, `components["Orders table"]`}, elPaths(res.Secret(session).Reach)); diff != "" {
		t.Errorf("the role session reaches (-want +got):\n%s", diff)
	}
}

// An asset held by two components a secret opens is reached through the
// first by path, whatever the order of Opens.
func TestSecretReachThroughDoesNotDependOnOrder(t *testing.T) {
	for _, reverse := range []bool{false, true} {
		s := newShop()
		replica := s.m.DataStore("Orders replica", s.data, tm.Stores(s.orderData))
		opens := []tm.Element{s.orders, replica}
		if reverse {
			opens = []tm.Element{replica, s.orders}
		}
		key := s.m.Secret("DB password", tm.Opens(opens...), tm.UsedBy(s.app))
		e, ok := analyze(t, s.m).Secret(key).Find(s.orderData)
		if !ok {
			t.Fatal("the secret does not reach the orders")
		}
		if e.Through != replica {
			t.Errorf("reverse=%v: orders reached through %v, want the replica (first by path)", reverse, e.Through)
		}
	}
}

func TestBlastRadiusLeaksOutOfBoundary(t *testing.T) {
	s := newShop()
	other := s.m.Zone("Other account", tm.Trusted, tm.ContainsBlastRadius())
	bucket := s.m.DataStore("Shared bucket", other, tm.Stores(s.m.DataAsset("Exports", tm.Value(tm.High), tm.RiskLevel(tm.Important))))
	s.role.Allow(s.orders, "dynamodb:GetItem")
	res := analyze(t, s.m)
	if rr := res.Role(s.role); !rr.Contained() {
		t.Errorf("a role reaching only its account should be contained; leaks %v", elPaths(rr.Leaks))
	}
	s.role.Allow(bucket, "s3:GetObject")
	res = analyze(t, s.m)
	rr := res.Role(s.role)
	if rr.Contained() {
		t.Error("a role reaching another account is not contained")
	}
	if diff := cmp.Diff([]string{`assets["Exports"]`, `components["Shared bucket"]`}, elPaths(rr.Leaks)); diff != "" {
		t.Errorf("leaks (-want +got):\n%s", diff)
	}
	for _, e := range rr.Leaks {
		if e.Zone != other || !e.Outside {
			t.Errorf("%s: zone %v outside %v, want Other account, outside", e.Element.Path(), e.Zone, e.Outside)
		}
	}
	if cr := res.Component(s.app); len(cr.Leaks) != 2 {
		t.Errorf("the app's blast radius should leak the same way, got %v", elPaths(cr.Leaks))
	}
}

func TestLookupsOfForeignElements(t *testing.T) {
	s := newShop()
	res := analyze(t, s.m)
	o := newShop()
	if res.Role(o.role) != nil || res.Component(o.app) != nil || res.Component(nil) != nil ||
		res.Secret(nil) != nil || res.PathsToAsset(o.orderData) != nil || res.RoleFindings(o.role) != nil {
		t.Error("look-ups of another model's elements should return nil")
	}
	var zero reach.Result
	if zero.Role(s.role) != nil || zero.Component(s.app) != nil || zero.Secret(nil) != nil || zero.PathsTo(tm.Critical) != nil {
		t.Error("look-ups on a zero Result should return nil")
	}
	var b reach.BlastRadius
	if _, ok := b.Find(s.orders); ok {
		t.Error("Find on a zero BlastRadius should report false")
	}
}

func TestAnalyzeErrors(t *testing.T) {
	if _, err := reach.Analyze(nil); err == nil {
		t.Error("Analyze(nil) should fail")
	}
	if _, err := reach.Analyze(tm.New("m"), reach.WithPathsPerAsset(0)); err == nil {
		t.Error("WithPathsPerAsset(0) should fail")
	}
	if _, err := reach.Analyze(tm.New("m"), nil, reach.WithOpenThreats(nil)); err != nil {
		t.Errorf("a nil option should be ignored: %v", err)
	}
}

// A model with structural errors (nil handles) is analyzed without panics.
func TestAnalyzeMalformedModel(t *testing.T) {
	m := tm.New("broken")
	z := m.Zone("Z", tm.Trusted)
	p := m.Process("P", nil)
	r := m.Role("R")
	r.Allow(nil, "s3:GetObject")
	r.Allow(z)
	m.Flow(p, nil, "to nowhere")
	m.Flow(nil, p, "from nowhere")
	m.Secret("S", tm.Grants(nil), tm.Opens(nil), tm.UsedBy(nil))
	p.RunsAs(r, nil)
	res := analyze(t, m)
	if len(res.Roles()) != 1 || len(res.Components) != 1 {
		t.Errorf("got %d roles, %d components", len(res.Roles()), len(res.Components))
	}
}

// Handles of another model, typed nils and elements without zones, all
// structural errors that stride.Analyze refuses, are analyzed without
// panics, and every result renders as text.
func TestAnalyzeForeignAndNilHandles(t *testing.T) {
	m := tm.New("odd")
	other := tm.New("other")
	oz := other.Zone("OZ", tm.Untrusted)
	oc := other.Process("OC", oz)
	oa := other.DataAsset("OA", tm.Value(tm.High))
	orole, osec := other.Role("OR"), other.Secret("OS")
	var (
		nilComp  *tm.Component
		nilZone  *tm.Zone
		nilAsset *tm.Asset
		nilRole  *tm.Role
		nilSec   *tm.Secret
	)
	z := m.Zone("Z", 0)
	u := m.ExternalEntity("U", nil)
	u2 := m.ExternalEntity("U2", oz)
	p := m.Process("P", nil, tm.Stores(nilAsset, oa))
	p2 := m.Process("P2", z)
	d := m.DataStore("D", nilZone, tm.Stores(oa))
	a := m.DataAsset("A", tm.Represents(nilComp), tm.Represents(oc))
	m.Asset("A2", tm.AssetIdentity, tm.Represents(orole))
	m.Asset("A3", tm.AssetIdentity, tm.Represents(tm.AnyResource()))
	in := m.Flow(u, p, "in", tm.Carries(a, nilAsset, oa))
	m.Response(in, "out")
	m.Flow(p, oc, "foreign")
	m.Response(m.Flow(oc, p2, "foreign2"), "resp2")
	m.Flow(nilComp, nilComp, "nil")
	m.Flow(p, p, "self")
	m.Flow(u2, d, "to d")
	r := m.Role("R")
	r.Allow(nil, "x")
	r.Allow(oc, "s3:*")
	r.Allow(orole, "sts:AssumeRole")
	r.Allow(osec, "secretsmanager:GetSecretValue")
	r.Allow(oa, "*")
	r.Allow(tm.AnyResource())
	r.Allow(r, "*")
	r.Deny(nil, "*")
	r.Deny(oz, "*")
	r.CanAssume(nilRole, orole, r)
	p.RunsAs(nilRole, orole, r)
	u.RunsAs(r)
	m.Secret("S", tm.Grants(nilRole, orole, r), tm.Opens(nil, oc, oa, osec, nilSec, tm.AnyResource(), z, nilZone),
		tm.UsedBy(nilComp, oc, p), tm.StoredIn(nilComp))
	m.Secret("S2", tm.Stored(tm.InSourceCode), tm.Opens(r), tm.StoredIn(p))
	m.Threat("T", tm.Tampering, tm.About(nil, nilComp, oc, p, in))
	res := analyze(t, m, reach.WithOpenThreats(func(tm.Element) []string { return []string{"X", ""} }))
	for _, p := range res.Paths {
		_ = p.String()
		for _, s := range p.Steps {
			_ = s.String()
		}
	}
	for _, f := range res.Findings {
		_ = f.Error()
	}
	if len(res.Gate.Boundaries) != 1 || res.Gate.Boundaries[0].Worst == "" {
		t.Errorf("gate boundaries = %+v", res.Gate.Boundaries)
	}
	if len(res.Paths) == 0 {
		t.Error("no attack path: P2 sits in a zone of unstated trust and S2 is hard-coded")
	}
}

// A customer's authenticated calls reach, through the API, what the API
// serves it: its own records when the API authorizes each object, every
// record only through a modelled weakness. Taking the API over reaches what
// its role reaches: compromise adds to the API's designed access.
func TestExternalEntityDesignedAccess(t *testing.T) {
	type variant struct {
		name    string
		auth    tm.AuthScheme
		authz   bool
		threat  bool
		own     bool
		widened string
	}
	for _, v := range []variant{
		{name: "scoped", auth: tm.JWT, authz: true, own: true},
		{name: "no authorization", auth: tm.JWT, widened: "API states no object-level authorization"},
		{name: "no authentication", auth: tm.NoAuthentication, authz: true, widened: "does not authenticate its caller"},
		{name: "open threat", auth: tm.JWT, authz: true, threat: true, widened: "open threat T-1 on API"},
	} {
		t.Run(v.name, func(t *testing.T) {
			m := tm.New("Shop")
			internet := m.Zone("Internet", tm.Untrusted)
			cloud := m.Zone("Cloud", tm.Trusted)
			records := m.DataAsset("Customer records", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
			customer := m.ExternalEntity("Customer", internet)
			var ctl []tm.Control
			if v.authz {
				ctl = append(ctl, tm.Authorization)
			}
			api := m.Process("API", cloud, tm.Controls(ctl...))
			table := m.DataStore("Table", cloud, tm.Stores(records), tm.Controls(tm.Authorization))
			call := m.Flow(customer, api, "Request", tm.Encrypted(tm.TLS13), tm.AuthN(v.auth))
			m.Response(call, "Response", tm.Carries(records))
			m.Flow(api, table, "Query", tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.Carries(records))
			role := m.Role("API role")
			role.Allow(table, "dynamodb:GetItem", "dynamodb:Query")
			api.RunsAs(role)
			var opts []reach.Option
			if v.threat {
				opts = append(opts, reach.WithOpenThreats(func(el tm.Element) []string {
					if el == tm.Element(api) {
						return []string{"T-1"}
					}
					return nil
				}))
			}
			res := analyze(t, m, opts...)
			e, ok := res.Component(customer).Find(records)
			if !ok {
				t.Fatal("the customer should reach the records the API serves it")
			}
			if e.Designed != tm.Read|tm.Write || e.Access != e.Designed || e.OwnRecords != v.own || !strings.Contains(e.Widened, v.widened) ||
				(v.widened == "") != (e.Widened == "") {
				t.Errorf("customer's entry: designed %s access %s own %v widened %q; want own %v widened %q",
					e.Designed, e.Access, e.OwnRecords, e.Widened, v.own, v.widened)
			}
			if _, ok := res.Component(customer).Find(table); ok {
				t.Error("the customer does not reach the table the API's role reaches")
			}
			a, ok := res.Component(api).Find(records)
			if !ok || a.Designed != tm.Read|tm.Write || len(a.Via) == 0 || a.OwnRecords {
				t.Errorf("the API handles the records by design and its role reaches every one: %+v", a)
			}
			if tb, ok := res.Component(api).Find(table); !ok || tb.Designed != 0 || tb.Access&tm.Read == 0 {
				t.Errorf("taking the API over adds reading the table through its role: %+v", tb)
			}
		})
	}
}

// A blast radius lists what it reaches by path even where path order and
// name order disagree: "Store 2" sorts before "Store" by path
// (components["Store 2"] < components["Store"]), after it by name.
func TestReachByPathWhereNamesDisagree(t *testing.T) {
	m := tm.New("Paths")
	z := m.Zone("Account", tm.Trusted)
	names := []string{"Store", "Store 2", `Store "quoted"`, "Store\\2", "Store!"}
	r := m.Role("Reader")
	for _, n := range names {
		r.Allow(m.DataStore(n, z), "s3:GetObject")
	}
	res, err := reach.Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range res.Role(r).Reach {
		got = append(got, e.Element.Path())
	}
	if !slices.IsSorted(got) || len(got) != len(names) {
		t.Errorf("Reach by path = %q, want the %d stores sorted by path", got, len(names))
	}
	want := slices.Clone(names)
	slices.Sort(want)
	var comps []string
	for _, c := range res.Components {
		comps = append(comps, c.Component.Name())
	}
	if !slices.Equal(comps, want) {
		t.Errorf("Components = %q, want by name %q", comps, want)
	}
}
