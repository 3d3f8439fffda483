package render

import (
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/internal/escape"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// The SARIF 2.1.0 objects SARIF writes: the subset code scanning reads,
// with the fields in the order of the specification.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool              sarifTool        `json:"tool"`
	AutomationDetails *sarifAutomation `json:"automationDetails,omitempty"`
	Results           []sarifResult    `json:"results"`
	Properties        *sarifRunProps   `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifAutomation struct {
	ID string `json:"id"`
}

type sarifRunProps struct {
	Model string `json:"model"`
}

type sarifRule struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name"`
	ShortDescription     sarifMessage        `json:"shortDescription"`
	FullDescription      sarifMessage        `json:"fullDescription"`
	Help                 sarifHelp           `json:"help"`
	DefaultConfiguration *sarifConfiguration `json:"defaultConfiguration,omitempty"`
	Properties           sarifRuleProps      `json:"properties"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags             []string `json:"tags"`
	Precision        string   `json:"precision"`
	SecuritySeverity string   `json:"security-severity"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifMessage       `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	RelatedLocations    []sarifLocation    `json:"relatedLocations,omitempty"`
	CodeFlows           []sarifCodeFlow    `json:"codeFlows,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          *sarifResultProps  `json:"properties,omitempty"`
}

type sarifResultProps struct {
	ThreatID     string `json:"threatId"`
	Status       string `json:"status"`
	Risk         string `json:"risk"`
	InherentRisk string `json:"inherentRisk"`
}

type sarifLocation struct {
	ID               int            `json:"id,omitempty"`
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	Message          *sarifMessage  `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifCodeFlow struct {
	ThreadFlows []sarifThreadFlow `json:"threadFlows"`
}

type sarifThreadFlow struct {
	Locations []sarifFlowLocation `json:"locations"`
}

type sarifFlowLocation struct {
	Location sarifLocation `json:"location"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

// threatRule describes the rule of a threat: its rule's texts, the
// recommended mitigations and references as help, and its STRIDE category
// and CWE as tags.
func threatRule(t *stride.Threat) sarifRule {
	var md, txt strings.Builder
	md.WriteString("**" + escape.MarkdownInline(t.Title) + "** (" + t.Category.String() + ")\n\n" + escape.MarkdownInline(t.Description) + "\n")
	txt.WriteString(t.Title + " (" + t.Category.String() + "). " + t.Description)
	if len(t.Mitigations) > 0 {
		md.WriteString("\n**Recommended mitigations**\n\n")
		txt.WriteString(" Recommended: ")
		for i, m := range t.Mitigations {
			md.WriteString("- " + escape.MarkdownInline(m) + "\n")
			if i > 0 {
				txt.WriteString("; ")
			}
			txt.WriteString(m)
		}
	}
	tags := []string{"security", "threat-model", "stride/" + strings.ToLower(strings.ReplaceAll(t.Category.String(), " ", "-"))}
	var refs []string
	for _, c := range t.CWE {
		tags = append(tags, "external/cwe/cwe-"+strconv.Itoa(c))
		refs = append(refs, "[CWE-"+strconv.Itoa(c)+"](https://cwe.mitre.org/data/definitions/"+strconv.Itoa(c)+".html)")
	}
	for _, c := range t.CAPEC {
		refs = append(refs, "[CAPEC-"+strconv.Itoa(c)+"](https://capec.mitre.org/data/definitions/"+strconv.Itoa(c)+".html)")
	}
	if len(refs) > 0 {
		md.WriteString("\n**References**: " + strings.Join(refs, ", ") + "\n")
	}
	name := t.Title
	if t.RuleID == "" {
		name = "Hand-written threat: " + t.Title
	}
	return sarifRule{
		Name:             name,
		ShortDescription: sarifMessage{Text: t.Title},
		FullDescription:  sarifMessage{Text: t.Description},
		Help:             sarifHelp{Text: txt.String(), Markdown: md.String()},
		Properties:       sarifRuleProps{Tags: tags, Precision: "high"},
	}
}

// codeRule describes a finding code from threatmodel.CodeInfos.
func codeRule(c threatmodel.Code) sarifRule {
	summary, fix := string(c), ""
	for _, info := range threatmodel.CodeInfos() {
		if info.Code == c {
			summary, fix = info.Summary, info.Fix
			break
		}
	}
	stage := "validation"
	switch c.Stage() {
	case threatmodel.StageAnalyze:
		stage = "stride"
	case threatmodel.StageReach:
		stage = "least-privilege"
	}
	return sarifRule{
		Name:                 summary,
		ShortDescription:     sarifMessage{Text: summary},
		FullDescription:      sarifMessage{Text: summary},
		Help:                 sarifHelp{Text: summary + ". " + fix, Markdown: escape.MarkdownInline(summary) + ".\n\n**Fix**: " + escape.MarkdownInline(fix) + "\n"},
		DefaultConfiguration: &sarifConfiguration{Level: severityLevel(c.Severity())},
		Properties:           sarifRuleProps{Tags: []string{"security", "threat-model", stage}, Precision: "very-high"},
	}
}

// pathRule describes the results that are attack paths.
func pathRule() sarifRule {
	const text = "An attack path from an untrusted position, an insider or the supply chain to a valuable asset, " +
		"each step naming the weakness that enables it. Break a step: mitigate its threat, narrow its role, or " +
		"remove the flow."
	return sarifRule{
		Name:             "Attack path to a valuable asset",
		ShortDescription: sarifMessage{Text: "Attack path to a valuable asset"},
		FullDescription:  sarifMessage{Text: text},
		Help:             sarifHelp{Text: text, Markdown: text + "\n"},
		Properties:       sarifRuleProps{Tags: []string{"security", "threat-model", "attack-path"}, Precision: "medium"},
	}
}

// threatMessage is a threat result's message: what, where, how bad, and
// what to do while it is open.
func threatMessage(t *stride.Threat) string {
	msg := t.Title
	if n := t.SubjectName(); n != "" {
		msg += " on " + n
	}
	msg += ": " + t.Status.String() + ", residual risk " + t.Risk.String() + " (inherent " + t.InherentRisk.String() + ")."
	if t.Status == stride.Open && len(t.Mitigations) > 0 {
		msg += " Recommended: " + t.Mitigations[0] + "."
	}
	return msg
}

// evidenceText is a mitigated threat's suppression justification: each
// piece of evidence, where it is enforced, and the declaring file's name.
func evidenceText(t *stride.Threat) string {
	var parts []string
	for _, e := range t.Evidence {
		e.DeclaredAt = threatmodel.Pos{} // the result's location says where; an absolute path would not
		parts = append(parts, e.String())
	}
	if len(parts) == 0 {
		return "mitigated"
	}
	return "closed by " + strings.Join(parts, "; ")
}
