package modeljson_test

import (
	"time"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// features declares what the examples do not: a trust policy naming
// roles, a model-level waiver, a component out of scope, an asset that
// represents a component, and a
// mitigation limited to principals.
func features() *tm.Model {
	m := tm.New("Features", tm.Owner("Platform team"), tm.Description("Everything the examples leave out."))
	m.ThreatContext("Payments", "Card data stolen")
	m.Scope("The payment path")
	m.Assume("The cloud provider is honest")
	m.OutOfScope("The office network", "Nothing of the system runs there")
	internet := m.Zone("Internet", tm.Untrusted)
	cloud := m.Zone("Cloud", tm.Trusted, tm.ContainsBlastRadius())
	core := m.Zone("Core", tm.HighlyTrusted, tm.Inside(cloud))
	scp := m.Guardrail("SCP", tm.Note("Organisation policy"))
	scp.Deny(tm.AnyResource(), "iam:CreateUser")
	core.Guardrail(scp)
	card := m.DataAsset("Card data", tm.Value(tm.VeryHigh), tm.RiskLevel(tm.Critical), tm.PII(),
		tm.Lifecycle(tm.DataLifecycle{AtRest: "KMS", Encrypted: tm.CustomerManagedKey, Retention: 90 * 24 * time.Hour}))
	user := m.ExternalEntity("Shopper", internet)
	api := m.Process("API", cloud, tm.Is(tm.Container, tm.WebApplication), tm.Technology("Go"),
		tm.Accepts(tm.JSON), tm.Controls(tm.InputValidation), tm.Controls(tm.RateLimiting).For(user),
		tm.ErrorHandling("Stack traces", "Generic errors"), tm.Runtime("Crash", "Restarts"))
	legacy := m.Process("Legacy batch", cloud, tm.NotInScope("Retired next quarter"))
	db := m.DataStore("DB", core, tm.Stores(card), tm.Controls(tm.EncryptionAtRest))
	logs := m.DataStore("Audit", core, tm.HoldsAuditLogs())
	m.Asset("API session", tm.AssetCredential, tm.Represents(api))
	req := m.Flow(user, api, "Checkout", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.OAuth2), tm.Carries(card))
	m.Response(req, "Receipt")
	m.Flow(api, db, "Query", tm.Over(tm.TCP, 5432), tm.Identity(tm.TechnicalUser))
	api.AuditedIn(logs)
	db.DataEventsAuditedIn(logs)
	api.SharesHostWith(legacy)
	apiRole := m.Role("API role", tm.TrustsServices("ecs-tasks.amazonaws.com"))
	admin := m.Role("Admin")
	admin.Trusts(apiRole)
	apiRole.CanAssume(admin)
	apiRole.Allow(db, "rds:Connect")
	api.RunsAs(apiRole)
	db.Allow(apiRole, "rds:Connect")
	m.Secret("DB password", tm.Stored(tm.InSecretsManager), tm.Rotated(tm.Rotation{Every: 30 * 24 * time.Hour, Automated: true}),
		tm.UsedBy(api), tm.Opens(db), tm.BlastRadius("The database"))
	m.Mitigation("WAF for shoppers", tm.Implements(tm.WAF), tm.On(api), tm.Covers(user))
	m.Threat("Card data scraped", tm.InformationDisclosure, tm.About(card, api), tm.Impact(tm.High), tm.Likelihood(tm.Low),
		tm.AttackPaths("Scrape the API"), tm.MitigatedBy("Rate limits"))
	m.Accept("USR-card-data-scraped", tm.Justification("Low volume"), tm.Owner("Risk"), tm.Expires(time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)))
	m.WaiveModel(tm.CodeNoComponents, "Not true, only an example")
	m.Waive(tm.CodeNoOwner, db, "Owned by the platform")
	return m
}
