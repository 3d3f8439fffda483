// Package stride derives STRIDE threats from a threat model: it applies a
// catalog of rules to every element and interaction of a
// threatmodel.Model, rates each threat, closes it with the model's controls,
// mitigations and accepted risks, and shows in a coverage matrix which
// element × category cells no threat covers.
//
//	r, err := stride.Analyze(m)                       // the built-in catalog, acceptances judged today
//	r, err := stride.Analyze(m, stride.WithRules(mine...), stride.At(reviewDate))
//
// # STRIDE per element
//
// The six categories (Spoofing, Tampering, Repudiation, Information
// disclosure, Denial of service, Elevation of privilege) are
// threatmodel.Category, re-exported here with their meanings (Meaning).
// Which apply to an element follows the Microsoft SDL chart (Applies):
// external entity S R; process S T R I D E; data store T I D, and R when the
// store holds audit logs; data flow T I D.
//
// # Rules
//
// A Rule is a plain Go value: a stable ID ("TW-S-001"), a category, a title,
// a description, attack paths and recommended mitigations in the guide's
// shape, CAPEC, CWE and OWASP references, the element kinds it is about, and Go
// functions over the typed model. A rule looks at one element at a time, or
// (Scope) at each flow into or out of a component — an interaction: the
// source, the flow, the destination and the trust boundaries crossed, nesting
// included. Rules match the shape of the system, not the absence of a
// control: a process that takes input from a less trusted zone has the
// "unvalidated input" threat whether or not it validates; the threat is then
// Mitigated when one of the rule's controls is present, when the rule's
// MitigatedWhen finds the model's own properties close it (a flow
// authenticated with JWT), or when a threatmodel.Mitigation addresses the
// threat's ID. A well-protected model therefore still lists its threats, and
// the report says what closes each one.
//
// The rules about AI components (TW-x-3xx) read the component types
// threatmodel.LLM, Agent, ToolServer, VectorStore and ModelArtifact and the
// threatmodel.NaturalLanguage format: content an attacker can write
// reaches a model from outside, through a process that passes it on, or
// through a store such a source writes into. Each cites the OWASP Top 10 for
// LLM Applications 2025 (LLM01–LLM10) and the Agentic AI threats (T1–T15)
// it is about (Rule.OWASP).
//
// A request and its responses (threatmodel.Model.Response) are one
// interaction: the rules about data flows are evaluated once on the
// request, matching and rating what every direction carries
// (Target.Interaction), and a response shares its request's threats in the
// coverage matrix. Rules scoped to a component's flows look at responses
// only where a response is input in its own right (a store's reply that a
// process parses).
//
// A component declared threatmodel.ProviderManaged is operated by its
// provider: no threat is derived about its own code (TW-T-201), its process
// (TW-D-201), its capacity (TW-D-001) or the availability of the flows to
// and from it (TW-D-203); the threats about the owner's use of it — the
// credentials and permissions that reach it, what is sent to it and trusted
// from it — stay. Coverage cells left empty for that reason are
// ProviderManaged, not gaps.
//
// The Elevation of privilege rules read roles through the module's one
// action vocabulary (internal/iam, shared with threatmodel and reach): they
// match on what a role's policy declares and are closed by a permission
// boundary or guardrail only when the role's effective permissions
// (threatmodel.Role.Effective) no longer have what they matched on — a
// boundary that still allows the escalating action leaves the threat open,
// whatever its note says. iam:PassRole alone is no escalation; with an
// action that launches a service as the passed role it is.
//
// The rules about parsers (uploaded files TW-T-014, malicious files
// TW-T-015, zip slip TW-T-016, script in rendered Markdown or HTML
// TW-T-017, XML external entities TW-I-010, path
// traversal TW-I-011, decompression bombs TW-D-009, untrusted
// deserialization TW-E-010, template injection TW-E-011) read what a
// process parses (Target.Parses): the formats a flow into it brings
// (threatmodel.Flow.Brings: its own Encoded formats, else those the process
// Accepts) from outside the system or from a component reachable from an
// untrusted zone — a document read back from a bucket is the file a user
// uploaded. They derive nothing where the model states no format, and
// their controls (XML hardening, safe deserialization, file type
// validation, malware scanning, path canonicalization, template
// sandboxing, safe extraction, HTML sanitization) count only on the process
// that parses.
//
// A flow that does not state its encryption is read through its protocol
// (threatmodel.Protocol.AlwaysEncrypted, PlaintextByDefault): HTTPS and SSH
// are encrypted (the evidence says the protocol implies it); HTTP,
// SQL, RESP, LDAP, DNS and Syslog are plaintext; sensitive data on an
// internal flow over a protocol that implies neither is a threat of its
// own (TW-I-012). A data store that does not authenticate a caller which
// reads or writes confidential data is TW-I-013, per request, enforced at
// the store.
//
// The rules that mean "reachable by an attacker" — flooding (TW-D-001), an
// unauthenticated caller (TW-S-001), cross-site scripting (TW-T-012),
// unvalidated input (TW-T-001), error responses (TW-I-003), other users'
// records (TW-I-009) — count a request that a load balancer or gateway
// forwards from outside (the forwarder's exposure, transitive through
// chains of forwarders) as well as one straight from an external entity, a
// third-party service or an untrusted zone. A flood throttled, or an error
// page replaced, at every forwarder on the way in is closed there, and the
// evidence names it. Cross-site request forgery (TW-S-010) follows a
// browser's session cookie through the forwarders in front of the process.
//
// Some rules read declarations a model may leave out, and stay quiet
// without them: the secret behind a flow (threatmodel.Authenticates) for a
// credential shared by several callers (TW-S-103) and a build system's
// standing deploy credential (TW-E-012, on a flow that Deploys into a zone
// that contains blast radius from outside it); a secret stored in a
// source repository or an image (TW-I-106); code pushed into a source
// repository from outside its zone without review (TW-T-018); whose
// identity a request carries (threatmodel.Identity) for the confused deputy
// (TW-E-013, closed by authorization at the caller or by the end user's
// identity reaching a destination that authorizes it); workloads sharing a
// host (TW-E-014, closed by a sandbox around the weaker one); the data
// events an audit trail records (TW-R-011); a request ID passed between
// audited services (TW-R-012, the Request correlation control on both);
// and a store billed per request (TW-D-010, denial of wallet, in place of
// TW-D-003's exhausted capacity).
//
// Rules with IDs in the 2xx range (TW-S-201, TW-D-203 …) are generic
// per-element threats, like the Microsoft Threat Modeling Tool's (data flow
// sniffing, data store unavailable, elevation by changing the execution
// flow), marked FillIn: each derives its threat on an element only where no
// specific built-in rule of its category does (on a flow, none about its
// ends through it either), so that the specific rules keep precedence and
// every applicable coverage cell of an in-scope element holds at least one
// threat. Their descriptions open with "No specific rule covers …", and
// their inherent likelihood from exposure is at most Medium.
//
// Rules returns the built-in catalog; WriteCatalog documents a catalog in
// Markdown. The checked-in stride/CATALOG.md
// (https://github.com/threatwright/threatwright/blob/main/stride/CATALOG.md)
// lists every built-in rule with the controls that close its threat (one
// of them, or all of a set) and the properties it checks; that is where to
// look up which threatmodel.Control, declared with threatmodel.Controls or
// a Mitigation's Implements, closes which rule. Users add rules with WithRules,
// replace the catalog with OnlyRules and drop rules with WithoutRules. There
// is no global registry.
//
// # Threat IDs
//
// A derived threat's ID is its rule's ID, "@", and the name of the component
// or the key of the flow ("Source → Destination: name") it is about, plus
// " (name)" for a rule that derives one threat per secret, role or
// dependency:
//
//	TW-S-001@User → API Gateway: API request
//	TW-T-004@DynamoDB
//	TW-T-010@Lambda (Deploy role)
//
// IDs depend only on names, never on counters or declaration order, so they
// survive reordering and edits elsewhere in the model: accept or address a
// threat by its ID (m.Accept, threatmodel.Addresses), and pin the report in
// a test with stridetest.Baseline. Hand-written threats keep their own
// IDs ("USR-…").
//
// # Risk
//
// The method follows OWASP Risk Rating (technical impact × likelihood) and
// CVSS's split of impact by property. Impact is the harm to the property
// the threat's category attacks, in the assets it touches:
//
//	Information disclosure  confidentiality: the classification when stated
//	                        (Public Low, Internal Medium, Confidential and
//	                        Restricted High), else value and risk level;
//	                        PII at least Medium
//	Tampering               integrity: value and risk level
//	Denial of service       availability: risk level, else value
//	Repudiation             accountability: integrity, at most Medium
//	Spoofing, Elevation     the higher of confidentiality and integrity
//
// A component touches the assets it stores, represents and handles on its
// flows; a flow those it carries; Medium when no asset says. The inherent
// likelihood follows exposure to untrusted zones, computed once with a
// breadth-first search over the flows, transitive through load balancers and
// gateways: High for an element in an untrusted zone or reachable from one
// without authentication, Medium when reachable only through authenticated
// flows, Low when the attacker must present a key to get in (a
// cryptographic scheme) or it is not reachable (a flow, or an interaction,
// takes its source's exposure); a boundary crossing without encryption
// raises it a step, and a threat that needs a foothold first (Rule.Foothold)
// is a step less likely. The residual likelihood of a mitigated threat is Low; an open or
// accepted threat keeps its inherent likelihood. RiskOf combines impact and
// likelihood, once for the inherent risk (Threat.InherentRisk) and once for
// the residual (Threat.Risk), which the summary counts:
//
//	impact \ likelihood   Low     Medium  High
//	High                  Medium  High    High
//	Medium                Low     Medium  High
//	Low                   Low     Low     Medium
//
// Override replaces the computed impact or inherent likelihood of a threat,
// with a reason the report keeps.
//
// # Mitigated, accepted, open
//
// A threat is Mitigated when it has evidence (Threat.Evidence): a control of
// its rule enforced where the rule says (Rule.Enforced) for the principal
// the request comes from, a property of the model, or a declared mitigation
// that addresses its ID; a control the model's structure contradicts counts
// nowhere it is contradicted (ST005). Otherwise it is Accepted when m.Accept
// names its ID and the acceptance has not expired at Report.JudgedAt (today
// unless At pins a date); otherwise Open. The open threats are the residual
// risk (Report.Residual). Expired acceptances, acceptances that name no
// threat, mitigations that address an unknown threat ID, overrides that
// name no threat and contradictions are findings (codes ST001–ST005, see
// threatmodel/CODES.md).
//
// # Verified evidence
//
// A control or mitigation can name the Go code that implements it
// (threatmodel.ImplementedBy) and what proves it works
// (threatmodel.ProvedBy: a Go test, a policy file, a dated external
// report). WithVerification gives the analysis what a verification run
// found for each proof (the verify package reads go test -json), and each
// piece of evidence carries its state (Evidence.State): verified,
// unverified (declared only), skipped, failing or missing. Failing or
// missing evidence closes no threat and is a finding (ST006, ST007) with
// both positions, the declaration and the test. Strict counts a threat
// closed only by verified evidence or a property of the model's structure;
// the evidence it does not count is in Threat.Discounted.
// Report.CountEvidence counts the evidence by state.
//
// # Determinism and cost
//
// The same model gives the same report, whatever the declaration order of
// independent elements: every list is sorted on stable keys. Analyze builds
// one index of the model (secrets, dependencies and permissions per
// component, assets per element, exposure and impact per component and
// flow), evaluates each rule on each element of its kinds, sorts the
// threats by ID and matches mitigations, acceptances and overrides to them
// by binary search, so its cost grows linearly with the model and the
// catalog. On a model of more than a few hundred components and flows the
// built-in rules are evaluated on up to GOMAXPROCS goroutines, each with
// its own caches; the report is the same. A catalog given with OnlyRules
// or WithRules is evaluated on one goroutine. docs/performance.md gives
// the figures.
package stride
