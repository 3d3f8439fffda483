package stride_test

import (
	"testing"

	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// contradictions returns the ST005 findings of a report.
func contradictions(r *stride.Report) []*tm.Finding {
	var out []*tm.Finding
	for _, f := range r.Findings {
		if f.Code == tm.CodeContradicted {
			out = append(out, f)
		}
	}
	return out
}

// TestContradictions covers each structure that contradicts a declaration:
// the finding names both sites, and the contradicted control stops closing
// threats where it is contradicted.
func TestContradictions(t *testing.T) {
	t.Run("private endpoint reached from the internet", func(t *testing.T) {
		f := newFx()
		db := f.db()
		mi := f.m.Mitigation("No public endpoints", tm.Implements(tm.PrivateEndpoint), tm.On(db))
		f.call(f.api(), db, "Query")
		only := stride.OnlyRules(ruleByID(t, "TW-I-007"))
		if th, _ := analyze(t, f.m, only).Threat("TW-I-007@DB"); th.Status != stride.Mitigated {
			t.Fatalf("without the direct flow: %v", th.Status)
		}
		direct := f.call(f.user(), db, "Direct query")
		r := analyze(t, f.m, only)
		cs := contradictions(r)
		if len(cs) != 1 || cs[0].Subject != mi || cs[0].Pos != mi.Pos() || len(cs[0].Related) != 1 || cs[0].Related[0].Pos != direct.Pos() {
			t.Fatalf("ST005 = %+v, want one at the mitigation naming the direct flow", cs)
		}
		if th, _ := r.Threat("TW-I-007@DB"); th.Status != stride.Open {
			t.Errorf("with the direct flow: %v (evidence %v), want Open", th.Status, th.Evidence)
		}
	})
	t.Run("authentication with an unauthenticated route", func(t *testing.T) {
		f := newFx()
		api := f.api(tm.Controls(tm.Authentication))
		user := f.user()
		f.call(user, api, "Request")
		if cs := contradictions(analyze(t, f.m)); len(cs) != 0 {
			t.Fatalf("ST005 = %v on an authenticated route", cs)
		}
		f.call(user, api, "Health check", tm.AuthN(tm.NoAuthentication))
		cs := contradictions(analyze(t, f.m))
		if len(cs) != 1 || cs[0].Subject != api {
			t.Errorf("ST005 = %+v, want one at the API", cs)
		}
	})
	t.Run("secrets manager with a secret in the environment", func(t *testing.T) {
		f := newFx()
		api := f.api(tm.Controls(tm.SecretsManager))
		f.m.Secret("Database password", tm.Stored(tm.InEnvironment), tm.UsedBy(api))
		cs := contradictions(analyze(t, f.m))
		if len(cs) != 1 || cs[0].Subject != api || cs[0].Related[0].Path != `secrets["Database password"]` {
			t.Errorf("ST005 = %+v, want one at the API naming the secret", cs)
		}
	})
	t.Run("plaintext flow carrying data promised encrypted in transit", func(t *testing.T) {
		f := newFx()
		rec := f.m.DataAsset("Order", tm.Value(tm.High), tm.Lifecycle(tm.DataLifecycle{InTransit: "TLS 1.2+", TransitEncryption: tm.TLS12}))
		db := f.db()
		f.call(f.api(), db, "Write", tm.Carries(rec))
		if cs := contradictions(analyze(t, f.m)); len(cs) != 0 {
			t.Fatalf("ST005 = %v with every flow encrypted", cs)
		}
		plain := f.call(f.m.Process("Batch", f.app), db, "Export", tm.Encrypted(tm.Plaintext), tm.Carries(rec))
		cs := contradictions(analyze(t, f.m))
		if len(cs) != 1 || cs[0].Subject != rec || cs[0].Related[0].Pos != plain.Pos() {
			t.Errorf("ST005 = %+v, want one at the asset naming the plaintext flow", cs)
		}
	})
}
