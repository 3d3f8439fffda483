package reach_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// trustModel is an application role, a more privileged admin role whose
// trust policy is set by the options, and the tables each reads.
type trustModel struct {
	m          *tm.Model
	app, admin *tm.Role
	secrets    *tm.Component
}

func newTrustModel(adminOpts ...tm.RoleOption) trustModel {
	m := tm.New("Trust")
	acct := m.Zone("Account", tm.Trusted)
	orders := m.DataAsset("Orders", tm.Value(tm.Medium))
	keys := m.DataAsset("Signing keys", tm.Value(tm.VeryHigh), tm.RiskLevel(tm.Critical))
	table := m.DataStore("Orders table", acct, tm.Technology("Amazon DynamoDB"), tm.Stores(orders))
	secrets := m.DataStore("Key store", acct, tm.Technology("Amazon S3"), tm.Stores(keys))
	app := m.Role("App role")
	app.Allow(table, "dynamodb:GetItem")
	admin := m.Role("Admin role", adminOpts...)
	admin.Allow(secrets, "s3:GetObject")
	fn := m.Process("Function", acct, tm.RunBy("lambda.amazonaws.com"))
	fn.RunsAs(app)
	return trustModel{m, app, admin, secrets}
}

// reaches reports whether the app role's blast radius holds the key store.
func (tr trustModel) reaches(t *testing.T) bool {
	t.Helper()
	_, ok := analyze(t, tr.m).Role(tr.app).Find(tr.secrets)
	return ok
}

// TestTrustPolicyDecidesAssumption: sts:AssumeRole on the admin role leads
// to it when the admin role declares no trust policy or names the app
// role, and not when its policy names someone else; a trust policy that
// names the app role lets it in without any permission, and the
// escalation finding points at that policy; rewriting the trust policy
// (iam:UpdateAssumeRolePolicy) leads there whatever it says.
func TestTrustPolicyDecidesAssumption(t *testing.T) {
	t.Run("no trust policy", func(t *testing.T) {
		tr := newTrustModel()
		tr.app.Allow(tr.admin, "sts:AssumeRole")
		if !tr.reaches(t) {
			t.Error("sts:AssumeRole on a role without a trust policy does not reach its store")
		}
	})
	t.Run("trust policy naming another role", func(t *testing.T) {
		tr := newTrustModel(tm.TrustsServices())
		tr.admin.Trusts(tr.m.Role("Break-glass role"))
		tr.app.Allow(tr.admin, "sts:AssumeRole")
		if tr.reaches(t) {
			t.Error("sts:AssumeRole reaches through a trust policy that does not name the role")
		}
	})
	t.Run("trust policy naming the role, no permission", func(t *testing.T) {
		tr := newTrustModel()
		tr.admin.Trusts(tr.app)
		res := analyze(t, tr.m)
		if _, ok := res.Role(tr.app).Find(tr.secrets); !ok {
			t.Fatal("a trust policy naming the role does not let it reach the admin role's store")
		}
		var got []string
		for _, f := range escalationTo(res, tr.admin) {
			got = append(got, f.Path)
			if !strings.Contains(f.Message, `through the trust policy of roles["Admin role"]`) {
				t.Errorf("message does not name the trust policy: %s", f.Message)
			}
		}
		if diff := cmp.Diff([]string{`roles["Admin role"].trust`}, got); diff != "" {
			t.Errorf("escalation paths (-want +got):\n%s", diff)
		}
	})
	t.Run("rewriting the trust policy", func(t *testing.T) {
		tr := newTrustModel(tm.TrustsServices("ec2.amazonaws.com"))
		tr.app.Allow(tr.admin, "iam:UpdateAssumeRolePolicy")
		if !tr.reaches(t) {
			t.Error("iam:UpdateAssumeRolePolicy on the role does not lead to it")
		}
	})
}

// TestTrustPolicyDecidesPassRole: passing the admin role to a new Lambda
// function escalates (technique lambda-001) only while the role trusts
// lambda.amazonaws.com.
func TestTrustPolicyDecidesPassRole(t *testing.T) {
	for _, c := range []struct {
		name string
		opts []tm.RoleOption
		want bool
	}{
		{"no trust policy", nil, true},
		{"trusts Lambda", []tm.RoleOption{tm.TrustsServices("lambda.amazonaws.com")}, true},
		{"trusts only EC2", []tm.RoleOption{tm.TrustsServices("ec2.amazonaws.com")}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := newTrustModel(c.opts...)
			tr.app.Allow(tr.admin, "iam:PassRole")
			tr.app.Allow(tm.AnyResource(), "lambda:CreateFunction", "lambda:InvokeFunction")
			res := analyze(t, tr.m)
			var ids []string
			for _, f := range escalationTo(res, tr.admin) {
				ids = append(ids, f.Techniques...)
			}
			if got := slices.Contains(ids, "lambda-001"); got != c.want {
				t.Errorf("techniques %v; lambda-001 applies: %v, want %v", ids, got, c.want)
			}
		})
	}
}

// TestResourcePolicyReach: a statement of the key store's resource policy
// naming the app role gives the role the store, as its own permission
// would, and a deny in the policy takes it away; the role's own
// least-privilege findings do not judge the policy's statement.
func TestResourcePolicyReach(t *testing.T) {
	tr := newTrustModel()
	grant := tr.secrets.Allow(tr.app, "s3:GetObject")
	res := analyze(t, tr.m)
	e, ok := res.Role(tr.app).Find(tr.secrets)
	if !ok {
		t.Fatal("the resource policy's grant does not reach the store")
	}
	if e.Access != tm.Read || len(e.Via) != 1 || e.Via[0] != grant {
		t.Errorf("entry access %v via %v, want read via the policy statement", e.Access, e.Via)
	}
	for _, f := range res.RoleFindings(tr.app) {
		if f.Permission == grant {
			t.Errorf("a least-privilege finding judges the resource policy's statement: %s %s", f.Code, f.Message)
		}
	}

	tr = newTrustModel()
	tr.secrets.Allow(tr.app, "s3:GetObject")
	tr.secrets.Deny(tr.app, "s3:*")
	if tr.reaches(t) {
		t.Error("a deny in the resource policy leaves the grant")
	}
}
