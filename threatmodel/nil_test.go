package threatmodel_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestNilModel calls every declaration on a nil *Model: nothing panics, the
// handles come back named, and Validate reports the nil model.
func TestNilModel(t *testing.T) {
	var m *tm.Model
	m.ThreatContext("i", "w")
	m.Scope("s")
	m.Assume("a")
	if o := m.OutOfScope("x", "y"); o == nil || o.Item != "x" {
		t.Errorf("OutOfScope on a nil model = %v", o)
	}
	z := m.Zone("Z", tm.Trusted, tm.Inside(nil), nil)
	a := m.DataAsset("A", tm.Value(tm.High), tm.Represents(nil), nil)
	ee := m.ExternalEntity("E", z, tm.Stores(a), nil)
	p := m.Process("P", z, tm.Description("d"))
	ds := m.DataStore("D", nil, tm.HoldsAuditLogs())
	f := m.Flow(ee, p, "F", tm.Over(tm.HTTPS, 443), tm.Carries(a), nil)
	resp := m.Response(f, "R")
	m.Response(nil, "R2")
	m.Asset("Cred", tm.AssetCredential)
	g := m.Guardrail("G", tm.Note("n"), nil)
	g.Allow(ds, "s3:*")
	var nilGuard *tm.Guardrail
	nilGuard.Deny(ds, "s3:*")
	z.Guardrail(nilGuard)
	r := m.Role("Role", tm.WithPermissionBoundary(g), tm.WithPermissionBoundary(nil))
	r.Allow(ds, "s3:GetObject")
	r.Deny(nil)
	r.CanAssume(nil, r)
	p.RunsAs(r, nil)
	m.Secret("S", tm.UsedBy(p), tm.Grants(r), tm.Opens(ds), tm.StoredIn(nil))
	m.Dependency("Dep", tm.Package, tm.UsedBy(nil))
	th := m.Threat("T", tm.Spoofing, tm.About(p, nil))
	m.Mitigation("M", tm.On(p, nil), tm.Implements(tm.WAF))
	m.Accept(th.ID(), tm.Owner("o"))
	m.Waive(tm.CodeNoDescription, p, "r")

	for _, el := range []tm.Element{z, a, ee, p, ds, f, resp, r, th} {
		if el.Name() == "" {
			t.Errorf("%T handle from a nil model has no name", el)
		}
	}
	want := []key{{tm.CodeNilReference, "model"}}
	if diff := cmp.Diff(want, keys(m.Findings())); diff != "" {
		t.Errorf("Findings() (-want +got):\n%s", diff)
	}
}

// TestNilHandles passes a nil handle, or a nil option, wherever a
// declaration takes one. Each is reported as TM003 at the place it was
// passed.
func TestNilHandles(t *testing.T) {
	for _, tc := range []struct {
		name    string
		declare func(f *fixture)
		path    string
	}{
		{"zone of a component", func(f *fixture) { f.m.DataStore("D", nil) }, `components["D"].zone`},
		{"parent zone", func(f *fixture) { f.m.Zone("Z", tm.Trusted, tm.Inside(nil)) }, `zones["Z"].parent`},
		{"flow source", func(f *fixture) { f.m.Flow(nil, f.api, "F") }, `flows["? → Orders service: F"].source`},
		{"flow destination", func(f *fixture) { f.m.Flow(f.api, nil, "F") }, `flows["Orders service → ?: F"].destination`},
		{"response request", func(f *fixture) { f.m.Response(nil, "R") }, `flows["R"].responseTo`},
		{"model option", func(f *fixture) { f.m = tm.New("M", nil) }, "model"},
		{"zone option", func(f *fixture) { f.m.Zone("Z", tm.Trusted, nil) }, `zones["Z"]`},
		{"flow option", func(f *fixture) { f.m.Flow(f.api, f.db, "F", nil) }, `flows["Orders service → Orders DB: F"]`},
		{"asset option", func(f *fixture) { f.m.DataAsset("A", nil) }, `assets["A"]`},
		{"role option", func(f *fixture) { f.m.Role("R", nil) }, `roles["R"]`},
		{"secret option", func(f *fixture) { f.m.Secret("S", nil) }, `secrets["S"]`},
		{"dependency option", func(f *fixture) { f.m.Dependency("D", tm.Tool, nil) }, `dependencies["D"]`},
		{"threat option", func(f *fixture) { f.m.Threat("T", tm.Spoofing, nil) }, `threats["T"]`},
		{"mitigation option", func(f *fixture) { f.m.Mitigation("M", nil) }, `mitigations["M"]`},
		{"acceptance option", func(f *fixture) { f.m.Accept("USR-x", nil) }, `acceptances["USR-x"]`},
		{"stored asset", func(f *fixture) { f.m.DataStore("D", f.vpc, tm.Stores(nil)) }, `components["D"].stores`},
		{"carried asset", func(f *fixture) { f.m.Flow(f.api, f.db, "F", tm.Carries(nil)) }, `flows["Orders service → Orders DB: F"].carries`},
		{"represented element", func(f *fixture) { f.m.Asset("A", tm.AssetEndpoint, tm.Represents(nil)) }, `assets["A"].represents`},
		{"secret user", func(f *fixture) { f.m.Secret("S", tm.UsedBy(nil)) }, `secrets["S"].usedBy`},
		{"dependency user", func(f *fixture) { f.m.Dependency("D", tm.Tool, tm.UsedBy(nil)) }, `dependencies["D"].usedBy`},
		{"secret store", func(f *fixture) { f.m.Secret("S", tm.StoredIn(nil)) }, `secrets["S"].storedIn`},
		{"granted role", func(f *fixture) { f.m.Secret("S", tm.Grants(nil)) }, `secrets["S"].grants`},
		{"opened resource", func(f *fixture) { f.m.Secret("S", tm.Opens(nil)) }, `secrets["S"].opens`},
		{"threat subject", func(f *fixture) { f.m.Threat("T", tm.Spoofing, tm.About(nil)) }, `threats["T"].about`},
		{"mitigated element", func(f *fixture) { f.m.Mitigation("M", tm.On(nil)) }, `mitigations["M"].on`},
		{"role a component runs as", func(f *fixture) { f.api.RunsAs(nil) }, pathAPI + ".runsAs"},
		{"role to assume", func(f *fixture) { f.role.CanAssume(nil) }, pathRole + ".canAssume"},
		{"permission resource", func(f *fixture) { f.role.Deny(nil, "s3:*") }, pathRole + ".permissions[1].resource"},
		{"waiver target", func(f *fixture) { f.m.Waive(tm.CodeNoOwner, nil, "r") }, `waivers[TM102 on ?].target`},
		{"RunsAs on a nil component", func(f *fixture) { f.m.Component("no such").RunsAs(f.role) }, pathRole + ".assumedBy"},
		{"Allow on a nil role", func(f *fixture) { (*tm.Role)(nil).Allow(f.db, "rds:*") }, "roles[?].permissions"},
		{"Deny on a nil role", func(f *fixture) { (*tm.Role)(nil).Deny(f.db, "rds:*") }, "roles[?].permissions"},
		{"CanAssume on a nil role", func(f *fixture) { (*tm.Role)(nil).CanAssume(f.role) }, pathRole + ".assumableBy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture()
			tc.declare(f)
			got := keys(f.m.Findings())
			if !slices.Contains(got, key{tm.CodeNilReference, tc.path}) {
				t.Errorf("Findings() = %v, want TM003 at %s", got, tc.path)
			}
		})
	}
}

// TestForeignHandles passes a handle from another model wherever a
// declaration takes one. Each is reported as TM004 and not linked in.
func TestForeignHandles(t *testing.T) {
	other := tm.New("Other")
	oz := other.Zone("Their zone", tm.Trusted)
	oc := other.Process("Their service", oz)
	od := other.DataStore("Their store", oz)
	oa := other.DataAsset("Their data")
	or := other.Role("Their role")
	of := other.Flow(oc, od, "Their flow")

	for _, tc := range []struct {
		name    string
		declare func(f *fixture)
		path    string
	}{
		{"zone of a component", func(f *fixture) { f.m.DataStore("D", oz) }, `components["D"].zone`},
		{"parent zone", func(f *fixture) { f.m.Zone("Z", tm.Trusted, tm.Inside(oz)) }, `zones["Z"].parent`},
		{"flow source", func(f *fixture) { f.m.Flow(oc, f.api, "F") }, `flows["Their service → Orders service: F"].source`},
		{"flow destination", func(f *fixture) { f.m.Flow(f.api, od, "F") }, `flows["Orders service → Their store: F"].destination`},
		{"response request", func(f *fixture) { f.m.Response(of, "R") }, `flows["Their store → Their service: R"].responseTo`},
		{"stored asset", func(f *fixture) { f.m.DataStore("D", f.vpc, tm.Stores(oa)) }, `components["D"].stores`},
		{"carried asset", func(f *fixture) { f.m.Flow(f.api, f.db, "F", tm.Carries(oa)) }, `flows["Orders service → Orders DB: F"].carries`},
		{"represented element", func(f *fixture) { f.m.Asset("A", tm.AssetEndpoint, tm.Represents(oc)) }, `assets["A"].represents`},
		{"secret user", func(f *fixture) { f.m.Secret("S", tm.UsedBy(oc)) }, `secrets["S"].usedBy`},
		{"dependency user", func(f *fixture) { f.m.Dependency("D", tm.Tool, tm.UsedBy(oc)) }, `dependencies["D"].usedBy`},
		{"secret store", func(f *fixture) { f.m.Secret("S", tm.StoredIn(od)) }, `secrets["S"].storedIn`},
		{"granted role", func(f *fixture) { f.m.Secret("S", tm.Grants(or)) }, `secrets["S"].grants`},
		{"opened resource", func(f *fixture) { f.m.Secret("S", tm.Opens(od)) }, `secrets["S"].opens`},
		{"threat subject", func(f *fixture) { f.m.Threat("T", tm.Spoofing, tm.About(of)) }, `threats["T"].about`},
		{"mitigated element", func(f *fixture) { f.m.Mitigation("M", tm.On(oc)) }, `mitigations["M"].on`},
		{"role a component runs as", func(f *fixture) { f.api.RunsAs(or) }, pathAPI + ".runsAs"},
		{"role to assume", func(f *fixture) { f.role.CanAssume(or) }, pathRole + ".canAssume"},
		{"permission resource", func(f *fixture) { f.role.Allow(od, "s3:GetObject") }, pathRole + ".permissions[1].resource"},
		{"waiver target", func(f *fixture) { f.m.Waive(tm.CodeNoDescription, oc, "r") }, `waivers[TM110 on components["Their service"]].target`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture()
			tc.declare(f)
			got := keys(f.m.Findings())
			if !slices.Contains(got, key{tm.CodeForeignElement, tc.path}) {
				t.Errorf("Findings() = %v, want TM004 at %s", got, tc.path)
			}
		})
	}

	// Nothing of the other model was linked into it by the attempts above.
	if len(oc.Incoming())+len(oc.Outgoing()) != 1 || len(oa.StoredIn())+len(oa.CarriedBy()) != 0 ||
		len(or.AssumedBy())+len(or.AssumableBy()) != 0 || len(oz.Children())+len(oz.Components()) != 2 {
		t.Error("a foreign handle was linked into the other model")
	}
	if got := keys(other.Findings()); slices.ContainsFunc(got, func(k key) bool { return k.Code == tm.CodeForeignElement }) {
		t.Errorf("the other model reports foreign elements: %v", got)
	}
}

// TestAccessors reads back what the fixture declared.
func TestAccessors(t *testing.T) {
	f := newFixture()
	m := f.m
	if m.Name() != "Orders API" || m.Owner() != "Payments team" || m.Description() == "" {
		t.Errorf("Name, Owner, Description = %q, %q, %q", m.Name(), m.Owner(), m.Description())
	}
	if interest, worst := m.Context(); interest == "" || worst == "" {
		t.Error("Context() is empty")
	}
	if len(m.ScopeItems()) != 1 || len(m.Assumptions()) != 1 || len(m.OutOfScopeItems()) != 1 {
		t.Error("scope, assumptions or out-of-scope items are lost")
	}
	counts := map[string][2]int{
		"zones":        {len(m.Zones()), 4},
		"components":   {len(m.Components()), 3},
		"flows":        {len(m.Flows()), 4},
		"assets":       {len(m.Assets()), 2},
		"roles":        {len(m.Roles()), 1},
		"secrets":      {len(m.Secrets()), 1},
		"dependencies": {len(m.Dependencies()), 1},
		"threats":      {len(m.Threats()), 3},
		"mitigations":  {len(m.Mitigations()), 1},
		"acceptances":  {len(m.Acceptances()), 1},
		"waivers":      {len(m.Waivers()), 0},
	}
	for name, c := range counts {
		if c[0] != c[1] {
			t.Errorf("%d %s, want %d", c[0], name, c[1])
		}
	}
	if m.Component("Orders DB") != f.db || m.Component("nope") != nil {
		t.Error("Component does not find components by name")
	}
	multi := m.Process("Deployment", f.vpc, tm.Is(tm.Service, tm.Container), tm.Is(tm.ComponentType(200)))
	if diff := cmp.Diff([]tm.ComponentType{tm.Service, tm.Container}, multi.Types()); diff != "" {
		t.Errorf("Types() (-want +got):\n%s", diff)
	}
	if multi.Type() != tm.Service || !multi.IsA(tm.Container) || multi.IsA(tm.Function) || multi.IsA(0) {
		t.Errorf("Type() = %v; IsA does not follow Is", multi.Type())
	}
	if f.db.Kind() != tm.DataStore || f.db.Type() != tm.Database || f.db.Zone() != f.data || !f.db.Infrastructure() {
		t.Error("data store accessors do not match the declaration")
	}
	if !f.api.Has(tm.InputValidation) || !f.api.Has(tm.RateLimiting) || f.api.Has(tm.WAF) {
		t.Errorf("Controls() = %v: want the declared and the mitigation's controls", f.api.Controls())
	}
	if !f.place.Has(tm.RateLimiting) || len(f.place.Mitigations()) != 1 || len(f.api.Mitigations()) != 1 {
		t.Error("the mitigation's controls did not reach the flow")
	}
	if f.confirm.ResponseTo() != f.place || f.place.Responses()[0] != f.confirm {
		t.Error("Response is not linked to its request")
	}
	if f.confirm.Protocol() != tm.HTTPS || f.confirm.Port() != 443 || f.confirm.Encryption() != tm.TLS13 ||
		f.confirm.Authentication() != tm.JWT || f.confirm.Authorization() != tm.Scopes {
		t.Error("Response does not inherit the request's connection")
	}
	if f.place.Source() != f.customer || f.place.Destination() != f.api || f.place.Key() != "Customer → Orders service: Place order" {
		t.Error("flow ends or key do not match")
	}
	if got := f.place.Endpoint(); got != "HTTPS:443" {
		t.Errorf("Endpoint() = %q", got)
	}
	if got := f.confirm.Index(); got != 1 || f.db.Index() != 2 {
		t.Errorf("Index() = %d, %d; want declaration order", got, f.db.Index())
	}
	if f.orders.Value() != tm.High || f.orders.Criticality() != tm.Critical || f.orders.Classification() != tm.Confidential ||
		!f.orders.PII() || f.orders.Kind() != tm.AssetData || f.orders.Lifecycle().Retention != 7*365*24*time.Hour {
		t.Error("asset accessors do not match the declaration")
	}
	if f.orders.Lifecycle().Pos().Line <= 0 {
		t.Error("lifecycle has no position")
	}
	if len(f.orders.StoredIn()) != 1 || len(f.orders.CarriedBy()) != 4 || f.identity.Represents() != tm.Element(f.role) {
		t.Error("asset placement does not match the declaration")
	}
	if s := f.password; s.Storage() != tm.InSecretsManager || !s.Rotation().Automated || len(s.UsedBy()) != 1 ||
		len(s.Accesses()) != 1 || s.BlastRadius() == "" || s.Provisioning() == "" {
		t.Error("secret accessors do not match the declaration")
	}
	if d := f.modules; d.Kind() != tm.Package || d.Pinning() != tm.LockFile || d.Ref() != "go.sum" ||
		d.Verification() == "" || d.Risk() == "" || d.Mitigation() == "" || len(d.UsedBy()) != 1 {
		t.Error("dependency accessors do not match the declaration")
	}
	if th := f.tampering; th.Category() != tm.Tampering || th.Impact() != tm.Medium || th.Likelihood() != tm.Low ||
		len(th.About()) != 1 || th.ID() != "USR-order-tampering-in-transit" {
		t.Errorf("threat accessors do not match the declaration (ID %q)", th.ID())
	}
	acc := m.Acceptances()[0]
	if acc.ThreatID() != f.slowCheckout.ID() || acc.Owner() == "" || acc.Justification() == "" {
		t.Error("acceptance accessors do not match the declaration")
	}
	if exp := acc.Expires(); acc.Expired(exp.Add(-time.Second)) || !acc.Expired(exp) {
		t.Error("Expired() does not compare with the expiry date")
	}
	mi := m.Mitigations()[0]
	if diff := cmp.Diff([]tm.Control{tm.RateLimiting}, mi.Implements()); diff != "" {
		t.Errorf("Implements() (-want +got):\n%s", diff)
	}
	if len(mi.On()) != 2 || len(mi.Addresses()) != 1 {
		t.Error("mitigation targets do not match the declaration")
	}
}

// TestZeroModel declares through a Model that New did not make: nothing
// panics, and the missing name is reported as it is for New("").
func TestZeroModel(t *testing.T) {
	var m tm.Model
	z := m.Zone("Z", tm.Trusted)
	p := m.Process("P", z, processOpts()...)
	m.Threat("T", tm.Spoofing, tm.About(p), tm.Impact(tm.Low), tm.Likelihood(tm.Low), tm.MitigatedBy("m"))
	m.Process("P", z)
	got := keys(m.Findings())
	for _, want := range []key{{tm.CodeEmptyName, "model"}, {tm.CodeDuplicateName, `components["P"]`}} {
		if !slices.Contains(got, want) {
			t.Errorf("Findings() = %v, want %v among them", got, want)
		}
	}
	if m.Component("P") != p {
		t.Error("Component does not find a component of a zero Model")
	}
}
