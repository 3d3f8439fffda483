package modeljson

import (
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// AnalysisFormat and AnalysisVersion identify the analysis format, with
// the same rule as Version.
const (
	AnalysisFormat  = "threatwright/analysis"
	AnalysisVersion = 1
)

// AnalysisOption configures EncodeAnalysis.
type AnalysisOption func(*analysisConfig)

type analysisConfig struct{ root string }

// Root writes declaration sites relative to dir (with forward slashes) when
// they lie under it, so that the output does not depend on where the
// repository is checked out. Without it sites are written as recorded.
func Root(dir string) AnalysisOption {
	return func(c *analysisConfig) {
		if abs, err := filepath.Abs(dir); err == nil {
			c.root = abs
		}
	}
}

// EncodeAnalysis writes what the analysis of a model says as JSON: the
// validation findings, the STRIDE threats with their status, risks and
// evidence, the coverage matrix and the residual summary, the
// least-privilege findings, the reach of every component, role and secret
// (summarised by the assets reached and the access), and the attack paths
// with their steps. Elements are named by their paths. The output is
// deterministic; schema/analysis.schema.json describes it.
func EncodeAnalysis(w io.Writer, d *render.Document, opts ...AnalysisOption) error {
	if d == nil || d.Model == nil || d.Threats == nil || d.Reach == nil {
		return errors.New("modeljson: the document has no model or analysis: build it with render.NewDocument")
	}
	var cfg analysisConfig
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	a := &analysis{Format: AnalysisFormat, Version: AnalysisVersion, Model: d.Model.Name(),
		JudgedAt: d.Threats.JudgedAt.UTC().Format(time.RFC3339), Findings: []finding{}, Threats: []threatOut{}}
	for _, f := range d.Findings {
		a.Findings = append(a.Findings, cfg.finding(f))
	}
	for _, f := range d.Threats.Findings {
		a.Findings = append(a.Findings, cfg.finding(f))
	}
	for i := range d.Threats.Threats {
		a.Threats = append(a.Threats, cfg.threat(&d.Threats.Threats[i]))
	}
	for _, c := range d.Threats.Coverage {
		row := coverageOut{Element: c.Path, Kind: c.Kind}
		for _, cell := range c.Cells {
			row.Cells = append(row.Cells, cellOut{Category: cell.Category, Status: cell.Status, Threats: cell.Threats})
		}
		a.Coverage = append(a.Coverage, row)
	}
	r := d.Threats.Residual
	a.Residual = residualOut{Threats: r.Threats, Mitigated: r.Mitigated, Accepted: r.Accepted, Open: r.Open,
		NotCovered: r.NotCovered, OpenByRisk: riskCounts(r.OpenByRisk), AcceptedByRisk: riskCounts(r.AcceptedByRisk)}
	a.Reach = reachOf(d.Reach)
	for _, f := range d.Reach.Findings {
		lp := leastPrivilege{finding: cfg.finding(&f.Finding), Techniques: f.Techniques}
		if f.Role != nil {
			lp.Role = f.Role.Path()
		}
		a.LeastPrivilege = append(a.LeastPrivilege, lp)
	}
	for _, p := range d.Reach.Paths {
		a.AttackPaths = append(a.AttackPaths, pathOf(p))
	}
	return writeJSON(w, a)
}

func (c *analysisConfig) site(p tm.Pos) string {
	if !p.IsValid() {
		return ""
	}
	file := p.File
	if c.root != "" {
		if rel, err := filepath.Rel(c.root, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = filepath.ToSlash(rel)
		}
	}
	return file + ":" + strconv.Itoa(p.Line)
}

func (c *analysisConfig) finding(f *tm.Finding) finding {
	return finding{Code: string(f.Code), Severity: f.Severity, Path: f.Path, Message: f.Message, At: c.site(f.Pos)}
}

func (c *analysisConfig) threat(t *stride.Threat) threatOut {
	out := threatOut{ID: t.ID, Rule: t.RuleID, Category: t.Category, Title: t.Title, Description: t.Description,
		Status: t.Status, Impact: t.Impact, Likelihood: t.Likelihood, Risk: t.Risk,
		InherentLikelihood: t.InherentLikelihood, InherentRisk: t.InherentRisk, At: c.site(t.Pos),
		Controls: t.Controls, Mitigations: t.AppliedMitigations, AttackPaths: t.AttackPaths,
		Recommended: t.Mitigations, CAPEC: t.CAPEC, CWE: t.CWE, OWASP: t.OWASP}
	if t.Subject != nil {
		out.Subject = ref(t.Subject)
	}
	for _, el := range t.Involved {
		out.Involved = append(out.Involved, ref(el))
	}
	if x := t.Crossing; x != nil {
		out.Crosses = append(append([]string{}, x.Exits...), x.Enters...)
	}
	for _, e := range t.Evidence {
		ev := evidenceOut{Control: e.Control, Property: e.Property, DeclaredAt: c.site(e.DeclaredAt)}
		if e.Mitigation != nil {
			ev.Mitigation = e.Mitigation.Path()
		}
		if e.EnforcedAt != nil {
			ev.EnforcedAt = ref(e.EnforcedAt)
		}
		out.Evidence = append(out.Evidence, ev)
	}
	if ac := t.Acceptance; ac != nil {
		out.Acceptance = &acceptanceOut{Owner: ac.Owner, Justification: ac.Justification, Expired: ac.Expired}
		if !ac.Expires.IsZero() {
			out.Acceptance.Expires = ac.Expires.UTC().Format(time.DateOnly)
		}
	}
	return out
}

func reachOf(r *reach.Result) reachOut {
	var out reachOut
	for _, c := range r.Components {
		s := blastOf(c.Component.Path(), &c.BlastRadius)
		s.Roles, s.Secrets, s.TakesOver = paths(c.Roles), paths(c.Secrets), paths(c.TakesOver)
		out.Components = append(out.Components, s)
	}
	for _, rr := range r.Roles() {
		s := blastOf(rr.Role.Path(), &rr.BlastRadius)
		s.Assumes, s.Secrets, s.TakesOver = paths(rr.Assumes), paths(rr.Secrets), paths(rr.TakesOver)
		out.Roles = append(out.Roles, s)
	}
	for _, sr := range r.Secrets {
		s := blastOf(sr.Secret.Path(), &sr.BlastRadius)
		s.Roles, s.TakesOver = paths(sr.Roles), paths(sr.TakesOver)
		out.Secrets = append(out.Secrets, s)
	}
	for _, ag := range r.Agents {
		a := agentOut{blastOut: blastOf(ag.Agent.Path(), &ag.BlastRadius), Injection: paths(ag.Injection)}
		for _, t := range ag.Tools {
			tb := blastOf("", &t.BlastRadius)
			a.Tools = append(a.Tools, toolOut{Flow: t.Flow.Path(), Tool: t.Tool.Path(), Chain: paths(t.Chain), Roles: paths(t.Roles),
				Approval: t.Approval, OwnRecords: t.OwnRecords, Reached: tb.Reached, Assets: tb.Assets})
		}
		out.Agents = append(out.Agents, a)
	}
	return out
}

func blastOf(subject string, b *reach.BlastRadius) blastOut {
	out := blastOut{Subject: subject, MaxValue: b.MaxValue, MaxCriticality: b.MaxCriticality, Reached: len(b.Reach),
		Contained: b.Contained()}
	for _, e := range b.Assets() {
		out.Assets = append(out.Assets, accessOut{Element: ref(e.Element), Access: e.Access.String()})
	}
	for _, p := range b.Wildcards {
		out.Wildcards = append(out.Wildcards, p.Path())
	}
	for _, e := range b.Leaks {
		out.Leaks = append(out.Leaks, ref(e.Element))
	}
	return out
}

func pathOf(p reach.AttackPath) attackPathOut {
	out := attackPathOut{Asset: p.Asset.Path(), Rank: p.Rank, Likelihood: p.Likelihood, Cost: p.Cost, Route: p.String()}
	if p.Source != nil {
		out.Source = p.Source.Path()
	}
	for _, s := range p.Steps {
		st := stepOut{Kind: s.Kind, Weakness: s.Weakness, Likelihood: s.Likelihood, Threats: s.Threats,
			Techniques: s.Techniques, Text: s.String()}
		if s.From != nil {
			st.From = ref(s.From)
		}
		if s.To != nil {
			st.To = ref(s.To)
		}
		if s.Flow != nil {
			st.Flow = s.Flow.Path()
		}
		if s.Role != nil {
			st.Role = s.Role.Path()
		}
		if s.Secret != nil {
			st.Secret = s.Secret.Path()
		}
		if s.Dependency != nil {
			st.Dependency = s.Dependency.Path()
		}
		out.Steps = append(out.Steps, st)
	}
	return out
}

func paths[T tm.Element](els []T) []string {
	var out []string
	for _, el := range els {
		out = append(out, el.Path())
	}
	return out
}
