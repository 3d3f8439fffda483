package threatmodel_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestAuthenticates: a secret names the flows it backs, each once, and the
// flow knows its secrets; a flow that states no authentication has no
// credential to name, which is TM005.
func TestAuthenticates(t *testing.T) {
	f := newFixture()
	plain := f.m.Flow(f.api, f.db, "Unauthenticated", tm.Over(tm.SQL, 5432))
	second := f.m.Secret("Second DB password", tm.Authenticates(f.write, f.write, plain))
	if got := second.Authenticates(); len(got) != 1 || got[0] != f.write {
		t.Errorf("Authenticates() = %v, want the write flow once", got)
	}
	if got := f.write.Credentials(); !slices.Equal(got, []*tm.Secret{f.password, second}) {
		t.Errorf("Credentials() = %v, want both passwords in declaration order", got)
	}
	if plain.Credentials() != nil {
		t.Errorf("the unauthenticated flow has credentials %v", plain.Credentials())
	}
	want := []key{{tm.CodeInvalidValue, `secrets["Second DB password"].authenticates`}}
	if diff := cmp.Diff(want, keysWith(f.m, tm.CodeInvalidValue)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestIdentityAndDeploys: the flow states whose identity it carries and
// whether it deploys; an identity out of range is TM005 and leaves the
// flow unstated.
func TestIdentityAndDeploys(t *testing.T) {
	f := newFixture()
	fwd := f.m.Flow(f.api, f.db, "Forward", tm.Identity(tm.EndUserIdentity), tm.Deploys())
	bad := f.m.Flow(f.api, f.db, "Bad", tm.Identity(tm.CallerIdentity(9)))
	if fwd.Identity() != tm.EndUserIdentity || !fwd.Identity().Propagates() || !fwd.Deploys() {
		t.Errorf("Forward: identity %v, deploys %v", fwd.Identity(), fwd.Deploys())
	}
	if bad.Identity() != 0 || tm.TechnicalUser.Propagates() || f.write.Deploys() {
		t.Errorf("Bad: identity %v; a technical user must not propagate; Write order must not deploy", bad.Identity())
	}
	if !slices.ContainsFunc(keys(f.m.Findings()), func(k key) bool {
		return k == key{tm.CodeInvalidValue, `flows["Orders service → Orders DB: Bad"].identity`}
	}) {
		t.Error("an identity out of range is not TM005")
	}
}

// TestSharesHostWith: the relation is symmetric and recorded once; a
// component sharing a host with itself is TM005.
func TestSharesHostWith(t *testing.T) {
	f := newFixture()
	w := f.m.Process("Worker", f.vpc)
	f.api.SharesHostWith(w, w, f.api)
	w.SharesHostWith(f.api)
	if got := f.api.SharesHost(); !slices.Equal(got, []*tm.Component{w}) {
		t.Errorf("API shares a host with %v, want the worker", got)
	}
	if got := w.SharesHost(); !slices.Equal(got, []*tm.Component{f.api}) {
		t.Errorf("Worker shares a host with %v, want the API", got)
	}
	if !slices.Contains(keys(f.m.Findings()), key{tm.CodeInvalidValue, `components["Orders service"].sharesHostWith`}) {
		t.Error("sharing a host with itself is not TM005")
	}
}

// TestDataEventsAuditedIn: naming a trail for data events makes it an
// audit trail of the component too; a store that holds no audit logs is
// TM005.
func TestDataEventsAuditedIn(t *testing.T) {
	f := newFixture()
	trail := f.m.DataStore("Trail", f.data, tm.HoldsAuditLogs())
	f.db.AuditedIn(trail)
	f.db.DataEventsAuditedIn(trail, f.db)
	if got := f.db.DataEventsIn(); !slices.Equal(got, []*tm.Component{trail}) {
		t.Errorf("DataEventsIn() = %v", got)
	}
	if got := f.db.AuditedInDirectly(); !slices.Equal(got, []*tm.Component{trail}) {
		t.Errorf("AuditedInDirectly() = %v, want the trail once", got)
	}
	if !slices.Contains(keys(f.m.Findings()), key{tm.CodeInvalidValue, `components["Orders DB"].dataEventsIn`}) {
		t.Error("a store without audit logs as a data-event trail is not TM005")
	}
	if f.db.BilledPerRequest() || !f.m.DataStore("On demand", f.data, tm.BilledPerRequest()).BilledPerRequest() {
		t.Error("BilledPerRequest does not say what was declared")
	}
}

// TestConcernsOnNilHandles: the new accessors and methods are safe on nil.
func TestConcernsOnNilHandles(t *testing.T) {
	var c *tm.Component
	var f *tm.Flow
	c.SharesHostWith(nil)
	c.DataEventsAuditedIn(nil)
	if c.SharesHost() != nil || c.DataEventsIn() != nil || c.AuditedInDirectly() != nil || c.BilledPerRequest() ||
		f.Credentials() != nil || f.Deploys() || f.Identity() != 0 {
		t.Error("a nil handle answers something")
	}
	fx := newFixture()
	fx.api.SharesHostWith(nil)
	fx.db.DataEventsAuditedIn(nil)
	fx.m.Secret("Nil flow", tm.Authenticates(nil))
	want := []key{
		{tm.CodeNilReference, `components["Orders DB"].dataEventsIn`},
		{tm.CodeNilReference, `components["Orders service"].sharesHostWith`},
		{tm.CodeNilReference, `secrets["Nil flow"].authenticates`},
	}
	if diff := cmp.Diff(want, keysWith(fx.m, tm.CodeNilReference)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// keysWith returns the code and path of the model's findings with the code.
func keysWith(m *tm.Model, code tm.Code) []key {
	var out []key
	for _, k := range keys(m.Findings()) {
		if k.Code == code {
			out = append(out, k)
		}
	}
	return out
}
