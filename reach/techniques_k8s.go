package reach

// The Kubernetes techniques follow the privilege-escalation risks of the
// Kubernetes RBAC good practices, with the MITRE ATT&CK technique each one
// is an instance of. Actions are written as internal/iam writes RBAC rules:
// "resource:verb", "resource/subresource:verb". The IDs ("k8s-001"…) are
// threatwright's own: no public catalogue numbers them.

// rbacGoodPractices returns the address of a section of the Kubernetes
// RBAC good practices.
func rbacGoodPractices(section string) string {
	return "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#" + section
}

// attack returns the address of a MITRE ATT&CK technique ("T1610",
// "T1098.006").
func attack(id string) string {
	if len(id) > 5 && id[5] == '.' {
		return "https://attack.mitre.org/techniques/" + id[:5] + "/" + id[6:] + "/"
	}
	return "https://attack.mitre.org/techniques/" + id + "/"
}

// capecPrivilegeAbuse is CAPEC-122, Privilege Abuse: a capability granted
// for one purpose used to gain more.
const capecPrivilegeAbuse = "https://capec.mitre.org/data/definitions/122.html"

// k8sCreate is a technique that creates a workload in the namespace of a
// service account and runs it as that account: the path names the
// controllers that turn the object into pods.
func k8sCreate(id, path, name, perm string) Technique {
	return Technique{ID: id, Kind: NewPassRole, Name: name, Permissions: []string{perm}, Preconditions: InNamespace,
		Service: path, References: k8sRefs("workload-creation", "T1610")}
}

// k8sExisting is a technique that takes over a running workload bound to
// a service account.
func k8sExisting(id, section, mitre, name string, perms ...string) Technique {
	return Technique{ID: id, Kind: ExistingPassRole, Name: name, Permissions: perms, Preconditions: BoundResource,
		References: k8sRefs(section, mitre)}
}

// k8sPrincipal is a technique that acts as another principal or gets its
// token; mitre is empty where no ATT&CK technique fits.
func k8sPrincipal(id, section, mitre, name string, perms ...string) Technique {
	return Technique{ID: id, Kind: PrincipalAccess, Name: name, Permissions: perms, Preconditions: OnOtherPrincipal,
		References: k8sRefs(section, mitre)}
}

// k8sRefs returns the references of a Kubernetes technique: its section of
// the good practices, its ATT&CK technique when one fits, CAPEC-122.
func k8sRefs(section, mitre string) []string {
	refs := []string{rbacGoodPractices(section)}
	if mitre != "" {
		refs = append(refs, attack(mitre))
	}
	return append(refs, capecPrivilegeAbuse)
}

// k8sSelf is a technique that widens the RBAC rules bound to the
// principal itself.
func k8sSelf(id, section, name string, perms ...string) Technique {
	return Technique{ID: id, Kind: SelfEscalation, Name: name, Permissions: perms, Preconditions: OnSelf,
		References: k8sRefs(section, "T1098.006")}
}

// k8sTechniques is the Kubernetes part of the catalogue.
var k8sTechniques = []Technique{
	// A new workload in the namespace of a service account, running as
	// it: Kubernetes has no permission to pass a service account, so
	// creating a workload in its namespace is enough.
	k8sCreate("k8s-001", "the pod itself (spec.serviceAccountName)", "Create a pod that runs as a service account of the namespace", "pods:create"),
	k8sCreate("k8s-002", "Deployment → ReplicaSet → pods", "Create a Deployment whose pods run as a service account of the namespace", "deployments:create"),
	k8sCreate("k8s-003", "ReplicaSet → pods", "Create a ReplicaSet whose pods run as a service account of the namespace", "replicasets:create"),
	k8sCreate("k8s-004", "StatefulSet → pods", "Create a StatefulSet whose pods run as a service account of the namespace", "statefulsets:create"),
	k8sCreate("k8s-005", "DaemonSet → a pod on every node", "Create a DaemonSet whose pods run as a service account of the namespace", "daemonsets:create"),
	k8sCreate("k8s-006", "Job → pods", "Create a Job whose pods run as a service account of the namespace", "jobs:create"),
	k8sCreate("k8s-007", "CronJob → Jobs → pods", "Create a CronJob whose pods run as a service account of the namespace", "cronjobs:create"),
	k8sCreate("k8s-008", "ReplicationController → pods", "Create a ReplicationController whose pods run as a service account of the namespace",
		"replicationcontrollers:create"),

	// Taking over a running workload: commands in its containers, or a
	// changed pod template that runs the holder's image as the same
	// service account.
	k8sExisting("k8s-009", "workload-creation", "T1609", "Run commands in a running pod (kubectl exec)", "pods/exec:create"),
	k8sExisting("k8s-010", "workload-creation", "T1609", "Attach to a running container's console (kubectl attach)", "pods/attach:create"),
	k8sExisting("k8s-011", "workload-creation", "T1609", "Add an ephemeral container that mounts the pod's service account token (kubectl debug)",
		"pods/ephemeralcontainers:patch"),
	k8sExisting("k8s-012", "workload-creation", "T1610", "Patch a Deployment's pod template to run its own image or command", "deployments:patch"),
	k8sExisting("k8s-013", "workload-creation", "T1610", "Replace a Deployment's pod template with its own image or command", "deployments:update"),
	k8sExisting("k8s-014", "workload-creation", "T1610", "Patch a StatefulSet's pod template to run its own image or command", "statefulsets:patch"),
	k8sExisting("k8s-015", "workload-creation", "T1610", "Patch a DaemonSet's pod template to run its own image or command", "daemonsets:patch"),
	k8sExisting("k8s-016", "workload-creation", "T1610", "Patch a CronJob's job template to run its own image or command", "cronjobs:patch"),
	k8sExisting("k8s-017", "access-to-proxy-subresource-of-nodes", "T1609",
		"Run commands in the pods of a node through the kubelet API (nodes/proxy), past the API server's audit and admission",
		"nodes/proxy:create"),
	k8sExisting("k8s-018", "control-admission-webhooks", "T1610",
		"Register a mutating admission webhook that rewrites the workload's pods when they are next created",
		"mutatingwebhookconfigurations:create"),

	// Acting as another principal, or getting its token.
	k8sPrincipal("k8s-019", "impersonate-verb", "", "Impersonate the service account", "serviceaccounts:impersonate"),
	k8sPrincipal("k8s-020", "impersonate-verb", "", "Impersonate a user bound to the role", "users:impersonate"),
	k8sPrincipal("k8s-021", "impersonate-verb", "", "Impersonate a user and a group bound to the role", "users:impersonate", "groups:impersonate"),
	k8sPrincipal("k8s-022", "token-request", "T1528", "Request a token for the service account (TokenRequest)", "serviceaccounts/token:create"),
	k8sPrincipal("k8s-023", "listing-secrets", "T1552.007", "Read the Secret that holds the service account's long-lived token", "secrets:get"),
	k8sPrincipal("k8s-024", "listing-secrets", "T1552.007", "List Secrets, which returns the service account's token Secret with its value", "secrets:list"),
	k8sPrincipal("k8s-025", "listing-secrets", "T1528", "Create a token Secret for the service account and read the token the control plane writes into it",
		"secrets:create", "secrets:get"),

	// Widening its own RBAC rules.
	k8sSelf("k8s-026", "escalate-verb", "Add rules it does not hold to a Role bound to itself (escalate)", "roles:escalate", "roles:update"),
	k8sSelf("k8s-027", "escalate-verb", "Add rules it does not hold to a ClusterRole bound to itself (escalate)", "clusterroles:escalate", "clusterroles:update"),
	k8sSelf("k8s-028", "bind-verb", "Bind itself to a more privileged Role in a namespace (bind)", "rolebindings:create", "roles:bind"),
	k8sSelf("k8s-029", "bind-verb", "Bind itself to a more privileged ClusterRole in a namespace (bind)", "rolebindings:create", "clusterroles:bind"),
	k8sSelf("k8s-030", "bind-verb", "Bind itself to a more privileged ClusterRole, such as cluster-admin, cluster-wide (bind)",
		"clusterrolebindings:create", "clusterroles:bind"),
}
