package modeljson

import (
	"strconv"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// relations adds what the DSL states with methods once elements exist:
// permissions and statements, role assumption and trust, guardrails on
// zones, and the components' roles, audit trails, shared hosts and
// resource policies. Each records the line of its own JSON value.
func (b *builder) relations() {
	in := &b.in
	for i, z := range in.Zones {
		zn := b.els[cZones][i].(*tm.Zone)
		for j, g := range z.Guardrails {
			b.at(z.Offs[".guardrails["+strconv.Itoa(j)+"]"])
			zn.Guardrail(b.get(cGuardrails, g).(*tm.Guardrail))
		}
	}
	for i, g := range in.Guardrails {
		gr := b.els[cGuardrails][i].(*tm.Guardrail)
		for _, st := range g.Statements {
			b.at(st.Off)
			if st.Effect == tm.Deny {
				gr.Deny(b.ref(st.Resource), st.Actions...)
			} else {
				gr.Allow(b.ref(st.Resource), st.Actions...)
			}
		}
	}
	for i, r := range in.Roles {
		b.roleRelations(b.els[cRoles][i].(*tm.Role), &r)
	}
	for i, c := range in.Components {
		b.componentRelations(b.els[cComponents][i].(*tm.Component), &c)
	}
}

func (b *builder) roleRelations(rl *tm.Role, r *role) {
	for _, st := range r.Permissions {
		b.at(st.Off)
		if st.Effect == tm.Deny {
			rl.Deny(b.ref(st.Resource), st.Actions...)
		} else {
			rl.Allow(b.ref(st.Resource), st.Actions...)
		}
	}
	if len(r.CanAssume) > 0 {
		b.at(r.Offs[".canAssume"])
		rl.CanAssume(getAll[*tm.Role](b, cRoles, r.CanAssume)...)
	}
	if r.Trust != nil && len(r.Trust.Roles) > 0 {
		b.at(r.Trust.Off)
		rl.Trusts(getAll[*tm.Role](b, cRoles, r.Trust.Roles)...)
	}
}

func (b *builder) componentRelations(cp *tm.Component, c *component) {
	if len(c.RunsAs) > 0 {
		b.at(c.Offs[".runsAs"])
		cp.RunsAs(getAll[*tm.Role](b, cRoles, c.RunsAs)...)
	}
	if len(c.AuditedIn) > 0 {
		b.at(c.Offs[".auditedIn"])
		cp.AuditedIn(getAll[*tm.Component](b, cComponents, c.AuditedIn)...)
	}
	if len(c.DataEventsAuditedIn) > 0 {
		b.at(c.Offs[".dataEventsAuditedIn"])
		cp.DataEventsAuditedIn(getAll[*tm.Component](b, cComponents, c.DataEventsAuditedIn)...)
	}
	if len(c.SharesHostWith) > 0 {
		b.at(c.Offs[".sharesHostWith"])
		cp.SharesHostWith(getAll[*tm.Component](b, cComponents, c.SharesHostWith)...)
	}
	for _, st := range c.Policy {
		b.at(st.Off)
		p := b.get(cRoles, st.Principal).(*tm.Role)
		if st.Effect == tm.Deny {
			cp.Deny(p, st.Actions...)
		} else {
			cp.Allow(p, st.Actions...)
		}
	}
}
