package stride_test

import (
	tm "github.com/threatwright/threatwright/threatmodel"
)

// partner declares a third-party service on the internet.
func (f *fx) partner() *tm.Component {
	return f.m.ExternalEntity("Partner", f.internet, tm.Is(tm.ThirdPartyService))
}

// gateway declares an API gateway in the edge zone.
func (f *fx) gateway(opts ...tm.ComponentOption) *tm.Component {
	return f.m.Process("Gateway", f.edge, append([]tm.ComponentOption{tm.Is(tm.Gateway)}, opts...)...)
}

// role declares a role that the component runs as, with one allow
// permission.
func (f *fx) role(name string, holder *tm.Component, resource tm.Element, actions ...string) *tm.Role {
	r := f.m.Role(name)
	r.Allow(resource, actions...)
	holder.RunsAs(r)
	return r
}

// public declares a data asset classified Public.
func (f *fx) public() *tm.Asset {
	return f.m.DataAsset("Catalog", tm.Classified(tm.Public))
}

// ideCases test the Information disclosure, Denial of service and Elevation
// of privilege rules.
var ideCases = []ruleCase{
	// Information disclosure.
	{
		id: "TW-I-001",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request", tm.Encrypted(tm.Plaintext))
			return f.m
		},
		want: []string{"TW-I-001@User → API: Request"},
		quiet: func() *tm.Model {
			f := newFx()
			f.m.Flow(f.user(), f.api(), "Browse", tm.Over(tm.HTTP, 80), tm.Encrypted(tm.Plaintext), tm.Carries(f.public()))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request")
			return f.m
		},
	},
	{
		id: "TW-I-002",
		trigger: func() *tm.Model {
			f := newFx()
			profile := f.m.DataAsset("Profile", tm.PII())
			f.call(f.api(), f.partner(), "Share", tm.Carries(profile))
			return f.m
		},
		want: []string{"TW-I-002@API → Partner: Share"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.partner(), "Share") // the record is neither personal nor restricted
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			profile := f.m.DataAsset("Profile", tm.PII())
			f.call(f.api(tm.Controls(tm.DataMasking)), f.partner(), "Share", tm.Carries(profile))
			return f.m
		},
	},
	{
		id: "TW-I-003",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request")
			return f.m
		},
		want: []string{"TW-I-003@User → API: Request"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.gateway(), f.api(), "Invoke") // inside the account: no blast-radius boundary entered
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(tm.Controls(tm.ErrorSanitization)), "Request")
			return f.m
		},
	},
	{
		id: "TW-I-004",
		trigger: func() *tm.Model {
			f := newFx()
			api := f.api()
			f.call(f.user(), api, "Request")
			f.call(api, f.logs(), "Logs")
			return f.m
		},
		want: []string{"TW-I-004@API"},
		quiet: func() *tm.Model {
			f := newFx()
			lines := f.m.Asset("Log lines", tm.AssetLogs)
			f.m.Flow(f.api(), f.logs(), "Logs", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.Carries(lines)) // nothing confidential passes through the API
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			api := f.api()
			f.call(f.user(), api, "Request")
			f.call(api, f.logs(), "Logs", tm.Controls(tm.LogScrubbing))
			return f.m
		},
	},
	{
		id: "TW-I-005",
		trigger: func() *tm.Model {
			f := newFx()
			api := f.api()
			f.call(f.user(), api, "Request")
			f.call(api, f.partner(), "Webhook")
			return f.m
		},
		want: []string{"TW-I-005@API"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.partner(), "Webhook") // nothing untrusted reaches the API
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			api := f.api(tm.Controls(tm.EgressFiltering))
			f.call(f.user(), api, "Request")
			f.call(api, f.partner(), "Webhook")
			return f.m
		},
	},
	{
		id: "TW-I-006",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.db(), "Query")
			return f.m
		},
		want: []string{"TW-I-006@API"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(tm.Infrastructure()), f.db(), "Query")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.api(tm.Controls(tm.EgressFiltering)), f.db(), "Query")
			return f.m
		},
	},
	{
		id: "TW-I-007",
		trigger: func() *tm.Model {
			f := newFx()
			f.db()
			return f.m
		},
		want: []string{"TW-I-007@DB"},
		quiet: func() *tm.Model {
			f := newFx()
			f.m.DataStore("DB", f.data, tm.Is(tm.Database), tm.Stores(f.public()))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.db(tm.Controls(tm.PrivateEndpoint))
			return f.m
		},
	},
	{
		id: "TW-I-008",
		trigger: func() *tm.Model {
			f := newFx()
			db := f.db()
			f.role("Reporting role", f.m.Process("Batch", f.app), db, "dynamodb:Scan")
			return f.m
		},
		want: []string{"TW-I-008@Batch (DB)"},
		quiet: func() *tm.Model {
			f := newFx()
			db, batch := f.db(), f.m.Process("Batch", f.app)
			f.call(batch, db, "Export")
			f.role("Reporting role", batch, db, "dynamodb:Scan")
			return f.m
		},
	},
	{
		id: "TW-I-009",
		trigger: func() *tm.Model {
			f := newFx()
			req := f.call(f.user(), f.api(), "Request")
			f.m.Response(req, "Result", tm.Carries(f.record))
			return f.m
		},
		want: []string{"TW-I-009@User → API: Request"},
		quiet: func() *tm.Model {
			f := newFx()
			req := f.call(f.user(), f.api(), "Request")
			f.m.Response(req, "Result", tm.Carries(f.public()))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			req := f.call(f.user(), f.api(), "Request", tm.AuthZ(tm.ResourceOwner))
			f.m.Response(req, "Result", tm.Carries(f.record))
			return f.m
		},
	},

	// Denial of service.
	{
		id: "TW-D-001",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request")
			return f.m
		},
		want: []string{"TW-D-001@User → API: Request"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.gateway(), f.api(), "Invoke")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(tm.Controls(tm.RateLimiting)), "Request")
			return f.m
		},
	},
	{
		id: "TW-D-002",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request")
			return f.m
		},
		want: []string{"TW-D-002@API"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(tm.Infrastructure()), "Request") // a managed service absorbs its own load
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(tm.Controls(tm.ResourceLimits, tm.Timeouts)), "Request")
			return f.m
		},
	},
	{
		id: "TW-D-003",
		trigger: func() *tm.Model {
			f := newFx()
			api := f.api()
			f.call(f.user(), api, "Request")
			f.call(api, f.db(), "Query")
			return f.m
		},
		want: []string{"TW-D-003@DB"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.db(), "Query") // nothing untrusted reaches the store
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			api := f.api(tm.Controls(tm.RateLimiting))
			f.call(f.user(), api, "Request")
			f.call(api, f.db(), "Query")
			return f.m
		},
	},
	{
		id: "TW-D-004",
		trigger: func() *tm.Model {
			f := newFx()
			f.role("App role", f.api(), f.db(), "dynamodb:PutItem")
			return f.m
		},
		want: []string{"TW-D-004@DB (App role)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.role("App role", f.api(), f.db(), "dynamodb:GetItem")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.role("App role", f.api(), f.db(tm.Controls(tm.Backups)), "dynamodb:PutItem")
			return f.m
		},
	},
	{
		id: "TW-D-005",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.m.DataStore("Queue", f.data, tm.Is(tm.Queue)), "Enqueue")
			return f.m
		},
		want: []string{"TW-D-005@Queue"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.db(), "Query")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.api(tm.Controls(tm.RateLimiting)), f.m.DataStore("Queue", f.data, tm.Is(tm.Queue)), "Enqueue")
			return f.m
		},
	},
	{
		id: "TW-D-006",
		trigger: func() *tm.Model {
			f := newFx()
			api := f.api()
			f.call(f.user(), api, "Request")
			f.call(api, f.logs(), "Logs")
			return f.m
		},
		want: []string{"TW-D-006@Logs"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.logs(), "Logs") // nothing untrusted drives what is logged
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			api := f.api()
			f.call(f.user(), api, "Request")
			f.call(api, f.logs(tm.Controls(tm.Monitoring)), "Logs")
			return f.m
		},
	},
	{
		id: "TW-D-007",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.partner(), "Charge")
			return f.m
		},
		want: []string{"TW-D-007@API → Partner: Charge"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.db(), "Query")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.partner(), "Charge", tm.Controls(tm.Timeouts))
			return f.m
		},
	},
	{
		id: "TW-D-008",
		trigger: func() *tm.Model {
			f := newFx()
			f.db()
			return f.m
		},
		want: []string{"TW-D-008@DB"},
		quiet: func() *tm.Model {
			f := newFx()
			f.m.DataStore("DB", f.data, tm.Is(tm.Database), tm.Stores(f.m.DataAsset("Cache", tm.Value(tm.Medium))))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.db(tm.Controls(tm.Redundancy))
			return f.m
		},
	},

	// Elevation of privilege.
	{
		id: "TW-E-001",
		trigger: func() *tm.Model {
			f := newFx()
			f.role("App role", f.api(), tm.AnyResource(), "s3:*")
			return f.m
		},
		want: []string{"TW-E-001@API (App role)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.role("App role", f.api(), f.db(), "dynamodb:GetItem")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			db := f.db()
			g := f.m.Guardrail("Boundary", tm.Note("The users table, reads only"))
			g.Allow(db, "dynamodb:GetItem")
			r := f.m.Role("App role", tm.WithPermissionBoundary(g))
			r.Allow(db, "dynamodb:*")
			f.api().RunsAs(r)
			return f.m
		},
	},
	{
		id: "TW-E-002",
		trigger: func() *tm.Model {
			f := newFx()
			db := f.db()
			app := f.role("App role", f.api(), db, "dynamodb:GetItem")
			admin := f.m.Role("Admin role")
			admin.Allow(db, "dynamodb:*")
			app.CanAssume(admin)
			return f.m
		},
		want: []string{"TW-E-002@API (Admin role)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.role("App role", f.api(), f.db(), "dynamodb:GetItem")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			db := f.db()
			scp := f.m.Guardrail("SCP", tm.Note("Denies role chaining"))
			scp.Deny(tm.AnyResource(), "sts:AssumeRole")
			app := f.m.Role("App role", tm.WithPermissionBoundary(scp))
			app.Allow(db, "dynamodb:GetItem")
			f.api().RunsAs(app)
			admin := f.m.Role("Admin role")
			admin.Allow(db, "dynamodb:*")
			app.Allow(admin, "sts:AssumeRole")
			return f.m
		},
	},
	{
		id: "TW-E-003",
		trigger: func() *tm.Model {
			f := newFx()
			f.role("App role", f.api(), f.db(), "dynamodb:GetItem")
			return f.m
		},
		want: []string{"TW-E-003@API (App role)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.role("App role", f.api(), f.logs(), "logs:PutLogEvents")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			db := f.db()
			g := f.m.Guardrail("Boundary")
			g.Deny(db, "dynamodb:*")
			r := f.m.Role("App role", tm.WithPermissionBoundary(g))
			r.Allow(db, "dynamodb:GetItem")
			f.api().RunsAs(r)
			return f.m
		},
	},
	{
		id: "TW-E-004",
		trigger: func() *tm.Model {
			f := newFx()
			f.m.Dependency("Base image", tm.BaseImage, tm.Pinned(tm.Digest, "sha256:0"), tm.UsedBy(f.api()))
			return f.m
		},
		want: []string{"TW-E-004@API"},
		quiet: func() *tm.Model {
			f := newFx()
			f.m.Dependency("Modules", tm.Package, tm.Pinned(tm.LockFile, "go.sum"), tm.UsedBy(f.api()))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.m.Process("API", f.app, tm.Is(tm.Service, tm.Container), tm.Controls(tm.NonRootUser, tm.ReadOnlyFilesystem))
			return f.m
		},
	},
	{
		id: "TW-E-005",
		trigger: func() *tm.Model {
			f := newFx()
			api := f.api()
			f.call(f.user(), api, "Request")
			f.role("App role", api, f.db(), "dynamodb:GetItem")
			return f.m
		},
		want: []string{"TW-E-005@API"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request") // no role to escalate to
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			api := f.api(tm.Controls(tm.InputValidation, tm.LeastPrivilege))
			f.call(f.user(), api, "Request")
			f.role("App role", api, f.db(), "dynamodb:GetItem")
			return f.m
		},
	},
	{
		id: "TW-E-006",
		trigger: func() *tm.Model {
			f := newFx()
			f.m.Flow(f.user(), f.api(), "Request", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT))
			return f.m
		},
		want: []string{"TW-E-006@User → API: Request"},
		quiet: func() *tm.Model {
			f := newFx()
			f.m.Flow(f.user(), f.gateway(), "Request", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.m.Flow(f.user(), f.api(), "Request", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT),
				tm.AuthZ(tm.RoleBased))
			return f.m
		},
	},
	{
		id: "TW-E-007",
		trigger: func() *tm.Model {
			f := newFx()
			f.role("Deploy role", f.m.Process("Pipeline", f.ops, tm.Is(tm.Pipeline)), f.api(), "lambda:UpdateFunctionCode")
			return f.m
		},
		want: []string{"TW-E-007@Pipeline (Deploy role)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.role("Deploy role", f.m.Process("Pipeline", f.ops, tm.Is(tm.Pipeline)), f.api(), "lambda:GetFunction")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			api := f.api()
			g := f.m.Guardrail("Boundary", tm.Note("Read-only on the function"))
			g.Allow(api, "lambda:Get*")
			r := f.m.Role("Deploy role", tm.WithPermissionBoundary(g))
			r.Allow(api, "lambda:UpdateFunctionCode")
			f.m.Process("Pipeline", f.ops, tm.Is(tm.Pipeline)).RunsAs(r)
			return f.m
		},
	},
	{
		id: "TW-E-008",
		trigger: func() *tm.Model {
			f := newFx()
			f.role("App role", f.api(), f.m.Process("IAM", f.ops, tm.Is(tm.IdentityProvider)), "iam:PassRole", "lambda:CreateFunction")
			return f.m
		},
		want: []string{"TW-E-008@API (App role)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.role("App role", f.api(), f.m.Process("IAM", f.ops, tm.Is(tm.IdentityProvider)), "iam:GetRole")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			g := f.m.Guardrail("Boundary", tm.Note("Creates no functions"))
			g.Deny(tm.AnyResource(), "lambda:CreateFunction")
			r := f.m.Role("App role", tm.WithPermissionBoundary(g))
			r.Allow(f.m.Process("IAM", f.ops, tm.Is(tm.IdentityProvider)), "iam:PassRole", "lambda:CreateFunction")
			f.api().RunsAs(r)
			return f.m
		},
	},
	{
		id: "TW-E-009",
		trigger: func() *tm.Model {
			f := newFx()
			f.role("App role", f.api(), f.db(), "dynamodb:PutItem")
			return f.m
		},
		want: []string{"TW-E-009@API (App role)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.role("App role", f.api(), f.logs(), "logs:PutLogEvents") // appending to a log store
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			db := f.db()
			g := f.m.Guardrail("Boundary")
			g.Deny(db, "dynamodb:PutItem")
			r := f.m.Role("App role", tm.WithPermissionBoundary(g))
			r.Allow(db, "dynamodb:PutItem")
			f.api().RunsAs(r)
			return f.m
		},
	},
}
