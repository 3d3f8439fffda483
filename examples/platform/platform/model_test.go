package platform_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

func TestModelIsComplete(t *testing.T) {
	m := platform.Model()
	if err := m.Validate(); err != nil {
		t.Fatalf("Validate:\n%v", err)
	}
	// Warnings do not fail Validate, but the example should have none.
	for _, f := range m.Findings() {
		t.Errorf("unexpected finding: %v", f)
	}
}

func zoneNames(zones []*tm.Zone) []string {
	out := make([]string, 0, len(zones))
	for _, z := range zones {
		out = append(out, z.Name())
	}
	return out
}

// TestNestedZones checks the network nesting the model exists to exercise:
// Internet → AWS account (blast-radius boundary) → VPC → subnets →
// Kubernetes namespaces, with the third parties outside the account.
func TestNestedZones(t *testing.T) {
	m := platform.Model()
	zone := func(name string) *tm.Zone {
		t.Helper()
		z := m.ZoneNamed(name)
		if z == nil {
			t.Fatalf("zone %q is missing", name)
		}
		return z
	}
	account := zone("AWS production account")
	vpc := zone("Production VPC")
	appSubnet := zone("Private app subnet")
	dataSubnet := zone("Data subnet")
	if !account.ContainsBlastRadius() {
		t.Errorf("the AWS account does not contain the blast radius")
	}
	if account.Parent() != nil {
		t.Errorf("the AWS account is inside %s; want a top-level zone", account.Parent().Name())
	}

	api := m.Component("API service")
	if api == nil {
		t.Fatal("component \"API service\" is missing")
	}
	if got, want := api.Zone().Name(), "app namespace"; got != want {
		t.Errorf("API service zone = %q, want %q", got, want)
	}
	if got, want := zoneNames(api.Zone().Ancestors()), []string{"Private app subnet", "Production VPC", "AWS production account"}; !slices.Equal(got, want) {
		t.Errorf("API service zone ancestors = %q, want %q", got, want)
	}
	for _, outer := range []*tm.Zone{appSubnet, vpc, account} {
		if !api.Zone().Within(outer) {
			t.Errorf("API service is not within %s", outer.Name())
		}
	}
	if api.Zone().Within(dataSubnet) {
		t.Errorf("API service is within the data subnet")
	}

	// Where each component sits, and what encloses it.
	within := map[string][]string{
		"Ingress controller":        {"ingress-nginx namespace", "Private app subnet", "Production VPC", "AWS production account"},
		"Web frontend":              {"app namespace", "Private app subnet", "Production VPC", "AWS production account"},
		"Upload worker":             {"app namespace", "Private app subnet", "Production VPC", "AWS production account"},
		"Argo CD":                   {"Platform namespaces", "Private app subnet", "Production VPC", "AWS production account"},
		"External Secrets Operator": {"Platform namespaces", "Private app subnet", "Production VPC", "AWS production account"},
		"EKS worker nodes":          {"Private app subnet", "Production VPC", "AWS production account"},
		"Application Load Balancer": {"Public subnet", "Production VPC", "AWS production account"},
		"PostgreSQL":                {"Data subnet", "Production VPC", "AWS production account"},
		"Redis session cache":       {"Data subnet", "Production VPC", "AWS production account"},
		"CloudFront and WAF":        {"AWS edge", "AWS production account"},
		"Document bucket":           {"AWS regional services", "AWS production account"},
		"Kubernetes API server":     {"EKS control plane", "AWS production account"},
		"Customer browser":          {"Internet"},
		"Payment provider API":      {"Payment provider"},
		"OIDC identity provider":    {"Identity provider"},
		"GitHub Actions":            {"GitHub"},
		"GitHub Container Registry": {"GitHub"},
	}
	for name, want := range within {
		c := m.Component(name)
		if c == nil {
			t.Errorf("component %q is missing", name)
			continue
		}
		got := append([]string{c.Zone().Name()}, zoneNames(c.Zone().Ancestors())...)
		if !slices.Equal(got, want) {
			t.Errorf("%s sits in %q, want %q", name, got, want)
		}
	}
}

// TestBoundaryCrossings checks that every flow crosses a trust boundary
// except the few that stay inside one zone, and that the crossings of the
// main paths are the expected ones.
func TestBoundaryCrossings(t *testing.T) {
	m := platform.Model()
	inside := []string{
		"Web frontend → API service: API call",
		"API service → Web frontend: API result",
		"GitHub Actions → GitHub repositories: Check out source",
		"GitHub repositories → GitHub Actions: Source tree",
		"GitHub Actions → GitHub Container Registry: Push signed image",
		"GitHub Actions → GitHub repositories: Commit image digest to GitOps repository",
	}
	flows := make(map[string]*tm.Flow)
	crossing := 0
	for _, f := range m.Flows() {
		flows[f.Key()] = f
		stays := slices.Contains(inside, f.Key())
		if f.CrossesBoundary() == stays {
			t.Errorf("%s: CrossesBoundary = %v, want %v", f.Key(), f.CrossesBoundary(), !stays)
		}
		if f.CrossesBoundary() {
			crossing++
		}
	}
	for _, k := range inside {
		if flows[k] == nil {
			t.Errorf("flow %q is missing", k)
		}
	}
	if want := len(m.Flows()) - len(inside); crossing != want || crossing < 40 {
		t.Errorf("%d flows cross a boundary, want %d (and at least 40)", crossing, want)
	}

	tests := []struct {
		flow          string
		exits, enters []string
		fromLower     bool
	}{
		{"Customer browser → CloudFront and WAF: HTTPS request",
			[]string{"Internet"}, []string{"AWS production account", "AWS edge"}, true},
		{"Application Load Balancer → Ingress controller: Forwarded request",
			[]string{"Public subnet"}, []string{"Private app subnet", "ingress-nginx namespace"}, true},
		{"Ingress controller → Web frontend: Web request",
			[]string{"ingress-nginx namespace"}, []string{"app namespace"}, true},
		{"API service → PostgreSQL: SQL queries",
			[]string{"app namespace", "Private app subnet"}, []string{"Data subnet"}, true},
		{"Web frontend → Redis session cache: Session read and write",
			[]string{"app namespace", "Private app subnet"}, []string{"Data subnet"}, true},
		{"API service → Payment provider API: Charge and refund requests",
			[]string{"app namespace", "Private app subnet", "Production VPC", "AWS production account"}, []string{"Payment provider"}, false},
		{"Payment provider API → CloudFront and WAF: Payment webhook",
			[]string{"Payment provider"}, []string{"AWS production account", "AWS edge"}, true},
		{"Argo CD → Kubernetes API server: Apply manifests",
			[]string{"Platform namespaces", "Private app subnet", "Production VPC"}, []string{"EKS control plane"}, false},
		{"EKS worker nodes → GitHub Container Registry: Pull images",
			[]string{"Private app subnet", "Production VPC", "AWS production account"}, []string{"GitHub"}, false},
	}
	for _, tt := range tests {
		f := flows[tt.flow]
		if f == nil {
			t.Errorf("flow %q is missing", tt.flow)
			continue
		}
		c := f.Crossing()
		if got := zoneNames(c.Exits); !slices.Equal(got, tt.exits) {
			t.Errorf("%s exits %q, want %q", tt.flow, got, tt.exits)
		}
		if got := zoneNames(c.Enters); !slices.Equal(got, tt.enters) {
			t.Errorf("%s enters %q, want %q", tt.flow, got, tt.enters)
		}
		if got := c.EntersFromLowerTrust(); got != tt.fromLower {
			t.Errorf("%s EntersFromLowerTrust = %v, want %v", tt.flow, got, tt.fromLower)
		}
	}
	if f := flows["API service → Payment provider API: Charge and refund requests"]; f != nil && !f.Crossing().LeavesBlastRadius() {
		t.Errorf("the payment call does not leave the blast-radius boundary")
	}
}

// TestDeliberateChoices checks the choices that look like gaps but are
// stated: the plaintext Redis flow and its accepted risk, the waived
// card-entry flows, the one mutable image tag.
func TestDeliberateChoices(t *testing.T) {
	m := platform.Model()
	var redis *tm.Flow
	for _, f := range m.Flows() {
		if f.Key() == "Web frontend → Redis session cache: Session read and write" {
			redis = f
		}
	}
	if redis == nil {
		t.Fatal("the Redis session flow is missing")
	}
	if redis.Encryption() != tm.Plaintext || redis.Authentication() != tm.NoAuthentication {
		t.Errorf("Redis flow: encryption %v, authentication %v; want stated plaintext and no authentication",
			redis.Encryption(), redis.Authentication())
	}
	accepted := false
	for _, th := range m.Threats() {
		if !slices.ContainsFunc(th.About(), func(el tm.Element) bool { return el == tm.Element(redis) }) {
			continue
		}
		for _, a := range m.Acceptances() {
			if a.ThreatID() == th.ID() && a.Owner() != "" && a.Justification() != "" && !a.Expires().IsZero() {
				accepted = true
			}
		}
	}
	if !accepted {
		t.Errorf("no accepted risk with owner, justification and expiry covers the plaintext Redis flow")
	}

	waived := map[string]tm.Code{}
	for _, w := range m.Waivers() {
		if strings.TrimSpace(w.Reason()) == "" {
			t.Errorf("waiver %s has no reason", w.Path())
		}
		waived[w.Target().Path()] = w.Code()
	}
	for p, code := range map[string]tm.Code{
		`flows["Customer browser → Payment provider API: Card details in hosted fields"]`: tm.CodeDFDViolation,
		`flows["Payment provider API → Customer browser: Payment-method token"]`:          tm.CodeDFDViolation,
		`roles["Break-glass cluster admin"]`:                                              tm.CodeBroadActions,
	} {
		if waived[p] != code {
			t.Errorf("%s: waived %q, want %s", p, waived[p], code)
		}
	}
	if len(waived) != 3 {
		t.Errorf("%d elements waived, want 3", len(waived))
	}

	pins := map[tm.Pinning]int{}
	for _, d := range m.Dependencies() {
		pins[d.Pinning()]++
	}
	if pins[tm.Unpinned] != 1 || pins[tm.Digest] < 2 || pins[tm.LockFile] < 2 {
		t.Errorf("pinning counts %v: want exactly one mutable tag, digests and lock files", pins)
	}
}

// TestIncompleteVariant declares, on top of the complete model, one flow,
// one secret and one dependency with nothing stated, and checks that exactly
// their gaps are reported.
func TestIncompleteVariant(t *testing.T) {
	m := platform.Model()
	m.Flow(m.Component("Customer browser"), m.Component("API service"), "Direct API call")
	m.Secret("Unfinished secret")
	m.Dependency("Unvetted package", tm.Package)

	type key struct {
		Code tm.Code
		Path string
	}
	const flow = `flows["Customer browser → API service: Direct API call"]`
	want := []key{
		{tm.CodeNoProtocol, flow + ".protocol"},
		{tm.CodeNoEncryption, flow + ".encryption"},
		{tm.CodeNoAuthentication, flow + ".authentication"},
		{tm.CodeNoData, flow + ".carries"},
		// Internet (untrusted) into the app namespace (trusted).
		{tm.CodeNoAuthorization, flow + ".authorization"},
		{tm.CodeNoProvisioning, `secrets["Unfinished secret"].provisioning`},
		{tm.CodeNoRotation, `secrets["Unfinished secret"].rotation`},
		{tm.CodeNoBlastRadius, `secrets["Unfinished secret"].blastRadius`},
		{tm.CodeNoStorage, `secrets["Unfinished secret"].storage`},
		{tm.CodeSecretUnused, `secrets["Unfinished secret"].usedBy`},
		{tm.CodeNoDependencyRisk, `dependencies["Unvetted package"].risk`},
		{tm.CodeNoDependencyMitigation, `dependencies["Unvetted package"].mitigation`},
		{tm.CodeNoPinning, `dependencies["Unvetted package"].pinning`},
	}
	var got []key
	for _, f := range m.Findings() {
		got = append(got, key{f.Code, f.Path})
	}
	cmpKey := func(a, b key) int {
		if c := strings.Compare(string(a.Code), string(b.Code)); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	}
	slices.SortFunc(got, cmpKey)
	slices.SortFunc(want, cmpKey)
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}

	err := m.Validate()
	var f *tm.Finding
	if !errors.As(err, &f) {
		t.Fatalf("Validate = %v; want an error holding *threatmodel.Finding", err)
	}
	if f.Severity != tm.SeverityGap {
		t.Errorf("first finding %s has severity %v, want gap", f.Code, f.Severity)
	}
}

// TestKubernetesEscalations pins what the cluster's RBAC lets a role do
// beyond its own permissions, by technique (reach/TECHNIQUES.md): Argo CD's
// "*" on a namespace creates pods there that run as the namespace's
// service accounts (k8s-001), runs commands in its running pods (k8s-009)
// and rewrites their Deployments (k8s-012), but patches no Deployment of
// the upload worker, a Job; a namespace's Role grants no cluster-scoped
// nodes/proxy (k8s-017) or admission webhook (k8s-018); no AWS or Google
// Cloud technique applies to a Kubernetes workload; the engineers'
// read-only access and the workloads' own service accounts escalate
// nowhere in the cluster.
func TestKubernetesEscalations(t *testing.T) {
	m := platform.Model()
	res, err := reach.Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	techs := map[string][]string{} // by target, Argo CD's
	for _, f := range res.Findings {
		if f.Code != tm.CodeEscalation {
			continue
		}
		for _, id := range f.Techniques {
			if !strings.HasPrefix(id, "k8s-") {
				t.Errorf("%s: technique %s of another platform in a Kubernetes cluster", f.Path, id)
			}
			if id == "k8s-017" || id == "k8s-018" {
				t.Errorf("%s: cluster-scoped technique %s through a namespace's Role", f.Path, id)
			}
		}
		switch f.Role.Name() {
		case "Argo CD application controller":
			techs[f.Target.Name()] = f.Techniques
		case "Platform engineer SSO role", "API service account", "Worker service account", "Ingress controller service account":
			if len(f.Techniques) > 0 {
				t.Errorf("%s escalates by %v: %s", f.Role.Name(), f.Techniques, f.Message)
			}
		}
	}
	for target, want := range map[string][]string{
		"API service":               {"k8s-001", "k8s-002", "k8s-009", "k8s-011", "k8s-012"},
		"Upload worker":             {"k8s-001", "k8s-006", "k8s-009"},
		"External Secrets Operator": {"k8s-001", "k8s-009", "k8s-012"},
	} {
		got := techs[target]
		for _, id := range want {
			if !slices.Contains(got, id) {
				t.Errorf("Argo CD taking over %s: techniques %v, want %s among them", target, got, id)
			}
		}
	}
	if got := techs["Upload worker"]; slices.Contains(got, "k8s-012") || slices.Contains(got, "k8s-016") {
		t.Errorf("Argo CD taking over the upload worker, a Job: techniques %v patch a Deployment or a CronJob", got)
	}
}

// TestKubernetesEscalationsMove shows the RBAC findings moving with the
// model: a Role that lets the upload worker's service account create pods
// in its namespace lets a compromised job run a pod as the API's service
// account (k8s-001) and reach what the API reaches; exec for the
// engineers stays cut by their permission set's read-only limits.
func TestKubernetesEscalationsMove(t *testing.T) {
	m := platform.Model()
	appNS := m.ZoneNamed("app namespace")
	m.RoleNamed("Worker service account").Allow(appNS, "pods:create")
	m.RoleNamed("Platform engineer SSO role").Allow(appNS, "pods/exec:create")
	res, err := reach.Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	var worker []string
	for _, f := range res.Findings {
		if f.Code != tm.CodeEscalation {
			continue
		}
		switch f.Role.Name() {
		case "Worker service account":
			if f.Target.Name() == "API service" {
				worker = f.Techniques
			}
		case "Platform engineer SSO role":
			if slices.Contains(f.Techniques, "k8s-009") {
				t.Errorf("exec beyond the engineers' read-only limits escalates: %s", f.Message)
			}
		}
	}
	if !slices.Contains(worker, "k8s-001") {
		t.Errorf("pods:create for the worker's service account: techniques %v on the API service, want k8s-001", worker)
	}
}
