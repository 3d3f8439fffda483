package modeljson

import (
	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// The analysis format, field for field; schema/analysis.schema.json
// documents it.

type analysis struct {
	Format         string           `json:"format" doc:"Always \"threatwright/analysis\"."`
	Version        int              `json:"version" doc:"The format version: 1."`
	Model          string           `json:"model" doc:"The model's name."`
	JudgedAt       string           `json:"judgedAt" doc:"When acceptances were judged, RFC 3339."`
	Findings       []finding        `json:"findings" doc:"Validation findings (TM codes) and findings about mitigations and acceptances (ST codes), sorted."`
	Threats        []threatOut      `json:"threats" doc:"Derived and hand-written threats, sorted by ID."`
	Coverage       []coverageOut    `json:"coverage,omitempty" doc:"The STRIDE coverage matrix: one row per in-scope component and per flow."`
	Residual       residualOut      `json:"residual" doc:"What is left: counts by status and residual risk."`
	Reach          reachOut         `json:"reach" doc:"What control of each component, role and secret gives."`
	LeastPrivilege []leastPrivilege `json:"leastPrivilege,omitempty" doc:"Least-privilege findings (RCH codes)."`
	AttackPaths    []attackPathOut  `json:"attackPaths,omitempty" doc:"Attack paths, the likeliest few per asset and kind of attacker, most critical asset first."`
}

type finding struct {
	Code     string      `json:"code" doc:"The stable finding code (threatmodel/CODES.md)."`
	Severity tm.Severity `json:"severity" doc:"error, warning or info."`
	Path     string      `json:"path" doc:"Where in the model, in its own words."`
	Message  string      `json:"message" doc:"What is wrong and what to do."`
	At       string      `json:"at,omitempty" doc:"The declaration site, file:line (relative to the root given)."`
}

type threatOut struct {
	ID                 string         `json:"id" doc:"Stable ID: the rule ID, \"@\", the subject; USR-… for a hand-written threat."`
	Rule               string         `json:"rule,omitempty" doc:"The rule that derived it; absent for a hand-written threat."`
	Category           tm.Category    `json:"category" doc:"STRIDE category."`
	Title              string         `json:"title" doc:"What the threat is."`
	Description        string         `json:"description,omitempty" doc:"What the attacker does and gains."`
	Subject            string         `json:"subject,omitempty" doc:"The component or flow it is about, by path."`
	Involved           []string       `json:"involved,omitempty" doc:"Every element involved, by path, subject first."`
	Crosses            []string       `json:"crosses,omitempty" doc:"Trust zones the flow involved leaves and enters."`
	At                 string         `json:"at,omitempty" doc:"Where the subject (or the hand-written threat) was declared."`
	Status             stride.Status  `json:"status" doc:"mitigated, accepted or open."`
	Impact             tm.Level       `json:"impact,omitempty" doc:"Harm to the property the category attacks."`
	Likelihood         tm.Level       `json:"likelihood,omitempty" doc:"Residual likelihood."`
	Risk               tm.Level       `json:"risk,omitempty" doc:"Residual risk."`
	InherentLikelihood tm.Level       `json:"inherentLikelihood,omitempty" doc:"Likelihood before any control."`
	InherentRisk       tm.Level       `json:"inherentRisk,omitempty" doc:"Risk before any control."`
	Controls           []tm.Control   `json:"controls,omitempty" doc:"Controls that close it where they are enforced."`
	Mitigations        []string       `json:"mitigations,omitempty" doc:"Titles of the declared mitigations that close it."`
	Evidence           []evidenceOut  `json:"evidence,omitempty" doc:"Why it is mitigated: each control, mitigation or property, declared where, enforced where."`
	Acceptance         *acceptanceOut `json:"acceptance,omitempty" doc:"The accepted risk naming it."`
	AttackPaths        []string       `json:"attackPaths,omitempty" doc:"How an attacker gets there."`
	Recommended        []string       `json:"recommended,omitempty" doc:"Recommended mitigations, in words."`
	CAPEC              []int          `json:"capec,omitempty" doc:"CAPEC attack pattern IDs."`
	CWE                []int          `json:"cwe,omitempty" doc:"CWE weakness IDs."`
	OWASP              []string       `json:"owasp,omitempty" doc:"OWASP references."`
}

type evidenceOut struct {
	Control    tm.Control `json:"control,omitempty" doc:"The control that closes the threat; absent for a property."`
	Mitigation string     `json:"mitigation,omitempty" doc:"The declared mitigation that provides it, by path."`
	Property   string     `json:"property,omitempty" doc:"The property of the model that closes it, in words."`
	DeclaredAt string     `json:"declaredAt,omitempty" doc:"Where the control, mitigation or property was declared, file:line."`
	EnforcedAt string     `json:"enforcedAt,omitempty" doc:"The component or flow where it acts, by path."`
}

type acceptanceOut struct {
	Owner         string `json:"owner,omitempty" doc:"Who accepts the risk."`
	Justification string `json:"justification,omitempty" doc:"Why."`
	Expires       string `json:"expires,omitempty" doc:"When the acceptance expires, a date."`
	Expired       bool   `json:"expired" doc:"It had expired when judged."`
}

type coverageOut struct {
	Element string    `json:"element" doc:"The component or flow, by path."`
	Kind    tm.Kind   `json:"kind" doc:"Its kind."`
	Cells   []cellOut `json:"cells" doc:"One cell per applicable STRIDE category."`
}

type cellOut struct {
	Category tm.Category   `json:"category" doc:"The category."`
	Status   stride.Status `json:"status" doc:"The worst status of the threats in the cell, not-covered or provider-managed."`
	Threats  []string      `json:"threats,omitempty" doc:"IDs of the threats in the cell."`
}

type residualOut struct {
	Threats        int        `json:"threats" doc:"Threats in all."`
	Mitigated      int        `json:"mitigated" doc:"Mitigated threats."`
	Accepted       int        `json:"accepted" doc:"Accepted threats."`
	Open           int        `json:"open" doc:"Open threats."`
	NotCovered     int        `json:"notCovered" doc:"Coverage cells with no threat."`
	OpenByRisk     riskCounts `json:"openByRisk" doc:"Open threats by residual risk."`
	AcceptedByRisk riskCounts `json:"acceptedByRisk" doc:"Accepted threats by residual risk."`
}

type riskCounts struct {
	High   int `json:"high"`
	Medium int `json:"medium"`
	Low    int `json:"low"`
}

type reachOut struct {
	Components []blastOut `json:"components,omitempty" doc:"What control of each component gives, by name."`
	Roles      []blastOut `json:"roles,omitempty" doc:"What each role can reach, by name."`
	Secrets    []blastOut `json:"secrets,omitempty" doc:"What a leak of each secret grants, by name."`
	Agents     []agentOut `json:"agents,omitempty" doc:"What each agent reaches through its tools when a prompt injection hijacks it."`
}

// agentOut is what a hijacked agent reaches through its tools.
type agentOut struct {
	blastOut
	Injection []string  `json:"injection,omitempty" doc:"Flows that bring natural language an attacker can write into the agent, by path."`
	Tools     []toolOut `json:"tools,omitempty" doc:"The tool calls, by flow."`
}

type toolOut struct {
	Flow       string      `json:"flow" doc:"The call, by path."`
	Tool       string      `json:"tool" doc:"The tool called, by path."`
	Chain      []string    `json:"chain,omitempty" doc:"The processes that act on the call, the tool first."`
	Roles      []string    `json:"roles,omitempty" doc:"The roles they act as."`
	Approval   bool        `json:"approval" doc:"A person approves each call before it runs; the tool's reach is left out of the agent's."`
	OwnRecords bool        `json:"ownRecords" doc:"The call relays the person's own credential and the tool authorizes each object."`
	Reached    int         `json:"reached" doc:"How many elements the call reaches."`
	Assets     []accessOut `json:"assets,omitempty" doc:"Assets the call reaches, with the access."`
}

// blastOut summarises a blast radius: the assets reached with the access,
// the number of elements reached, and what the subject goes on to.
type blastOut struct {
	Subject        string         `json:"subject" doc:"The component, role or secret, by path."`
	Roles          []string       `json:"roles,omitempty" doc:"Roles it acts as."`
	Assumes        []string       `json:"assumes,omitempty" doc:"Other roles a role can act as, transitively."`
	Secrets        []string       `json:"secrets,omitempty" doc:"Secrets it can read or use."`
	TakesOver      []string       `json:"takesOver,omitempty" doc:"Processes it can take over."`
	Reached        int            `json:"reached" doc:"How many elements it reaches."`
	Assets         []accessOut    `json:"assets,omitempty" doc:"Assets it reaches, with the access."`
	MaxValue       tm.Level       `json:"maxValue,omitempty" doc:"Highest value among the assets reached."`
	MaxCriticality tm.Criticality `json:"maxCriticality,omitempty" doc:"Highest criticality among the assets reached."`
	Wildcards      []string       `json:"wildcards,omitempty" doc:"Allow statements with a wildcard among the roles involved, by path."`
	Contained      bool           `json:"contained" doc:"It sits in a blast-radius zone and reaches nothing outside."`
	Leaks          []string       `json:"leaks,omitempty" doc:"Elements reached outside every blast-radius zone around it."`
}

type accessOut struct {
	Element string `json:"element" doc:"The asset, by path."`
	Access  string `json:"access" doc:"read, write, delete, admin, pass, joined with /."`
}

type leastPrivilege struct {
	finding
	Role       string   `json:"role,omitempty" doc:"The role the finding is about, by path."`
	Techniques []string `json:"techniques,omitempty" doc:"Privilege-escalation technique IDs (reach/TECHNIQUES.md)."`
}

type attackPathOut struct {
	Asset      string    `json:"asset" doc:"The asset reached, by path."`
	Rank       int       `json:"rank" doc:"1 for the likeliest path to the asset."`
	Source     string    `json:"source,omitempty" doc:"Where the attacker starts, by path."`
	Likelihood tm.Level  `json:"likelihood" doc:"The likelihood of the least likely step."`
	Cost       int       `json:"cost" doc:"The sum of the steps' costs; lower is likelier."`
	Route      string    `json:"route" doc:"The path in words."`
	Steps      []stepOut `json:"steps" doc:"The steps from the start to the asset."`
}

type stepOut struct {
	Kind       reach.StepKind `json:"kind" doc:"What the step does."`
	From       string         `json:"from,omitempty" doc:"Where it starts, by path."`
	To         string         `json:"to,omitempty" doc:"Where it ends, by path."`
	Flow       string         `json:"flow,omitempty" doc:"The flow it crosses."`
	Role       string         `json:"role,omitempty" doc:"The role whose permission it uses."`
	Secret     string         `json:"secret,omitempty" doc:"The secret it uses or leaks."`
	Dependency string         `json:"dependency,omitempty" doc:"The dependency that ships the attacker's code."`
	Weakness   reach.Weakness `json:"weakness,omitempty" doc:"What enables the step."`
	Likelihood tm.Level       `json:"likelihood,omitempty" doc:"How likely the step is."`
	Threats    []string       `json:"threats,omitempty" doc:"IDs of the open threats it uses."`
	Techniques []string       `json:"techniques,omitempty" doc:"Privilege-escalation technique IDs."`
	Text       string         `json:"text" doc:"The step in words."`
}
