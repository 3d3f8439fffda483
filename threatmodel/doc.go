// Package threatmodel holds the types of a threat model and the DSL that
// declares one in Go: trust boundaries, components, data flows, assets,
// roles and permissions, secrets, dependencies, hand-written threats,
// mitigations, accepted risks and validation waivers. It validates the
// model for structural errors and for the completeness gaps the Phase 4
// threat model template asks about.
//
// # Declaring
//
// Create a model with [New] and declare every element through it. Each
// declaration returns a typed handle ([*Zone], [*Component], [*Flow],
// [*Asset], [*Role], [*Secret], …) that later declarations refer to, so a
// flow to an undeclared component does not compile and no reference is a
// string that can be misspelt:
//
//	m := threatmodel.New("Serverless public API", threatmodel.Owner("Platform Security"))
//	internet := m.Zone("Internet", threatmodel.Untrusted)
//	account := m.Zone("AWS account", threatmodel.Trusted, threatmodel.ContainsBlastRadius())
//	user := m.ExternalEntity("User", internet)
//	gateway := m.Process("API Gateway", account, threatmodel.Infrastructure())
//	m.Flow(user, gateway, "API request",
//		threatmodel.Over(threatmodel.HTTPS, 443),
//		threatmodel.Encrypted(threatmodel.TLS13),
//		threatmodel.AuthN(threatmodel.JWT))
//
// Options ([Description], [Technology], [Controls], [Carries], [Rotated], …)
// state the facts; the zero value of every enum means "not stated", so that
// validation can tell an unstated value from Low or None. Zones nest with
// [Inside]; the trust boundaries a flow crosses are computed from where its
// ends sit ([Flow.Crossing]). What a process parses is a [Format] it
// [Accepts] (JSON, XML, serialized objects, uploaded files, archives, file
// paths, templates …), narrowed on a flow with [Encoded]; the rules about
// parsers read it, and nothing is required of a model that does not state
// it beyond a warning (TM307) on a process that takes input from outside.
// AI components are component types: a model ([LLM]; an external entity,
// a [ThirdPartyService] or [ProviderManaged] when a vendor hosts it, a
// process when the system serves it), an [Agent], a [ToolServer] (an MCP
// server), a [VectorStore], a [ModelArtifact]; what a model reads is
// [NaturalLanguage], and the data flow graph says who can write it. Their
// controls are [ContentFiltering], [OutputValidation], [ToolAllowlist],
// [HumanApproval] (on an agent's call to a tool, or on the tool) and
// [TokenLimits].
//
// A few declarations let the rules see concerns no enum above states. A
// secret names the flows whose authentication it backs ([Authenticates]);
// a request in which one of the system's processes presents a stored
// credential (a password, a key, a certificate) must have one (TM145), and
// its blast radius then follows the flow. A flow says whether it deploys
// ([Deploys]) and whose identity it carries, the calling service's or the
// end user's ([Identity], [CallerIdentity]). Components say which others
// share their host, node or runtime ([Component.SharesHostWith]), which
// audit trails record their data events as well as their management events
// ([Component.DataEventsAuditedIn]), and whether they are billed per
// request ([BilledPerRequest]). A container the team builds names its base
// image as a [Dependency] (TM163).
// Which [Control] closes which derived threat is listed per rule in the
// stride package's catalog, stride/CATALOG.md.
//
// # What backs a control
//
// A control or a mitigation can name the Go code that implements it and
// what proves it works: [ControlsOption.ImplementedBy] and
// [ControlsOption.ProvedBy] on Controls, [ImplementedBy] and [ProvedBy] on a
// [Mitigation]. The function itself is passed, so a rename or removal
// breaks the build; its qualified name and file:line are recorded
// ([Implementation]). A [Proof] is a Go test ([GoTest]), a policy file
// ([PolicyFile]) or a dated external reference ([External]); the verify
// package checks them against go test -json output, and
// stride.WithVerification carries each [ProofState] into the report. A
// value that is not a function, or a malformed proof, is recorded
// ([CodeBadEvidence], TM009).
//
// # Roles, permissions and guardrails
//
// A [Role] states typed permissions ([Role.Allow], [Role.Deny]) on
// components, assets, secrets, roles, zones or [AnyResource]. A [Guardrail]
// caps what roles can do whatever their own policy says: a permission
// boundary ([WithPermissionBoundary]) or an organisation guardrail such as a
// service control policy applied to the roles of a zone ([Zone.Guardrail]).
// [Role.Effective] is the one computation of what a role can really do —
// its allows within every guardrail that applies, less every deny, a
// wildcard staying within its service — and stride and reach both use it.
// [ActionAccess] classifies an action (iam:PassRole is [Pass], not admin).
//
// # Misuse is recorded, never a panic
//
// No declaration panics on bad input. An empty or duplicate name, a nil
// handle or option, a handle from another model, a value out of range or
// an option that does not fit is recorded where it happens, with the
// caller's file and line, and reported by [Model.Validate] as a structural
// error. The handle returned is still usable.
//
// # Validation
//
// [Model.Validate] returns every structural error and every completeness gap
// at once, sorted by declaration site and joined with errors.Join; each is a
// [*Finding] that errors.As and [FindingsOf] find, with a stable [Code]
// (documented in [CodeInfos] and never reused), a [Severity], a path in the
// model's own words such as flows["User → API Gateway: API request"].encryption,
// the declaration's position and a message saying what to add.
// [Model.Findings] returns the same findings plus warnings.
//
// The declaration's position is the file and line of the Go call. A
// decoder that declares a model read from a file (package modeljson) sets
// the file's lines instead with [DeclaredAt] and [Model.DeclareAt].
//
// [Finding] is the one finding type of the module, and [CodeInfos] the one
// registry of codes: the TM codes of validation, the ST codes stride.Analyze
// reports and the RCH codes of reach.Analyze (whose findings embed a
// Finding). CODES.md in this directory lists them all with how to fix each.
// Any finding but a structural error can be switched off on its element with
// [Model.Waive], or on the model with [Model.WaiveModel], and a written
// reason; a waiver that no longer matches a finding is itself reported by
// the stage that owns its code ([Model.ApplyWaivers]).
//
// # Concurrency
//
// A Model is not safe for concurrent declaration. Once declared it is only
// read: Validate, Findings and every accessor may be called from many
// goroutines at once.
package threatmodel
