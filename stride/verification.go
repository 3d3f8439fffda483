package stride

import (
	"path/filepath"
	"strconv"

	"github.com/threatwright/threatwright/threatmodel"
)

// This file carries what a verification run found for each proof
// (threatmodel.ProvedBy) into the evidence of the threats: a failing or
// missing proof never closes a threat and is a finding (ST006, ST007);
// in strict mode only verified evidence, and properties of the model's
// structure, close one.

// Verifier says what a verification run found for a proof. The verify
// package's Results implements it, from go test -json output.
type Verifier interface {
	Check(threatmodel.Proof) threatmodel.ProofCheck
}

// WithVerification gives the analysis what a verification run found for
// each proof the model names. Each piece of evidence then carries its
// state (Evidence.State): verified when a proof of it passed, failing or
// missing when one failed or does not exist, unverified otherwise. Evidence
// that is failing or missing does not close a threat, and each failing or
// missing proof is a finding (ST006, ST007) that names both the
// declaration and the test. Without WithVerification every proof is
// unverified.
func WithVerification(v Verifier) Option {
	return func(c *config) { c.verifier = v }
}

// Strict counts a threat as closed only by verified evidence: a control or
// mitigation whose proof passed in the verification run, or a property of
// the model's structure (a flow's authentication, a private endpoint),
// which no test proves. A threat closed only by declared, unverified
// controls, mitigations or a hand-written MitigatedBy text is open (or
// accepted, when an acceptance names it), and its evidence moves to
// Threat.Discounted.
func Strict() Option {
	return func(c *config) { c.strict = true }
}

// ProofResult is one proof of a piece of evidence and what the
// verification run found for it.
type ProofResult struct {
	Proof threatmodel.Proof
	Check threatmodel.ProofCheck
}

// EvidenceCounts counts pieces of evidence by state: each declaration of
// a control or a mitigation (and each hand-written MitigatedBy text) once,
// however many threats it closes. Properties of the model's structure are
// not counted.
type EvidenceCounts struct {
	Verified, Unverified, Failing, Missing, Skipped int
}

// Total returns the number of pieces counted.
func (c EvidenceCounts) Total() int {
	return c.Verified + c.Unverified + c.Failing + c.Missing + c.Skipped
}

func (c *EvidenceCounts) add(s threatmodel.ProofState) {
	switch s {
	case threatmodel.ProofVerified:
		c.Verified++
	case threatmodel.ProofFailing:
		c.Failing++
	case threatmodel.ProofMissing:
		c.Missing++
	case threatmodel.ProofSkipped:
		c.Skipped++
	case threatmodel.ProofUnverified:
		c.Unverified++
	}
}

// CountEvidence counts the evidence of the threats for which keep returns
// true (all threats when keep is nil), closing or discounted, each
// declaration once.
func (r *Report) CountEvidence(keep func(*Threat) bool) EvidenceCounts {
	var ec evidenceCounter
	if r == nil {
		return ec.c
	}
	for i := range r.Threats {
		if t := &r.Threats[i]; keep == nil || keep(t) {
			ec.count(t)
		}
	}
	return ec.c
}

// CountEvidenceOf counts the evidence of the threats, closing or
// discounted, each declaration once: Report.CountEvidence for a list one
// has already, such as the threats at one trust boundary, in time
// proportional to it.
func CountEvidenceOf(threats []*Threat) EvidenceCounts {
	var ec evidenceCounter
	for _, t := range threats {
		if t != nil {
			ec.count(t)
		}
	}
	return ec.c
}

// evidenceCounter counts pieces of evidence by state, each declaration
// (control or mitigation or property, declared and enforced where) once.
type evidenceCounter struct {
	seen map[evidenceKey]bool
	c    EvidenceCounts
}

type evidenceKey struct {
	ctl      threatmodel.Control
	mi       *threatmodel.Mitigation
	property string
	at       threatmodel.Pos
	el       threatmodel.Element
}

func (ec *evidenceCounter) count(t *Threat) {
	for _, list := range [2][]Evidence{t.Evidence, t.Discounted} {
		for _, e := range list {
			k := evidenceKey{e.Control, e.Mitigation, e.Property, e.DeclaredAt, e.EnforcedAt}
			if e.State == 0 || ec.seen[k] {
				continue
			}
			if ec.seen == nil {
				ec.seen = make(map[evidenceKey]bool)
			}
			ec.seen[k] = true
			ec.c.add(e.State)
		}
	}
}

// stateRank orders the states a piece of evidence takes from its proofs:
// one failing proof makes it failing, then missing, then one verified
// proof makes it verified, then skipped, else unverified.
func stateRank(s threatmodel.ProofState) int {
	switch s {
	case threatmodel.ProofFailing:
		return 5
	case threatmodel.ProofMissing:
		return 4
	case threatmodel.ProofVerified:
		return 3
	case threatmodel.ProofSkipped:
		return 2
	}
	return 1
}

// verifier checks proofs once each.
type verifier struct {
	v      Verifier
	checks map[threatmodel.Proof]threatmodel.ProofCheck
}

func (v *verifier) check(p threatmodel.Proof) threatmodel.ProofCheck {
	if c, ok := v.checks[p]; ok {
		return c
	}
	c := threatmodel.ProofCheck{State: threatmodel.ProofUnverified, Detail: "no verification run"}
	if v.v != nil {
		c = v.v.Check(p)
		if c.State == 0 {
			c.State = threatmodel.ProofUnverified
		}
	}
	if v.checks == nil {
		v.checks = make(map[threatmodel.Proof]threatmodel.ProofCheck)
	}
	v.checks[p] = c
	return c
}

// backed fills in the evidence's proofs and state.
func (v *verifier) backed(e *Evidence) {
	e.State = threatmodel.ProofUnverified
	if len(e.Backing.Proofs) == 0 {
		return
	}
	e.Proofs = make([]ProofResult, len(e.Backing.Proofs))
	for i, p := range e.Backing.Proofs {
		c := v.check(p)
		e.Proofs[i] = ProofResult{Proof: p, Check: c}
		if i == 0 || stateRank(c.State) > stateRank(e.State) {
			e.State = c.State
		}
	}
}

// verifyEvidence settles the state of each threat's evidence and moves the
// evidence that does not count to Discounted; a threat left without
// evidence is no longer mitigated. It runs after the mitigations by ID and
// before the acceptances, so that an acceptance still applies to a threat
// strict mode reopens.
func (a *analysis) verifyEvidence() {
	v := &verifier{v: a.cfg.verifier}
	for i := range a.threats {
		th := &a.threats[i]
		discounted := 0
		for j := range th.Evidence {
			e := &th.Evidence[j]
			switch {
			case e.Control != 0 || e.Mitigation != nil:
				v.backed(e)
			case th.RuleID == "":
				e.State = threatmodel.ProofUnverified // a hand-written MitigatedBy text
			}
			if !a.counts(e.State) {
				discounted++
			}
		}
		if discounted == 0 {
			continue
		}
		// Only here, for the few threats with evidence that does not
		// count, are new lists made.
		kept := make([]Evidence, 0, len(th.Evidence)-discounted)
		for _, e := range th.Evidence {
			if a.counts(e.State) {
				kept = append(kept, e)
			} else {
				th.Discounted = append(th.Discounted, e)
			}
		}
		th.Evidence = kept
		th.Controls, th.AppliedMitigations = controlsOf(kept), mitigationsOf(kept)
		if len(kept) == 0 {
			th.Status = 0
		}
	}
	if a.cfg.verifier != nil {
		a.proofFindings(v)
	}
}

// counts reports whether evidence in the state closes a threat.
func (a *analysis) counts(s threatmodel.ProofState) bool {
	switch s {
	case 0, threatmodel.ProofVerified:
		return true
	case threatmodel.ProofUnverified, threatmodel.ProofSkipped:
		return !a.cfg.strict
	}
	return false
}

// proofFindings records a finding for each failing or missing proof of
// each declaration: a component's or flow's own controls, and each
// mitigation.
func (a *analysis) proofFindings(v *verifier) {
	type key struct {
		path string
		at   threatmodel.Pos
		p    threatmodel.Proof
	}
	seen := make(map[key]bool)
	report := func(subject threatmodel.Element, path, what string, at threatmodel.Pos, b threatmodel.Backing) {
		for _, p := range b.Proofs {
			c := v.check(p)
			if c.State != threatmodel.ProofFailing && c.State != threatmodel.ProofMissing || seen[key{path, at, p}] {
				continue
			}
			seen[key{path, at, p}] = true
			code, verb := threatmodel.CodeProofFailing, " failed"
			if c.State == threatmodel.ProofMissing {
				code, verb = threatmodel.CodeProofMissing, " is missing"
			}
			a.findings = append(a.findings, &threatmodel.Finding{
				Code: code, Severity: threatmodel.SeverityGap, Path: path, Pos: at, Subject: subject,
				Message: "the proof " + proofName(p, c.Pos) + " of " + what + verb + " (" + c.Detail + "): " + what +
					" closes no threat until it passes",
				Related: []threatmodel.Location{{Path: proofPath(p), Pos: c.Pos}},
			})
		}
	}
	own := func(el threatmodel.Element, src []threatmodel.ControlSource) {
		for _, s := range src {
			if s.Mitigation == nil && len(s.Backing.Proofs) > 0 {
				report(el, el.Path()+".controls.provedBy", s.Control.String()+" on "+el.Path(), s.Pos(), s.Backing)
			}
		}
	}
	for _, c := range a.ix.comps {
		own(c, c.ControlSources(0))
	}
	for _, f := range a.ix.flows {
		own(f, f.ControlSources(0))
	}
	for _, mi := range a.ix.m.Mitigations() {
		report(mi, mi.Path()+".provedBy", "the mitigation "+quote(mi.Name()), mi.Pos(), mi.Backing())
	}
}

// proofName names a proof in a finding's message, with the base name of
// the test's file and its line when known (the finding's Related location
// has the full path).
func proofName(p threatmodel.Proof, at threatmodel.Pos) string {
	if p.Kind != threatmodel.ProofGoTest {
		return "file " + p.String()
	}
	s := "test " + p.Test + " in " + p.Package
	if at.IsValid() {
		s += " (" + filepath.Base(at.File) + ":" + strconv.Itoa(at.Line) + ")"
	}
	return s
}

// proofPath is a proof's path in a finding's Related location:
// tests["pkg.TestName"] or files["path"].
func proofPath(p threatmodel.Proof) string {
	if p.Kind == threatmodel.ProofGoTest {
		return "tests[" + quote(p.String()) + "]"
	}
	return "files[" + quote(p.String()) + "]"
}
