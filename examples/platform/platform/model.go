// Package platform is the threat model of a container platform web
// application: a customer-facing document and billing service on Amazon EKS
// behind CloudFront, AWS WAF and an Application Load Balancer, with
// PostgreSQL, Redis, S3 and SQS, a third-party payment provider, an OIDC
// identity provider, and a GitHub → GitHub Container Registry → Argo CD
// delivery pipeline.
//
// Unlike the serverless example it exercises nested network zones (a cloud
// account holding a VPC holding subnets holding Kubernetes namespaces),
// container runtime security, workload identity, GitOps and the software
// supply chain. Tests and tools import it; the command in the parent
// directory prints it.
package platform

import (
	"time"

	tm "github.com/threatwright/threatwright/threatmodel"
)

const day = 24 * time.Hour

// Model returns the threat model of the container platform web application.
func Model() *tm.Model { return model(change{}) }

// change is one deliberate change to the system, made by the sensitivity
// tests (sensitivity_test.go) to show that the report moves where it should
// and nowhere else. The zero value is the system as it is.
type change struct {
	unauthenticatedAPI bool // the frontend calls the API without the user's token
	plaintextSQL       bool // the API talks to PostgreSQL in plaintext
	noAuditTrail       bool // CloudWatch Logs no longer holds the audit logs
	noInputValidation  bool // the API does not validate its input
	noMFA              bool // MFA covers nobody: developers and engineers sign in with a password alone
}

// model declares the system, with one change for the sensitivity tests.
func model(c change) *tm.Model {
	m := tm.New("Container platform web application",
		tm.Description("A multi-tenant SaaS where businesses store contracts and invoices and pay for their plan by card. "+
			"A Next.js web frontend and a Go API run on Amazon EKS behind CloudFront, AWS WAF, an Application Load "+
			"Balancer and ingress-nginx, in a Linkerd service mesh. A Kubernetes Job scans and indexes uploaded "+
			"documents from an SQS queue. Data lives in RDS for PostgreSQL, ElastiCache for Redis and S3. Card "+
			"payments go through a PCI DSS Level 1 payment provider; customers sign in with an OIDC identity "+
			"provider. Code ships from GitHub through GitHub Actions and GitHub Container Registry, and Argo CD "+
			"deploys it from a GitOps repository."),
		tm.Owner("Platform Security"))

	m.ThreatContext(
		"The application holds every tenant's contracts, invoices and identity documents, their users' personal "+
			"data, and the payment-method tokens that let it charge their cards. It is reachable by anyone on the "+
			"internet, it accepts files from them and parses them, and it takes payment webhooks from a third party. "+
			"Behind it sits a Kubernetes cluster whose GitOps controller can change anything in the cluster, and a "+
			"build pipeline on GitHub whose images the cluster runs: the supply chain is as attractive a way in as "+
			"the web front door.",
		"Worst case: an attacker who gets code into a running container (through a vulnerable dependency, a "+
			"malicious document, a poisoned image or a compromised CI workflow) escapes to the node or rides the "+
			"workload's identity, reads every tenant's documents from S3 and every account from PostgreSQL, "+
			"charges stored cards through the payment API key, and — through Argo CD's cluster-wide rights — "+
			"keeps control of the cluster and erases the evidence.")
	m.Scope("The production AWS account: CloudFront and WAF, the VPC, the EKS cluster and its workloads, RDS, "+
		"ElastiCache, S3, SQS, Secrets Manager, IAM and CloudWatch Logs.",
		"The delivery path: GitHub repositories, GitHub Actions, GitHub Container Registry and Argo CD.",
		"The integrations: the payment provider's API and webhooks, and the OIDC identity provider.")
	m.Assume("AWS operates EKS's control plane, RDS, ElastiCache, S3, SQS, Secrets Manager and IAM as documented "+
		"(shared responsibility model).",
		"The payment provider is a PCI DSS Level 1 service provider; card numbers are entered only in its hosted "+
			"fields, so the application is in SAQ A scope.",
		"The identity provider enforces MFA for tenant administrators and signs tokens with keys it rotates.",
		"Engineers reach AWS only through IAM Identity Center with phishing-resistant MFA.")
	m.OutOfScope("Customer sign-in at the identity provider (browser ↔ IdP)",
		"It runs between two external entities on the provider's hosted login page; its MFA, lockout and account "+
			"recovery are covered by the vendor assessment. The model starts at the authorization code the "+
			"browser brings back.")
	m.OutOfScope("Staging and development clusters",
		"Separate AWS accounts with synthetic data only; modelled in the non-production review.")
	m.OutOfScope("Internal back-office tools",
		"Separate application with its own threat model; it reaches this system only through the public API.")

	// Trust boundaries. Top level: the internet, the three third parties and
	// the AWS account, which is the blast-radius boundary. Inside the account
	// the network nests: VPC → subnets → Kubernetes namespaces.
	internet := m.Zone("Internet", tm.Untrusted,
		tm.Description("Anyone: customers and their browsers, engineers' laptops, attackers."))
	paymentZone := m.Zone("Payment provider", tm.SemiTrusted,
		tm.Description("The payment provider's PCI DSS Level 1 environment: card vault, charges API, webhooks."))
	idpZone := m.Zone("Identity provider", tm.SemiTrusted,
		tm.Description("The customer identity SaaS that issues OIDC tokens."))
	githubZone := m.Zone("GitHub", tm.SemiTrusted,
		tm.Description("GitHub Enterprise Cloud: source and GitOps repositories, Actions runners, Container Registry. "+
			"A third party, but the root of the software supply chain."))
	account := m.Zone("AWS production account", tm.Trusted, tm.ContainsBlastRadius(),
		tm.Description("The production AWS account: the blast-radius boundary. IAM, SCPs and the VPC decide what crosses inside it."))
	edge := m.Zone("AWS edge", tm.SemiTrusted, tm.Inside(account),
		tm.Description("CloudFront and AWS WAF: where untrusted traffic first meets the account."))
	regional := m.Zone("AWS regional services", tm.Trusted, tm.Inside(account),
		tm.Description("S3, SQS, Secrets Manager, IAM/STS and CloudWatch Logs: outside the VPC, reached through VPC endpoints and IAM."))
	controlPlane := m.Zone("EKS control plane", tm.HighlyTrusted, tm.Inside(account),
		tm.Description("The AWS-managed Kubernetes API server and etcd, with a private endpoint only."))
	vpc := m.Zone("Production VPC", tm.Trusted, tm.Inside(account),
		tm.Description("The network boundary: three subnet tiers, egress only through NAT and AWS Network Firewall."))
	publicSubnet := m.Zone("Public subnet", tm.SemiTrusted, tm.Inside(vpc),
		tm.Description("Internet-facing tier: only the load balancer and NAT gateways."))
	appSubnet := m.Zone("Private app subnet", tm.Trusted, tm.Inside(vpc),
		tm.Description("EKS worker nodes and pods (VPC CNI gives pods subnet addresses). No inbound route from the internet."))
	ingressNS := m.Zone("ingress-nginx namespace", tm.SemiTrusted, tm.Inside(appSubnet),
		tm.Description("Kubernetes namespace of the ingress controller: it handles untrusted requests, so it is trusted less than the subnet around it."))
	appNS := m.Zone("app namespace", tm.Trusted, tm.Inside(appSubnet),
		tm.Description("Kubernetes namespace of the application workloads: default-deny NetworkPolicies, Pod Security 'restricted', Linkerd mTLS."))
	platformNS := m.Zone("Platform namespaces", tm.HighlyTrusted, tm.Inside(appSubnet),
		tm.Description("The argocd and external-secrets namespaces, on a dedicated node group: the controllers that change the cluster and hold its secrets."))
	dataSubnet := m.Zone("Data subnet", tm.HighlyTrusted, tm.Inside(vpc),
		tm.Description("Managed databases only; security groups admit the app pods' security group and nothing else."))

	// Assets to protect.
	accounts := m.DataAsset("User accounts and PII",
		tm.Value(tm.High), tm.RiskLevel(tm.Critical), tm.Classified(tm.Restricted), tm.PII(),
		tm.Description("Tenants, users, names, email addresses, billing addresses, roles within the tenant."),
		tm.Lifecycle(tm.DataLifecycle{
			AtRest:            "RDS for PostgreSQL encrypted with a customer-managed KMS key; automated backups and snapshots under the same key",
			Encrypted:         tm.CustomerManagedKey,
			InTransit:         "TLS 1.3 to CloudFront, TLS 1.2 to the ALB and ingress, Linkerd mTLS in the cluster, TLS 1.2 with verify-full to PostgreSQL",
			TransitEncryption: tm.TLS12,
			Deletion:          "Account closure soft-deletes at once and hard-deletes after 30 days; backups age out after 35 days",
			AccessControl:     "API service and upload worker through the application database user, with row-level security by tenant; no human access outside break-glass",
		}))
	cardTokens := m.DataAsset("Cardholder data tokens",
		tm.Value(tm.High), tm.RiskLevel(tm.Critical), tm.Classified(tm.Restricted),
		tm.Description("Payment-method tokens from the payment provider with card brand, last four digits and expiry. "+
			"With the payment API key they charge the customer's card."),
		tm.Lifecycle(tm.DataLifecycle{
			AtRest:        "PostgreSQL payments table, customer-managed KMS key; the card number itself is never stored",
			Encrypted:     tm.CustomerManagedKey,
			InTransit:     "TLS 1.3 from the provider to the browser, then the web path (TLS, mTLS); TLS 1.3 from the API to the provider",
			Deletion:      "Payment method detached at the provider and the row deleted when the customer removes the card or closes the account",
			AccessControl: "API service payments module; masked in every view. The upload worker shares the database user and could read them, though none of its queries do (a separate worker user is planned)",
		}))
	pan := m.DataAsset("Card number (PAN)",
		tm.Value(tm.VeryHigh), tm.RiskLevel(tm.Critical), tm.Classified(tm.Restricted), tm.PII(),
		tm.Description("Primary account number, expiry and CVC as the customer types them."),
		tm.Lifecycle(tm.DataLifecycle{
			AtRest:        "Never stored by us: typed into the provider's hosted fields (a cross-origin iframe) and vaulted by the provider under PCI DSS",
			InTransit:     "TLS 1.3 straight from the browser to the payment provider; never through our CDN, load balancer or cluster",
			Deletion:      "Held under the provider's retention; we have no copy to delete",
			AccessControl: "The payment provider only; no code or person of ours can read it (SAQ A)",
		}))
	documents := m.DataAsset("Uploaded documents",
		tm.Value(tm.High), tm.RiskLevel(tm.Critical), tm.Classified(tm.Confidential), tm.PII(),
		tm.Description("Contracts, invoices and identity documents tenants upload, with their metadata and scan results."),
		tm.Lifecycle(tm.DataLifecycle{
			AtRest:        "S3 with SSE-KMS (customer-managed key), versioning and Block Public Access; keys are tenant ID / random UUID; metadata in PostgreSQL",
			Encrypted:     tm.CustomerManagedKey,
			InTransit:     "TLS and mTLS along the web path to the API; TLS 1.2 from the API and worker to S3 through a VPC gateway endpoint",
			Deletion:      "Deleted with the owning record; noncurrent versions expire after 30 days; invoices under legal hold kept 7 years",
			Retention:     7 * 365 * day,
			AccessControl: "API IAM role (get, put) and worker IAM role (get, tag) on this bucket only; bucket policy denies access not through the VPC endpoint; tenant check before every read",
		}))
	sessions := m.DataAsset("Session tokens",
		tm.Value(tm.High), tm.RiskLevel(tm.Important), tm.Classified(tm.Confidential),
		tm.Description("Session cookies and the OIDC ID, access and refresh tokens the frontend keeps server-side for each session."),
		tm.Lifecycle(tm.DataLifecycle{
			AtRest:        "ElastiCache for Redis with at-rest encryption (AWS-managed key); session IDs are random 256-bit values",
			Encrypted:     tm.ProviderManagedKey,
			InTransit:     "Secure, HttpOnly, SameSite=Lax cookie over TLS to the browser; plaintext RESP from the frontend to Redis inside the VPC until the TLS migration (accepted risk)",
			Deletion:      "Expire after 12 hours idle or 7 days absolute; logout deletes the key and revokes the refresh token at the IdP",
			Retention:     7 * day,
			AccessControl: "Web frontend only; the Redis security group admits the app pods' security group only",
		}))
	paymentEvents := m.DataAsset("Payment events",
		tm.Value(tm.Medium), tm.RiskLevel(tm.Important), tm.Classified(tm.Confidential),
		tm.Description("Webhook notifications of succeeded, failed and disputed payments, and charge results."),
		tm.Lifecycle(tm.DataLifecycle{
			AtRest:        "Event IDs and status changes in PostgreSQL (customer-managed key) for idempotency; raw payloads are not kept",
			Encrypted:     tm.CustomerManagedKey,
			InTransit:     "TLS 1.3 from the provider to CloudFront, then the web path; each payload signed with HMAC-SHA256",
			Deletion:      "Idempotency records purged after 90 days",
			Retention:     90 * day,
			AccessControl: "API webhook handler only",
		}))
	jobs := m.DataAsset("Document processing jobs",
		tm.Value(tm.Low), tm.RiskLevel(tm.Moderate), tm.Classified(tm.Internal),
		tm.Description("Queue messages naming a tenant and a document to scan and index; no document content."),
		tm.Lifecycle(tm.DataLifecycle{
			AtRest:        "SQS with SSE-KMS (customer-managed key)",
			Encrypted:     tm.CustomerManagedKey,
			InTransit:     "TLS 1.2 to the SQS VPC interface endpoint",
			Deletion:      "Deleted by the worker on success; after 5 failed receives moved to a dead-letter queue kept 14 days",
			Retention:     14 * day,
			AccessControl: "API IAM role may send; worker IAM role may receive and delete",
		}))
	auditLogs := m.Asset("Audit logs", tm.AssetLogs,
		tm.Value(tm.MediumHigh), tm.RiskLevel(tm.Important),
		tm.Description("Kubernetes audit log, CloudTrail, application audit events and container logs: the evidence trail."),
		tm.Lifecycle(tm.DataLifecycle{
			AtRest:        "CloudWatch Logs (KMS) with a subscription to an S3 Object Lock bucket in the log-archive account",
			Encrypted:     tm.CustomerManagedKey,
			InTransit:     "TLS 1.2 from Fluent Bit and the EKS control plane to CloudWatch Logs",
			Deletion:      "400 days in CloudWatch; 7 years in the archive, undeletable under compliance-mode Object Lock",
			Retention:     400 * day,
			AccessControl: "Security team read; nothing in the production account can delete the archive",
		}))
	images := m.Asset("Container images", tm.AssetCode,
		tm.Value(tm.High), tm.RiskLevel(tm.Critical),
		tm.Description("The frontend, API and worker images the cluster runs: whoever controls them runs code with the workloads' identities."))
	source := m.Asset("Source code and GitOps manifests", tm.AssetCode,
		tm.Value(tm.High), tm.RiskLevel(tm.Critical),
		tm.Description("Application source, Dockerfiles, workflows, Terraform, and the GitOps repository that Argo CD applies."))
	clusterCreds := m.Asset("Cluster credentials", tm.AssetCredential,
		tm.Value(tm.VeryHigh), tm.RiskLevel(tm.Critical),
		tm.Description("Whatever authenticates to the Kubernetes API: Argo CD's and External Secrets' service account tokens, "+
			"kubelet credentials, engineers' EKS tokens. Argo CD's reach is close to cluster-admin."))
	appSecrets := m.Asset("Application secrets", tm.AssetCredential,
		tm.Value(tm.VeryHigh), tm.RiskLevel(tm.Critical),
		tm.Description("The secret values in Secrets Manager and their synced Kubernetes Secrets: database credentials, payment API key, webhook signing secret, OIDC client secret, registry pull token."))
	workloadCreds := m.Asset("Workload cloud credentials", tm.AssetCredential,
		tm.Value(tm.High), tm.RiskLevel(tm.Critical),
		tm.Description("Projected service account tokens and the STS sessions they buy (IRSA): the pods' AWS identity."))
	jwks := m.Asset("Token signing keys (JWKS)", tm.AssetCredential,
		tm.Value(tm.High), tm.RiskLevel(tm.Important),
		tm.Description("The identity provider's public signing keys. Public, but their integrity decides which access tokens the API accepts."))

	// Components: the internet and the third parties.
	browser := m.ExternalEntity("Customer browser", internet, tm.Is(tm.Browser),
		tm.Description("A tenant's user in a web browser: signs in, uploads documents, pays the subscription."))
	developer := m.ExternalEntity("Developer", internet, tm.Is(tm.Human),
		tm.Description("An engineer who pushes code and reviews pull requests; GitHub SSO with a hardware key."))
	engineer := m.ExternalEntity("Platform engineer", internet, tm.Is(tm.Human),
		tm.Description("An on-call engineer with read-only cluster access who can assume the break-glass role."))
	payment := m.ExternalEntity("Payment provider API", paymentZone, tm.Is(tm.ThirdPartyService),
		tm.Description("Hosted card fields, the charges and refunds API, and webhooks back to us."))
	idp := m.ExternalEntity("OIDC identity provider", idpZone, tm.Is(tm.IdentityProvider),
		tm.Description("Customer identity SaaS: hosted login with MFA, authorization-code flow with PKCE, JWKS endpoint."))

	// The edge and the network. CloudFront, WAF and the ALB are AWS services,
	// but they are the system's own entry: their rules, rate limits and
	// listeners decide what reaches the cluster, so they are not marked
	// provider-managed. The EKS control plane, IAM and STS, RDS,
	// ElastiCache, S3, SQS, Secrets Manager, CloudWatch Logs and GitHub's
	// services are: their providers run their code and capacity, and the
	// model covers how the system configures and calls them.
	cdn := m.Process("CloudFront and WAF", edge, tm.Is(tm.Gateway), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("Amazon CloudFront, AWS WAF (managed rule groups, rate-based rules), AWS Shield Standard"),
		tm.Description("Terminates TLS 1.3 for the public hostname, filters and rate-limits requests, caches static assets, forwards the rest to the ALB with a secret origin header."),
		tm.Controls(tm.WAF, tm.DDoSProtection, tm.RateLimiting, tm.SecurityHeaders, tm.EncryptionInTransit, tm.ErrorSanitization,
			tm.Redundancy),
		tm.ErrorHandling("Origin 5xx bodies forwarded to users reveal stack traces and internal hostnames", "CloudFront custom error pages for 4xx and 5xx; origin error bodies never forwarded"),
		tm.Runtime("Cache poisoning, or an authenticated response cached and served to another user", "Cache policy keys on host and path only; /api and /webhooks never cached; Cache-Control: private, no-store on authenticated pages"),
		tm.Runtime("Layer-7 floods and scanners", "WAF rate-based rules per IP and per session, bot control on sign-up and upload, Shield Standard"))
	alb := m.Process("Application Load Balancer", publicSubnet, tm.Is(tm.LoadBalancer), tm.Infrastructure(),
		tm.Technology("AWS Application Load Balancer managed by the AWS Load Balancer Controller, ACM certificate, ELBSecurityPolicy-TLS13-1-2-2021-06"),
		tm.Description("Accepts origin requests from CloudFront only and forwards them to the ingress controller pods over TLS."),
		tm.Controls(tm.IPAllowlist, tm.EncryptionInTransit, tm.AuditLogging, tm.Redundancy),
		tm.ErrorHandling("Access logs record full URLs, including any token in a query string", "No tokens in query strings anywhere; access-log bucket readable by the security team only"),
		tm.Runtime("Requests sent straight to the ALB bypass the WAF", "Security group admits the CloudFront origin-facing prefix list only; listener rule requires the origin verification header, default action 403"))
	ingress := m.Process("Ingress controller", ingressNS, tm.Is(tm.Gateway), tm.Infrastructure(),
		tm.Technology("ingress-nginx (Helm chart, image pinned by digest) with a Linkerd proxy sidecar"),
		tm.Description("Routes / to the web frontend and /webhooks/payments to the API; enforces body size limits; joins the mesh."),
		tm.Controls(tm.ResourceLimits, tm.Timeouts, tm.NonRootUser, tm.ReadOnlyFilesystem),
		tm.ErrorHandling("Default error pages and the Server header reveal the controller and its version", "server-tokens off; custom default backend with a generic page"),
		tm.Runtime("Annotation or configuration injection through the admission webhook runs code in the controller (CVE-2025-1974, IngressNightmare)", "Patched release; admission webhook reachable only from the API server (NetworkPolicy); snippet annotations disabled"),
		tm.Runtime("A compromised controller reads TLS and application Secrets cluster-wide", "TLS ends at the ALB, so the controller's RBAC is cut to its own namespace; no cluster-wide secrets access"),
		tm.Runtime("The ingress-nginx project was retired in March 2026: vulnerabilities found since get no fix", "Replacement by a maintained Gateway API controller is scheduled for Q3 2026; until then the controller sees only traffic that passed CloudFront, the WAF and the ALB, with snippet annotations off and namespace-scoped RBAC"))

	// The cluster's workloads.
	frontend := m.Process("Web frontend", appNS, tm.Is(tm.WebApplication),
		tm.Technology("Next.js 15 on Node.js 22, distroless image pinned by digest, Linkerd proxy sidecar"),
		tm.Description("Server-rendered web app and backend-for-frontend: runs the OIDC code flow, keeps sessions in Redis, calls the API with the user's access token."),
		tm.Accepts(tm.JSON, tm.FileUploads), // JSON from the pages' scripts; documents uploaded as multipart form data
		tm.Controls(tm.SessionManagement, tm.CSRFProtection, tm.SecurityHeaders, tm.OutputEncoding, tm.InputValidation,
			tm.ErrorSanitization, tm.LogScrubbing, tm.ResourceLimits, tm.Timeouts),
		tm.ErrorHandling("Framework error overlays or stack traces in production responses", "Production build; generic error page with a correlation ID; details only in structured logs"),
		tm.ErrorHandling("Session IDs, tokens or authorization codes in logs", "Logger redacts cookies, Authorization headers and code/state parameters"),
		tm.Runtime("Server-side rendering fetches attacker-controlled URLs (SSRF) and reaches instance metadata or internal services", "No user-supplied URLs are fetched server-side; IMDSv2 with hop limit 1; default-deny egress NetworkPolicy except the API and Redis"),
		tm.Runtime("Remote code execution through a dependency leads to crypto-mining or a foothold", "Non-root, read-only root filesystem, all capabilities dropped, seccomp RuntimeDefault, CPU limits; GuardDuty EKS Runtime Monitoring"))
	api := m.Process("API service", appNS, tm.Is(tm.Service),
		tm.Technology("Go 1.26 HTTP service, distroless static image pinned by digest, Linkerd proxy sidecar"),
		tm.Description("Business logic: documents, accounts, billing. Validates access tokens against the IdP's JWKS, authorizes every request by tenant, charges cards, handles payment webhooks."),
		tm.Accepts(tm.ProtocolBuffers, tm.FileUploads, tm.JSON), // gRPC from the frontend, with the uploaded documents; JSON webhooks and provider replies
		tm.Controls(tm.Authentication, tm.ParameterizedQueries, tm.ErrorSanitization,
			tm.LogScrubbing, tm.DataMasking, tm.AuditLogging, tm.ResourceLimits, tm.Timeouts),
		tenantChecked(), rateLimited(), when(!c.noInputValidation, validated()), // Go code with tests: evidence.go
		tm.ErrorHandling("Database errors (SQL state, constraint and table names) in API responses", "RFC 9457 problem responses with generic text and a correlation ID; the detail goes to logs only"),
		tm.ErrorHandling("PII, card tokens or the payment API key in logs", "Structured logging with a field deny-list; payment client never logs request bodies"),
		tm.Runtime("Container escape from the API pod to the node", "Pod Security 'restricted': non-root, no privilege escalation, all capabilities dropped, seccomp RuntimeDefault; Bottlerocket nodes with SELinux enforcing"),
		tm.Runtime("Privilege escalation through the pod's Kubernetes service account token", "automountServiceAccountToken off; only the projected IRSA token is mounted; the service account has no RBAC bindings"),
		tm.Runtime("SSRF or data exfiltration through outbound calls", "Egress allowlist at AWS Network Firewall (payment provider and IdP hostnames); VPC endpoints for AWS APIs; IMDSv2 hop limit 1"))
	worker := m.Process("Upload worker", appNS, tm.Is(tm.Job),
		tm.Technology("Go 1.26 Kubernetes Job launched by a KEDA ScaledJob on queue depth, with a ClamAV sidecar, gVisor RuntimeClass on a dedicated Amazon Linux 2023 node group (Bottlerocket does not ship gVisor)"),
		tm.Description("Takes a job from SQS, reads the document from S3, scans it for malware, extracts text for search, tags the object and updates its status."),
		tm.Accepts(tm.JSON, tm.Documents, tm.Images), // job messages; contracts and invoices (PDF, Office), scanned identity documents
		tm.Controls(tm.MalwareScanning, tm.Sandboxing, tm.ResourceLimits, tm.Timeouts, tm.NonRootUser, tm.ReadOnlyFilesystem, tm.InputValidation, tm.LogScrubbing),
		tm.ErrorHandling("Failed jobs copy document content into logs or the dead-letter queue", "Jobs log tenant and document IDs only; dead-letter messages hold IDs, never content"),
		tm.Runtime("A malicious document exploits the PDF or image parser and runs code in the job", "Parsing in a gVisor sandbox, no network except the S3 and SQS endpoints, 512 MiB memory limit, 120-second activeDeadlineSeconds"),
		tm.Runtime("Crypto-mining in a compromised or abused job", "CPU limits and KEDA maximum replica count; GuardDuty EKS Runtime Monitoring alerts on mining pools and unexpected processes; egress denied"),
		tm.Runtime("Container escape from the job to the node", "gVisor user-space kernel; non-root; jobs scheduled on a separate node group from the platform controllers"))
	nodes := m.Process("EKS worker nodes", appSubnet, tm.Infrastructure(),
		tm.Technology("Amazon EKS managed node groups: Bottlerocket for services and platform controllers, Amazon Linux 2023 with gVisor (runsc) for the upload jobs; containerd, kubelet, Fluent Bit DaemonSet"),
		tm.Description("Hosts the pods: the kubelet pulls images with the registry pull secret, mounts Secrets and projected tokens, and Fluent Bit ships container logs."),
		tm.Controls(tm.Sandboxing, tm.ReadOnlyFilesystem, tm.Monitoring, tm.AuditLogging, tm.LogScrubbing),
		tm.ErrorHandling("Container logs capture secrets that workloads print", "Fluent Bit filter redacts known secret patterns before shipping"),
		tm.Runtime("A container escape gives node root: every Secret and token mounted on that node", "Bottlerocket's immutable root filesystem and SELinux on the service and controller nodes; untrusted documents parsed only under gVisor on their own node group; platform controllers on their own tainted node group; GuardDuty EKS Runtime Monitoring"),
		tm.Runtime("Pods steal the node's IAM credentials from instance metadata", "IMDSv2 required with hop limit 1, so pods cannot reach it"))
	argo := m.Process("Argo CD", platformNS, tm.Is(tm.Pipeline), tm.Infrastructure(),
		tm.Technology("Argo CD (Helm chart, images pinned by digest): application controller and repo server"),
		tm.Description("Pulls the GitOps repository and applies it to the cluster. UI and API are not exposed; there is no admin user."),
		tm.Controls(tm.LeastPrivilege, tm.AuditLogging, tm.SignedArtifacts, tm.NetworkIsolation),
		tm.ErrorHandling("Sync errors and diffs display rendered manifests, including Secret values", "No Secrets in Git (ExternalSecret references only); resource.exclusions hides Secret data from diffs"),
		tm.Runtime("A malicious Helm chart or config management plugin runs code in the repo server", "Config management plugins disabled; the repo server has no service account token and egress to GitHub only"),
		tm.Runtime("Argo CD's API reached from the network gives cluster-wide control", "No ingress for the UI or API; NetworkPolicy admits nothing into argocd except the API server's webhooks"))
	eso := m.Process("External Secrets Operator", platformNS, tm.Is(tm.Service), tm.Infrastructure(),
		tm.Technology("External Secrets Operator (Helm chart, image pinned by digest) with the AWS Secrets Manager provider"),
		tm.Description("Reads secrets from Secrets Manager through its IRSA role and writes them as Kubernetes Secrets in the app namespace every hour."),
		tm.Controls(tm.SecretsManager, tm.LeastPrivilege, tm.CredentialRotation),
		tm.ErrorHandling("ExternalSecret status and events reveal secret paths or values", "Status carries secret names only; values are never logged"),
		tm.Runtime("A compromised operator reads every synced secret", "Dedicated namespace and node group; its IAM role reads prod/app/* only; its RBAC writes Secrets in the app namespace only"))
	kubeAPI := m.Process("Kubernetes API server", controlPlane, tm.Is(tm.Service), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("Amazon EKS 1.34 control plane, private endpoint, Secrets envelope-encrypted with KMS, Kyverno admission policies"),
		tm.Description("The cluster's control plane: authenticates IAM principals and service accounts, authorizes with RBAC, admits only signed images by digest, stores Secrets in etcd."),
		tm.Stores(appSecrets),
		tm.Controls(tm.Authentication, tm.Authorization, tm.AuditLogging, tm.EncryptionAtRest, tm.PrivateEndpoint),
		tm.ErrorHandling("Authorization errors name the resource and the missing verb", "Private endpoint: only authenticated principals inside the VPC see them"),
		tm.Runtime("Anonymous or internet access to the API server", "Private endpoint only; anonymous auth limited to health checks; control-plane audit logging on"),
		tm.Runtime("Secrets read from etcd storage or backups", "EKS envelope encryption of Secrets with a customer-managed KMS key"))
	sts := m.Process("AWS IAM and STS", regional, tm.Is(tm.IdentityProvider), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("AWS IAM, STS and the EKS cluster's OIDC provider (IAM Roles for Service Accounts)"),
		tm.Description("Exchanges projected service account tokens for one-hour role sessions; issues engineers' SSO sessions."),
		tm.Controls(tm.ShortLivedCredentials, tm.PermissionBoundary, tm.AuditLogging, tm.MFA, tm.Redundancy,
			tm.InputValidation, tm.Authorization, tm.ErrorSanitization),
		tm.ErrorHandling("AccessDenied messages name the role and the missing permission", "Returned only to the authenticated caller; never forwarded to users"),
		tm.Runtime("Role chaining from a workload role to a broader one", "Trust policies pin the sub claim to one namespace and service account; SCP denies sts:AssumeRole from workload roles"))

	// Data stores.
	postgres := m.DataStore("PostgreSQL", dataSubnet, tm.Is(tm.Database), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("Amazon RDS for PostgreSQL 16, Multi-AZ"),
		tm.Description("Accounts, document metadata, payment-method tokens and payment event records. No public address; TLS required (rds.force_ssl)."),
		tm.Stores(accounts, cardTokens, paymentEvents, documents),
		tm.Controls(tm.EncryptionAtRest, tm.EncryptionInTransit, tm.Authorization, tm.Backups, tm.DeletionProtection,
			tm.NetworkIsolation, tm.AuditLogging, tm.Redundancy))
	redis := m.DataStore("Redis session cache", dataSubnet, tm.Is(tm.Cache), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("Amazon ElastiCache for Redis OSS 7: at-rest encryption on, in-transit encryption off"),
		tm.Description("Server-side sessions of the web frontend. Created without in-transit encryption, and ElastiCache's AUTH needs TLS, so there is no AUTH either. "+
			"Redis OSS 7 can move to TLS in place (transit encryption mode preferred, then required) once every client speaks TLS."),
		tm.Stores(sessions),
		tm.Controls(tm.EncryptionAtRest, tm.NetworkIsolation, tm.Redundancy))
	bucket := m.DataStore("Document bucket", regional, tm.Is(tm.ObjectStorage), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("Amazon S3 with Block Public Access, SSE-KMS, versioning, Object Lock for invoices"),
		tm.Description("Uploaded documents, keyed by tenant ID and a random UUID. Reached only through the VPC gateway endpoint."),
		tm.Stores(documents),
		tm.Controls(tm.EncryptionAtRest, tm.Authorization, tm.PrivateEndpoint, tm.Versioning, tm.DeletionProtection, tm.AuditLogging,
			tm.Redundancy))
	queue := m.DataStore("Document queue", regional, tm.Is(tm.Queue), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("Amazon SQS standard queue with a dead-letter queue, SSE-KMS"),
		tm.Description("Jobs for the upload worker. Queue policy admits only the API and worker roles through the VPC endpoint."),
		tm.Stores(jobs),
		tm.Controls(tm.EncryptionAtRest, tm.Authorization, tm.PrivateEndpoint))
	secretsManager := m.DataStore("AWS Secrets Manager", regional, tm.Is(tm.SecretStore), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("AWS Secrets Manager with a customer-managed KMS key and rotation functions"),
		tm.Description("Source of truth for every application secret; External Secrets copies them into the cluster."),
		tm.Stores(appSecrets),
		tm.Controls(tm.EncryptionAtRest, tm.Authorization, tm.AuditLogging, tm.CredentialRotation, tm.PrivateEndpoint,
			tm.Redundancy))
	logKind := []tm.ComponentOption{tm.Is(tm.LogStore), tm.HoldsAuditLogs()}
	if c.noAuditTrail {
		logKind = []tm.ComponentOption{tm.Is(tm.ObjectStorage)}
	}
	logStore := m.DataStore("CloudWatch Logs", regional, append(logKind, tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("Amazon CloudWatch Logs, subscription to an S3 Object Lock archive in the log-archive account"),
		tm.Description("Container logs, application audit events, the EKS control-plane audit log and CloudTrail."),
		tm.Stores(auditLogs),
		tm.Controls(tm.EncryptionAtRest, tm.LogIntegrity, tm.Monitoring, tm.TimeSync, tm.Authorization))...)

	// The delivery path on GitHub.
	github := m.Process("GitHub repositories", githubZone, tm.Is(tm.SourceRepository), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("GitHub Enterprise Cloud: branch protection, CODEOWNERS, required signed commits, push protection"),
		tm.Description("The application repository and the GitOps repository Argo CD deploys from."),
		tm.Stores(source),
		tm.Controls(tm.CodeReview, tm.SecretScanning, tm.AuditLogging, tm.ErrorSanitization), when(!c.noMFA, tm.Controls(tm.MFA)),
		tm.ErrorHandling("A repository made public, or a fork of a private one, exposes source and infrastructure layout", "Enterprise policy forbids public repositories and forks of private ones"),
		tm.Runtime("A compromised maintainer account pushes straight to main or to the GitOps repository", "Branch protection without bypass: two approvals, CODEOWNERS on deploy/ and .github/, signed commits; SSO with hardware keys"))
	actions := m.Process("GitHub Actions", githubZone, tm.Is(tm.Pipeline), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("GitHub Actions on GitHub-hosted runners: Docker Buildx, Trivy, cosign keyless signing, SLSA provenance"),
		tm.Description("Builds and tests each merge to main, scans and signs the images, pushes them by digest to the registry and commits the new digests to the GitOps repository."),
		tm.Controls(tm.DependencyPinning, tm.SCAScanning, tm.SASTScanning, tm.ImageScanning, tm.SignedArtifacts,
			tm.SecretScanning, tm.ShortLivedCredentials, tm.AuditLogging),
		tm.ErrorHandling("Build logs print tokens or secrets", "Registered secrets are masked; build steps get no secrets; the GITHUB_TOKEN is read-only except in the release job"),
		tm.Runtime("Poisoned pipeline: a pull request from a fork runs with write tokens", "Forks run on pull_request (never pull_request_target) with a read-only token; the release job runs only on main in a protected environment"),
		tm.Runtime("A compromised third-party action alters the build", "Every action pinned to a full commit SHA; allowed-actions list; Renovate proposes updates for review"))
	registry := m.DataStore("GitHub Container Registry", githubZone, tm.Is(tm.Registry), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("GitHub Container Registry (ghcr.io), private packages, cosign signatures and SLSA provenance attached"),
		tm.Description("Holds the application images, addressed by digest. The cluster pulls with a read-only token."),
		tm.Stores(images),
		tm.Controls(tm.SignedArtifacts, tm.ImageScanning, tm.Authorization, tm.Redundancy))

	// Data flows. The customer's request path:
	// Browser → CloudFront → ALB → ingress → frontend → API → data, and back.
	web := m.Flow(browser, cdn, "HTTPS request",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.NoAuthentication), tm.AuthZ(tm.NoAuthorization),
		tm.Description("Pages, form posts and uploads. CloudFront neither authenticates nor authorizes: it filters. "+
			"The session cookie rides along and the frontend checks it."),
		tm.Carries(accounts, sessions, documents, cardTokens), tm.Controls(tm.WAF, tm.RateLimiting))
	m.Response(web, "HTTPS response", tm.Carries(accounts, documents, sessions))
	card := m.Flow(browser, payment, "Card details in hosted fields",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.NoAuthentication), tm.AuthZ(tm.NoAuthorization),
		tm.Description("The card number goes from the provider's iframe straight to the provider; the page only holds the provider's publishable key, which identifies us and authenticates nobody."),
		tm.Carries(pan))
	cardToken := m.Response(card, "Payment-method token", tm.Carries(cardTokens))
	hook := m.Flow(payment, cdn, "Payment webhook",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.NoAuthentication), tm.AuthZ(tm.NoAuthorization),
		tm.Description("Event notifications, signed with HMAC-SHA256 over a timestamp and the body; the signature is checked by the API, not at the edge."),
		tm.Carries(paymentEvents), tm.Controls(tm.MessageSigning))
	origin := m.Flow(cdn, alb, "Origin request",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.SharedSecret), tm.AuthZ(tm.NoAuthorization),
		tm.Description("CloudFront adds a secret origin verification header; the ALB rejects requests without it."),
		tm.Carries(accounts, sessions, documents, cardTokens, paymentEvents), tm.Controls(tm.IPAllowlist))
	m.Response(origin, "Origin response", tm.Carries(accounts, documents, sessions))
	forward := m.Flow(alb, ingress, "Forwarded request",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.NoAuthentication), tm.AuthZ(tm.NoAuthorization),
		tm.Description("The ALB re-encrypts to the ingress pods with the controller's self-signed certificate; the security group admits only the ALB."),
		tm.Carries(accounts, sessions, documents, cardTokens, paymentEvents), tm.Controls(tm.NetworkIsolation))
	m.Response(forward, "Ingress response", tm.Carries(accounts, documents, sessions))
	page := m.Flow(ingress, frontend, "Web request",
		tm.Over(tm.HTTP, 3000), tm.Encrypted(tm.MutualTLS), tm.AuthN(tm.Session), tm.AuthZ(tm.RoleBased),
		tm.Description("Inside the mesh: Linkerd mTLS proves the ingress's identity and an AuthorizationPolicy admits only it; "+
			"the frontend then authenticates the user by session cookie and checks the user's role in the tenant."),
		tm.Carries(accounts, sessions, documents, cardTokens), tm.Controls(tm.CSRFProtection))
	m.Response(page, "Rendered page", tm.Carries(accounts, documents))
	webhook := m.Flow(ingress, api, "Payment webhook delivery",
		tm.Over(tm.HTTP, 8080), tm.Encrypted(tm.MutualTLS), tm.AuthN(tm.SharedSecret), tm.AuthZ(tm.NoAuthorization),
		tm.Description("/webhooks/payments only. The mesh admits the ingress; the API verifies the provider's HMAC signature and timestamp."),
		tm.Carries(paymentEvents), tm.Encoded(tm.JSON))
	call := m.Flow(frontend, api, "API call",
		tm.Over(tm.GRPC, 8080), tm.Encrypted(tm.MutualTLS), tm.AuthN(pick(c.unauthenticatedAPI, tm.NoAuthentication, tm.JWT)), tm.AuthZ(tm.ResourceOwner),
		tm.Description("The frontend forwards the user's OIDC access token; the API validates it against the IdP's JWKS and checks the tenant on every object."),
		tm.Identity(tm.EndUserIdentity),
		tm.Carries(accounts, documents, cardTokens, sessions), tm.Encoded(tm.ProtocolBuffers, tm.FileUploads),
		when(!c.noInputValidation, tm.Controls(tm.InputValidation)))
	m.Response(call, "API result", tm.Carries(accounts, documents))
	cache := m.Flow(frontend, redis, "Session read and write",
		tm.Over(tm.RESP, 6379), tm.Encrypted(tm.Plaintext), tm.AuthN(tm.NoAuthentication), tm.AuthZ(tm.NoAuthorization),
		tm.Description("Plaintext and unauthenticated: the ElastiCache cluster was created without in-transit encryption, and AUTH needs TLS. "+
			"The security group is the only access control. See the accepted risk."),
		tm.Carries(sessions), tm.Controls(tm.NetworkIsolation))
	m.Response(cache, "Session data", tm.Carries(sessions))
	exchange := m.Flow(frontend, idp, "Authorization code exchange",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.SharedSecret), tm.AuthZ(tm.Scopes),
		tm.Description("Back-channel token request with the OIDC client secret and the PKCE verifier."),
		tm.Carries(sessions), tm.Controls(tm.EgressFiltering))
	m.Response(exchange, "ID, access and refresh tokens", tm.Carries(sessions), tm.Encoded(tm.JSON))
	keys := m.Flow(api, idp, "Fetch signing keys",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.NoAuthentication),
		tm.Description("JWKS fetched by the API, cached for an hour; the TLS certificate is what vouches for the keys."),
		tm.Carries(jwks), tm.Controls(tm.EgressFiltering))
	m.Response(keys, "JWKS", tm.Carries(jwks), tm.Encoded(tm.JSON))
	charge := m.Flow(api, payment, "Charge and refund requests",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.APIKey), tm.AuthZ(tm.Scopes),
		tm.Description("Restricted API key scoped to charges and refunds; an idempotency key on every request."),
		tm.Carries(cardTokens), tm.Controls(tm.EgressFiltering, tm.Timeouts))
	m.Response(charge, "Payment result", tm.Carries(cardTokens, paymentEvents), tm.Encoded(tm.JSON))
	sql := m.Flow(api, postgres, "SQL queries",
		tm.Over(tm.SQL, 5432), tm.Encrypted(pick(c.plaintextSQL, tm.Plaintext, tm.TLS12)), tm.AuthN(tm.Password), tm.AuthZ(tm.RoleBased),
		tm.Description("pgx with sslmode=verify-full against the RDS CA; parameterized queries only; row-level security by tenant."),
		tm.Identity(tm.TechnicalUser), // app_rw, whichever user the request is for
		tm.Carries(accounts, cardTokens, paymentEvents, documents), tm.Controls(tm.ParameterizedQueries))
	m.Response(sql, "Query results", tm.Carries(accounts, cardTokens, documents))
	store := m.Flow(api, bucket, "Store and fetch documents",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy),
		tm.Description("PutObject and GetObject through the S3 gateway endpoint with the API's IRSA session."),
		tm.Carries(documents))
	m.Response(store, "Document content", tm.Carries(documents))
	m.Flow(api, queue, "Enqueue processing job",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy),
		tm.Description("SendMessage through the SQS interface endpoint."),
		tm.Carries(jobs))
	apiCreds := m.Flow(api, sts, "Exchange API service account token",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.WorkloadIdentity), tm.AuthZ(tm.IAMPolicy),
		tm.Description("AssumeRoleWithWebIdentity with the projected token; the trust policy pins system:serviceaccount:app:api."),
		tm.Carries(workloadCreds))
	m.Response(apiCreds, "API role session", tm.Carries(workloadCreds))

	// The upload worker.
	receive := m.Flow(worker, queue, "Receive and delete jobs",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy),
		tm.Carries(jobs))
	m.Response(receive, "Job messages", tm.Carries(jobs), tm.Encoded(tm.JSON))
	scan := m.Flow(worker, bucket, "Read document and tag scan result",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy),
		tm.Carries(documents))
	m.Response(scan, "Document to scan", tm.Carries(documents), tm.Encoded(tm.Documents, tm.Images))
	statusUpdate := m.Flow(worker, postgres, "Update document status",
		tm.Over(tm.SQL, 5432), tm.Encrypted(tm.TLS12), tm.AuthN(tm.Password), tm.AuthZ(tm.RoleBased),
		tm.Carries(documents), tm.Controls(tm.ParameterizedQueries))
	workerCreds := m.Flow(worker, sts, "Exchange worker service account token",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.WorkloadIdentity), tm.AuthZ(tm.IAMPolicy),
		tm.Carries(workloadCreds))
	m.Response(workerCreds, "Worker role session", tm.Carries(workloadCreds))

	// Secrets delivery and the cluster's own plumbing.
	esoCreds := m.Flow(eso, sts, "Exchange External Secrets service account token",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.WorkloadIdentity), tm.AuthZ(tm.IAMPolicy),
		tm.Carries(workloadCreds))
	m.Response(esoCreds, "External Secrets role session", tm.Carries(workloadCreds))
	readSecrets := m.Flow(eso, secretsManager, "Read secret values",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy),
		tm.Description("GetSecretValue for prod/app/* through the Secrets Manager interface endpoint, hourly."),
		tm.Carries(appSecrets))
	m.Response(readSecrets, "Secret values", tm.Carries(appSecrets))
	m.Flow(eso, kubeAPI, "Write Kubernetes Secrets",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.WorkloadIdentity), tm.AuthZ(tm.RoleBased),
		tm.Carries(appSecrets, clusterCreds))
	kubelet := m.Flow(nodes, kubeAPI, "Watch pods and fetch their Secrets",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.RoleBased),
		tm.Description("The kubelet authenticates with the node role; the Node authorizer limits it to its own pods' Secrets."),
		tm.Carries(clusterCreds))
	m.Response(kubelet, "Pod specs and Secrets", tm.Carries(appSecrets))
	pull := m.Flow(nodes, registry, "Pull images",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.APIKey), tm.AuthZ(tm.Scopes),
		tm.Description("containerd pulls by digest with the registry pull token (read:packages) through NAT and the egress firewall."),
		tm.Carries(appSecrets), tm.Controls(tm.EgressFiltering))
	m.Response(pull, "Image layers", tm.Carries(images))
	m.Flow(nodes, logStore, "Container logs",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy),
		tm.Description("Fluent Bit ships stdout of every pod, including the API's audit events, through the CloudWatch Logs endpoint."),
		tm.Carries(auditLogs), tm.Controls(tm.LogScrubbing))
	m.Flow(kubeAPI, logStore, "Kubernetes audit log",
		tm.Over(tm.CloudAPI, 0), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy),
		tm.Carries(auditLogs))

	// Delivery: GitHub → registry → Argo CD → cluster.
	m.Flow(developer, github, "Push and review changes",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.OAuth2), tm.AuthZ(tm.RoleBased),
		tm.Description("git over HTTPS with SSO-authorized credentials; pull requests and reviews in the web UI."),
		tm.Carries(source), tm.Controls(tm.CodeReview), when(!c.noMFA, tm.Controls(tm.MFA)))
	checkout := m.Flow(actions, github, "Check out source",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.OAuth2), tm.AuthZ(tm.Scopes),
		tm.Description("Each workflow run checks out the merged commit with its job token (contents:read)."),
		tm.Carries(source))
	m.Response(checkout, "Source tree", tm.Carries(source))
	publish := m.Flow(actions, registry, "Push signed image",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.OAuth2), tm.AuthZ(tm.Scopes),
		tm.Description("Release job's GITHUB_TOKEN with packages:write; cosign signature and SLSA provenance pushed alongside."),
		tm.Carries(images))
	bump := m.Flow(actions, github, "Commit image digest to GitOps repository",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.OAuth2), tm.AuthZ(tm.Scopes),
		tm.Carries(source))
	fetch := m.Flow(argo, github, "Fetch GitOps manifests",
		tm.Over(tm.SSH, 22), tm.Encrypted(tm.SSHTunnel), tm.AuthN(tm.SSHKey), tm.AuthZ(tm.RoleBased),
		tm.Description("Read-only deploy key on the GitOps repository, polled every three minutes through the egress firewall."),
		tm.Carries(source), tm.Controls(tm.EgressFiltering))
	m.Response(fetch, "Manifests and Helm charts", tm.Carries(source))
	apply := m.Flow(argo, kubeAPI, "Apply manifests",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.WorkloadIdentity), tm.AuthZ(tm.RoleBased),
		tm.Description("Server-side apply of the rendered manifests; Kyverno admits only images signed by the release workflow, by digest."),
		tm.Deploys(), // pulled: Argo CD runs in the cluster; GitHub holds no credential to it
		tm.Carries(source, clusterCreds))
	breakGlassSession := m.Flow(engineer, kubeAPI, "Break-glass kubectl session",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.VPN), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.RoleBased),
		tm.Description("kubectl (TLS 1.2) through the private endpoint inside the client VPN, with an EKS token from an Identity Center session with MFA."),
		tm.Carries(clusterCreds), when(!c.noMFA, tm.Controls(tm.MFA)))
	m.Response(breakGlassSession, "Cluster state", tm.Carries(appSecrets))

	// Card entry, by design, runs browser → payment provider with no process
	// of ours in between. That is a data-flow-diagram warning, not a gap, and
	// it is the point: the PAN never enters our systems.
	const samePAN = "Deliberate: the card number goes from the browser straight to the payment provider's hosted fields and the token straight back, " +
		"so no process of ours ever handles cardholder data (SAQ A). Drawn so that reviewers see where the PAN goes."
	m.Waive(tm.CodeDFDViolation, card, samePAN)
	m.Waive(tm.CodeDFDViolation, cardToken, samePAN)

	// IAM and Kubernetes RBAC. Workload identity: each Kubernetes service
	// account may assume exactly one IAM role (IRSA).
	// Guardrails: what each role can never be granted, whatever its own
	// policy says.
	dbLimits := m.Guardrail("app_rw role limits",
		tm.Note("Owns no tables; cannot bypass row-level security; no superuser, no CREATE on the schema."))
	dbLimits.Deny(postgres, "CREATE", "ALTER", "DROP", "TRUNCATE", "BYPASSRLS", "SUPERUSER", "GRANT")
	workloadBoundary := m.Guardrail("Workload boundary policy",
		tm.Note("IAM permissions boundary of the workload roles: S3 and SQS on this application's resources only; no IAM, no KMS administration."))
	workloadBoundary.Allow(bucket, "s3:*")
	workloadBoundary.Allow(queue, "sqs:*")
	esoBoundary := m.Guardrail("External Secrets boundary",
		tm.Note("Read-only on Secrets Manager; kms:Decrypt only through Secrets Manager (kms:ViaService condition)."))
	esoBoundary.Allow(secretsManager, "secretsmanager:Get*", "secretsmanager:Describe*", "secretsmanager:List*", "kms:Decrypt")
	nodeBoundary := m.Guardrail("Node role boundary",
		tm.Note("AWS managed node policies only; no S3 or Secrets Manager data access."))
	nodeBoundary.Deny(tm.AnyResource(), "s3:*", "secretsmanager:*")
	appProject := m.Guardrail("Argo CD AppProject",
		tm.Note("Sources limited to the GitOps repository; destinations to the app, ingress-nginx and platform namespaces; "+
			"cluster-scoped kinds limited to Namespace, CRD, ClusterRole, ClusterRoleBinding."))
	appProject.Allow(appNS, "*")
	appProject.Allow(ingressNS, "*")
	appProject.Allow(platformNS, "*")
	appProject.Allow(kubeAPI, "namespaces:*", "customresourcedefinitions:*", "clusterroles:*", "clusterrolebindings:*")
	workflowPerms := m.Guardrail("Release workflow permissions",
		tm.Note("The workflow's permissions block: packages:write, contents:write, id-token:write; everything else none."))
	workflowPerms.Allow(registry, "packages:write")
	workflowPerms.Allow(github, "contents:write", "id-token:write")
	breakGlassLimits := m.Guardrail("Break-glass limits",
		tm.Note("Cluster-admin inside Kubernetes; the IAM role itself has only eks:DescribeCluster."))
	breakGlassLimits.Allow(kubeAPI, "*")
	engineerLimits := m.Guardrail("Engineer permission set limits",
		tm.Note("Read-only; may assume the break-glass role and nothing else."))
	engineerLimits.Allow(kubeAPI, "*:get", "*:list", "*:watch")
	engineerLimits.Allow(tm.AnyResource(), "sts:AssumeRole")

	dbUser := m.Role("Application database user",
		tm.Description("PostgreSQL role app_rw used by the API and the worker; subject to row-level security."),
		tm.WithPermissionBoundary(dbLimits),
		tm.MitigatedBy("Row-level security by tenant on every table; schema changes run as a separate migration role"))
	dbUser.Allow(postgres, "SELECT", "INSERT", "UPDATE", "DELETE")
	dbUser.Deny(postgres, "DROP", "TRUNCATE", "ALTER")
	api.RunsAs(dbUser)
	worker.RunsAs(dbUser)

	apiIAM := m.Role("API IAM role",
		tm.Description("IAM role for the api service account (IRSA)."),
		tm.WithPermissionBoundary(workloadBoundary),
		tm.MitigatedBy("Scoped to one bucket and one queue; trust policy pins the service account; one-hour sessions"))
	apiIAM.Allow(bucket, "s3:GetObject", "s3:PutObject", "s3:DeleteObject")
	apiIAM.Allow(queue, "sqs:SendMessage")
	apiIAM.Deny(bucket, "s3:PutBucketPolicy", "s3:DeleteBucket")
	apiSA := m.Role("API service account",
		tm.Description("Kubernetes service account app/api. No RBAC bindings: its only power is its projected token."),
		tm.MitigatedBy("automountServiceAccountToken off; only the audience-bound IRSA token is projected"))
	apiSA.Allow(apiIAM, "sts:AssumeRoleWithWebIdentity")
	apiSA.CanAssume(apiIAM)
	api.RunsAs(apiSA)

	workerIAM := m.Role("Worker IAM role",
		tm.Description("IAM role for the upload-worker service account (IRSA)."),
		tm.WithPermissionBoundary(workloadBoundary),
		tm.MitigatedBy("Read and tag only on the bucket, receive and delete only on the queue; no write of object content"))
	workerIAM.Allow(queue, "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility")
	workerIAM.Allow(bucket, "s3:GetObject", "s3:PutObjectTagging")
	workerSA := m.Role("Worker service account",
		tm.Description("Kubernetes service account app/upload-worker. No RBAC bindings."),
		tm.MitigatedBy("automountServiceAccountToken off; only the IRSA token is projected"))
	workerSA.Allow(workerIAM, "sts:AssumeRoleWithWebIdentity")
	workerSA.CanAssume(workerIAM)
	worker.RunsAs(workerSA)

	esoIAM := m.Role("External Secrets IAM role",
		tm.Description("IAM role for the external-secrets service account (IRSA)."),
		tm.WithPermissionBoundary(esoBoundary),
		tm.MitigatedBy("Resource ARN pattern prod/app/*; cannot write, rotate or delete secrets"))
	esoIAM.Allow(secretsManager, "secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret")
	esoIAM.Deny(secretsManager, "secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret")
	esoSA := m.Role("External Secrets service account",
		tm.Description("Kubernetes service account external-secrets/external-secrets with a Role in the app namespace."),
		tm.MitigatedBy("Namespaced Role, not a ClusterRole: writes Secrets in the app namespace only"))
	esoSA.Allow(appNS, "secrets:get", "secrets:create", "secrets:update", "secrets:delete")
	esoSA.Allow(esoIAM, "sts:AssumeRoleWithWebIdentity")
	esoSA.CanAssume(esoIAM)
	eso.RunsAs(esoSA)

	ingressSA := m.Role("Ingress controller service account",
		tm.Description("Kubernetes service account ingress-nginx/ingress-nginx."),
		tm.MitigatedBy("Cluster-wide read of Ingresses and EndpointSlices only; no access to Secrets outside its namespace"))
	ingressSA.Allow(appNS, "ingresses:list", "ingresses:watch", "services:list", "endpointslices:list")
	ingressSA.Allow(ingressNS, "configmaps:get", "secrets:get", "leases:update")
	ingress.RunsAs(ingressSA)

	nodeRole := m.Role("Worker node role",
		tm.Description("IAM role of the EKS managed node groups, mapped to system:nodes."),
		tm.WithPermissionBoundary(nodeBoundary),
		tm.MitigatedBy("Node authorizer and NodeRestriction limit each kubelet to its own pods; IMDSv2 hop limit keeps pods away from it"))
	nodeRole.Allow(kubeAPI, "pods:get", "pods:watch", "secrets:get", "configmaps:get", "nodes:update")
	nodeRole.Allow(logStore, "logs:CreateLogStream", "logs:PutLogEvents")
	nodes.RunsAs(nodeRole)

	argoRole := m.Role("Argo CD application controller",
		tm.Description("ClusterRole of the Argo CD application controller: it manages every namespace it deploys to and cluster-scoped RBAC."),
		tm.WithPermissionBoundary(appProject),
		tm.MitigatedBy("Changes reach it only through reviewed commits to the GitOps repository; no UI, API or admin user; Kyverno still admits only signed images"))
	argoRole.Allow(appNS, "*")
	argoRole.Allow(ingressNS, "*")
	argoRole.Allow(platformNS, "*")
	argoRole.Allow(kubeAPI, "namespaces:*", "customresourcedefinitions:*", "clusterroles:*", "clusterrolebindings:*")
	argo.RunsAs(argoRole)

	ciRole := m.Role("CI release token",
		tm.Description("The release job's GITHUB_TOKEN: the CI deploy role. In a GitOps setup deploying means pushing an image and committing its digest."),
		tm.WithPermissionBoundary(workflowPerms),
		tm.MitigatedBy("Exists only for the duration of the release job on main in a protected environment; cannot approve its own pull requests or bypass branch protection"))
	ciRole.Allow(registry, "packages:write")
	ciRole.Allow(github, "contents:write")
	actions.RunsAs(ciRole)

	breakGlass := m.Role("Break-glass cluster admin",
		tm.Description("EKS access entry with AmazonEKSClusterAdminPolicy, for incidents only."),
		tm.WithPermissionBoundary(breakGlassLimits),
		tm.MitigatedBy("Assumable only from the engineer SSO role with MFA in the last 15 minutes; one-hour sessions; every assumption pages on-call and security and is reviewed within one business day"))
	breakGlass.Allow(kubeAPI, "*")
	m.Waive(tm.CodeBroadActions, breakGlass,
		"Break-glass is cluster-admin by design: an incident may need any verb. Its use is paged and reviewed (see its mitigation)")
	engineerRole := m.Role("Platform engineer SSO role",
		tm.Description("Identity Center permission set for on-call engineers: read-only in the cluster."),
		tm.WithPermissionBoundary(engineerLimits),
		tm.MitigatedBy("Phishing-resistant MFA; Secrets excluded from the read-only ClusterRole"))
	engineerRole.Allow(kubeAPI, "pods:get", "pods:list", "deployments:get", "events:list", "pods/log:get")
	engineerRole.Deny(appNS, "secrets:get", "secrets:list")
	engineerRole.Allow(breakGlass, "sts:AssumeRole")
	engineerRole.CanAssume(breakGlass)
	engineer.RunsAs(engineerRole)

	// Secrets lifecycle.
	m.Secret("PostgreSQL application credentials",
		tm.Description("Password of the app_rw database user."),
		tm.Provisioned("Generated by a Secrets Manager rotation function; synced by External Secrets into the app namespace and read by the pods at start"),
		tm.Stored(tm.InSecretsManager), tm.StoredIn(secretsManager),
		tm.Rotated(tm.Rotation{Every: 30 * day, Automated: true}),
		tm.UsedBy(api, worker), tm.Grants(dbUser), tm.Opens(postgres), tm.Authenticates(sql, statusUpdate),
		tm.BlastRadius("Read and change every tenant's accounts, document metadata and card tokens: row-level security keys on a session setting that whoever holds the password can set. Using it still needs a foothold in the app subnet"))
	m.Secret("Payment API restricted key",
		tm.Description("Restricted secret key for the payment provider: charges and refunds only."),
		tm.Provisioned("Created by a payments engineer in the provider dashboard, pasted into Secrets Manager, synced by External Secrets"),
		tm.Stored(tm.InSecretsManager), tm.StoredIn(secretsManager),
		tm.Rotated(tm.Rotation{Every: 365 * day}),
		tm.UsedBy(api), tm.Opens(payment), tm.Authenticates(charge),
		tm.BlastRadius("Charge and refund any stored payment method of any tenant; cannot read card numbers or create payouts. The provider admits it only from our NAT addresses"))
	m.Secret("Payment webhook signing secret",
		tm.Description("HMAC key the provider signs webhook payloads with."),
		tm.Provisioned("Generated by the provider when the endpoint is registered; copied into Secrets Manager by hand; synced by External Secrets"),
		tm.Stored(tm.InSecretsManager), tm.StoredIn(secretsManager),
		tm.Rotated(tm.Rotation{Every: 365 * day}),
		tm.UsedBy(api), tm.Authenticates(webhook), // the API checks the HMAC the provider made with it
		tm.BlastRadius("Forge payment events: mark invoices paid or subscriptions active without paying — the handler re-fetches each event from the provider before acting on it"))
	m.Secret("Registry pull token",
		tm.Description("Personal access token (classic) of a machine user with the read:packages scope only, used as the cluster's imagePullSecret: GitHub's container registry accepts no fine-grained token."),
		tm.Provisioned("Created by a platform engineer under a machine user, stored in Secrets Manager, synced by External Secrets as a dockerconfigjson Secret"),
		tm.Stored(tm.InSecretsManager), tm.StoredIn(secretsManager),
		tm.Rotated(tm.Rotation{Every: 90 * day}),
		tm.UsedBy(nodes), tm.Opens(registry), tm.Authenticates(pull),
		tm.BlastRadius("Read every private image of the organisation — no write; images hold no secrets"))
	m.Secret("OIDC client secret",
		tm.Description("Confidential-client secret the frontend uses at the token endpoint."),
		tm.Provisioned("Created through the IdP management API by a rotation function and stored in Secrets Manager; synced by External Secrets"),
		tm.Stored(tm.InSecretsManager), tm.StoredIn(secretsManager),
		tm.Rotated(tm.Rotation{Every: 90 * day, Automated: true}),
		tm.UsedBy(frontend), tm.Opens(idp), tm.Authenticates(exchange),
		tm.BlastRadius("Act as our OIDC client at the token endpoint; still needs a user's authorization code and PKCE verifier, so no account access on its own"))
	m.Secret("CDN origin verification header",
		tm.Description("Random value CloudFront adds to origin requests; the ALB's listener rule requires it."),
		tm.Provisioned("Generated by a rotation function in Secrets Manager and written to the CloudFront origin and the ALB rule"),
		tm.Stored(tm.InSecretsManager), tm.StoredIn(secretsManager),
		tm.Rotated(tm.Rotation{Every: 30 * day, Automated: true}),
		tm.UsedBy(cdn, alb), tm.Opens(alb), tm.Authenticates(origin),
		tm.BlastRadius("Reach the ALB without the WAF — the security group still admits only CloudFront's address ranges"))
	m.Secret("Argo CD repository deploy key",
		tm.Description("SSH key pair; the public half is a read-only deploy key on the GitOps repository."),
		tm.Provisioned("Generated by hand at cluster bootstrap, private half stored in Secrets Manager and synced by External Secrets into the argocd namespace"),
		tm.Stored(tm.InSecretsManager), tm.StoredIn(secretsManager),
		tm.Rotated(tm.Rotation{Every: 365 * day}),
		tm.UsedBy(argo), tm.Opens(github), tm.Authenticates(fetch),
		tm.BlastRadius("Read the GitOps repository: cluster layout and image digests, no secrets. Read-only, so no deploy"))
	m.Secret("IRSA web identity tokens",
		tm.Description("Projected, audience-bound service account tokens for the api, upload-worker and external-secrets service accounts."),
		tm.Provisioned("Issued by the API server and mounted by the kubelet; exchanged with STS for one-hour sessions"),
		tm.Stored(tm.InWorkloadIdentity),
		tm.Rotated(tm.Rotation{Every: 24 * time.Hour, Automated: true}),
		tm.UsedBy(api, worker, eso), tm.Grants(apiIAM, workerIAM, esoIAM),
		tm.BlastRadius("Assume the matching IAM role until the token expires: the document bucket and queue, or every application secret for External Secrets'"))
	m.Secret("GitHub Actions release token",
		tm.Description("GITHUB_TOKEN of the release job."),
		tm.Provisioned("Minted by GitHub for each job; never stored. It expires when the job ends, and after 24 hours at most"),
		tm.Stored(tm.InWorkloadIdentity),
		tm.Rotated(tm.Rotation{Every: 24 * time.Hour, Automated: true}),
		tm.UsedBy(actions), tm.Grants(ciRole), tm.Authenticates(checkout, publish, bump),
		tm.BlastRadius("Push images and commit to the GitOps repository for the life of the job — unsigned images are still refused at admission"))

	// Supply chain.
	m.Dependency("npm packages", tm.Package, tm.Pinned(tm.LockFile, "package-lock.json"),
		tm.Description("The frontend's dependencies, Next.js included."),
		tm.Verified("npm ci with integrity hashes; Dependabot alerts; npm audit signatures in CI"),
		tm.Risk("Malicious or hijacked package update, install scripts running in CI"),
		tm.MitigatedBy("Lock file, --ignore-scripts, SCA scanning, review of new dependencies, 7-day cooldown on new versions"),
		tm.UsedBy(frontend))
	m.Dependency("Go modules", tm.Package, tm.Pinned(tm.LockFile, "go.sum"),
		tm.Description("The API's and the worker's dependencies."),
		tm.Verified("go.sum checked against the Go checksum database; govulncheck in CI"),
		tm.Risk("Malicious module version or typosquat"),
		tm.MitigatedBy("Checksum database, govulncheck, minimal dependency policy, review of go.mod changes"),
		tm.UsedBy(api, worker))
	m.Dependency("Distroless base images", tm.BaseImage, tm.Pinned(tm.Digest, "gcr.io/distroless/static-debian12 and nodejs22-debian12, by sha256 digest"),
		tm.Verified("cosign verification of the upstream signature in CI; Trivy scan of every build"),
		tm.Risk("Compromised upstream image"),
		tm.MitigatedBy("Pinned by digest, signature verified, Renovate proposes digest updates for review"),
		tm.UsedBy(frontend, api, worker))
	m.Dependency("ClamAV sidecar image", tm.BaseImage, tm.Pinned(tm.Unpinned, "clamav/clamav:stable"),
		tm.Description("The one mutable tag in the cluster: the worker's malware scanner, kept on a moving tag to get signature database updates."),
		tm.Verified("Nightly Trivy scan of whatever the tag points at; Kyverno policy exception documented for this one image"),
		tm.Risk("The tag moves under us: a compromised or broken upstream push runs in every new job"),
		tm.MitigatedBy("Sidecar shares the job pod's network, which reaches only the S3 and SQS endpoints; no service account token, read-only root; nightly workflow mirrors it into GHCR by digest and the move to the mirror is tracked for Q1 2027"),
		tm.UsedBy(worker))
	m.Dependency("GitHub Actions", tm.CIAction, tm.Pinned(tm.Digest, "full commit SHAs"),
		tm.Verified("Allowed-actions list; Renovate updates SHAs with the release notes for review"),
		tm.Risk("Compromised third-party action (as with tj-actions/changed-files in 2025)"),
		tm.MitigatedBy("Pin to commit SHA, audit action source, least-privilege GITHUB_TOKEN per job"),
		tm.UsedBy(actions))
	m.Dependency("Helm charts", tm.IaCModule, tm.Pinned(tm.ExactVersion, "ingress-nginx, external-secrets, argo-cd, linkerd chart versions in the GitOps repository"),
		tm.Description("Third-party charts of the platform components."),
		tm.Verified("Chart provenance verified where published; rendered diff reviewed on every upgrade"),
		tm.Risk("A chart version re-published with different content, or a chart that adds cluster-wide RBAC"),
		tm.MitigatedBy("Charts vendored into the GitOps repository on upgrade and reviewed like code; images inside charts overridden to digests"),
		tm.UsedBy(argo, ingress, eso))
	m.Dependency("Terraform modules", tm.IaCModule, tm.Pinned(tm.ExactVersion, "terraform-aws-modules/vpc, eks and rds at exact versions; providers in .terraform.lock.hcl"),
		tm.Verified("Provider hashes in the lock file; Checkov and tflint in CI; plan reviewed on every pull request"),
		tm.Risk("Malicious or misconfiguring module opens a security group, a bucket or the API endpoint"),
		tm.MitigatedBy("Exact versions from the public registry mirrored internally; policy-as-code checks; drift detection"),
		tm.UsedBy(alb, nodes, kubeAPI, postgres, redis, bucket, queue))
	m.Dependency("Generated code", tm.GeneratedCode, tm.Pinned(tm.ExactVersion, "sqlc and oapi-codegen versions in tools.go; output committed"),
		tm.Description("Database access code from sqlc and the API client from the OpenAPI description."),
		tm.Verified("CI regenerates and fails on any difference; reviewed like hand-written code"),
		tm.Risk("A generator bug or a tampered generator emits unsafe code"),
		tm.MitigatedBy("Pinned generator versions; generated output committed and diffed; SAST over it"),
		tm.UsedBy(api, frontend))
	m.Dependency("LLM-generated code", tm.GeneratedCode, tm.Pinned(tm.Digest, "git commit"),
		tm.Verified("Human review of every change; SAST on every pull request"),
		tm.Risk("Model suggests vulnerable patterns: missing tenant checks, string-built SQL, permissive CORS"),
		tm.MitigatedBy("SAST scanning, CODEOWNERS review of authorization and payment code, tenant-isolation tests"),
		tm.UsedBy(api, frontend, worker))
	m.Dependency("Amazon EKS, RDS and ElastiCache", tm.ManagedService, tm.Pinned(tm.ExactVersion, "EKS 1.34, PostgreSQL 16, Redis OSS 7"),
		tm.Verified("AWS-managed patching; version pinned in Terraform"),
		tm.Risk("Vulnerability in a managed control plane or engine before AWS patches it"),
		tm.MitigatedBy("Managed minor-version upgrades on; end-of-support alerts; the private endpoints limit exposure"),
		tm.UsedBy(kubeAPI, postgres, redis))

	// Hand-written threats: what the rules cannot know.
	replay := m.Threat("Replayed or forged payment webhook marks an invoice paid", tm.Spoofing,
		tm.About(webhook, hook, api, paymentEvents),
		tm.Description("An attacker who captured one signed webhook, or who learned the signing secret, replays or forges an event so that an unpaid invoice is marked paid."),
		tm.AttackPaths("Replay a captured 'payment succeeded' event for another invoice",
			"Forge events with a leaked signing secret",
			"Send unsigned events straight to /webhooks/payments"),
		tm.Impact(tm.High), tm.Likelihood(tm.Medium))
	tenant := m.Threat("Cross-tenant access to documents through a guessed or swapped ID", tm.ElevationOfPrivilege,
		tm.About(api, call, store, postgres, bucket, documents, accounts),
		tm.Description("A user of one tenant changes a document or account ID in a request and reads or changes another tenant's data (broken object-level authorization)."),
		tm.AttackPaths("Swap the document ID in GET /documents/{id}", "Reuse a presigned or cached download link across tenants",
			"A query path added without the tenant predicate"),
		tm.Impact(tm.High), tm.Likelihood(tm.Medium),
		tm.MitigatedBy("Tenant ID taken only from the verified token; PostgreSQL row-level security on every table; S3 keys prefixed by tenant and checked before every GetObject; tenant-isolation tests in CI"))
	plain := m.Threat("Session tokens read or altered on the plaintext Redis connection", tm.InformationDisclosure,
		tm.About(cache, redis, sessions),
		tm.Description("Someone with a foothold in the VPC sniffs RESP traffic or talks to Redis directly, steals session IDs and OIDC tokens, or plants a session."),
		tm.AttackPaths("Compromise a pod in the app namespace and connect to Redis on 6379",
			"Traffic mirroring on the data subnet's network interfaces"),
		tm.Impact(tm.High), tm.Likelihood(tm.Low))
	poisoned := m.Threat("Malicious image deployed through a compromised pipeline", tm.Tampering,
		tm.About(actions, registry, argo, publish, bump, apply, images),
		tm.Description("An attacker who controls a workflow, an action or the GitOps repository gets their image running in the cluster with the workloads' identities."),
		tm.AttackPaths("Compromised third-party action in the release job", "Direct push to the GitOps repository with a stolen token",
			"Image pushed to the registry outside the release workflow"),
		tm.Impact(tm.High), tm.Likelihood(tm.Low))

	// Mitigations.
	m.Mitigation("WAF and rate limiting at the edge",
		tm.Description("AWS WAF managed rule groups (common, known bad inputs, SQL injection), rate-based rules per IP and per session cookie, bot control on sign-up and upload."),
		tm.Implements(tm.WAF, tm.RateLimiting, tm.DDoSProtection), tm.On(cdn, web, hook))
	m.Mitigation("Origin locked to CloudFront",
		tm.Description("ALB security group admits only the CloudFront origin-facing prefix list; the listener requires the rotating origin verification header."),
		tm.Implements(tm.IPAllowlist, tm.Authentication), tm.On(alb, origin))
	m.Mitigation("Linkerd mTLS with default-deny authorization",
		tm.Description("Every meshed pod-to-pod connection uses mTLS with workload certificates; Server and AuthorizationPolicy resources admit named service accounts only."),
		// The ingress controller is the mesh's edge: it sends meshed mTLS
		// connections, but what it receives from the ALB is not meshed.
		tm.Implements(tm.EncryptionInTransit, tm.Authentication, tm.Authorization), tm.On(frontend, api, page, webhook, call))
	m.Mitigation("Default-deny NetworkPolicies",
		tm.Description("Each namespace denies all ingress and egress by default; policies open only the flows in this model."),
		tm.Implements(tm.NetworkIsolation, tm.EgressFiltering), tm.On(ingress, frontend, api, worker, argo, eso))
	m.Mitigation("Pod Security Standards 'restricted'",
		tm.Description("Enforced on every workload namespace: non-root, no privilege escalation, all capabilities dropped, seccomp RuntimeDefault, read-only root filesystem, CPU and memory limits."),
		tm.Implements(tm.NonRootUser, tm.ReadOnlyFilesystem, tm.Sandboxing, tm.ResourceLimits), tm.On(ingress, frontend, api, worker, argo, eso))
	m.Mitigation("Egress allowlist at AWS Network Firewall",
		tm.Description("Outbound traffic from the app subnet leaves only through the firewall, to the payment provider, the IdP and GitHub by SNI; AWS APIs through VPC endpoints."),
		tm.Implements(tm.EgressFiltering), tm.On(nodes, api, frontend, worker, argo, charge, exchange, pull))
	m.Mitigation("Runtime threat detection",
		tm.Description("GuardDuty EKS Runtime Monitoring and EKS audit log monitoring: container escape attempts, crypto-mining, reverse shells, unexpected binaries."),
		tm.Implements(tm.Monitoring), tm.On(nodes, api, worker, frontend, kubeAPI))
	m.Mitigation("Workload identity instead of static keys",
		tm.Description("IRSA for every pod that calls AWS: one-hour sessions, trust policies pinned to one service account, no IAM users or access keys."),
		tm.Implements(tm.ShortLivedCredentials, tm.LeastPrivilege), tm.On(api, worker, eso, sts, apiCreds, workerCreds, esoCreds))
	m.Mitigation("Secrets from Secrets Manager through External Secrets",
		tm.Description("No secret in Git, images or Helm values; External Secrets syncs hourly so rotated values reach the pods without a deploy."),
		tm.Implements(tm.SecretsManager, tm.CredentialRotation), tm.On(eso, api, frontend, nodes, readSecrets))
	m.Mitigation("Encrypted, backed-up data stores",
		tm.Description("Customer-managed KMS keys on RDS, S3 and SQS; RDS automated backups with 35-day point-in-time recovery; S3 versioning."),
		tm.Implements(tm.EncryptionAtRest, tm.Backups), tm.On(postgres, bucket, queue, secretsManager))
	m.Mitigation("Webhook signature, timestamp and idempotency checks",
		tm.Description("The API verifies the HMAC-SHA256 signature in constant time, rejects timestamps older than five minutes, records each event ID once, and re-fetches the event from the provider before changing any invoice."),
		tm.Implements(tm.MessageSigning, tm.ReplayProtection), tm.On(api, webhook),
		tm.Addresses(replay.ID()))
	m.Mitigation("Tenant isolation in the database and the bucket",
		tm.Description("PostgreSQL row-level security keyed on a per-transaction tenant setting; S3 object keys under the tenant prefix; authorization tests for every endpoint."),
		tm.Implements(tm.Authorization), tm.On(api, postgres, bucket, sql, store),
		tm.Addresses(tenant.ID()), tm.ProvedBy(penTest))
	m.Mitigation("Signed images admitted by digest only",
		tm.Description("The release workflow signs each image keylessly with cosign; Kyverno admits only images by digest whose signature names that workflow on main (one documented exception: the ClamAV sidecar)."),
		tm.Implements(tm.SignedArtifacts, tm.DependencyPinning, tm.ImageScanning), tm.On(actions, kubeAPI, argo, publish, apply),
		tm.Addresses(poisoned.ID()))
	m.Mitigation("Immutable audit trail",
		tm.Description("EKS control-plane audit logs, CloudTrail and application audit events to CloudWatch Logs and an Object Lock archive in a separate account."),
		tm.Implements(tm.AuditLogging, tm.LogIntegrity), tm.On(logStore, kubeAPI, api))
	m.Mitigation("Break-glass with MFA and paging",
		tm.Description("The admin role needs a fresh MFA session, lasts one hour, and pages on-call and security when assumed."),
		tm.Implements(tm.MFA, tm.AuditLogging, tm.Monitoring), tm.On(breakGlassSession, kubeAPI))

	// The plaintext Redis connection is stated, so it is not a validation
	// gap; its risk is accepted here, with an owner and a date.
	m.Accept(plain.ID(),
		tm.Justification("Reaching Redis needs a foothold inside the VPC, where the security group admits only the app pods' security group and an SCP forbids traffic mirroring; "+
			"such a foothold in the frontend already yields the sessions. The fix, planned for Q1 2027, is to switch the cluster to TLS in place (mode preferred, the frontend on TLS, then mode required) and add AUTH."),
		tm.Owner("Platform team lead"), tm.Expires(time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)))

	// Co-located workloads: which pods share the EKS node groups (see the
	// nodes' technology). The ingress controller, the frontend and the API
	// run on the Bottlerocket service node group; Argo CD and External
	// Secrets on their own tainted controller node group; the upload jobs
	// on the gVisor node group, alone.
	ingress.SharesHostWith(frontend, api)
	frontend.SharesHostWith(api)
	argo.SharesHostWith(eso)

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
