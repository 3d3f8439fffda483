package reach_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/internal/iam"
	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// platformCase builds, for a Kubernetes or Google Cloud technique, a model
// where an attacker role holds the technique's permissions, changed by the
// options, and returns the technique IDs of the escalation findings about
// the technique's target. Kubernetes permissions on workloads are granted
// on the namespace, a zone, as RBAC grants them.
type platformCase struct {
	drop      string // a permission left out
	deny      string // a permission denied on every resource
	boundary  string // a permission the attacker's permission boundary leaves out
	elsewhere bool   // actAs on another service account; the Kubernetes permissions in another namespace
	unbound   bool   // the workload to take over, or beside which to run, runs as no role
}

// gcpTechnology names the product a Google Cloud technique takes over, by
// the service of its permission.
var gcpTechnology = map[string]string{
	"compute":        "Google Compute Engine VM",
	"cloudfunctions": "Google Cloud Functions (2nd gen)",
	"run":            "Google Cloud Run service",
}

// clusterScoped are the resources of the catalogue's Kubernetes
// techniques that belong to no namespace.
var clusterScoped = map[string]bool{"nodes/proxy": true, "mutatingwebhookconfigurations": true}

func (c platformCase) ids(t *testing.T, tc reach.Technique) []string {
	t.Helper()
	m := tm.New("Platform techniques")
	project := m.Zone("Project", tm.Trusted)
	ns := m.Zone("app namespace", tm.Trusted, tm.Inside(project))
	otherNS := m.Zone("batch namespace", tm.Trusted, tm.Inside(project))
	jewels := m.DataAsset("Crown jewels", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
	db := m.DataStore("Jewels database", project, tm.Technology("Cloud SQL for PostgreSQL"), tm.Stores(jewels))
	target := m.Role("Target service account")
	target.Allow(db, "SELECT", "INSERT")
	other := m.Role("Other service account")
	other.Allow(db, "SELECT")
	m.Process("Batch workload", otherNS, tm.Technology("Kubernetes Job")).RunsAs(other)

	var opts []tm.RoleOption
	if c.boundary != "" {
		g := m.Guardrail("Boundary")
		g.Allow(tm.AnyResource(), "storage.objects.get")
		for _, p := range tc.Permissions {
			if p != c.boundary {
				g.Allow(tm.AnyResource(), p)
			}
		}
		opts = append(opts, tm.WithPermissionBoundary(g))
	}
	attacker := m.Role("Attacker", opts...)
	if c.deny != "" {
		attacker.Deny(tm.AnyResource(), c.deny)
	}
	var passes, rest []string
	for _, p := range tc.Permissions {
		switch {
		case p == c.drop:
		case iam.PassesRole(p):
			passes = append(passes, p)
		default:
			rest = append(rest, p)
		}
	}
	allow := func(res tm.Element, acts []string) {
		if len(acts) > 0 {
			attacker.Allow(res, acts...)
		}
	}
	passTo := target
	if c.elsewhere {
		passTo = other
	}
	var about tm.Element
	switch tc.Preconditions {
	case reach.OnSelf:
		allow(attacker, append(passes, rest...))
		about = attacker
	case reach.OnOtherPrincipal:
		allow(target, append(passes, rest...))
		about = target
	case reach.PassableRole:
		allow(passTo, passes)
		allow(tm.AnyResource(), rest)
		about = target
	case reach.BoundResource, reach.InNamespace:
		var proc *tm.Component
		if tc.Platform == reach.Kubernetes {
			res, _, _ := strings.Cut(tc.Permissions[0], ":")
			proc = m.Process("Workload", ns, tm.Technology("Kubernetes "+res))
			switch {
			case c.elsewhere:
				allow(otherNS, rest)
			case clusterScoped[res]:
				allow(project, rest) // a ClusterRole: the zone of the cluster
			default:
				allow(ns, rest)
			}
		} else {
			i := slices.IndexFunc(tc.Permissions, func(p string) bool { return !iam.PassesRole(p) })
			proc = m.Process("Workload", project, tm.Technology(gcpTechnology[iam.Parse(tc.Permissions[i]).Service]))
			allow(proc, rest)
			allow(passTo, passes)
		}
		if !c.unbound {
			proc.RunsAs(target)
		}
		about = proc
	}
	res := analyze(t, m)
	var ids []string
	for _, f := range escalationTo(res, about) {
		ids = append(ids, f.Techniques...)
	}
	return ids
}

// TestPlatformTechniques is the oracle of the Kubernetes and Google Cloud
// techniques, one case per technique: granting exactly its permissions
// escalates (RCH004 citing it); leaving any one out, denying any one, or a
// permission boundary without any one does not; nor actAs on another
// service account, where the technique passes or changes one; nor the
// Kubernetes permissions in another namespace, for a technique that
// creates a workload there; nor a workload that runs as no role, for one
// that takes a workload over or runs beside it.
func TestPlatformTechniques(t *testing.T) {
	n := 0
	for _, tc := range reach.Techniques() {
		if tc.Platform != reach.Kubernetes && tc.Platform != reach.GoogleCloud {
			continue
		}
		n++
		t.Run(tc.ID, func(t *testing.T) {
			if ids := (platformCase{}).ids(t, tc); !slices.Contains(ids, tc.ID) {
				t.Fatalf("exactly the permissions %v: techniques %v, want %s", tc.Permissions, ids, tc.ID)
			}
			for _, p := range tc.Permissions {
				for name, c := range map[string]platformCase{
					"without": {drop: p}, "denying": {deny: p}, "a boundary without": {boundary: p},
				} {
					if ids := c.ids(t, tc); slices.Contains(ids, tc.ID) {
						t.Errorf("%s %s: techniques %v still cite %s", name, p, ids, tc.ID)
					}
				}
			}
			passes := slices.ContainsFunc(tc.Permissions, iam.PassesRole)
			if passes || tc.Preconditions == reach.InNamespace {
				if ids := (platformCase{elsewhere: true}).ids(t, tc); slices.Contains(ids, tc.ID) {
					t.Errorf("actAs on another service account, or another namespace: techniques %v still cite %s", ids, tc.ID)
				}
			}
			if tc.Preconditions&(reach.BoundResource|reach.InNamespace) != 0 {
				if ids := (platformCase{unbound: true}).ids(t, tc); slices.Contains(ids, tc.ID) {
					t.Errorf("a workload bound to no role: techniques %v still cite %s", ids, tc.ID)
				}
			}
		})
	}
	if n < 45 {
		t.Errorf("%d Kubernetes and Google Cloud techniques, want the catalogue's", n)
	}
}

// TestPlatformsApart checks that a technique applies only to resources of
// its platform and that a wildcard stays within its service: "*" on a zone
// that holds a Kubernetes Deployment, a Kubernetes Job, a Lambda function
// and a Cloud Run service gives each only its own platform's techniques,
// and the Job none that patches a Deployment; "pods:*" is pod creation,
// not exec ("pods/exec" is another resource); a namespace's Role grants no
// cluster-scoped nodes/proxy or admission webhooks; "compute.*" on a VM without
// actAs on its service account changes its metadata but takes nothing
// over.
func TestPlatformsApart(t *testing.T) {
	m := tm.New("Apart")
	shared := m.Zone("Shared zone", tm.Trusted)
	ns := m.Zone("app namespace", tm.Trusted)
	data := m.Zone("Data zone", tm.Trusted)
	jewels := m.DataAsset("Crown jewels", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
	db := m.DataStore("Jewels database", data, tm.Technology("Amazon DynamoDB"), tm.Stores(jewels))
	sa := m.Role("Workload identity")
	sa.Allow(db, "dynamodb:GetItem")
	procs := map[string]*tm.Component{
		"deployment": m.Process("API", shared, tm.Technology("Kubernetes Deployment")),
		"job":        m.Process("Indexer", shared, tm.Technology("Kubernetes Job")),
		"lambda":     m.Process("Handler", shared, tm.Technology("AWS Lambda")),
		"run":        m.Process("Renderer", shared, tm.Technology("Google Cloud Run")),
		"vm":         m.Process("Batch VM", shared, tm.Technology("Google Compute Engine")),
		"ns":         m.Process("Web", ns, tm.Technology("Go service")),
	}
	for _, p := range procs {
		p.RunsAs(sa)
	}
	wild := m.Role("Wildcard")
	wild.Allow(shared, "*")
	wild.Allow(sa, "iam.serviceAccounts.actAs")
	pods := m.Role("Pods")
	pods.Allow(ns, "pods:*", "nodes/proxy:create", "mutatingwebhookconfigurations:create")
	compute := m.Role("Compute")
	compute.Allow(procs["vm"], "compute.*")

	res := analyze(t, m)
	techs := func(r *tm.Role, el tm.Element) []string {
		var out []string
		for _, f := range escalationTo(res, el) {
			if f.Role == r {
				out = append(out, f.Techniques...)
			}
		}
		return out
	}
	only := func(what string, ids []string, prefix string) {
		t.Helper()
		if len(ids) == 0 || slices.ContainsFunc(ids, func(id string) bool { return !strings.HasPrefix(id, prefix) }) {
			t.Errorf("%s: techniques %v, want only %s…", what, ids, prefix)
		}
	}
	only("* over a Kubernetes Deployment", techs(wild, procs["deployment"]), "k8s-")
	only("* over a Kubernetes Job", techs(wild, procs["job"]), "k8s-")
	only("* with actAs over a Cloud Run service", techs(wild, procs["run"]), "gcp-")
	lambda := techs(wild, procs["lambda"])
	if len(lambda) == 0 || slices.ContainsFunc(lambda, func(id string) bool {
		return strings.HasPrefix(id, "k8s-") || strings.HasPrefix(id, "gcp-")
	}) {
		t.Errorf("* over a Lambda function: techniques %v, want AWS ones only", lambda)
	}
	if job := techs(wild, procs["job"]); slices.Contains(job, "k8s-012") || !slices.Contains(job, "k8s-009") {
		t.Errorf("* over a Kubernetes Job: techniques %v, want exec (k8s-009) and no Deployment patch (k8s-012)", job)
	}
	if dep := techs(wild, procs["deployment"]); !slices.Contains(dep, "k8s-012") || slices.Contains(dep, "k8s-016") {
		t.Errorf("* over a Kubernetes Deployment: techniques %v, want its patch (k8s-012) and no CronJob patch (k8s-016)", dep)
	}
	if got := techs(pods, procs["ns"]); !slices.Contains(got, "k8s-001") ||
		slices.ContainsFunc(got, func(id string) bool { return id != "k8s-001" }) {
		t.Errorf("pods:*, nodes/proxy and webhooks in a namespace: techniques %v, want pod creation (k8s-001) only", got)
	}
	if got := techs(compute, procs["vm"]); slices.Contains(got, "gcp-020") {
		t.Errorf("compute.* without actAs: techniques %v cite gcp-020", got)
	}
}

// TestClusterWideBind checks the Kubernetes self-escalations a model writes
// on the API server, as cluster-scoped RBAC is granted: binding itself to a
// ClusterRole (k8s-030) or widening one (k8s-027) gains what granting
// itself any permission reaches; either permission alone, a deny of the
// bind, or the same statement on a component that is no Kubernetes
// control plane does not; a role that already reaches all that its
// boundary lets through gains nothing.
func TestClusterWideBind(t *testing.T) {
	m := tm.New("Cluster-wide bind")
	control := m.Zone("Control plane", tm.HighlyTrusted)
	data := m.Zone("Data", tm.Trusted)
	jewels := m.DataAsset("Crown jewels", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
	m.DataStore("Jewels database", data, tm.Technology("PostgreSQL"), tm.Stores(jewels))
	apiServer := m.Process("Kubernetes API server", control, tm.Technology("Amazon EKS control plane"))
	gitServer := m.Process("Git server", control, tm.Technology("Gitea"))

	roles := map[string]*tm.Role{}
	for name, grant := range map[string]func(r *tm.Role){
		"binder":    func(r *tm.Role) { r.Allow(apiServer, "clusterrolebindings:create", "clusterroles:bind") },
		"escalator": func(r *tm.Role) { r.Allow(apiServer, "clusterroles:*") },
		"creator":   func(r *tm.Role) { r.Allow(apiServer, "clusterrolebindings:create") },
		"denied": func(r *tm.Role) {
			r.Allow(apiServer, "clusterrolebindings:create", "clusterroles:bind")
			r.Deny(tm.AnyResource(), "clusterroles:bind")
		},
		"elsewhere": func(r *tm.Role) { r.Allow(gitServer, "clusterrolebindings:create", "clusterroles:bind") },
		"admin":     func(r *tm.Role) { r.Allow(tm.AnyResource(), "*") },
	} {
		roles[name] = m.Role(name)
		grant(roles[name])
	}
	res := analyze(t, m)
	self := func(name string) []string {
		for _, f := range escalationTo(res, roles[name]) {
			if f.Role == roles[name] && slices.ContainsFunc(f.Gains, func(e reach.Entry) bool { return e.Element == jewels }) {
				return f.Techniques
			}
		}
		return nil
	}
	if got := self("binder"); !slices.Equal(got, []string{"k8s-030"}) {
		t.Errorf("bind and ClusterRoleBindings on the API server: techniques %v, want k8s-030 gaining the crown jewels", got)
	}
	if got := self("escalator"); !slices.Contains(got, "k8s-027") {
		t.Errorf("clusterroles:* on the API server: techniques %v, want k8s-027", got)
	}
	for _, name := range []string{"creator", "denied", "elsewhere", "admin"} {
		if got := self(name); len(got) > 0 {
			t.Errorf("%s: self-escalation by %v", name, got)
		}
	}
}
