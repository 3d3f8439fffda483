package reach_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// techniqueCase builds a model where an attacker role holds a technique's
// permissions, changed by the options, and returns the technique IDs of
// the escalation findings about the technique's target.
type techniqueCase struct {
	drop      string // a permission left out
	deny      string // a permission denied on every resource
	boundary  string // a permission the attacker's permission boundary leaves out
	passOther bool   // iam:PassRole on another role, not the target
	unbound   bool   // the process to take over runs as no role
	trust     trust  // the target role's trust policy
}

// trust is the trust policy a technique case gives its target role.
type trust uint8

const (
	trustUnstated trust = iota // no trust policy: trusts every service and role
	trustRight                 // names the technique's service and the attacker
	trustWrong                 // names another service and no role
)

func (c techniqueCase) ids(t *testing.T, tc reach.Technique) []string {
	t.Helper()
	m := tm.New("Techniques")
	acct := m.Zone("Account", tm.Trusted)
	jewels := m.DataAsset("Crown jewels", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
	table := m.DataStore("Jewels table", acct, tm.Technology("Amazon DynamoDB"), tm.Stores(jewels))
	var trustOpts []tm.RoleOption
	switch c.trust {
	case trustRight:
		trustOpts = append(trustOpts, tm.TrustsServices(tc.Service))
	case trustWrong:
		trustOpts = append(trustOpts, tm.TrustsServices("other.amazonaws.com"))
	}
	target := m.Role("Target role", trustOpts...)
	target.Allow(table, "dynamodb:GetItem", "dynamodb:PutItem")
	other := m.Role("Other role")
	other.Allow(table, "dynamodb:GetItem")

	var opts []tm.RoleOption
	if c.boundary != "" {
		g := m.Guardrail("Boundary")
		g.Allow(tm.AnyResource(), "s3:GetObject")
		var keep []string
		for _, p := range tc.Permissions {
			if p != c.boundary {
				keep = append(keep, p)
			}
		}
		if len(keep) > 0 {
			g.Allow(tm.AnyResource(), keep...)
		}
		opts = append(opts, tm.WithPermissionBoundary(g))
	}
	attacker := m.Role("Attacker role", opts...)
	if c.trust == trustRight {
		target.Trusts(attacker)
	}
	if c.deny != "" {
		attacker.Deny(tm.AnyResource(), c.deny)
	}
	var perms []string
	for _, p := range tc.Permissions {
		if p != c.drop {
			perms = append(perms, p)
		}
	}
	allow := func(res tm.Element, acts ...string) {
		if len(acts) > 0 {
			attacker.Allow(res, acts...)
		}
	}
	var about tm.Element
	switch tc.Preconditions {
	case reach.OnSelf:
		allow(attacker, perms...)
		about = attacker
	case reach.OnOtherPrincipal:
		allow(target, perms...)
		about = target
	case reach.PassableRole:
		var create []string
		for _, p := range perms {
			if p == "iam:PassRole" {
				if c.passOther {
					allow(other, p)
				} else {
					allow(target, p)
				}
				continue
			}
			create = append(create, p)
		}
		allow(tm.AnyResource(), create...)
		about = target
	case reach.BoundResource:
		svc, _, _ := strings.Cut(tc.Permissions[0], ":")
		proc := m.Process("Workload", acct, tm.Technology("AWS "+svc))
		if !c.unbound {
			proc.RunsAs(target)
		}
		allow(proc, perms...)
		about = proc
	}
	res := analyze(t, m)
	var ids []string
	for _, f := range res.Findings {
		if f.Code == tm.CodeEscalation && f.Target == about {
			ids = append(ids, f.Techniques...)
			if len(f.Techniques) > 0 && !strings.Contains(f.Message, f.Techniques[0]) {
				t.Errorf("%s: message does not cite %s: %s", tc.ID, f.Techniques[0], f.Message)
			}
		}
	}
	return ids
}

// TestTechniques is the oracle of the catalogue, one case per technique:
// granting exactly its permissions escalates (RCH004 citing it); leaving
// any one out, denying any one, or a permission boundary without any one
// does not; nor, for passing a role, iam:PassRole on another role; nor,
// for taking a resource over, a process that runs as no role.
func TestTechniques(t *testing.T) {
	for _, tc := range reach.Techniques() {
		if tc.Platform != reach.AWS {
			continue // TestPlatformTechniques
		}
		t.Run(tc.ID, func(t *testing.T) {
			if ids := (techniqueCase{}).ids(t, tc); !slices.Contains(ids, tc.ID) {
				t.Fatalf("exactly the permissions %v: techniques %v, want %s", tc.Permissions, ids, tc.ID)
			}
			for _, p := range tc.Permissions {
				for name, c := range map[string]techniqueCase{
					"without": {drop: p}, "denying": {deny: p}, "a boundary without": {boundary: p},
				} {
					if ids := c.ids(t, tc); slices.Contains(ids, tc.ID) {
						t.Errorf("%s %s: techniques %v still cite %s", name, p, ids, tc.ID)
					}
				}
			}
			switch tc.Preconditions {
			case reach.PassableRole:
				if ids := (techniqueCase{passOther: true}).ids(t, tc); slices.Contains(ids, tc.ID) {
					t.Errorf("iam:PassRole on another role: techniques %v still cite %s", ids, tc.ID)
				}
			case reach.BoundResource:
				if ids := (techniqueCase{unbound: true}).ids(t, tc); slices.Contains(ids, tc.ID) {
					t.Errorf("a process bound to no role: techniques %v still cite %s", ids, tc.ID)
				}
			}
			if tc.Preconditions&(reach.PassableRole|reach.OnOtherPrincipal) != 0 {
				checkTrust(t, tc)
			}
		})
	}
}

// checkTrust: a technique on another role still applies when the role's
// trust policy names the technique's service and the attacker; when it
// names neither, a technique that passes the role to the service or
// assumes it (sts:AssumeRole) does not, and one that rewrites the role's
// permissions or trust policy still does.
func checkTrust(t *testing.T, tc reach.Technique) {
	t.Helper()
	if ids := (techniqueCase{trust: trustRight}).ids(t, tc); !slices.Contains(ids, tc.ID) {
		t.Errorf("a trust policy naming %q and the attacker: techniques %v, want %s", tc.Service, ids, tc.ID)
	}
	needsTrust := tc.Preconditions&reach.PassableRole != 0 && tc.Service != "" ||
		slices.ContainsFunc(tc.Permissions, func(p string) bool { return strings.HasPrefix(strings.ToLower(p), "sts:assumerole") })
	if ids := (techniqueCase{trust: trustWrong}).ids(t, tc); slices.Contains(ids, tc.ID) != !needsTrust {
		t.Errorf("a trust policy naming another service and no role: techniques %v; %s should apply: %v", ids, tc.ID, !needsTrust)
	}
}

// escalationTo returns the escalation findings about an element.
func escalationTo(res *reach.Result, el tm.Element) []reach.Finding {
	var out []reach.Finding
	for _, f := range res.Findings {
		if f.Code == tm.CodeEscalation && f.Target == el {
			out = append(out, f)
		}
	}
	return out
}

// TestTechniquesBeside checks how the catalogue sits beside the
// hand-written rules: a way to a role that no technique lists still
// escalates, without a technique; a deny of one action inside an allowed
// wildcard breaks the techniques that need it and only those; a wildcard
// over a Kubernetes workload is a Kubernetes technique, no AWS one; a role that can change
// its own permissions escalates to what it does not reach, within its
// permission boundary, and one that already reaches everything does not.
func TestTechniquesBeside(t *testing.T) {
	m := tm.New("Beside")
	acct := m.Zone("Account", tm.Trusted)
	cluster := m.Zone("Cluster", tm.Trusted)
	jewels := m.DataAsset("Crown jewels", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
	table := m.DataStore("Jewels table", acct, tm.Technology("Amazon DynamoDB"), tm.Stores(jewels))
	target := m.Role("Target role")
	target.Allow(table, "dynamodb:GetItem")
	pod := m.Process("API pod", cluster, tm.Technology("Kubernetes Deployment"))
	pod.RunsAs(target)

	generic := m.Role("Generic role")
	generic.Allow(target, "iam:PassRole")
	generic.Allow(tm.AnyResource(), "lambda:CreateFunction")

	wild := m.Role("Wildcard role")
	wild.Allow(target, "iam:PassRole")
	wild.Allow(tm.AnyResource(), "lambda:*")
	wild.Deny(tm.AnyResource(), "lambda:InvokeFunction")

	argo := m.Role("Cluster admin")
	argo.Allow(cluster, "*")

	selfish := m.Role("Self-editing role")
	selfish.Allow(selfish, "iam:PutRolePolicy")

	admin := m.Role("Admin role")
	admin.Allow(tm.AnyResource(), "*")

	audit := m.DataStore("Audit logs", acct, tm.Technology("Amazon S3"))
	bounded := m.Guardrail("Self-editing boundary")
	bounded.Allow(table, "dynamodb:GetItem")
	capped := m.Role("Capped self-editing role", tm.WithPermissionBoundary(bounded))
	bounded.Allow(capped, "iam:PutRolePolicy")
	capped.Allow(capped, "iam:PutRolePolicy")

	res := analyze(t, m)
	byRole := func(r *tm.Role, el tm.Element) []reach.Finding {
		var out []reach.Finding
		for _, f := range escalationTo(res, el) {
			if f.Role == r {
				out = append(out, f)
			}
		}
		return out
	}
	if fs := byRole(generic, target); len(fs) != 1 || len(fs[0].Techniques) != 0 {
		t.Errorf("iam:PassRole and lambda:CreateFunction alone: %+v, want the generic escalation with no technique", fs)
	}
	if fs := byRole(wild, target); len(fs) != 1 || !slices.Equal(fs[0].Techniques, []string{"lambda-002", "lambda-006"}) {
		t.Errorf("lambda:* less lambda:InvokeFunction: %+v, want lambda-002 and lambda-006", fs)
	}
	if fs := byRole(argo, pod); len(fs) != 1 || len(fs[0].Techniques) == 0 ||
		slices.ContainsFunc(fs[0].Techniques, func(id string) bool { return !strings.HasPrefix(id, "k8s-") }) {
		t.Errorf("* over a Kubernetes workload: %+v, want the takeover with Kubernetes techniques only", fs)
	}
	fs := byRole(selfish, selfish)
	if len(fs) != 1 || !slices.Equal(fs[0].Techniques, []string{"iam-005"}) || !strings.Contains(fs[0].Message, "iam-005") ||
		!slices.ContainsFunc(fs[0].Gains, func(e reach.Entry) bool { return e.Element == jewels }) {
		t.Fatalf("iam:PutRolePolicy on itself: %+v, want iam-005 gaining the crown jewels", fs)
	}
	if slices.ContainsFunc(fs[0].Gains, func(e reach.Entry) bool { return e.Element == selfish }) {
		t.Errorf("the self-editing role lists itself among its gains")
	}
	if fs[0].Path != `roles["Self-editing role"].permissions[0]` || fs[0].Permission == nil {
		t.Errorf("self-escalation located at %s", fs[0].Path)
	}
	if !slices.ContainsFunc(fs[0].Gains, func(e reach.Entry) bool { return e.Element == audit }) {
		t.Errorf("iam:PutRolePolicy on itself without a boundary does not gain the audit logs: %v", elPaths(fs[0].Gains))
	}
	fs = byRole(capped, capped)
	if len(fs) != 1 || slices.ContainsFunc(fs[0].Gains, func(e reach.Entry) bool { return e.Element == audit }) ||
		!slices.ContainsFunc(fs[0].Gains, func(e reach.Entry) bool { return e.Element == jewels && e.Access == tm.Read }) {
		t.Errorf("a boundary caps what a role grants itself: %+v, want reading the crown jewels only", fs)
	}
	// The blast radius says the same: what the role can grant itself.
	if e, ok := res.Role(selfish).BlastRadius.Find(jewels); !ok || e.Access&tm.Read == 0 || !slices.Contains(e.Via, selfish.Permissions()[0]) {
		t.Errorf("the self-editing role's blast radius lacks the crown jewels: %+v", e)
	}
	if _, ok := res.Role(capped).BlastRadius.Find(audit); ok {
		t.Errorf("the capped role's blast radius reaches the audit logs beyond its boundary")
	}
	if e, ok := res.Role(capped).BlastRadius.Find(jewels); !ok || e.Access != tm.Read {
		t.Errorf("the capped role's blast radius: crown jewels %+v, want read", e)
	}
	if fs := byRole(admin, admin); len(fs) != 0 {
		t.Errorf("a role that reaches everything escalates to itself: %+v", fs)
	}
}
