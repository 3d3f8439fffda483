package reach

// The AWS techniques follow pathfinding.cloud's catalogue of privilege
// escalation paths, as Cloudsplaining's research maps it
// (salesforce/cloudsplaining, research/pathfinding-cloud): each path's ID,
// kind and required actions; and Cloudsplaining's method for
// iam:SetDefaultPolicyVersion, which that catalogue lacks.

// pathfinding returns the reference of a pathfinding.cloud path.
func pathfinding(id string) []string { return []string{"https://pathfinding.cloud/paths/" + id} }

// selfEsc, otherPrincipal, newPass and existing build the techniques of each kind.
func selfEsc(id, name string, perms ...string) Technique {
	return Technique{ID: id, Kind: SelfEscalation, Name: name, Permissions: perms, Preconditions: OnSelf, References: pathfinding(id)}
}

func otherPrincipal(id, name string, perms ...string) Technique {
	return Technique{ID: id, Kind: PrincipalAccess, Name: name, Permissions: perms, Preconditions: OnOtherPrincipal, References: pathfinding(id)}
}

func newPass(id, service, name string, perms ...string) Technique {
	return Technique{ID: id, Kind: NewPassRole, Name: name, Permissions: append([]string{"iam:PassRole"}, perms...),
		Preconditions: PassableRole, Service: service, References: pathfinding(id)}
}

func existing(id, name string, perms ...string) Technique {
	return Technique{ID: id, Kind: ExistingPassRole, Name: name, Permissions: perms, Preconditions: BoundResource, References: pathfinding(id)}
}

// onEC2 makes a technique apply to EC2 instances too.
func onEC2(t Technique) Technique {
	t.on = append(t.on, "ec2")
	return t
}

// awsTechniques is the AWS part of the catalogue.
var awsTechniques = []Technique{
	// Self-escalation: the principal changes its own permissions.
	selfEsc("iam-001", "Create a new default version of a policy attached to itself", "iam:CreatePolicyVersion"),
	selfEsc("iam-005", "Put an inline policy on its own role", "iam:PutRolePolicy"),
	selfEsc("iam-007", "Put an inline policy on itself as a user", "iam:PutUserPolicy"),
	selfEsc("iam-008", "Attach a managed policy to itself as a user", "iam:AttachUserPolicy"),
	selfEsc("iam-009", "Attach a managed policy to its own role", "iam:AttachRolePolicy"),
	selfEsc("iam-010", "Attach a managed policy to a group it belongs to", "iam:AttachGroupPolicy"),
	selfEsc("iam-011", "Put an inline policy on a group it belongs to", "iam:PutGroupPolicy"),
	selfEsc("iam-013", "Add itself to a more privileged group", "iam:AddUserToGroup"),
	{ID: "SetExistingDefaultPolicyVersion", Kind: SelfEscalation, Name: "Make an older, wider version of its policy the default",
		Permissions: []string{"iam:SetDefaultPolicyVersion"}, Preconditions: OnSelf,
		References: []string{"https://github.com/salesforce/cloudsplaining", "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/"}},

	// Access to another principal: its credentials or its trust.
	otherPrincipal("iam-002", "Create an access key for another user", "iam:CreateAccessKey"),
	otherPrincipal("iam-003", "Delete and recreate another user's access key", "iam:CreateAccessKey", "iam:DeleteAccessKey"),
	otherPrincipal("iam-004", "Create a console password for another user", "iam:CreateLoginProfile"),
	otherPrincipal("iam-006", "Change another user's console password", "iam:UpdateLoginProfile"),
	otherPrincipal("iam-012", "Rewrite a role's trust policy to trust itself", "iam:UpdateAssumeRolePolicy"),
	otherPrincipal("iam-014", "Attach a policy to a role it can assume, then assume it", "iam:AttachRolePolicy", "sts:AssumeRole"),
	otherPrincipal("iam-015", "Attach a policy to another user and create its access key", "iam:AttachUserPolicy", "iam:CreateAccessKey"),
	otherPrincipal("iam-016", "Create a policy version for a role it can assume, then assume it", "iam:CreatePolicyVersion", "sts:AssumeRole"),
	otherPrincipal("iam-017", "Put an inline policy on a role it can assume, then assume it", "iam:PutRolePolicy", "sts:AssumeRole"),
	otherPrincipal("iam-018", "Put an inline policy on another user and create its access key", "iam:PutUserPolicy", "iam:CreateAccessKey"),
	otherPrincipal("iam-019", "Attach a policy to a role and rewrite its trust policy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy"),
	otherPrincipal("iam-020", "Create a policy version for a role and rewrite its trust policy", "iam:CreatePolicyVersion", "iam:UpdateAssumeRolePolicy"),
	otherPrincipal("iam-021", "Put an inline policy on a role and rewrite its trust policy", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"),
	otherPrincipal("sts-001", "Assume a more privileged role that trusts it", "sts:AssumeRole"),

	// Passing a role to a new compute resource.
	newPass("apprunner-001", "tasks.apprunner.amazonaws.com", "Create an App Runner service with the role", "apprunner:CreateService"),
	newPass("bedrock-001", "bedrock-agentcore.amazonaws.com", "Create a Bedrock AgentCore code interpreter with the role and run code in it",
		"bedrock-agentcore:CreateCodeInterpreter", "bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"),
	newPass("cloudformation-001", "cloudformation.amazonaws.com", "Create a CloudFormation stack that runs as the role", "cloudformation:CreateStack"),
	newPass("cloudformation-003", "cloudformation.amazonaws.com", "Create a stack set that runs as the role and deploy its instances",
		"cloudformation:CreateStackSet", "cloudformation:CreateStackInstances"),
	// The catalogue counts it with the paths that pass a role, but it
	// needs no iam:PassRole: a change set runs as the stack's existing
	// service role.
	{ID: "cloudformation-005", Kind: NewPassRole, Name: "Create and execute a change set on a stack that runs as a role",
		Permissions: []string{"cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"}, Preconditions: BoundResource,
		References: pathfinding("cloudformation-005")},
	newPass("cloudformation-004", "cloudformation.amazonaws.com", "Update a stack set to run as the role", "cloudformation:UpdateStackSet"),
	newPass("codebuild-001", "codebuild.amazonaws.com", "Create a CodeBuild project with the role and start a build",
		"codebuild:CreateProject", "codebuild:StartBuild"),
	newPass("codebuild-004", "codebuild.amazonaws.com", "Create a CodeBuild project with the role and start a batch build",
		"codebuild:CreateProject", "codebuild:StartBuildBatch"),
	newPass("datapipeline-001", "datapipeline.amazonaws.com", "Create, define and activate a Data Pipeline that runs as the role",
		"datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition", "datapipeline:ActivatePipeline"),
	newPass("ec2-001", "ec2.amazonaws.com", "Launch an EC2 instance with the role's instance profile", "ec2:RunInstances"),
	newPass("ec2-003", "ec2.amazonaws.com", "Request a Spot instance with the role's instance profile", "ec2:RequestSpotInstances"),
	newPass("ecs-001", "ecs-tasks.amazonaws.com", "Create a cluster, a task definition with the role and a service that runs it",
		"ecs:CreateCluster", "ecs:RegisterTaskDefinition", "ecs:CreateService"),
	newPass("ecs-002", "ecs-tasks.amazonaws.com", "Create a cluster and a task definition with the role, and run the task",
		"ecs:CreateCluster", "ecs:RegisterTaskDefinition", "ecs:RunTask"),
	newPass("ecs-003", "ecs-tasks.amazonaws.com", "Register a task definition with the role and create a service that runs it",
		"ecs:RegisterTaskDefinition", "ecs:CreateService"),
	newPass("ecs-004", "ecs-tasks.amazonaws.com", "Register a task definition with the role and run the task",
		"ecs:RegisterTaskDefinition", "ecs:RunTask"),
	newPass("ecs-005", "ecs-tasks.amazonaws.com", "Register a task definition with the role and start the task",
		"ecs:RegisterTaskDefinition", "ecs:StartTask"),
	newPass("glue-001", "glue.amazonaws.com", "Create a Glue development endpoint with the role", "glue:CreateDevEndpoint"),
	newPass("glue-003", "glue.amazonaws.com", "Create a Glue job with the role and run it", "glue:CreateJob", "glue:StartJobRun"),
	newPass("glue-004", "glue.amazonaws.com", "Create a Glue job with the role and a trigger that runs it", "glue:CreateJob", "glue:CreateTrigger"),
	newPass("glue-005", "glue.amazonaws.com", "Update a Glue job to run as the role and run it", "glue:UpdateJob", "glue:StartJobRun"),
	newPass("glue-006", "glue.amazonaws.com", "Update a Glue job to run as the role and a trigger that runs it", "glue:UpdateJob", "glue:CreateTrigger"),
	newPass("lambda-001", "lambda.amazonaws.com", "Create a Lambda function with the role and invoke it",
		"lambda:CreateFunction", "lambda:InvokeFunction"),
	newPass("lambda-002", "lambda.amazonaws.com", "Create a Lambda function with the role and an event source that triggers it",
		"lambda:CreateFunction", "lambda:CreateEventSourceMapping"),
	newPass("lambda-006", "lambda.amazonaws.com", "Create a Lambda function with the role and let itself invoke it",
		"lambda:CreateFunction", "lambda:AddPermission"),
	newPass("sagemaker-001", "sagemaker.amazonaws.com", "Create a SageMaker notebook instance with the role", "sagemaker:CreateNotebookInstance"),
	newPass("sagemaker-002", "sagemaker.amazonaws.com", "Create a SageMaker training job with the role", "sagemaker:CreateTrainingJob"),
	newPass("sagemaker-003", "sagemaker.amazonaws.com", "Create a SageMaker processing job with the role", "sagemaker:CreateProcessingJob"),

	// Taking over an existing resource bound to a role.
	existing("apprunner-002", "Update an App Runner service to run its own code", "apprunner:UpdateService"),
	existing("bedrock-002", "Run code in an existing Bedrock AgentCore code interpreter",
		"bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"),
	existing("cloudformation-002", "Update a stack that runs as a role with its own template", "cloudformation:UpdateStack"),
	existing("codebuild-002", "Start a build of an existing project with its own buildspec", "codebuild:StartBuild"),
	existing("codebuild-003", "Start a batch build of an existing project with its own buildspec", "codebuild:StartBuildBatch"),
	existing("ec2-002", "Change an instance's user data and restart it", "ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"),
	existing("ec2-004", "Add a launch template version that runs its own code and make it the default",
		"ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"),
	existing("ec2instanceconnect-003", "Push an SSH key to an instance and log in", "ec2-instance-connect:SendSSHPublicKey", "ec2:DescribeInstances"),
	existing("ecs-006", "Open a shell in a running ECS task", "ecs:ExecuteCommand", "ecs:DescribeTasks"),
	existing("glue-002", "Add its SSH key to an existing Glue development endpoint", "glue:UpdateDevEndpoint"),
	existing("lambda-003", "Replace the code of an existing Lambda function", "lambda:UpdateFunctionCode"),
	existing("lambda-004", "Replace the code of an existing Lambda function and invoke it", "lambda:UpdateFunctionCode", "lambda:InvokeFunction"),
	existing("lambda-005", "Replace the code of an existing Lambda function and let itself invoke it",
		"lambda:UpdateFunctionCode", "lambda:AddPermission"),
	existing("sagemaker-004", "Open an existing SageMaker notebook through a presigned URL", "sagemaker:CreatePresignedNotebookInstanceUrl"),
	existing("sagemaker-005", "Give a notebook instance a lifecycle script and restart it",
		"sagemaker:CreateNotebookInstanceLifecycleConfig", "sagemaker:StopNotebookInstance", "sagemaker:UpdateNotebookInstance",
		"sagemaker:StartNotebookInstance"),
	onEC2(existing("ssm-001", "Open a Session Manager shell on an instance", "ssm:StartSession")),
	onEC2(existing("ssm-002", "Run commands on an instance through Systems Manager", "ssm:SendCommand")),
}
