package render

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// SARIFVersion is the version of the Static Analysis Results Interchange
// Format that SARIF writes.
const SARIFVersion = "2.1.0"

// sarifSchema is the schema a SARIF log names.
const sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// SARIFOption configures SARIF.
type SARIFOption func(*sarifConfig)

type sarifConfig struct {
	root     string
	category string
}

// SARIFRoot makes every location relative to dir (made absolute against
// the working directory), the root of the repository the model's code
// lives in, with the uriBaseId %SRCROOT%: code scanning then places each
// alert on the line that declared the element in a pull request. The log
// does not name dir itself (no originalUriBaseIds), so it reads the same
// in every checkout. A declaration outside dir keeps its absolute path as
// a file URI.
func SARIFRoot(dir string) SARIFOption {
	return func(c *sarifConfig) { c.root = dir }
}

// SARIFCategory sets the run's automationDetails.id, which tells code
// scanning apart the analyses of several models in one repository
// ("threat-model/payments/"). The default is "threatwright/" and the
// model's name.
func SARIFCategory(id string) SARIFOption {
	return func(c *sarifConfig) { c.category = id }
}

// SARIF writes the document as a SARIF 2.1.0 log with one run, for GitHub
// code scanning and other SARIF consumers:
//
//   - one result per threat of the STRIDE report, its ruleId the rule that
//     derived it (TW-S-001) or a hand-written threat's ID; open threats at
//     the level of their residual risk (High error, Medium warning, Low
//     note), mitigated and accepted ones as suppressed results whose
//     justification is the evidence or the acceptance;
//   - one result per validation, STRIDE and reach finding (TM, ST and RCH
//     codes), its ruleId the code;
//   - one result per asset and kind of attacker for its likeliest attack
//     path (ruleId "TW-PATH"), located at the asset, with the path as a
//     codeFlow whose steps are located at the flows and components they
//     pass.
//
// Each rule carries its title, its description and help in Markdown, its
// CWE tags (external/cwe/cwe-NNN) and a security-severity for the highest
// residual risk among its results. Each result is located at the file and
// line that declared its element, with the element's path in the model as
// a logical location, and carries partialFingerprints computed from its
// stable ID, so an alert survives edits that move lines. Output depends
// only on the document and the options.
func SARIF(w io.Writer, d *Document, opts ...SARIFOption) error {
	if d == nil || d.Model == nil {
		return ErrNilModel
	}
	cfg := sarifConfig{category: "threatwright/" + d.Model.Name() + "/"}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.root != "" {
		abs, err := filepath.Abs(cfg.root)
		if err != nil {
			return fmt.Errorf("render: SARIF root %q: %w", cfg.root, err)
		}
		cfg.root = abs
	}
	s := &sarifBuilder{cfg: cfg, rules: map[string]int{}}
	if d.Threats != nil {
		s.threats(d.Threats)
	}
	findings := slices.Clone(d.Findings)
	if d.Threats != nil {
		findings = append(findings, d.Threats.Findings...)
	}
	s.findings(findings)
	if d.Reach != nil {
		for i := range d.Reach.Findings {
			s.finding(&d.Reach.Findings[i].Finding)
		}
		s.paths(d.Reach.Paths)
	}
	s.severities()
	log := sarifLog{
		Schema:  sarifSchema,
		Version: SARIFVersion,
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name:           "threatwright",
				InformationURI: "https://github.com/threatwright/threatwright",
				Rules:          s.ruleList,
			}},
			AutomationDetails: &sarifAutomation{ID: cfg.category},
			Results:           s.results,
			Properties:        &sarifRunProps{Model: d.Model.Name()},
		}},
	}
	if log.Runs[0].Results == nil {
		log.Runs[0].Results = []sarifResult{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// sarifBuilder collects the rules and results of one run.
type sarifBuilder struct {
	cfg      sarifConfig
	rules    map[string]int // rule ID to its index in ruleList
	ruleList []sarifRule
	worst    []threatmodel.Level // per rule: the highest residual risk of its results
	results  []sarifResult
}

// rule returns the index of the rule with the ID, adding it with make
// when it is new.
func (s *sarifBuilder) rule(id string, make func() sarifRule) int {
	if i, ok := s.rules[id]; ok {
		return i
	}
	r := make()
	r.ID = id
	s.rules[id] = len(s.ruleList)
	s.ruleList = append(s.ruleList, r)
	s.worst = append(s.worst, 0)
	return len(s.ruleList) - 1
}

// threats adds a result per threat.
func (s *sarifBuilder) threats(rep *stride.Report) {
	for i := range rep.Threats {
		t := &rep.Threats[i]
		id := t.RuleID
		if id == "" {
			id = t.ID
		}
		ri := s.rule(id, func() sarifRule { return threatRule(t) })
		res := sarifResult{
			RuleID:              id,
			RuleIndex:           ri,
			Message:             sarifMessage{Text: threatMessage(t)},
			Locations:           []sarifLocation{s.location(t.Pos, elementPath(t.Subject), t.SubjectName())},
			PartialFingerprints: fingerprints("threat", t.ID),
			Properties: &sarifResultProps{
				ThreatID: t.ID, Status: t.Status.String(), Risk: t.Risk.String(), InherentRisk: t.InherentRisk.String(),
			},
		}
		switch t.Status {
		case stride.Open:
			res.Level = riskLevel(t.Risk)
			s.worst[ri] = max(s.worst[ri], t.Risk)
		case stride.Accepted:
			res.Level = riskLevel(t.Risk)
			just := "accepted"
			if a := t.Acceptance; a != nil {
				just = "accepted by " + a.Owner + " until " + a.Expires.Format("2006-01-02") + ": " + a.Justification
			}
			res.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: just}}
		default:
			res.Level = "note"
			res.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: evidenceText(t)}}
		}
		s.results = append(s.results, res)
	}
}

// findings adds a result per model or analysis finding.
func (s *sarifBuilder) findings(fs []*threatmodel.Finding) {
	for _, f := range fs {
		if f != nil {
			s.finding(f)
		}
	}
}

// finding adds the result of one finding.
func (s *sarifBuilder) finding(f *threatmodel.Finding) {
	id := string(f.Code)
	ri := s.rule(id, func() sarifRule { return codeRule(f.Code) })
	lvl := severityLevel(f.Severity)
	res := sarifResult{
		RuleID:              id,
		RuleIndex:           ri,
		Level:               lvl,
		Message:             sarifMessage{Text: f.Message},
		Locations:           []sarifLocation{s.location(f.Pos, f.Path, "")},
		PartialFingerprints: fingerprints("finding", id+"@"+f.Path),
	}
	for _, r := range f.Related {
		res.RelatedLocations = append(res.RelatedLocations, s.location(r.Pos, r.Path, ""))
	}
	for i := range res.RelatedLocations {
		res.RelatedLocations[i].ID = i + 1
	}
	switch f.Severity {
	case threatmodel.SeverityError:
		s.worst[ri] = max(s.worst[ri], threatmodel.High)
	default:
		s.worst[ri] = max(s.worst[ri], threatmodel.Medium)
	}
	s.results = append(s.results, res)
}

// severities sets each rule's default level and security-severity from
// the worst of its results: High 8.0, Medium 5.5, Low 3.0; rules whose
// results are all closed get the lowest.
func (s *sarifBuilder) severities() {
	for i := range s.ruleList {
		r := &s.ruleList[i]
		lvl := s.worst[i]
		if lvl == 0 {
			lvl = threatmodel.Low
		}
		if r.DefaultConfiguration == nil {
			r.DefaultConfiguration = &sarifConfiguration{Level: riskLevel(lvl)}
		}
		switch {
		case lvl >= threatmodel.High:
			r.Properties.SecuritySeverity = "8.0"
		case lvl >= threatmodel.Medium:
			r.Properties.SecuritySeverity = "5.5"
		default:
			r.Properties.SecuritySeverity = "3.0"
		}
	}
}

// location locates a declaration: the file relative to the root, its
// line, and the element's path in the model.
func (s *sarifBuilder) location(p threatmodel.Pos, path, name string) sarifLocation {
	loc := sarifLocation{}
	if p.IsValid() {
		uri, base := s.uri(p.File)
		loc.PhysicalLocation = &sarifPhysical{
			ArtifactLocation: sarifArtifact{URI: uri, URIBaseID: base},
			Region:           &sarifRegion{StartLine: p.Line},
		}
	}
	if path != "" {
		loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: path, Name: name, Kind: "element"}}
	}
	return loc
}

// uri returns a file's URI relative to the root with %SRCROOT%, or its
// absolute file URI when no root is set or it lies outside.
func (s *sarifBuilder) uri(file string) (string, string) {
	if !filepath.IsAbs(file) {
		// A model decoded from a file named relative to the working
		// directory (modeljson) records that name.
		if abs, err := filepath.Abs(file); err == nil {
			file = abs
		}
	}
	if s.cfg.root != "" {
		if rel, err := filepath.Rel(s.cfg.root, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel), "%SRCROOT%"
		}
	}
	return fileURI(file), ""
}

// fileURI returns the file URI of an absolute path.
func fileURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return "file://" + p
}

// fingerprints returns a result's partialFingerprints, computed from its
// kind and stable ID: threatwright/v1 for any consumer, and
// primaryLocationLineHash, which code scanning otherwise computes from the
// source line, so an alert stays the same alert when lines move.
func fingerprints(kind, id string) map[string]string {
	sum := sha256.Sum256([]byte(kind + "\x00" + id))
	h := hex.EncodeToString(sum[:])
	return map[string]string{"threatwright/v1": h, "primaryLocationLineHash": h[:16] + ":1"}
}

// riskLevel is the SARIF level of a residual risk.
func riskLevel(l threatmodel.Level) string {
	switch {
	case l >= threatmodel.High:
		return "error"
	case l >= threatmodel.Medium:
		return "warning"
	}
	return "note"
}

// severityLevel is the SARIF level of a finding's severity.
func severityLevel(s threatmodel.Severity) string {
	switch s {
	case threatmodel.SeverityError:
		return "error"
	case threatmodel.SeverityGap:
		return "warning"
	}
	return "note"
}

// elementPath returns an element's path, or "" for none.
func elementPath(el threatmodel.Element) string {
	if el == nil {
		return ""
	}
	return el.Path()
}

// paths adds a result per attack path, with its steps as a code flow.
func (s *sarifBuilder) paths(ps []reach.AttackPath) {
	for _, p := range ps {
		if p.Asset == nil || p.Rank != 1 {
			continue // the likeliest path per asset and kind of attacker
		}
		ri := s.rule("TW-PATH", pathRule)
		lvl := pathLevel(p)
		flow := sarifThreadFlow{}
		for _, st := range p.Steps {
			var el threatmodel.Element
			switch {
			case st.Flow != nil:
				el = st.Flow
			case st.To != nil:
				el = st.To
			default:
				el = st.From
			}
			var loc sarifLocation
			if el != nil {
				loc = s.location(el.Pos(), el.Path(), el.Name())
			}
			loc.Message = &sarifMessage{Text: st.String()}
			flow.Locations = append(flow.Locations, sarifFlowLocation{Location: loc})
		}
		res := sarifResult{
			RuleID:    "TW-PATH",
			RuleIndex: ri,
			Level:     riskLevel(lvl),
			Message: sarifMessage{Text: "Attack path to " + p.Asset.Path() + " (" + p.Asset.Criticality().String() + ", " +
				p.Likelihood.String() + " likelihood): " + p.String()},
			Locations:           []sarifLocation{s.location(p.Asset.Pos(), p.Asset.Path(), p.Asset.Name())},
			CodeFlows:           []sarifCodeFlow{{ThreadFlows: []sarifThreadFlow{flow}}},
			PartialFingerprints: fingerprints("path", p.Asset.Path()+"\x00"+p.String()),
		}
		s.worst[ri] = max(s.worst[ri], lvl)
		s.results = append(s.results, res)
	}
}

// pathLevel rates an attack path: its likelihood, raised one level for a
// critical asset.
func pathLevel(p reach.AttackPath) threatmodel.Level {
	l := max(p.Likelihood, threatmodel.Low)
	if p.Asset.Criticality() >= threatmodel.Critical {
		switch {
		case l >= threatmodel.Medium:
			l = threatmodel.High
		default:
			l = threatmodel.Medium
		}
	}
	return l
}
