package threatmodel_test

import (
	"cmp"
	"errors"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// program drives the DSL from fuzz input: each byte of ops is a
// declaration, and its arguments are read from args in turn (cycling).
// Handles come from the model under test, from a foreign model, or are nil;
// names, enum values, ports and durations are arbitrary.
type program struct {
	m, other *tm.Model
	ops      []byte
	args     []byte
	argi     int
	names    []string
	port     int
	dur      time.Duration

	zones      []*tm.Zone
	comps      []*tm.Component
	flows      []*tm.Flow
	assets     []*tm.Asset
	roles      []*tm.Role
	threats    []*tm.Threat
	foreign    foreignHandles
	secrets    []*tm.Secret
	mitigation []*tm.Mitigation
}

type foreignHandles struct {
	zones  []*tm.Zone
	comps  []*tm.Component
	flows  []*tm.Flow
	assets []*tm.Asset
	roles  []*tm.Role
}

// next returns the next argument byte.
func (p *program) next() byte {
	if len(p.args) == 0 {
		return 0
	}
	b := p.args[p.argi%len(p.args)]
	p.argi++
	return b
}

// pick returns one of own, one of foreign, or the zero value (nil).
func pick[T any](b byte, own, foreign []T) T {
	var zero T
	i := int(b) % (len(own) + len(foreign) + 1)
	switch {
	case i < len(own):
		return own[i]
	case i < len(own)+len(foreign):
		return foreign[i-len(own)]
	}
	return zero
}

func (p *program) name() string { return p.names[int(p.next())%len(p.names)] }
func (p *program) zone() *tm.Zone {
	return pick(p.next(), p.zones, p.foreign.zones)
}
func (p *program) comp() *tm.Component {
	return pick(p.next(), p.comps, p.foreign.comps)
}
func (p *program) flow() *tm.Flow { return pick(p.next(), p.flows, p.foreign.flows) }
func (p *program) asset() *tm.Asset {
	return pick(p.next(), p.assets, p.foreign.assets)
}
func (p *program) role() *tm.Role { return pick(p.next(), p.roles, p.foreign.roles) }

// element returns any handle, the wildcard resource, or a nil of some type.
func (p *program) element() tm.Element {
	switch p.next() % 12 {
	case 0:
		return p.zone()
	case 1:
		return p.comp()
	case 2:
		return p.flow()
	case 3:
		return p.asset()
	case 4:
		return p.role()
	case 5:
		return pick(p.next(), p.threats, nil)
	case 6:
		return pick(p.next(), p.secrets, nil)
	case 7:
		return pick(p.next(), p.mitigation, nil)
	case 8:
		return tm.AnyResource()
	case 9:
		return nil
	case 10:
		return (*tm.Component)(nil)
	}
	return (*tm.Role)(nil)
}

// opts keeps the options whose bit is set in a mask byte.
func opts[O any](mask byte, all ...func() O) []O {
	var out []O
	for i, o := range all {
		if mask&(1<<(i%8)) != 0 {
			out = append(out, o())
		}
	}
	return out
}

func (p *program) componentOpts() []tm.ComponentOption {
	mask, mask2 := p.next(), p.next()
	out := opts(mask,
		func() tm.ComponentOption { return tm.Is(tm.ComponentType(p.next())) },
		func() tm.ComponentOption { return tm.Technology(p.name()) },
		func() tm.ComponentOption { return tm.Description(p.name()) },
		func() tm.ComponentOption { return tm.Infrastructure() },
		func() tm.ComponentOption { return tm.Stores(p.asset(), p.asset()) },
		func() tm.ComponentOption { return tm.ErrorHandling(p.name(), p.name()) },
		func() tm.ComponentOption { return tm.Runtime(p.name(), p.name()) },
		func() tm.ComponentOption { return tm.Controls(tm.Control(p.next()), tm.Control(p.next())) },
	)
	return append(out, opts(mask2,
		func() tm.ComponentOption { return tm.NotInScope(p.name()) },
		func() tm.ComponentOption { return tm.HoldsAuditLogs() },
		func() tm.ComponentOption { return nil },
		func() tm.ComponentOption { return tm.Accepts(tm.Format(p.next()), tm.Format(p.next())) },
	)...)
}

func (p *program) flowOpts() []tm.FlowOption {
	return opts(p.next(),
		func() tm.FlowOption { return tm.Over(tm.Protocol(p.next()), p.port) },
		func() tm.FlowOption { return tm.Encrypted(tm.Encryption(p.next())) },
		func() tm.FlowOption { return tm.AuthN(tm.AuthScheme(p.next())) },
		func() tm.FlowOption { return tm.AuthZ(tm.AuthzScheme(p.next())) },
		func() tm.FlowOption { return tm.Carries(p.asset()) },
		func() tm.FlowOption { return tm.Controls(tm.Control(p.next())) },
		func() tm.FlowOption { return tm.Description(p.name()) },
		func() tm.FlowOption { return nil },
		func() tm.FlowOption { return tm.Encoded(tm.Format(p.next())) }, // shares its bit with Over
	)
}

func (p *program) assetOpts() []tm.AssetOption {
	return opts(p.next(),
		func() tm.AssetOption { return tm.Value(tm.Level(p.next())) },
		func() tm.AssetOption { return tm.RiskLevel(tm.Criticality(p.next())) },
		func() tm.AssetOption { return tm.Classified(tm.Classification(p.next())) },
		func() tm.AssetOption { return tm.PII() },
		func() tm.AssetOption { return tm.Represents(p.element()) },
		func() tm.AssetOption {
			return tm.Lifecycle(tm.DataLifecycle{
				AtRest: p.name(), Encrypted: tm.AtRestEncryption(p.next()), InTransit: p.name(),
				Deletion: p.name(), Retention: p.dur, AccessControl: p.name(),
			})
		},
		func() tm.AssetOption { return tm.Description(p.name()) },
		func() tm.AssetOption { return nil },
	)
}

func (p *program) secretOpts() []tm.SecretOption {
	return opts(p.next(),
		func() tm.SecretOption { return tm.Provisioned(p.name()) },
		func() tm.SecretOption { return tm.Stored(tm.SecretStorage(p.next())) },
		func() tm.SecretOption { return tm.StoredIn(p.comp()) },
		func() tm.SecretOption {
			b := p.next()
			return tm.Rotated(tm.Rotation{Every: p.dur, Automated: b&1 != 0, Never: b&2 != 0})
		},
		func() tm.SecretOption { return tm.UsedBy(p.comp()) },
		func() tm.SecretOption { return tm.Grants(p.role()) },
		func() tm.SecretOption { return tm.Opens(p.element()) },
		func() tm.SecretOption { return tm.BlastRadius(p.name()) },
	)
}

func (p *program) threatOpts() []tm.ThreatOption {
	return opts(p.next(),
		func() tm.ThreatOption { return tm.About(p.element()) },
		func() tm.ThreatOption { return tm.Impact(tm.Level(p.next())) },
		func() tm.ThreatOption { return tm.Likelihood(tm.Level(p.next())) },
		func() tm.ThreatOption { return tm.AttackPaths(p.name()) },
		func() tm.ThreatOption { return tm.MitigatedBy(p.name()) },
		func() tm.ThreatOption { return tm.Description(p.name()) },
		func() tm.ThreatOption { return nil },
	)
}

func (p *program) threatID() string {
	if t := pick(p.next(), p.threats, nil); t != nil {
		return t.ID()
	}
	return p.name()
}

func (p *program) run() {
	m := p.m
	for _, op := range p.ops {
		switch op % 20 {
		case 0:
			zo := opts(p.next(),
				func() tm.ZoneOption { return tm.Inside(p.zone()) },
				func() tm.ZoneOption { return tm.ContainsBlastRadius() },
				func() tm.ZoneOption { return tm.Description(p.name()) },
				func() tm.ZoneOption { return tm.Inside(p.zone()) },
				func() tm.ZoneOption { return nil },
			)
			p.zones = append(p.zones, m.Zone(p.name(), tm.Trust(p.next()), zo...))
		case 1:
			p.comps = append(p.comps, m.ExternalEntity(p.name(), p.zone(), p.componentOpts()...))
		case 2:
			p.comps = append(p.comps, m.Process(p.name(), p.zone(), p.componentOpts()...))
		case 3:
			p.comps = append(p.comps, m.DataStore(p.name(), p.zone(), p.componentOpts()...))
		case 4:
			p.flows = append(p.flows, m.Flow(p.comp(), p.comp(), p.name(), p.flowOpts()...))
		case 5:
			p.flows = append(p.flows, m.Response(p.flow(), p.name(), p.flowOpts()...))
		case 6:
			p.assets = append(p.assets, m.DataAsset(p.name(), p.assetOpts()...))
		case 7:
			p.assets = append(p.assets, m.Asset(p.name(), tm.AssetKind(p.next()), p.assetOpts()...))
		case 8:
			ro := opts(p.next(),
				func() tm.RoleOption {
					g := m.Guardrail(p.name(), tm.Note(p.name()))
					g.Deny(p.element(), p.name())
					return tm.WithPermissionBoundary(g)
				},
				func() tm.RoleOption { return tm.MitigatedBy(p.name()) },
				func() tm.RoleOption { return tm.Description(p.name()) },
				func() tm.RoleOption { return nil },
			)
			p.roles = append(p.roles, m.Role(p.name(), ro...))
		case 9:
			r, el := p.role(), p.element()
			if p.next()&1 == 0 {
				r.Allow(el, p.name(), p.name())
			} else {
				r.Deny(el)
			}
		case 10:
			p.comp().RunsAs(p.role(), p.role())
		case 11:
			p.role().CanAssume(p.role())
		case 12:
			p.secrets = append(p.secrets, m.Secret(p.name(), p.secretOpts()...))
		case 13:
			do := opts(p.next(),
				func() tm.DependencyOption { return tm.Pinned(tm.Pinning(p.next()), p.name()) },
				func() tm.DependencyOption { return tm.Verified(p.name()) },
				func() tm.DependencyOption { return tm.Risk(p.name()) },
				func() tm.DependencyOption { return tm.MitigatedBy(p.name()) },
				func() tm.DependencyOption { return tm.UsedBy(p.comp()) },
				func() tm.DependencyOption { return nil },
			)
			m.Dependency(p.name(), tm.DependencyKind(p.next()), do...)
		case 14:
			p.threats = append(p.threats, m.Threat(p.name(), tm.Category(p.next()), p.threatOpts()...))
		case 15:
			mo := opts(p.next(),
				func() tm.MitigationOption { return tm.Implements(tm.Control(p.next())) },
				func() tm.MitigationOption { return tm.On(p.element(), p.element()) },
				func() tm.MitigationOption { return tm.Addresses(p.threatID()) },
				func() tm.MitigationOption { return tm.Description(p.name()) },
				func() tm.MitigationOption { return nil },
			)
			p.mitigation = append(p.mitigation, m.Mitigation(p.name(), mo...))
		case 16:
			ao := opts(p.next(),
				func() tm.AcceptanceOption { return tm.Justification(p.name()) },
				func() tm.AcceptanceOption { return tm.Owner(p.name()) },
				func() tm.AcceptanceOption { return tm.Expires(time.Unix(int64(p.dur), 0)) },
				func() tm.AcceptanceOption { return nil },
			)
			m.Accept(p.threatID(), ao...)
		case 17:
			codes := tm.CodeInfos()
			code := tm.Code(p.name())
			if b := p.next(); int(b) < len(codes) {
				code = codes[b].Code
			}
			m.Waive(code, p.element(), p.name())
		case 18:
			m.ThreatContext(p.name(), p.name())
			m.Scope(p.name())
			m.Assume(p.name())
			m.OutOfScope(p.name(), p.name())
		case 19:
			// Read the model back mid-way: findings must not change it.
			_ = m.Findings()
		}
	}
}

// checkModel asserts what must hold of any model, however it was declared.
func checkModel(t *testing.T, m *tm.Model) {
	t.Helper()
	first, second := m.Findings(), m.Findings()
	if diff := gocmp.Diff(findingValues(first), findingValues(second)); diff != "" {
		t.Fatalf("Findings() is not deterministic (-first +second):\n%s", diff)
	}
	byOrder := func(a, b *tm.Finding) int {
		return cmp.Or(cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Path, b.Path), cmp.Compare(a.Code, b.Code), cmp.Compare(a.Message, b.Message))
	}
	if !slices.IsSortedFunc(first, byOrder) {
		t.Errorf("Findings() is not sorted: %v", keysInOrder(first))
	}
	blocking := 0
	for i, f := range first {
		if i > 0 && byOrder(first[i-1], f) == 0 {
			t.Errorf("duplicate finding %s %s", f.Code, f.Path)
		}
		if f.Severity == 0 || f.Severity != f.Code.Severity() {
			t.Errorf("%s %s has severity %v, want %v", f.Code, f.Path, f.Severity, f.Code.Severity())
		}
		if f.Path == "" || f.Message == "" || f.Error() == "" {
			t.Errorf("%s has an empty path or message", f.Code)
		}
		if f.Severity != tm.SeverityWarning {
			blocking++
		}
	}
	err := m.Validate()
	switch {
	case blocking == 0 && err != nil:
		t.Errorf("Validate() = %v with no blocking finding", err)
	case blocking > 0:
		var f *tm.Finding
		if !errors.As(err, &f) {
			t.Errorf("Validate() = %v, want %d findings", err, blocking)
		} else if n := len(err.(interface{ Unwrap() []error }).Unwrap()); n != blocking {
			t.Errorf("Validate() joins %d findings, want %d", n, blocking)
		}
	}
	for _, fl := range m.Flows() {
		c := fl.Crossing()
		if c.From == nil || c.To == nil {
			if c.Crosses() {
				t.Errorf("%s crosses without zones at both ends", fl.Path())
			}
			continue
		}
		if c.Crosses() != (c.From != c.To) {
			t.Errorf("%s: Crosses() = %v between %s and %s", fl.Path(), c.Crosses(), c.From.Path(), c.To.Path())
		}
		for _, z := range c.Exits {
			if !c.From.Within(z) || c.To.Within(z) {
				t.Errorf("%s exits %s, which does not hold the source only", fl.Path(), z.Path())
			}
		}
		for _, z := range c.Enters {
			if !c.To.Within(z) || c.From.Within(z) {
				t.Errorf("%s enters %s, which does not hold the destination only", fl.Path(), z.Path())
			}
		}
	}
}

// seedOps declares each kind of element twice, in an order where later
// declarations can refer to earlier ones.
func seedOps() []byte {
	var b []byte
	for range 2 {
		for op := byte(0); op < 20; op++ {
			b = append(b, op)
		}
	}
	return b
}

// seedArgs sets every option bit and picks own, foreign and nil handles in
// turn.
var seedArgs = []byte{0xff, 0, 1, 2, 3, 4, 5, 0xff, 6, 7, 8, 9, 10, 11, 0x0f, 0xf0}

func FuzzDeclare(f *testing.F) {
	f.Add("Orders API", "Other", seedOps(), seedArgs, 443, int64(time.Hour))
	f.Add("", " ", seedOps(), []byte{0}, -1, int64(-1))
	f.Add("a\x00b", "\"quoted\\\"", seedOps(), []byte{0xff, 0xfe, 0xfd, 200, 100, 50}, 70000, int64(0))
	f.Add("Zones", "Nested", []byte{0, 0, 0, 0, 2, 2, 3, 3, 4, 4, 4, 5, 5}, []byte{1, 0, 2, 1, 3, 0xff, 1, 2}, 8443, int64(24*time.Hour))
	f.Add("Waivers", "x", []byte{2, 17, 17, 17, 19, 17}, []byte{0xff, 3, 50, 1, 0}, 0, int64(time.Minute))
	f.Add("Lots", "of", append(seedOps(), seedOps()...), []byte{7, 13, 0xaa, 0x55}, 65535, int64(90*24*time.Hour))
	f.Fuzz(func(t *testing.T, name, otherName string, ops, args []byte, port int, dur int64) {
		if len(ops) > 1024 {
			ops = ops[:1024]
		}
		other := tm.New(otherName)
		oz := other.Zone(otherName, tm.Trusted)
		oc := other.Process("foreign process", oz)
		od := other.DataStore("foreign store", oz)
		p := &program{
			m:     tm.New(name, tm.Owner(otherName), tm.Description(name)),
			other: other,
			ops:   ops,
			args:  args,
			names: []string{name, otherName, "", " ", "a\nb", name + "/" + otherName, "dynamodb:GetItem", "*"},
			port:  port,
			dur:   time.Duration(dur),
			foreign: foreignHandles{
				zones:  []*tm.Zone{oz},
				comps:  []*tm.Component{oc, od},
				flows:  []*tm.Flow{other.Flow(oc, od, "foreign flow")},
				assets: []*tm.Asset{other.DataAsset("foreign asset")},
				roles:  []*tm.Role{other.Role("foreign role")},
			},
		}
		p.run()
		checkModel(t, p.m)
		checkModel(t, other)
	})
}

// TestSeedProgram checks that the main seed reaches every kind of
// declaration, so that the seed corpus run by plain go test exercises the
// whole DSL.
func TestSeedProgram(t *testing.T) {
	other := tm.New("Other")
	p := &program{
		m: tm.New("Seed"), other: other, ops: seedOps(), args: seedArgs,
		names: []string{"a", "b", ""}, port: 443, dur: time.Hour,
	}
	p.run()
	m := p.m
	counts := map[string]int{
		"zones": len(m.Zones()), "components": len(m.Components()), "flows": len(m.Flows()),
		"assets": len(m.Assets()), "roles": len(m.Roles()), "secrets": len(m.Secrets()),
		"dependencies": len(m.Dependencies()), "threats": len(m.Threats()), "mitigations": len(m.Mitigations()),
		"acceptances": len(m.Acceptances()), "waivers": len(m.Waivers()), "out of scope": len(m.OutOfScopeItems()),
	}
	for what, n := range counts {
		if n == 0 {
			t.Errorf("the seed program declares no %s", what)
		}
	}
	checkModel(t, m)
}
