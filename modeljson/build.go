package modeljson

import (
	"time"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// builder declares a checked document through the DSL. Every reference
// has been resolved and the order respects what each declaration needs, so
// nothing here fails; what the DSL itself finds wrong (an empty name, a
// duplicate) becomes a finding of the model, as for a model declared in Go.
type builder struct {
	*decoder
	els [nColls][]tm.Element
}

func (d *decoder) build(order []id) *tm.Model {
	in := &d.in
	m := tm.New(in.Name, tm.DeclaredAt(d.pos(in.Off)), tm.Description(in.Description), tm.Owner(in.Owner))
	d.tmm = m
	if c := in.ThreatContext; c != nil {
		d.at(c.Off)
		m.ThreatContext(c.Interest, c.WorstCase)
	}
	m.Scope(in.Scope...)
	m.Assume(in.Assumptions...)
	for _, o := range in.OutOfScope {
		d.at(o.Off)
		m.OutOfScope(o.Item, o.Reason)
	}
	b := &builder{decoder: d}
	for i, n := range d.lens() {
		b.els[i] = make([]tm.Element, n)
	}
	for _, el := range order {
		b.declare(el)
	}
	b.relations()
	for _, a := range in.Acceptances {
		d.at(a.Off)
		opts := []tm.AcceptanceOption{tm.Justification(a.Justification), tm.Owner(a.Owner)}
		if a.Expires != nil {
			opts = append(opts, tm.Expires(time.Time(*a.Expires)))
		}
		m.Accept(a.Threat, opts...)
	}
	for _, w := range in.Waivers {
		d.at(w.Off)
		if w.Target == "" {
			m.WaiveModel(w.Code, w.Reason)
		} else {
			m.Waive(w.Code, b.ref(w.Target), w.Reason)
		}
	}
	m.DeclareAt(tm.Pos{})
	return m
}

// get returns the declared element a name or key refers to.
func (b *builder) get(c coll, name string) tm.Element {
	el, _ := b.x.find(c, name)
	return b.els[c][el.i]
}

func (b *builder) ref(s string) tm.Element {
	c, name, _ := parseRef(s)
	if c == nColls {
		return tm.AnyResource()
	}
	return b.get(c, name)
}

func (b *builder) refs(list []string) []tm.Element {
	out := make([]tm.Element, len(list))
	for i, s := range list {
		out[i] = b.ref(s)
	}
	return out
}

func getAll[T tm.Element](b *builder, c coll, list []string) []T {
	out := make([]T, len(list))
	for i, n := range list {
		out[i] = b.get(c, n).(T)
	}
	return out
}

func (b *builder) component(name string) *tm.Component {
	return b.get(cComponents, name).(*tm.Component)
}

func (b *builder) declare(el id) {
	m, in := b.tmm, &b.in
	b.at(b.metaOf(el).Off)
	var out tm.Element
	switch el.c {
	case cZones:
		z := in.Zones[el.i]
		opts := []tm.ZoneOption{tm.Description(z.Description)}
		if z.Inside != "" {
			opts = append(opts, tm.Inside(b.get(cZones, z.Inside).(*tm.Zone)))
		}
		if z.ContainsBlastRadius {
			opts = append(opts, tm.ContainsBlastRadius())
		}
		out = m.Zone(z.Name, z.Trust, opts...)
	case cGuardrails:
		g := in.Guardrails[el.i]
		out = m.Guardrail(g.Name, tm.Description(g.Description), tm.Note(g.Note))
	case cRoles:
		out = b.role(&in.Roles[el.i])
	case cAssets:
		out = b.asset(&in.Assets[el.i])
	case cComponents:
		out = b.declareComponent(&in.Components[el.i])
	case cFlows:
		out = b.flow(&in.Flows[el.i])
	case cSecrets:
		out = b.secret(&in.Secrets[el.i])
	case cDependencies:
		d := in.Dependencies[el.i]
		opts := []tm.DependencyOption{tm.Description(d.Description), tm.Verified(d.Verification), tm.Risk(d.Risk),
			tm.MitigatedBy(d.MitigatedBy), tm.UsedBy(getAll[*tm.Component](b, cComponents, d.UsedBy)...)}
		if d.Pinning != 0 {
			opts = append(opts, tm.Pinned(d.Pinning, d.Ref))
		}
		out = m.Dependency(d.Name, d.Kind, opts...)
	case cThreats:
		out = b.threat(&in.Threats[el.i])
	case cMitigations:
		mi := in.Mitigations[el.i]
		impls, proofs := decodeBacking(mi.ImplementedBy, mi.ProvedBy)
		opts := []tm.MitigationOption{tm.Description(mi.Description), tm.Implements(mi.Implements...),
			tm.On(b.refs(mi.On)...), tm.Covers(getAll[*tm.Component](b, cComponents, mi.Covers)...),
			tm.Addresses(mi.Addresses...)}
		if len(impls) > 0 {
			opts = append(opts, tm.ImplementedAt(impls...))
		}
		if len(proofs) > 0 {
			opts = append(opts, tm.ProvedBy(proofs...))
		}
		out = m.Mitigation(mi.Title, opts...)
	}
	b.els[el.c][el.i] = out
}

func (b *builder) role(r *role) *tm.Role {
	opts := []tm.RoleOption{tm.Description(r.Description), tm.MitigatedBy(r.MitigatedBy)}
	if r.PermissionBoundary != "" {
		opts = append(opts, tm.WithPermissionBoundary(b.get(cGuardrails, r.PermissionBoundary).(*tm.Guardrail)))
	}
	if r.Trust != nil {
		opts = append(opts, tm.TrustsServices(r.Trust.Services...))
	}
	return b.tmm.Role(r.Name, opts...)
}

func (b *builder) asset(a *asset) *tm.Asset {
	opts := []tm.AssetOption{tm.Description(a.Description)}
	if a.Value != 0 {
		opts = append(opts, tm.Value(a.Value))
	}
	if a.RiskLevel != 0 {
		opts = append(opts, tm.RiskLevel(a.RiskLevel))
	}
	if a.Classification != 0 {
		opts = append(opts, tm.Classified(a.Classification))
	}
	if a.PII {
		opts = append(opts, tm.PII())
	}
	if a.Represents != "" {
		opts = append(opts, tm.Represents(b.ref(a.Represents)))
	}
	if l := a.Lifecycle; l != nil {
		opts = append(opts, tm.Lifecycle(tm.DataLifecycle{AtRest: l.AtRest, Encrypted: l.Encrypted, InTransit: l.InTransit,
			TransitEncryption: l.TransitEncryption, Deletion: l.Deletion, Retention: time.Duration(l.Retention),
			AccessControl: l.AccessControl}))
	}
	return b.tmm.Asset(a.Name, a.Kind, opts...)
}

func (b *builder) declareComponent(c *component) *tm.Component {
	opts := []tm.ComponentOption{tm.Description(c.Description), tm.Technology(c.Technology)}
	add := func(ok bool, o tm.ComponentOption) {
		if ok {
			opts = append(opts, o)
		}
	}
	add(len(c.Types) > 0, tm.Is(c.Types...))
	add(c.Infrastructure, tm.Infrastructure())
	add(c.ProviderManaged, tm.ProviderManaged())
	add(c.NotInScope != "", tm.NotInScope(c.NotInScope))
	add(c.RunBy != "", tm.RunBy(c.RunBy))
	add(c.BilledPerRequest, tm.BilledPerRequest())
	add(len(c.Accepts) > 0, tm.Accepts(c.Accepts...))
	add(c.HoldsAuditLogs, tm.HoldsAuditLogs())
	add(len(c.Stores) > 0, tm.Stores(getAll[*tm.Asset](b, cAssets, c.Stores)...))
	add(len(c.Controls) > 0, tm.Controls(c.Controls...))
	for i := range c.ControlsFor {
		opts = append(opts, b.controlsFor(&c.ControlsFor[i]))
	}
	for _, e := range c.ErrorHandling {
		opts = append(opts, tm.ErrorHandling(e.Risk, e.Mitigation))
	}
	for _, e := range c.Runtime {
		opts = append(opts, tm.Runtime(e.Risk, e.Mitigation))
	}
	z := b.get(cZones, c.Zone).(*tm.Zone)
	switch c.Kind {
	case tm.ExternalEntity:
		return b.tmm.ExternalEntity(c.Name, z, opts...)
	case tm.DataStore:
		return b.tmm.DataStore(c.Name, z, opts...)
	}
	return b.tmm.Process(c.Name, z, opts...)
}

func (b *builder) flow(f *flow) *tm.Flow {
	opts := []tm.FlowOption{tm.Description(f.Description)}
	add := func(ok bool, o tm.FlowOption) {
		if ok {
			opts = append(opts, o)
		}
	}
	add(f.Protocol != 0, tm.Over(f.Protocol, f.Port))
	add(f.Encryption != 0, tm.Encrypted(f.Encryption))
	add(f.Authentication != 0, tm.AuthN(f.Authentication))
	add(f.Authorization != 0, tm.AuthZ(f.Authorization))
	add(f.Identity != 0, tm.Identity(f.Identity))
	add(f.Deploys, tm.Deploys())
	add(len(f.Formats) > 0, tm.Encoded(f.Formats...))
	add(len(f.Carries) > 0, tm.Carries(getAll[*tm.Asset](b, cAssets, f.Carries)...))
	add(len(f.Controls) > 0, tm.Controls(f.Controls...))
	for i := range f.ControlsFor {
		opts = append(opts, b.controlsFor(&f.ControlsFor[i]))
	}
	if f.ResponseTo != "" {
		return b.tmm.Response(b.get(cFlows, f.ResponseTo).(*tm.Flow), f.Name, opts...)
	}
	return b.tmm.Flow(b.component(f.Source), b.component(f.Destination), f.Name, opts...)
}

func (b *builder) secret(s *secret) *tm.Secret {
	opts := []tm.SecretOption{tm.Description(s.Description), tm.Provisioned(s.Provisioned), tm.BlastRadius(s.BlastRadius)}
	add := func(ok bool, o tm.SecretOption) {
		if ok {
			opts = append(opts, o)
		}
	}
	add(s.Storage != 0, tm.Stored(s.Storage))
	if s.StoredIn != "" {
		opts = append(opts, tm.StoredIn(b.component(s.StoredIn)))
	}
	if r := s.Rotation; r != nil {
		opts = append(opts, tm.Rotated(tm.Rotation{Every: time.Duration(r.Every), Automated: r.Automated, Never: r.Never}))
	}
	add(len(s.UsedBy) > 0, tm.UsedBy(getAll[*tm.Component](b, cComponents, s.UsedBy)...))
	add(len(s.Grants) > 0, tm.Grants(getAll[*tm.Role](b, cRoles, s.Grants)...))
	add(len(s.Opens) > 0, tm.Opens(b.refs(s.Opens)...))
	add(len(s.Authenticates) > 0, tm.Authenticates(getAll[*tm.Flow](b, cFlows, s.Authenticates)...))
	return b.tmm.Secret(s.Name, opts...)
}

func (b *builder) threat(t *threat) *tm.Threat {
	opts := []tm.ThreatOption{tm.Description(t.Description), tm.MitigatedBy(t.MitigatedBy)}
	if len(t.About) > 0 {
		opts = append(opts, tm.About(b.refs(t.About)...))
	}
	if t.Impact != 0 {
		opts = append(opts, tm.Impact(t.Impact))
	}
	if t.Likelihood != 0 {
		opts = append(opts, tm.Likelihood(t.Likelihood))
	}
	if len(t.AttackPaths) > 0 {
		opts = append(opts, tm.AttackPaths(t.AttackPaths...))
	}
	return b.tmm.Threat(t.Title, t.Category, opts...)
}

// controlsFor builds the Controls option of a group: its principals, the
// code that implements it and its proofs.
func (b *builder) controlsFor(cf *controlsFor) tm.ControlsOption {
	co := tm.Controls(cf.Controls...)
	if len(cf.For) > 0 {
		co = co.For(getAll[*tm.Component](b, cComponents, cf.For)...)
	}
	impls, proofs := decodeBacking(cf.ImplementedBy, cf.ProvedBy)
	if len(impls) > 0 {
		co = co.ImplementedAt(impls...)
	}
	if len(proofs) > 0 {
		co = co.ProvedBy(proofs...)
	}
	return co
}
