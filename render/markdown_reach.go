package render

import (
	"strconv"
	"strings"
	"time"

	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/threatmodel"
)

// iam writes the template's IAM / Execution Role Blast Radius table from the
// reach analysis: for each role, its permissions as written and as they
// take effect, what a compromise reaches, the escalation techniques open to
// it, and what limits it.
func (w *mdWriter) iam() {
	w.heading(2, "IAM / Execution Role Blast Radius")
	roles := w.m.Roles()
	if len(roles) == 0 {
		w.note("No roles declared.")
		return
	}
	w.para("Effective permissions are the allow statements within the role's permission boundary and guardrails, less " +
		"its denies (threatmodel.Role.Effective). Escalation lists the least-privilege findings " +
		string(threatmodel.CodeEscalation) + " about the role, each with the catalogued techniques that lead there " +
		"(reach/TECHNIQUES.md; see Appendix G).")
	w.lazyList(listRoles, len(roles), func(emit func([]string)) {
		var perms []string
		var row [9]string
		for _, r := range roles {
			perms = perms[:0]
			for _, p := range r.Permissions() {
				perms = append(perms, permissionText(p))
			}
			for _, p := range r.ResourceGrants() {
				perms = append(perms, permissionText(p)+" (resource policy of "+p.PolicyOf().Name()+")")
			}
			mit := r.Mitigation()
			for _, g := range r.Guardrails() {
				mit = strings.TrimPrefix(mit+"; "+guardrailText(r, g), "; ")
			}
			row = [...]string{r.Name(), strings.Join(perms, "; "), w.roleBlast(r), mit, effectiveText(r), w.escalationText(r),
				assumedByText(r), joinNames(r.Assumes()), r.Description()}
			emit(row[:])
		}
	})
}

// assumedByText states what runs as a role and, when it declares one, its
// trust policy: "Function; trust policy: lambda.amazonaws.com, Deployer".
func assumedByText(r *threatmodel.Role) string {
	s := joinNames(r.AssumedBy())
	if !r.DeclaresTrust() {
		return s
	}
	trusted := r.TrustedServices()
	for _, o := range r.TrustedRoles() {
		trusted = append(trusted, o.Name())
	}
	t := "trust policy: " + strings.Join(trusted, ", ")
	if len(trusted) == 0 {
		t = "trust policy: nobody"
	}
	if s == "" {
		return t
	}
	return s + "; " + t
}

// effectiveText states a role's effective permissions: what each allow
// statement leaves, on the resource it applies to, in declaration order.
func effectiveText(r *threatmodel.Role) string {
	var out []string
	for _, e := range r.Effective() {
		if len(e.Actions) == 0 || e.Resource == nil {
			continue
		}
		out = append(out, strings.Join(e.Actions, ", ")+" on "+elementName(e.Resource))
	}
	if len(out) == 0 {
		return "nothing: every allow is denied or outside the boundary"
	}
	return strings.Join(out, "; ")
}

// escalationText states the escalations open to a role: for each
// least-privilege finding RCH004 about it, what it leads to and the
// catalogued techniques that get there.
func (w *mdWriter) escalationText(r *threatmodel.Role) string {
	if w.d.Reach == nil {
		return "not analysed"
	}
	var out []string
	for _, f := range w.d.Reach.RoleFindings(r) {
		if f.Code != threatmodel.CodeEscalation || f.Target == nil {
			continue
		}
		var s string
		switch t := f.Target.(type) {
		case *threatmodel.Component:
			s = "take over " + t.Name()
		case *threatmodel.Role:
			s = "act as " + t.Name()
			if t == r {
				s = "grant itself more"
			}
		case *threatmodel.Secret:
			s = "read " + t.Name()
		default:
			s = "reach " + elementName(t)
		}
		if len(f.Techniques) > 0 {
			s += " (" + techniqueList(f.Techniques) + ")"
		} else {
			s += " (no catalogued technique)"
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return "none found"
	}
	return strings.Join(out, "; ")
}

// permissionText states a permission: its effect, its actions and the
// resource it is on.
func permissionText(p *threatmodel.Permission) string {
	res := "?"
	if r := p.Resource(); r != nil {
		res = r.Name()
	}
	return p.Effect().String() + " " + strings.Join(p.Actions(), ", ") + " on " + res
}

// guardrailText describes a guardrail that applies to a role: a
// permission boundary or an organisation guardrail, its name, its
// statements and its note.
func guardrailText(r *threatmodel.Role, g *threatmodel.Guardrail) string {
	kind := "guardrail"
	if r.PermissionBoundary() == g {
		kind = "permission boundary"
	}
	var stmts []string
	for _, p := range g.Statements() {
		stmts = append(stmts, permissionText(p))
	}
	s := kind + " " + g.Name()
	if len(stmts) > 0 {
		s += " (" + strings.Join(stmts, "; ") + ")"
	}
	if n := strings.TrimSpace(g.Note()); n != "" {
		s += ": " + n
	}
	return s
}

// roleBlast describes a role's blast radius in one cell: what it can read,
// write, delete and administer, the most valuable asset, wildcards, and
// whether it stays inside the blast-radius boundary.
func (w *mdWriter) roleBlast(r *threatmodel.Role) string {
	if w.d.Reach == nil {
		return "not analysed"
	}
	rr := w.d.Reach.Role(r)
	if rr == nil {
		return "not analysed"
	}
	return blastText(&rr.BlastRadius, rr.Assumes)
}

// accessLevels are the access levels a blast radius is told by, with
// their verbs.
var accessLevels = []struct {
	a    threatmodel.Access
	verb string
}{{threatmodel.Read, "read"}, {threatmodel.Write, "write"}, {threatmodel.Delete, "delete"}, {threatmodel.Admin, "administer"},
	{threatmodel.Pass, "pass to a service"}}

// accessParts lists, per access level, the elements of the entries whose
// access (as access picks it) has that level: "read A, B", "write C".
func accessParts(es []reach.Entry, access func(reach.Entry) threatmodel.Access) []string {
	var parts []string
	for _, lv := range accessLevels {
		var names []string
		for _, e := range es {
			if access(e)&lv.a != 0 {
				names = append(names, elementName(e.Element))
			}
		}
		if len(names) > 0 {
			parts = append(parts, lv.verb+" "+strings.Join(names, ", "))
		}
	}
	return parts
}

func blastText(b *reach.BlastRadius, assumes []*threatmodel.Role) string {
	parts := accessParts(b.Reach, func(e reach.Entry) threatmodel.Access { return e.Access })
	if len(parts) == 0 {
		parts = append(parts, "reaches nothing declared")
	}
	return "Can " + strings.Join(parts, "; ") + blastTail(b, assumes)
}

// componentBlastText describes what control of a component gives, its
// designed access apart from what compromise adds: an external entity's
// calls reach its own records where the service authorizes each object,
// and every record only through the weakness named.
func componentBlastText(c *reach.ComponentReach) string {
	b := &c.BlastRadius
	parts := accessParts(b.Reach, func(e reach.Entry) threatmodel.Access { return e.Designed })
	s := "By design: nothing declared"
	if len(parts) > 0 {
		s = "By design: " + strings.Join(parts, "; ")
	}
	var own, wide, whole []string
	for _, e := range b.Reach {
		if e.Designed != 0 && (len(e.Via) > 0 || e.Secret != nil) {
			whole = append(whole, elementName(e.Element))
		}
		switch {
		case e.Designed == 0:
		case e.OwnRecords:
			own = append(own, elementName(e.Element))
		case e.Widened != "":
			wide = append(wide, elementName(e.Element)+" ("+e.Widened+")")
		}
	}
	if len(own) > 0 {
		s += ". Of " + strings.Join(own, ", ") + " only its own records, those the service it calls authorizes for it object by object"
	}
	if len(wide) > 0 {
		s += ". Every record, through a modelled weakness, of " + strings.Join(wide, "; ")
	}
	added := accessParts(b.Reach, func(e reach.Entry) threatmodel.Access { return e.Access &^ e.Designed })
	switch {
	case len(added) > 0 || len(whole) > 0:
		s += ". Compromise adds: " + strings.Join(added, "; ")
		if len(whole) > 0 {
			if len(added) > 0 {
				s += "; "
			}
			s += "every record of " + strings.Join(whole, ", ") + " through its roles' permissions, beyond what its flows carry"
		}
	case c.Component != nil && c.Component.Kind() == threatmodel.ExternalEntity:
		s += ". Compromise of its credentials adds nothing: it acts as no role"
	default:
		s += ". Compromise adds nothing: it acts as no role that reaches more"
	}
	return s + blastTail(b, nil)
}

// blastTail ends a blast radius's text: the most valuable asset, the roles
// it can act as, wildcards, and whether it stays inside its boundary.
func blastTail(b *reach.BlastRadius, assumes []*threatmodel.Role) string {
	var s string
	if b.MaxValue != 0 {
		s += ". Highest asset value reached: " + b.MaxValue.String()
		if b.MaxCriticality != 0 {
			s += " (" + b.MaxCriticality.String() + ")"
		}
	}
	if len(assumes) > 0 {
		s += ". Can act as " + joinNames(assumes)
	}
	if len(b.Wildcards) > 0 {
		s += ". Wildcards: " + strconv.Itoa(len(b.Wildcards)) + " statement(s)"
	}
	switch {
	case len(b.Leaks) > 0:
		var names []string
		for _, e := range b.Leaks {
			names = append(names, elementName(e.Element))
		}
		s += ". Leaks out of the blast-radius boundary to " + strings.Join(names, ", ")
	case b.Contained():
		s += ". Contained in " + joinNames(b.Boundaries)
	}
	return s + "."
}

// appendices writes the appendices in their order, one function each: the
// coverage matrix, residual risk, accepted risks, declared mitigations,
// hand-written threats, waived checks, least-privilege findings, attack
// paths, and the blast radius of components and secrets.
func (w *mdWriter) appendices() {
	w.coverageMatrix()
	w.residualRisk()
	w.acceptedRisks()
	w.declaredMitigations()
	w.handWrittenThreats()
	w.waivedChecks()
	w.leastPrivilege()
	w.attackPaths()
	w.componentAndSecretReach()
}

// coverageMatrix writes Appendix A: per element and STRIDE category, the
// worst status of the threats there, or Not covered.
func (w *mdWriter) coverageMatrix() {
	rep := w.d.Threats
	w.heading(2, appendixCoverage+": STRIDE Coverage Matrix")
	w.para("Each cell is the worst status of the threats on that element in that category: Open, Accepted, Mitigated, " +
		"Provider-managed when the element's provider operates it and the category concerns the provider's internals " +
		"(its code, its capacity), or Not covered when no rule or hand-written threat addresses it. A dash means the " +
		"category does not apply (Microsoft SDL STRIDE-per-element).")
	w.lazyList(listCoverage, len(rep.Coverage), func(emit func([]string)) {
		var r []string
		for _, row := range rep.Coverage {
			r = append(r[:0], row.Subject, row.Kind.String())
			for _, cat := range threatmodel.Categories() {
				cell, ok := row.Cell(cat)
				if !ok {
					r = append(r, "")
					continue
				}
				r = append(r, cell.Status.String())
			}
			emit(r)
		}
	})
}

// residualRisk writes Appendix B: the open and accepted threats by risk
// level, and each open threat with what is recommended.
func (w *mdWriter) residualRisk() {
	rep := w.d.Threats
	w.heading(2, "Appendix B: Residual Risk")
	if !rep.JudgedAt.IsZero() {
		w.para("Accepted risks are judged at " + rep.JudgedAt.UTC().Format(time.DateOnly) +
			": an acceptance that has expired by then no longer accepts its threat.")
	}
	res := rep.Residual
	w.table([]string{"", "High", "Medium", "Low", "Total"}, [][]string{
		{"Open (residual)", strconv.Itoa(res.OpenByRisk.High), strconv.Itoa(res.OpenByRisk.Medium), strconv.Itoa(res.OpenByRisk.Low), strconv.Itoa(res.Open)},
		{"Accepted", strconv.Itoa(res.AcceptedByRisk.High), strconv.Itoa(res.AcceptedByRisk.Medium), strconv.Itoa(res.AcceptedByRisk.Low), strconv.Itoa(res.Accepted)},
		{"Mitigated", "", "", "", strconv.Itoa(res.Mitigated)},
	})
	open := w.openThreats()
	if len(open) > 0 {
		w.tableHead([]string{"Open threat", "Title", "Where", "Risk", "Recommended"})
		for _, t := range open {
			if w.err != nil {
				break
			}
			w.w.WriteByte('|')
			w.cell(t.ID)
			w.cell(t.Title)
			w.cell(t.SubjectName())
			w.cell(riskText(t))
			if len(t.Mitigations) > 0 {
				w.cell(w.recommendation(t.Mitigations).joined)
			} else {
				w.cell("")
			}
			w.line("")
		}
		w.line("")
	}
	w.openLeftOut(res.Open, len(open))
	w.escalationPaths()
}

// escalationPaths counts and lists, under the residual risk, the attack
// paths that take a process over through a role's permission: the
// least-privilege findings (RCH004) on an attack path.
func (w *mdWriter) escalationPaths() {
	if w.d.Reach == nil {
		return
	}
	esc := w.d.Reach.EscalationPaths()
	if len(esc) == 0 {
		w.para("No attack path takes a process over through a role's permission.")
		return
	}
	verb := " attack paths take"
	if len(esc) == 1 {
		verb = " attack path takes"
	}
	w.para(strconv.Itoa(len(esc)) + verb + " a process over through a role's permission (" +
		string(threatmodel.CodeEscalation) + ", see Appendix G and Appendix H):")
	var rows [][]string
	for i := range esc {
		p := &esc[i]
		var how []string
		for _, s := range p.Steps {
			if s.Kind == reach.StepTakeover {
				how = append(how, s.String())
			}
		}
		asset := "?"
		if p.Asset != nil {
			asset = p.Asset.Name()
		}
		rows = append(rows, []string{asset, strconv.Itoa(p.Rank), p.String(), strings.Join(how, "; "), p.Likelihood.String()})
	}
	w.list(listEscalationPaths, rows, splitKeep)
}

// acceptedRisks writes Appendix C: each declared acceptance, the threat it
// matches and whether it expired.
func (w *mdWriter) acceptedRisks() {
	rep := w.d.Threats
	w.heading(2, "Appendix C: Accepted Risks")
	var acc [][]string
	for _, a := range w.m.Acceptances() {
		status := "matches no threat"
		if t, ok := rep.Threat(a.ThreatID()); ok {
			status = t.Title + " (" + t.Status.String() + ")"
			if t.Acceptance != nil && t.Acceptance.Expired {
				status += ", expired"
			}
		}
		acc = append(acc, []string{a.ThreatID(), status, a.Owner(), date(a.Expires()), a.Justification()})
	}
	if len(acc) == 0 {
		w.note("No accepted risks.")
	} else {
		w.list(listAcceptedRisks, acc, 0)
	}
}

// declaredMitigations writes Appendix D: the mitigations the model declares,
// their controls and the elements they are applied to.
func (w *mdWriter) declaredMitigations() {
	w.heading(2, "Appendix D: Declared Mitigations")
	var mits [][]string
	for _, mi := range w.m.Mitigations() {
		mits = append(mits, []string{mi.Name(), joinControls(mi.Implements()), elementNames(mi.On()),
			strings.Join(mi.Addresses(), ", "), mi.Description()})
	}
	if len(mits) == 0 {
		w.note("No mitigations declared.")
	} else {
		w.list(listMitigations, mits, 0)
	}
}

// handWrittenThreats writes Appendix E: the threats the model declares
// itself, beside those the STRIDE rules derive.
func (w *mdWriter) handWrittenThreats() {
	w.heading(2, "Appendix E: Hand-written Threats")
	var hw [][]string
	for _, t := range w.m.Threats() {
		hw = append(hw, []string{t.ID(), t.Name(), t.Category().String(), elementNames(t.About()), t.Impact().String(),
			t.Likelihood().String(), strings.Join(t.AttackPaths(), "; "), t.Mitigation(), t.Description()})
	}
	if len(hw) == 0 {
		w.note("No hand-written threats.")
	} else {
		w.list(listHandWrittenThreats, hw, 0)
	}
}

// waivedChecks writes Appendix F: each waived validation check, the element
// it is waived on and the reason.
func (w *mdWriter) waivedChecks() {
	w.heading(2, appendixWaivers+": Waived Validation Checks")
	var wv [][]string
	for _, v := range w.m.Waivers() {
		wv = append(wv, []string{string(v.Code()), elementName(v.Target()), v.Reason()})
	}
	if len(wv) == 0 {
		w.note("No validation check is waived.")
	} else {
		w.para("A waived check is not reported as a gap; the model's authors give the reason.")
		w.list(listWaivers, wv, 0)
	}
}

// componentAndSecretReach writes what control of each component and a leak
// of each secret would give: the reach analysis beyond roles.
func (w *mdWriter) componentAndSecretReach() {
	w.heading(2, "Appendix I: Blast Radius of Components and Secrets")
	if w.d.Reach == nil {
		w.note("Not analysed: the document has no reach analysis.")
		return
	}
	comps := w.d.Reach.Components
	n := 0
	for _, c := range comps {
		if c.Component != nil && len(c.Reach) > 0 {
			n++
		}
	}
	if n == 0 {
		w.note("No component reaches anything beyond itself.")
	} else {
		w.para("What an attacker who controls each component gains: the roles it acts as, the secrets it holds or " +
			"uses, the components that trust its identity, and everything those reach. By design is what the component " +
			"does without being compromised: what it stores and what its flows carry — for an external entity, what the " +
			"system serves it, only its own records where the service it calls authorizes each object, unless a modelled " +
			"weakness (a call without authentication, a service without authorization, an open threat) gives it every " +
			"record. Compromise adds what taking a process over reaches: its roles, its secrets and the processes they take over.")
		w.lazyList(listComponentReach, n, func(emit func([]string)) {
			var calls []string
			var row [5]string
			for i := range comps {
				c := &comps[i]
				if c.Component == nil || len(c.Reach) == 0 {
					continue
				}
				calls = calls[:0]
				for _, call := range c.Calls {
					if call.Pivot && call.Callee != nil {
						calls = append(calls, call.Callee.Name())
					}
				}
				row = [...]string{c.Component.Name(), joinNames(c.Roles), joinNames(c.Secrets),
					strings.Join(calls, ", "), componentBlastText(c)}
				emit(row[:])
			}
		})
	}
	var rows [][]string
	for _, s := range w.d.Reach.Secrets {
		if s.Secret == nil {
			continue
		}
		rows = append(rows, []string{s.Secret.Name(), joinNames(s.Roles), blastText(&s.BlastRadius, nil), s.Secret.BlastRadius()})
	}
	if len(rows) > 0 {
		w.list(listSecretReach, rows, 0)
	}
}

// leastPrivilege writes the least-privilege findings of the reach analysis.
func (w *mdWriter) leastPrivilege() {
	w.heading(2, "Appendix G: Least Privilege")
	if w.d.Reach == nil {
		w.note("Not analysed: the document has no reach analysis.")
		return
	}
	var lp [][]string
	for _, f := range w.d.Reach.Findings {
		var scopes []string
		for _, s := range f.Scopes {
			sc := s.Access.String() + " on " + elementName(s.Resource)
			if len(s.Actions) > 0 {
				sc += " (" + strings.Join(s.Actions, ", ") + ")"
			}
			scopes = append(scopes, sc)
		}
		lp = append(lp, []string{string(f.Code), f.Path, f.Message, strings.Join(scopes, "; ")})
	}
	switch {
	case len(lp) > 0:
		w.list(listLeastPrivilege, lp, 0)
	case len(w.m.Roles()) == 0:
		w.note("No roles declared.")
	default:
		w.para("Every permission is used by a declared flow and no role can act as a more privileged one.")
	}
}

// attackPaths writes the ranked attack paths of the reach analysis.
func (w *mdWriter) attackPaths() {
	w.heading(2, "Appendix H: Attack Paths")
	if w.d.Reach == nil {
		w.note("Not analysed: the document has no reach analysis.")
		return
	}
	w.para("From outside (untrusted zones and external entities), from insiders (the people the model declares) and from " +
		"the supply chain (dependencies and pipelines) to the most valuable assets: for each asset, the paths from outside " +
		"first, then the insiders', then the supply chain's, each the likeliest first. " +
		"Each step names the weakness that enables it; a mitigated step breaks the path.")
	if len(w.d.Reach.Paths) == 0 {
		w.para("No attack path reaches an asset from outside, from an insider or from the supply chain.")
		return
	}
	paths := w.d.Reach.Paths
	if w.split != nil {
		paths = w.attackPathList()
	}
	for _, p := range paths {
		asset := "?"
		if p.Asset != nil {
			asset = p.Asset.Name()
		}
		// The heading (level 3), written in parts.
		w.str("### ")
		w.inline(asset)
		w.str(" — path ")
		w.int(p.Rank)
		w.str(" (")
		w.str(p.Likelihood.String())
		w.line(" likelihood)")
		w.line("")
		w.line(codeSpan(p.String()))
		w.line("")
		for i, s := range p.Steps {
			w.int(i + 1)
			w.str(". ")
			w.inline(s.String())
			w.line("")
		}
		w.line("")
	}
	w.leftOut(listAttackPaths, len(paths))
}
