package stride

import (
	"slices"
	"strings"

	"github.com/threatwright/threatwright/internal/iam"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// grant is one allow statement as the rules read it: declared (the role's
// own policy) or effective (within its permission boundary and guardrails,
// less denies: threatmodel.Role.Effective).
type grant struct {
	perm    *tm.Permission
	res     tm.Element
	actions []string
	access  tm.Access
}

// grantFlags are the facts the Elevation of privilege rules match on,
// worked out the same way for the declared and the effective grants, so a
// rule matches on what the role's policy says and is closed when what the
// role can really do no longer has it.
type grantFlags struct {
	grants, wildcard, admin, changes, escalation bool
	next                                         []*tm.Role
}

// declaredGrants returns the role's allow statements as declared.
func declaredGrants(r *tm.Role) []grant {
	var out []grant
	for _, p := range permissionsOf(r) {
		if grants(p) {
			out = append(out, grant{p, p.Resource(), p.Actions(), p.Access()})
		}
	}
	return out
}

// grantsOf returns what the role can really do, from its effective
// permissions.
func grantsOf(eff []tm.EffectivePermission) []grant {
	out := make([]grant, len(eff))
	for i, e := range eff {
		out[i] = grant{e.Permission, e.Resource, e.Actions, e.Access()}
	}
	return out
}

// flagsOf works out the facts about role r from its grants. An action that
// makes a service run as a passed role (lambda:CreateFunction) anywhere in
// the grants turns iam:PassRole into an escalation and into a way to act as
// the passed role (iam.Escalates, iam.LeadsToRole).
func (ix *index) flagsOf(r *tm.Role, gs []grant) grantFlags {
	var f grantFlags
	launches := false
	for _, g := range gs {
		for _, a := range g.actions {
			launches = launches || ix.action(a).launches
		}
	}
	for _, g := range gs {
		f.grants = true
		leads := false
		for _, a := range g.actions {
			af := ix.action(a)
			f.wildcard = f.wildcard || af.wildcard
			f.escalation = f.escalation || af.escalates || launches && af.passes
			leads = leads || af.actsAs || af.changes || launches && af.passes
		}
		f.wildcard = f.wildcard || g.res == tm.AnyResource()
		f.admin = f.admin || g.access&tm.Admin != 0
		f.changes = f.changes || g.access&(tm.Write|tm.Delete|tm.Admin) != 0
		if o, ok := g.res.(*tm.Role); ok && o != nil && o != r && leads {
			f.next = addRole(f.next, o)
		}
	}
	return f
}

// actionFacts is what flagsOf asks of one action (package iam).
type actionFacts struct {
	// launches: iam.Launches; wildcard: iam.Wildcard; escalates:
	// iam.Escalates without launching; passes: iam.PassesRole; actsAs and
	// changes: iam.ActsAs and iam.ChangesPermissions.
	launches, wildcard, escalates, passes, actsAs, changes bool
}

// action returns the facts about an action, worked out once per action.
func (ix *index) action(a string) actionFacts {
	if f, ok := ix.actionFacts[a]; ok {
		return f
	}
	f := actionFacts{launches: iam.Launches(a), wildcard: iam.Wildcard(a), escalates: iam.Escalates(a, false),
		passes: iam.PassesRole(a), actsAs: iam.ActsAs(a), changes: iam.ChangesPermissions(a)}
	if ix.actionFacts == nil {
		ix.actionFacts = make(map[string]actionFacts)
	}
	ix.actionFacts[a] = f
	return f
}

// boundedEvidence is the evidence that the guardrails of role r — its
// permission boundary, the guardrails of its zones — together with its
// denies take away what the rule matched on (has, for the declared grants)
// in what the role can really do. "" when the effective grants still have
// it.
func boundedEvidence(t *Target, r *tm.Role, eff grantFlags, has func(grantFlags) bool, what string) string {
	if r == nil || has(eff) {
		return ""
	}
	gs := t.roleFacts(r).guards
	if len(gs) == 0 {
		return "the role's denies take away " + what
	}
	return guardrailNames(gs) + " take away " + what
}

// guardrailNames names guardrails for evidence: the permission boundary
// "X", the guardrail "Y", with their notes left to the report.
func guardrailNames(gs []*tm.Guardrail) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		kind := "guardrail"
		if len(g.BoundaryOf()) > 0 {
			kind = "permission boundary"
		}
		parts[i] = "the " + kind + " \"" + g.Name() + "\""
	}
	return strings.Join(parts, " and ")
}

// itemRoleBounded returns the MitigatedWhen of a rule about the role a
// threat names (Target.Item): closed when the role's effective grants no
// longer have what the rule matched on.
func itemRoleBounded(has func(grantFlags) bool, what string) func(t *Target) string {
	return func(t *Target) string {
		r, ok := t.Item.(*tm.Role)
		if !ok || r == nil {
			return ""
		}
		return boundedEvidence(t, r, t.roleFacts(r).eff, has, what)
	}
}

// chainBounded is the evidence that no role the process runs as can really
// act as the chained role (Target.Item), or that the chained role can
// really do nothing.
func chainBounded(t *Target) string {
	o, ok := t.Item.(*tm.Role)
	if !ok || o == nil {
		return ""
	}
	if !t.roleFacts(o).eff.grants {
		return boundedEvidence(t, o, t.roleFacts(o).eff, func(f grantFlags) bool { return f.grants }, "every permission of the role")
	}
	for _, r := range directRoles(t) {
		rf := t.roleFacts(r)
		if slices.Contains(rf.next, o) && (slices.Contains(rf.eff.next, o) || slices.Contains(r.Assumes(), o)) {
			return ""
		}
	}
	var gs []*tm.Guardrail
	for _, r := range directRoles(t) {
		for _, g := range t.roleFacts(r).guards {
			if !slices.Contains(gs, g) {
				gs = append(gs, g)
			}
		}
	}
	if len(gs) == 0 {
		return "denies take away acting as " + o.Name()
	}
	return guardrailNames(gs) + " take away acting as " + o.Name()
}
