package modeljson

import (
	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// The analysis format, field for field; schema/analysis.schema.json
// documents it.

type analysis struct {
	Format         string           `json:"format"`
	Version        int              `json:"version"`
	Model          string           `json:"model"`
	JudgedAt       string           `json:"judgedAt"`
	Findings       []finding        `json:"findings"`
	Threats        []threatOut      `json:"threats"`
	Coverage       []coverageOut    `json:"coverage,omitempty"`
	Residual       residualOut      `json:"residual"`
	Reach          reachOut         `json:"reach"`
	LeastPrivilege []leastPrivilege `json:"leastPrivilege,omitempty"`
	AttackPaths    []attackPathOut  `json:"attackPaths,omitempty"`
}

type finding struct {
	Code     string      `json:"code"`
	Severity tm.Severity `json:"severity"`
	Path     string      `json:"path"`
	Message  string      `json:"message"`
	At       string      `json:"at,omitempty"`
}

type threatOut struct {
	ID                 string         `json:"id"`
	Rule               string         `json:"rule,omitempty"`
	Category           tm.Category    `json:"category"`
	Title              string         `json:"title"`
	Description        string         `json:"description,omitempty"`
	Subject            string         `json:"subject,omitempty"`
	Involved           []string       `json:"involved,omitempty"`
	Crosses            []string       `json:"crosses,omitempty"`
	At                 string         `json:"at,omitempty"`
	Status             stride.Status  `json:"status"`
	Impact             tm.Level       `json:"impact,omitempty"`
	Likelihood         tm.Level       `json:"likelihood,omitempty"`
	Risk               tm.Level       `json:"risk,omitempty"`
	InherentLikelihood tm.Level       `json:"inherentLikelihood,omitempty"`
	InherentRisk       tm.Level       `json:"inherentRisk,omitempty"`
	Controls           []tm.Control   `json:"controls,omitempty"`
	Mitigations        []string       `json:"mitigations,omitempty"`
	Evidence           []evidenceOut  `json:"evidence,omitempty"`
	Acceptance         *acceptanceOut `json:"acceptance,omitempty"`
	AttackPaths        []string       `json:"attackPaths,omitempty"`
	Recommended        []string       `json:"recommended,omitempty"`
	CAPEC              []int          `json:"capec,omitempty"`
	CWE                []int          `json:"cwe,omitempty"`
	OWASP              []string       `json:"owasp,omitempty"`
}

type evidenceOut struct {
	Control    tm.Control `json:"control,omitempty"`
	Mitigation string     `json:"mitigation,omitempty"`
	Property   string     `json:"property,omitempty"`
	DeclaredAt string     `json:"declaredAt,omitempty"`
	EnforcedAt string     `json:"enforcedAt,omitempty"`
}

type acceptanceOut struct {
	Owner         string `json:"owner,omitempty"`
	Justification string `json:"justification,omitempty"`
	Expires       string `json:"expires,omitempty"`
	Expired       bool   `json:"expired"`
}

type coverageOut struct {
	Element string    `json:"element"`
	Kind    tm.Kind   `json:"kind"`
	Cells   []cellOut `json:"cells"`
}

type cellOut struct {
	Category tm.Category   `json:"category"`
	Status   stride.Status `json:"status"`
	Threats  []string      `json:"threats,omitempty"`
}

type residualOut struct {
	Threats        int        `json:"threats"`
	Mitigated      int        `json:"mitigated"`
	Accepted       int        `json:"accepted"`
	Open           int        `json:"open"`
	NotCovered     int        `json:"notCovered"`
	OpenByRisk     riskCounts `json:"openByRisk"`
	AcceptedByRisk riskCounts `json:"acceptedByRisk"`
}

type riskCounts struct {
	High   int `json:"high"`
	Medium int `json:"medium"`
	Low    int `json:"low"`
}

type reachOut struct {
	Components []blastOut `json:"components,omitempty"`
	Roles      []blastOut `json:"roles,omitempty"`
	Secrets    []blastOut `json:"secrets,omitempty"`
}

// blastOut summarises a blast radius: the assets reached with the access,
// the number of elements reached, and what the subject goes on to.
type blastOut struct {
	Subject        string         `json:"subject"`
	Roles          []string       `json:"roles,omitempty"`
	Assumes        []string       `json:"assumes,omitempty"`
	Secrets        []string       `json:"secrets,omitempty"`
	TakesOver      []string       `json:"takesOver,omitempty"`
	Reached        int            `json:"reached"`
	Assets         []accessOut    `json:"assets,omitempty"`
	MaxValue       tm.Level       `json:"maxValue,omitempty"`
	MaxCriticality tm.Criticality `json:"maxCriticality,omitempty"`
	Wildcards      []string       `json:"wildcards,omitempty"`
	Contained      bool           `json:"contained"`
	Leaks          []string       `json:"leaks,omitempty"`
}

type accessOut struct {
	Element string `json:"element"`
	Access  string `json:"access"`
}

type leastPrivilege struct {
	finding
	Role       string   `json:"role,omitempty"`
	Techniques []string `json:"techniques,omitempty"`
}

type attackPathOut struct {
	Asset      string    `json:"asset"`
	Rank       int       `json:"rank"`
	Source     string    `json:"source,omitempty"`
	Likelihood tm.Level  `json:"likelihood"`
	Cost       int       `json:"cost"`
	Route      string    `json:"route"`
	Steps      []stepOut `json:"steps"`
}

type stepOut struct {
	Kind       reach.StepKind `json:"kind"`
	From       string         `json:"from,omitempty"`
	To         string         `json:"to,omitempty"`
	Flow       string         `json:"flow,omitempty"`
	Role       string         `json:"role,omitempty"`
	Secret     string         `json:"secret,omitempty"`
	Dependency string         `json:"dependency,omitempty"`
	Weakness   reach.Weakness `json:"weakness,omitempty"`
	Likelihood tm.Level       `json:"likelihood,omitempty"`
	Threats    []string       `json:"threats,omitempty"`
	Techniques []string       `json:"techniques,omitempty"`
	Text       string         `json:"text"`
}
