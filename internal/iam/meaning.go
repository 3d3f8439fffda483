package iam

import "strings"

// Meaning is what one action does.
type Meaning struct {
	// Access is what it reads, writes, deletes, administers or passes.
	Access Access
	// ActsAs: it lets its holder act as the principal it applies to
	// (sts:AssumeRole*, Kubernetes impersonate, Google Cloud
	// iam.serviceAccounts.getAccessToken, signJwt, signBlob…).
	ActsAs bool
	// PassesRole: it hands a role to a service that will run as it
	// (iam:PassRole, and Google Cloud's iam.serviceAccounts.actAs, which
	// attaches a service account to a resource). Alone it changes
	// nothing; with an action that Launches it is an escalation to the
	// passed role.
	PassesRole bool
	// Launches: it makes a service run code as a role passed to it
	// (lambda:CreateFunction, ec2:RunInstances, ecs:RegisterTaskDefinition,
	// cloudformation:CreateStack, compute.instances.create,
	// run.services.create…).
	Launches bool
	// ChangesPermissions: it changes who may do what — IAM writes other
	// than PassRole, policy writes in any service, grants, Kubernetes RBAC
	// writes, escalate and bind.
	ChangesPermissions bool
	// ModifiesWorkload: on a process, it changes what the process runs or
	// how — its code, configuration, image, task definition, environment
	// or deployment — or runs commands inside it.
	ModifiesWorkload bool
}

// Of returns the meaning of an action. A wildcard action means everything
// an action it covers means, within its service.
func Of(action string) Meaning {
	a := Parse(action)
	m := Meaning{
		Access:             AccessOf(action),
		ActsAs:             coversAny(action, actsAsTable),
		PassesRole:         coversAny(action, passTable),
		Launches:           coversAny(action, launchTable),
		ChangesPermissions: changesPermissions(action, a),
	}
	m.ModifiesWorkload = m.Access&Admin != 0 || coversAny(action, modifyingTable)
	return m
}

// ActsAs reports whether the action lets its holder act as the principal
// it applies to; see Meaning.ActsAs.
func ActsAs(action string) bool { return coversAny(action, actsAsTable) }

// PassesRole reports whether the action passes a role to a service; see
// Meaning.PassesRole.
func PassesRole(action string) bool { return coversAny(action, passTable) }

// Launches reports whether the action makes a service run as a passed
// role; see Meaning.Launches.
func Launches(action string) bool { return coversAny(action, launchTable) }

// ChangesPermissions reports whether the action changes who may do what;
// see Meaning.ChangesPermissions.
func ChangesPermissions(action string) bool { return changesPermissions(action, Parse(action)) }

// ModifiesWorkload reports whether the action, on a process, changes what
// it runs or how, or runs commands in it: an admin or wildcard action, or
// one covering a row of the workload table (lambda:UpdateFunctionCode,
// ecs:UpdateService, apigateway:PUT, deployments:update, pods/exec:create…).
// Calling a process (lambda:InvokeFunction, sqs:SendMessage) or reading it
// does not, nor does passing a role.
func ModifiesWorkload(action string) bool {
	return AccessOf(action)&Admin != 0 || coversAny(action, modifyingTable)
}

// AnyLaunches reports whether one of the actions Launches.
func AnyLaunches(actions []string) bool {
	for _, a := range actions {
		if Launches(a) {
			return true
		}
	}
	return false
}

// LeadsToRole reports whether actions held on a role let their holder act
// as that role: one acts as it (sts:AssumeRole, impersonate), changes its
// permissions or trust (iam:UpdateAssumeRolePolicy, iam:PutRolePolicy),
// or passes it (iam:PassRole) while launches says the holder can also make
// a service run as a passed role. iam:PassRole alone does not.
func LeadsToRole(actions []string, launches bool) bool {
	for _, a := range actions {
		if ActsAs(a) || ChangesPermissions(a) || launches && PassesRole(a) {
			return true
		}
	}
	return false
}

// Escalates reports whether an action lets its holder widen what it, or
// something it creates, may do: it changes permissions, it impersonates a
// principal other than through role assumption (Kubernetes impersonate,
// Google Cloud service-account tokens; sts:AssumeRole is role chaining),
// or it passes a role while launches says the holder can also make a
// service run as a passed role.
func Escalates(action string, launches bool) bool {
	if ChangesPermissions(action) || launches && PassesRole(action) {
		return true
	}
	return ActsAs(action) && !coversAny(action, stsTable) || everything(action)
}

// RoleManagement reports whether the action manages identities: acting
// as, passing or changing the permissions of a principal ("*" included).
// Such an action is the escalation analysis's concern, not a data flow's.
func RoleManagement(action string) bool {
	return ActsAs(action) || PassesRole(action) || ChangesPermissions(action)
}

// changesPermissions reports whether the action changes who may do what.
// A service-wide wildcard does only for a service whose purpose is
// permissions (iam, Kubernetes RBAC) or everything: "s3:*" includes
// s3:PutBucketPolicy, but counting every such wildcard as a permissions
// change would drown the real ones.
func changesPermissions(action string, a Action) bool {
	if everything(action) {
		return true
	}
	if rbacResource(a.Service) || a.Service == "iam" && a.Sep == ':' {
		// AWS IAM or a Kubernetes RBAC resource: anything but a read or
		// passing a role.
		if Wildcard(a.Rest) {
			return wildcardChangesIAM(a.Rest)
		}
		return !hasReadVerb(a.Verb) && !PassesRole(action)
	}
	if a.Service == "iam" && a.Sep == '.' { // Google Cloud IAM: roles and policies
		if Wildcard(a.Rest) {
			return coversAny(action, gcpIAMChangeTable)
		}
		return !hasReadVerb(a.Verb) && !ActsAs(action) && (strings.HasPrefix(a.Rest, "roles.") || strings.Contains(a.Verb, "policy"))
	}
	if Wildcard(a.Rest) {
		return a.Service == "" && a.Rest == "*" || coversAny(action, grantTable)
	}
	v := a.Verb
	switch v {
	case "escalate", "bind":
		return true
	}
	if hasReadVerb(v) {
		return false
	}
	return strings.Contains(v, "policy") || strings.HasPrefix(v, "attach") || strings.HasPrefix(v, "creategrant") ||
		coversAny(action, grantTable)
}

// wildcardChangesIAM reports whether a wildcard IAM verb covers a verb
// that changes permissions: "*", "Put*", "P*" do; "Pass*", "Get*" do not.
func wildcardChangesIAM(rest string) bool {
	prefix, _, _ := strings.Cut(rest, "*")
	for _, w := range []string{"put", "attach", "detach", "create", "delete", "update", "add", "remove", "set",
		"tag", "untag", "upload", "change", "reset", "enable", "deactivate", "resync", "bind", "escalate", "patch"} {
		if strings.HasPrefix(w, prefix) || strings.HasPrefix(prefix, w) {
			return true
		}
	}
	return false
}

// rbacResource reports whether a Kubernetes resource holds RBAC rules or
// bindings.
func rbacResource(s string) bool {
	switch s {
	case "roles", "clusterroles", "rolebindings", "clusterrolebindings":
		return true
	}
	return false
}

var (
	actsAsRows = []string{
		"sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML", "sts:AssumeRoot",
		// Kubernetes impersonation, and a token requested for a service
		// account (TokenRequest).
		"serviceaccounts:impersonate", "users:impersonate", "groups:impersonate", "uids:impersonate",
		"serviceaccounts/token:create",
		// Google Cloud service-account impersonation.
		"iam.serviceAccounts.getAccessToken", "iam.serviceAccounts.getOpenIdToken",
		"iam.serviceAccounts.signJwt", "iam.serviceAccounts.signBlob", "iam.serviceAccounts.implicitDelegation",
		"iam.serviceAccountKeys.create",
	}
	stsRows = actsAsRows[:4]
	// gcpIAMChangeRows are the Google Cloud IAM actions that change who
	// may do what, for its wildcards ("iam.serviceAccounts.*").
	gcpIAMChangeRows = []string{"iam.roles.create", "iam.roles.update", "iam.roles.undelete", "iam.serviceAccounts.setIamPolicy"}
	// passRows: iam.serviceAccounts.actAs is Google Cloud's PassRole: it
	// attaches a service account to a resource the holder creates or
	// changes, and lets it act as nothing on its own.
	passRows  = []string{"iam:PassRole", "iam.serviceAccounts.actAs", "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action"}
	grantRows = []string{
		"kms:CreateGrant", "Microsoft.Authorization/roleAssignments/write", "Microsoft.Authorization/roleDefinitions/write",
	}
	launchRows = []string{
		"lambda:CreateFunction", "lambda:UpdateFunctionConfiguration",
		"ec2:RunInstances", "ec2:AssociateIamInstanceProfile", "ec2:ReplaceIamInstanceProfileAssociation",
		"ecs:RegisterTaskDefinition", "ecs:RunTask", "ecs:StartTask", "ecs:CreateService", "ecs:UpdateService",
		"cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:CreateStackSet",
		"glue:CreateJob", "glue:UpdateJob", "glue:CreateDevEndpoint", "glue:UpdateDevEndpoint",
		"codebuild:CreateProject", "codebuild:UpdateProject",
		"sagemaker:CreateNotebookInstance", "sagemaker:CreateTrainingJob", "sagemaker:CreateProcessingJob",
		"datapipeline:CreatePipeline", "states:CreateStateMachine", "states:UpdateStateMachine",
		"apprunner:CreateService", "apprunner:UpdateService", "batch:SubmitJob", "batch:RegisterJobDefinition",
		"autoscaling:CreateLaunchConfiguration", "ec2:CreateLaunchTemplate",
		// Google Cloud: resources that run as the service account
		// attached to them with iam.serviceAccounts.actAs.
		"compute.instances.create", "compute.instances.setServiceAccount",
		"cloudfunctions.functions.create", "cloudfunctions.functions.update",
		"run.services.create", "run.services.update", "run.jobs.create",
		"cloudbuild.builds.create", "dataflow.jobs.create", "cloudscheduler.jobs.create",
		"composer.environments.create", "notebooks.instances.create",
	}
	// modifyingRows are the actions that change what a process runs or
	// how it runs, or run commands inside it, as the platforms write them.
	modifyingRows = func() []string {
		rows := []string{
			// AWS Lambda: code, configuration (environment, layers, role),
			// and the alias callers invoke.
			"lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:UpdateAlias",
			// Amazon ECS: the task definition (image, command,
			// environment), the service that runs it, tasks run with
			// overrides, ECS Exec.
			"ecs:RegisterTaskDefinition", "ecs:CreateService", "ecs:UpdateService", "ecs:RunTask", "ecs:StartTask", "ecs:ExecuteCommand",
			// API Gateway's management API: routes, integrations,
			// authorizers, stages and deployments (DELETE and GET left out).
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
		return rows
	}()
)
