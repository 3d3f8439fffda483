package threatmodel_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestTrustPolicy: a role without a trust policy trusts every service and
// role; one with a policy trusts only what it names, services compared
// without case or surrounding space.
func TestTrustPolicy(t *testing.T) {
	m := tm.New("m")
	open := m.Role("Open")
	exec := m.Role("Exec", tm.TrustsServices(" Lambda.amazonaws.com", "lambda.amazonaws.com"))
	deployer := m.Role("Deployer")
	exec.Trusts(deployer, deployer)
	closed := m.Role("Closed", tm.TrustsServices())

	for _, c := range []struct {
		role     *tm.Role
		declared bool
		service  bool
		byRole   bool
	}{
		{open, false, true, true},
		{exec, true, true, true},
		{closed, true, false, false},
	} {
		if got := c.role.DeclaresTrust(); got != c.declared {
			t.Errorf("%s: DeclaresTrust() = %v, want %v", c.role.Name(), got, c.declared)
		}
		if got := c.role.TrustsService("lambda.amazonaws.com"); got != c.service {
			t.Errorf("%s: TrustsService(lambda) = %v, want %v", c.role.Name(), got, c.service)
		}
		if got := c.role.TrustsRole(deployer); got != c.byRole {
			t.Errorf("%s: TrustsRole(Deployer) = %v, want %v", c.role.Name(), got, c.byRole)
		}
	}
	if exec.TrustsService("ec2.amazonaws.com") || exec.TrustsRole(open) {
		t.Error("Exec trusts what its policy does not name")
	}
	if diff := cmp.Diff([]string{"lambda.amazonaws.com"}, exec.TrustedServices()); diff != "" {
		t.Errorf("TrustedServices (-want +got):\n%s", diff)
	}
	if got := exec.TrustedRoles(); len(got) != 1 || got[0] != deployer {
		t.Errorf("TrustedRoles() = %v, want [Deployer]", got)
	}
	var nilRole *tm.Role
	if nilRole.DeclaresTrust() || nilRole.TrustsService("x") || nilRole.TrustsRole(open) {
		t.Error("a nil role trusts something")
	}
}

// TestResourcePolicy: a statement of a bucket's policy that names a role
// is among the role's effective permissions, within its boundary; a deny
// in the policy takes the action away; the statements are the
// component's Policy and the role's ResourceGrants, not its Permissions.
func TestResourcePolicy(t *testing.T) {
	m := tm.New("m")
	z := m.Zone("Account", tm.Trusted)
	bucket := m.DataStore("Reports bucket", z, tm.Technology("Amazon S3"))
	other := m.DataStore("Other bucket", z, tm.Technology("Amazon S3"))
	boundary := m.Guardrail("Boundary")
	boundary.Allow(bucket, "s3:GetObject", "s3:PutObject")
	r := m.Role("Reader", tm.WithPermissionBoundary(boundary))
	r.Allow(other, "s3:GetObject")
	get := bucket.Allow(r, "s3:GetObject", "s3:PutObject", "s3:DeleteObject")
	bucket.Deny(r, "s3:PutObject")

	if got, want := get.Path(), `components["Reports bucket"].policy[0]`; got != want {
		t.Errorf("Path() = %q, want %q", got, want)
	}
	if get.PolicyOf() != bucket || get.Role() != r {
		t.Errorf("PolicyOf() = %v, Role() = %v", get.PolicyOf(), get.Role())
	}
	if len(r.Permissions()) != 1 || len(r.ResourceGrants()) != 2 || len(bucket.Policy()) != 2 {
		t.Fatalf("permissions %d, grants %d, policy %d", len(r.Permissions()), len(r.ResourceGrants()), len(bucket.Policy()))
	}
	var got []effView
	for _, e := range r.Effective() {
		got = append(got, effView{e.Resource.Name(), e.Actions})
	}
	// The boundary allows nothing on the other bucket, and the policy's
	// deny takes PutObject; DeleteObject is outside the boundary.
	want := []effView{{"Reports bucket", []string{"s3:GetObject"}}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(effView{})); diff != "" {
		t.Errorf("Effective (-want +got):\n%s", diff)
	}
	if got := r.Permissions()[0].Path(); got != `roles["Reader"].permissions[0]` {
		t.Errorf("a role statement's Path() = %q", got)
	}
}

// TestResourcePolicyMisuse: a policy statement for a nil role, or on a nil
// component, is recorded, not a panic.
func TestResourcePolicyMisuse(t *testing.T) {
	m := tm.New("m")
	z := m.Zone("Account", tm.Trusted)
	bucket := m.DataStore("Bucket", z)
	r := m.Role("Reader")
	bucket.Allow(nil, "s3:GetObject")
	var none *tm.Component
	none.Allow(r, "s3:GetObject")
	bucket.Allow(r)
	var codes []tm.Code
	for _, f := range m.Findings() {
		codes = append(codes, f.Code)
	}
	for _, want := range []tm.Code{tm.CodeNilReference, tm.CodeEmptyName} {
		if !slices.Contains(codes, want) {
			t.Errorf("findings %v lack %s", codes, want)
		}
	}
}

// A trust policy says who may assume a role: the services that run
// compute as it and the roles it names. A role without one trusts
// everything, and the analysis errs wide.
func ExampleTrustsServices() {
	m := tm.New("Shop")
	exec := m.Role("Function role", tm.TrustsServices("lambda.amazonaws.com"))
	deployer := m.Role("Deploy role")
	admin := m.Role("Admin role")
	admin.Trusts(deployer)

	fmt.Println(exec.TrustsService("lambda.amazonaws.com"), exec.TrustsService("ec2.amazonaws.com"))
	fmt.Println(admin.TrustsRole(deployer), admin.TrustsRole(exec))
	fmt.Println(deployer.DeclaresTrust(), deployer.TrustsService("ec2.amazonaws.com"))
	// Output:
	// true false
	// true false
	// false true
}
