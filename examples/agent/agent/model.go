// Package agent is the threat model of a customer-support assistant: an
// LLM agent that answers customers in a chat, retrieves passages from a
// knowledge base built from support emails, asks a model a vendor hosts,
// and calls tools — an MCP server over the orders API, and a refund
// workflow that a member of staff approves. Tests and tools import it; the
// command in the parent directory prints and publishes it.
package agent

import (
	"time"

	tm "github.com/threatwright/threatwright/threatmodel"
)

const day = 24 * time.Hour

// Model returns the threat model of the customer-support assistant.
func Model() *tm.Model { return model(change{}) }

// change is one deliberate change to the system, made by the sensitivity
// tests (sensitivity_test.go) to show that the report moves where it should
// and nowhere else. The zero value is the system as it is.
type change struct {
	noContentFiltering bool // the assistant's guardrail is switched off
	noRefundApproval   bool // refunds run without a person's approval
	noAddressTool      bool // the MCP server offers no tool that changes an order
	userToken          bool // the assistant calls its order tools with the customer's own token, which they authorize each order against
}

// tls is a flow inside AWS: HTTPS over TLS 1.2 or later, signed with the
// caller's IAM role and authorized by IAM policy.
func tls(opts ...tm.FlowOption) []tm.FlowOption {
	return append([]tm.FlowOption{tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy)}, opts...)
}

// model declares the system, with one change for the sensitivity tests.
func model(c change) *tm.Model {
	m := tm.New("Customer-support assistant",
		tm.Description("An LLM agent that answers an online shop's customers in a web chat. It reads the customer's "+
			"orders through an MCP tool server, retrieves passages from a knowledge base built from resolved support "+
			"emails, asks a model that a vendor hosts, and can change a delivery address or request a refund, which "+
			"a member of the support staff approves before the payment provider is called."),
		tm.Owner("Customer Care Engineering"))
	m.ThreatContext(
		"The assistant talks to anyone with a shop account and reads text anyone can write: chat messages and "+
			"the emails its knowledge base is built from. It acts on the model's judgement through tools that "+
			"reach every customer's orders and can move money, so a prompt injection is a way to other "+
			"customers' data and to refunds.",
		"Worst case: an instruction hidden in a support email or a chat makes the assistant read and repeat "+
			"other customers' orders, redirect their deliveries, or push fraudulent refunds past a hurried approver.")
	m.Scope("The chat API, the assistant, its tools, the knowledge base and its ingestion, the refund workflow, "+
		"and the calls to the model vendor and the payment provider.",
		"The web shop and its identity provider, which issues the customers' tokens.")
	m.Assume("The model vendor keeps no prompts or completions beyond 30 days and trains on none (zero-retention contract).",
		"The identity provider authenticates customers and staff with MFA for staff.")
	m.OutOfScope("The web shop", "Threat-modelled separately; the assistant reaches its data only through the orders API.")

	s := &system{m: m, c: c}
	s.zones()
	s.assets()
	s.components()
	s.chatFlows()
	s.toolFlows()
	s.knowledgeFlows()
	roles(m, s.assistant, s.tools, s.ordersAPI, s.refund, s.indexer, s.kb, s.history, s.orderTable, s.refundTable, s.mailbox, s.audit)
	secrets(m, s.assistant, s.refund, s.hosted, s.provider)
	supplyChain(m, s.assistant, s.tools, s.indexer)
	accepted(m)
	return m
}

// system holds the model being declared and the handles its parts share.
type system struct {
	m *tm.Model
	c change

	internet, vendor, payments, corp, account, edge, app, data *tm.Zone
	// workload are the controls every ECS task and function has.
	workload []tm.Control

	orders, refunds, conversations, emails, passages, auditLogs *tm.Asset

	customer, sender, hosted, provider, staff                   *tm.Component
	chatAPI, mail, assistant, tools, ordersAPI, refund, indexer *tm.Component
	mailbox, kb, history, orderTable, refundTable, audit        *tm.Component
}

// zones declares the trust boundaries and what every workload has.
func (s *system) zones() {
	m := s.m
	// What every ECS task and function of the system has: task-role
	// credentials from STS, CPU, memory and time limits, scrubbed logs,
	// egress only through VPC endpoints and an allow-listed proxy, a
	// read-only root filesystem.
	s.workload = []tm.Control{tm.ShortLivedCredentials, tm.LeastPrivilege, tm.ResourceLimits, tm.Timeouts,
		tm.LogScrubbing, tm.EgressFiltering, tm.ReadOnlyFilesystem, tm.NonRootUser}

	s.internet = m.Zone("Internet", tm.Untrusted, tm.Description("Customers, anyone who emails support, attackers."))
	s.vendor = m.Zone("Model vendor", tm.SemiTrusted,
		tm.Description("The vendor's hosted model API: outside the shop's control, bound by contract."))
	s.payments = m.Zone("Payment provider", tm.SemiTrusted, tm.Description("The card processor's refund API."))
	s.corp = m.Zone("Corporate network", tm.Trusted, tm.Description("Support staff on managed laptops, signed in with SSO and MFA."))
	s.account = m.Zone("AWS account", tm.Trusted, tm.ContainsBlastRadius(),
		tm.Description("The production AWS account: the blast-radius boundary."))
	s.edge = m.Zone("Edge", tm.SemiTrusted, tm.Inside(s.account), tm.Description("Where customers' traffic and email come in."))
	s.app = m.Zone("Application", tm.Trusted, tm.Inside(s.account), tm.Description("The assistant, its tools and the workflows."))
	s.data = m.Zone("Data", tm.HighlyTrusted, tm.Inside(s.account), tm.Description("Tables, stores and logs, reachable only through IAM."))
}

// assets declares what the system protects.
func (s *system) assets() {
	m := s.m
	s.orders = m.DataAsset("Orders and customer details",
		tm.Value(tm.High), tm.RiskLevel(tm.Critical), tm.Classified(tm.Confidential), tm.PII(),
		tm.Description("Every customer's orders: names, delivery addresses, items, order status."),
		tm.Lifecycle(tm.DataLifecycle{
			AtRest: "DynamoDB, encrypted with a customer-managed KMS key; point-in-time recovery", Encrypted: tm.CustomerManagedKey,
			InTransit: "TLS 1.2+ inside AWS; TLS 1.3 to customers", TransitEncryption: tm.TLS12,
			Deletion: "Deleted seven years after the order (tax law); anonymised on account closure", Retention: 7 * 365 * day,
			AccessControl: "The orders API's role; the MCP server reaches it only through the orders API",
		}))
	s.refunds = m.DataAsset("Refund requests",
		tm.Value(tm.High), tm.RiskLevel(tm.Critical), tm.Classified(tm.Confidential),
		tm.Description("Refunds the assistant requests: order, amount, reason, approver."),
		tm.Lifecycle(tm.DataLifecycle{
			AtRest: "DynamoDB, encrypted with a customer-managed KMS key", Encrypted: tm.CustomerManagedKey,
			InTransit: "TLS 1.2+ inside AWS; TLS 1.3 to the payment provider", TransitEncryption: tm.TLS12,
			Deletion: "Kept seven years for audit, then deleted", Retention: 7 * 365 * day,
			AccessControl: "The refund workflow's role; support staff through the approval console",
		}))
	s.conversations = m.DataAsset("Conversations",
		tm.Value(tm.MediumHigh), tm.RiskLevel(tm.Important), tm.Classified(tm.Confidential), tm.PII(),
		tm.Description("Chat transcripts: what customers wrote and what the assistant answered."),
		tm.Lifecycle(tm.DataLifecycle{
			AtRest: "DynamoDB, encrypted with an AWS-managed key", Encrypted: tm.ProviderManagedKey,
			InTransit: "TLS 1.3 from the browser, TLS 1.2+ inside AWS and to the model vendor", TransitEncryption: tm.TLS12,
			Deletion: "TTL deletes transcripts after 90 days", Retention: 90 * day,
			AccessControl: "The assistant's role, keyed by conversation; the customer sees only their own",
		}))
	s.emails = m.DataAsset("Support emails",
		tm.Value(tm.Medium), tm.RiskLevel(tm.Important), tm.Classified(tm.Confidential), tm.PII(),
		tm.Description("Emails sent to the support address, as received."),
		tm.Lifecycle(tm.DataLifecycle{
			AtRest: "S3, encrypted with SSE-S3", Encrypted: tm.ProviderManagedKey,
			InTransit: "SMTP with opportunistic TLS to SES; TLS 1.2+ inside AWS", TransitEncryption: tm.TLS12,
			Deletion: "S3 lifecycle rule deletes them after 180 days", Retention: 180 * day,
			AccessControl: "The SES receipt rule writes; the indexer's role reads",
		}))
	s.passages = m.DataAsset("Knowledge base passages",
		tm.Value(tm.Medium), tm.RiskLevel(tm.Moderate), tm.Classified(tm.Internal),
		tm.Description("Chunks of resolved support emails with personal data redacted, and their embeddings."),
		tm.Lifecycle(tm.DataLifecycle{
			AtRest: "OpenSearch Serverless collection, encrypted with an AWS-owned key", Encrypted: tm.ProviderManagedKey,
			InTransit: "TLS 1.2+ inside AWS and in prompts to the model vendor", TransitEncryption: tm.TLS12,
			Deletion: "Re-indexed nightly from the last 180 days of mail; older passages dropped", Retention: 180 * day,
			AccessControl: "The indexer writes, the assistant reads (collection data-access policy)",
		}))
	s.auditLogs = m.Asset("Audit logs", tm.AssetLogs, tm.Value(tm.Medium), tm.RiskLevel(tm.Important),
		tm.Description("Every tool call with conversation, customer, arguments and result; refund approvals."))
}

// components declares who talks to the system.
func (s *system) components() {
	m := s.m
	s.customer = m.ExternalEntity("Customer", s.internet, tm.Is(tm.Human), tm.Description("A shop customer in the web chat, signed in to the shop."))
	s.sender = m.ExternalEntity("Email sender", s.internet,
		tm.Description("Anyone who writes to the support address: customers, and anyone else."))
	s.hosted = m.ExternalEntity("Hosted model", s.vendor, tm.Is(tm.LLM, tm.ThirdPartyService),
		tm.Technology("A vendor's hosted LLM API with tool use, called by its \"latest\" alias"),
		tm.Description("Plans the assistant's answers and tool calls. Hosted and operated by the vendor."))
	s.provider = m.ExternalEntity("Payment provider", s.payments, tm.Is(tm.ThirdPartyService),
		tm.Description("Refunds a card payment on request."))
	s.staff = m.ExternalEntity("Support staff", s.corp, tm.Is(tm.Human),
		tm.Description("Approves or rejects each refund the assistant requests, in the support console."))

	s.processes()
	s.stores()
}

// processes declares the system's processes.
func (s *system) processes() {
	m := s.m
	c := s.c
	s.chatAPI = m.Process("Chat API", s.edge, tm.Is(tm.Gateway), tm.Infrastructure(),
		tm.Technology("Amazon API Gateway (WebSocket), AWS WAF"),
		tm.Description("Terminates the customers' WebSocket connections, checks their shop token, throttles."),
		tm.Accepts(tm.JSON),
		tm.Controls(tm.Authentication, tm.Authorization, tm.InputValidation, tm.RateLimiting, tm.WAF, tm.DDoSProtection,
			tm.ErrorSanitization, tm.AuditLogging, tm.LogScrubbing),
		tm.ErrorHandling("Integration errors reveal backend details", "Mapped to generic messages with a request ID"),
		tm.Runtime("Connection floods exhaust the assistant's capacity", "Per-customer and per-IP throttling; WAF rate rules"))
	s.mail = m.Process("Inbound mail", s.edge, tm.Is(tm.Service), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("Amazon SES receipt rules"),
		tm.Description("Receives email for the support address, scans it, and stores it in the mailbox bucket."),
		tm.Accepts(tm.NaturalLanguage, tm.Documents),
		tm.Controls(tm.MalwareScanning, tm.RateLimiting, tm.ErrorSanitization),
		tm.ErrorHandling("Bounces disclose internal addresses", "SES default bounces only"),
		tm.Runtime("Spam floods the mailbox", "SES spam and virus verdicts drop flagged mail"))
	assistantCtl := append([]tm.Control{tm.InputValidation, tm.OutputValidation, tm.TokenLimits, tm.ToolAllowlist,
		tm.AuditLogging, tm.ErrorSanitization, tm.ParameterizedQueries}, s.workload...)
	if !c.noContentFiltering {
		assistantCtl = append(assistantCtl, tm.ContentFiltering)
	}
	s.assistant = m.Process("Support assistant", s.app, tm.Is(tm.Agent, tm.Service),
		tm.Technology("Python 3.12 agent loop on ECS Fargate"),
		tm.Description("Builds each prompt from the conversation and retrieved passages, asks the hosted model, runs the "+
			"tool calls it plans (checked against a per-tool JSON schema and an allow-list), and answers the customer. "+
			"A guardrail screens messages, passages and answers for injected instructions. Budgets cap tokens per "+
			"turn, tool calls per conversation and spend per day."),
		tm.Accepts(tm.NaturalLanguage, tm.JSON),
		tm.Controls(assistantCtl...),
		tm.ErrorHandling("Model or tool errors shown to the customer reveal prompts or tool names", "Generic apology; details in the audit log"),
		tm.ErrorHandling("Transcripts logged with personal data", "Logs keep conversation IDs, not text"),
		tm.Runtime("A runaway plan loops over tool calls", "At most 8 tool calls per turn and 40 per conversation; 60 s per turn"),
		tm.Runtime("The model is told to call a tool it should not", "Tool allow-list per conversation state; arguments schema-checked"))
	s.tools = m.Process("Order tools", s.app, tm.Is(tm.ToolServer, tm.Service),
		tm.Technology("MCP server (Streamable HTTP) in Go on ECS Fargate"),
		tm.Description("Offers the assistant two tools: look up an order, and change an order's delivery address "+
			"before it ships. Each calls the orders API."),
		tm.Accepts(tm.JSON),
		tm.Controls(tm.InputValidation, tm.AuditLogging, tm.ErrorSanitization), tm.Controls(s.workload...),
		when(c.userToken, tm.Controls(tm.Authorization)),
		tm.ErrorHandling("Tool errors echo the orders API's messages", "Errors mapped to a fixed set of tool results"),
		tm.Runtime("A tool runs with arguments the schema allows but the customer did not ask for",
			"Arguments validated; the customer ID comes from the conversation, not from the model"))
	s.ordersAPI = m.Process("Orders API", s.app, tm.Is(tm.Service),
		tm.Technology("Go service on ECS Fargate"),
		tm.Description("The shop's internal orders service; the web shop calls it too."),
		tm.Accepts(tm.JSON),
		tm.Controls(tm.InputValidation, tm.ParameterizedQueries, tm.AuditLogging, tm.ErrorSanitization), tm.Controls(s.workload...),
		tm.ErrorHandling("Validation errors name internal fields", "Problem details with public field names only"),
		tm.Runtime("A caller reads any order by ID", "Callers are services trusted by IAM; no per-customer check"))
	s.refund = m.Process("Refund workflow", s.app, tm.Is(tm.ToolServer, tm.Function),
		tm.Technology("AWS Step Functions with Lambda (Python)"),
		tm.Description("Records the refund request, waits for a member of staff to approve it in the console, "+
			"then asks the payment provider to refund the card."),
		tm.Accepts(tm.JSON),
		tm.Controls(tm.InputValidation, tm.Authorization, tm.AuditLogging, tm.ErrorSanitization, tm.ParameterizedQueries,
			tm.RateLimiting),
		tm.Controls(s.workload...),
		when(!c.noRefundApproval, tm.Controls(tm.HumanApproval)),
		tm.ErrorHandling("Payment errors expose provider details", "Only a status goes back to the assistant"),
		tm.Runtime("Refunds above the order value", "The workflow caps the amount at the order's paid total"),
		tm.Runtime("A hijacked assistant floods the approvers with requests", "One open request per order, three per customer per day; "+
			"the console shows the order, the paid amount and the conversation beside each request"))
	s.indexer = m.Process("Ticket indexer", s.app, tm.Is(tm.Job),
		tm.Technology("Lambda (Python) with an embedding model"),
		tm.Description("Nightly: reads resolved support emails, redacts personal data, chunks and embeds them into the knowledge base."),
		tm.Accepts(tm.NaturalLanguage),
		tm.Controls(tm.DataMasking, tm.InputValidation, tm.ErrorSanitization, tm.AuditLogging), tm.Controls(s.workload...),
		tm.ErrorHandling("Failed emails logged in full", "Only the object key is logged"),
		tm.Runtime("A huge email exhausts the job", "Emails over 1 MB are skipped"))

}

// stores declares where the system's data rests.
func (s *system) stores() {
	m := s.m
	s.mailbox = m.DataStore("Support mailbox", s.data, tm.Is(tm.ObjectStorage), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("Amazon S3"), tm.Description("Received support emails."),
		tm.Stores(s.emails), tm.Controls(tm.EncryptionAtRest, tm.Authorization, tm.PrivateEndpoint, tm.Versioning))
	s.kb = m.DataStore("Knowledge base", s.data, tm.Is(tm.VectorStore), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("Amazon OpenSearch Serverless vector collection"),
		tm.Description("Redacted passages of resolved support emails, retrieved by similarity."),
		tm.Stores(s.passages), tm.Controls(tm.EncryptionAtRest, tm.Authorization, tm.PrivateEndpoint))
	s.history = m.DataStore("Conversation store", s.data, tm.Is(tm.Database), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("Amazon DynamoDB"), tm.Description("Chat transcripts, the assistant's memory of a conversation."),
		tm.Stores(s.conversations), tm.Controls(tm.EncryptionAtRest, tm.Authorization, tm.PrivateEndpoint, tm.Backups,
			tm.Redundancy, tm.ResourceLimits))
	s.orderTable = m.DataStore("Orders table", s.data, tm.Is(tm.Database), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("Amazon DynamoDB"), tm.Description("The shop's orders."),
		tm.Stores(s.orders), tm.Controls(tm.EncryptionAtRest, tm.Authorization, tm.PrivateEndpoint, tm.Backups, tm.DeletionProtection,
			tm.Redundancy, tm.ResourceLimits))
	s.refundTable = m.DataStore("Refund table", s.data, tm.Is(tm.Database), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("Amazon DynamoDB"), tm.Description("Refund requests and their approvals."),
		tm.Stores(s.refunds), tm.Controls(tm.EncryptionAtRest, tm.Authorization, tm.PrivateEndpoint, tm.Backups, tm.DeletionProtection,
			tm.Redundancy, tm.ResourceLimits))
	s.audit = m.DataStore("Audit log", s.data, tm.Is(tm.LogStore), tm.HoldsAuditLogs(), tm.Infrastructure(), tm.ProviderManaged(),
		tm.Technology("Amazon CloudWatch Logs with a 400-day retention, exported to an Object Lock bucket"),
		tm.Description("Tool calls, refund approvals and their actors."),
		tm.Stores(s.auditLogs), tm.Controls(tm.EncryptionAtRest, tm.Authorization, tm.LogIntegrity, tm.Monitoring, tm.TimeSync))
}

// chatFlows declares the chat: the customer's turn, the prompt, retrieval and memory.
func (s *system) chatFlows() {
	m := s.m
	// The chat.
	chat := m.Flow(s.customer, s.chatAPI, "Chat message",
		tm.Over(tm.WebSocket, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT), tm.AuthZ(tm.Scopes),
		tm.Carries(s.conversations), tm.Encoded(tm.JSON), tm.Controls(tm.RateLimiting, tm.ShortLivedCredentials))
	m.Response(chat, "Reply", tm.Carries(s.conversations, s.orders))
	turn := m.Flow(s.chatAPI, s.assistant, "Customer turn", tls(tm.Carries(s.conversations), tm.Encoded(tm.NaturalLanguage))...)
	m.Response(turn, "Answer", tm.Carries(s.conversations, s.orders))
	prompt := m.Flow(s.assistant, s.hosted, "Prompt",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.APIKey),
		tm.Carries(s.conversations, s.orders, s.passages), tm.Encoded(tm.NaturalLanguage))
	m.Response(prompt, "Completion and tool calls", tm.Carries(s.conversations), tm.Encoded(tm.NaturalLanguage, tm.JSON))
	m.Response(m.Flow(s.assistant, s.kb, "Retrieve passages", tls(tm.Carries(s.conversations))...), "Passages",
		tm.Carries(s.passages), tm.Encoded(tm.NaturalLanguage))
	m.Response(m.Flow(s.assistant, s.history, "Save and load conversation", tls(tm.Carries(s.conversations), tm.Encoded(tm.NaturalLanguage))...),
		"Conversation history", tm.Carries(s.conversations), tm.Encoded(tm.NaturalLanguage))
}

// toolFlows declares the tool calls and what the tools call in turn.
func (s *system) toolFlows() {
	m := s.m
	c := s.c
	// The tools.
	auth := tm.IAMSignature
	if c.userToken {
		auth = tm.OAuth2
	}
	lookup := m.Flow(s.assistant, s.tools, "Look up order", tls(tm.AuthN(auth), tm.Carries(s.orders), tm.Encoded(tm.JSON))...)
	m.Response(lookup, "Order details", tm.Carries(s.orders), tm.Encoded(tm.JSON))
	if !c.noAddressTool {
		m.Flow(s.assistant, s.tools, "Change delivery address", tls(tm.AuthN(auth), tm.Carries(s.orders), tm.Encoded(tm.JSON))...)
	}
	get := m.Flow(s.tools, s.ordersAPI, "Get or update order", tls(tm.Carries(s.orders), tm.Encoded(tm.JSON))...)
	m.Response(get, "Order", tm.Carries(s.orders))
	m.Response(m.Flow(s.ordersAPI, s.orderTable, "Read and write order", tls(tm.Carries(s.orders))...), "Order record", tm.Carries(s.orders))
	req := m.Flow(s.assistant, s.refund, "Request refund", tls(tm.Carries(s.refunds), tm.Encoded(tm.JSON))...)
	m.Response(req, "Refund status", tm.Carries(s.refunds), tm.Encoded(tm.JSON))
	m.Flow(s.staff, s.refund, "Approve refund",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.OAuth2), tm.AuthZ(tm.RoleBased),
		tm.Carries(s.refunds), tm.Controls(tm.MFA))
	m.Flow(s.refund, s.refundTable, "Record refund", tls(tm.Carries(s.refunds))...)
	m.Flow(s.refund, s.provider, "Refund card payment",
		tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.APIKey), tm.Carries(s.refunds))
}

// knowledgeFlows declares the knowledge base's ingestion and the audit trail.
func (s *system) knowledgeFlows() {
	m := s.m
	// The knowledge base: support email in, redacted passages out.
	m.Flow(s.sender, s.mail, "Support email",
		tm.Over(tm.SMTP, 25), tm.Encrypted(tm.TLS12), tm.AuthN(tm.NoAuthentication), tm.AuthZ(tm.NoAuthorization),
		tm.Carries(s.emails), tm.Encoded(tm.NaturalLanguage))
	m.Flow(s.mail, s.mailbox, "Store email", tls(tm.Carries(s.emails), tm.Encoded(tm.NaturalLanguage))...)
	m.Response(m.Flow(s.indexer, s.mailbox, "Read resolved emails", tls(tm.Carries(s.emails))...), "Emails",
		tm.Carries(s.emails), tm.Encoded(tm.NaturalLanguage))
	m.Flow(s.indexer, s.kb, "Index passages", tls(tm.Carries(s.passages), tm.Encoded(tm.NaturalLanguage))...)

	// The audit trail.
	for _, p := range []*tm.Component{s.chatAPI, s.assistant, s.tools, s.ordersAPI, s.refund, s.indexer} {
		m.Flow(p, s.audit, "Audit events", tls(tm.Carries(s.auditLogs))...)
	}
}

// when returns the controls unless the change removes them (then no
// control at all).
func when(keep bool, o tm.ControlsOption) tm.ControlsOption {
	if keep {
		return o
	}
	return tm.Controls()
}
