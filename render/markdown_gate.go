package render

import (
	"slices"
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/internal/escape"
	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// This file writes the template's gate questions, answered from the
// analysis: the worst outcome per trust boundary, the execution roles'
// blast radius, and the coverage of infrastructure and application.

// gateQuestions answers the template's three gate questions from the
// analysis, ticking those it can answer and naming the evidence.
func (w *mdWriter) gateQuestions() {
	w.heading(2, "Gate Questions")
	rr := w.d.Reach

	w.gateBoundaries()

	// 2. The execution role's blast radius.
	q2 := "If the execution role is compromised, what is the blast radius?"
	switch {
	case rr == nil:
		w.line("- [ ] " + q2)
		w.line("  - Not answered: the reach analysis was not run.")
	case len(rr.Gate.ExecutionRoles) == 0:
		w.line("- [ ] " + q2)
		w.line("  - Not answered: no process runs as a role (declare it with RunsAs).")
	default:
		w.line("- [x] " + q2)
		shown := 0
		for _, r := range rr.Gate.ExecutionRoles {
			if r.Role == nil {
				continue
			}
			by, blast := joinNames(r.Role.AssumedBy()), blastText(&r.BlastRadius, r.Assumes)
			if esc := w.escalationText(r.Role); esc != "none found" {
				blast += " Escalation: " + esc + "."
			}
			if w.split != nil {
				w.split.csvRow(listGateRoles, []string{r.Role.Name(), by, blast})
				if shown >= splitKeep {
					continue
				}
			}
			shown++
			w.line("  - **" + escape.MarkdownInline(r.Role.Name()) + "** (" + escape.MarkdownInline(by) + "): " +
				escape.MarkdownInline(blast))
		}
		w.gateLeftOut(listGateRoles, shown)
	}
	w.line("")

	// 3. Infrastructure coverage compared with application coverage.
	q3 := "Does the infrastructure have the same threat coverage as the application code?"
	infra, app := w.layerCoverage()
	if infra.components == 0 || app.components == 0 {
		w.line("- [ ] " + q3)
		w.line("  - Not answered: the model has " + strconv.Itoa(infra.components) + " infrastructure and " +
			strconv.Itoa(app.components) + " application components in scope; mark infrastructure with threatmodel.Infrastructure.")
	} else {
		w.line("- [x] " + q3)
		w.line("  - Infrastructure: " + infra.String())
		w.line("  - Application: " + app.String())
		if w.showsEvidenceState() {
			w.line("  - Mitigation evidence: infrastructure " + w.layerEvidence(true) + "; application " + w.layerEvidence(false) +
				" (see Mitigation Evidence).")
		}
		if rr != nil {
			gi, ga := rr.Gate.Infrastructure, rr.Gate.Application
			w.line("  - Controls, identities and attack paths: infrastructure " + reachCoverage(gi) + "; application " + reachCoverage(ga) + ".")
		}
		if infra.notCovered > 0 || app.notCovered > 0 {
			w.line("  - Not yet: " + strconv.Itoa(infra.notCovered) + " infrastructure and " + strconv.Itoa(app.notCovered) +
				" application cells have no threat (see " + appendixCoverage + ").")
		}
		if rr != nil && rr.Gate.Coverage != "" {
			w.line("  - " + escape.MarkdownInline(rr.Gate.Coverage))
		}
	}
	w.line("")
}

// gateBoundaries answers the first gate question: the worst thing an
// adversary can do at each trust boundary.
func (w *mdWriter) gateBoundaries() {
	q1 := "What is the worst thing an adversary can do at each trust boundary?"
	if len(w.crossings) == 0 {
		w.line("- [ ] " + q1)
		w.line("  - Not answered: no flow crosses a trust boundary, so the model does not show where an adversary enters.")
	} else {
		w.line("- [x] " + q1)
		// One answer per crossing; the per-zone answers (reach's
		// Gate.Boundaries) would repeat them.
		for i, g := range w.crossings {
			title, worst := "Trust Boundary "+strconv.Itoa(i+1)+": "+g.title(), w.worstOutcome(g)
			if w.split != nil {
				w.split.csvRow(listGateBoundaries, []string{title, worst})
				if i >= splitKeep {
					continue
				}
			}
			w.line("  - **" + escape.MarkdownInline(title) + "** — " + escape.MarkdownInline(worst))
		}
		w.gateLeftOut(listGateBoundaries, min(len(w.crossings), splitKeep))
	}
	w.line("")
}

// worstOutcome says the worst outcome at a boundary: the most critical and
// valuable asset an attack path that crosses it reaches, with the path and
// its likelihood, and each further asset reached through a takeover
// (RCH004) there, once per asset and process taken over. Without an attack
// path it names the worst threat.
func (w *mdWriter) worstOutcome(g *crossingGroup) string {
	var paths []reach.AttackPath
	if w.d.Reach != nil {
		paths = w.d.Reach.PathsOver(g.flows...)
	}
	if len(paths) == 0 {
		s := w.worstAt(g)
		if w.d.Reach != nil {
			s = "no attack path crosses it; worst threat: " + s
		}
		return s
	}
	s := "worst outcome: " + pathOutcome(&paths[0])
	type key struct {
		asset *threatmodel.Asset
		proc  threatmodel.Element
	}
	seen := make(map[key]bool)
	var takeovers []string
	for i := range paths {
		p := &paths[i]
		j := slices.IndexFunc(p.Steps, func(s reach.Step) bool { return s.Kind == reach.StepTakeover })
		if j < 0 {
			continue
		}
		if k := (key{p.Asset, p.Steps[j].To}); !seen[k] {
			seen[k] = true
			if i > 0 {
				takeovers = append(takeovers, pathOutcome(p))
			}
		}
	}
	if len(takeovers) > 0 {
		s += "; through a takeover (" + string(threatmodel.CodeEscalation) + "): " + strings.Join(takeovers, "; ")
	}
	return s
}

// pathOutcome names the asset a path reaches, its value and criticality,
// the path and its likelihood.
func pathOutcome(p *reach.AttackPath) string {
	if p.Asset == nil {
		return p.String()
	}
	return p.Asset.Name() + " (" + p.Asset.Value().String() + " value, " + p.Asset.Criticality().String() + ") by " +
		p.String() + ", likelihood " + p.Likelihood.String()
}

// worstAt says the worst threat at a boundary: the highest-risk open one,
// or else the highest-risk one with what closes it.
func (w *mdWriter) worstAt(g *crossingGroup) string {
	if len(g.threats) == 0 {
		return "no threat derived; flows: " + flowNames(g.flows)
	}
	best := g.threats[0]
	for _, t := range g.threats[1:] {
		if worse(t, best) {
			best = t
		}
	}
	s := best.Title + " on " + best.SubjectName() + " (" + best.Risk.String() + " risk, " + best.Status.String() + ")"
	if m := w.mitigationText(best); m != "" {
		s += ": " + m
	}
	return s
}

// worse reports whether a is worse than b: open before closed, then the
// higher risk, then the worse status (accepted before mitigated), then the
// higher impact, then the category whose success does the most damage
// (see damage).
func worse(a, b *stride.Threat) bool {
	aOpen, bOpen := a.Status == stride.Open, b.Status == stride.Open
	if aOpen != bOpen {
		return aOpen
	}
	if a.Risk != b.Risk {
		return a.Risk > b.Risk
	}
	if a.Status != b.Status {
		return a.Status > b.Status
	}
	if a.Impact != b.Impact {
		return a.Impact > b.Impact
	}
	return damage(a.Category) > damage(b.Category)
}

// damage orders the STRIDE categories by what an adversary gains when the
// threat succeeds, for choosing "the worst thing" among equally rated
// threats: a higher privilege, then another identity (and all it may do),
// then changed data, read data, lost availability and lost accountability.
func damage(c stride.Category) int {
	switch c {
	case stride.ElevationOfPrivilege:
		return 6
	case stride.Spoofing:
		return 5
	case stride.Tampering:
		return 4
	case stride.InformationDisclosure:
		return 3
	case stride.DenialOfService:
		return 2
	case stride.Repudiation:
		return 1
	}
	return 0
}

// reachCoverage says how many components of a layer have controls, an
// identity and a place on an attack path.
func reachCoverage(c reach.Coverage) string {
	n := "/" + strconv.Itoa(c.Components)
	return strconv.Itoa(c.WithControls) + n + " with controls, " + strconv.Itoa(c.WithIdentity) + n +
		" with an identity (a role or a secret), " + strconv.Itoa(c.OnAttackPaths) + n + " on attack paths"
}

type layerStats struct {
	components, cells, notCovered, open, threats int
}

func (s layerStats) String() string {
	return plural(s.components, "component") + ", " + plural(s.threats, "threat") + " (" + strconv.Itoa(s.open) +
		" open), " + strconv.Itoa(s.cells-s.notCovered) + " of " + strconv.Itoa(s.cells) + " STRIDE cells covered."
}

// layerCoverage splits the coverage matrix by infrastructure and
// application components.
func (w *mdWriter) layerCoverage() (infra, app layerStats) {
	threats := make(map[threatmodel.Element][2]int) // subject → threats, open
	for i := range w.d.Threats.Threats {
		t := &w.d.Threats.Threats[i]
		if t.Subject == nil {
			continue
		}
		v := threats[t.Subject]
		v[0]++
		if t.Status == stride.Open {
			v[1]++
		}
		threats[t.Subject] = v
	}
	for _, row := range w.d.Threats.Coverage {
		if row.Kind == threatmodel.DataFlow || row.Kind == threatmodel.ExternalEntity {
			continue
		}
		c, ok := row.Element.(*threatmodel.Component)
		if !ok {
			continue
		}
		s := &app
		if c.Infrastructure() {
			s = &infra
		}
		s.components++
		counts := threats[c]
		s.threats += counts[0]
		s.open += counts[1]
		for _, cell := range row.Cells {
			s.cells++
			if cell.Status == stride.NotCovered {
				s.notCovered++
			}
		}
	}
	return infra, app
}

// Appendix titles that other sections refer to.
const (
	appendixCoverage = "Appendix A"
	appendixWaivers  = "Appendix F"
)
