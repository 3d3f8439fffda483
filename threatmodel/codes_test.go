package threatmodel_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// Paths of the fixture's elements, as findings name them.
const (
	pathAPI     = `components["Orders service"]`
	pathRole    = `roles["Orders service role"]`
	pathPlace   = `flows["Customer → Orders service: Place order"]`
	pathConfirm = `flows["Orders service → Customer: Order confirmation"]`
)

// complete options for a process that needs nothing more.
func processOpts(extra ...tm.ComponentOption) []tm.ComponentOption {
	return append([]tm.ComponentOption{
		tm.Technology("Go"), tm.Description("A worker."),
		tm.ErrorHandling("Errors leak internals", "Generic errors"),
		tm.Runtime("Resource exhaustion", "Limits"),
	}, extra...)
}

// crossingOpts states everything a boundary-crossing flow must state.
func crossingOpts(f *fixture, extra ...tm.FlowOption) []tm.FlowOption {
	return append([]tm.FlowOption{
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT), tm.AuthZ(tm.Scopes), tm.Carries(f.orders),
	}, extra...)
}

func lifecycle() tm.DataLifecycle {
	return tm.DataLifecycle{AtRest: "Encrypted disk", InTransit: "TLS", Deletion: "After 30 days", AccessControl: "Owner only"}
}

func secretOpts(f *fixture) []tm.SecretOption {
	return []tm.SecretOption{
		tm.Provisioned("Terraform"), tm.Stored(tm.InSecretsManager),
		tm.Rotated(tm.Rotation{Every: 24 * time.Hour, Automated: true}),
		tm.BlastRadius("The database"), tm.UsedBy(f.api),
	}
}

func acceptOpts() []tm.AcceptanceOption {
	return []tm.AcceptanceOption{
		tm.Justification("Low value"), tm.Owner("Team lead"),
		tm.Expires(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)),
	}
}

// codeCase adds a defect (or a near miss) to a complete fixture and lists
// exactly the findings that must follow, by code and path.
type codeCase struct {
	name    string
	fixture fixtureOptions // zero: newFixture
	declare func(f *fixture)
	want    []key
}

func codeCases() []codeCase {
	return []codeCase{
		// Structural errors.
		{name: "TM001 model name", fixture: fixtureOptions{name: " "},
			want: []key{{tm.CodeEmptyName, "model"}}},
		{name: "TM001 zone name", declare: func(f *fixture) {
			z := f.m.Zone("", tm.Trusted, tm.Inside(f.vpc))
			f.link(f.m.Process("Worker", z, processOpts()...))
		}, want: []key{{tm.CodeEmptyName, `zones[""]`}}},
		{name: "TM001 component name", declare: func(f *fixture) {
			f.link(f.m.Process("", f.vpc, processOpts()...))
		}, want: []key{{tm.CodeEmptyName, `components[""]`}}},
		{name: "TM001 flow name", declare: func(f *fixture) {
			f.m.Flow(f.customer, f.api, "", crossingOpts(f)...)
		}, want: []key{{tm.CodeEmptyName, `flows["Customer → Orders service: "]`}}},
		{name: "TM001 permission without actions", declare: func(f *fixture) {
			f.role.Allow(f.db)
		}, want: []key{{tm.CodeEmptyName, pathRole + ".permissions[1].actions"}}},
		{name: "TM001 empty action", declare: func(f *fixture) {
			f.role.Deny(f.db, "rds:DeleteDBInstance", " ")
		}, want: []key{{tm.CodeEmptyName, pathRole + ".permissions[1].actions"}}},
		{name: "TM002 duplicate component", declare: func(f *fixture) {
			f.link(f.m.Process("Orders service", f.vpc, processOpts()...))
		}, want: []key{{tm.CodeDuplicateName, pathAPI}}},
		{name: "TM002 duplicate flow", declare: func(f *fixture) {
			f.m.Flow(f.customer, f.api, "Place order", crossingOpts(f)...)
		}, want: []key{{tm.CodeDuplicateName, pathPlace}}},
		{name: "TM002 duplicate secret", declare: func(f *fixture) {
			f.m.Secret("DB password", secretOpts(f)...)
		}, want: []key{{tm.CodeDuplicateName, `secrets["DB password"]`}}},
		{name: "TM002 two threat titles with one ID", declare: func(f *fixture) {
			opts := []tm.ThreatOption{tm.About(f.api), tm.Impact(tm.Low), tm.Likelihood(tm.Low), tm.MitigatedBy("Reviewed")}
			f.m.Threat("Replay of orders", tm.Tampering, opts...)
			f.m.Threat("replay-of orders", tm.Tampering, opts...)
		}, want: []key{{tm.CodeDuplicateName, `threats["replay-of orders"]`}}},
		{name: "TM002 two flows with one key", declare: func(f *fixture) {
			// Both keys read "Orders service → Orders DB: Write order: retry":
			// a flow named "Write order: retry" to Orders DB, and a flow named
			// "retry" to a store named "Orders DB: Write order".
			f.m.Flow(f.api, f.db, "Write order: retry", crossingOpts(f)...)
			odd := f.m.DataStore("Orders DB: Write order", f.data, tm.Technology("RDS"), tm.Description("d"))
			f.m.Flow(f.api, odd, "retry", crossingOpts(f)...)
		}, want: []key{{tm.CodeDuplicateName, `flows["Orders service → Orders DB: Write order: retry"]`}}},
		{name: "TM002 silent on separators that do not collide", declare: func(f *fixture) {
			f.m.Flow(f.api, f.db, "Write order: retry", crossingOpts(f)...)
			odd := f.m.DataStore("Orders DB: replica", f.data, tm.Technology("RDS"), tm.Description("d"))
			f.m.Flow(f.api, odd, "Write order: retry", crossingOpts(f)...)
		}},
		{name: "TM003 nil zone", declare: func(f *fixture) {
			f.link(f.m.Process("Orphan", nil, processOpts()...))
		}, want: []key{{tm.CodeNilReference, `components["Orphan"].zone`}}},
		{name: "TM003 nil flow end", declare: func(f *fixture) {
			f.m.Flow(nil, f.api, "Ghost")
		}, want: []key{{tm.CodeNilReference, `flows["? → Orders service: Ghost"].source`}}},
		{name: "TM003 nil request", declare: func(f *fixture) {
			f.m.Response(nil, "Reply")
		}, want: []key{{tm.CodeNilReference, `flows["Reply"].responseTo`}}},
		{name: "TM003 nil option", declare: func(f *fixture) {
			f.link(f.m.Process("Worker", f.vpc, append(processOpts(), nil)...))
		}, want: []key{{tm.CodeNilReference, `components["Worker"]`}}},
		{name: "TM003 nil role", declare: func(f *fixture) {
			f.api.RunsAs(nil)
		}, want: []key{{tm.CodeNilReference, pathAPI + ".runsAs"}}},
		{name: "TM003 nil resource", declare: func(f *fixture) {
			f.role.Allow(nil, "s3:GetObject")
		}, want: []key{{tm.CodeNilReference, pathRole + ".permissions[1].resource"}}},
		{name: "TM003 nil waiver target", declare: func(f *fixture) {
			f.m.Waive(tm.CodeNoDescription, nil, "Not needed")
		}, want: []key{{tm.CodeNilReference, `waivers[TM110 on ?].target`}}},
		{name: "TM004 foreign zone", declare: func(f *fixture) {
			elsewhere := tm.New("Other").Zone("Elsewhere", tm.Trusted)
			f.link(f.m.Process("Stranger", elsewhere, processOpts()...))
		}, want: []key{{tm.CodeForeignElement, `components["Stranger"].zone`}}},
		{name: "TM004 foreign flow end", declare: func(f *fixture) {
			other := tm.New("Other")
			intruder := other.ExternalEntity("Intruder", other.Zone("Elsewhere", tm.Untrusted))
			f.m.Flow(intruder, f.api, "Sneak in")
		}, want: []key{{tm.CodeForeignElement, `flows["Intruder → Orders service: Sneak in"].source`}}},
		{name: "TM004 foreign resource", declare: func(f *fixture) {
			other := tm.New("Other")
			f.role.Allow(other.DataStore("Their DB", other.Zone("Z", tm.Trusted)), "rds-db:connect")
		}, want: []key{{tm.CodeForeignElement, pathRole + ".permissions[1].resource"}}},
		{name: "TM005 trust out of range", declare: func(f *fixture) {
			z := f.m.Zone("Odd", tm.Trust(42), tm.Inside(f.vpc))
			f.link(f.m.Process("Worker", z, processOpts()...))
		}, want: []key{{tm.CodeInvalidValue, `zones["Odd"].trust`}}},
		{name: "TM005 two parents", declare: func(f *fixture) {
			z := f.m.Zone("Subnet", tm.Trusted, tm.Inside(f.vpc), tm.Inside(f.internet))
			f.link(f.m.Process("Worker", z, processOpts()...))
		}, want: []key{{tm.CodeInvalidValue, `zones["Subnet"].parent`}}},
		{name: "TM005 protocol and port", declare: func(f *fixture) {
			f.m.Flow(f.customer, f.api, "Odd call", append(crossingOpts(f), tm.Over(tm.Protocol(200), 70000))...)
		}, want: []key{
			{tm.CodeInvalidValue, `flows["Customer → Orders service: Odd call"].port`},
			{tm.CodeInvalidValue, `flows["Customer → Orders service: Odd call"].protocol`},
		}},
		{name: "TM005 audit logs on a process", declare: func(f *fixture) {
			f.link(f.m.Process("Worker", f.vpc, processOpts(tm.HoldsAuditLogs())...))
		}, want: []key{{tm.CodeInvalidValue, `components["Worker"].auditLogs`}}},
		{name: "TM005 impact out of range", declare: func(f *fixture) {
			f.m.Threat("Replay", tm.Spoofing, tm.About(f.api), tm.Impact(tm.VeryHigh), tm.Likelihood(tm.Low), tm.MitigatedBy("Nonces"))
		}, want: []key{{tm.CodeInvalidValue, `threats["Replay"].impact`}, {tm.CodeNoImpact, `threats["Replay"].impact`}}},
		{name: "TM005 negative rotation", declare: func(f *fixture) {
			f.m.Secret("Token", append(secretOpts(f), tm.Rotated(tm.Rotation{Every: -time.Hour}))...)
		}, want: []key{{tm.CodeInvalidValue, `secrets["Token"].rotation`}}},
		{name: "TM005 unstated asset kind", declare: func(f *fixture) {
			f.m.Asset("Thing", 0, tm.Value(tm.Low), tm.RiskLevel(tm.Moderate), tm.Represents(f.api))
		}, want: []key{{tm.CodeInvalidValue, `assets["Thing"].kind`}}},
		{name: "TM005 mitigation on a role", declare: func(f *fixture) {
			f.m.Mitigation("Boundary", tm.Implements(tm.PermissionBoundary), tm.On(f.role, f.api))
		}, want: []key{{tm.CodeInvalidValue, `mitigations["Boundary"].on`}}},
		{name: "TM005 permission on a flow", declare: func(f *fixture) {
			f.role.Allow(f.place, "execute-api:Invoke")
		}, want: []key{{tm.CodeInvalidValue, pathRole + ".permissions[1].resource"}}},
		{name: "TM005 secret opens a threat", declare: func(f *fixture) {
			f.m.Secret("Token", append(secretOpts(f), tm.Opens(f.tampering, f.db))...)
		}, want: []key{{tm.CodeInvalidValue, `secrets["Token"].opens`}}},
		{name: "TM005 silent on permissions to assume a role", declare: func(f *fixture) {
			other := f.m.Role("Reporting role", tm.MitigatedBy("Read only"))
			other.Allow(f.data, "rds-db:connect")
			f.role.Allow(other, "sts:AssumeRole")
			f.role.CanAssume(other)
		}},
		{name: "TM006 control character", declare: func(f *fixture) {
			f.m.Dependency("bad\tname", tm.Tool, tm.Pinned(tm.ExactVersion, "1.0"), tm.Risk("r"), tm.MitigatedBy("m"))
		}, want: []key{{tm.CodeBadName, `dependencies["bad\x09name"]`}}},
		{name: "TM006 control character in the model's name", fixture: fixtureOptions{name: "Orders\tAPI"},
			want: []key{{tm.CodeBadName, "model"}}},
		{name: "TM007 self flow", declare: func(f *fixture) {
			f.m.Flow(f.api, f.api, "Loop")
		}, want: []key{{tm.CodeSelfFlow, `flows["Orders service → Orders service: Loop"]`}}},
		{name: "TM008 name too long", declare: func(f *fixture) {
			f.m.Dependency(strings.Repeat("é", tm.MaxNameLength+1), tm.Tool, tm.Pinned(tm.ExactVersion, "1.0"), tm.Risk("r"), tm.MitigatedBy("m"))
			f.m.Dependency(strings.Repeat("é", tm.MaxNameLength), tm.Tool, tm.Pinned(tm.ExactVersion, "1.0"), tm.Risk("r"), tm.MitigatedBy("m"))
		}, want: []key{{tm.CodeNameTooLong, `dependencies["` + strings.Repeat("é", tm.MaxNameLength+1) + `"]`}}},
		{name: "TM008 flow name too long", declare: func(f *fixture) {
			f.m.Flow(f.api, f.db, strings.Repeat("x", tm.MaxNameLength+1),
				tm.Over(tm.GRPC, 8443), tm.Encrypted(tm.MutualTLS), tm.AuthN(tm.WorkloadIdentity), tm.AuthZ(tm.RoleBased), tm.Carries(f.orders))
		}, want: []key{{tm.CodeNameTooLong, `flows["Orders service → Orders DB: ` + strings.Repeat("x", tm.MaxNameLength+1) + `"]`}}},
		{name: "TM009 not a function, and malformed proofs", declare: func(f *fixture) {
			f.m.Process("Limiter", f.m.Zones()[0], processOpts(
				tm.Controls(tm.RateLimiting).ImplementedBy("RateLimit middleware", strings.ToUpper).ProvedBy(tm.GoTest("example.com/api", "TestLimiter")))...)
			f.m.Mitigation("Validation", tm.Implements(tm.InputValidation), tm.On(f.api),
				tm.ImplementedBy(nil), tm.ProvedBy(tm.GoTest("", "TestX"), tm.GoTest("example.com/api", "testLower"),
					tm.PolicyFile("/etc/policy.rego"), tm.PolicyFile("policy/../../x.rego"), tm.External("Pen test", time.Time{}), tm.Proof{}))
		}, want: []key{
			{tm.CodeBadEvidence, `components["Limiter"].controls.implementedBy`},
			{tm.CodeUnconnected, `components["Limiter"]`},
			{tm.CodeBadEvidence, `mitigations["Validation"].implementedBy`},
			// One each: no package, a lower-case test name, an absolute
			// path, a path out of the repository, no date, no kind.
			{tm.CodeBadEvidence, `mitigations["Validation"].provedBy`},
			{tm.CodeBadEvidence, `mitigations["Validation"].provedBy`},
			{tm.CodeBadEvidence, `mitigations["Validation"].provedBy`},
			{tm.CodeBadEvidence, `mitigations["Validation"].provedBy`},
			{tm.CodeBadEvidence, `mitigations["Validation"].provedBy`},
			{tm.CodeBadEvidence, `mitigations["Validation"].provedBy`},
		}},

		// Completeness gaps.
		{name: "TM101 no threat context", fixture: fixtureOptions{name: "Orders API", noContext: true},
			want: []key{{tm.CodeNoThreatContext, "model.threatContext"}}},
		{name: "TM101 half a threat context", declare: func(f *fixture) {
			f.m.ThreatContext("Holds orders.", " ")
		}, want: []key{{tm.CodeNoThreatContext, "model.threatContext"}}},
		{name: "TM102 no owner", fixture: fixtureOptions{name: "Orders API", noOwner: true},
			want: []key{{tm.CodeNoOwner, "model.owner"}}},
		{name: "TM110 no description", declare: func(f *fixture) {
			f.link(f.m.Process("Worker", f.vpc, append(processOpts(), tm.Description(""))...))
		}, want: []key{{tm.CodeNoDescription, `components["Worker"].description`}}},
		{name: "TM111 no technology", declare: func(f *fixture) {
			f.link(f.m.DataStore("Cache", f.vpc, tm.Description("Sessions.")))
		}, want: []key{{tm.CodeNoTechnology, `components["Cache"].technology`}}},
		{name: "TM111 silent on an external entity", declare: func(f *fixture) {
			partner := f.m.ExternalEntity("Partner", f.internet, tm.Description("A reseller."))
			f.m.Flow(partner, f.api, "Bulk order", crossingOpts(f)...)
		}},
		{name: "TM112 no error handling", declare: func(f *fixture) {
			f.link(f.m.Process("Worker", f.vpc, tm.Technology("Go"), tm.Description("d"), tm.Runtime("r", "m")))
		}, want: []key{{tm.CodeNoErrorHandling, `components["Worker"].errorHandling`}}},
		{name: "TM113 no runtime", declare: func(f *fixture) {
			f.link(f.m.Process("Worker", f.vpc, tm.Technology("Go"), tm.Description("d"), tm.ErrorHandling("r", "m")))
		}, want: []key{{tm.CodeNoRuntime, `components["Worker"].runtime`}}},
		{name: "TM112 TM113 half-written entries", declare: func(f *fixture) {
			f.link(f.m.Process("Worker", f.vpc, processOpts(tm.ErrorHandling("Stack traces", " "), tm.Runtime("", "Limits"))...))
		}, want: []key{
			{tm.CodeNoErrorHandling, `components["Worker"].errorHandling[1]`},
			{tm.CodeNoRuntime, `components["Worker"].runtime[1]`},
		}},
		{name: "TM112 TM113 silent out of scope", declare: func(f *fixture) {
			f.link(f.m.Process("Legacy", f.vpc, tm.Technology("Java"), tm.Description("d"), tm.NotInScope("Retired next quarter")))
		}},
		{name: "TM120 no protocol", declare: func(f *fixture) {
			f.m.Flow(f.customer, f.api, "Upload", tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT), tm.AuthZ(tm.Scopes), tm.Carries(f.orders))
		}, want: []key{{tm.CodeNoProtocol, `flows["Customer → Orders service: Upload"].protocol`}}},
		{name: "TM121 no encryption", declare: func(f *fixture) {
			f.m.Flow(f.customer, f.api, "Upload", tm.Over(tm.HTTPS, 443), tm.AuthN(tm.JWT), tm.AuthZ(tm.Scopes), tm.Carries(f.orders))
		}, want: []key{{tm.CodeNoEncryption, `flows["Customer → Orders service: Upload"].encryption`}}},
		{name: "TM122 no authentication", declare: func(f *fixture) {
			f.m.Flow(f.customer, f.api, "Upload", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthZ(tm.Scopes), tm.Carries(f.orders))
		}, want: []key{{tm.CodeNoAuthentication, `flows["Customer → Orders service: Upload"].authentication`}}},
		{name: "TM123 no data", declare: func(f *fixture) {
			f.m.Flow(f.customer, f.api, "Upload", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT), tm.AuthZ(tm.Scopes))
		}, want: []key{{tm.CodeNoData, `flows["Customer → Orders service: Upload"].carries`}}},
		{name: "TM124 no authorization", declare: func(f *fixture) {
			f.m.Flow(f.customer, f.api, "Upload", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT), tm.Carries(f.orders))
		}, want: []key{{tm.CodeNoAuthorization, `flows["Customer → Orders service: Upload"].authorization`}}},
		{name: "TM124 out of a semi-trusted zone into the zone around it", declare: func(f *fixture) {
			dmz := f.m.Zone("DMZ", tm.SemiTrusted, tm.Inside(f.vpc))
			lb := f.m.Process("Load balancer", dmz, processOpts()...)
			f.m.Flow(lb, f.api, "Forward", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.WorkloadIdentity), tm.Carries(f.orders))
		}, want: []key{{tm.CodeNoAuthorization, `flows["Load balancer → Orders service: Forward"].authorization`}}},
		{name: "TM124 silent towards less trust", declare: func(f *fixture) {
			f.m.Flow(f.api, f.customer, "Notify", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.NoAuthentication), tm.Carries(f.orders))
		}},
		{name: "TM124 silent on a response", declare: func(f *fixture) {
			req := f.m.Flow(f.customer, f.api, "Upload", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT), tm.AuthZ(tm.Scopes), tm.Carries(f.orders))
			f.m.Response(req, "Receipt", tm.Carries(f.orders))
		}},
		{name: "TM120-TM124 silent inside one zone", declare: func(f *fixture) {
			f.m.Flow(f.api, f.m.Process("Worker", f.vpc, processOpts()...), "Job")
		}},
		{name: "TM130 no permissions", declare: func(f *fixture) {
			f.api.RunsAs(f.m.Role("Idle role"))
		}, want: []key{{tm.CodeNoPermissions, `roles["Idle role"].permissions`}}},
		{name: "TM132 guardrail with no statement", declare: func(f *fixture) {
			f.m.Role("Bounded role", tm.WithPermissionBoundary(f.m.Guardrail("Empty boundary", tm.Note("to be written")))).
				Allow(f.db, "rds-db:connect")
		}, want: []key{{tm.CodeEmptyGuardrail, `guardrails["Empty boundary"].statements`}, {tm.CodeRoleUnassumed, `roles["Bounded role"].assumedBy`}}},
		{name: "TM132 silent on a guardrail that denies", declare: func(f *fixture) {
			g := f.m.Guardrail("Boundary")
			g.Deny(tm.AnyResource(), "iam:*")
			r := f.m.Role("Bounded role", tm.WithPermissionBoundary(g))
			r.Allow(f.db, "rds-db:connect")
			f.api.RunsAs(r)
		}},
		{name: "TM131 role nobody assumes", declare: func(f *fixture) {
			f.m.Role("Spare role").Allow(f.db, "rds-db:connect")
		}, want: []key{{tm.CodeRoleUnassumed, `roles["Spare role"].assumedBy`}}},
		{name: "TM131 silent when another role may assume it", declare: func(f *fixture) {
			admin := f.m.Role("Admin role")
			admin.Allow(tm.AnyResource(), "*")
			f.role.CanAssume(admin)
		}},
		{name: "TM131 silent when a secret grants it", declare: func(f *fixture) {
			ci := f.m.Role("CI role")
			ci.Allow(f.api, "ecs:UpdateService")
			f.m.Secret("CI key", append(secretOpts(f), tm.Grants(ci))...)
		}},
		{name: "TM140 no provisioning", declare: func(f *fixture) {
			f.m.Secret("Token", append(secretOpts(f), tm.Provisioned(""))...)
		}, want: []key{{tm.CodeNoProvisioning, `secrets["Token"].provisioning`}}},
		{name: "TM141 no rotation", declare: func(f *fixture) {
			f.m.Secret("Token", tm.Provisioned("p"), tm.Stored(tm.InEnvironment), tm.BlastRadius("b"), tm.UsedBy(f.api))
		}, want: []key{{tm.CodeNoRotation, `secrets["Token"].rotation`}}},
		{name: "TM141 silent when never rotated", declare: func(f *fixture) {
			f.m.Secret("Token", append(secretOpts(f), tm.Rotated(tm.Rotation{Never: true}))...)
		}},
		{name: "TM142 no blast radius", declare: func(f *fixture) {
			f.m.Secret("Token", append(secretOpts(f), tm.BlastRadius(" "))...)
		}, want: []key{{tm.CodeNoBlastRadius, `secrets["Token"].blastRadius`}}},
		{name: "TM143 no storage", declare: func(f *fixture) {
			f.m.Secret("Token", tm.Provisioned("p"), tm.Rotated(tm.Rotation{Every: time.Hour}), tm.BlastRadius("b"), tm.UsedBy(f.api))
		}, want: []key{{tm.CodeNoStorage, `secrets["Token"].storage`}}},
		{name: "TM144 unused secret", declare: func(f *fixture) {
			f.m.Secret("Token", tm.Provisioned("p"), tm.Stored(tm.InHSM), tm.Rotated(tm.Rotation{Every: time.Hour}), tm.BlastRadius("b"))
		}, want: []key{{tm.CodeSecretUnused, `secrets["Token"].usedBy`}}},
		{name: "TM150 no value", declare: func(f *fixture) {
			f.m.Asset("API key", tm.AssetCredential, tm.RiskLevel(tm.Important), tm.Represents(f.api))
		}, want: []key{{tm.CodeNoValue, `assets["API key"].value`}}},
		{name: "TM151 no risk level", declare: func(f *fixture) {
			f.m.Asset("API key", tm.AssetCredential, tm.Value(tm.High), tm.Represents(f.api))
		}, want: []key{{tm.CodeNoRiskLevel, `assets["API key"].riskLevel`}}},
		{name: "TM152 no classification", declare: func(f *fixture) {
			f.m.DataAsset("Invoices", tm.Value(tm.High), tm.RiskLevel(tm.Important), tm.Lifecycle(lifecycle()), tm.Represents(f.db))
		}, want: []key{{tm.CodeNoClassification, `assets["Invoices"].classification`}}},
		{name: "TM152-TM157 silent on a non-data asset", declare: func(f *fixture) {
			f.m.Asset("Audit trail", tm.AssetLogs, tm.Value(tm.Medium), tm.RiskLevel(tm.Moderate), tm.Represents(f.db))
		}},
		{name: "TM153 no lifecycle", declare: func(f *fixture) {
			f.m.DataAsset("Invoices", tm.Value(tm.High), tm.RiskLevel(tm.Important), tm.Classified(tm.Internal), tm.Represents(f.db))
		}, want: []key{{tm.CodeNoLifecycle, `assets["Invoices"].lifecycle`}}},
		{name: "TM154-TM157 empty lifecycle", declare: func(f *fixture) {
			f.m.DataAsset("Invoices", tm.Value(tm.High), tm.RiskLevel(tm.Important), tm.Classified(tm.Internal),
				tm.Lifecycle(tm.DataLifecycle{Retention: time.Hour}), tm.Represents(f.db))
		}, want: []key{
			{tm.CodeNoAtRest, `assets["Invoices"].lifecycle.atRest`},
			{tm.CodeNoInTransit, `assets["Invoices"].lifecycle.inTransit`},
			{tm.CodeNoDeletion, `assets["Invoices"].lifecycle.deletion`},
			{tm.CodeNoAccessControl, `assets["Invoices"].lifecycle.accessControl`},
		}},
		{name: "TM160 no dependency risk", declare: func(f *fixture) {
			f.m.Dependency("Base image", tm.BaseImage, tm.Pinned(tm.Digest, "sha256:…"), tm.MitigatedBy("Scanned"))
		}, want: []key{{tm.CodeNoDependencyRisk, `dependencies["Base image"].risk`}}},
		{name: "TM161 no dependency mitigation", declare: func(f *fixture) {
			f.m.Dependency("Base image", tm.BaseImage, tm.Pinned(tm.Digest, "sha256:…"), tm.Risk("Known CVEs"))
		}, want: []key{{tm.CodeNoDependencyMitigation, `dependencies["Base image"].mitigation`}}},
		{name: "TM162 no pinning", declare: func(f *fixture) {
			f.m.Dependency("Base image", tm.BaseImage, tm.Risk("Known CVEs"), tm.MitigatedBy("Scanned"))
		}, want: []key{{tm.CodeNoPinning, `dependencies["Base image"].pinning`}}},
		{name: "TM170 no impact", declare: func(f *fixture) {
			f.m.Threat("Replay", tm.Spoofing, tm.About(f.api), tm.Likelihood(tm.Low), tm.MitigatedBy("Nonces"))
		}, want: []key{{tm.CodeNoImpact, `threats["Replay"].impact`}}},
		{name: "TM171 no likelihood", declare: func(f *fixture) {
			f.m.Threat("Replay", tm.Spoofing, tm.About(f.api), tm.Impact(tm.Low), tm.MitigatedBy("Nonces"))
		}, want: []key{{tm.CodeNoLikelihood, `threats["Replay"].likelihood`}}},
		{name: "TM172 unresolved threat", declare: func(f *fixture) {
			f.m.Threat("Replay", tm.Spoofing, tm.About(f.api), tm.Impact(tm.Low), tm.Likelihood(tm.Low))
		}, want: []key{{tm.CodeThreatUnresolved, `threats["Replay"].mitigation`}}},
		{name: "TM172 silent when accepted", declare: func(f *fixture) {
			t := f.m.Threat("Replay", tm.Spoofing, tm.About(f.api), tm.Impact(tm.Low), tm.Likelihood(tm.Low))
			f.m.Accept(t.ID(), acceptOpts()...)
		}},
		{name: "TM172 silent when a mitigation addresses it", declare: func(f *fixture) {
			t := f.m.Threat("Replay", tm.Spoofing, tm.About(f.api), tm.Impact(tm.Low), tm.Likelihood(tm.Low))
			f.m.Mitigation("Nonces", tm.Implements(tm.ReplayProtection), tm.Addresses(t.ID()))
		}},
		{name: "TM173 threat about nothing", declare: func(f *fixture) {
			f.m.Threat("Replay", tm.Spoofing, tm.Impact(tm.Low), tm.Likelihood(tm.Low), tm.MitigatedBy("Nonces"))
		}, want: []key{{tm.CodeThreatAboutNothing, `threats["Replay"].about`}}},
		{name: "TM180 no justification", declare: func(f *fixture) {
			f.m.Accept(f.tampering.ID(), append(acceptOpts(), tm.Justification(""))...)
		}, want: []key{{tm.CodeNoJustification, `acceptances["USR-order-tampering-in-transit"].justification`}}},
		{name: "TM181 no acceptance owner", declare: func(f *fixture) {
			f.m.Accept(f.tampering.ID(), append(acceptOpts(), tm.Owner(""))...)
		}, want: []key{{tm.CodeNoAcceptanceOwner, `acceptances["USR-order-tampering-in-transit"].owner`}}},
		{name: "TM182 no expiry", declare: func(f *fixture) {
			f.m.Accept(f.tampering.ID(), append(acceptOpts(), tm.Expires(time.Time{}))...)
		}, want: []key{{tm.CodeNoExpiry, `acceptances["USR-order-tampering-in-transit"].expires`}}},
		{name: "TM183 acceptance of an unknown threat", declare: func(f *fixture) {
			f.m.Accept("USR-no-such-threat", acceptOpts()...)
		}, want: []key{{tm.CodeUnknownThreat, `acceptances["USR-no-such-threat"]`}}},
		{name: "TM183 mitigation of an unknown threat", declare: func(f *fixture) {
			f.m.Mitigation("Nonces", tm.Implements(tm.ReplayProtection), tm.On(f.api), tm.Addresses("USR-replay"))
		}, want: []key{{tm.CodeUnknownThreat, `mitigations["Nonces"].addresses`}}},
		{name: "TM183 silent on derived threat IDs", declare: func(f *fixture) {
			f.m.Accept("T-S-001", acceptOpts()...)
			f.m.Mitigation("Nonces", tm.Implements(tm.ReplayProtection), tm.Addresses("T-R-002"))
		}},
		{name: "TM190 waiver without reason", declare: func(f *fixture) {
			w := f.link(f.m.Process("Worker", f.vpc, append(processOpts(), tm.Description(""))...)).Destination()
			f.m.Waive(tm.CodeNoDescription, w, "")
		}, want: []key{{tm.CodeNoWaiverReason, `waivers[TM110 on components["Worker"]].reason`}}},
		{name: "TM191 stale waiver", declare: func(f *fixture) {
			f.m.Waive(tm.CodeNoDescription, f.api, "Described elsewhere")
		}, want: []key{{tm.CodeStaleWaiver, `waivers[TM110 on components["Orders service"]]`}}},
		{name: "TM192 duplicate waiver", declare: func(f *fixture) {
			f.m.Flow(f.api, f.api, "Loop")
			f.m.Waive(tm.CodeUnconnected, f.m.Component("Orders service"), "Declared twice")
			f.m.Waive(tm.CodeUnconnected, f.m.Component("Orders service"), "Declared twice")
		}, want: []key{
			{tm.CodeSelfFlow, `flows["Orders service → Orders service: Loop"]`},
			{tm.CodeStaleWaiver, `waivers[TM302 on components["Orders service"]]`},
			{tm.CodeBadWaiver, `waivers[TM302 on components["Orders service"]]`},
		}},
		{name: "TM192 unknown code", declare: func(f *fixture) {
			f.m.Waive("TM999", f.api, "Typo")
		}, want: []key{{tm.CodeBadWaiver, `waivers[TM999 on components["Orders service"]]`}}},
		{name: "TM192 structural code", declare: func(f *fixture) {
			f.m.Flow(f.api, f.api, "Loop")
			f.m.Waive(tm.CodeSelfFlow, f.m.Flows()[len(f.m.Flows())-1], "On purpose")
		}, want: []key{
			{tm.CodeSelfFlow, `flows["Orders service → Orders service: Loop"]`},
			{tm.CodeBadWaiver, `waivers[TM007 on flows["Orders service → Orders service: Loop"]]`},
		}},
		{name: "TM193 out of scope without reason", declare: func(f *fixture) {
			f.m.OutOfScope("Mobile app", "")
		}, want: []key{{tm.CodeNoOutOfScopeReason, "model.outOfScope[1]"}}},
		{name: "TM193 component out of scope without reason", declare: func(f *fixture) {
			f.link(f.m.Process("Legacy", f.vpc, tm.Technology("Java"), tm.Description("d"), tm.NotInScope(" ")))
		}, want: []key{{tm.CodeNoOutOfScopeReason, `components["Legacy"].outOfScope`}}},
		{name: "TM194 mitigation applied to nothing", declare: func(f *fixture) {
			f.m.Mitigation("WAF", tm.Implements(tm.WAF))
		}, want: []key{{tm.CodeMitigationUnapplied, `mitigations["WAF"]`}}},

		// Warnings.
		{name: "TM301 external entity to data store", declare: func(f *fixture) {
			f.m.Flow(f.customer, f.db, "Direct query", crossingOpts(f)...)
		}, want: []key{{tm.CodeDFDViolation, `flows["Customer → Orders DB: Direct query"]`}}},
		{name: "TM302 unconnected", declare: func(f *fixture) {
			f.m.Process("Worker", f.vpc, processOpts()...)
		}, want: []key{{tm.CodeUnconnected, `components["Worker"]`}}},
		{name: "TM303 unplaced asset", declare: func(f *fixture) {
			f.m.Asset("Signing key", tm.AssetCredential, tm.Value(tm.VeryHigh), tm.RiskLevel(tm.Critical))
		}, want: []key{{tm.CodeAssetUnplaced, `assets["Signing key"]`}}},
		{name: "TM306 guardrail applied to nothing", declare: func(f *fixture) {
			f.m.Guardrail("Spare SCP").Deny(tm.AnyResource(), "iam:CreateUser")
		}, want: []key{{tm.CodeGuardrailIdle, `guardrails["Spare SCP"]`}}},
		{name: "TM306 silent on a guardrail applied to a zone", declare: func(f *fixture) {
			scp := f.m.Guardrail("Organisation SCP")
			scp.Deny(tm.AnyResource(), "iam:CreateUser")
			f.account.Guardrail(scp)
		}},
		{name: "TM304 empty zone", declare: func(f *fixture) {
			f.m.Zone("Spare subnet", tm.Trusted, tm.Inside(f.vpc))
		}, want: []key{{tm.CodeEmptyZone, `zones["Spare subnet"]`}}},
		{name: "TM307 process taking input from outside states no format", declare: func(f *fixture) {
			hook := f.m.Process("Webhook receiver", f.vpc, processOpts()...)
			f.m.Flow(f.customer, hook, "Notify", crossingOpts(f)...)
		}, want: []key{{tm.CodeNoFormats, `components["Webhook receiver"].accepts`}}},
		{name: "TM307 a reply from outside is input too", declare: func(f *fixture) {
			caller := f.m.Process("Caller", f.vpc, processOpts()...)
			partner := f.m.ExternalEntity("Partner", f.internet, tm.Description("A partner API."))
			f.m.Response(f.m.Flow(caller, partner, "Ask", crossingOpts(f)...), "Answer", tm.Carries(f.orders))
		}, want: []key{{tm.CodeNoFormats, `components["Caller"].accepts`}}},
		{name: "TM307 silent on gateways, provider-managed services and encoded flows", declare: func(f *fixture) {
			gw := f.m.Process("Edge", f.vpc, processOpts(tm.Is(tm.Gateway))...)
			managed := f.m.Process("Managed", f.vpc, processOpts(tm.ProviderManaged())...)
			encoded := f.m.Process("Encoded", f.vpc, processOpts()...)
			f.m.Flow(f.customer, gw, "Enter", crossingOpts(f)...)
			f.m.Flow(f.customer, managed, "Call", crossingOpts(f)...)
			f.m.Flow(f.customer, encoded, "Post", crossingOpts(f, tm.Encoded(tm.XML))...)
			f.link(f.m.Process("Inside", f.vpc, processOpts()...)) // input from the orders service only
		}},
		{name: "TM310 CanAssume a role whose trust policy does not name the assumer", declare: func(f *fixture) {
			admin := f.m.Role("Admin", tm.TrustsServices("ec2.amazonaws.com"))
			admin.Allow(f.db, "rds:*")
			f.role.CanAssume(admin)
		}, want: []key{{tm.CodeUntrusted, `roles["Orders service role"].canAssume`}}},
		{name: "TM310 a component run by a service its role does not trust", declare: func(f *fixture) {
			fn := f.m.Process("Resizer", f.vpc, processOpts(tm.RunBy("lambda.amazonaws.com"))...)
			f.link(fn)
			exec := f.m.Role("Resizer role", tm.TrustsServices("ecs-tasks.amazonaws.com"))
			exec.Allow(f.db, "rds-db:connect")
			fn.RunsAs(exec)
		}, want: []key{{tm.CodeUntrusted, `components["Resizer"].runsAs`}}},
		{name: "TM310 silent when the trust policy names the assumer and the service", declare: func(f *fixture) {
			fn := f.m.Process("Resizer", f.vpc, processOpts(tm.RunBy("Lambda.amazonaws.com "))...)
			f.link(fn)
			exec := f.m.Role("Resizer role", tm.TrustsServices("lambda.amazonaws.com"))
			exec.Allow(f.db, "rds-db:connect")
			fn.RunsAs(exec)
			admin := f.m.Role("Admin")
			admin.Allow(f.db, "rds:*")
			admin.Trusts(exec)
			exec.CanAssume(admin)
			plain := f.m.Role("Undeclared trust")
			plain.Allow(f.db, "rds-db:connect")
			f.role.CanAssume(plain)
		}},
		{name: "TM304 silent on a zone holding only zones", declare: func(f *fixture) {
			outer := f.m.Zone("Outer", tm.Trusted, tm.Inside(f.account))
			inner := f.m.Zone("Inner", tm.Trusted, tm.Inside(outer))
			f.m.Flow(f.api, f.m.Process("Worker", inner, processOpts()...), "Job",
				tm.Over(tm.GRPC, 8443), tm.Encrypted(tm.MutualTLS), tm.AuthN(tm.WorkloadIdentity), tm.Carries(f.orders))
		}},
		{name: "TM145 a process presents a key no secret backs", declare: func(f *fixture) {
			partner := f.m.ExternalEntity("Partner", f.internet, tm.Description("A partner API."))
			f.m.Flow(f.api, partner, "Report", crossingOpts(f, tm.AuthN(tm.APIKey), tm.Encoded(tm.JSON))...)
		}, want: []key{{tm.CodeNoFlowSecret, `flows["Orders service → Partner: Report"].credentials`}}},
		{name: "TM145 silent on a person's password, a workload identity and a backed flow", declare: func(f *fixture) {
			admin := f.m.ExternalEntity("Admin", f.internet, tm.Is(tm.Human), tm.Description("An operator."))
			console := f.m.Process("Console", f.vpc, processOpts(tm.Accepts(tm.JSON))...)
			f.m.Flow(admin, console, "Sign in", crossingOpts(f, tm.AuthN(tm.Password))...)
			f.link(f.m.Process("Worker", f.vpc, processOpts()...))
			partner := f.m.ExternalEntity("Partner", f.internet, tm.Description("A partner API."))
			report := f.m.Flow(console, partner, "Report", crossingOpts(f, tm.AuthN(tm.APIKey), tm.Encoded(tm.JSON))...)
			f.m.Secret("Partner key", append(secretOpts(f), tm.Authenticates(report))...)
		}},
		{name: "TM163 a container names no base image", declare: func(f *fixture) {
			f.link(f.m.Process("Worker", f.vpc, processOpts(tm.Is(tm.Container))...))
		}, want: []key{{tm.CodeNoBaseImage, `components["Worker"].dependencies`}}},
		{name: "TM163 silent on a container with a base image, and on a managed one", declare: func(f *fixture) {
			w := f.m.Process("Worker", f.vpc, processOpts(tm.Is(tm.Container))...)
			f.link(w)
			f.link(f.m.Process("Managed", f.vpc, processOpts(tm.Is(tm.Container), tm.ProviderManaged())...))
			f.m.Dependency("Distroless", tm.BaseImage, tm.Pinned(tm.Digest, "sha256:…"), tm.Risk("Upstream compromise"),
				tm.MitigatedBy("Pinned by digest"), tm.UsedBy(w))
		}},
	}
}

// TestCodes triggers each finding code on an otherwise complete model and
// checks that exactly the expected findings appear, by code and path. The
// cases with no findings are near misses: the check stays silent.
func TestCodes(t *testing.T) {
	triggered := map[tm.Code]bool{}
	for _, tc := range codeCases() {
		for _, k := range tc.want {
			triggered[k.Code] = true
		}
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture()
			if tc.fixture != (fixtureOptions{}) {
				f = buildFixture(tc.fixture)
			}
			if tc.declare != nil {
				tc.declare(f)
			}
			want := append([]key(nil), tc.want...)
			sortKeys(want)
			if diff := cmp.Diff(want, keys(f.m.Findings())); diff != "" {
				t.Errorf("Findings() mismatch (-want +got):\n%s", diff)
			}
		})
	}
	// TM305 needs a model without any crossing, and TM103 one without
	// components; see TestNoBoundaryFlow and TestNoComponents.
	triggered[tm.CodeNoBoundaryFlow] = true
	triggered[tm.CodeNoComponents] = true
	for _, info := range tm.CodeInfos() {
		if info.Stage() == tm.StageValidate && !triggered[info.Code] {
			t.Errorf("no test case triggers %s (%s)", info.Code, info.Summary)
		}
	}
}

// TestNoBoundaryFlow triggers TM305: flows exist but none crosses a zone.
func TestNoBoundaryFlow(t *testing.T) {
	m := tm.New("Flat", tm.Owner("Team"))
	m.ThreatContext("Interest", "Worst case")
	z := m.Zone("Everything", tm.Trusted)
	a := m.Process("A", z, processOpts()...)
	b := m.Process("B", z, processOpts()...)
	m.Flow(a, b, "Call")
	want := []key{{tm.CodeNoBoundaryFlow, "model"}}
	if diff := cmp.Diff(want, keys(m.Findings())); diff != "" {
		t.Errorf("Findings() mismatch (-want +got):\n%s", diff)
	}

	// Silent without flows at all: there is nothing to cross.
	idle := tm.New("Idle", tm.Owner("Team"))
	idle.ThreatContext("Interest", "Worst case")
	idle.Process("A", idle.Zone("Everything", tm.Trusted), processOpts()...)
	want = []key{{tm.CodeUnconnected, `components["A"]`}}
	if diff := cmp.Diff(want, keys(idle.Findings())); diff != "" {
		t.Errorf("Findings() of a model without flows (-want +got):\n%s", diff)
	}
}

// TestNoComponents triggers TM103: a model that declares nothing is not
// complete, so a user's test of a model whose declarations were never wired
// in fails.
func TestNoComponents(t *testing.T) {
	empty := tm.New("Empty", tm.Owner("Team"))
	empty.ThreatContext("Interest", "Worst case")
	want := []key{{tm.CodeNoComponents, "model.components"}}
	if diff := cmp.Diff(want, keys(empty.Findings())); diff != "" {
		t.Errorf("Findings() of an empty model (-want +got):\n%s", diff)
	}
	if err := empty.Validate(); err == nil {
		t.Error("Validate() of an empty model = nil, want TM103")
	}
}

// TestCodesSilentOnCompleteModels checks every code against the complete
// models one by one, so that a failure names the code.
func TestCodesSilentOnCompleteModels(t *testing.T) {
	models := map[string]*tm.Model{"fixture": newFixture().m, "serverless-like": serverlessLike()}
	for _, info := range tm.CodeInfos() {
		for name, m := range models {
			for _, f := range m.Findings() {
				if f.Code == info.Code {
					t.Errorf("%s: %s at %s on a complete model", name, f.Code, f.Path)
				}
			}
		}
	}
}
