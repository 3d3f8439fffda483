package render

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// This file writes what backs each control and mitigation that closes a
// threat: the code that implements it (threatmodel.ImplementedBy), the
// proofs that it works (threatmodel.ProvedBy) and what a verification run
// found for them (stride.WithVerification). The report shows it only for
// a model that declares such backing or was analysed with a verification
// run, so that other reports keep their shape.

// showsEvidenceState reports whether the report shows the states of
// evidence: after a verification run, or when the model backs some
// control or mitigation.
func (w *mdWriter) showsEvidenceState() bool {
	if w.d.Threats.Verified || w.d.Threats.Strict {
		return true
	}
	if w.backed == nil {
		b := len(w.m.Proofs()) > 0
		for _, mi := range w.m.Mitigations() {
			b = b || len(mi.Backing().Implementations) > 0
		}
		for _, c := range w.m.Components() {
			for _, s := range c.ControlSources(0) {
				b = b || len(s.Backing.Implementations) > 0
			}
		}
		w.backed = &b
	}
	return *w.backed
}

// evidenceState writes, after a piece of evidence, its state and what backs
// it: " — verified: code app.(*Limiter).Allow [../app/ratelimit.go:40];
// test TestLimiter passed [../app/ratelimit_test.go:12]".
func (w *mdWriter) evidenceState(b *bytes.Buffer, e stride.Evidence) {
	// A control declared without code or proof is unverified; the tables
	// say so only in strict mode, where it matters, and the Mitigation
	// Evidence section counts it.
	bare := len(e.Backing.Implementations)+len(e.Backing.Proofs) == 0
	if e.State == 0 || !w.showsEvidenceState() || bare && !w.d.Threats.Strict {
		return
	}
	b.WriteString(" — ")
	b.WriteString(strings.ToLower(e.State.String()))
	sep := ": "
	for _, im := range e.Backing.Implementations {
		b.WriteString(sep + "code " + shortFuncName(im.Name))
		if im.Pos.IsValid() {
			b.WriteString(" [" + w.pos(im.Pos) + "]")
		}
		sep = "; "
	}
	for _, p := range e.Proofs {
		b.WriteString(sep + w.proofText(p))
		sep = "; "
	}
}

// proofText names a proof, what the run found for it and where it lives.
func (w *mdWriter) proofText(p stride.ProofResult) string {
	var s string
	switch p.Proof.Kind {
	case threatmodel.ProofGoTest:
		s = "test " + p.Proof.Test
	case threatmodel.ProofPolicyFile:
		s = "policy " + p.Proof.Path
	default:
		s = "report " + p.Proof.String()
	}
	if word := proofWord(p); word != "" {
		s += " " + word
	}
	if p.Check.Pos.IsValid() {
		s += " [" + w.pos(p.Check.Pos) + "]"
	}
	return s
}

// proofWord says what the run found for a proof, in the proof's own
// terms: a test passed, failed, was skipped, is missing or was not run; a
// policy file is present or missing; an external report says nothing
// ("").
func proofWord(p stride.ProofResult) string {
	st := p.Check.State
	switch {
	case p.Proof.Kind == threatmodel.ProofGoTest && st == threatmodel.ProofVerified:
		return "passed"
	case p.Proof.Kind == threatmodel.ProofGoTest && st == threatmodel.ProofFailing:
		return "failed"
	case p.Proof.Kind == threatmodel.ProofGoTest && st == threatmodel.ProofUnverified:
		return "not run"
	case p.Proof.Kind == threatmodel.ProofPolicyFile && st == threatmodel.ProofVerified:
		return "present"
	case p.Proof.Kind == threatmodel.ProofExternal:
		return "" // never checked by a run: its date says how old it is
	}
	return strings.ToLower(st.String())
}

// shortFuncName drops the import path's directories from a qualified
// function name: "example.com/shop/api.(*Limiter).Allow" becomes
// "api.(*Limiter).Allow".
func shortFuncName(name string) string {
	slash := strings.LastIndexByte(name, '/')
	return name[slash+1:]
}

// mitigationEvidence writes the section on what backs the mitigations:
// counts per trust boundary and overall, then each backed control or
// mitigation with its code, its proofs and the threats it closes.
func (w *mdWriter) mitigationEvidence() {
	if !w.showsEvidenceState() {
		return
	}
	rep := w.d.Threats
	w.heading(2, "Mitigation Evidence")
	how := "No verification run was given: every proof is unverified (declared only)."
	if rep.Verified {
		how = "Verified: a named test ran and passed in the verification run, or a named policy file is in the repository. " +
			"Unverified: declared only, or proved by a report outside the repository. Failing or missing: a named test failed " +
			"or does not exist; such a control closes no threat."
	}
	if rep.Strict {
		how += " Strict mode: a threat closed only by unverified evidence counts as open."
	}
	w.note("Each control or mitigation that closes a threat, counted once per declaration; properties of the model " +
		"(a flow's authentication, a private endpoint) are not counted. " + how)
	var rows [][]string
	for i, c := range crossingEvidence(w.crossings) {
		if g := w.crossings[i]; len(g.threats) > 0 {
			rows = append(rows, countRow(g.title(), c))
		}
	}
	rows = append(rows, countRow("All threats", rep.CountEvidence(nil)))
	w.table([]string{"Trust boundary", "Verified", "Unverified", "Skipped", "Failing", "Missing"}, rows)
	w.backedTable()
}

// crossingEvidence counts the evidence of each crossing's threats, each
// declaration once per crossing (stride.CountEvidenceOf). A threat arises
// at one crossing at most, so this reads each threat once, where a
// Report.CountEvidence per crossing would read them all for each;
// TestCrossingEvidence compares the two.
func crossingEvidence(groups []*crossingGroup) []stride.EvidenceCounts {
	counts := make([]stride.EvidenceCounts, len(groups))
	for i, g := range groups {
		counts[i] = stride.CountEvidenceOf(g.threats)
	}
	return counts
}

func countRow(name string, c stride.EvidenceCounts) []string {
	return []string{name, strconv.Itoa(c.Verified), strconv.Itoa(c.Unverified), strconv.Itoa(c.Skipped),
		strconv.Itoa(c.Failing), strconv.Itoa(c.Missing)}
}

// backedTable lists each piece of evidence that names its code or its
// proofs, with the number of threats it closes (or would close).
func (w *mdWriter) backedTable() {
	type row struct {
		e       stride.Evidence
		threats int
	}
	type key struct {
		ctl threatmodel.Control
		mi  *threatmodel.Mitigation
		at  threatmodel.Pos
		el  threatmodel.Element
	}
	index := make(map[key]int)
	var rows []row
	for i := range w.d.Threats.Threats {
		t := &w.d.Threats.Threats[i]
		for _, e := range slices.Concat(t.Evidence, t.Discounted) {
			if len(e.Backing.Implementations)+len(e.Backing.Proofs) == 0 {
				continue
			}
			k := key{e.Control, e.Mitigation, e.DeclaredAt, e.EnforcedAt}
			j, ok := index[k]
			if !ok {
				j = len(rows)
				index[k] = j
				rows = append(rows, row{e: e})
			}
			rows[j].threats++
		}
	}
	if len(rows) == 0 {
		w.note("No control or mitigation names the code that implements it or a proof (threatmodel.ImplementedBy, threatmodel.ProvedBy).")
		return
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		return strings.Compare(evidenceName(a.e)+elementName(a.e.EnforcedAt), evidenceName(b.e)+elementName(b.e.EnforcedAt))
	})
	var cells [][]string
	for _, r := range rows {
		var code, proofs []string
		for _, im := range r.e.Backing.Implementations {
			s := shortFuncName(im.Name)
			if im.Pos.IsValid() {
				s += " [" + w.pos(im.Pos) + "]"
			}
			code = append(code, s)
		}
		for _, p := range r.e.Proofs {
			proofs = append(proofs, w.proofText(p))
		}
		at := ""
		if r.e.EnforcedAt != nil {
			at = elementName(r.e.EnforcedAt)
		}
		cells = append(cells, []string{evidenceName(r.e) + " [" + w.pos(r.e.DeclaredAt) + "]", at, r.e.State.String(),
			strings.Join(code, "; "), strings.Join(proofs, "; "), strconv.Itoa(r.threats)})
	}
	w.table([]string{"Control or mitigation", "Enforced at", "State", "Implemented by", "Proved by", "Threats"}, cells)
}

// evidenceName names the control or mitigation of a piece of evidence.
func evidenceName(e stride.Evidence) string {
	switch {
	case e.Control != 0 && e.Mitigation != nil:
		return e.Control.String() + " (" + e.Mitigation.Name() + ")"
	case e.Control != 0:
		return e.Control.String()
	case e.Mitigation != nil:
		return e.Mitigation.Name()
	}
	return e.Property
}

// layerEvidence says, for gate question 3, how the evidence of the threats
// on a layer's in-scope processes and stores stands: reach's answer
// (reach.Coverage.Evidence) when the reach analysis ran, else counted here
// alike.
func (w *mdWriter) layerEvidence(infra bool) string {
	var c stride.EvidenceCounts
	switch {
	case w.d.Reach != nil && infra:
		c = w.d.Reach.Gate.Infrastructure.Evidence
	case w.d.Reach != nil:
		c = w.d.Reach.Gate.Application.Evidence
	default:
		c = w.d.Threats.CountEvidence(func(t *stride.Threat) bool {
			comp, ok := t.Subject.(*threatmodel.Component)
			return ok && comp.InScope() && comp.Kind() != threatmodel.ExternalEntity && comp.Infrastructure() == infra
		})
	}
	return strconv.Itoa(c.Verified) + " verified, " + strconv.Itoa(c.Unverified+c.Skipped) + " unverified, " +
		strconv.Itoa(c.Failing+c.Missing) + " failing or missing"
}
