package stride_test

import (
	"testing"

	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// deputy declares User → API (with the user's JWT) → DB, the API calling
// the database as itself, and returns the API and the query flow.
func (f *fx) deputy(api ...tm.ComponentOption) (*tm.Component, *tm.Flow) {
	a := f.api(api...)
	f.call(f.user(), a, "Request", tm.AuthN(tm.JWT))
	return a, f.call(a, f.db(), "Query")
}

// identityCases test TW-E-013 (confused deputy) and TW-E-014 (a less
// trusted workload on the same host).
var identityCases = []ruleCase{
	{
		id: "TW-E-013",
		trigger: func() *tm.Model {
			f := newFx()
			f.deputy()
			return f.m
		},
		want: []string{"TW-E-013@API → DB: Query"},
		// Only an internal job calls the API: no end user to confuse it.
		quiet: func() *tm.Model {
			f := newFx()
			api := f.api()
			f.call(f.m.Process("Job", f.app, tm.Is(tm.Job)), api, "Run")
			f.call(api, f.db(), "Query")
			return f.m
		},
		// The API checks each object against the user before it queries.
		closed: func() *tm.Model {
			f := newFx()
			f.deputy(tm.Controls(tm.Authorization))
			return f.m
		},
	},
	{
		id: "TW-E-014",
		trigger: func() *tm.Model {
			f := newFx()
			web := f.m.Process("Web", f.edge, tm.Is(tm.WebApplication))
			f.api().SharesHostWith(web)
			return f.m
		},
		want: []string{"TW-E-014@API (Web)"},
		// Neighbours of equal trust and exposure.
		quiet: func() *tm.Model {
			f := newFx()
			f.api().SharesHostWith(f.m.Process("Worker", f.app, tm.Is(tm.Job)))
			return f.m
		},
		// The exposed neighbour runs in a sandbox.
		closed: func() *tm.Model {
			f := newFx()
			web := f.m.Process("Web", f.edge, tm.Is(tm.WebApplication), tm.Controls(tm.Sandboxing))
			f.api().SharesHostWith(web)
			return f.m
		},
	},
}

// TestConfusedDeputyEnforcement: the deputy is closed at the caller, or by
// the end user's identity reaching a destination that authorizes users; a
// policy at the destination on the service's own identity does not tell
// users apart, and a propagated identity nobody authorizes closes nothing.
func TestConfusedDeputyEnforcement(t *testing.T) {
	only := stride.OnlyRules(ruleByID(t, "TW-E-013"))
	const id = "TW-E-013@API → Core: Call"
	for _, tc := range []struct {
		name string
		flow []tm.FlowOption
		dst  []tm.ComponentOption
		want stride.Status
	}{
		{"authorization at the destination, technical user", nil, []tm.ComponentOption{tm.Controls(tm.Authorization)}, stride.Open},
		{"propagated and authorized per user", []tm.FlowOption{tm.Identity(tm.EndUserIdentity), tm.AuthZ(tm.ResourceOwner)}, nil, stride.Mitigated},
		{"propagated, authorized by the destination", []tm.FlowOption{tm.Identity(tm.OnBehalfOf), tm.AuthZ(tm.IAMPolicy)}, []tm.ComponentOption{tm.Controls(tm.Authorization)}, stride.Mitigated},
		{"propagated, nobody authorizes the user", []tm.FlowOption{tm.Identity(tm.OnBehalfOf), tm.AuthZ(tm.IAMPolicy)}, nil, stride.Open},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFx()
			api := f.api()
			f.call(f.user(), api, "Request", tm.AuthN(tm.JWT))
			core := f.m.Process("Core", f.data, append([]tm.ComponentOption{tm.Is(tm.Service)}, tc.dst...)...)
			f.call(api, core, "Call", append([]tm.FlowOption{tm.AuthN(tm.ClientCertificate)}, tc.flow...)...)
			th, ok := analyze(t, f.m, only).Threat(id)
			if !ok || th.Status != tc.want {
				t.Fatalf("%s = %v (found %v), want %v (evidence %v)", id, th.Status, ok, tc.want, th.Evidence)
			}
		})
	}
}

// TestConfusedDeputyIgnoresForwardersAndTokens: a load balancer relays the
// caller's request, and a flow that forwards the user's token carries the
// user, not the service.
func TestConfusedDeputyIgnoresForwardersAndTokens(t *testing.T) {
	f := newFx()
	lb := f.m.Process("LB", f.edge, tm.Is(tm.LoadBalancer))
	api, user := f.api(), f.user()
	f.call(user, lb, "Browse", tm.AuthN(tm.JWT))
	f.call(lb, f.m.Process("Core", f.data, tm.Is(tm.Service)), "Relay")
	f.call(user, api, "Request", tm.AuthN(tm.JWT))
	f.call(api, f.db(), "Query", tm.AuthN(tm.JWT))
	if got := byRule(analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-E-013"))), "TW-E-013"); len(got) > 0 {
		t.Errorf("TW-E-013 derived %q, want nothing", got)
	}
}
