package stride

import (
	"slices"
	"strings"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// elevationOfPrivilegeRules are the Elevation of privilege rules: gaining
// capabilities one was not granted — through a role's breadth, role
// chaining, a compromised workload's identity, a container escape, a missing
// authorization check, or the pipeline and IAM rights that change all the
// others.
//
// It is a table of rules, one Rule literal per rule, which is why it is
// long: each rule reads, and is edited, on its own.
func elevationOfPrivilegeRules() []Rule {
	return []Rule{
		{
			ID:       "TW-E-001",
			Foothold: true, // whoever holds the role, or controls the process, does it
			Category: ElevationOfPrivilege,
			Title:    "Over-broad role with wildcard permissions",
			Description: "The process acts with a role that grants wildcard actions or every resource; whoever " +
				"controls the process can do far more than its job needs, including things nobody reviewed.",
			AttackPaths: []string{
				"An over-broad execution role (the guide's attack path) used after code injection",
				"\"s3:*\" or \"*\" on \"*\" granting administration, deletion and policy changes",
			},
			Mitigations: []string{
				"Least-privilege IAM roles: named actions on named resources",
				"A permission boundary that caps what the role can ever be granted",
			},
			MitigatedBy:   []tm.Control{tm.PermissionBoundary},
			MitigatedWhen: itemRoleBounded(func(f grantFlags) bool { return f.wildcard }, "every wildcard action and resource"),
			CAPEC:         []int{122},
			CWE:           []int{250, 269},
			Kinds:         []tm.Kind{tm.Process},
			MatchEach: func(t *Target) []tm.Element {
				return rolesAsElements(effectiveRoles(t), func(r *tm.Role) bool { return t.roleFacts(r).wildcard })
			},
		},
		{
			ID:       "TW-E-002",
			Foothold: true, // whoever holds the role, or controls the process, does it
			Category: ElevationOfPrivilege,
			Title:    "Role chaining to another role",
			Description: "A role the process holds may assume another role; whoever controls the process acts " +
				"with the other role's permissions too, which reviews of the first role alone do not see.",
			AttackPaths: []string{
				"sts:AssumeRole from a compromised workload to a broader role",
				"A trust policy that admits more principals than intended",
			},
			Mitigations: []string{
				"Trust policies pinned to one principal (and, for workload identity, one service account)",
				"Permission boundaries on assumable roles; an SCP that denies unexpected role chaining",
			},
			MitigatedBy:   []tm.Control{tm.PermissionBoundary},
			MitigatedWhen: chainBounded,
			CAPEC:         []int{233},
			CWE:           []int{269},
			Kinds:         []tm.Kind{tm.Process},
			MatchEach: func(t *Target) []tm.Element {
				direct := directRoles(t)
				var next []*tm.Role
				for _, r := range direct {
					for _, o := range t.roleFacts(r).next {
						if !slices.Contains(direct, o) && t.roleFacts(o).grants {
							next = addRole(next, o)
						}
					}
				}
				return rolesAsElements(next, func(*tm.Role) bool { return true })
			},
		},
		{
			ID:       "TW-E-003",
			Foothold: true, // whoever holds the role, or controls the process, does it
			Category: ElevationOfPrivilege,
			Title:    "Execution role compromise reaches critical assets (IAM role compromise)",
			Description: "The process's role (or a role it may assume) grants access to critical data, code or " +
				"credentials; an attacker who compromises the process or the role's credentials inherits that access.",
			AttackPaths: []string{
				"Code injection in the workload, then calls with its role",
				"Role credentials stolen from the environment or the metadata endpoint and used elsewhere",
				"An over-broad execution role (the guide's attack path)",
			},
			Mitigations: []string{
				"Permission boundaries and policies scoped to the specific tables, buckets and keys",
				"Short-lived credentials; alerts on role use from unexpected networks",
			},
			MitigatedBy:   []tm.Control{tm.PermissionBoundary},
			MitigatedWhen: criticalGrantsBounded,
			CAPEC:         []int{122, 233},
			CWE:           []int{250, 269},
			Kinds:         []tm.Kind{tm.Process},
			MatchEach: func(t *Target) []tm.Element {
				return rolesAsElements(directRoles(t), func(r *tm.Role) bool { return len(criticalGrants(t, r)) > 0 })
			},
		},
		{
			ID:       "TW-E-004",
			Category: ElevationOfPrivilege,
			Title:    "Container escape to the host",
			Description: "The process runs in a container; code running in it that breaks out of the container " +
				"(kernel flaws, privileged settings, host mounts) controls the node and every workload and secret on it.",
			AttackPaths: []string{
				"A kernel or runtime vulnerability exploited from inside the container",
				"Running as root, privileged mode, added capabilities, or host path mounts",
				"A writable filesystem used to stage the exploit",
			},
			Mitigations: []string{
				"Non-root user, read-only root filesystem, all capabilities dropped, no privilege escalation",
				"A seccomp profile or a sandboxed runtime (gVisor, micro-VMs)",
			},
			MitigatedBy:    []tm.Control{tm.Sandboxing},
			MitigatedByAll: []tm.Control{tm.NonRootUser, tm.ReadOnlyFilesystem},
			CAPEC:          []int{233},
			CWE:            []int{250, 653},
			Kinds:          []tm.Kind{tm.Process},
			Match: func(t *Target) bool {
				return t.Component.IsA(tm.Container) ||
					slices.ContainsFunc(t.Dependencies(), func(d *tm.Dependency) bool { return d.Kind() == tm.BaseImage })
			},
		},
		{
			ID:       "TW-E-005",
			Category: ElevationOfPrivilege,
			Title:    "Privilege escalation through code running as the process's role",
			Description: "Input an attacker can reach is processed by code that acts with a role; an injection " +
				"flaw lets the attacker run their own actions with the role's permissions, far beyond what the API exposes.",
			AttackPaths: []string{
				"Code or command injection, unsafe deserialization, a vulnerable dependency",
				"The role's credentials read from the runtime and used directly",
			},
			Mitigations: []string{
				"Strict input validation, no dynamic evaluation of input",
				"Least-privilege roles so that code execution gains as little as possible",
			},
			MitigatedByAll: []tm.Control{tm.InputValidation, tm.LeastPrivilege},
			CAPEC:          []int{233, 242},
			CWE:            []int{94, 250},
			Kinds:          []tm.Kind{tm.Process},
			Match: func(t *Target) bool {
				c := t.Component
				return !c.Infrastructure() && t.Reachable() && len(incoming(c)) > 0 && len(directRoles(t)) > 0
			},
		},
		{
			ID:       "TW-E-006",
			Category: ElevationOfPrivilege,
			Title:    "Missing authorization on entry into a more trusted zone",
			Description: "Requests enter a more trusted zone, but nothing decides what the caller may do; any " +
				"authenticated (or anonymous) caller reaches every function, including administrative ones.",
			AttackPaths: []string{
				"Calling an administrative route with an ordinary user's token",
				"Changing a role or tenant field the server trusts",
			},
			Mitigations: []string{
				"Authorize every request against a policy (role-, attribute- or scope-based); deny by default",
				"Separate administrative interfaces and require stronger authorization for them",
			},
			MitigatedBy:   []tm.Control{tm.Authorization},
			MitigatedWhen: flowAuthorized,
			CAPEC:         []int{1, 122},
			CWE:           []int{862, 285},
			Kinds:         []tm.Kind{tm.Process},
			Scope:         PerIncomingFlow,
			Match: func(t *Target) bool {
				src, dst := t.Source, t.Component
				if !isRequest(t.Flow) || src == nil || isForwarder(dst) {
					return false
				}
				if signIn(t) {
					return false // signing in comes before any authorization
				}
				return isOutside(src) || t.Crossing.EntersFromLowerTrust()
			},
		},
		{
			ID:       "TW-E-007",
			Foothold: true, // whoever holds the role, or controls the process, does it
			Category: ElevationOfPrivilege,
			Title:    "Pipeline identity deploys to production with broad rights",
			Description: "The pipeline acts with a role that can change what runs in production; whoever controls " +
				"a workflow, a runner or the pipeline's credentials inherits those rights.",
			AttackPaths: []string{
				"A poisoned workflow or pull request runs with the deploy role",
				"A compromised third-party action exfiltrates the pipeline's credentials",
			},
			Mitigations: []string{
				"A deploy role scoped to the stack it deploys, with a permission boundary",
				"Short-lived OIDC credentials bound to protected branches and environments",
			},
			MitigatedBy:   []tm.Control{tm.PermissionBoundary},
			MitigatedWhen: itemRoleBounded(func(f grantFlags) bool { return f.changes }, "every right to change or delete"),
			CAPEC:         []int{122, 233},
			CWE:           []int{250, 269},
			Kinds:         []tm.Kind{tm.Process},
			MatchEach: func(t *Target) []tm.Element {
				if !t.Component.IsA(tm.Pipeline) {
					return nil
				}
				return rolesAsElements(effectiveRoles(t), func(r *tm.Role) bool { return t.roleFacts(r).changes })
			},
		},
		{
			ID:       "TW-E-008",
			Foothold: true, // whoever holds the role, or controls the process, does it
			Category: ElevationOfPrivilege,
			Title:    "Role can change permissions (iam:PassRole, policy or RBAC administration)",
			Description: "A role the process can act with may pass roles, change policies or bind roles; whoever " +
				"holds it can grant itself, or a resource it creates, any permission the account has.",
			AttackPaths: []string{
				"iam:PassRole to a new function or instance that runs with a more privileged role",
				"Attaching or rewriting a policy (iam:PutRolePolicy, CreatePolicyVersion, kms:PutKeyPolicy)",
				"Creating a ClusterRoleBinding to cluster-admin",
			},
			Mitigations: []string{
				"Permission boundaries that every role the holder creates or passes must carry",
				"Restrict PassRole to named roles; SCPs that deny IAM changes outside the pipeline",
			},
			MitigatedBy:   []tm.Control{tm.PermissionBoundary},
			MitigatedWhen: itemRoleBounded(func(f grantFlags) bool { return f.escalation }, "every action that changes permissions or passes a role to a service it can launch"),
			CAPEC:         []int{233, 122},
			CWE:           []int{269, 732},
			Kinds:         []tm.Kind{tm.Process},
			MatchEach: func(t *Target) []tm.Element {
				return rolesAsElements(effectiveRoles(t), func(r *tm.Role) bool { return t.roleFacts(r).escalation })
			},
		},
		{
			ID:       "TW-E-009",
			Foothold: true, // whoever holds the role, or controls the process, does it
			Category: ElevationOfPrivilege,
			Title:    "Role lets a less trusted component change a more trusted one",
			Description: "The process sits in a zone less trusted than something its role may change; " +
				"compromising the less trusted process is then a way into the more trusted zone, around its boundary.",
			AttackPaths: []string{
				"A compromised workload writes to the data plane or the control plane with its role",
				"A role's write access to a more trusted zone used to plant code or configuration",
			},
			Mitigations: []string{
				"Grant changes to more trusted zones only to components inside them, or through a reviewed interface",
				"Permission boundaries; conditions that restrict use to the expected network path",
			},
			MitigatedBy:   []tm.Control{tm.PermissionBoundary},
			MitigatedWhen: moreTrustedBounded,
			CAPEC:         []int{233},
			CWE:           []int{269},
			Kinds:         []tm.Kind{tm.Process},
			MatchEach: func(t *Target) []tm.Element {
				z := t.Component.Zone()
				if z == nil {
					return nil
				}
				return rolesAsElements(effectiveRoles(t), func(r *tm.Role) bool { return t.changesMoreTrustedThan(r, z) })
			},
		},
		{
			ID:       "TW-E-010",
			Category: ElevationOfPrivilege,
			Title:    "Untrusted deserialization runs the attacker's code",
			Description: "The process deserializes objects from data callers supply (Java or .NET serialization, " +
				"pickle, YAML with type tags). The data chooses which classes are built, and a gadget chain among " +
				"the process's libraries runs code with its identity and permissions.",
			AttackPaths: []string{
				"A serialized gadget chain (ysoserial, ysoserial.net) in a request, a cookie or a queued message",
				"A YAML document with a language type tag loaded by an unsafe loader",
				"A pickle loaded from a cache or a file a caller can write",
			},
			Mitigations: []string{
				"Do not deserialize native objects from untrusted data; exchange plain data (JSON) mapped onto known types",
				"Where it cannot be avoided: an allow-list of types, safe loaders, a signature checked before deserializing",
			},
			MitigatedBy: []tm.Control{tm.SafeDeserialization},
			Enforced:    EnforcedAtElement,
			CAPEC:       []int{586},
			CWE:         []int{502},
			Kinds:       []tm.Kind{tm.Process},
			Match:       func(t *Target) bool { return t.Parses(tm.SerializedObjects, tm.YAML) },
		},
		{
			ID:       "TW-E-011",
			Category: ElevationOfPrivilege,
			Title:    "Server-side template injection runs the attacker's code",
			Description: "The process renders templates whose text callers supply or influence. Template expressions " +
				"reach the engine's objects and from there the runtime, and run code with the process's identity.",
			AttackPaths: []string{
				"{{7*7}} in a user-editable email or page template, then an expression that reaches the runtime",
				"User input concatenated into a template's source instead of passed as data",
			},
			Mitigations: []string{
				"Keep template text in the code; pass caller input only as data to fixed templates",
				"Where users write templates: a logic-less or sandboxed engine that cannot reach the runtime",
			},
			MitigatedBy: []tm.Control{tm.TemplateSandboxing},
			Enforced:    EnforcedAtElement,
			CAPEC:       []int{242},
			CWE:         []int{1336, 94},
			Kinds:       []tm.Kind{tm.Process},
			Match:       func(t *Target) bool { return t.Parses(tm.Templates) },
		},
	}
}

// roleGrant is an allow permission of a role the process can act with.
type roleGrant struct {
	role *tm.Role
	perm *tm.Permission
}

// criticalGrants returns the allow permissions of r, and of the roles r may
// assume, that reach a critical resource. They are worked out once per role.
func criticalGrants(t *Target, r *tm.Role) []roleGrant {
	rf := t.roleFacts(r)
	if rf.criticalDone {
		return rf.critical
	}
	for _, role := range append([]*tm.Role{r}, rf.next...) {
		for _, g := range declaredGrants(role) {
			if criticalResource(t, g.res, g.access) {
				rf.critical = append(rf.critical, roleGrant{role, g.perm})
			}
		}
	}
	rf.criticalDone = true
	return rf.critical
}

// changesMoreTrustedThan reports whether a declared allow statement of r
// changes something more trusted than zone z (changesMoreTrusted), worked
// out once per role and zone.
func (t *Target) changesMoreTrustedThan(r *tm.Role, z *tm.Zone) bool {
	check := func() bool {
		return slices.ContainsFunc(declaredGrants(r), func(g grant) bool { return changesMoreTrusted(g, z) })
	}
	if t.ix == nil {
		return check()
	}
	k := roleZone{r, z}
	v, ok := t.ix.moreTrusted[k]
	if !ok {
		v = check()
		t.ix.moreTrusted[k] = v
	}
	return v
}

// moreTrustedBounded is the evidence that what the role the threat is
// about (Target.Item) can really do changes nothing more trusted than the
// process's zone.
func moreTrustedBounded(t *Target) string {
	r, ok := t.Item.(*tm.Role)
	z := t.Component.Zone()
	if !ok || r == nil || z == nil {
		return ""
	}
	really := slices.ContainsFunc(t.roleFacts(r).effGrants, func(g grant) bool { return changesMoreTrusted(g, z) })
	return boundedEvidence(t, r, grantFlags{changes: really}, func(f grantFlags) bool { return f.changes },
		"every change to a zone more trusted than "+z.Name())
}

// criticalResource reports whether the permission's resource is critical:
// a component whose impact is High, an asset rated High, a secret, every
// resource, or — for changes — a zone of trusted level or above.
func criticalResource(t *Target, res tm.Element, access tm.Access) bool {
	switch r := res.(type) {
	case *tm.Component:
		return r != nil && componentImpact(t, r) == tm.High
	case *tm.Asset:
		return AssetLevel(r) == tm.High
	case *tm.Secret:
		return r != nil
	case *tm.Zone:
		return r != nil && r.Trust() >= tm.Trusted && access&(tm.Write|tm.Delete|tm.Admin) != 0
	}
	return res == tm.AnyResource()
}

// criticalGrantsBounded is the evidence that no role through which the
// process reaches critical resources really does once its permission
// boundary, guardrails and denies are applied.
func criticalGrantsBounded(t *Target) string {
	r, ok := t.Item.(*tm.Role)
	if !ok || r == nil {
		return ""
	}
	var gs []*tm.Guardrail
	var names []string
	for _, role := range append([]*tm.Role{r}, t.roleFacts(r).next...) {
		names = append(names, role.Name())
		for _, g := range t.roleFacts(role).effGrants {
			if criticalResource(t, g.res, g.access) {
				return ""
			}
		}
		for _, g := range t.roleFacts(role).guards {
			if !slices.Contains(gs, g) {
				gs = append(gs, g)
			}
		}
	}
	if len(gs) == 0 {
		return "denies take away every access to critical resources"
	}
	return guardrailNames(gs) + " take away every access to critical resources of " + strings.Join(names, ", ")
}

// flowAuthorized is the evidence that the flow states how the destination
// authorizes the source.
func flowAuthorized(t *Target) string {
	if a := t.Flow.Authorization(); a.Authorized() {
		return "the flow is authorized (" + a.String() + ")"
	}
	return ""
}

// changesMoreTrusted reports whether the allow grant lets its holder,
// sitting in zone z, change something in a zone more trusted than z: a
// component there, the zone itself, or anything at all. Appending to a log
// store is what log stores are for, and does not count.
func changesMoreTrusted(g grant, z *tm.Zone) bool {
	if g.access&(tm.Write|tm.Delete|tm.Admin) == 0 {
		return false
	}
	var target *tm.Zone
	switch r := g.res.(type) {
	case *tm.Component:
		if r == nil || HoldsLogs(r) && g.access&(tm.Delete|tm.Admin) == 0 {
			return false
		}
		target = r.Zone()
	case *tm.Zone:
		target = r
	default:
		return g.res == tm.AnyResource() && z.Trust() < tm.HighlyTrusted
	}
	return target != nil && target.Trust() > z.Trust()
}
