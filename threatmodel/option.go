package threatmodel

import (
	"slices"
	"time"
)

// Option interfaces. Each declaration takes the options that make sense for
// it; an option that fits several (Description) implements several. The
// interfaces are sealed: only this package provides options.
type (
	// ModelOption configures New.
	ModelOption interface{ applyModel(*Model) }
	// ZoneOption configures Model.Zone.
	ZoneOption interface{ applyZone(*Zone) }
	// ComponentOption configures ExternalEntity, Process and DataStore.
	ComponentOption interface{ applyComponent(*Component) }
	// FlowOption configures Flow and Response.
	FlowOption interface{ applyFlow(*Flow) }
	// AssetOption configures DataAsset and Asset.
	AssetOption interface{ applyAsset(*Asset) }
	// RoleOption configures Role.
	RoleOption interface{ applyRole(*Role) }
	// SecretOption configures Secret.
	SecretOption interface{ applySecret(*Secret) }
	// DependencyOption configures Dependency.
	DependencyOption interface{ applyDependency(*Dependency) }
	// ThreatOption configures Threat.
	ThreatOption interface{ applyThreat(*Threat) }
	// MitigationOption configures Mitigation.
	MitigationOption interface{ applyMitigation(*Mitigation) }
	// AcceptanceOption configures Accept.
	AcceptanceOption interface{ applyAcceptance(*Acceptance) }
)

// DescriptionOption is returned by Description; it applies to every kind of
// declaration.
type DescriptionOption struct{ text string }

// Description describes the model or an element in prose.
func Description(text string) DescriptionOption { return DescriptionOption{text} }

func (o DescriptionOption) applyModel(m *Model)           { m.desc = o.text }
func (o DescriptionOption) applyZone(z *Zone)             { z.desc = o.text }
func (o DescriptionOption) applyComponent(c *Component)   { c.desc = o.text }
func (o DescriptionOption) applyFlow(f *Flow)             { f.desc = o.text }
func (o DescriptionOption) applyAsset(a *Asset)           { a.desc = o.text }
func (o DescriptionOption) applyRole(r *Role)             { r.desc = o.text }
func (o DescriptionOption) applySecret(s *Secret)         { s.desc = o.text }
func (o DescriptionOption) applyDependency(d *Dependency) { d.desc = o.text }
func (o DescriptionOption) applyThreat(t *Threat)         { t.desc = o.text }
func (o DescriptionOption) applyMitigation(m *Mitigation) { m.desc = o.text }

// OwnerOption is returned by Owner.
type OwnerOption struct{ owner string }

// Owner names the team or person who owns the model or an accepted risk.
func Owner(name string) OwnerOption { return OwnerOption{name} }

func (o OwnerOption) applyModel(m *Model)           { m.owner = o.owner }
func (o OwnerOption) applyAcceptance(a *Acceptance) { a.owner = o.owner }

// MitigatedByOption is returned by MitigatedBy.
type MitigatedByOption struct{ text string }

// MitigatedBy states, in words, what mitigates a hand-written threat, a
// dependency's risk, or a role's blast radius.
func MitigatedBy(text string) MitigatedByOption { return MitigatedByOption{text} }

func (o MitigatedByOption) applyThreat(t *Threat)         { t.mitigation = o.text }
func (o MitigatedByOption) applyDependency(d *Dependency) { d.mitigation = o.text }
func (o MitigatedByOption) applyRole(r *Role)             { r.mitigation = o.text }

// UsedByOption is returned by UsedBy.
type UsedByOption struct{ components []*Component }

// UsedBy names the components that use a secret or are built from a
// dependency.
func UsedBy(components ...*Component) UsedByOption { return UsedByOption{components} }

func (o UsedByOption) applySecret(s *Secret) {
	for _, c := range o.components {
		if s.m.owns(c, s, ".usedBy", s.at, "component") {
			s.usedBy = append(s.usedBy, c)
		}
	}
}

func (o UsedByOption) applyDependency(d *Dependency) {
	for _, c := range o.components {
		if d.m.owns(c, d, ".usedBy", d.at, "component") {
			d.usedBy = append(d.usedBy, c)
		}
	}
}

// ControlsOption is returned by Controls.
type ControlsOption struct {
	controls []Control
	for_     []*Component
	backing  backingOption
}

// Controls puts security controls on a component or a flow. Add For to
// limit them to requests from some principals.
func Controls(controls ...Control) ControlsOption { return ControlsOption{controls: controls} }

// add validates the controls and records them in set (when they cover every
// caller) and in src, with where they come from. Findings are recorded at
// subject's path, built only then.
func (o ControlsOption) add(set *controlSet, src *[]ControlSource, m *Model, at site, subject Element) {
	var scope []*Component
	for _, p := range o.for_ {
		if m.owns(p, subject, ".controls.for", at, "principal") {
			scope = append(scope, p)
		}
	}
	if len(o.for_) > 0 && len(scope) == 0 {
		return // every principal was bad, and reported: cover nobody rather than everybody
	}
	var b Backing
	b.add(o.backing, m, ".controls", at, subject)
	if src != nil {
		*src = slices.Grow(*src, len(o.controls))
	}
	for _, c := range o.controls {
		if c == 0 || !controlNames.valid(uint8(c)) {
			m.record(CodeInvalidValue, subject.Path()+".controls", at, subject, "control "+c.String()+" is not a valid Control")
			continue
		}
		if len(scope) == 0 {
			set.add(c)
		}
		if src != nil {
			*src = append(*src, ControlSource{Control: c, For: scope, Backing: b, at: at})
		}
	}
}

func (o ControlsOption) applyComponent(c *Component) {
	o.add(&c.controls, &c.controlSrc, c.m, c.at, c)
}
func (o ControlsOption) applyFlow(f *Flow) { o.add(&f.controls, &f.controlSrc, f.m, f.at, f) }

type zoneFunc func(*Zone)

func (f zoneFunc) applyZone(z *Zone) { f(z) }

// Inside nests a zone in a parent zone.
func Inside(parent *Zone) ZoneOption {
	return zoneFunc(func(z *Zone) {
		if z.m.owns(parent, z, ".parent", z.at, "parent zone") {
			if z.parent != nil {
				z.m.record(CodeInvalidValue, z.Path()+".parent", z.at, z,
					"the zone is already inside "+z.parent.Path()+": a zone has one parent")
				return
			}
			z.parent = parent
			z.depth = parent.depth + 1
			parent.children = append(parent.children, z)
		}
	})
}

// ContainsBlastRadius marks a zone as a boundary that contains the blast
// radius of a compromise inside it, such as a cloud account.
func ContainsBlastRadius() ZoneOption { return zoneFunc(func(z *Zone) { z.blastRadius = true }) }

type componentFunc func(*Component)

func (f componentFunc) applyComponent(c *Component) { f(c) }

// Is states the component's types.
// A component may be of several types: a Deployment is both a Service and a
// Container. The first valid type is the one Type returns.
func Is(types ...ComponentType) ComponentOption {
	if len(types) == 1 {
		return isOne(types[0])
	}
	own := clone(types) // the option keeps its own copy, so the caller's need not escape
	return componentFunc(func(c *Component) { setTypes(c, own) })
}

// isOne is Is of one type: a one-byte value in an interface costs no
// allocation.
type isOne ComponentType

func (o isOne) applyComponent(c *Component) { setTypes(c, []ComponentType{ComponentType(o)}) }

func setTypes(c *Component, types []ComponentType) {
	for _, t := range types {
		if t == 0 || !componentTypeNames.valid(uint8(t)) {
			c.m.record(CodeInvalidValue, c.Path()+".type", c.at, c, "component type "+t.String()+" is not a valid ComponentType")
			continue
		}
		if c.typ == 0 {
			c.typ = t
		}
		c.types |= 1 << t
	}
}

// Technology states what the component is built with, for example "AWS
// Lambda, Node.js 20".
func Technology(text string) ComponentOption {
	return componentFunc(func(c *Component) { c.technology = text })
}

// Infrastructure marks the component as infrastructure rather than
// application code. The third gate question compares the two.
func Infrastructure() ComponentOption {
	return componentFunc(func(c *Component) { c.infrastructure = true })
}

// ProviderManaged marks the component as a service its provider operates: a
// cloud provider's or a SaaS vendor's API (IAM and STS, a managed secrets
// store, a hosted source repository or registry). Under the shared
// responsibility model the provider runs its code, hosts and capacity; the
// model's owner configures it and calls it. The analysis therefore derives
// no threat about the provider's internals (its code altered, its process
// crashed, its capacity flooded, the channel to it interrupted) and keeps
// every threat about the owner's use of it: the credentials and
// permissions that reach it, what is sent to it and what is trusted from
// it, its configuration.
func ProviderManaged() ComponentOption {
	return componentFunc(func(c *Component) { c.providerManaged = true })
}

// NotInScope takes the component out of the analysis, with the reason.
func NotInScope(reason string) ComponentOption {
	return componentFunc(func(c *Component) {
		c.outOfScope = reason
		if blank(reason) {
			c.m.record(CodeNoOutOfScopeReason, c.Path()+".outOfScope", c.at, c, "say why the component is out of scope")
			c.outOfScope = "(no reason given)"
		}
	})
}

// Stores records that the component holds the assets.
func Stores(assets ...*Asset) ComponentOption {
	if len(assets) == 1 {
		return storesOne{assets[0]}
	}
	own := clone(assets) // the option keeps its own copy, so the caller's need not escape
	return componentFunc(func(c *Component) { store(c, own) })
}

// storesOne is Stores of one asset, without an allocation (see carriesOne).
type storesOne struct{ a *Asset }

func (o storesOne) applyComponent(c *Component) { store(c, []*Asset{o.a}) }

func store(c *Component, assets []*Asset) {
	for _, a := range assets {
		if c.m.owns(a, c, ".stores", c.at, "asset") {
			c.stores = append(c.stores, a)
			a.storedIn = append(a.storedIn, c)
		}
	}
}

// HoldsAuditLogs marks a data store as holding audit logs, which makes
// Repudiation apply to it.
func HoldsAuditLogs() ComponentOption {
	return componentFunc(func(c *Component) {
		if c.kind != DataStore {
			c.m.record(CodeInvalidValue, c.Path()+".auditLogs", c.at, c, "only a data store can hold audit logs")
			return
		}
		c.auditLogs = true
	})
}

// ErrorHandling adds a row to the template's Error Handling & Information
// Leakage table for the component.
func ErrorHandling(risk, mitigation string) ComponentOption {
	return componentFunc(func(c *Component) {
		c.errorHandling = append(c.errorHandling, RiskEntry{risk, mitigation, c.at})
	})
}

// Runtime adds a row to the template's Runtime Security table for the
// component.
func Runtime(risk, mitigation string) ComponentOption {
	return componentFunc(func(c *Component) {
		c.runtime = append(c.runtime, RiskEntry{risk, mitigation, c.at})
	})
}

type flowFunc func(*Flow)

func (f flowFunc) applyFlow(fl *Flow) { f(fl) }

// Over states the flow's protocol and destination port (0 when the port does
// not apply).
func Over(p Protocol, port int) FlowOption {
	o := overOption(p)
	if port < 0 || port > 65535 {
		o |= badPort
	} else {
		o |= overOption(port) << 8
	}
	return o
}

// overOption is Over's protocol in the low byte and port in the next two,
// or badPort for a port out of range: a small integer in an interface
// costs less than a closure.
type overOption uint32

const badPort overOption = 1 << 24

func (o overOption) applyFlow(f *Flow) {
	if p := Protocol(o); p == 0 || !protocolNames.valid(uint8(p)) {
		f.m.record(CodeInvalidValue, f.Path()+".protocol", f.at, f, "protocol "+p.String()+" is not a valid Protocol")
	} else {
		f.protocol = p
	}
	if o&badPort != 0 {
		f.m.record(CodeInvalidValue, f.Path()+".port", f.at, f, "port must be between 0 and 65535")
	} else {
		f.port = uint16(o >> 8)
	}
}

// Encrypted states the flow's encryption in transit; Encrypted(Plaintext)
// states that it has none.
func Encrypted(e Encryption) FlowOption { return encryptedOption(e) }

// The options that hold one enum value are their own types, not closures:
// a one-byte value in an interface needs no allocation, and a model states
// them on nearly every flow and asset.
type (
	encryptedOption  Encryption
	authNOption      AuthScheme
	authZOption      AuthzScheme
	valueOption      Level
	riskLevelOption  Criticality
	classifiedOption Classification
	storedOption     SecretStorage
	impactOption     Level
	likelihoodOption Level
)

func (o encryptedOption) applyFlow(f *Flow) {
	setEnum(&f.encryption, Encryption(o), &encryptionNames, f, "encryption", "encryption")
}

// AuthN states how the destination authenticates the source;
// AuthN(NoAuthentication) states that it does not.
func AuthN(a AuthScheme) FlowOption { return authNOption(a) }

func (o authNOption) applyFlow(f *Flow) {
	setEnum(&f.authentication, AuthScheme(o), &authenticationNames, f, "authentication", "authentication")
}

// AuthZ states how the destination authorizes the source.
func AuthZ(a AuthzScheme) FlowOption { return authZOption(a) }

func (o authZOption) applyFlow(f *Flow) {
	setEnum(&f.authorization, AuthzScheme(o), &authorizationNames, f, "authorization", "authorization")
}

// Carries records the assets the flow carries.
func Carries(assets ...*Asset) FlowOption {
	if len(assets) == 1 {
		return carriesOne{assets[0]}
	}
	own := clone(assets) // the option keeps its own copy, so the caller's need not escape
	return flowFunc(func(f *Flow) { carry(f, own) })
}

// carriesOne is Carries of one asset: a struct of one pointer in an
// interface costs no allocation, and most flows carry one asset.
type carriesOne struct{ a *Asset }

func (o carriesOne) applyFlow(f *Flow) { carry(f, []*Asset{o.a}) }

func carry(f *Flow, assets []*Asset) {
	for _, a := range assets {
		if f.m.owns(a, f, ".carries", f.at, "asset") {
			f.carries = append(f.carries, a)
			a.carriedBy = append(a.carriedBy, f)
		}
	}
}

type assetFunc func(*Asset)

func (f assetFunc) applyAsset(a *Asset) { f(a) }

// Value states the asset's value: Low, Medium, MediumHigh, High, VeryHigh.
func Value(l Level) AssetOption { return valueOption(l) }

func (o valueOption) applyAsset(a *Asset) {
	setEnum(&a.value, Level(o), &levelNames, a, "value", "value")
}

// RiskLevel states the asset's risk level: Moderate, Important, Critical.
func RiskLevel(c Criticality) AssetOption { return riskLevelOption(c) }

func (o riskLevelOption) applyAsset(a *Asset) {
	setEnum(&a.criticality, Criticality(o), &criticalityNames, a, "riskLevel", "risk level")
}

// Classified states the asset's classification.
func Classified(c Classification) AssetOption { return classifiedOption(c) }

func (o classifiedOption) applyAsset(a *Asset) {
	setEnum(&a.classification, Classification(o), &classificationNames, a, "classification", "classification")
}

// PII marks the asset as holding personal data.
func PII() AssetOption { return assetFunc(func(a *Asset) { a.pii = true }) }

// Represents ties an asset to the element whose power or surface it is: the
// role behind "Lambda execution role", the gateway behind "API endpoints".
func Represents(el Element) AssetOption {
	return assetFunc(func(a *Asset) {
		if a.m.owns(el, a, ".represents", a.at, "element") {
			a.represents = el
		}
	})
}

// Lifecycle states the data lifecycle of a data asset.
func Lifecycle(l DataLifecycle) AssetOption {
	return assetFunc(func(a *Asset) {
		if l.Encrypted != 0 && !atRestNames.valid(uint8(l.Encrypted)) {
			a.m.record(CodeInvalidValue, a.Path()+".lifecycle.encrypted", a.at, a, "encryption at rest "+l.Encrypted.String()+" is not valid")
			l.Encrypted = 0
		}
		if l.Retention < 0 {
			a.m.record(CodeInvalidValue, a.Path()+".lifecycle.retention", a.at, a, "retention cannot be negative")
			l.Retention = 0
		}
		l.at = a.at
		a.lifecycle = &l
	})
}

type roleFunc func(*Role)

func (f roleFunc) applyRole(r *Role) { f(r) }

// WithPermissionBoundary sets the role's permission boundary (an AWS
// permissions boundary, or its equivalent on another platform): the
// guardrail whose statements cap what the role can ever do, whatever its
// own permissions allow (see Role.Effective). A nil guardrail is recorded
// as CodeNilReference, one of another model as CodeForeignElement.
func WithPermissionBoundary(g *Guardrail) RoleOption {
	at := caller(1)
	return roleFunc(func(r *Role) {
		if r.m.owns(g, r, ".permissionBoundary", r.m.pinned(at), "permission boundary") {
			r.boundary = g
			g.boundaryOf = append(g.boundaryOf, r)
		}
	})
}

type secretFunc func(*Secret)

func (f secretFunc) applySecret(s *Secret) { f(s) }

// Provisioned states how the secret is created and delivered, for example
// "Created by Terraform in Secrets Manager, injected at run time".
func Provisioned(text string) SecretOption {
	return secretFunc(func(s *Secret) { s.provisioning = text })
}

// Stored states where the secret is kept.
func Stored(where SecretStorage) SecretOption { return storedOption(where) }

func (o storedOption) applySecret(s *Secret) {
	setEnum(&s.storage, SecretStorage(o), &secretStorageNames, s, "storage", "storage")
}

// StoredIn names the component that holds the secret.
func StoredIn(c *Component) SecretOption {
	return secretFunc(func(s *Secret) {
		if s.m.owns(c, s, ".storedIn", s.at, "component") {
			s.storedIn = c
		}
	})
}

// Rotated states how the secret is rotated.
func Rotated(r Rotation) SecretOption {
	return secretFunc(func(s *Secret) {
		if r.Every < 0 || r.Never && r.Every > 0 {
			s.m.record(CodeInvalidValue, s.Path()+".rotation", s.at, s, "rotation is either Never or a positive interval")
			return
		}
		s.rotation = r
	})
}

// Grants names the roles the secret is a credential for.
func Grants(roles ...*Role) SecretOption {
	return secretFunc(func(s *Secret) {
		for _, r := range roles {
			if s.m.owns(r, s, ".grants", s.at, "role") {
				s.grants = append(s.grants, r)
			}
		}
	})
}

// Opens names the resources a leaked secret opens directly: components,
// assets, secrets, roles, zones or AnyResource(), as for Role.Allow.
func Opens(resources ...Element) SecretOption {
	return secretFunc(func(s *Secret) {
		for _, r := range resources {
			if !s.m.owns(r, s, ".opens", s.at, "resource") {
				continue
			}
			if !isResource(r) {
				s.m.record(CodeInvalidValue, s.Path()+".opens", s.at, s,
					"a secret opens a component, an asset, a secret, a role, a zone or AnyResource(), not "+r.Path())
				continue
			}
			s.accesses = append(s.accesses, r)
		}
	})
}

// BlastRadius states, in words, what a leak of the secret grants.
func BlastRadius(text string) SecretOption {
	return secretFunc(func(s *Secret) { s.blastRadius = text })
}

type dependencyFunc func(*Dependency)

func (f dependencyFunc) applyDependency(d *Dependency) { f(d) }

// Pinned states how the dependency is pinned and to what reference.
func Pinned(p Pinning, ref string) DependencyOption {
	return dependencyFunc(func(d *Dependency) {
		if p == 0 || !pinningNames.valid(uint8(p)) {
			d.m.record(CodeInvalidValue, d.Path()+".pinning", d.at, d, "pinning "+p.String()+" is not a valid Pinning")
			return
		}
		d.pinning, d.ref = p, ref
	})
}

// Verified states how the dependency is verified: checksums, signatures,
// scanning, human review.
func Verified(text string) DependencyOption {
	return dependencyFunc(func(d *Dependency) { d.verification = text })
}

// Risk states the dependency's risk.
func Risk(text string) DependencyOption {
	return dependencyFunc(func(d *Dependency) { d.risk = text })
}

type threatFunc func(*Threat)

func (f threatFunc) applyThreat(t *Threat) { f(t) }

// About names the elements a hand-written threat is about.
func About(elements ...Element) ThreatOption {
	return threatFunc(func(t *Threat) {
		for _, el := range elements {
			if t.m.owns(el, t, ".about", t.at, "element") {
				t.about = append(t.about, el)
			}
		}
	})
}

// Impact states a hand-written threat's impact: Low, Medium or High.
func Impact(l Level) ThreatOption { return impactOption(l) }

func (o impactOption) applyThreat(t *Threat) {
	if l := Level(o); l != Low && l != Medium && l != High {
		t.m.record(CodeInvalidValue, t.Path()+".impact", t.at, t, "impact is Low, Medium or High, not "+l.String())
		return
	}
	t.impact = Level(o)
}

// Likelihood states a hand-written threat's likelihood: Low, Medium or High.
func Likelihood(l Level) ThreatOption { return likelihoodOption(l) }

func (o likelihoodOption) applyThreat(t *Threat) {
	if l := Level(o); l != Low && l != Medium && l != High {
		t.m.record(CodeInvalidValue, t.Path()+".likelihood", t.at, t, "likelihood is Low, Medium or High, not "+l.String())
		return
	}
	t.likelihood = Level(o)
}

// AttackPaths lists how an attacker gets there, in the guide's words.
func AttackPaths(paths ...string) ThreatOption {
	return threatFunc(func(t *Threat) { t.attackPaths = append(t.attackPaths, paths...) })
}

type mitigationFunc func(*Mitigation)

func (f mitigationFunc) applyMitigation(m *Mitigation) { f(m) }

// Implements names the controls a mitigation implements.
func Implements(controls ...Control) MitigationOption {
	return mitigationFunc(func(mi *Mitigation) {
		ControlsOption{controls: controls}.add(&mi.implements, nil, mi.m, mi.at, mi)
	})
}

// On applies a mitigation to components or flows; its controls join theirs.
func On(elements ...Element) MitigationOption {
	return mitigationFunc(func(mi *Mitigation) {
		for _, el := range elements {
			if !mi.m.owns(el, mi, ".on", mi.at, "element") {
				continue
			}
			switch e := el.(type) {
			case *Component:
				e.mitigations = append(e.mitigations, mi)
			case *Flow:
				e.rareSet().mitigations = append(e.rare().mitigations, mi)
			default:
				mi.m.record(CodeInvalidValue, mi.Path()+".on", mi.at, mi, "a mitigation applies to components and flows, not "+el.Path())
				continue
			}
			mi.on = append(mi.on, el)
		}
	})
}

// Addresses names the threats, by ID, that a mitigation answers: derived
// threats from the stride package or hand-written ones (Threat.ID).
func Addresses(threatIDs ...string) MitigationOption {
	return mitigationFunc(func(mi *Mitigation) { mi.addresses = append(mi.addresses, threatIDs...) })
}

type acceptanceFunc func(*Acceptance)

func (f acceptanceFunc) applyAcceptance(a *Acceptance) { f(a) }

// Justification states why a risk is accepted.
func Justification(text string) AcceptanceOption {
	return acceptanceFunc(func(a *Acceptance) { a.justification = text })
}

// Expires states when an acceptance must be reviewed again.
func Expires(t time.Time) AcceptanceOption {
	return acceptanceFunc(func(a *Acceptance) { a.expires = t })
}

// setEnum stores v in *dst when it is a stated, valid value of its enum, and
// otherwise records CodeInvalidValue at the element's path and field.
func setEnum[T ~uint8](dst *T, v T, names *enumNames, el Element, field, what string) {
	if v == 0 || !names.valid(uint8(v)) {
		n := el.base()
		n.m.record(CodeInvalidValue, el.Path()+"."+field, n.at, el, what+" "+names.str(uint8(v))+" is not a valid "+names.typ)
		return
	}
	*dst = v
}
