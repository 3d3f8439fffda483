// Package serverless is the threat model of the threat modeling guide's
// serverless public API: Amazon API Gateway → AWS Lambda → Amazon DynamoDB,
// with IAM, CloudWatch Logs and CloudTrail. Tests and tools import it; the
// command in the parent directory prints and publishes it.
package serverless

import (
	"time"

	tm "github.com/threatwright/threatwright/threatmodel"
)

const day = 24 * time.Hour

// Model returns the threat model of the guide's serverless public API:
// API Gateway → Lambda → DynamoDB, with IAM, CloudWatch and CloudTrail.
func Model() *tm.Model { return model(change{}) }

// change is one deliberate change to the system, made by the sensitivity
// tests (sensitivity_test.go) to show that the report moves where it should
// and nowhere else. The zero value is the system as it is.
type change struct {
	unauthenticatedEntry bool // the API request states no authentication
	plaintextQuery       bool // the Lambda reads and writes DynamoDB in plaintext
	noAuditTrail         bool // CloudTrail is gone: the bucket holds no audit logs
	noInputValidation    bool // the Lambda does not validate its input
	noMFA                bool // MFA covers nobody
	noDataEvents         bool // CloudTrail records the users table's management events only
	lambdaCorrelates     bool // the Lambda logs the gateway's request ID with every entry
}

// model declares the system, with one change for the sensitivity tests.
func model(c change) *tm.Model {
	m := tm.New("Serverless public API",
		tm.Description("A public REST API for a SaaS product: Amazon API Gateway in front of an AWS Lambda "+
			"function that reads and writes user profiles in Amazon DynamoDB. IAM holds every permission; "+
			"CloudWatch Logs and CloudTrail record what happens."),
		tm.Owner("Platform Security"))

	m.ThreatContext(
		"The API is reachable by anyone on the internet and holds every customer's profile, so it is the "+
			"cheapest way into the product's most valuable data. Its Lambda execution role can read and write "+
			"the whole user table, and the AWS account also hosts the deploy pipeline's role.",
		"Worst case: an attacker who obtains the Lambda execution role's credentials, or who abuses an "+
			"unauthenticated or unvalidated API path, exports or alters every user record and erases the "+
			"logs that would show it.")
	m.Scope("The production API stack: API Gateway, the handler Lambda, the users table, IAM roles, logging.",
		"The deploy pipeline's access to the account.")
	m.Assume("AWS operates API Gateway, Lambda, DynamoDB and IAM as documented (shared responsibility model).",
		"Cognito user pools are configured with MFA for administrators.")
	m.OutOfScope("The mobile and web clients", "Threat-modelled separately with the front-end team.")
	m.OutOfScope("Cognito hosted UI", "A managed AWS service; its configuration is covered by the identity review.")

	// Trust boundaries: the guide's four.
	internet := m.Zone("Internet", tm.Untrusted,
		tm.Description("Anyone: customers, their devices, attackers."))
	account := m.Zone("AWS account", tm.Trusted, tm.ContainsBlastRadius(),
		tm.Description("The production AWS account: the blast-radius boundary. IAM decides what crosses inside it."))
	edge := m.Zone("API edge", tm.SemiTrusted, tm.Inside(account),
		tm.Description("Where untrusted traffic enters: API Gateway and its authorizer."))
	compute := m.Zone("Lambda compute", tm.Trusted, tm.Inside(account),
		tm.Description("Business logic: the auth and validation boundary."))
	data := m.Zone("Data plane", tm.HighlyTrusted, tm.Inside(account),
		tm.Description("DynamoDB and logs: the privilege boundary, reachable only through IAM."))
	control := m.Zone("Control plane", tm.HighlyTrusted, tm.Inside(account),
		tm.Description("IAM and STS: who may do what in the account."))
	github := m.Zone("GitHub", tm.SemiTrusted,
		tm.Description("GitHub.com: the repository and the GitHub-hosted runners that build and deploy. Outside the AWS account; "+
			"it gets in only through OIDC federation to the deploy role."))

	// Assets to protect: the guide's table.
	userData := m.DataAsset("User data in DynamoDB",
		tm.Value(tm.High), tm.RiskLevel(tm.Critical), tm.Classified(tm.Restricted), tm.PII(),
		tm.Description("Customer profiles: name, email, address, preferences."),
		tm.Lifecycle(tm.DataLifecycle{
			AtRest:            "DynamoDB table encrypted with a customer-managed KMS key; point-in-time recovery on",
			Encrypted:         tm.CustomerManagedKey,
			InTransit:         "TLS 1.3 from clients to API Gateway; TLS 1.2+ SigV4 calls from Lambda to DynamoDB",
			TransitEncryption: tm.TLS12,
			Deletion:          "Hard delete on account closure; removed from backups after the 35-day PITR window",
			Retention:         365 * day,
			AccessControl:     "Only the Lambda execution role; no human IAM principal has data-plane access",
		}))
	execRoleAsset := m.Asset("Lambda execution role", tm.AssetIdentity,
		tm.Value(tm.VeryHigh), tm.RiskLevel(tm.Critical),
		tm.Description("Temporary credentials that can read and write every user record."))
	endpoints := m.Asset("API endpoints", tm.AssetEndpoint,
		tm.Value(tm.MediumHigh), tm.RiskLevel(tm.Important),
		tm.Description("The public REST surface: availability and correct behaviour."))
	logs := m.Asset("Logs (CloudWatch)", tm.AssetLogs,
		tm.Value(tm.Medium), tm.RiskLevel(tm.Moderate),
		tm.Description("Application logs and CloudTrail audit events: the evidence trail."))
	request := m.DataAsset("API request payload",
		tm.Value(tm.Medium), tm.RiskLevel(tm.Important), tm.Classified(tm.Confidential), tm.PII(),
		tm.Description("JSON bodies and the caller's JWT."),
		tm.Lifecycle(tm.DataLifecycle{
			AtRest:        "Not stored; held in Lambda memory for the duration of one invocation",
			Encrypted:     tm.ProviderManagedKey,
			InTransit:     "TLS 1.3 to API Gateway, TLS 1.2+ inside AWS",
			Deletion:      "Discarded when the invocation ends; request bodies are never logged",
			AccessControl: "Cognito-authenticated caller; API Gateway authorizer scopes",
		}))

	// Components.
	user := m.ExternalEntity("User", internet, tm.Is(tm.Human),
		tm.Description("A customer using the mobile or web client."))
	admin := m.ExternalEntity("Operator", internet, tm.Is(tm.Human),
		tm.Description("An engineer who deploys and operates the stack from the corporate network, signing in with SSO and MFA."))
	cognito := m.Process("Cognito user pool", edge, tm.Is(tm.IdentityProvider), tm.Infrastructure(),
		tm.Technology("Amazon Cognito"),
		tm.Description("Issues the JWTs that API Gateway's authorizer checks; MFA for administrators. "+
			"The mobile and web app clients are public clients: authorization code with PKCE, no client secret. "+
			"They may write only the profile attributes users own, never custom:role or email_verified."),
		tm.Accepts(tm.JSON), // the user pool API (InitiateAuth, RespondToAuthChallenge) takes JSON
		tm.Controls(tm.Authentication, tm.Authorization, tm.RateLimiting, tm.AuditLogging, tm.InputValidation,
			tm.ErrorSanitization, tm.DDoSProtection),
		// MFA is required of the pool's administrators, the operators; customers sign in with a password alone.
		when(!c.noMFA, tm.Controls(tm.MFA).For(admin)),
		tm.ErrorHandling("Sign-in errors reveal whether an account exists", "Uniform error messages; advanced security features block enumeration"),
		tm.Runtime("Credential stuffing against the sign-in endpoint", "Cognito advanced security: compromised-credential checks and adaptive authentication"))
	gateway := m.Process("API Gateway", edge, tm.Is(tm.Gateway), tm.RunBy("apigateway.amazonaws.com"), tm.Infrastructure(),
		tm.Technology("Amazon API Gateway (REST), AWS WAF"),
		tm.Description("The public entry point: terminates TLS, runs the Cognito authorizer, validates request schemas, throttles. "+
			"Each request gets an ID ($context.requestId), written in the access log and passed to the function in the event's request context."),
		tm.Accepts(tm.JSON),
		tm.Controls(tm.Authentication, tm.Authorization, tm.InputValidation, tm.RateLimiting, tm.WAF,
			tm.DDoSProtection, tm.AuditLogging, tm.ErrorSanitization, tm.SecurityHeaders, tm.ShortLivedCredentials,
			tm.LogScrubbing, tm.RequestCorrelation),
		tm.ErrorHandling("Default gateway error responses expose integration details", "Gateway responses mapped to generic messages; request IDs only"),
		tm.Runtime("Request floods exhaust Lambda concurrency (denial of wallet)", "Usage plans, per-client throttling, AWS Shield Standard, WAF rate rules"))
	handler := m.Process("Lambda", compute, tm.Is(tm.Function), tm.RunBy("lambda.amazonaws.com"),
		tm.Technology("AWS Lambda, Node.js 22, arm64"),
		tm.Description("Business logic: validates every field, reads and writes user records."),
		tm.Accepts(tm.JSON),
		when(!c.noInputValidation, tm.Controls(tm.InputValidation)),
		tm.Controls(tm.ParameterizedQueries, tm.ErrorSanitization, tm.LogScrubbing,
			tm.LeastPrivilege, tm.ResourceLimits, tm.Timeouts, tm.AuditLogging, tm.ReadOnlyFilesystem, tm.EgressFiltering),
		when(c.lambdaCorrelates, tm.Controls(tm.RequestCorrelation)),
		tm.ErrorHandling("Stack traces in API error responses expose internal paths", "Generic error messages externally; structured logging internally"),
		tm.ErrorHandling("Secrets or PII in logs", "Scrub sensitive fields before logging; request bodies never logged"),
		tm.Runtime("Code injection through dependencies or eval of input", "No dynamic evaluation; read-only filesystem; dependencies pinned and scanned"),
		tm.Runtime("Outbound calls exfiltrate data (SSRF)", "Lambda attached to private subnets with no NAT gateway: its only route out is the DynamoDB gateway endpoint. "+
			"Logs leave through the Lambda service, and the execution role's credentials come from it, not from the function's network"))
	// Provider-managed: AWS runs DynamoDB, CloudWatch Logs, CloudTrail, IAM
	// and STS, and GitHub runs the Actions runners; the account configures
	// and calls them. API Gateway, Cognito and Lambda are AWS services too,
	// but they are the API's own entry points and code: what they accept,
	// how they are throttled and what the function does are ours to protect.
	table := m.DataStore("DynamoDB", data, tm.Is(tm.Database), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("Amazon DynamoDB"),
		tm.Description("The users table, in on-demand capacity mode with a maximum on-demand throughput set on the table. "+
			"DynamoDB's regional endpoint is public, so the table's resource policy denies every request "+
			"that does not arrive through the VPC gateway endpoint (aws:SourceVpce), and the endpoint policy admits only this table."),
		tm.BilledPerRequest(),
		tm.Stores(userData),
		tm.Controls(tm.EncryptionAtRest, tm.Authorization, tm.PrivateEndpoint, tm.Backups, tm.DeletionProtection, tm.AuditLogging,
			tm.Redundancy, tm.ResourceLimits))
	cloudwatch := m.DataStore("CloudWatch Logs", data, tm.Is(tm.LogStore), tm.Infrastructure(), tm.ProviderManaged(), tm.HoldsAuditLogs(),
		tm.Technology("Amazon CloudWatch Logs"),
		tm.Description("Application logs from API Gateway and Lambda, 400-day retention. Log events cannot be edited, "+
			"but anyone allowed logs:DeleteLogGroup can delete them: nothing protects their integrity."),
		tm.Stores(logs),
		tm.Controls(tm.EncryptionAtRest, tm.Authorization, tm.Monitoring, tm.TimeSync))
	trail := []tm.ComponentOption{tm.Is(tm.LogStore), tm.HoldsAuditLogs()}
	if c.noAuditTrail {
		trail = []tm.ComponentOption{tm.Is(tm.ObjectStorage)}
	}
	cloudtrail := m.DataStore("CloudTrail", data, append(trail, tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("AWS CloudTrail to an S3 bucket with Object Lock"),
		tm.Description("Every management API call in the account, IAM included, and the DynamoDB data events of the users table "+
			"(enabled on that table, as CloudTrail does not log data events by default), each with the caller's identity."),
		tm.Stores(logs),
		tm.Controls(tm.EncryptionAtRest, tm.LogIntegrity, tm.Monitoring, tm.TimeSync, tm.Authorization))...)
	iam := m.Process("IAM", control, tm.Is(tm.IdentityProvider), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("AWS IAM and STS"),
		tm.Description("Issues short-lived credentials: to the Lambda service for the execution role, and to the pipeline's OIDC token for the deploy role. "+
			"AWS throttles IAM and STS requests per account."),
		tm.Controls(tm.ShortLivedCredentials, tm.AuditLogging, tm.PermissionBoundary, tm.MFA, tm.InputValidation,
			tm.ErrorSanitization, tm.Redundancy, tm.RateLimiting),
		tm.ErrorHandling("AccessDenied messages name the missing permission and resource", "Only returned to the authenticated principal; never forwarded to API clients"),
		tm.Runtime("A principal escalates by attaching policies or passing roles", "Permission boundaries on every role; SCP denies iam:* outside the pipeline"))
	pipeline := m.Process("Deploy pipeline", github, tm.Is(tm.Pipeline), tm.RunBy("token.actions.githubusercontent.com"), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("GitHub Actions on GitHub-hosted runners, with OIDC federation to AWS"),
		tm.Description("Builds the Lambda bundle and deploys the stack with CloudFormation."),
		tm.Controls(tm.CodeReview, tm.DependencyPinning, tm.SCAScanning, tm.SASTScanning, tm.SecretScanning,
			tm.ShortLivedCredentials, tm.AuditLogging, tm.SignedArtifacts, tm.RateLimiting, tm.ErrorSanitization),
		tm.ErrorHandling("Build logs print environment variables", "No secrets in the environment; OIDC tokens are masked"),
		tm.Runtime("A compromised third-party action alters the build", "Actions pinned to commit SHAs; workflow changes need review"))

	// Audit trails AWS delivers without a flow of the model: Cognito's and
	// DynamoDB's events (data events enabled on the table) go to CloudTrail.
	if !c.noAuditTrail {
		cognito.AuditedIn(cloudtrail)
		if c.noDataEvents {
			table.AuditedIn(cloudtrail)
		} else {
			table.DataEventsAuditedIn(cloudtrail)
		}
	}

	// Data flow: User → API Gateway → Lambda → DynamoDB → Lambda → API Gateway → User.
	signIn := m.Flow(user, cognito, "Sign-in",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.Password), tm.AuthZ(tm.NoAuthorization),
		tm.Carries(request), tm.Controls(tm.RateLimiting))
	m.Response(signIn, "ID token", tm.Carries(request))
	call := m.Flow(user, gateway, "API request",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(pick(c.unauthenticatedEntry, tm.NoAuthentication, tm.JWT)), tm.AuthZ(tm.Scopes),
		tm.Carries(request), tm.Controls(tm.InputValidation, tm.RateLimiting, tm.ShortLivedCredentials))
	m.Response(call, "API response", tm.Carries(userData))
	invoke := m.Flow(gateway, handler, "Invoke",
		tm.Over(tm.CloudAPI, 0), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy),
		tm.Carries(request), tm.Controls(tm.InputValidation, tm.Authorization))
	m.Response(invoke, "Invocation result", tm.Carries(userData))
	query := m.Flow(handler, table, "Read and write user record",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(pick(c.plaintextQuery, tm.Plaintext, tm.TLS12)), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy),
		tm.Identity(tm.TechnicalUser), // the execution role, for every user's request
		tm.Carries(userData), tm.Controls(tm.ParameterizedQueries))
	m.Response(query, "User record", tm.Carries(userData))
	appLogs := m.Flow(handler, cloudwatch, "Application logs",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy),
		tm.Carries(logs), tm.Controls(tm.LogScrubbing))
	m.Flow(gateway, cloudwatch, "Access logs",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy),
		tm.Carries(logs))
	m.Flow(iam, handler, "Execution role credentials",
		tm.Over(tm.CloudAPI, 0), tm.Encrypted(tm.TLS12), tm.AuthN(tm.WorkloadIdentity), tm.AuthZ(tm.IAMPolicy),
		tm.Description("The Lambda service assumes the execution role (its trust policy names lambda.amazonaws.com and the function's ARN) "+
			"and hands the temporary credentials to each execution environment; the function never calls STS itself."),
		tm.Carries(execRoleAsset))
	m.Flow(iam, cloudtrail, "Audit events",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy),
		tm.Carries(logs), tm.Controls(tm.OutputEncoding))
	oidc := m.Flow(pipeline, iam, "Deploy with OIDC",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.WorkloadIdentity), tm.AuthZ(tm.IAMPolicy),
		tm.Carries(endpoints))
	update := m.Flow(pipeline, handler, "Update function code",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy), tm.Deploys(),
		tm.Description("A call to the Lambda control-plane API, not to the function; AWS throttles it per account."),
		tm.Carries(endpoints), tm.Controls(tm.SignedArtifacts, tm.RateLimiting))
	stage := m.Flow(pipeline, gateway, "Deploy API stage",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy), tm.Deploys(),
		tm.Carries(endpoints))
	m.Flow(admin, pipeline, "Merge and release",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.OAuth2), tm.AuthZ(tm.RoleBased),
		tm.Carries(endpoints), tm.Controls(tm.CodeReview), when(!c.noMFA, tm.Controls(tm.MFA)))

	// IAM.
	// Guardrails: the permissions boundaries attached to the roles, and the
	// organisation's service control policy on the production account.
	// The SCP exempts the deploy role by a condition on the principal ARN,
	// so it applies to the roles of what runs in the account, not to the
	// pipeline's.
	scp := m.Guardrail("Production account SCP",
		tm.Note("Service control policy on the production OU: no IAM changes except by the deploy role (condition on aws:PrincipalArn)."))
	scp.Deny(tm.AnyResource(), "iam:*")
	account.Guardrail(scp)
	execBoundary := m.Guardrail("Lambda execution boundary",
		tm.Note("Permissions boundary policy: only DynamoDB on the users table and CloudWatch Logs on the function's log group."))
	execBoundary.Allow(table, "dynamodb:*")
	execBoundary.Allow(cloudwatch, "logs:*")
	deployBoundary := m.Guardrail("Deploy boundary",
		tm.Note("Permissions boundary policy of the deploy role: no IAM users or access keys, no reads of DynamoDB items."))
	deployBoundary.Deny(tm.AnyResource(), "iam:CreateUser", "iam:CreateAccessKey")
	deployBoundary.Deny(table, "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan")

	execRole := m.Role("Lambda execution role",
		tm.Description("Assumed by the handler Lambda for every invocation."),
		tm.WithPermissionBoundary(execBoundary),
		tm.TrustsServices("lambda.amazonaws.com"),
		tm.MitigatedBy("Scoped to the users table ARN; permission boundary; credentials live at most 12 hours; no iam:* actions"))
	execRole.Allow(table, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query")
	execRole.Allow(cloudwatch, "logs:CreateLogStream", "logs:PutLogEvents")
	execRole.Deny(table, "dynamodb:DeleteTable", "dynamodb:Scan")
	handler.RunsAs(execRole)
	m.Asset("Deploy role credentials", tm.AssetCredential, tm.Value(tm.VeryHigh), tm.RiskLevel(tm.Critical),
		tm.Description("OIDC-federated session of the deploy role."), tm.Represents(pipeline))

	deployRole := m.Role("Deploy role",
		tm.Description("Assumed by the pipeline through OIDC to run CloudFormation."),
		tm.WithPermissionBoundary(deployBoundary),
		tm.TrustsServices("token.actions.githubusercontent.com"),
		tm.MitigatedBy("OIDC trust limited to the main branch of one repository; permission boundary; CloudTrail alerts on IAM changes"))
	deployRole.Allow(handler, "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration")
	deployRole.Allow(gateway, "apigateway:PUT", "apigateway:POST")
	deployRole.Allow(execRole, "iam:PassRole") // CloudFormation hands the execution role to the function
	deployRole.Deny(table, "dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query")
	pipeline.RunsAs(deployRole)
	gwRole := m.Role("API Gateway logging role",
		tm.Description("Lets API Gateway write access logs."),
		tm.TrustsServices("apigateway.amazonaws.com"),
		tm.MitigatedBy("AWS managed policy limited to CloudWatch Logs"))
	gwRole.Allow(cloudwatch, "logs:CreateLogStream", "logs:PutLogEvents")
	gateway.RunsAs(gwRole)

	// Secrets lifecycle. The app clients are public (PKCE, no client
	// secret), so every credential is issued to a workload and none is
	// stored.
	m.Secret("Lambda execution role credentials",
		tm.Provisioned("Issued by STS to the Lambda runtime for each execution environment; never stored by us"),
		tm.Stored(tm.InWorkloadIdentity), tm.Rotated(tm.Rotation{Every: 12 * time.Hour, Automated: true}),
		tm.UsedBy(handler), tm.Grants(execRole), tm.Authenticates(query, appLogs),
		tm.BlastRadius("Read and write every user record until expiry — scoped to the users table by the role's policy"))
	m.Secret("Deploy OIDC session",
		tm.Provisioned("GitHub OIDC token exchanged with STS per workflow run"),
		tm.Stored(tm.InWorkloadIdentity), tm.Rotated(tm.Rotation{Every: time.Hour, Automated: true}),
		tm.UsedBy(pipeline), tm.Grants(deployRole), tm.Authenticates(oidc, update, stage),
		tm.BlastRadius("Change the function's code and the API's configuration for one hour — the boundary denies direct data access, but new function code runs as the execution role and reads every user record: code review and signed artifacts are the control"))

	// Supply chain.
	m.Dependency("npm packages", tm.Package, tm.Pinned(tm.LockFile, "package-lock.json"),
		tm.Verified("npm ci with integrity hashes; Dependabot and npm audit in CI"),
		tm.Risk("Malicious package update"), tm.MitigatedBy("Lock file, SCA scanning, pinned versions, review of new dependencies"),
		tm.UsedBy(handler))
	m.Dependency("Lambda Node.js runtime", tm.ManagedService, tm.Pinned(tm.ExactVersion, "nodejs22.x"),
		tm.Verified("AWS-managed runtime updates"),
		tm.Risk("Runtime vulnerability before AWS patches it"), tm.MitigatedBy("Managed runtime with automatic patching; runtime deprecation alerts"),
		tm.UsedBy(handler))
	m.Dependency("GitHub Actions", tm.CIAction, tm.Pinned(tm.Digest, "commit SHAs"),
		tm.Verified("Actions pinned to full commit SHAs; allowed-actions list"),
		tm.Risk("Compromised third-party action"), tm.MitigatedBy("Pin to commit SHA, audit action source, least-privilege GITHUB_TOKEN"),
		tm.UsedBy(pipeline))
	m.Dependency("CloudFormation templates", tm.IaCModule, tm.Pinned(tm.Digest, "git commit"),
		tm.Verified("cfn-lint and cfn-guard in CI; reviewed like code"),
		tm.Risk("Misconfiguration opens the table or widens the role"), tm.MitigatedBy("Policy-as-code checks; drift detection"),
		tm.UsedBy(pipeline))
	m.Dependency("LLM-generated code", tm.GeneratedCode, tm.Pinned(tm.Digest, "git commit"),
		tm.Verified("Human review of every change; SAST on every pull request"),
		tm.Risk("Model suggests vulnerable patterns"), tm.MitigatedBy("SAST scanning, human review of security-critical paths"),
		tm.UsedBy(handler))

	// Mitigations from the guide.
	m.Mitigation("Cognito/IAM authentication on API Gateway",
		tm.Description("Every route requires a Cognito JWT checked by the gateway authorizer; IAM auth for internal routes."),
		tm.Implements(tm.Authentication, tm.Authorization), tm.On(gateway, call))
	m.Mitigation("Strict input validation in Lambda",
		tm.Description("JSON schema validation at the gateway, then field-by-field validation and sanitization in the handler."),
		tm.Implements(tm.InputValidation), tm.On(gateway), pick(c.noInputValidation, tm.On(), tm.On(handler)))
	m.Mitigation("Records scoped to the caller",
		tm.Description("The handler reads and writes only the record keyed by the caller's Cognito sub, taken from the authorizer's "+
			"context, never from the request; the list endpoint returns only the caller's own records."),
		tm.Implements(tm.Authorization), tm.On(handler))
	m.Mitigation("DynamoDB access only via Lambda role",
		tm.Description("No human or other role has data-plane access; endpoint policy restricts the VPC endpoint to the execution role."),
		tm.Implements(tm.LeastPrivilege, tm.Authorization), tm.On(table, query))
	m.Mitigation("No public DynamoDB endpoints",
		tm.Description("DynamoDB always has a public regional endpoint; the table's resource policy denies any request that does not come through the VPC gateway endpoint, and no route or credential outside the VPC can use it."),
		tm.Implements(tm.NetworkIsolation, tm.PrivateEndpoint), tm.On(table))
	m.Mitigation("Short-lived credentials only",
		tm.Description("No IAM users or access keys; STS credentials for roles, OIDC for the pipeline."),
		tm.Implements(tm.ShortLivedCredentials, tm.SecretsManager), tm.On(handler, pipeline, iam))
	m.Mitigation("No hard-coded secrets",
		tm.Description("Secrets come from Secrets Manager or STS at run time; secret scanning blocks commits and builds that contain credentials."),
		tm.Implements(tm.SecretsManager, tm.SecretScanning), tm.On(handler, pipeline))
	if !c.noMFA {
		m.Mitigation("Multi-factor authentication for operators",
			tm.Description("SSO with MFA for every human; Cognito MFA for administrators."),
			tm.Implements(tm.MFA), tm.On(cognito, pipeline), tm.Covers(admin))
	}
	m.Mitigation("Immutable audit trail",
		tm.Description("CloudTrail with log file validation to an Object Lock bucket in a separate log archive account."),
		tm.Implements(tm.AuditLogging, tm.LogIntegrity), tm.On(cloudtrail))

	// A threat no rule can know.
	m.Threat("Bulk export through a legitimate but compromised customer account", tm.InformationDisclosure,
		tm.About(gateway, handler, userData),
		tm.Description("An attacker with one valid account pages through the API faster than any person would."),
		tm.AttackPaths("Credential stuffing against Cognito", "Scripted pagination of the list endpoint"),
		tm.Impact(tm.Medium), tm.Likelihood(tm.Medium),
		tm.MitigatedBy("Per-user rate limits; list endpoint returns only the caller's own records; anomaly alarms on read volume"))
	m.Threat("Lambda concurrency exhausted by a single tenant", tm.DenialOfService,
		tm.About(handler), tm.Impact(tm.Medium), tm.Likelihood(tm.Low),
		tm.Description("One tenant's traffic uses the account's Lambda concurrency and starves others."))
	m.Accept("USR-lambda-concurrency-exhausted-by-a-single-tenant",
		tm.Justification("Reserved concurrency and usage plans make this a degradation, not an outage; per-tenant isolation is on the 2027 roadmap"),
		tm.Owner("API team lead"), tm.Expires(time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)))

	// Risks the team accepts, each with an owner and a date: what the
	// analysis leaves open at High and the team does not fix yet.
	reviewBy := time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)
	// The password is used at the sign-in; the API request carries the
	// token it buys, whose theft is TW-S-002.
	for _, id := range []string{
		"TW-S-003@User → Cognito user pool: Sign-in",
	} {
		m.Accept(id,
			tm.Justification("Customers sign in with a password alone. Cognito advanced security blocks known-compromised passwords and "+
				"challenges risky sign-ins, which lowers the likelihood but does not stop a phished password; optional TOTP MFA for "+
				"customers is planned for Q1 2027"),
			tm.Owner("API team lead"), tm.Expires(reviewBy))
	}
	// The deploy role's power is the system's worst real path: it replaces
	// the function's code and configuration and hands it the execution
	// role, so whoever runs a workflow as it reaches every user record
	// through the function (reach reports the takeover, RCH004).
	for _, id := range []string{
		"TW-T-010@Lambda (Deploy role)",
		"TW-T-010@API Gateway (Deploy role)",
		"TW-E-002@Deploy pipeline (Lambda execution role)",
		"TW-E-003@Deploy pipeline (Deploy role)",
		"TW-E-007@Deploy pipeline (Deploy role)",
		"TW-E-007@Deploy pipeline (Lambda execution role)",
		"TW-E-008@Deploy pipeline (Deploy role)",
		"TW-E-009@Deploy pipeline (Deploy role)",
		"TW-E-009@Deploy pipeline (Lambda execution role)",
	} {
		m.Accept(id,
			tm.Justification("The deploy role must change the function, the API and the role the function runs as to deploy them. "+
				"Only workflows on the reviewed main branch can assume it (OIDC trust on the repository and branch), but nothing at "+
				"the function checks what it deploys: Lambda code signing with AWS Signer is planned, and does not cover configuration changes"),
			tm.Owner("Platform team lead"), tm.Expires(reviewBy))
	}
	// The execution role reaches the user data because the function's job
	// is to read and write it: that blast radius is the design's.
	for _, id := range []string{
		"TW-E-003@Lambda (Lambda execution role)",
		"TW-E-009@Lambda (Lambda execution role)",
	} {
		m.Accept(id,
			tm.Justification("The function exists to read and write user records. Its role is confined to the users table and its log "+
				"group by the Lambda execution boundary, and the account SCP denies IAM changes; what is left is the access the design needs"),
			tm.Owner("API team lead"), tm.Expires(reviewBy))
	}
	m.Accept("TW-R-001@Deploy pipeline",
		tm.Justification("GitHub keeps workflow run logs and the organization audit log outside this model, for 90 days; streaming them "+
			"to the log archive account is planned"),
		tm.Owner("Platform team lead"), tm.Expires(reviewBy))

	return m
}

// pick returns changed when the change is made, else as is.
func pick[T any](change bool, changed, asIs T) T {
	if change {
		return changed
	}
	return asIs
}

// when returns the controls unless the change removes them (then no
// control at all).
func when(keep bool, o tm.ControlsOption) tm.ControlsOption {
	if keep {
		return o
	}
	return tm.Controls()
}
