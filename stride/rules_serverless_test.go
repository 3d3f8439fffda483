package stride_test

import (
	tm "github.com/threatwright/threatwright/threatmodel"
)

// entryAndFunction declares User → Gateway → API, both processes writing
// to the audit log store, with the options given to each.
func (f *fx) entryAndFunction(gw, api []tm.ComponentOption) *tm.Component {
	g := f.gateway(gw...)
	a := f.api(api...)
	logs := f.logs()
	f.call(f.user(), g, "Request", tm.AuthN(tm.JWT))
	f.call(g, a, "Invoke")
	f.call(g, logs, "Access logs")
	f.call(a, logs, "Application logs")
	return a
}

// serverlessCases test the guide's serverless extras: data events in the
// audit trail (TW-R-011), request correlation (TW-R-012) and denial of
// wallet on a store billed per request (TW-D-010).
var serverlessCases = []ruleCase{
	{
		id: "TW-R-011",
		trigger: func() *tm.Model {
			f := newFx()
			f.db(tm.ProviderManaged()).AuditedIn(f.logs())
			return f.m
		},
		want: []string{"TW-R-011@Logs (DB)"},
		// A store of public data needs no record of who read it.
		quiet: func() *tm.Model {
			f := newFx()
			f.m.DataStore("Assets", f.data, tm.Is(tm.ObjectStorage), tm.Stores(f.public())).AuditedIn(f.logs())
			return f.m
		},
		// The trail records the table's data events.
		closed: func() *tm.Model {
			f := newFx()
			f.db(tm.ProviderManaged()).DataEventsAuditedIn(f.logs())
			return f.m
		},
	},
	{
		id: "TW-R-012",
		trigger: func() *tm.Model {
			f := newFx()
			f.entryAndFunction(nil, nil)
			return f.m
		},
		want: []string{"TW-R-012@API"},
		// The API keeps no log of its own: there is nothing to join.
		quiet: func() *tm.Model {
			f := newFx()
			g := f.gateway()
			f.call(f.user(), g, "Request", tm.AuthN(tm.JWT))
			f.call(g, f.api(), "Invoke")
			f.call(g, f.logs(), "Access logs")
			return f.m
		},
		// Both log the request ID; a provider's service that hands the API
		// its credentials keeps its provider's logs and joins nothing.
		closed: func() *tm.Model {
			f := newFx()
			corr := tm.Controls(tm.RequestCorrelation)
			api := f.entryAndFunction([]tm.ComponentOption{corr}, []tm.ComponentOption{corr})
			iam := f.m.Process("IAM", f.ops, tm.Is(tm.IdentityProvider), tm.ProviderManaged())
			f.call(iam, api, "Role credentials")
			f.call(iam, f.m.Component("Logs"), "Audit events")
			return f.m
		},
	},
	{
		id: "TW-D-010",
		trigger: func() *tm.Model {
			f := newFx()
			api := f.api()
			f.call(f.user(), api, "Request", tm.AuthN(tm.JWT))
			f.call(api, f.db(tm.BilledPerRequest()), "Query")
			return f.m
		},
		want: []string{"TW-D-010@DB"},
		// Provisioned capacity: TW-D-003's, not a bill.
		quiet: func() *tm.Model {
			f := newFx()
			api := f.api()
			f.call(f.user(), api, "Request", tm.AuthN(tm.JWT))
			f.call(api, f.db(), "Query")
			return f.m
		},
		// A ceiling on the store's on-demand throughput.
		closed: func() *tm.Model {
			f := newFx()
			api := f.api()
			f.call(f.user(), api, "Request", tm.AuthN(tm.JWT))
			f.call(api, f.db(tm.BilledPerRequest(), tm.Controls(tm.ResourceLimits)), "Query")
			return f.m
		},
	},
}
