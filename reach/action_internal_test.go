package reach

import "testing"

func TestActionCovers(t *testing.T) {
	tests := []struct {
		deny, allow string
		want        bool
	}{
		{"*", "s3:GetObject", true},
		{"s3:*", "s3:Get*", true},
		{"s3:Get*", "s3:GetObject", true},
		{"s3:Get*", "s3:*", false},
		{"s3:GetObject", "s3:*", false},
		{"S3:getobject", " s3:GetObject ", true},
		{"s3:*Object", "s3:PutObject", true},
		{"s3:*Object", "s3:PutBucket", false},
		{"s3:GetObject", "s3:GetObjectAcl", false},
		{"", "s3:GetObject", false},
	}
	for _, tt := range tests {
		if got := actionCovers(tt.deny, tt.allow); got != tt.want {
			t.Errorf("actionCovers(%q, %q) = %v, want %v", tt.deny, tt.allow, got, tt.want)
		}
	}
}

func TestEscalates(t *testing.T) {
	for a, want := range map[string]bool{
		"*": true, "*:*": true, "sts:AssumeRole": true, "iam:PassRole": true, "iam:PutRolePolicy": true,
		"iam:*": true, "iam:GetRole": false, "iam:ListRoles": false, "sts:GetCallerIdentity": false,
		"s3:*": false, "dynamodb:GetItem": false, "AssumeRole": false,
	} {
		if got := escalates(a); got != want {
			t.Errorf("escalates(%q) = %v, want %v", a, got, want)
		}
	}
}

func TestModifiesProcess(t *testing.T) {
	for a, want := range map[string]bool{
		// Code, configuration, image, task definition, deployment.
		"lambda:UpdateFunctionCode": true, "lambda:UpdateFunctionConfiguration": true, "lambda:CreateFunction": true,
		"LAMBDA:updatefunctioncode": true, " lambda:UpdateAlias ": true,
		"ecs:UpdateService": true, "ecs:RegisterTaskDefinition": true, "ecs:ExecuteCommand": true,
		"apigateway:PUT": true, "apigateway:POST": true, "apigateway:PATCH": true,
		"ssm:SendCommand": true, "ec2:ModifyInstanceAttribute": true, "states:UpdateStateMachine": true,
		"run.services.update": true, "Microsoft.Web/sites/write": true,
		"deployments:update": true, "deployments:patch": true, "deployments:create": true, "statefulsets:patch": true,
		"pods:create": true, "pods/exec:create": true, "pods/exec:get": true, "pods/ephemeralcontainers:update": true,
		// Admin and wildcards.
		"*": true, "*:*": true, "lambda:*": true, "lambda:Update*": true, "deployments:*": true, "*:update": true,
		"iam:PassRole": true, "lambda:PutFunctionPolicy": true, "lambda:*Code": true,
		// Calls and reads.
		"lambda:InvokeFunction": false, "execute-api:Invoke": false, "sqs:SendMessage": false, "sns:Publish": false,
		"states:StartExecution": false, "lambda:GetFunction": false, "lambda:Get*": false, "lambda:List*": false,
		"ecs:DescribeServices": false, "apigateway:GET": false, "apigateway:DELETE": false,
		"deployments:get": false, "deployments:list": false, "pods:watch": false, "pods/log:get": false,
		"nodes:update": false, "secrets:update": false, "configmaps:get": false, "leases:update": false,
		"dynamodb:PutItem": false, "logs:PutLogEvents": false, "UPDATE": false,
	} {
		if got := modifiesProcess(a); got != want {
			t.Errorf("modifiesProcess(%q) = %v, want %v", a, got, want)
		}
	}
}
