package stride_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestResponseIsPartOfItsInteraction checks that the rules about data
// flows derive their threats once per request and its responses, on the
// request, rated and matched with what the responses return, and that the
// response's coverage row holds them.
func TestResponseIsPartOfItsInteraction(t *testing.T) {
	f := newFx()
	gw := f.m.Process("Gateway", f.edge, tm.Is(tm.Gateway))
	req := f.m.Flow(f.user(), gw, "Lookup", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT))
	f.m.Response(req, "Record", tm.Carries(f.record))
	r := analyze(t, f.m)
	for _, th := range r.Threats {
		if strings.HasSuffix(th.ID, "Gateway → User: Record") {
			t.Errorf("threat %s on the response: it belongs to the request's interaction", th.ID)
		}
	}
	// The request carries nothing confidential; what comes back does.
	th, ok := r.Threat("TW-I-001@User → Gateway: Lookup")
	if !ok {
		t.Fatalf("no TW-I-001 on the request, whose response returns the record")
	}
	if th.Impact != tm.High {
		t.Errorf("TW-I-001 impact %v, want High from the record the response returns", th.Impact)
	}
	for _, id := range []string{"TW-T-006@User → Gateway: Lookup"} {
		if _, ok := r.Threat(id); !ok {
			t.Errorf("no %s", id)
		}
	}
	for _, row := range r.Coverage {
		if row.Subject != "Gateway → User: Record" {
			continue
		}
		for _, cell := range row.Cells {
			if cell.Status == stride.NotCovered {
				t.Errorf("response × %v not covered: the request's threats cover its interaction", cell.Category)
			}
		}
	}

	// Quiet: a request whose response returns nothing confidential has no
	// interception threat.
	g := newFx()
	gw = g.m.Process("Gateway", g.edge, tm.Is(tm.Gateway))
	req = g.m.Flow(g.user(), gw, "Ping", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT))
	g.m.Response(req, "Pong")
	r = analyze(t, g.m)
	if ids := byRule(r, "TW-I-001"); len(ids) > 0 {
		t.Errorf("TW-I-001 on %v: nothing confidential travels", ids)
	}
}

// TestQueryInjectionOnlyIntoStoresThatTakeQueries checks TW-T-002: derived
// on a flow to a database, a cache or a store of unstated type; not on one
// to an object store, a queue, a secret store or a registry.
func TestQueryInjectionOnlyIntoStoresThatTakeQueries(t *testing.T) {
	f := newFx()
	api := f.api()
	f.m.Flow(f.user(), api, "Request", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT))
	stores := map[string]tm.ComponentOption{
		"Database": tm.Is(tm.Database), "Cache": tm.Is(tm.Cache), "Untyped": nil,
		"Bucket": tm.Is(tm.ObjectStorage), "Queue": tm.Is(tm.Queue), "Vault": tm.Is(tm.SecretStore), "Registry": tm.Is(tm.Registry),
	}
	for name, opt := range stores {
		var opts []tm.ComponentOption
		if opt != nil {
			opts = append(opts, opt)
		}
		f.call(api, f.m.DataStore(name, f.data, opts...), "Use")
	}
	r := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-T-002")))
	got := byRule(r, "TW-T-002")
	want := []string{"TW-T-002@API → Cache: Use", "TW-T-002@API → Database: Use", "TW-T-002@API → Untyped: Use"}
	if !slices.Equal(got, want) {
		t.Errorf("TW-T-002 on %v, want %v", got, want)
	}
}

// TestUnvalidatedInputOnlyWhereParsed checks TW-T-001: derived on a gateway
// where requests enter from outside and on a process that parses a store's
// reply; not on a load balancer further in, nor on a response relayed into
// a gateway.
func TestUnvalidatedInputOnlyWhereParsed(t *testing.T) {
	f := newFx()
	gw := f.m.Process("Gateway", f.edge, tm.Is(tm.Gateway))
	lb := f.m.Process("LB", f.app, tm.Is(tm.LoadBalancer))
	worker := f.m.Process("Worker", f.app, tm.Is(tm.Job))
	bucket := f.m.DataStore("Bucket", f.edge, tm.Is(tm.ObjectStorage))
	in := f.m.Flow(f.user(), gw, "Request", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.Carries(f.record))
	_ = in
	fwd := f.call(gw, lb, "Forward")
	f.m.Response(fwd, "Reply", tm.Carries(f.record))
	read := f.call(worker, bucket, "Fetch")
	f.m.Response(read, "Object", tm.Carries(f.record))
	r := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-T-001")))
	got := byRule(r, "TW-T-001")
	want := []string{"TW-T-001@Bucket → Worker: Object", "TW-T-001@User → Gateway: Request"}
	if !slices.Equal(got, want) {
		t.Errorf("TW-T-001 on %v, want %v", got, want)
	}
}

// TestProviderManaged checks that a provider-managed component gets no
// threat about its own code and availability, nor do the flows to it about
// their availability, while the threats about the caller's use of it stay;
// and that the cells left empty are marked ProviderManaged, not gaps.
func TestProviderManaged(t *testing.T) {
	build := func(managed bool) *stride.Report {
		f := newFx()
		var opts []tm.ComponentOption
		if managed {
			opts = append(opts, tm.ProviderManaged())
		}
		saas := f.m.Process("SaaS", f.app, append(opts, tm.Is(tm.SourceRepository), tm.Infrastructure())...)
		f.m.Process("Idle SaaS", f.app, opts...) // nothing specific covers it
		f.m.Flow(f.user(), saas, "Push", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.OAuth2), tm.Carries(f.record))
		return analyze(t, f.m)
	}
	internals := []string{"TW-T-201@Idle SaaS", "TW-D-201@Idle SaaS", "TW-D-001@User → SaaS: Push",
		"TW-T-001@User → SaaS: Push", "TW-E-201@Idle SaaS",
		"TW-T-201@SaaS", "TW-D-201@SaaS", "TW-D-203@User → SaaS: Push"}
	use := []string{"TW-S-001@User → SaaS: Push", "TW-T-006@User → SaaS: Push", "TW-I-001@User → SaaS: Push"}
	own := build(false)
	for _, id := range internals[:5] { // trigger: run by the model's owner
		if _, ok := own.Threat(id); !ok {
			t.Errorf("not managed: no %s", id)
		}
	}
	r := build(true)
	for _, id := range internals {
		if _, ok := r.Threat(id); ok {
			t.Errorf("managed: %s derived; it is about the provider's internals", id)
		}
	}
	for _, id := range use {
		if _, ok := r.Threat(id); !ok {
			t.Errorf("managed: no %s; the caller's use of the service stays", id)
		}
	}
	for _, row := range r.Coverage {
		for _, cell := range row.Cells {
			if cell.Status == stride.NotCovered {
				t.Errorf("%s × %v not covered", row.Subject, cell.Category)
			}
		}
		if row.Subject == "SaaS" {
			if c, _ := row.Cell(stride.DenialOfService); c.Status != stride.ProviderManaged {
				t.Errorf("SaaS × D is %v, want Provider-managed", c.Status)
			}
		}
	}
	if r.Residual.NotCovered != 0 {
		t.Errorf("%d cells not covered", r.Residual.NotCovered)
	}
}

// TestFillInsSayWhatTheyAre checks that every generic rule is a FillIn
// whose description says so, and that a fill-in's inherent likelihood from
// exposure is at most Medium.
func TestFillInsSayWhatTheyAre(t *testing.T) {
	for _, r := range stride.Rules() {
		if r.FillIn != isGeneric(r.ID) {
			t.Errorf("%s: FillIn %v", r.ID, r.FillIn)
		}
		if r.FillIn && !strings.HasPrefix(r.Description, "No specific rule covers this ") {
			t.Errorf("%s: description %q does not say it is a fill-in", r.ID, r.Description)
		}
	}
	f := newFx()
	f.m.Process("Exposed", f.internet) // in an untrusted zone: High exposure, and nothing specific covers it
	r := analyze(t, f.m)
	n := 0
	for _, th := range r.Threats {
		if isGeneric(th.RuleID) {
			n++
			if th.InherentLikelihood == tm.High {
				t.Errorf("%s: inherent likelihood High for a fill-in", th.ID)
			}
		}
	}
	if n == 0 {
		t.Fatalf("no fill-in derived")
	}
}

// TestFlowFillInYieldsToInteractionThreat checks that TW-D-203 (a flow
// interrupted or flooded) is not derived on a flow through which TW-D-001
// (the entry point flooded) is, and is derived on one through which
// nothing of its category is.
func TestFlowFillInYieldsToInteractionThreat(t *testing.T) {
	f := newFx()
	api := f.api()
	f.m.Flow(f.user(), api, "Request", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT))
	f.call(api, f.m.Process("Backend", f.data), "Call")
	r := analyze(t, f.m)
	if _, ok := r.Threat("TW-D-001@User → API: Request"); !ok {
		t.Fatalf("no TW-D-001 on the entry point")
	}
	if _, ok := r.Threat("TW-D-203@User → API: Request"); ok {
		t.Errorf("TW-D-203 beside TW-D-001 on the same interaction")
	}
	if _, ok := r.Threat("TW-D-203@API → Backend: Call"); !ok {
		t.Errorf("no TW-D-203 where nothing else covers the flow's availability")
	}
}

// TestCallerImpersonationOncePerInteraction checks that a process calling
// across a boundary gets TW-S-005 (service impersonation) and not also
// TW-S-001, that a person signing in to an identity provider gets neither
// TW-S-001 nor, on the token presented later, TW-S-003, and that a person
// calling a service gets TW-S-001.
func TestCallerImpersonationOncePerInteraction(t *testing.T) {
	f := newFx()
	u := f.user()
	gw := f.m.Process("Gateway", f.edge, tm.Is(tm.Gateway))
	idp := f.m.Process("IdP", f.edge, tm.Is(tm.IdentityProvider))
	f.m.Flow(u, idp, "Sign-in", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.Password))
	f.m.Flow(u, gw, "Request", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT))
	f.call(gw, f.api(), "Forward")
	r := analyze(t, f.m)
	has := func(id string) bool { _, ok := r.Threat(id); return ok }
	for id, want := range map[string]bool{
		"TW-S-001@User → Gateway: Request": true,
		"TW-S-001@User → IdP: Sign-in":     false,
		"TW-S-003@User → IdP: Sign-in":     true,
		"TW-S-003@User → Gateway: Request": false,
		"TW-S-002@User → Gateway: Request": true,
		"TW-S-005@Gateway → API: Forward":  true,
		"TW-S-001@Gateway → API: Forward":  false,
	} {
		if has(id) != want {
			t.Errorf("%s derived: %v, want %v", id, has(id), want)
		}
	}
}

// TestServerlessBoundaryTablesReadable checks that each trust boundary
// crossing of the serverless example, with the threats grouped as the
// Markdown report groups them (the crossing of the flow a threat is about or
// arrives through, responses with their requests), stays short enough to
// read: at most about fifteen rows.
func TestServerlessBoundaryTablesReadable(t *testing.T) {
	const most = 17
	r := analyze(t, serverless.Model())
	rows := map[string]int{}
	for _, th := range r.Threats {
		f := th.Flow
		for _, el := range th.Involved {
			if f != nil {
				break
			}
			f, _ = el.(*tm.Flow)
		}
		if f == nil {
			continue
		}
		if f.ResponseTo() != nil {
			f = f.ResponseTo()
		}
		c := f.Crossing()
		if !c.Crosses() || c.From == nil || c.To == nil {
			continue
		}
		rows[c.From.Name()+" → "+c.To.Name()]++
	}
	if len(rows) == 0 {
		t.Fatalf("no threat at a boundary crossing")
	}
	for crossing, n := range rows {
		if n > most {
			t.Errorf("%s: %d threats in one table, want at most %d", crossing, n, most)
		}
	}
}
