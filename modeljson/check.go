package modeljson

import (
	"strconv"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// check indexes the declarations by name and resolves every reference,
// recording for each element the elements its declaration needs first.
func (d *decoder) check() {
	in := &d.in
	d.deps = map[id][]id{}
	for i, z := range in.Zones {
		d.x.add(cZones, z.Name, i)
	}
	for i, g := range in.Guardrails {
		d.x.add(cGuardrails, g.Name, i)
	}
	for i, r := range in.Roles {
		d.x.add(cRoles, r.Name, i)
	}
	for i, a := range in.Assets {
		d.x.add(cAssets, a.Name, i)
	}
	for i, c := range in.Components {
		d.x.add(cComponents, c.Name, i)
	}
	for i, f := range in.Flows {
		d.x.add(cFlows, f.Source+" → "+f.Destination+": "+f.Name, i)
	}
	for i, f := range in.Flows {
		if f.ID != "" {
			if _, dup := d.x.find(cFlows, f.ID); dup {
				d.r.fail(f.Path+".id", f.Offs[".id"], "expected an id no other flow has as id or key, got "+strconv.Quote(f.ID))
			}
			d.x.add(cFlows, f.ID, i)
		}
	}
	for i, s := range in.Secrets {
		d.x.add(cSecrets, s.Name, i)
	}
	for i, dep := range in.Dependencies {
		d.x.add(cDependencies, dep.Name, i)
	}
	for i, t := range in.Threats {
		d.x.add(cThreats, t.Title, i)
	}
	for i, mi := range in.Mitigations {
		d.x.add(cMitigations, mi.Title, i)
	}
	d.checkDeclarations()
	d.checkStatements()
}

func (d *decoder) checkDeclarations() {
	in := &d.in
	for i := range in.Zones {
		z, self := &in.Zones[i], id{cZones, i}
		if z.Inside != "" {
			d.resolve(&self, &z.meta, ".inside", cZones, z.Inside)
		}
		d.names(nil, &z.meta, ".guardrails", cGuardrails, z.Guardrails)
	}
	for i := range in.Roles {
		r, self := &in.Roles[i], id{cRoles, i}
		if r.PermissionBoundary != "" {
			d.resolve(&self, &r.meta, ".permissionBoundary", cGuardrails, r.PermissionBoundary)
		}
		d.names(nil, &r.meta, ".canAssume", cRoles, r.CanAssume)
		if r.Trust != nil {
			d.names(nil, &r.Trust.meta, ".roles", cRoles, r.Trust.Roles)
		}
	}
	for i := range in.Assets {
		a, self := &in.Assets[i], id{cAssets, i}
		if a.Represents != "" {
			d.resolveRef(&self, &a.meta, ".represents", a.Represents, false, everything...)
		}
	}
	for i := range in.Components {
		d.checkComponent(i)
	}
	for i := range in.Flows {
		d.checkFlow(i)
	}
	for i := range in.Secrets {
		s, self := &in.Secrets[i], id{cSecrets, i}
		if s.StoredIn != "" {
			d.resolve(&self, &s.meta, ".storedIn", cComponents, s.StoredIn)
		}
		d.names(&self, &s.meta, ".usedBy", cComponents, s.UsedBy)
		d.names(&self, &s.meta, ".grants", cRoles, s.Grants)
		d.refList(&self, &s.meta, ".opens", s.Opens, true, resources...)
		d.names(&self, &s.meta, ".authenticates", cFlows, s.Authenticates)
	}
	for i := range in.Dependencies {
		dep := &in.Dependencies[i]
		d.names(&id{cDependencies, i}, &dep.meta, ".usedBy", cComponents, dep.UsedBy)
	}
	for i := range in.Threats {
		t := &in.Threats[i]
		d.refList(&id{cThreats, i}, &t.meta, ".about", t.About, false, everything...)
	}
	for i := range in.Mitigations {
		mi, self := &in.Mitigations[i], id{cMitigations, i}
		d.refList(&self, &mi.meta, ".on", mi.On, false, cComponents, cFlows)
		d.names(&self, &mi.meta, ".covers", cComponents, mi.Covers)
	}
	for i := range in.Waivers {
		w := &in.Waivers[i]
		if w.Target != "" {
			d.resolveRef(nil, &w.meta, ".target", w.Target, false, everything...)
		}
	}
}

func (d *decoder) checkComponent(i int) {
	c, self := &d.in.Components[i], id{cComponents, i}
	switch c.Kind {
	case tm.ExternalEntity, tm.Process, tm.DataStore:
	default:
		d.r.fail(c.Path+".kind", c.Offs[".kind"], `expected "external-entity", "process" or "data-store", got "data-flow": a flow is declared in flows`)
	}
	d.resolve(&self, &c.meta, ".zone", cZones, c.Zone)
	d.names(&self, &c.meta, ".stores", cAssets, c.Stores)
	for j := range c.ControlsFor {
		cf := &c.ControlsFor[j]
		d.names(&self, &cf.meta, ".for", cComponents, cf.For)
	}
	d.names(nil, &c.meta, ".auditedIn", cComponents, c.AuditedIn)
	d.names(nil, &c.meta, ".dataEventsAuditedIn", cComponents, c.DataEventsAuditedIn)
	d.names(nil, &c.meta, ".runsAs", cRoles, c.RunsAs)
	d.names(nil, &c.meta, ".sharesHostWith", cComponents, c.SharesHostWith)
}

func (d *decoder) checkFlow(i int) {
	f, self := &d.in.Flows[i], id{cFlows, i}
	src, okSrc := d.resolve(&self, &f.meta, ".source", cComponents, f.Source)
	dst, okDst := d.resolve(&self, &f.meta, ".destination", cComponents, f.Destination)
	if f.ResponseTo != "" {
		req, ok := d.resolve(&self, &f.meta, ".responseTo", cFlows, f.ResponseTo)
		if ok && okSrc && okDst {
			r := d.in.Flows[req.i]
			rs, _ := d.x.find(cComponents, r.Source)
			rd, _ := d.x.find(cComponents, r.Destination)
			if rs != dst || rd != src {
				d.r.fail(f.Path+".responseTo", f.Offs[".responseTo"],
					"expected a request from "+strconv.Quote(f.Destination)+" to "+strconv.Quote(f.Source)+": a response goes back the way its request came, got "+strconv.Quote(f.ResponseTo))
			}
		}
	}
	d.names(&self, &f.meta, ".carries", cAssets, f.Carries)
	for j := range f.ControlsFor {
		cf := &f.ControlsFor[j]
		d.names(&self, &cf.meta, ".for", cComponents, cf.For)
	}
}

// checkStatements resolves the statements of roles, guardrails and
// resource policies.
func (d *decoder) checkStatements() {
	in := &d.in
	for i := range in.Roles {
		d.statements(in.Roles[i].Permissions, false)
	}
	for i := range in.Guardrails {
		d.statements(in.Guardrails[i].Statements, false)
	}
	for i := range in.Components {
		d.statements(in.Components[i].Policy, true)
	}
}

func (d *decoder) statements(sts []statement, policy bool) {
	for i := range sts {
		st := &sts[i]
		switch {
		case policy && st.Resource != "":
			d.r.fail(st.Path+".resource", st.Offs[".resource"], `expected "principal": a resource policy's statement names the role it applies to, not a resource`)
		case policy && st.Principal == "":
			d.r.fail(st.Path, st.Off, `missing field "principal": the role the statement applies to`)
		case policy:
			d.resolve(nil, &st.meta, ".principal", cRoles, st.Principal)
		case st.Principal != "":
			d.r.fail(st.Path+".principal", st.Offs[".principal"], `expected "resource": only a component's resource policy names a principal`)
		case st.Resource == "":
			d.r.fail(st.Path, st.Off, `missing field "resource": the element the statement applies to, or "*"`)
		default:
			d.resolveRef(nil, &st.meta, ".resource", st.Resource, true, resources...)
		}
	}
}
