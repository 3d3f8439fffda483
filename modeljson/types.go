package modeljson

import (
	"time"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// The types below are the model format, field for field; the package
// documentation and schema/model.schema.json describe them for users. The
// json tags are the format: change them only with a new Version.

// meta records where a JSON object was read: its JSON path and offset, and
// the offset of each of its values (by the suffix of their path, ".zone",
// ".stores[1]"), for errors found after reading.
type meta struct {
	Path string           `json:"-"`
	Off  int64            `json:"-"`
	Offs map[string]int64 `json:"-"`
}

// record returns the meta, for the reader: the embedded field itself is
// not settable through reflection.
func (m *meta) record() *meta { return m }

type model struct {
	meta
	Format        string       `json:"format" doc:"Always \"threatwright/model\"."`
	Version       int          `json:"version" doc:"The format version; this package reads and writes 1."`
	Name          string       `json:"name" doc:"The system's name (threatmodel.New)."`
	Description   string       `json:"description,omitempty" doc:"What the system is."`
	Owner         string       `json:"owner,omitempty" doc:"The team or person who owns the model."`
	ThreatContext *threatCtx   `json:"threatContext,omitempty" doc:"The template's threat context (Model.ThreatContext)."`
	Scope         []string     `json:"scope,omitempty" doc:"What the model covers (Model.Scope)."`
	Assumptions   []string     `json:"assumptions,omitempty" doc:"What the analysis rests on (Model.Assume)."`
	OutOfScope    []outOfScope `json:"outOfScope,omitempty" doc:"What is deliberately left out, and why (Model.OutOfScope)."`
	Zones         []zone       `json:"zones,omitempty" doc:"Trust zones; a zone comes after the zone it is inside."`
	Guardrails    []guardrail  `json:"guardrails,omitempty" doc:"Organisation policies and permission boundaries, with their statements."`
	Roles         []role       `json:"roles,omitempty" doc:"IAM roles and other principals, with their permissions and trust policies."`
	Assets        []asset      `json:"assets,omitempty" doc:"What the system holds that an attacker wants."`
	Components    []component  `json:"components,omitempty" doc:"External entities, processes and data stores."`
	Flows         []flow       `json:"flows,omitempty" doc:"Data flows between components; a response comes after its request."`
	Secrets       []secret     `json:"secrets,omitempty" doc:"Credentials and keys: where they live, who uses them, what they open."`
	Dependencies  []dependency `json:"dependencies,omitempty" doc:"Packages, images, CI actions and services the system is built from."`
	Threats       []threat     `json:"threats,omitempty" doc:"Hand-written threats, beside those the rules derive."`
	Mitigations   []mitigation `json:"mitigations,omitempty" doc:"Declared mitigations: controls provided on components and flows, or threats addressed by ID."`
	Acceptances   []acceptance `json:"acceptances,omitempty" doc:"Accepted risks, by threat ID."`
	Waivers       []waiver     `json:"waivers,omitempty" doc:"Validation findings waived, with the reason."`
}

type threatCtx struct {
	meta
	Interest  string `json:"interest" doc:"What makes the system interesting to an adversary."`
	WorstCase string `json:"worstCase" doc:"The worst thing that can happen if it is compromised."`
}

type outOfScope struct {
	meta
	Item   string `json:"item" doc:"What is left out."`
	Reason string `json:"reason,omitempty" doc:"Why."`
}

type zone struct {
	meta
	Name                string   `json:"name" doc:"The zone's name, unique among zones."`
	Trust               tm.Trust `json:"trust" doc:"How much the zone is trusted."`
	Description         string   `json:"description,omitempty" doc:"What the zone is."`
	Inside              string   `json:"inside,omitempty" doc:"The zone it sits inside (threatmodel.Inside), declared earlier."`
	ContainsBlastRadius bool     `json:"containsBlastRadius,omitempty" doc:"A compromise inside the zone should stay inside it (threatmodel.ContainsBlastRadius)."`
	Guardrails          []string `json:"guardrails,omitempty" doc:"Guardrails that apply to everything in the zone (Zone.Guardrail), by name."`
}

type guardrail struct {
	meta
	Name        string      `json:"name" doc:"The guardrail's name, unique among guardrails."`
	Description string      `json:"description,omitempty" doc:"What the guardrail is."`
	Note        string      `json:"note,omitempty" doc:"How the guardrail is enforced (threatmodel.Note)."`
	Statements  []statement `json:"statements,omitempty" doc:"Its allow and deny statements (Guardrail.Allow, Guardrail.Deny), in order."`
}

// statement is an allow or deny statement of a role or a guardrail
// (Resource) or of a component's resource policy (Principal).
type statement struct {
	meta
	Effect    tm.Effect `json:"effect" doc:"Allow or deny."`
	Resource  string    `json:"resource,omitempty" doc:"For a role or a guardrail: the element the statement applies to, as a reference (components[\"Table\"]), or \"*\" for every resource."`
	Principal string    `json:"principal,omitempty" doc:"For a component's resource policy: the role the statement applies to, by name."`
	Actions   []string  `json:"actions" doc:"The actions, as the provider spells them (\"dynamodb:GetItem\", \"s3:*\")."`
}

type role struct {
	meta
	Name               string      `json:"name" doc:"The role's name, unique among roles."`
	Description        string      `json:"description,omitempty" doc:"What the role is for."`
	MitigatedBy        string      `json:"mitigatedBy,omitempty" doc:"How the role is kept in check, in words (threatmodel.MitigatedBy)."`
	PermissionBoundary string      `json:"permissionBoundary,omitempty" doc:"Its permission boundary (threatmodel.WithPermissionBoundary), a guardrail by name."`
	Trust              *trust      `json:"trust,omitempty" doc:"Its trust policy: who may assume it. Absent: not stated, anyone the model says may assume it."`
	Permissions        []statement `json:"permissions,omitempty" doc:"Its allow and deny statements (Role.Allow, Role.Deny), in order."`
	CanAssume          []string    `json:"canAssume,omitempty" doc:"Other roles it may assume (Role.CanAssume), by name."`
}

type trust struct {
	meta
	Services []string `json:"services,omitempty" doc:"Services that may assume the role (threatmodel.TrustsServices), such as \"lambda.amazonaws.com\"."`
	Roles    []string `json:"roles,omitempty" doc:"Roles that may assume it (Role.Trusts), by name."`
}

type asset struct {
	meta
	Name           string            `json:"name" doc:"The asset's name, unique among assets."`
	Kind           tm.AssetKind      `json:"kind" doc:"What kind of asset it is."`
	Description    string            `json:"description,omitempty" doc:"What the asset is."`
	Value          tm.Level          `json:"value,omitempty" doc:"Its value to the business."`
	RiskLevel      tm.Criticality    `json:"riskLevel,omitempty" doc:"Its criticality (threatmodel.RiskLevel)."`
	Classification tm.Classification `json:"classification,omitempty" doc:"Its data classification."`
	PII            bool              `json:"pii,omitempty" doc:"It holds personal data."`
	Represents     string            `json:"represents,omitempty" doc:"The element the asset stands for, as a reference: a role's credentials, a pipeline's session."`
	Lifecycle      *lifecycle        `json:"lifecycle,omitempty" doc:"How the data is protected through its life (threatmodel.Lifecycle)."`
}

type lifecycle struct {
	meta
	AtRest            string              `json:"atRest,omitempty" doc:"How it is stored."`
	Encrypted         tm.AtRestEncryption `json:"encrypted,omitempty" doc:"How it is encrypted at rest."`
	InTransit         string              `json:"inTransit,omitempty" doc:"How it travels."`
	TransitEncryption tm.Encryption       `json:"transitEncryption,omitempty" doc:"How it is encrypted in transit."`
	Deletion          string              `json:"deletion,omitempty" doc:"How and when it is deleted."`
	Retention         duration            `json:"retention,omitempty" doc:"How long it is kept."`
	AccessControl     string              `json:"accessControl,omitempty" doc:"Who may read it, and how that is enforced."`
}

type component struct {
	meta
	Name                string             `json:"name" doc:"The component's name, unique among components."`
	Kind                tm.Kind            `json:"kind" doc:"external-entity, process or data-store." enum:"external-entity,process,data-store"`
	Zone                string             `json:"zone" doc:"The zone it runs in, by name."`
	Description         string             `json:"description,omitempty" doc:"What the component is."`
	Types               []tm.ComponentType `json:"types,omitempty" doc:"What it is (threatmodel.Is); the first is its main type."`
	Technology          string             `json:"technology,omitempty" doc:"What it is built with."`
	Infrastructure      bool               `json:"infrastructure,omitempty" doc:"It is infrastructure: a pipeline, a cluster, a network device."`
	ProviderManaged     bool               `json:"providerManaged,omitempty" doc:"Its provider operates it (threatmodel.ProviderManaged)."`
	NotInScope          string             `json:"notInScope,omitempty" doc:"Why it is out of scope; absent when in scope."`
	RunBy               string             `json:"runBy,omitempty" doc:"The service that runs it and assumes its roles (threatmodel.RunBy)."`
	BilledPerRequest    bool               `json:"billedPerRequest,omitempty" doc:"Each request costs money (threatmodel.BilledPerRequest)."`
	Accepts             []tm.Format        `json:"accepts,omitempty" doc:"The formats a process parses (threatmodel.Accepts)."`
	Controls            []tm.Control       `json:"controls,omitempty" doc:"Controls it enforces for every caller (threatmodel.Controls)."`
	ControlsFor         []controlsFor      `json:"controlsFor,omitempty" doc:"Controls it enforces only for some principals (Controls(...).For(...))."`
	Stores              []string           `json:"stores,omitempty" doc:"Assets it stores, by name."`
	HoldsAuditLogs      bool               `json:"holdsAuditLogs,omitempty" doc:"A data store that holds audit logs."`
	AuditedIn           []string           `json:"auditedIn,omitempty" doc:"Audit trails its actions are logged in (Component.AuditedIn), data stores by name."`
	DataEventsAuditedIn []string           `json:"dataEventsAuditedIn,omitempty" doc:"Audit trails that record reads and writes of its data (Component.DataEventsAuditedIn)."`
	RunsAs              []string           `json:"runsAs,omitempty" doc:"Roles it runs as (Component.RunsAs), by name."`
	SharesHostWith      []string           `json:"sharesHostWith,omitempty" doc:"Components declared after it that share its host (Component.SharesHostWith); the relation is mutual."`
	Policy              []statement        `json:"policy,omitempty" doc:"Its resource policy (Component.Allow, Component.Deny): statements naming principals."`
	ErrorHandling       []riskEntry        `json:"errorHandling,omitempty" doc:"Error-handling risks and what prevents them (threatmodel.ErrorHandling)."`
	Runtime             []riskEntry        `json:"runtime,omitempty" doc:"Runtime risks and what prevents them (threatmodel.Runtime)."`
}

type controlsFor struct {
	meta
	Controls      []tm.Control     `json:"controls" doc:"The controls."`
	For           []string         `json:"for,omitempty" doc:"The principals they cover, components by name; absent for every caller."`
	ImplementedBy []implementation `json:"implementedBy,omitempty" doc:"The code that implements them (ControlsOption.ImplementedBy)."`
	ProvedBy      []proof          `json:"provedBy,omitempty" doc:"What proves they work (ControlsOption.ProvedBy)."`
}

type riskEntry struct {
	meta
	Risk       string `json:"risk" doc:"What could go wrong."`
	Mitigation string `json:"mitigation" doc:"What prevents it."`
}

type flow struct {
	meta
	ID             string            `json:"id,omitempty" doc:"A short name other references may use instead of the key."`
	Source         string            `json:"source" doc:"The component the data leaves, by name."`
	Destination    string            `json:"destination" doc:"The component it reaches, by name."`
	Name           string            `json:"name" doc:"What the flow is; unique between the same two components."`
	ResponseTo     string            `json:"responseTo,omitempty" doc:"For a response (Model.Response): the request it answers, by key (\"Source → Destination: name\") or id. It inherits the request's protocol, port, encryption and authentication unless stated."`
	Description    string            `json:"description,omitempty" doc:"What the flow carries, in words."`
	Protocol       tm.Protocol       `json:"protocol,omitempty" doc:"Its protocol (threatmodel.Over)."`
	Port           int               `json:"port,omitempty" doc:"Its port; 0 for none."`
	Encryption     tm.Encryption     `json:"encryption,omitempty" doc:"How it is encrypted (threatmodel.Encrypted)."`
	Authentication tm.AuthScheme     `json:"authentication,omitempty" doc:"How the caller is authenticated (threatmodel.AuthN)."`
	Authorization  tm.AuthzScheme    `json:"authorization,omitempty" doc:"How requests are authorised (threatmodel.AuthZ)."`
	Identity       tm.CallerIdentity `json:"identity,omitempty" doc:"Whose identity the call carries (threatmodel.Identity)."`
	Deploys        bool              `json:"deploys,omitempty" doc:"The flow deploys code or configuration (threatmodel.Deploys)."`
	Formats        []tm.Format       `json:"formats,omitempty" doc:"The formats it carries (threatmodel.Encoded)."`
	Carries        []string          `json:"carries,omitempty" doc:"Assets it carries, by name."`
	Controls       []tm.Control      `json:"controls,omitempty" doc:"Controls enforced on the flow for every caller."`
	ControlsFor    []controlsFor     `json:"controlsFor,omitempty" doc:"Controls enforced on the flow only for some principals."`
}

type secret struct {
	meta
	Name          string           `json:"name" doc:"The secret's name, unique among secrets."`
	Description   string           `json:"description,omitempty" doc:"What the secret is."`
	Provisioned   string           `json:"provisioned,omitempty" doc:"How it is created and delivered (threatmodel.Provisioned)."`
	Storage       tm.SecretStorage `json:"storage,omitempty" doc:"Where it is kept (threatmodel.Stored)."`
	StoredIn      string           `json:"storedIn,omitempty" doc:"The component that keeps it (threatmodel.StoredIn), by name."`
	Rotation      *rotation        `json:"rotation,omitempty" doc:"How it is rotated (threatmodel.Rotated)."`
	UsedBy        []string         `json:"usedBy,omitempty" doc:"Components that use it, by name."`
	Grants        []string         `json:"grants,omitempty" doc:"Roles it lets its holder act as, by name."`
	Opens         []string         `json:"opens,omitempty" doc:"Resources it opens, as references, or \"*\"."`
	BlastRadius   string           `json:"blastRadius,omitempty" doc:"What a leak exposes, in words."`
	Authenticates []string         `json:"authenticates,omitempty" doc:"Flows it authenticates (threatmodel.Authenticates), by key or id."`
}

type rotation struct {
	meta
	Every     duration `json:"every,omitempty" doc:"The rotation interval."`
	Automated bool     `json:"automated,omitempty" doc:"Rotation is automated."`
	Never     bool     `json:"never,omitempty" doc:"The secret is never rotated."`
}

type dependency struct {
	meta
	Name         string            `json:"name" doc:"The dependency's name, unique among dependencies."`
	Kind         tm.DependencyKind `json:"kind" doc:"What kind of dependency it is."`
	Description  string            `json:"description,omitempty" doc:"What it is."`
	Pinning      tm.Pinning        `json:"pinning,omitempty" doc:"How its version is pinned (threatmodel.Pinned)."`
	Ref          string            `json:"ref,omitempty" doc:"The version, tag or digest it is pinned to."`
	Verification string            `json:"verification,omitempty" doc:"How it is verified (threatmodel.Verified)."`
	Risk         string            `json:"risk,omitempty" doc:"What could go wrong with it (threatmodel.Risk)."`
	MitigatedBy  string            `json:"mitigatedBy,omitempty" doc:"What limits that risk."`
	UsedBy       []string          `json:"usedBy,omitempty" doc:"Components that use it, by name."`
}

type threat struct {
	meta
	Title       string      `json:"title" doc:"The threat's title; its ID is derived from it (USR-…)."`
	Category    tm.Category `json:"category" doc:"Its STRIDE category."`
	Description string      `json:"description,omitempty" doc:"What the attacker does and gains."`
	About       []string    `json:"about,omitempty" doc:"Elements it is about, as references."`
	Impact      tm.Level    `json:"impact,omitempty" doc:"low, medium or high."`
	Likelihood  tm.Level    `json:"likelihood,omitempty" doc:"low, medium or high."`
	AttackPaths []string    `json:"attackPaths,omitempty" doc:"How an attacker gets there."`
	MitigatedBy string      `json:"mitigatedBy,omitempty" doc:"What mitigates it, in words; a mitigated hand-written threat needs it."`
}

type mitigation struct {
	meta
	Title         string           `json:"title" doc:"The mitigation's title, unique among mitigations."`
	Description   string           `json:"description,omitempty" doc:"What it is."`
	Implements    []tm.Control     `json:"implements,omitempty" doc:"Controls it provides (threatmodel.Implements)."`
	On            []string         `json:"on,omitempty" doc:"Components and flows it is applied on, as references."`
	Covers        []string         `json:"covers,omitempty" doc:"Principals it covers (threatmodel.Covers), components by name; absent for every caller."`
	Addresses     []string         `json:"addresses,omitempty" doc:"Threat IDs it addresses directly."`
	ImplementedBy []implementation `json:"implementedBy,omitempty" doc:"The code that implements it (threatmodel.ImplementedBy)."`
	ProvedBy      []proof          `json:"provedBy,omitempty" doc:"What proves it works (threatmodel.ProvedBy)."`
}

type acceptance struct {
	meta
	Threat        string `json:"threat" doc:"The ID of the threat accepted."`
	Justification string `json:"justification,omitempty" doc:"Why the risk is accepted."`
	Owner         string `json:"owner,omitempty" doc:"Who accepts it."`
	Expires       *date  `json:"expires,omitempty" doc:"When the acceptance expires."`
}

type waiver struct {
	meta
	Code   tm.Code `json:"code" doc:"The finding code waived, such as \"TM201\"."`
	Target string  `json:"target,omitempty" doc:"The element the waiver applies to, as a reference; absent for a model-level finding."`
	Reason string  `json:"reason" doc:"Why the finding does not apply."`
}

// duration is a time.Duration written as Go writes it ("2160h0m0s"); it
// reads Go's syntax and a whole number of days ("90d").
type duration time.Duration

// date is a time written as a date ("2027-03-31") when it is midnight UTC,
// else in RFC 3339.
type date time.Time
