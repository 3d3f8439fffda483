package iam

import "testing"

// TestMeaning states what each action means: one row per action, one
// column per property.
func TestMeaning(t *testing.T) {
	const (
		R, W, D, A, P = Read, Write, Delete, Admin, Pass
		all           = R | W | D | A
	)
	tests := []struct {
		action                                      string
		access                                      Access
		actsAs, passes, launches, changes, modifies bool
	}{
		// AWS data actions.
		{"dynamodb:GetItem", R, false, false, false, false, false},
		{"dynamodb:PutItem", W, false, false, false, false, false},
		{"dynamodb:DeleteTable", D, false, false, false, false, false},
		{"dynamodb:Get*", R, false, false, false, false, false},
		{"dynamodb:*", all, false, false, false, false, true},
		{"dynamodb:*Item", all, false, false, false, false, true},
		{" DynamoDB:getitem ", R, false, false, false, false, false},
		{"s3:GetBucketPolicy", R, false, false, false, false, false},
		{"s3:PutBucketPolicy", A, false, false, false, true, true},
		{"s3:*", all, false, false, false, false, true},
		{"kms:Decrypt", R, false, false, false, false, false},
		{"kms:CreateGrant", A, false, false, false, true, true},
		{"kms:PutKeyPolicy", A, false, false, false, true, true},
		{"logs:PutLogEvents", W, false, false, false, false, false},
		{"sqs:SendMessage", W, false, false, false, false, false},
		// AWS IAM and STS.
		{"iam:PassRole", P, false, true, false, false, false},
		{"IAM:passrole", P, false, true, false, false, false},
		{"iam:GetRole", R, false, false, false, false, false},
		{"iam:ListRoles", R, false, false, false, false, false},
		{"iam:PutRolePolicy", A, false, false, false, true, true},
		{"iam:AttachRolePolicy", A, false, false, false, true, true},
		{"iam:UpdateAssumeRolePolicy", A, false, false, false, true, true},
		{"iam:CreateAccessKey", A, false, false, false, true, true},
		{"iam:*", all | P, false, true, false, true, true},
		{"iam:Pass*", P, false, true, false, false, false},
		{"iam:Get*", R, false, false, false, false, false},
		{"sts:AssumeRole", A, true, false, false, false, true},
		{"sts:AssumeRoleWithWebIdentity", A, true, false, false, false, true},
		{"sts:*", all, true, false, false, false, true},
		{"sts:GetCallerIdentity", R, false, false, false, false, false},
		{"*", all | P, true, true, true, true, true},
		{"*:*", all | P, true, true, true, true, true},
		// Compute: launching with a passed role, changing code.
		{"lambda:CreateFunction", W, false, false, true, false, true},
		{"lambda:UpdateFunctionConfiguration", W, false, false, true, false, true},
		{"lambda:UpdateFunctionCode", W, false, false, false, false, true},
		{"lambda:InvokeFunction", W, false, false, false, false, false},
		{"lambda:GetFunction", R, false, false, false, false, false},
		{"lambda:Update*", W, false, false, true, false, true},
		{"lambda:PutFunctionPolicy", A, false, false, false, true, true},
		{"ec2:RunInstances", W, false, false, true, false, false},
		{"ecs:RegisterTaskDefinition", W, false, false, true, false, true},
		{"cloudformation:CreateStack", W, false, false, true, false, false},
		{"apigateway:PUT", W, false, false, false, false, true},
		{"apigateway:GET", R, false, false, false, false, false},
		{"ssm:SendCommand", W, false, false, false, false, true},
		{"states:StartExecution", W, false, false, false, false, false},
		// Kubernetes, as resource:verb.
		{"pods:get", R, false, false, false, false, false},
		{"pods:watch", R, false, false, false, false, false},
		{"pods:create", W, false, false, false, false, true},
		{"pods/exec:create", W, false, false, false, false, true},
		{"pods/log:get", R, false, false, false, false, false},
		{"deployments:update", W, false, false, false, false, true},
		{"deployments:*", all, false, false, false, false, true},
		{"*:update", W, false, false, false, false, true},
		{"secrets:get", R, false, false, false, false, false},
		{"nodes:update", W, false, false, false, false, false},
		{"serviceaccounts:impersonate", A, true, false, false, false, true},
		{"users:impersonate", A, true, false, false, false, true},
		{"clusterrolebindings:create", A, false, false, false, true, true},
		{"clusterroles:*", all, false, false, false, true, true},
		{"roles:escalate", A, false, false, false, true, true},
		{"clusterroles:bind", A, false, false, false, true, true},
		{"groups:impersonate", A, true, false, false, false, true},
		{"serviceaccounts/token:create", A, true, false, false, false, true},
		{"nodes/proxy:get", R, false, false, false, false, true},
		{"pods/attach:create", W, false, false, false, false, true},
		{"pods/ephemeralcontainers:patch", W, false, false, false, false, true},
		{"pods:*", all, false, false, false, false, true},
		{"rolebindings:get", R, false, false, false, false, false},
		{"bind", A, false, false, false, true, true},
		// Google Cloud.
		{"storage.objects.get", R, false, false, false, false, false},
		{"storage.objects.delete", D, false, false, false, false, false},
		// actAs is Google Cloud's PassRole: a pass, an escalation only
		// with an action that launches a resource as the account.
		{"iam.serviceAccounts.actAs", P, false, true, false, false, false},
		{"iam.serviceAccounts.*", all | P, true, true, false, true, true},
		{"iam.serviceAccounts.getAccessToken", A, true, false, false, false, true},
		{"iam.serviceAccounts.signJwt", A, true, false, false, false, true},
		{"iam.serviceAccounts.signBlob", A, true, false, false, false, true},
		{"iam.serviceAccounts.implicitDelegation", A, true, false, false, false, true},
		{"iam.serviceAccountKeys.create", A, true, false, false, false, true},
		{"iam.serviceAccounts.setIamPolicy", A, false, false, false, true, true},
		{"iam.serviceAccounts.get", R, false, false, false, false, false},
		{"iam.roles.create", A, false, false, false, true, true},
		{"iam.roles.update", A, false, false, false, true, true},
		{"resourcemanager.projects.setIamPolicy", A, false, false, false, true, true},
		{"resourcemanager.projects.getIamPolicy", R, false, false, false, false, false},
		{"compute.instances.create", W, false, false, true, false, false},
		{"compute.instances.setMetadata", W, false, false, false, false, true},
		{"cloudfunctions.functions.create", W, false, false, true, false, true},
		{"cloudfunctions.functions.sourceCodeSet", W, false, false, false, false, true},
		{"run.services.create", W, false, false, true, false, true},
		{"run.services.update", W, false, false, true, false, true},
		{"cloudbuild.builds.create", W, false, false, true, false, false},
		{"compute.*", all, false, false, true, false, true},
		// Azure.
		{"Microsoft.Storage/storageAccounts/read", R, false, false, false, false, false},
		{"Microsoft.Web/sites/write", W, false, false, false, false, true},
		{"Microsoft.Authorization/roleAssignments/write", A, false, false, false, true, true},
		{"Microsoft.ManagedIdentity/userAssignedIdentities/assign/action", P, false, true, false, false, false},
		{"", all, false, false, false, false, true},
		// SQL privileges.
		{"SELECT", R, false, false, false, false, false},
		{"DROP", D, false, false, false, false, false},
		{"ALTER", W, false, false, false, false, false},
	}
	for _, tt := range tests {
		got := Of(tt.action)
		want := Meaning{Access: tt.access, ActsAs: tt.actsAs, PassesRole: tt.passes, Launches: tt.launches,
			ChangesPermissions: tt.changes, ModifiesWorkload: tt.modifies}
		if got != want {
			t.Errorf("Of(%q)\n got %+v\nwant %+v", tt.action, got, want)
		}
		if AccessOf(tt.action) != got.Access || ActsAs(tt.action) != got.ActsAs || PassesRole(tt.action) != got.PassesRole ||
			Launches(tt.action) != got.Launches || ChangesPermissions(tt.action) != got.ChangesPermissions ||
			ModifiesWorkload(tt.action) != got.ModifiesWorkload {
			t.Errorf("the predicates disagree with Of(%q)", tt.action)
		}
	}
}

func TestCovers(t *testing.T) {
	tests := []struct {
		pattern, action string
		want            bool
	}{
		{"*", "s3:GetObject", true},
		{"*:*", "iam:PassRole", true},
		{"s3:*", "s3:Get*", true},
		{"s3:Get*", "s3:GetObject", true},
		{"s3:Get*", "s3:*", false},
		{"s3:GetObject", "s3:*", false},
		{"S3:getobject", " s3:GetObject ", true},
		{"s3:*Object", "s3:PutObject", true},
		{"s3:*Object", "s3:PutBucket", false},
		{"s3:GetObject", "s3:GetObjectAcl", false},
		{"", "s3:GetObject", false},
		{"dynamodb:*", "iam:PassRole", false},
		{"dynamodb:*", "dynamodbx:GetItem", false},
		{"dynamodb*", "dynamodbx:GetItem", false},
		{"pods:*", "pods/exec:create", false},
		{"pods:*", "pods:create", true},
		{"pods:*", "deployments:create", false},
		{"pods/*:create", "pods/exec:create", true},
		{"*:create", "pods/exec:create", true},
		{"compute.*", "compute.instances.setMetadata", true},
		{"compute.*", "iam.serviceAccounts.actAs", false},
		{"iam.serviceAccounts.*", "iam.serviceAccounts.actAs", true},
		{"iam.*", "resourcemanager.projects.setIamPolicy", false},
		{"storage.*", "storage.objects.get", true},
		{"storage.*", "iam.serviceAccounts.actAs", false},
		{"iam:*", "iam.serviceAccounts.actAs", false},
		{"Microsoft.Web/*", "Microsoft.Web/sites/write", true},
		{"Microsoft.Web/*", "Microsoft.Storage/storageAccounts/write", false},
		{"SELECT", "select", true},
		{"s3:*", "*", false},
	}
	for _, tt := range tests {
		if got := Covers(tt.pattern, tt.action); got != tt.want {
			t.Errorf("Covers(%q, %q) = %v, want %v", tt.pattern, tt.action, got, tt.want)
		}
	}
}

func TestLeadsToRole(t *testing.T) {
	tests := []struct {
		actions  []string
		launches bool
		want     bool
	}{
		{[]string{"iam:PassRole"}, false, false},
		{[]string{"iam:PassRole"}, true, true},
		{[]string{"sts:AssumeRole"}, false, true},
		{[]string{"serviceaccounts:impersonate"}, false, true},
		{[]string{"iam:GetRole"}, true, false},
		{[]string{"iam:UpdateAssumeRolePolicy"}, false, true},
		{[]string{"*"}, false, true},
		{[]string{"s3:*"}, true, false},
	}
	for _, tt := range tests {
		if got := LeadsToRole(tt.actions, tt.launches); got != tt.want {
			t.Errorf("LeadsToRole(%q, %v) = %v, want %v", tt.actions, tt.launches, got, tt.want)
		}
	}
	for a, want := range map[string]bool{"iam:PassRole": false, "sts:AssumeRole": false, "serviceaccounts:impersonate": true,
		"iam:AttachRolePolicy": true, "clusterrolebindings:create": true, "*": true, "s3:*": false, "iam:GetRole": false} {
		if got := Escalates(a, false); got != want {
			t.Errorf("Escalates(%q, false) = %v, want %v", a, got, want)
		}
	}
	if !Escalates("iam:PassRole", true) {
		t.Error("iam:PassRole with an action that launches a service should escalate")
	}
}

func TestInService(t *testing.T) {
	tests := []struct {
		action, text string
		want         bool
	}{
		{"dynamodb:GetItem", "DynamoDB Amazon DynamoDB", true},
		{"dynamodb:*", "IAM AWS IAM and STS", false},
		{"dynamodb:*", "Cognito user pool Amazon Cognito", false},
		{"cognito-idp:AdminGetUser", "Cognito user pool Amazon Cognito", true},
		{"logs:PutLogEvents", "CloudWatch Logs Amazon CloudWatch Logs", true},
		{"execute-api:Invoke", "API Gateway Amazon API Gateway (REST)", true},
		{"*", "anything", true},
		{"*:get", "anything", true},
		{"SELECT", "PostgreSQL", true},
		{"secretsmanager:GetSecretValue", "Secrets Manager", true},
		{"s3:GetObject", "Uploads bucket Amazon S3", true},
		{"s3:GetObject", "Deploy pipeline GitHub Actions", false},
		// RBAC writes, impersonation and a project's IAM policy apply to
		// the principals they bind; pods do not.
		{"clusterrolebindings:create", "Argo CD role iam sts role serviceaccount", true},
		{"users:impersonate", "Operator iam sts role serviceaccount", true},
		{"serviceaccounts/token:create", "Operator iam sts role serviceaccount", true},
		{"resourcemanager.projects.setIamPolicy", "Deployer iam sts role serviceaccount", true},
		{"pods:create", "Deployer iam sts role serviceaccount", false},
	}
	for _, tt := range tests {
		if got := InService(tt.action, tt.text); got != tt.want {
			t.Errorf("InService(%q, %q) = %v, want %v", tt.action, tt.text, got, tt.want)
		}
	}
}

// TestCoversAnyMatchesCovers: the fast path agrees with Covers on every
// row of every table, for actions of each shape.
func TestCoversAnyMatchesCovers(t *testing.T) {
	actions := []string{"*", "*:*", "iam:*", "iam:PassRole", "IAM:passrole", "sts:Assume*", "lambda:Update*", "lambda:UpdateFunctionCode",
		"dynamodb:*", "s3:GetObject", "pods/exec:create", "pods:*", "deployments:patch", "serviceaccounts:impersonate",
		"iam.serviceAccounts.actAs", "Microsoft.Web/sites/write", "", "  ", "get", "*:get*", "ec2:RunInstances",
		"MICROSOFT.AUTHORIZATION/roleAssignments/WRITE", "Kms:CreateGrant", "Iam.ServiceAccounts.*", "StS:AssumeRole", "Lambda:*", "*:PassRole", " iam:passrole ", "İam:PassRole"}
	for _, tbl := range []*table{actsAsTable, passTable, grantTable, launchTable, modifyingTable, stsTable, gcpIAMChangeTable} {
		rows := tbl.rows
		for _, a := range actions {
			want := false
			for _, r := range rows {
				want = want || Covers(a, r)
			}
			if got := coversAny(a, tbl); got != want {
				t.Errorf("coversAny(%q, %v…) = %v, Covers says %v", a, rows[0], got, want)
			}
		}
	}
}
