package reach

import (
	"slices"
	"strings"
	"unicode"

	"github.com/threatwright/threatwright/internal/iam"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// onWorkload are the preconditions met on a process that runs as a role.
const onWorkload = BoundResource | InNamespace

// platformIntro returns what the techniques document says of a platform's
// techniques, and the heading of its column for Technique.Service.
func platformIntro(p Platform) (intro, serviceHeading string) {
	switch p {
	case Kubernetes:
		return "Actions are written `resource:verb` or `resource/subresource:verb`. Kubernetes has no permission to " +
			"pass a service account: creating a workload in the namespace of a service account is enough to run as it, " +
			"so those techniques apply where the permission covers (through its zone, the namespace) a workload that " +
			"runs as the account. A process is a Kubernetes workload when its name or technology names Kubernetes, EKS, " +
			"GKE, AKS, OpenShift or pods, or a zone around it is named a namespace; a statement on a namespace grants no " +
			"cluster-scoped resource (nodes/proxy, admission webhooks, ClusterRoles). RBAC writes and impersonation apply " +
			"where the statement names the role, or every resource; cluster-wide RBAC writes (k8s-027, k8s-030) also on a " +
			"component that names Kubernetes, such as the API server.", "Creation path"
	case GoogleCloud:
		return "Actions are written `service.resource.verb`. `iam.serviceAccounts.actAs` is Google Cloud's `iam:PassRole`: " +
			"it attaches a service account to a resource, is needed on the service account a new resource runs as, and " +
			"on the one an existing resource runs as when its code or metadata changes; the other permissions create or " +
			"change the resource and may be allowed anywhere. A project's, folder's or organization's IAM policy applies " +
			"where the statement names the role, or every resource.", "Service agent"
	}
	return "The paths of pathfinding.cloud, and Cloudsplaining's method for `iam:SetDefaultPolicyVersion`. Passing a role " +
		"needs `iam:PassRole` on that role and, when the role declares a trust policy (`threatmodel.TrustsServices`), a " +
		"policy that names the trusting service; the other permissions create a resource and may be allowed anywhere. A " +
		"technique that assumes a role (`sts:AssumeRole`) needs a role whose trust policy names the principal, or that " +
		"declares none.", "Trusting service"
}

// preconditionsText is what the techniques document says of a technique's
// preconditions: on Google Cloud a service account is attached with actAs
// and trusts no service.
func (t Technique) preconditionsText() string {
	pre := t.Preconditions
	var out []string
	if t.Platform == GoogleCloud && pre&PassableRole != 0 {
		out = append(out, "a service account the principal may attach ("+actAs+" on it)")
		pre &^= PassableRole
	}
	if pre != 0 || len(out) == 0 {
		out = append(out, pre.String())
	}
	return strings.Join(out, "; ") + t.boundText()
}

// boundText is what the techniques document adds to the preconditions of
// a technique that applies to a process: which processes it fits.
func (t Technique) boundText() string {
	if t.Preconditions&onWorkload == 0 {
		return ""
	}
	switch t.Platform {
	case Kubernetes:
		if k := t.workloadKind(); k != "" && t.Preconditions&BoundResource != 0 {
			return "; a Kubernetes workload, a " + k + " where its name or technology names a kind"
		}
		return "; a Kubernetes workload"
	case GoogleCloud:
		var names []string
		for _, svc := range t.gcpServices() {
			names = append(names, gcpProducts[svc][0])
		}
		return "; its name or technology names " + strings.Join(names, " or ") + "; `" + actAs + "` on a role it runs as"
	}
	return "; its name or technology names " + strings.Join(t.resourceServices(), " or ")
}

// fitsPlatform reports whether a process is a resource a Kubernetes or
// Google Cloud technique applies to: for Kubernetes a workload (and, for
// one that changes a kind of workload, one that names no other kind); for
// Google Cloud one whose name or technology names the product of one of
// the technique's permissions ("Compute Engine" for compute.*). It never
// fits a process of another platform. It allocates nothing: it runs for
// every technique on every process a wildcard reaches.
func fitsPlatform(t *Technique, c *tm.Component) bool {
	switch t.Platform {
	case Kubernetes:
		if !kubernetesWorkload(c) {
			return false
		}
		k := t.workloadKind()
		if k == "" || t.Preconditions&InNamespace != 0 {
			return true
		}
		names := func(w string) bool { return isKind(w) != "" }
		is := func(w string) bool { return isKind(w) == k }
		return !anyWord(c.Name(), names) && !anyWord(c.Technology(), names) || anyWord(c.Name(), is) || anyWord(c.Technology(), is)
	case GoogleCloud:
		for _, p := range t.Permissions {
			svc, _, _ := strings.Cut(p, ".")
			for _, name := range gcpProducts[svc] {
				if containsFold(c.Name(), name) || containsFold(c.Technology(), name) {
					return true
				}
			}
		}
	}
	return false
}

// gcpProducts are the names, as a resource's technology writes them, of the
// Google Cloud products whose resources a technique can take over, by
// action prefix; the first is the one the documents name.
var gcpProducts = map[string][]string{
	"compute":        {"Compute Engine", "GCE"},
	"cloudfunctions": {"Cloud Functions", "Cloud Function"},
	"run":            {"Cloud Run"},
}

// gcpServices returns the services of a Google Cloud technique's
// permissions whose products it can take over (gcpProducts), once each.
func (t Technique) gcpServices() []string {
	var out []string
	for _, p := range t.Permissions {
		if svc, _, _ := strings.Cut(p, "."); len(gcpProducts[svc]) > 0 && !slices.Contains(out, svc) {
			out = append(out, svc)
		}
	}
	return out
}

// kubernetesWords and namespaceWords name a Kubernetes workload, in its
// name or technology and in a zone around it; kindWords are the kinds of
// workload, singular.
var (
	kubernetesWords = []string{"kubernetes", "k8s", "eks", "gke", "aks", "openshift", "pod", "pods"}
	namespaceWords  = []string{"namespace", "namespaces", "kubernetes", "k8s"}
	kindWords       = []string{"deployment", "statefulset", "daemonset", "replicaset", "replicationcontroller", "cronjob", "job"}
)

// kubernetesWorkload reports whether a process runs on Kubernetes: its name
// or technology names Kubernetes (or a managed Kubernetes, or pods), or a
// zone around it is named a namespace. A workload kind alone does not: an
// AWS Glue job or a CodeDeploy deployment is no Kubernetes workload.
func kubernetesWorkload(c *tm.Component) bool {
	k8s := func(w string) bool { return foldIn(w, kubernetesWords) }
	if anyWord(c.Name(), k8s) || anyWord(c.Technology(), k8s) {
		return true
	}
	ns := func(w string) bool { return foldIn(w, namespaceWords) }
	for z, n := c.Zone(), 0; z != nil && n < 64; z, n = z.Parent(), n+1 {
		if anyWord(z.Name(), ns) {
			return true
		}
	}
	return false
}

// workloadKind returns the kind of Kubernetes workload a technique's first
// permission names ("deployment" for deployments:patch), or "" for pods,
// their subresources and everything else.
func (t Technique) workloadKind() string {
	if len(t.Permissions) == 0 {
		return ""
	}
	res, _, _ := strings.Cut(t.Permissions[0], ":")
	return isKind(res)
}

// isKind returns the kind of workload a word names, singular and in lower
// case ("CronJobs" is a cronjob, not a job), or "".
func isKind(w string) string {
	for _, k := range kindWords {
		if strings.EqualFold(w, k) || len(w) == len(k)+1 && (w[len(k)] == 's' || w[len(k)] == 'S') && strings.EqualFold(w[:len(k)], k) {
			return k
		}
	}
	return ""
}

// foldIn reports whether a word is one of the list, ignoring case.
func foldIn(w string, list []string) bool {
	return slices.ContainsFunc(list, func(l string) bool { return strings.EqualFold(w, l) })
}

// anyWord reports whether f accepts a word of s: a run of letters and
// digits.
func anyWord(s string, f func(string) bool) bool {
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && f(s[start:i]) {
			return true
		}
		start = -1
	}
	return start >= 0 && f(s[start:])
}

// containsFold reports whether s contains sub, ignoring case.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// clusterResources are the Kubernetes resources that belong to no
// namespace: a Role in a namespace cannot grant them.
var clusterResources = []string{
	"nodes", "nodes/proxy", "mutatingwebhookconfigurations", "validatingwebhookconfigurations", "clusterroles",
	"clusterrolebindings", "namespaces", "persistentvolumes", "customresourcedefinitions", "certificatesigningrequests",
	"storageclasses", "priorityclasses", "apiservices",
}

// namespacedOnly reports whether a statement on res cannot grant the
// action because res is a Kubernetes namespace (a zone named one) and the
// action is on a cluster-scoped resource (nodes/proxy:create): "*" in a
// namespace is a Role's "*", which holds no nodes/proxy.
func namespacedOnly(res tm.Element, action string) bool {
	z, ok := res.(*tm.Zone)
	if !ok || z == nil || !slices.Contains(clusterResources, iam.Parse(action).Service) {
		return false
	}
	return anyWord(z.Name(), func(w string) bool { return strings.EqualFold(w, "namespace") || strings.EqualFold(w, "namespaces") })
}

// clusterSelf returns the Kubernetes techniques of self-escalation whose
// permissions are all cluster-wide RBAC writes (a ClusterRoleBinding or a
// ClusterRole) that the effective permissions allow on a Kubernetes
// control plane: a component whose name or technology names Kubernetes,
// where a model grants cluster-scoped RBAC ("clusterrolebindings:create"
// on the API server). Binding itself to a ClusterRole such as
// cluster-admin changes the role's own permissions as a statement on the
// role itself does. Nil when none applies.
func (a *analyzer) clusterSelf(eff []tm.EffectivePermission) *techMatch {
	var m *techMatch
	for _, i := range clusterSelfTechniques {
		t := &catalogue[i]
		var first *tm.Permission
		for _, p := range t.Permissions {
			g := a.controlPlaneGrant(eff, p)
			if g == nil {
				first = nil
				break
			}
			if first == nil || a.permAt[g].i < a.permAt[first].i {
				first = g
			}
		}
		if first == nil {
			continue
		}
		if m == nil {
			m = &techMatch{perm: first}
		} else if a.permAt[first].i < a.permAt[m.perm].i {
			m.perm = first
		}
		m.ids = append(m.ids, t.ID)
	}
	return m
}

// controlPlaneGrant returns the first statement that effectively allows
// the action on a component whose name or technology names Kubernetes, or
// nil.
func (a *analyzer) controlPlaneGrant(eff []tm.EffectivePermission, action string) *tm.Permission {
	for _, e := range eff {
		if c, ok := e.Resource.(*tm.Component); ok && c != nil && a.controlPlane(c) && e.Allows(action, c, nil) {
			return e.Permission
		}
	}
	return nil
}

// clusterSelfTechniques are the indices of the catalogue's Kubernetes
// techniques of self-escalation whose permissions are all cluster-wide
// (clusterSelf).
var clusterSelfTechniques = func() []int {
	var out []int
	for i := range catalogue {
		t := &catalogue[i]
		if t.Platform == Kubernetes && t.Preconditions == OnSelf &&
			!slices.ContainsFunc(t.Permissions, func(p string) bool { return !strings.HasPrefix(p, "cluster") }) {
			out = append(out, i)
		}
	}
	return out
}()

// controlPlane reports whether a component's name or technology names
// Kubernetes, once per component of the model.
func (a *analyzer) controlPlane(c *tm.Component) bool {
	k8s := func(w string) bool { return foldIn(w, kubernetesWords) }
	is := func() bool { return anyWord(c.Name(), k8s) || anyWord(c.Technology(), k8s) }
	if !a.x.has(c) {
		return is()
	}
	if a.k8s == nil {
		a.k8s = make([]int8, len(a.x.comps))
	}
	v := &a.k8s[c.Index()]
	if *v == 0 {
		*v = 2
		if is() {
			*v = 1
		}
	}
	return *v == 1
}

// passesToBound reports whether the effective permissions allow an action
// that passes a role (Google Cloud's actAs) on one of the roles a process
// runs as: a statement on that role, or on every resource.
func passesToBound(eff []tm.EffectivePermission, c *tm.Component, action string) bool {
	for _, r := range rolesOf(c) {
		for _, e := range eff {
			if (e.Resource == tm.Element(r) || e.Resource == tm.AnyResource()) && e.Allows(action, r, nil) {
				return true
			}
		}
	}
	return false
}
