package stride

import (
	tm "github.com/threatwright/threatwright/threatmodel"
)

// aiRules returns the rules about AI components: models, agents, tool
// servers, retrieval stores and model artifacts (threatmodel.LLM, Agent,
// ToolServer, VectorStore, ModelArtifact). Each cites the entries of the
// OWASP Top 10 for LLM Applications 2025 (LLM01–LLM10) and of OWASP's
// Agentic AI – Threats and Mitigations (T1–T15) it is about. They match
// only models that declare AI components or natural-language input, so a
// model without them gets none of their threats.
func aiRules() []Rule {
	return []Rule{
		{
			ID:       "TW-S-301",
			Category: Spoofing,
			Title:    "Tool server or agent takes calls from any workload",
			Description: "The tool server or agent takes requests from other components of the system without " +
				"authenticating them. Any workload that can reach it on the network — a compromised service, a " +
				"rogue or hijacked agent — calls its tools or gives it instructions as if it were the agent it " +
				"trusts (agent impersonation, rogue agents).",
			AttackPaths: []string{
				"A compromised pod in the same network calls the MCP server's tools directly",
				"A rogue agent sends another agent instructions it takes for its orchestrator's",
			},
			Mitigations: []string{
				"Authenticate every caller of a tool or an agent (workload identity, mTLS, signed tokens) and allow-list callers per tool",
			},
			MitigatedWhen: flowAuthenticated,
			Enforced:      EnforcedAtElementOrFlow,
			CAPEC:         []int{151},
			CWE:           []int{306},
			OWASP:         []string{"Agentic T9", "Agentic T13"},
			Kinds:         []tm.Kind{tm.Process},
			Scope:         PerIncomingFlow,
			Match: func(t *Target) bool {
				c := t.Component
				return isRequest(t.Flow) && t.Source != nil && !isOutside(t.Source) &&
					(c.IsA(tm.ToolServer) || c.IsA(tm.Agent))
			},
		},
		{
			ID:       "TW-T-301",
			Category: Tampering,
			Title:    "Prompt injection through content the model reads",
			Description: "The process puts a model to work on natural language that an attacker can write: chat " +
				"messages, retrieved documents, emails, web pages. Instructions hidden in that content are read as " +
				"instructions: the model ignores its task, answers what the attacker wants, or, in an agent, plans the " +
				"attacker's actions (direct and indirect prompt injection, goal manipulation).",
			AttackPaths: []string{
				"A user types instructions that override the system prompt (direct injection, jailbreak)",
				"A document, email or page the process retrieves carries hidden instructions the model follows (indirect injection)",
				"Instructions split across turns or encoded (another language, base64, white text) to slip past a filter",
			},
			Mitigations: []string{
				"Screen prompts and retrieved content with guardrails that detect injected instructions and jailbreaks",
				"Mark untrusted content apart from instructions in the prompt; never let it choose tools or targets",
				"Treat the model's output as untrusted: validate it, and keep the power to act outside the model (see TW-T-302, TW-E-301)",
			},
			MitigatedBy: []tm.Control{tm.ContentFiltering},
			Enforced:    EnforcedAtElementOrFlow,
			CWE:         []int{1427},
			OWASP:       []string{"LLM01:2025", "Agentic T6"},
			Kinds:       []tm.Kind{tm.Process},
			Scope:       PerIncomingFlow,
			Match: func(t *Target) bool {
				return t.Source != nil && t.bringsLanguage(t.Flow) && t.usesModel(t.Component) && !isModel(t.Source) &&
					!providerRuns(t.Component) && t.attackerWrites(t.Source, t.Component)
			},
		},
		{
			ID:       "TW-T-302",
			Category: Tampering,
			Title:    "Model output used without validation",
			Description: "The process acts on what a model returns: it builds a query, a command, a page or a tool " +
				"call from it. Model output is as untrusted as the content that shaped it, so an injected or " +
				"hallucinated answer becomes SQL injection, cross-site scripting, a shell command or code run where " +
				"the process runs (improper output handling).",
			AttackPaths: []string{
				"The model returns markup or script that the process renders to another user",
				"The model returns a query fragment, a path or a shell command that the process runs",
				"The model returns code that an interpreter executes (unexpected code execution)",
			},
			Mitigations: []string{
				"Parse model output against a strict schema and check every value before anything acts on it",
				"Encode it for where it goes; never pass it to an interpreter, a shell or a query builder unchecked",
			},
			MitigatedBy: []tm.Control{tm.OutputValidation},
			Enforced:    EnforcedAtElement,
			CAPEC:       []int{242},
			CWE:         []int{1426, 94},
			OWASP:       []string{"LLM05:2025", "Agentic T11"},
			Kinds:       []tm.Kind{tm.Process},
			Match:       func(t *Target) bool { return t.consumesModelOutput(t.Component) },
		},
		{
			ID:       "TW-T-303",
			Category: Tampering,
			Title:    "Model artifact tampered with or swapped",
			Description: "The store holds model weights, adapters or a tokenizer that a process loads. Whoever can " +
				"write there, or whoever published the artifact upstream, can plant a backdoored or poisoned model " +
				"that behaves normally until its trigger appears; a pickled artifact runs code when it loads.",
			AttackPaths: []string{
				"A pre-trained model from a public hub carries a backdoor or a malicious pickle",
				"A role that can write the artifact store replaces the weights with poisoned ones",
				"A fine-tuning run is fed poisoned data and its output is promoted without evaluation",
			},
			Mitigations: []string{
				"Sign artifacts when they are built and verify the signature and digest before loading them",
				"Load weights in a format that cannot run code (safetensors); keep the store's write access to the pipeline",
			},
			MitigatedBy: []tm.Control{tm.SignedArtifacts},
			Enforced:    EnforcedAtElement,
			CAPEC:       []int{538},
			CWE:         []int{494, 502},
			OWASP:       []string{"LLM03:2025", "LLM04:2025"},
			Kinds:       []tm.Kind{tm.DataStore},
			Match:       func(t *Target) bool { return t.Component.IsA(tm.ModelArtifact) },
		},
		{
			ID:       "TW-T-304",
			Category: Tampering,
			Title:    "Retrieval store or agent memory poisoned",
			Description: "Content that someone outside the system wrote is indexed into a store that a model " +
				"reads back as context: a knowledge base fed with customers' emails, an agent's long-term memory. " +
				"One poisoned entry reaches every later conversation that retrieves it: false facts, or " +
				"instructions that hijack whoever reads them (stored prompt injection).",
			AttackPaths: []string{
				"A customer sends an email or ticket whose text is indexed with instructions for the assistant",
				"An attacker plants text crafted to rank first for common questions (retrieval poisoning)",
				"A hijacked conversation writes false facts into the agent's memory for later sessions",
			},
			Mitigations: []string{
				"Screen content for instructions and sensitive data before it is indexed or remembered",
				"Record where each entry came from; keep untrusted sources apart and rank them below curated ones",
			},
			MitigatedBy: []tm.Control{tm.ContentFiltering},
			Enforced:    EnforcedAtSender,
			CWE:         []int{1427, 349},
			OWASP:       []string{"LLM04:2025", "LLM08:2025", "Agentic T1"},
			Kinds:       []tm.Kind{tm.DataStore},
			Scope:       PerIncomingFlow,
			Match: func(t *Target) bool {
				c := t.Component
				return t.Source != nil && t.writesInto(t.Flow) && t.readByModel(c) && !isModel(t.Source) &&
					(isOutside(t.Source) && !staff(t.Source) || t.Source.Kind() == tm.Process && t.ExposureOf(t.Source) > Unreachable)
			},
		},
		{
			ID:       "TW-T-305",
			Category: Tampering,
			Title:    "Model answer taken as fact",
			Description: "The process sends a model's answer to people who act on it: a customer told a refund " +
				"policy that does not exist, a wrong figure in a reply. The model states invented facts with " +
				"confidence, and an agent that builds on its own wrong answer compounds the error over its steps " +
				"(misinformation, cascading hallucination).",
			AttackPaths: []string{
				"The model invents a policy, a price or a commitment and the user relies on it",
				"An agent acts on a hallucinated fact and its next steps build on the result",
			},
			Mitigations: []string{
				"Have a person approve answers that commit the organisation (refunds, prices, policies) before they are sent",
				"Ground answers in retrieved sources and cite them; tell users what the model may get wrong",
			},
			MitigatedBy: []tm.Control{tm.HumanApproval},
			Enforced:    EnforcedAtElement,
			CWE:         []int{1426},
			OWASP:       []string{"LLM09:2025", "Agentic T5"},
			Kinds:       []tm.Kind{tm.Process},
			Match: func(t *Target) bool {
				c := t.Component
				return t.usesModel(c) && !isModel(c) && t.answersPeople(c)
			},
		},
		{
			ID:       "TW-T-306",
			Category: Tampering,
			Title:    "Hosted model changed by its provider",
			Description: "The process calls a model that a vendor hosts by a name the vendor can move: a new " +
				"version, a changed safety tuning or a retired model changes what the process receives with no " +
				"change on this side, and the evaluation that approved the old model no longer holds (model supply chain).",
			AttackPaths: []string{
				"The provider updates the model behind an alias and its answers or refusals change",
				"A compromised or retired model version is served under the same name",
			},
			Mitigations: []string{
				"Call a pinned model version and re-run the evaluation before moving to a new one",
			},
			MitigatedBy: []tm.Control{tm.DependencyPinning},
			Enforced:    EnforcedAtSender,
			CWE:         []int{1357},
			OWASP:       []string{"LLM03:2025"},
			Kinds:       []tm.Kind{tm.Process},
			Scope:       PerOutgoingFlow,
			Match:       func(t *Target) bool { return isRequest(t.Flow) && thirdPartyModel(t.Destination) },
		},
		{
			ID:       "TW-T-307",
			Category: Tampering,
			Title:    "Another agent's messages steer this agent",
			Description: "The agent takes requests or results from another agent and reads them as it reads its " +
				"own instructions. When the other agent is hijacked, misaligned or impersonated, what it sends " +
				"poisons this one's plan, and a single compromise spreads through the system of agents (agent " +
				"communication poisoning, rogue agents).",
			AttackPaths: []string{
				"A hijacked planner agent hands a worker agent a task with the attacker's instructions in it",
				"A worker agent's result carries text that redirects the orchestrator",
				"An attacker who reaches one agent delegates through it to another that trusts its requests, claiming a little more authority at each hop (human attacks on multi-agent systems)",
			},
			Mitigations: []string{
				"Exchange structured messages between agents and validate them against a schema; never free text as instructions",
				"Authenticate each agent and limit which agent may ask another for what",
			},
			MitigatedBy: []tm.Control{tm.OutputValidation},
			Enforced:    EnforcedAtElementOrFlow,
			CWE:         []int{1427, 345},
			OWASP:       []string{"Agentic T12", "Agentic T13", "Agentic T14", "LLM01:2025"},
			Kinds:       []tm.Kind{tm.Process},
			Scope:       PerIncomingFlow,
			Match: func(t *Target) bool {
				return t.Source != nil && t.Source.IsA(tm.Agent) && t.Component.IsA(tm.Agent)
			},
		},
		{
			ID:       "TW-I-301",
			Category: InformationDisclosure,
			Title:    "Sensitive data sent to a third-party model",
			Description: "The flow sends personal or confidential data into the prompt of a model a vendor hosts. " +
				"The data leaves the system: the provider may log it, keep it for abuse monitoring or training, " +
				"and it can come back in answers to others.",
			AttackPaths: []string{
				"Customer records and conversation history are put into prompts and kept in the provider's logs",
				"Data sent for one user is learned or cached and disclosed to another",
			},
			Mitigations: []string{
				"Mask or remove personal data and secrets before the prompt is built",
				"Contract for zero retention and no training; prefer a region and deployment that keep data in scope",
			},
			MitigatedBy: []tm.Control{tm.DataMasking},
			Enforced:    EnforcedAtSender,
			CAPEC:       []int{118},
			CWE:         []int{359, 201},
			OWASP:       []string{"LLM02:2025"},
			Kinds:       []tm.Kind{tm.DataFlow},
			Match: func(t *Target) bool {
				return isRequest(t.Flow) && thirdPartyModel(t.Destination) && flowCarries(t.Flow, confidential)
			},
		},
		{
			ID:       "TW-I-302",
			Category: InformationDisclosure,
			Title:    "System prompt and its secrets extracted",
			Description: "Someone who talks to the model asks it, directly or through injected content, to repeat " +
				"its instructions. Whatever the system prompt holds — internal rules, names of tools and APIs, keys, " +
				"the limits it is told to enforce — is disclosed and helps the next attack.",
			AttackPaths: []string{
				"A user asks the assistant to print its instructions, or to translate or summarise them",
				"A retrieved document tells the model to include its system prompt in the answer",
			},
			Mitigations: []string{
				"Keep credentials and authorization decisions out of prompts: enforce them in code",
				"Filter responses for the system prompt and for secrets before they are sent",
			},
			MitigatedBy: []tm.Control{tm.ContentFiltering},
			Enforced:    EnforcedAtElement,
			CWE:         []int{200, 1427},
			OWASP:       []string{"LLM07:2025"},
			Kinds:       []tm.Kind{tm.Process},
			Match:       func(t *Target) bool { return t.steerable() },
		},
		{
			ID:       "TW-I-303",
			Category: InformationDisclosure,
			Title:    "Retrieval returns documents the user may not see",
			Description: "The store holds confidential documents that a model reads as context for many users. " +
				"When retrieval does not filter by the asking user's permissions, a question — or an injected " +
				"instruction — brings another customer's or another team's documents into the answer.",
			AttackPaths: []string{
				"A user asks about another customer's case and the nearest documents are theirs",
				"Embeddings of several tenants share one index and a crafted query crosses between them",
			},
			Mitigations: []string{
				"Filter retrieval by the asking user's permissions (per-tenant indexes or metadata filters set in code)",
				"Keep the most sensitive fields out of the index",
			},
			MitigatedBy: []tm.Control{tm.Authorization},
			Enforced:    EnforcedAtElement,
			CWE:         []int{639, 285},
			OWASP:       []string{"LLM08:2025", "LLM02:2025"},
			Kinds:       []tm.Kind{tm.DataStore},
			Match: func(t *Target) bool {
				c := t.Component
				return t.readByModel(c) && anyAsset(stores(c), confidential) && t.Reachable()
			},
		},
		{
			ID:       "TW-D-301",
			Category: DenialOfService,
			Title:    "Unbounded model consumption",
			Description: "Callers an attacker can be drive the model without limit: long prompts, loops of tool " +
				"calls, expensive completions. Every token costs money or capacity, so a flood or a runaway agent " +
				"exhausts the budget or the quota and the service stops for everyone (denial of wallet).",
			AttackPaths: []string{
				"Scripted conversations with maximal prompts run up the provider's bill",
				"An injected instruction sends the agent into an endless plan-and-call loop",
				"Queries crafted to extract the model's behaviour at scale (model extraction)",
			},
			Mitigations: []string{
				"Cap tokens per request, steps per task, and spend per user and per day; alert before the budget is reached",
				"Time out long runs and stop an agent that repeats itself",
			},
			MitigatedBy: []tm.Control{tm.TokenLimits},
			Enforced:    EnforcedAtElement,
			CAPEC:       []int{130},
			CWE:         []int{770, 400},
			OWASP:       []string{"LLM10:2025", "Agentic T4"},
			Kinds:       []tm.Kind{tm.Process},
			Match: func(t *Target) bool {
				return t.usesModel(t.Component) && !providerRuns(t.Component) && t.Reachable()
			},
		},
		{
			ID:       "TW-R-301",
			Category: Repudiation,
			Title:    "Agent actions not traceable to a request",
			Description: "The agent calls tools on its own judgement. Without a record of each call — which " +
				"conversation and user asked, what the model planned, which tool ran with which arguments — a " +
				"harmful action cannot be explained, attributed or undone, and a hijacked agent leaves no trail.",
			AttackPaths: []string{
				"A refund or change made by the agent is disputed and nothing links it to a conversation",
				"An injected instruction makes the agent act and the logs hold only the final answer",
			},
			Mitigations: []string{
				"Log every tool call with the conversation, the user, the arguments and the result in an audit trail",
			},
			MitigatedBy: []tm.Control{tm.AuditLogging},
			Enforced:    EnforcedAtElement,
			CWE:         []int{778},
			OWASP:       []string{"Agentic T8"},
			Kinds:       []tm.Kind{tm.Process},
			Match:       func(t *Target) bool { return t.hasToolCalls(t.Component) },
		},
		{
			ID:       "TW-E-301",
			Category: ElevationOfPrivilege,
			Title:    "Hijacked agent calls a tool for the attacker",
			Description: "The agent reads content an attacker can write, and calls this tool on its own judgement. " +
				"A prompt injection chooses the call and its arguments: the tool then reads, changes or deletes " +
				"with its own identity whatever that identity reaches, not what the user in the conversation may " +
				"(excessive agency, tool misuse). The reach analysis lists, per tool, what those roles reach.",
			AttackPaths: []string{
				"A poisoned document tells the agent to issue a refund or change an order",
				"An injected instruction makes the agent look up other customers' records and repeat them",
				"The agent passes the attacker's arguments to an API that trusts the agent's identity",
			},
			Mitigations: []string{
				"Require a person's approval before the tool changes anything that matters",
				"Call the tool with the user's own credential, and authorize each object in the tool, so the agent reaches only what the user may",
				"Narrow the roles the tool runs as to what the task needs",
			},
			MitigatedBy:   []tm.Control{tm.HumanApproval},
			MitigatedWhen: actsForTheUser,
			Enforced:      EnforcedAtReceiver,
			CAPEC:         []int{122},
			CWE:           []int{441, 250},
			OWASP:         []string{"LLM06:2025", "Agentic T2", "Agentic T3"},
			Kinds:         []tm.Kind{tm.Process},
			Scope:         PerOutgoingFlow,
			Match:         func(t *Target) bool { return toolCall(t.Flow) && t.steerable() },
		},
		{
			ID:       "TW-E-303",
			Category: ElevationOfPrivilege,
			Title:    "Approver flooded with a hijacked agent's requests",
			Description: "A person approves each call of the agent to this tool, and the agent reads content an " +
				"attacker can write. A hijacked agent can queue request after plausible request: the approver, " +
				"hurried or tired, waves one through, and the approval the design relies on no longer holds " +
				"(overwhelming the human in the loop, human manipulation).",
			AttackPaths: []string{
				"An injected instruction makes the agent file many small refund requests in a busy hour",
				"Requests worded to look pre-checked or urgent, so that the approver does not check them",
			},
			Mitigations: []string{
				"Limit the requests needing approval per conversation, customer and day at the tool",
				"Show the approver the evidence (the order, the amount, the conversation) beside each request; a second approver above a threshold",
			},
			MitigatedBy: []tm.Control{tm.RateLimiting},
			Enforced:    EnforcedAtReceiver,
			CWE:         []int{770, 451},
			OWASP:       []string{"Agentic T10", "Agentic T15"},
			Kinds:       []tm.Kind{tm.Process},
			Scope:       PerOutgoingFlow,
			Match: func(t *Target) bool {
				return toolCall(t.Flow) && (t.Flow.Has(tm.HumanApproval) || t.Destination.Has(tm.HumanApproval)) && t.steerable()
			},
		},
		{
			ID:       "TW-E-302",
			Category: ElevationOfPrivilege,
			Title:    "Agent can call every tool its tool server offers",
			Description: "The agent calls a tool server (an MCP server, a function gateway) that offers more tools " +
				"than the agent's task needs, or takes any arguments. Every tool the server offers is one the " +
				"model can be talked into calling, or calls on its own in pursuit of its goal (excessive " +
				"functionality; misaligned behaviour).",
			AttackPaths: []string{
				"A tool added to the server for another agent becomes callable by this one",
				"The model calls an administrative or destructive tool with arguments no user would send",
				"The agent, pursuing its goal, calls a tool no one asked for and reports success (misaligned and deceptive behaviour)",
			},
			Mitigations: []string{
				"Allow-list, per agent and task, the tools and the argument values it may use; deny the rest at the server",
			},
			MitigatedBy: []tm.Control{tm.ToolAllowlist},
			Enforced:    EnforcedAtFlowOrEnds,
			CWE:         []int{250, 272},
			OWASP:       []string{"LLM06:2025", "Agentic T2", "Agentic T7"},
			Kinds:       []tm.Kind{tm.Process},
			Scope:       PerOutgoingFlow,
			Match: func(t *Target) bool {
				return toolCall(t.Flow) && t.Destination.IsA(tm.ToolServer)
			},
		},
	}
}
