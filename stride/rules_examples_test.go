package stride_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// expectThreat is one threat the I, D, E or section rules must derive on an
// example model, with the status the model's controls and properties give
// it.
type expectThreat struct {
	what   string // the guide's or the template's words
	id     string
	status stride.Status
}

// checkThreats fails for every expected threat the report lacks or rates
// with another status.
func checkThreats(t *testing.T, r *stride.Report, want []expectThreat) {
	t.Helper()
	for _, w := range want {
		th, ok := r.Threat(w.id)
		if !ok {
			t.Errorf("%s: no threat %s", w.what, w.id)
			continue
		}
		if th.Status != w.status {
			t.Errorf("%s: %s is %v, want %v (controls %v, evidence %v)", w.what, w.id, th.Status, w.status, th.Controls, th.Evidence)
		}
	}
}

// checkNone fails for every threat derived by one of the rules.
func checkNone(t *testing.T, r *stride.Report, why string, ruleIDs ...string) {
	t.Helper()
	for _, id := range ruleIDs {
		if got := byRule(r, id); len(got) > 0 {
			t.Errorf("%s, yet %s derived %q", why, id, got)
		}
	}
}

// TestServerlessTemplateThreats checks, on the guide's serverless API, the
// template's example threats of trust boundaries 2 and 3 (privilege
// escalation, data exfiltration, IAM role compromise), the guide's "direct
// DynamoDB access" and "over-broad execution role", and the template's
// error-handling, runtime, data-lifecycle and supply-chain sections. The
// model implements the guide's mitigations, so most come out Mitigated.
// The elevation-of-privilege threats its permission boundaries do not
// take away are not mitigated: the execution role's boundary still allows
// writing the users table, and the deploy role may pass the execution role
// to a function whose configuration it can change. The example accepts
// them with an owner (a = Accepted).
func TestServerlessTemplateThreats(t *testing.T) {
	r := analyze(t, serverless.Model())
	const m, a = stride.Mitigated, stride.Accepted
	checkThreats(t, r, []expectThreat{
		// Template, trust boundary 2: API → Service.
		{"privilege escalation", "TW-E-005@Lambda", m},
		{"privilege escalation (Lambda → DynamoDB privilege boundary)", "TW-E-009@Lambda (Lambda execution role)", a},
		{"privilege escalation (iam:PassRole with lambda:UpdateFunctionConfiguration)", "TW-E-008@Deploy pipeline (Deploy role)", a},
		// Template, trust boundary 3: Service → Data/Infra.
		{"data exfiltration (direct DynamoDB access)", "TW-I-007@DynamoDB", m},
		{"data exfiltration (outbound calls)", "TW-I-006@Lambda", m},
		{"IAM role compromise (the boundary allows the users table)", "TW-E-003@Lambda (Lambda execution role)", a},
		{"pipeline deploy rights", "TW-E-007@Deploy pipeline (Deploy role)", a},
		// Error handling and information leakage.
		{"API error responses", "TW-I-003@User → API Gateway: API request", m},
		{"secrets or PII in logs", "TW-I-004@Lambda", m},
		// Runtime security.
		{"SSRF", "TW-I-005@Lambda", m},
		{"resource exhaustion / denial of wallet", "TW-D-002@Lambda", m},
		{"request floods", "TW-D-001@User → API Gateway: API request", m},
		// Data lifecycle.
		{"user PII at rest", "TW-I-103@DynamoDB (User data in DynamoDB)", m},
		{"user PII deletion", "TW-I-104@DynamoDB (User data in DynamoDB)", m},
		{"user PII access control", "TW-I-105@DynamoDB (User data in DynamoDB)", m},
		{"data destroyed by the execution role", "TW-D-004@DynamoDB (Lambda execution role)", m},
		{"sensitive data in transit", "TW-I-001@User → API Gateway: API request", m},
		// Supply chain.
		{"LLM-generated code", "TW-T-104@Lambda (LLM-generated code)", m},
	})
	checkNone(t, r, "every secret is short-lived, automatically rotated and kept in a secrets manager or issued to the workload",
		"TW-I-101", "TW-I-102", "TW-S-101", "TW-S-102", "TW-E-101")
	checkNone(t, r, "every package, action and module is pinned by lock file or digest", "TW-T-101", "TW-T-102", "TW-T-103", "TW-T-105")
	checkNone(t, r, "no role has wildcard permissions", "TW-E-001")
}

// TestPlatformTemplateThreats checks the same on the container platform,
// whose model states gaps of its own: manually rotated keys, a mutable
// sidecar tag, a plaintext session cache, personal data without a retention
// period, and an operator service account without a permission boundary.
func TestPlatformTemplateThreats(t *testing.T) {
	r := analyze(t, platform.Model())
	const m, o = stride.Mitigated, stride.Open
	checkThreats(t, r, []expectThreat{
		// Template, trust boundary 2. The AppProject still lets Argo CD
		// bind cluster roles and use every verb in its namespaces, and the
		// workload boundary still lets the API's IAM role use the bucket and
		// the queue: those threats stay open.
		{"privilege escalation", "TW-E-005@API service", m},
		{"privilege escalation (RBAC administration)", "TW-E-008@Argo CD (Argo CD application controller)", o},
		{"over-broad role", "TW-E-001@Argo CD (Argo CD application controller)", o},
		{"role chaining (IRSA)", "TW-E-002@API service (API IAM role)", o},
		// Template, trust boundary 3.
		{"data exfiltration", "TW-I-007@PostgreSQL", m},
		{"data exfiltration", "TW-I-007@Document bucket", m},
		{"IAM role compromise through the assumed IAM role", "TW-E-003@API service (API service account)", o},
		{"IAM role compromise: an unbounded service account writes the app's Secrets",
			"TW-E-003@External Secrets Operator (External Secrets service account)", o},
		// Runtime security.
		{"container escape", "TW-E-004@API service", m},
		{"container escape", "TW-E-004@Upload worker", m},
		{"container escape", "TW-E-004@Web frontend", m},
		{"SSRF", "TW-I-005@Web frontend", m},
		{"egress exfiltration", "TW-I-006@Upload worker", m},
		// Error handling.
		{"edge error pages (custom error pages: the Error sanitization control)",
			"TW-I-003@Customer browser → CloudFront and WAF: HTTPS request", m},
		{"Kubernetes audit log may hold Secret values", "TW-I-004@Kubernetes API server", o},
		// Secrets lifecycle.
		{"long-lived payment key", "TW-S-101@API service (Payment API restricted key)", o},
		{"manually rotated payment key", "TW-S-102@API service (Payment API restricted key)", o},
		{"manually rotated registry token", "TW-S-102@EKS worker nodes (Registry pull token)", o},
		// Data lifecycle.
		{"plaintext session cache", "TW-I-001@Web frontend → Redis session cache: Session read and write", o},
		{"personal data without a retention period", "TW-I-104@PostgreSQL (User accounts and PII)", o},
		{"documents at rest", "TW-I-103@Document bucket (Uploaded documents)", m},
		{"card tokens sent to the payment provider", "TW-I-002@API service → Payment provider API: Charge and refund requests", m},
		// Supply chain.
		{"mutable image tag", "TW-T-102@Upload worker (ClamAV sidecar image)", o},
		{"generated code", "TW-T-104@API service (Generated code)", m},
		{"LLM-generated code", "TW-T-104@Upload worker (LLM-generated code)", m},
		// Denial of service.
		{"calls to the payment provider", "TW-D-007@API service → Payment provider API: Charge and refund requests", m},
		{"queue flooding", "TW-D-005@Document queue", m},
		{"single point of failure", "TW-D-008@PostgreSQL", m},
	})
	checkNone(t, r, "packages and IaC modules are pinned, actions by SHA", "TW-T-101", "TW-T-103", "TW-T-105")
	checkNone(t, r, "no secret is hard-coded or in the environment", "TW-I-101", "TW-I-102")
	// A read-only (list/watch) grant on a trusted namespace is not a way to
	// change it.
	for _, id := range []string{
		"TW-E-009@Ingress controller (Ingress controller service account)",
		"TW-E-003@Ingress controller (Ingress controller service account)",
	} {
		if _, ok := r.Threat(id); ok {
			t.Errorf("%s: the ingress controller only lists and watches the app namespace", id)
		}
	}
}

// TestRoleThroughSecretIsNotRunAs checks that the E rules follow the roles
// a component runs as, not every role a shared secret it uses grants: the
// platform declares one IRSA token secret for three workloads.
func TestRoleThroughSecretIsNotRunAs(t *testing.T) {
	r := analyze(t, platform.Model())
	for _, id := range []string{
		"TW-E-003@API service (Worker IAM role)",
		"TW-E-003@API service (External Secrets IAM role)",
		"TW-E-003@Upload worker (API IAM role)",
	} {
		if _, ok := r.Threat(id); ok {
			t.Errorf("%s: a role granted by a shared secret is not a role the component runs as", id)
		}
	}
}

// TestSideDoorReaderDenied checks that a store the role denies itself
// reading is no side door, even when a broad allow covers it.
func TestSideDoorReaderDenied(t *testing.T) {
	f := newFx()
	db, batch := f.db(), f.m.Process("Batch", f.app)
	r := f.m.Role("Batch role")
	r.Allow(db, "dynamodb:*")
	r.Allow(tm.AnyResource(), "s3:GetObject")
	r.Deny(db, "dynamodb:GetItem", "dynamodb:Scan")
	batch.RunsAs(r)
	rep := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-I-008")))
	// The store is denied; reading everything else is still a side door.
	if diff := cmp.Diff([]string{"TW-I-008@Batch (*)"}, byRule(rep, "TW-I-008")); diff != "" {
		t.Errorf("side doors (-want +got):\n%s", diff)
	}
}

// TestCriticalGrantThroughAssumedRole checks TW-E-003 on a role whose only
// critical permission comes from a role it may assume: the threat is
// mitigated by the boundary of that role, not of the first.
func TestCriticalGrantThroughAssumedRole(t *testing.T) {
	for _, bounded := range []bool{false, true} {
		f := newFx()
		api, db := f.api(), f.db()
		sa := f.m.Role("Service account")
		var opts []tm.RoleOption
		if bounded {
			g := f.m.Guardrail("Boundary", tm.Note("No reads of the users table"))
			g.Deny(db, "dynamodb:GetItem")
			opts = append(opts, tm.WithPermissionBoundary(g))
		}
		cloud := f.m.Role("Cloud role", opts...)
		cloud.Allow(db, "dynamodb:GetItem")
		sa.Allow(cloud, "sts:AssumeRoleWithWebIdentity")
		api.RunsAs(sa)
		rep := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-E-003")))
		th, ok := rep.Threat("TW-E-003@API (Service account)")
		if !ok {
			t.Fatalf("bounded=%v: no threat; got %q", bounded, byRule(rep, "TW-E-003"))
		}
		if want := map[bool]stride.Status{false: stride.Open, true: stride.Mitigated}[bounded]; th.Status != want {
			t.Errorf("bounded=%v: %v, want %v (evidence %v)", bounded, th.Status, want, th.Evidence)
		}
		if bounded && !strings.Contains(props(th), "Cloud role") {
			t.Errorf("evidence %v does not name the bounded role", th.Evidence)
		}
	}
}

// TestLongLivedAndUnrotated checks the boundaries of the secret rotation
// rules: exactly 90 days is not long-lived; never rotating is both.
func TestLongLivedAndUnrotated(t *testing.T) {
	tests := []struct {
		rotation          tm.Rotation
		longLived, manual bool
	}{
		{tm.Rotation{Every: 90 * day, Automated: true}, false, false},
		{tm.Rotation{Every: 91 * day, Automated: true}, true, false},
		{tm.Rotation{Every: time.Hour}, false, true},
		{tm.Rotation{Never: true}, true, true},
		{tm.Rotation{}, false, false}, // not stated: a completeness gap, not a threat
	}
	for _, tt := range tests {
		f := newFx()
		f.secret(f.api(), tm.Rotated(tt.rotation))
		r := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-S-101"), ruleByID(t, "TW-S-102")))
		if got := len(byRule(r, "TW-S-101")) == 1; got != tt.longLived {
			t.Errorf("%v: long-lived %v, want %v", tt.rotation, got, tt.longLived)
		}
		if got := len(byRule(r, "TW-S-102")) == 1; got != tt.manual {
			t.Errorf("%v: not rotated automatically %v, want %v", tt.rotation, got, tt.manual)
		}
	}
}

// ideRules returns the built-in I, D and E rules and the template-section
// rules (IDs 101 and up). The rules about AI components (IDs 301 and up)
// run over their own models in TestAIRulesNeverPanic.
func ideRules() []stride.Rule {
	var out []stride.Rule
	for _, r := range stride.Rules() {
		if strings.HasPrefix(r.ID[strings.LastIndex(r.ID, "-")+1:], "3") {
			continue
		}
		switch r.Category {
		case stride.InformationDisclosure, stride.DenialOfService, stride.ElevationOfPrivilege:
			out = append(out, r)
		default:
			if strings.HasPrefix(r.ID[strings.LastIndex(r.ID, "-")+1:], "1") {
				out = append(out, r)
			}
		}
	}
	return out
}

// TestIDERulesNeverPanic runs the rules over models with every odd shape a
// valid model may have: nothing stated, every enum value, wildcard and zone
// resources, roles assuming themselves, secrets and dependencies used by
// nobody, out-of-scope components; and over a large synthetic model.
func TestIDERulesNeverPanic(t *testing.T) {
	rules := ideRules()
	only := stride.OnlyRules(rules...)
	fired := make(map[string]bool)
	for _, m := range []*tm.Model{oddModel(), tm.New("Empty"), synth.Model(500), serverless.Model(), platform.Model()} {
		for _, th := range analyze(t, m, only).Threats {
			fired[th.RuleID] = true
		}
	}
	// The models exercise every rule, so every rule's code ran on them.
	for _, r := range rules {
		if !fired[r.ID] {
			t.Errorf("%s derived nothing on any model: the odd model should exercise it", r.ID)
		}
	}
}

// oddModel declares a model that is structurally valid but full of unstated
// and unusual values.
func oddModel() *tm.Model {
	m := tm.New("Odd")
	out := m.Zone("Out", tm.Untrusted)
	in := m.Zone("In", tm.HighlyTrusted, tm.ContainsBlastRadius())
	low := m.Zone("Low", tm.SemiTrusted, tm.Inside(in))
	bare := m.DataAsset("Bare")
	pii := m.DataAsset("PII", tm.PII(), tm.Lifecycle(tm.DataLifecycle{}))
	cred := m.Asset("Key", tm.AssetCredential, tm.Classified(tm.Public))

	e := m.ExternalEntity("E", out)
	var procs []*tm.Component
	for i, typ := range []tm.ComponentType{0, tm.Gateway, tm.Container, tm.Pipeline, tm.IdentityProvider, tm.Host, tm.Function} {
		opts := []tm.ComponentOption{tm.Stores(bare, pii)}
		if typ != 0 {
			opts = append(opts, tm.Is(typ))
		}
		if i%2 == 0 {
			opts = append(opts, tm.Infrastructure())
		}
		if i == 0 {
			opts = append(opts, tm.Accepts(tm.AllFormats()...)) // every parser rule has something to see
		}
		procs = append(procs, m.Process("P"+string(rune('A'+i)), low, opts...))
	}
	var stores []*tm.Component
	for i, typ := range []tm.ComponentType{0, tm.Queue, tm.Cache, tm.LogStore, tm.Database} {
		opts := []tm.ComponentOption{tm.Stores(bare, pii, cred)}
		if typ != 0 {
			opts = append(opts, tm.Is(typ))
		}
		stores = append(stores, m.DataStore("S"+string(rune('A'+i)), in, opts...))
	}
	m.DataStore("Gone", in, tm.NotInScope("out of scope"), tm.Stores(pii))
	m.DataStore("Spare", in) // unconnected, holding nothing: no specific D rule applies (TW-D-202)

	m.Response(m.Flow(e, procs[0], "bare"), "answer", tm.Carries(pii))
	for i, p := range procs {
		f := m.Flow(p, stores[i%len(stores)], "write", tm.Encrypted(tm.Encryption(i%8+1)), tm.Carries(pii, cred))
		m.Response(f, "read")
		if i > 0 {
			m.Flow(procs[i-1], p, "next", tm.Over(tm.Protocol(i), 0), tm.AuthN(tm.AuthScheme(i%12)), tm.AuthZ(tm.AuthzScheme(i%7)))
		}
		m.Flow(p, e, "out")
	}

	// Personal data between two processes of one zone over a protocol run
	// both ways, its encryption unstated (TW-I-012).
	m.Flow(procs[0], procs[1], "unstated", tm.Over(tm.GRPC, 0), tm.Carries(pii))

	self := m.Role("Self")
	self.CanAssume(self)
	self.Allow(self, "sts:AssumeRole")
	wide := m.Role("Wide")
	wide.Allow(tm.AnyResource(), "*")
	wide.Allow(in, "iam:PassRole", "clusterrolebindings:create", "pods:watch")
	wide.Deny(stores[0], "*")
	self.CanAssume(wide)
	procs[0].RunsAs(self)
	procs[3].RunsAs(wide)
	e.RunsAs(wide)
	empty := m.Role("Empty")
	procs[2].RunsAs(empty)

	for i, st := range []tm.SecretStorage{tm.InHSM, tm.InSourceCode, tm.InEnvironment, tm.InConfigFile, tm.InCIVariables, tm.InWorkloadIdentity} {
		rot := tm.Rotation{Every: time.Duration(i) * 40 * day}
		if i == 3 {
			rot = tm.Rotation{Never: true}
		}
		opts := []tm.SecretOption{tm.Stored(st), tm.Rotated(rot)}
		if i > 0 {
			opts = append(opts, tm.UsedBy(procs[i%len(procs)], e), tm.Grants(wide, self), tm.Opens(in, tm.AnyResource(), stores[0]))
		}
		m.Secret("Secret "+string(rune('A'+i)), opts...)
	}
	for i, k := range []tm.DependencyKind{tm.Package, tm.BaseImage, tm.CIAction, tm.IaCModule, tm.GeneratedCode, tm.ManagedService, tm.Tool} {
		opts := []tm.DependencyOption{tm.Pinned(tm.Pinning(i%5+1), "")}
		if i > 0 {
			opts = append(opts, tm.UsedBy(procs[i%len(procs)], stores[i%len(stores)]))
		}
		m.Dependency("Dep "+string(rune('A'+i)), k, opts...)
	}
	repo := m.DataStore("Repo", in, tm.Is(tm.SourceRepository))
	m.Secret("Committed", tm.Stored(tm.InConfigFile), tm.StoredIn(repo)) // TW-I-106
	m.Dependency("Loose package", tm.Package, tm.Pinned(tm.VersionRange, "^1"), tm.UsedBy(procs[1]))
	m.Dependency("Loose module", tm.IaCModule, tm.Pinned(tm.Unpinned, "main"), tm.UsedBy(stores[4]))
	return m
}

// BenchmarkIDERules measures the I, D, E and section rules alone on a
// synthetic model of 1,000 components.
func BenchmarkIDERules(b *testing.B) {
	m := synth.Model(1000)
	only := stride.OnlyRules(ideRules()...)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := stride.Analyze(m, only); err != nil {
			b.Fatal(err)
		}
	}
}
