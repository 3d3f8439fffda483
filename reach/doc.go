// Package reach computes what a compromise can reach in a threat model: the
// blast radius of every role, component and secret, the least-privilege
// findings, the attack paths from untrusted positions to the most valuable
// assets, and the answers to the template's gate questions.
//
//	res, err := reach.Analyze(m)
//	role := res.Role(execRole)          // what the execution role reaches
//	paths := res.PathsTo(threatmodel.Critical)
//
// # Blast radius
//
// A role reaches what its effective permissions name
// (threatmodel.Role.Effective: its allow statements within its permission
// boundary and the guardrails of its zones, less every deny; a statement on
// AnyResource() reaches only what belongs to its actions' service, so
// "dynamodb:*" reaches the DynamoDB tables and not IAM) and, when it can
// change its own permissions, what it could grant itself (see Escalation
// techniques), and, transitively, what the roles it can act as reach: through Role.CanAssume, through a
// permission on a role that assumes or impersonates it (sts:AssumeRole,
// serviceaccounts:impersonate, "*"), changes its permissions or trust, or
// passes it (iam:PassRole) while the role can also make a service run as a
// passed role (lambda:CreateFunction, ec2:RunInstances) — iam:PassRole
// alone leads nowhere — through a secret it can read that grants a role,
// and through a process it can take over. Cycles end where they close. What
// each action means is the module's one vocabulary (internal/iam), shared
// with threatmodel and stride.
//
// A role takes a process over when an allowed action that no deny takes
// away changes what the process runs or how: its code, configuration,
// image, task definition, environment or deployment
// (lambda:UpdateFunctionCode, lambda:UpdateFunctionConfiguration,
// ecs:UpdateService, apigateway:PUT, Kubernetes deployments:update or
// pods:create), or runs commands in it (pods/exec, ssm:SendCommand); any
// admin action and any wildcard over a service or everything ("*",
// "lambda:*") counts too. Calling the process (lambda:InvokeFunction,
// execute-api:Invoke, sqs:SendMessage, sns:Publish, states:StartExecution)
// or reading it does not, nor does an action the table of modifying
// actions does not know. A secret that opens a process takes it over: the
// model does not say what the credential permits. Whoever takes a process
// over acts as the roles it runs as and uses the secrets it uses or holds,
// so the blast radius includes what those reach; Entry.Takeover marks the
// access, Entry.Chain passes through the process, and RoleReach.TakesOver
// lists the processes.
//
// # Escalation techniques
//
// reach applies a typed catalogue of published privilege-escalation
// techniques (Techniques; TECHNIQUES.md lists them by Platform): AWS after
// pathfinding.cloud's paths, Kubernetes after the RBAC good practices'
// escalation risks, Google Cloud after Rhino Security Labs' research, to
// each role's effective permissions.
// A technique applies when every permission it needs is effectively
// allowed (threatmodel.EffectivePermission.Allows: within the boundary and
// guardrails, no deny of the action, also inside an allowed wildcard)
// where its preconditions say, and the model holds what they need
// (Precondition): on the role itself for a self-escalation
// (iam:PutRolePolicy on its own role); on another role for access to
// another principal (iam:UpdateAssumeRolePolicy, iam:CreateAccessKey);
// iam:PassRole on another role, with the permissions that create the
// resource allowed anywhere, for passing a role to a new resource
// (lambda-001: lambda:CreateFunction and lambda:InvokeFunction), when the
// passed role's trust policy names the technique's service; and, for taking over an existing
// resource, every permission on a process of the technique's service that
// runs as a role (lambda-003: lambda:UpdateFunctionCode on a
// function). Kubernetes has no permission to pass a service account:
// creating a workload in a namespace runs it as any service account there
// (InNamespace: k8s-001, pods:create on the namespace of a workload that
// runs as a role). Google Cloud's iam.serviceAccounts.actAs passes a
// service account as iam:PassRole passes a role (gcp-001), and is needed
// on the account an existing function or VM runs as to change its code
// (gcp-019). A technique that takes a process over applies only to one of
// its platform: a Kubernetes one to a Kubernetes workload (by its name,
// technology or namespace), a Google Cloud one to its product, an AWS one
// to a resource whose name or technology names its service; a statement on
// a namespace grants no cluster-scoped resource (nodes/proxy). A technique
// leads to the role or process like the
// hand-written rules below, which still apply where no technique does;
// the escalation finding (RCH004) cites the techniques' IDs in its message
// and in Finding.Techniques.
//
// Trust policies (threatmodel.TrustsServices, Role.Trusts) decide who may
// assume a role: a role that declares none trusts every service and role
// that holds a permission to assume it; a role that declares one is
// assumed only by what it names (sts:AssumeRole from another role leads
// nowhere, a pass-role technique needs the technique's service named),
// and a role it names may assume it without any permission of its own.
// Resource policies (Component.Allow) grant a role actions on the
// component as the role's own statements would (threatmodel.Role.Effective).
//
// A role that can change its own permissions
// escalates to what it could grant itself within its permission boundary
// and guardrails (threatmodel.Role.Granted) beyond what it reaches: the
// finding lists it as the gains, and the role's blast radius includes it.
//
// A statement on a component
// reaches the component and the assets it stores or that represent it; on a
// zone, every component in it and in the zones nested in it; on
// threatmodel.AnyResource(), everything. Wildcards stay visible
// (Entry.Wildcard, BlastRadius.Wildcards). A deny takes away the allowed
// actions its patterns match on what it covers (a component covers the
// assets it stores; a zone what is in it); an allowed wildcard is only taken
// away by a deny as wide, so the reach errs wide.
//
// A component reaches what it stores, what its flows carry, what its roles
// and the secrets it uses reach (through the processes they take over too),
// and it can make its outgoing calls (a pivot when the callee trusts the
// caller's identity). What a component has by design is kept apart from
// what compromise adds (Entry.Designed): what it stores and what its flows
// carry is by design; what its roles and secrets reach beyond that is what
// taking it over adds. An external entity's calls reach, through the
// service it calls, what the service serves it: only its own records
// (Entry.OwnRecords) when the call authenticates it, the service has
// object-level authorization (threatmodel.Authorization) and no open
// threat undoes either; otherwise Entry.Widened names the weakness that
// gives it every record. A customer does not reach the table the API's
// role reaches. A secret's leak reaches the
// roles it grants and what it opens. Each reach says whether it stays inside
// the blast-radius boundary (threatmodel.ContainsBlastRadius) the subject
// sits in, and where it leaks out.
//
// # Agents
//
// An agent's excessive agency is computed, not guessed (Result.Agents).
// An agent (threatmodel.Agent) that reads natural language an attacker
// can write — from outside the system, from a process that passes on
// what an outsider sent, or from a store such a source writes natural
// language into (AgentReach.Injection) — can be hijacked by a prompt injection: it then
// calls its tools for the attacker. Each tool call (a request to a
// process or an external service that is not a model) reaches what the
// tool's roles and secrets reach, and those of the processes it calls in
// turn with an identity they trust, plus what the calls carry
// (ToolReach). The agent's BlastRadius is the union of its own roles'
// reach and that of every tool it calls without a person's approval
// (threatmodel.HumanApproval on the call or the tool): removing a tool,
// narrowing its role or requiring approval shrinks it. In the attack
// paths, such an agent is taken over by prompt injection (PromptInjection,
// High; Medium with threatmodel.ContentFiltering), what an attacker wrote
// into a store reaches the agents that retrieve it (PoisonedContent), and
// a call a person approves needs the approver misled (MisledApprover,
// Low).
//
// # Least privilege
//
// A flow justifies the access of the components acting as a role: writing
// where one sends a request, reading where a response comes back from or
// where it receives from a data store. The components acting as a role are
// those that run as it or reach it through assumptions and secrets; one
// that reaches it only by taking a process over is not, since the process
// keeps its own flows. No data flow justifies deleting or administering.
// An allow statement that no flow of the components acting as its role
// justifies is unused (RCH001); a statement on a zone or on AnyResource()
// of which the flows use a part should be scoped to that part (RCH002); a
// wildcard action that grants more than the flows need should list the
// actions (RCH003); a role that can act as a role, read a secret, or take
// over a process whose other roles and secrets reach more than the role's
// own permissions escalates (RCH004), with the gains listed: at most
// MaxGains, the most critical first, counted among the first GainBudget
// principals the target leads to (Finding.GainCount, GainsCut), so that
// a chain of thousands of assumed roles costs its length and not its
// square; each link has its own finding. Each Finding carries the
// narrower permission set the flows justify.
//
// A role's blast radius (Result.Role, Result.Roles) is computed when it is
// first asked for: every role's together hold n²/2 entries for a chain of
// n assumptions, and the analysis needs none of them.
//
// # Attack paths
//
// Three kinds of attacker start paths. From outside: at external entities
// and in untrusted zones, standing in the entity's place without its
// credentials. An insider: each person (an external entity of type
// threatmodel.Human, in any zone), malicious or compromised (Low), who
// sends requests over their own flows with the credentials they hold. The
// supply chain: each process built from a dependency (threatmodel.Dependency
// UsedBy), as likely as the dependency's pinning and verification allow,
// and each CI/CD pipeline (threatmodel.Pipeline), compromised through its
// platform (Low).
//
// A step goes over a flow into a component's input, forwards input from
// process to process, takes a process over through its input (a pipeline
// runs what is pushed to it, a source repository serves it to what deploys
// from it; a provider-managed process, whose code the
// provider runs, is not taken over for want of input validation, only
// through an open threat or a role that can change its configuration), uses a controlled component's identity (to
// reach an asset, or to call a process with the attacker's input), takes a
// process over through a role's permission (StepTakeover, when the
// least-privilege finding threatmodel.CodeEscalation names it), obtains an
// asset from a store or a controlled component, or uses a leaked secret.
// Each step exists only when a Weakness enables it, and takes that
// weakness's likelihood; a mitigated step breaks every path through it. A
// declared authentication is passed only by a component of the system the
// attacker controls (it holds its own identity), by an insider on their own
// flows, or through a modelled weakness: a stolen credential (a secret that
// can leak and opens the destination or grants the sender's role), a flow
// sent in plaintext, or an open or accepted Spoofing threat on the flow
// (WithThreats). Per asset, the paths from outside come first, then an
// insider's, then the supply chain's, each kind ranked by the sum of its
// steps' costs (High 1, Medium 2, Low 4); Result.EscalationPaths lists
// those that take a process over through a permission.
//
// The search runs once per kind of attacker and settles each node of the
// attack graph at most K times (the k shortest paths by label setting, K
// from WithPathsPerAsset), so it costs
// O(K·E·(H + log(K·E))) for E edges and paths of at most H steps instead of
// enumerating every path; a path that would come back to a component it has
// already reached is not followed. Ties are broken by name, so the result
// does not depend on declaration order.
//
// # Cost
//
// Analyze builds one index of the model and computes each role's and
// secret's own reach once; every subject's blast radius is then the union
// of the reaches it can act as, found by one breadth-first walk over roles,
// secrets and the processes taken over (each process one node leading to
// its roles and secrets), so the work grows with the model plus the size
// of the answer. A statement on AnyResource() reaches every element by
// definition, and its blast radius lists them all. A few stages run on
// goroutines of their own beside the rest: sorting the flows, gathering the
// open threats (unless WithOpenThreats is set), counting the STRIDE
// report's threats for gate question 3, the three attack-path searches
// and the building of the paths they find. Each reads what no other stage writes and writes only its own
// answer, so the result is the same on one core as on many.
package reach
