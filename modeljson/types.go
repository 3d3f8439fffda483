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
	Format        string       `json:"format"`
	Version       int          `json:"version"`
	Name          string       `json:"name"`
	Description   string       `json:"description,omitempty"`
	Owner         string       `json:"owner,omitempty"`
	ThreatContext *threatCtx   `json:"threatContext,omitempty"`
	Scope         []string     `json:"scope,omitempty"`
	Assumptions   []string     `json:"assumptions,omitempty"`
	OutOfScope    []outOfScope `json:"outOfScope,omitempty"`
	Zones         []zone       `json:"zones,omitempty"`
	Guardrails    []guardrail  `json:"guardrails,omitempty"`
	Roles         []role       `json:"roles,omitempty"`
	Assets        []asset      `json:"assets,omitempty"`
	Components    []component  `json:"components,omitempty"`
	Flows         []flow       `json:"flows,omitempty"`
	Secrets       []secret     `json:"secrets,omitempty"`
	Dependencies  []dependency `json:"dependencies,omitempty"`
	Threats       []threat     `json:"threats,omitempty"`
	Mitigations   []mitigation `json:"mitigations,omitempty"`
	Acceptances   []acceptance `json:"acceptances,omitempty"`
	Waivers       []waiver     `json:"waivers,omitempty"`
}

type threatCtx struct {
	meta
	Interest  string `json:"interest"`
	WorstCase string `json:"worstCase"`
}

type outOfScope struct {
	meta
	Item   string `json:"item"`
	Reason string `json:"reason,omitempty"`
}

type zone struct {
	meta
	Name                string   `json:"name"`
	Trust               tm.Trust `json:"trust"`
	Description         string   `json:"description,omitempty"`
	Inside              string   `json:"inside,omitempty"`
	ContainsBlastRadius bool     `json:"containsBlastRadius,omitempty"`
	Guardrails          []string `json:"guardrails,omitempty"`
}

type guardrail struct {
	meta
	Name        string      `json:"name"`
	Description string      `json:"description,omitempty"`
	Note        string      `json:"note,omitempty"`
	Statements  []statement `json:"statements,omitempty"`
}

// statement is an allow or deny statement of a role or a guardrail
// (Resource) or of a component's resource policy (Principal).
type statement struct {
	meta
	Effect    tm.Effect `json:"effect"`
	Resource  string    `json:"resource,omitempty"`
	Principal string    `json:"principal,omitempty"`
	Actions   []string  `json:"actions"`
}

type role struct {
	meta
	Name               string      `json:"name"`
	Description        string      `json:"description,omitempty"`
	MitigatedBy        string      `json:"mitigatedBy,omitempty"`
	PermissionBoundary string      `json:"permissionBoundary,omitempty"`
	Trust              *trust      `json:"trust,omitempty"`
	Permissions        []statement `json:"permissions,omitempty"`
	CanAssume          []string    `json:"canAssume,omitempty"`
}

type trust struct {
	meta
	Services []string `json:"services,omitempty"`
	Roles    []string `json:"roles,omitempty"`
}

type asset struct {
	meta
	Name           string            `json:"name"`
	Kind           tm.AssetKind      `json:"kind"`
	Description    string            `json:"description,omitempty"`
	Value          tm.Level          `json:"value,omitempty"`
	RiskLevel      tm.Criticality    `json:"riskLevel,omitempty"`
	Classification tm.Classification `json:"classification,omitempty"`
	PII            bool              `json:"pii,omitempty"`
	Represents     string            `json:"represents,omitempty"`
	Lifecycle      *lifecycle        `json:"lifecycle,omitempty"`
}

type lifecycle struct {
	meta
	AtRest            string              `json:"atRest,omitempty"`
	Encrypted         tm.AtRestEncryption `json:"encrypted,omitempty"`
	InTransit         string              `json:"inTransit,omitempty"`
	TransitEncryption tm.Encryption       `json:"transitEncryption,omitempty"`
	Deletion          string              `json:"deletion,omitempty"`
	Retention         duration            `json:"retention,omitempty"`
	AccessControl     string              `json:"accessControl,omitempty"`
}

type component struct {
	meta
	Name                string             `json:"name"`
	Kind                tm.Kind            `json:"kind"`
	Zone                string             `json:"zone"`
	Description         string             `json:"description,omitempty"`
	Types               []tm.ComponentType `json:"types,omitempty"`
	Technology          string             `json:"technology,omitempty"`
	Infrastructure      bool               `json:"infrastructure,omitempty"`
	ProviderManaged     bool               `json:"providerManaged,omitempty"`
	NotInScope          string             `json:"notInScope,omitempty"`
	RunBy               string             `json:"runBy,omitempty"`
	BilledPerRequest    bool               `json:"billedPerRequest,omitempty"`
	Accepts             []tm.Format        `json:"accepts,omitempty"`
	Controls            []tm.Control       `json:"controls,omitempty"`
	ControlsFor         []controlsFor      `json:"controlsFor,omitempty"`
	Stores              []string           `json:"stores,omitempty"`
	HoldsAuditLogs      bool               `json:"holdsAuditLogs,omitempty"`
	AuditedIn           []string           `json:"auditedIn,omitempty"`
	DataEventsAuditedIn []string           `json:"dataEventsAuditedIn,omitempty"`
	RunsAs              []string           `json:"runsAs,omitempty"`
	SharesHostWith      []string           `json:"sharesHostWith,omitempty"`
	Policy              []statement        `json:"policy,omitempty"`
	ErrorHandling       []riskEntry        `json:"errorHandling,omitempty"`
	Runtime             []riskEntry        `json:"runtime,omitempty"`
}

type controlsFor struct {
	meta
	Controls []tm.Control `json:"controls"`
	For      []string     `json:"for"`
}

type riskEntry struct {
	meta
	Risk       string `json:"risk"`
	Mitigation string `json:"mitigation"`
}

type flow struct {
	meta
	ID             string            `json:"id,omitempty"`
	Source         string            `json:"source"`
	Destination    string            `json:"destination"`
	Name           string            `json:"name"`
	ResponseTo     string            `json:"responseTo,omitempty"`
	Description    string            `json:"description,omitempty"`
	Protocol       tm.Protocol       `json:"protocol,omitempty"`
	Port           int               `json:"port,omitempty"`
	Encryption     tm.Encryption     `json:"encryption,omitempty"`
	Authentication tm.AuthScheme     `json:"authentication,omitempty"`
	Authorization  tm.AuthzScheme    `json:"authorization,omitempty"`
	Identity       tm.CallerIdentity `json:"identity,omitempty"`
	Deploys        bool              `json:"deploys,omitempty"`
	Formats        []tm.Format       `json:"formats,omitempty"`
	Carries        []string          `json:"carries,omitempty"`
	Controls       []tm.Control      `json:"controls,omitempty"`
	ControlsFor    []controlsFor     `json:"controlsFor,omitempty"`
}

type secret struct {
	meta
	Name          string           `json:"name"`
	Description   string           `json:"description,omitempty"`
	Provisioned   string           `json:"provisioned,omitempty"`
	Storage       tm.SecretStorage `json:"storage,omitempty"`
	StoredIn      string           `json:"storedIn,omitempty"`
	Rotation      *rotation        `json:"rotation,omitempty"`
	UsedBy        []string         `json:"usedBy,omitempty"`
	Grants        []string         `json:"grants,omitempty"`
	Opens         []string         `json:"opens,omitempty"`
	BlastRadius   string           `json:"blastRadius,omitempty"`
	Authenticates []string         `json:"authenticates,omitempty"`
}

type rotation struct {
	meta
	Every     duration `json:"every,omitempty"`
	Automated bool     `json:"automated,omitempty"`
	Never     bool     `json:"never,omitempty"`
}

type dependency struct {
	meta
	Name         string            `json:"name"`
	Kind         tm.DependencyKind `json:"kind"`
	Description  string            `json:"description,omitempty"`
	Pinning      tm.Pinning        `json:"pinning,omitempty"`
	Ref          string            `json:"ref,omitempty"`
	Verification string            `json:"verification,omitempty"`
	Risk         string            `json:"risk,omitempty"`
	MitigatedBy  string            `json:"mitigatedBy,omitempty"`
	UsedBy       []string          `json:"usedBy,omitempty"`
}

type threat struct {
	meta
	Title       string      `json:"title"`
	Category    tm.Category `json:"category"`
	Description string      `json:"description,omitempty"`
	About       []string    `json:"about,omitempty"`
	Impact      tm.Level    `json:"impact,omitempty"`
	Likelihood  tm.Level    `json:"likelihood,omitempty"`
	AttackPaths []string    `json:"attackPaths,omitempty"`
	MitigatedBy string      `json:"mitigatedBy,omitempty"`
}

type mitigation struct {
	meta
	Title       string       `json:"title"`
	Description string       `json:"description,omitempty"`
	Implements  []tm.Control `json:"implements,omitempty"`
	On          []string     `json:"on,omitempty"`
	Covers      []string     `json:"covers,omitempty"`
	Addresses   []string     `json:"addresses,omitempty"`
}

type acceptance struct {
	meta
	Threat        string `json:"threat"`
	Justification string `json:"justification,omitempty"`
	Owner         string `json:"owner,omitempty"`
	Expires       *date  `json:"expires,omitempty"`
}

type waiver struct {
	meta
	Code   tm.Code `json:"code"`
	Target string  `json:"target,omitempty"`
	Reason string  `json:"reason"`
}

// duration is a time.Duration written as Go writes it ("2160h0m0s"); it
// reads Go's syntax and a whole number of days ("90d").
type duration time.Duration

// date is a time written as a date ("2027-03-31") when it is midnight UTC,
// else in RFC 3339.
type date time.Time
