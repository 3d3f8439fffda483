package stride_test

import (
	tm "github.com/threatwright/threatwright/threatmodel"
)

// ruleCase tests one rule on its own (stride.OnlyRules): trigger builds a
// model on which the rule derives exactly the threats want, all Open;
// quiet builds a similar model on which it derives nothing; closed, when
// set, builds the trigger model with the mitigation in place, and the same
// threats must be Mitigated.
type ruleCase struct {
	id      string
	trigger func() *tm.Model
	want    []string
	quiet   func() *tm.Model
	closed  func() *tm.Model
}

// spoofingCases, tamperingCases and repudiationCases test the S, T and R
// rules. Every built-in rule must have a case: see TestEveryRuleHasACase.
var spoofingCases = []ruleCase{
	{
		id: "TW-S-001",
		trigger: func() *tm.Model {
			f := newFx()
			f.m.Flow(f.user(), f.api(), "Request", tm.AuthN(tm.NoAuthentication), tm.Carries(f.record))
			return f.m
		},
		want: []string{"TW-S-001@User → API: Request"},
		quiet: func() *tm.Model {
			f := newFx()
			a, b := f.api(), f.m.Process("Worker", f.app)
			f.m.Flow(a, b, "Job", tm.AuthN(tm.NoAuthentication))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.m.Flow(f.user(), f.api(), "Request", tm.AuthN(tm.JWT), tm.Carries(f.record))
			return f.m
		},
	},
	{
		id: "TW-S-002",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request", tm.AuthN(tm.APIKey))
			return f.m
		},
		want: []string{"TW-S-002@User → API: Request"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request", tm.AuthN(tm.ClientCertificate))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request", tm.AuthN(tm.APIKey), tm.Controls(tm.IPAllowlist))
			return f.m
		},
	},
	{
		id: "TW-S-003",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Sign-in", tm.AuthN(tm.Password))
			return f.m
		},
		want: []string{"TW-S-003@User → API: Sign-in"},
		quiet: func() *tm.Model {
			f := newFx()
			partner := f.m.ExternalEntity("Partner", f.internet, tm.Is(tm.ThirdPartyService))
			f.call(partner, f.api(), "Sign-in", tm.AuthN(tm.Password))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(tm.Controls(tm.MFA)), "Sign-in", tm.AuthN(tm.Password))
			return f.m
		},
	},
	{
		id: "TW-S-004",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Sign-in", tm.AuthN(tm.Password))
			return f.m
		},
		want: []string{"TW-S-004@User → API: Sign-in"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request", tm.AuthN(tm.JWT))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(tm.Controls(tm.RateLimiting)), "Sign-in", tm.AuthN(tm.Password))
			return f.m
		},
	},
	{
		id: "TW-S-005",
		trigger: func() *tm.Model {
			f := newFx()
			gw := f.m.Process("Gateway", f.edge, tm.Is(tm.Gateway))
			f.call(gw, f.api(), "Invoke", tm.AuthN(tm.SharedSecret))
			return f.m
		},
		want: []string{"TW-S-005@Gateway → API: Invoke"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request", tm.AuthN(tm.SharedSecret))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			gw := f.m.Process("Gateway", f.edge, tm.Is(tm.Gateway))
			f.call(gw, f.api(), "Invoke", tm.AuthN(tm.IAMSignature))
			return f.m
		},
	},
	{
		id: "TW-S-006",
		trigger: func() *tm.Model {
			f := newFx()
			f.api().RunsAs(f.m.Role("API role"))
			return f.m
		},
		want: []string{"TW-S-006@API"},
		quiet: func() *tm.Model {
			f := newFx()
			f.api()
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			api, role := f.api(), f.m.Role("API role")
			api.RunsAs(role)
			f.m.Secret("API role session", tm.Stored(tm.InWorkloadIdentity), tm.Grants(role), tm.UsedBy(api))
			return f.m
		},
	},
	{
		id: "TW-S-007",
		trigger: func() *tm.Model {
			f := newFx()
			f.m.Flow(f.user(), f.api(), "Request", tm.AuthN(tm.NoAuthentication))
			return f.m
		},
		want: []string{"TW-S-007@User"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.user(), "Notification")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request", tm.AuthN(tm.OAuth2))
			return f.m
		},
	},
	{
		id: "TW-S-008",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request", tm.Encrypted(tm.Plaintext), tm.Over(tm.HTTP, 80))
			return f.m
		},
		want: []string{"TW-S-008@User → API: Request"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.m.Process("Worker", f.app), "Job", tm.Encrypted(tm.Plaintext))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request")
			return f.m
		},
	},
	{
		id: "TW-S-009",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request", tm.AuthN(tm.Session))
			return f.m
		},
		want: []string{"TW-S-009@User → API: Request"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request", tm.AuthN(tm.JWT))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(tm.Controls(tm.SessionManagement)), "Request", tm.AuthN(tm.Session))
			return f.m
		},
	},
	{
		id: "TW-S-010",
		trigger: func() *tm.Model {
			f := newFx()
			b := f.m.ExternalEntity("Browser", f.internet, tm.Is(tm.Browser))
			f.call(b, f.api(), "Form post", tm.AuthN(tm.Session))
			return f.m
		},
		want: []string{"TW-S-010@Browser → API: Form post"},
		quiet: func() *tm.Model {
			f := newFx()
			app := f.m.ExternalEntity("App", f.internet, tm.Is(tm.MobileApp))
			f.call(app, f.api(), "Request", tm.AuthN(tm.Session))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			b := f.m.ExternalEntity("Browser", f.internet, tm.Is(tm.Browser))
			f.call(b, f.api(tm.Controls(tm.CSRFProtection)), "Form post", tm.AuthN(tm.Session))
			return f.m
		},
	},
	{
		id: "TW-S-011",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request", tm.AuthN(tm.JWT))
			return f.m
		},
		want: []string{"TW-S-011@User → API: Request"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request", tm.AuthN(tm.OAuth2))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(tm.Controls(tm.Authentication)), "Request", tm.AuthN(tm.JWT))
			return f.m
		},
	},
}

var tamperingCases = []ruleCase{
	{
		id: "TW-T-001",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request")
			return f.m
		},
		want: []string{"TW-T-001@User → API: Request"},
		quiet: func() *tm.Model {
			f := newFx()
			// A reply from a more trusted store is not attacker input.
			api, db := f.api(), f.db()
			q := f.call(api, db, "Query")
			f.m.Response(q, "Rows")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(tm.Controls(tm.InputValidation)), "Request")
			return f.m
		},
	},
	{
		id: "TW-T-002",
		trigger: func() *tm.Model {
			f := newFx()
			api := f.api()
			f.call(f.user(), api, "Request")
			f.call(api, f.db(), "Query")
			return f.m
		},
		want: []string{"TW-T-002@API → DB: Query"},
		quiet: func() *tm.Model {
			f := newFx()
			// Nothing untrusted reaches the API.
			f.call(f.api(), f.db(), "Query")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			api := f.api(tm.Controls(tm.ParameterizedQueries))
			f.call(f.user(), api, "Request")
			f.call(api, f.db(), "Query")
			return f.m
		},
	},
	{
		id: "TW-T-003",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request")
			return f.m
		},
		want: []string{"TW-T-003@API"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(tm.Infrastructure()), "Request")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(tm.Controls(tm.InputValidation, tm.ReadOnlyFilesystem)), "Request")
			return f.m
		},
	},
	{
		id: "TW-T-004",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.db(), "Query")
			return f.m
		},
		want: []string{"TW-T-004@DB"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.logs(), "Logs")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.db(tm.Controls(tm.PrivateEndpoint)), "Query")
			return f.m
		},
	},
	{
		id: "TW-T-005",
		trigger: func() *tm.Model {
			f := newFx()
			api, db := f.api(), f.db()
			f.call(api, f.m.Process("Worker", f.app), "Job")
			r := f.m.Role("API role")
			r.Allow(db, "dynamodb:PutItem")
			api.RunsAs(r)
			return f.m
		},
		want: []string{"TW-T-005@DB (API role)"},
		quiet: func() *tm.Model {
			f := newFx()
			api, db := f.api(), f.db()
			f.call(api, db, "Query")
			r := f.m.Role("API role")
			r.Allow(db, "dynamodb:PutItem")
			api.RunsAs(r)
			return f.m
		},
	},
	{
		id: "TW-T-006",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request", tm.Encrypted(tm.Plaintext))
			return f.m
		},
		want: []string{"TW-T-006@User → API: Request"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.m.Process("Worker", f.app), "Call", tm.Over(tm.InProcess, 0), tm.Encrypted(tm.Plaintext))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request")
			return f.m
		},
	},
	{
		id: "TW-T-007",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request", tm.Encrypted(tm.TLS10))
			return f.m
		},
		want: []string{"TW-T-007@User → API: Request"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request", tm.Encrypted(tm.TLS12))
			return f.m
		},
	},
	{
		id: "TW-T-008",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.m.DataStore("Jobs", f.data, tm.Is(tm.Queue)), "Enqueue")
			return f.m
		},
		want: []string{"TW-T-008@Jobs"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.db(), "Query")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.m.DataStore("Jobs", f.data, tm.Is(tm.Queue), tm.Controls(tm.MessageSigning)), "Enqueue")
			return f.m
		},
	},
	{
		id: "TW-T-009",
		trigger: func() *tm.Model {
			f := newFx()
			f.m.Process("CI", f.ops, tm.Is(tm.Pipeline))
			return f.m
		},
		want: []string{"TW-T-009@CI"},
		quiet: func() *tm.Model {
			f := newFx()
			f.m.Process("CI", f.ops, tm.Is(tm.Job))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.m.Process("CI", f.ops, tm.Is(tm.Pipeline), tm.Controls(tm.CodeReview, tm.SignedArtifacts))
			return f.m
		},
	},
	{
		id: "TW-T-010",
		trigger: func() *tm.Model {
			f := newFx()
			api, ci := f.api(), f.m.Process("CI", f.ops, tm.Is(tm.Pipeline))
			r := f.m.Role("Deploy role")
			r.Allow(api, "lambda:UpdateFunctionCode")
			ci.RunsAs(r)
			return f.m
		},
		want: []string{"TW-T-010@API (Deploy role)"},
		quiet: func() *tm.Model {
			f := newFx()
			api, ci := f.api(), f.m.Process("CI", f.ops, tm.Is(tm.Pipeline))
			r := f.m.Role("Deploy role")
			r.Allow(api, "lambda:GetFunction")
			ci.RunsAs(r)
			return f.m
		},
		closed: func() *tm.Model {
			// The function runs only signed code (Lambda code signing):
			// signing in the pipeline alone does not close it, see
			// TestCodeReplacementNeedsVerificationAtTheFunction.
			f := newFx()
			api, ci := f.api(tm.Controls(tm.SignedArtifacts)), f.m.Process("CI", f.ops, tm.Is(tm.Pipeline))
			r := f.m.Role("Deploy role")
			r.Allow(api, "lambda:UpdateFunctionCode")
			ci.RunsAs(r)
			return f.m
		},
	},
	{
		id: "TW-T-011",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.m.DataStore("Cache", f.data, tm.Is(tm.Cache)), "Put")
			return f.m
		},
		want: []string{"TW-T-011@Cache"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.db(), "Put")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.m.DataStore("Cache", f.data, tm.Is(tm.Cache), tm.Controls(tm.Authorization)), "Put")
			return f.m
		},
	},
	{
		id: "TW-T-012",
		trigger: func() *tm.Model {
			f := newFx()
			b := f.m.ExternalEntity("Browser", f.internet, tm.Is(tm.Browser))
			f.call(b, f.m.Process("Web", f.edge, tm.Is(tm.WebApplication)), "Page request")
			return f.m
		},
		want: []string{"TW-T-012@Browser → Web: Page request"},
		quiet: func() *tm.Model {
			f := newFx()
			b := f.m.ExternalEntity("Browser", f.internet, tm.Is(tm.Browser))
			f.call(b, f.api(), "Request")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			b := f.m.ExternalEntity("Browser", f.internet, tm.Is(tm.Browser))
			f.call(b, f.m.Process("Web", f.edge, tm.Is(tm.WebApplication), tm.Controls(tm.OutputEncoding)), "Page request")
			return f.m
		},
	},
	{
		id: "TW-T-013",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.db(), "Write")
			return f.m
		},
		want: []string{"TW-T-013@DB"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.db(tm.Controls(tm.Backups)), "Write")
			return f.m
		},
	},
}

var repudiationCases = []ruleCase{
	{
		id: "TW-R-001",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request")
			return f.m
		},
		want: []string{"TW-R-001@API"},
		quiet: func() *tm.Model {
			f := newFx()
			f.m.Flow(f.user(), f.db(), "Upload")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			api := f.api()
			f.call(f.user(), api, "Request")
			f.call(api, f.logs(), "Logs")
			return f.m
		},
	},
	{
		id: "TW-R-002",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.logs(), "Logs")
			return f.m
		},
		want: []string{"TW-R-002@Logs"},
		quiet: func() *tm.Model {
			f := newFx()
			// A log store that does not say it holds audit logs: R does not apply.
			f.call(f.api(), f.m.DataStore("Logs", f.data, tm.Is(tm.LogStore)), "Logs")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.logs(tm.Controls(tm.LogIntegrity)), "Logs")
			return f.m
		},
	},
	{
		id: "TW-R-003",
		trigger: func() *tm.Model {
			f := newFx()
			api := f.api()
			f.call(f.user(), api, "Request")
			f.call(api, f.logs(), "Logs")
			return f.m
		},
		want: []string{"TW-R-003@API → Logs: Logs"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.logs(), "Logs")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			api := f.api()
			f.call(f.user(), api, "Request")
			f.call(api, f.logs(), "Logs", tm.Controls(tm.OutputEncoding))
			return f.m
		},
	},
	{
		id: "TW-R-004",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Request")
			return f.m
		},
		want: []string{"TW-R-004@User"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.user(), "Notification")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(tm.Controls(tm.AuditLogging)), "Request")
			return f.m
		},
	},
	{
		id: "TW-R-005",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.logs(), "Logs")
			return f.m
		},
		want: []string{"TW-R-005@Logs"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.db(), "Query")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.logs(tm.Controls(tm.TimeSync)), "Logs")
			return f.m
		},
	},
	{
		id: "TW-R-006",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.logs(), "Logs")
			return f.m
		},
		want: []string{"TW-R-006@Logs"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.db(), "Query")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.logs(tm.Controls(tm.Monitoring)), "Logs")
			return f.m
		},
	},
	{
		id: "TW-R-007",
		trigger: func() *tm.Model {
			f := newFx()
			api, logs := f.api(), f.logs()
			f.call(api, logs, "Logs")
			r := f.m.Role("API role")
			r.Allow(logs, "logs:DeleteLogGroup")
			api.RunsAs(r)
			return f.m
		},
		want: []string{"TW-R-007@Logs (API role)"},
		quiet: func() *tm.Model {
			f := newFx()
			api, logs := f.api(), f.logs()
			f.call(api, logs, "Logs")
			r := f.m.Role("API role")
			r.Allow(logs, "logs:PutLogEvents")
			api.RunsAs(r)
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			api, logs := f.api(), f.logs(tm.Controls(tm.LogIntegrity))
			f.call(api, logs, "Logs")
			r := f.m.Role("API role")
			r.Allow(logs, "logs:DeleteLogGroup")
			api.RunsAs(r)
			return f.m
		},
	},
	{
		id: "TW-R-008",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.db(), "Write")
			return f.m
		},
		want: []string{"TW-R-008@API → DB: Write"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.api(), f.logs(), "Logs")
			return f.m
		},
		closed: func() *tm.Model {
			// Audit logging with a trail: the API's events reach a log store.
			f := newFx()
			api := f.api(tm.Controls(tm.AuditLogging))
			f.call(api, f.db(), "Write")
			f.call(api, f.logs(), "Audit events")
			return f.m
		},
	},
	{
		id: "TW-R-009",
		trigger: func() *tm.Model {
			f := newFx()
			ci := f.m.Process("CI", f.ops, tm.Is(tm.Pipeline))
			r := f.m.Role("Deploy role")
			r.Allow(f.api(), "iam:PutRolePolicy")
			ci.RunsAs(r)
			return f.m
		},
		want: []string{"TW-R-009@CI"},
		quiet: func() *tm.Model {
			f := newFx()
			ci := f.m.Process("CI", f.ops, tm.Is(tm.Pipeline))
			r := f.m.Role("Deploy role")
			r.Allow(f.db(), "dynamodb:GetItem")
			ci.RunsAs(r)
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			ci := f.m.Process("CI", f.ops, tm.Is(tm.Pipeline))
			iam := f.m.Process("IAM", f.ops, tm.Is(tm.IdentityProvider))
			f.call(ci, iam, "Deploy")
			f.call(iam, f.logs(tm.Controls(tm.LogIntegrity)), "Audit events")
			r := f.m.Role("Deploy role")
			r.Allow(f.api(), "iam:PutRolePolicy")
			ci.RunsAs(r)
			return f.m
		},
	},
	{
		id: "TW-R-010",
		trigger: func() *tm.Model {
			f := newFx()
			p := f.m.ExternalEntity("Partner", f.internet, tm.Is(tm.ThirdPartyService))
			f.call(p, f.api(), "Webhook", tm.AuthN(tm.SharedSecret))
			return f.m
		},
		want: []string{"TW-R-010@Partner → API: Webhook"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(), "Webhook", tm.AuthN(tm.SharedSecret))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			p := f.m.ExternalEntity("Partner", f.internet, tm.Is(tm.ThirdPartyService))
			f.call(p, f.api(), "Webhook", tm.AuthN(tm.ClientCertificate))
			return f.m
		},
	},
}
