package agent

import (
	"time"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// roles declares the roles each workload runs as, with the permissions
// they hold: what the assistant's tools can do is what these roles reach.
func roles(m *tm.Model, assistant, tools, ordersAPI, refund, indexer, kb, history, orderTable, refundTable, mailbox, audit *tm.Component) {
	ar := m.Role("Assistant task role",
		tm.Description("The ECS task role of the support assistant."),
		tm.MitigatedBy("Scoped to the knowledge base, the conversation table, the two tools and its log group; no data tables"))
	ar.Allow(kb, "aoss:ReadDocument")
	ar.Allow(history, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query")
	ar.Allow(tools, "vpc-lattice-svcs:Invoke")
	ar.Allow(refund, "states:StartExecution")
	ar.Allow(audit, "logs:CreateLogStream", "logs:PutLogEvents")
	assistant.RunsAs(ar)

	tr := m.Role("Order tools task role",
		tm.Description("The ECS task role of the MCP server."),
		tm.MitigatedBy("May call the orders API and write its logs, nothing else"))
	tr.Allow(ordersAPI, "execute-api:Invoke")
	tr.Allow(audit, "logs:CreateLogStream", "logs:PutLogEvents")
	tools.RunsAs(tr)

	or := m.Role("Orders API task role",
		tm.Description("The ECS task role of the orders service, shared by every caller of the API."),
		tm.MitigatedBy("Scoped to the orders table; no delete, no scan"))
	or.Allow(orderTable, "dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem")
	or.Allow(audit, "logs:CreateLogStream", "logs:PutLogEvents")
	ordersAPI.RunsAs(or)

	rr := m.Role("Refund workflow role",
		tm.Description("The execution role of the refund state machine and its functions."),
		tm.MitigatedBy("Scoped to the refund table and the payment key"))
	rr.Allow(refundTable, "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem")
	rr.Allow(audit, "logs:CreateLogStream", "logs:PutLogEvents")
	refund.RunsAs(rr)

	ir := m.Role("Indexer role",
		tm.Description("The execution role of the ticket indexer."),
		tm.MitigatedBy("Reads the mailbox, writes the knowledge base"))
	ir.Allow(mailbox, "s3:GetObject", "s3:ListBucket")
	ir.Allow(kb, "aoss:WriteDocument")
	indexer.RunsAs(ir)
}

// secrets declares the API keys of the model vendor and the payment
// provider.
func secrets(m *tm.Model, assistant, refund, model, provider *tm.Component) {
	m.Secret("Model API key",
		tm.Provisioned("Created in the vendor's console by the platform team and put into Secrets Manager"),
		tm.Stored(tm.InSecretsManager), tm.Rotated(tm.Rotation{Every: 90 * day}),
		tm.UsedBy(assistant), tm.Opens(model), tm.Authenticates(flowKeyed(m, "Support assistant → Hosted model: Prompt")),
		tm.BlastRadius("Calls the model on the shop's account until revoked: spend, and the vendor's abuse logs of the prompts"))
	m.Secret("Payment API key",
		tm.Provisioned("A restricted key (refunds only) created by the payments team, stored in Secrets Manager"),
		tm.Stored(tm.InSecretsManager), tm.Rotated(tm.Rotation{Every: 30 * day, Automated: true}),
		tm.UsedBy(refund), tm.Opens(provider), tm.Authenticates(flowKeyed(m, "Refund workflow → Payment provider: Refund card payment")),
		tm.BlastRadius("Refunds any card payment of the shop until the key is rolled"))
}

// supplyChain declares what the workloads are built from, the hosted
// model included.
func supplyChain(m *tm.Model, assistant, tools, indexer *tm.Component) {
	m.Dependency("Python packages", tm.Package, tm.Pinned(tm.LockFile, "uv.lock"),
		tm.Verified("uv sync --locked with hashes; Dependabot"),
		tm.Risk("A malicious release of the agent framework or a parser"), tm.MitigatedBy("Lock file with hashes, review of updates"),
		tm.UsedBy(assistant, indexer))
	m.Dependency("MCP Go SDK", tm.Package, tm.Pinned(tm.LockFile, "go.sum"),
		tm.Verified("go.sum checked against the checksum database"),
		tm.Risk("A flaw in the SDK's request handling"), tm.MitigatedBy("Pinned module versions; govulncheck in CI"),
		tm.UsedBy(tools))
	m.Dependency("Hosted model", tm.ManagedService, tm.Pinned(tm.Unpinned, "the vendor's \"latest\" alias"),
		tm.Risk("The vendor changes the model behind the alias: answers, refusals and tool use change without a deploy"),
		tm.MitigatedBy("A weekly evaluation suite runs against the alias; a dated model version is planned"),
		tm.UsedBy(assistant))
	m.Dependency("Embedding model", tm.ManagedService, tm.Pinned(tm.ExactVersion, "amazon.titan-embed-text-v2:0"),
		tm.Risk("A model change makes old and new embeddings incompatible"), tm.MitigatedBy("Version pinned; the index is rebuilt on a change"),
		tm.UsedBy(indexer))
}

// accepted declares the risks the team accepts, each with an owner and a
// date. What it leaves open is the assistant's excessive agency: its order
// tools act with their own identity, not the customer's (TW-E-301,
// TW-I-009).
func accepted(m *tm.Model) {
	reviewBy := time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)
	accept := func(why, owner string, ids ...string) {
		for _, id := range ids {
			m.Accept(id, tm.Justification(why), tm.Owner(owner), tm.Expires(reviewBy))
		}
	}
	accept("Anyone may write to the support address, and email proves nothing about its sender. No decision rests on "+
		"the sender's identity: an email only becomes a redacted knowledge-base passage, and the mailbox keeps every "+
		"message as received, with its headers, for 180 days",
		"Customer Care Engineering lead",
		"TW-S-001@Email sender → Inbound mail: Support email", "TW-S-007@Email sender",
		"TW-E-006@Email sender → Inbound mail: Support email", "TW-R-004@Email sender", "TW-R-001@Inbound mail",
		"TW-R-008@Inbound mail → Support mailbox: Store email")
	accept("Customers sign in to the shop with a password; the shop's identity provider blocks breached passwords "+
		"and challenges risky sign-ins. Passkeys for customers are planned for Q2 2027",
		"Identity team lead", "TW-S-003@Customer → Chat API: Chat message")
	accept("The prompt must hold the customer's order to answer about it. The vendor contract is zero-retention with "+
		"no training, in an EU region; card data never enters a prompt",
		"Data protection officer",
		"TW-I-002@Support assistant → Hosted model: Prompt", "TW-I-301@Support assistant → Hosted model: Prompt")
	accept("Answers are information, not commitments: the chat says so, refunds and address changes go through tools, "+
		"and refunds through a person. Answers are sampled weekly against the sources",
		"Customer Care Engineering lead", "TW-T-305@Support assistant")
	accept("A weekly evaluation suite runs against the vendor's alias and pages on a drop; moving to a dated model "+
		"version with the same suite as the release gate is planned for Q1 2027",
		"Customer Care Engineering lead", "TW-T-306@Support assistant → Hosted model: Prompt",
		"TW-S-102@Support assistant (Model API key)")
}

// flowKeyed returns the flow with the key, declared by the flows' part of
// the model, or nil.
func flowKeyed(m *tm.Model, key string) *tm.Flow {
	for _, f := range m.Flows() {
		if f.Key() == key {
			return f
		}
	}
	return nil
}
