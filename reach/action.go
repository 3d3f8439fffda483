package reach

import (
	"strings"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// actionCovers reports whether a deny's action pattern takes away an allowed
// action: the pattern matches the allowed action as written, '*' in the
// pattern matching any run of characters and '*' in the allowed action only
// itself, without regard to case (cloud providers' actions are
// case-insensitive). So a deny of "s3:*" takes away "s3:GetObject" and
// "s3:Get*", while a deny of "s3:GetObject" leaves an allowed "s3:*" in
// place: the reach errs wide.
func actionCovers(pattern, action string) bool {
	return glob(strings.ToLower(strings.TrimSpace(pattern)), strings.ToLower(strings.TrimSpace(action)))
}

// glob matches s against a pattern whose only special character is '*'.
// It runs in O(len(p)·len(s)) at worst, without recursion.
func glob(p, s string) bool {
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case pi < len(p) && p[pi] == s[si]:
			pi++
			si++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// escalates reports whether an action lets its holder act as the role it
// applies to: "*", any IAM or STS action other than a read (Get, List,
// Describe, Simulate, Generate), such as sts:AssumeRole, iam:PassRole or
// iam:PutRolePolicy.
func escalates(action string) bool {
	a := strings.ToLower(strings.TrimSpace(action))
	if a == "*" || a == "*:*" {
		return true
	}
	svc, verb, ok := strings.Cut(a, ":")
	if !ok || svc != "iam" && svc != "sts" {
		return false
	}
	for _, ro := range []string{"get", "list", "describe", "simulate", "generate", "decode"} {
		if strings.HasPrefix(verb, ro) {
			return false
		}
	}
	return true
}

// hasWildcardAction reports whether any action contains '*'.
func hasWildcardAction(actions []string) bool {
	for _, a := range actions {
		if strings.Contains(a, "*") {
			return true
		}
	}
	return false
}

// modifyingActions are the actions that change what a process runs or how
// it runs, or run commands inside it, as the platforms write them: whoever
// holds one on a process takes the process over (see modifiesProcess).
// Calling a process and reading it are left out. Each row is matched
// case-insensitively, with '*' in the granted action matching any run of
// characters, so "lambda:Update*" and "deployments:*" match rows while
// "lambda:Get*" matches none.
var modifyingActions = func() []string {
	rows := []string{
		// AWS Lambda: code, configuration (environment, layers, role), and
		// the alias callers invoke.
		"lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:UpdateAlias",
		// Amazon ECS: the task definition (image, command, environment),
		// the service that runs it, tasks run with overrides, ECS Exec.
		"ecs:RegisterTaskDefinition", "ecs:CreateService", "ecs:UpdateService", "ecs:RunTask", "ecs:StartTask", "ecs:ExecuteCommand",
		// API Gateway's management API: routes, integrations, authorizers,
		// stages and deployments (DELETE and GET left out).
		"apigateway:PUT", "apigateway:POST", "apigateway:PATCH",
		// EC2 user data and instance attributes; commands and shells
		// through Systems Manager.
		"ec2:ModifyInstanceAttribute", "ssm:SendCommand", "ssm:StartSession",
		// Deployments and definitions of other AWS compute.
		"codedeploy:CreateDeployment", "states:UpdateStateMachine", "apprunner:UpdateService", "apprunner:StartDeployment",
		"elasticbeanstalk:UpdateEnvironment",
		// Google Cloud and Azure.
		"cloudfunctions.functions.create", "cloudfunctions.functions.update", "cloudfunctions.functions.sourceCodeSet",
		"run.services.create", "run.services.update", "compute.instances.setMetadata",
		"Microsoft.Web/sites/write", "Microsoft.Web/sites/config/write",
		// Kubernetes exec and attach: a WebSocket exec is a get
		// (kubernetes/kubernetes#78741); the kubelet's exec through
		// nodes/proxy.
		"pods/exec:create", "pods/exec:get", "pods/attach:create", "pods/attach:get",
		"nodes/proxy:create", "nodes/proxy:get",
		"pods/ephemeralcontainers:update", "pods/ephemeralcontainers:patch",
	}
	// Kubernetes workloads, as resource:verb.
	for _, res := range []string{"pods", "deployments", "statefulsets", "daemonsets", "replicasets", "replicationcontrollers", "jobs", "cronjobs"} {
		for _, verb := range []string{"create", "update", "patch"} {
			rows = append(rows, res+":"+verb)
		}
	}
	for i, r := range rows {
		rows[i] = strings.ToLower(r)
	}
	return rows
}()

// modifiesProcess reports whether an action on a process changes what the
// process runs or how — its code, configuration, image, task definition,
// environment or deployment — or runs commands inside it: whoever holds it
// takes the process over and acts as the process's roles. An action does
// when:
//
//   - threatmodel.ActionAccess classifies it as admin: any IAM action,
//     sts:Assume*, passing a role, a policy, Attach* or Grant*;
//   - it is a wildcard over everything or a whole service ("*", "*:*",
//     "lambda:*"), which ActionAccess also counts as admin, or its verb
//     starts with '*';
//   - it matches a row of modifyingActions, '*' in the action matching any
//     run of characters: lambda:UpdateFunctionCode,
//     lambda:UpdateFunctionConfiguration, lambda:CreateFunction,
//     ecs:UpdateService, ecs:RegisterTaskDefinition, apigateway:PUT,
//     POST and PATCH, Kubernetes create, update and patch of pods and
//     workloads (deployments:update), pods/exec, and a few more.
//
// Calling the process does not: lambda:InvokeFunction, execute-api:Invoke,
// sqs:SendMessage, sns:Publish, states:StartExecution; nor does reading it
// (Get, List, Describe; Kubernetes get, list, watch) nor an action the
// table does not know, so only verbs that really change code or
// configuration count.
func modifiesProcess(action string) bool {
	if tm.ActionAccess(action)&tm.Admin != 0 {
		return true
	}
	for _, row := range modifyingActions {
		if actionCovers(action, row) {
			return true
		}
	}
	return false
}
