package threatmodel_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	tm "github.com/threatwright/threatwright/threatmodel"
)

func TestActionAccess(t *testing.T) {
	const (
		r   = tm.Read
		w   = tm.Write
		d   = tm.Delete
		a   = tm.Admin
		all = r | w | d | a
	)
	for _, tc := range []struct {
		action string
		want   tm.Access
	}{
		{"dynamodb:GetItem", r},
		{"dynamodb:Query", r},
		{"dynamodb:Scan", r},
		{"s3:ListBucket", r},
		{"ec2:DescribeInstances", r},
		{"kms:Decrypt", r},
		{"sqs:ReceiveMessage", r},
		{"dynamodb:BatchGetItem", r},
		{"dynamodb:PutItem", w},
		{"dynamodb:UpdateItem", w},
		{"dynamodb:BatchWriteItem", w},
		{"lambda:InvokeFunction", w},
		{"sns:Publish", w},
		{"s3:PutObject", w},
		{"logs:CreateLogStream", w},
		{"kms:Encrypt", w},
		{"apigateway:POST", w},
		{"dynamodb:DeleteItem", d},
		{"s3:DeleteObject", d},
		{"ec2:TerminateInstances", d},
		{"sqs:PurgeQueue", d},
		{"iam:CreateUser", a},
		{"iam:GetRole", r},
		{"sts:AssumeRole", a},
		{"iam:PassRole", tm.Pass},
		{"s3:PutBucketPolicy", a},
		{"kms:PutKeyPolicy", a},
		{"iam:AttachRolePolicy", a},
		{"kms:CreateGrant", a}, // lets another principal use the key
		{"sts:GetCallerIdentity", r},
		{"*", all | tm.Pass},
		{"iam:*", all | tm.Pass},
		{"s3:*", all},
		{"", all},
		{"dynamodb:Get*", r},
		{"dynamodb:Delete*", d},
		{"s3:Put*", w},
		{"dynamodb:B*", r | w},
		{"ssm:Frobnicate", w},
		{"  s3:GetObject  ", r},
		{"GetObject", r},
		{"rds-db:connect", w},
	} {
		if got := tm.ActionAccess(tc.action); got != tc.want {
			t.Errorf("ActionAccess(%q) = %v, want %v", tc.action, got, tc.want)
		}
	}
}

func TestAccessString(t *testing.T) {
	for _, tc := range []struct {
		a    tm.Access
		want string
	}{
		{0, "none"},
		{tm.Read, "read"},
		{tm.Read | tm.Write, "read/write"},
		{tm.Delete | tm.Admin, "delete/admin"},
		{tm.Read | tm.Write | tm.Delete | tm.Admin, "read/write/delete/admin"},
	} {
		if got := tc.a.String(); got != tc.want {
			t.Errorf("Access(%d).String() = %q, want %q", tc.a, got, tc.want)
		}
	}
}

func TestPermissions(t *testing.T) {
	f := newFixture()
	p := f.role.Allow(f.db, "rds:DescribeDBInstances", "rds:DeleteDBInstance")
	if got, want := p.Access(), tm.Read|tm.Delete; got != want {
		t.Errorf("Access() = %v, want %v", got, want)
	}
	if p.Wildcard() {
		t.Error("Wildcard() = true for named actions on a named resource")
	}
	if p.Role() != f.role || p.Effect() != tm.Allow || p.Resource() != tm.Element(f.db) {
		t.Error("Role, Effect or Resource do not match the declaration")
	}
	if diff := cmp.Diff([]string{"rds:DescribeDBInstances", "rds:DeleteDBInstance"}, p.Actions()); diff != "" {
		t.Errorf("Actions() (-want +got):\n%s", diff)
	}
	if !f.role.Allow(tm.AnyResource(), "s3:GetObject").Wildcard() {
		t.Error("Wildcard() = false for the wildcard resource")
	}
	if !f.role.Deny(f.db, "rds:*").Wildcard() {
		t.Error("Wildcard() = false for a wildcard action")
	}
	if got := len(f.role.Permissions()); got != 4 {
		t.Errorf("len(Permissions()) = %d, want 4", got)
	}
	if got := tm.AnyResource().Path(); got != `"*"` {
		t.Errorf("AnyResource().Path() = %q", got)
	}
	admin := f.m.Role("Admin")
	admin.Allow(tm.AnyResource(), "*")
	f.role.CanAssume(admin)
	if len(f.role.Assumes()) != 1 || f.role.Assumes()[0] != admin || admin.AssumableBy()[0] != f.role {
		t.Error("CanAssume is not recorded on both roles")
	}
	if got := f.role.AssumedBy(); len(got) != 1 || got[0] != f.api {
		t.Errorf("AssumedBy() = %v, want the orders service", got)
	}
	if got := f.api.Roles(); len(got) != 1 || got[0] != f.role {
		t.Errorf("Roles() = %v, want the orders service role", got)
	}
}
