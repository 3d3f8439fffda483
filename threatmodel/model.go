package threatmodel

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Element is anything declared in a model: a zone, component, flow, asset,
// role, guardrail, secret, dependency, threat, mitigation, acceptance or
// waiver. Only
// this package implements it.
type Element interface {
	// Name is the element's name as declared.
	Name() string
	// Path locates the element in the model's own words, for example
	// components["API Gateway"] or flows["User → API Gateway: API request"].
	Path() string
	// Pos is the file and line where the element was declared.
	Pos() Pos
	base() *node
}

// node is the part every element shares.
type node struct {
	m    *Model
	name string
	at   site
	desc string
}

func (n *node) base() *node { return n }

// Name returns the element's declared name.
func (n *node) Name() string { return n.name }

// Description returns the element's description.
func (n *node) Description() string { return n.desc }

// Pos returns the declaration site.
func (n *node) Pos() Pos { return n.at.pos() }

// Model returns the model the element was declared in.
func (n *node) Model() *Model { return n.m }

// Model is a threat model: the system, its trust boundaries, what it holds
// and how it is protected. Create one with New and declare elements through
// its methods; each returns a typed handle that other declarations refer to.
//
// A Model is not safe for concurrent declaration; once declared it may be read
// from many goroutines.
type Model struct {
	name        string
	at          site
	desc        string
	owner       string
	interest    string
	worstCase   string
	contextAt   site
	scope       []string
	assumptions []string
	outOfScope  []*OutOfScopeItem

	zones        []*Zone
	components   []*Component
	flows        []*Flow
	assets       []*Asset
	roles        []*Role
	guardrails   []*Guardrail
	secrets      []*Secret
	dependencies []*Dependency
	threats      []*Threat
	mitigations  []*Mitigation
	acceptances  []*Acceptance
	waivers      []*Waiver

	// names indexes every named element by name, one map per collection
	// (see nameIndex), for duplicate detection at declaration time. A
	// value is the element's position in its collection (see named),
	// which takes a third less room than the element itself.
	names [numNameIndexes]map[string]int32
	// flowNames indexes by their ends and name the flows from a component
	// with many outgoing flows, for the same purpose (see sameFlow).
	flowNames map[flowKey]*Flow
	// flowKeys indexes by key the flows whose key could collide with
	// another's (see checkFlowKey).
	flowKeys map[string]*Flow
	// misuse holds structural findings recorded while declaring.
	misuse []*Finding
	// pin, when set, is the site every declaration records (see DeclareAt).
	pin site
	// access caches ActionAccess by action for the model's statements.
	access map[string]Access
	// slab allocates the elements the model declares most (slab.go).
	slab slabs
}

// Indexes of Model.names: one a collection, and one for threat IDs.
const (
	namesZones = iota
	namesComponents
	namesAssets
	namesRoles
	namesGuardrails
	namesSecrets
	namesDependencies
	namesThreats
	namesMitigations
	namesAcceptances
	namesOther // a collection not listed above
	namesThreatIDs
	numNameIndexes
)

// named returns the element at position i of the collection whose names
// are m.names[k].
func (m *Model) named(k int, i int32) Element {
	switch k {
	case namesZones:
		return m.zones[i]
	case namesComponents:
		return m.components[i]
	case namesAssets:
		return m.assets[i]
	case namesRoles:
		return m.roles[i]
	case namesGuardrails:
		return m.guardrails[i]
	case namesSecrets:
		return m.secrets[i]
	case namesDependencies:
		return m.dependencies[i]
	case namesThreats, namesThreatIDs:
		return m.threats[i]
	case namesMitigations:
		return m.mitigations[i]
	case namesAcceptances:
		return m.acceptances[i]
	}
	return nil
}

// lookup returns the element named name in the collection whose names are
// m.names[k], or nil.
func (m *Model) lookup(k int, name string) Element {
	if m == nil {
		return nil
	}
	i, ok := m.names[k][name]
	if !ok {
		return nil
	}
	return m.named(k, i)
}

// nameIndex returns the index of a collection's names in Model.names.
func nameIndex(coll string) int {
	switch coll {
	case collZones:
		return namesZones
	case collComponents:
		return namesComponents
	case collAssets:
		return namesAssets
	case collRoles:
		return namesRoles
	case collGuardrails:
		return namesGuardrails
	case collSecrets:
		return namesSecrets
	case collDependencies:
		return namesDependencies
	case collThreats:
		return namesThreats
	case collMitigations:
		return namesMitigations
	case collAcceptances:
		return namesAcceptances
	}
	return namesOther
}

// New returns an empty model with the given name. Always create a model
// with New: the zero Model does not record where it was declared.
func New(name string, opts ...ModelOption) *Model {
	m := &Model{name: name, at: caller(1)}
	for _, o := range opts {
		if o == nil {
			m.record(CodeNilReference, "model", m.at, nil, "nil option passed to threatmodel.New")
			continue
		}
		o.applyModel(m)
	}
	return m
}

// Name returns the model's name.
func (m *Model) Name() string { return m.name }

// Description returns the model's description.
func (m *Model) Description() string { return m.desc }

// Owner returns the team or person who owns the model.
func (m *Model) Owner() string { return m.owner }

// Pos returns where the model was created.
func (m *Model) Pos() Pos { return m.at.pos() }

// ThreatContext records the template's Threat Context: what makes the system
// interesting to an adversary, and the worst thing that can happen if it is
// compromised.
func (m *Model) ThreatContext(interest, worstCase string) {
	if m == nil {
		return
	}
	m.interest, m.worstCase, m.contextAt = interest, worstCase, m.pinned(caller(1))
}

// Context returns the threat context: what interests an adversary, and the
// worst case.
func (m *Model) Context() (interest, worstCase string) { return m.interest, m.worstCase }

// Scope adds statements of what the model covers.
func (m *Model) Scope(items ...string) {
	if m != nil {
		m.scope = append(m.scope, items...)
	}
}

// ScopeItems returns the scope statements.
func (m *Model) ScopeItems() []string { return clone(m.scope) }

// Assume adds assumptions the analysis rests on.
func (m *Model) Assume(items ...string) {
	if m != nil {
		m.assumptions = append(m.assumptions, items...)
	}
}

// Assumptions returns the assumptions.
func (m *Model) Assumptions() []string { return clone(m.assumptions) }

// OutOfScopeItem is something deliberately left out of the model, with the
// reason.
type OutOfScopeItem struct {
	Item   string // what is left out
	Reason string // why
	at     site
}

// Pos returns where the item was declared.
func (o *OutOfScopeItem) Pos() Pos { return o.at.pos() }

// OutOfScope records something deliberately left out of the model and why.
func (m *Model) OutOfScope(item, reason string) *OutOfScopeItem {
	o := &OutOfScopeItem{Item: item, Reason: reason, at: m.pinned(caller(1))}
	if m == nil {
		return o
	}
	m.outOfScope = append(m.outOfScope, o)
	return o
}

// OutOfScopeItems returns the out-of-scope items in declaration order.
func (m *Model) OutOfScopeItems() []*OutOfScopeItem { return clone(m.outOfScope) }

// Zones returns every zone in declaration order.
func (m *Model) Zones() []*Zone { return clone(m.zones) }

// Components returns every component in declaration order.
func (m *Model) Components() []*Component { return clone(m.components) }

// Flows returns every flow in declaration order.
func (m *Model) Flows() []*Flow { return clone(m.flows) }

// Assets returns every asset in declaration order.
func (m *Model) Assets() []*Asset { return clone(m.assets) }

// Roles returns every role in declaration order.
func (m *Model) Roles() []*Role { return clone(m.roles) }

// Secrets returns every secret in declaration order.
func (m *Model) Secrets() []*Secret { return clone(m.secrets) }

// Dependencies returns every dependency in declaration order.
func (m *Model) Dependencies() []*Dependency { return clone(m.dependencies) }

// Threats returns the hand-written threats in declaration order.
func (m *Model) Threats() []*Threat { return clone(m.threats) }

// Mitigations returns the declared mitigations in declaration order.
func (m *Model) Mitigations() []*Mitigation { return clone(m.mitigations) }

// Acceptances returns the accepted risks in declaration order.
func (m *Model) Acceptances() []*Acceptance { return clone(m.acceptances) }

// Waivers returns the validation waivers in declaration order.
func (m *Model) Waivers() []*Waiver { return clone(m.waivers) }

// Component returns the component with the given name, or nil.
func (m *Model) Component(name string) *Component {
	c, _ := m.lookup(namesComponents, name).(*Component)
	return c
}

// RoleNamed returns the role with the given name, or nil.
func (m *Model) RoleNamed(name string) *Role {
	if m == nil {
		return nil
	}
	r, _ := m.lookup(namesRoles, name).(*Role)
	return r
}

// ZoneNamed returns the zone with the given name, or nil.
func (m *Model) ZoneNamed(name string) *Zone {
	z, _ := m.lookup(namesZones, name).(*Zone)
	return z
}

func clone[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return append([]T(nil), s...)
}

// Collection names, as they appear in paths.
const (
	collZones        = "zones"
	collComponents   = "components"
	collFlows        = "flows"
	collAssets       = "assets"
	collRoles        = "roles"
	collGuardrails   = "guardrails"
	collSecrets      = "secrets"
	collDependencies = "dependencies"
	collThreats      = "threats"
	collMitigations  = "mitigations"
	collAcceptances  = "acceptances"
	collWaivers      = "waivers"
)

// PathOf returns the path of a named element in a collection, for example
// PathOf("components", "API Gateway") is components["API Gateway"].
func pathOf(coll, name string) string { return pathWith(coll, name, "", -1) }

// pathWith returns pathOf(coll, name) followed by field and, unless i is
// negative, "[i]", in one allocation: components["DB"].policy[2].
func pathWith(coll, name, field string, i int) string {
	var digits []byte
	var buf [20]byte
	if i >= 0 {
		digits = strconv.AppendInt(buf[:0], int64(i), 10)
	}
	var b strings.Builder
	b.Grow(len(coll) + len(name) + 4 + len(field) + len(digits) + 2)
	b.WriteString(coll)
	b.WriteString(`["`)
	if plain(name) {
		b.WriteString(name)
	} else {
		writeEscaped(&b, name)
	}
	b.WriteString(`"]`)
	b.WriteString(field)
	if i >= 0 {
		b.WriteByte('[')
		b.Write(digits)
		b.WriteByte(']')
	}
	return b.String()
}

// plain reports whether a name goes into a path as it is: valid UTF-8
// with no quote, backslash or control character.
func plain(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 0x20 || c == 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return utf8.ValidString(name)
}

// writeEscaped writes a name that is not plain into a path: quotes and
// backslashes escaped, control characters as \n or \xNN, invalid UTF-8
// as U+FFFD.
func writeEscaped(b *strings.Builder, name string) {
	for _, r := range name {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&0xf])
		default:
			b.WriteRune(r)
		}
	}
}

// MaxNameLength is the longest name, in characters, an element, a flow or
// the model may have (TM008): names are repeated in every path, threat ID
// and table row, so one huge name would swell every report.
const MaxNameLength = 256

// tooLong reports whether a name is longer than MaxNameLength characters.
func tooLong(s string) bool {
	return len(s) > MaxNameLength && utf8.RuneCountInString(s) > MaxNameLength
}

// declare runs the checks every named declaration shares: the model is not
// nil, the name is not empty, and the name is unique in its collection.
// The element is the i-th of its collection, where it is appended once
// declared.
func (m *Model) declare(coll string, el Element, at site, i int) {
	n := el.base()
	if strings.TrimSpace(n.name) == "" {
		m.record(CodeEmptyName, el.Path(), at, el, "the "+singular(coll)+" has no name")
	} else if hasControl(n.name) {
		m.record(CodeBadName, el.Path(), at, el, "the "+singular(coll)+" name contains control characters")
	} else if tooLong(n.name) {
		m.record(CodeNameTooLong, el.Path(), at, el, "the "+singular(coll)+" name is longer than "+strconv.Itoa(MaxNameLength)+" characters")
	}
	k := nameIndex(coll)
	if prev := m.lookup(k, n.name); prev != nil {
		m.record(CodeDuplicateName, el.Path(), at, el,
			"another "+singular(coll)+" already has this name (declared at "+prev.Pos().String()+")")
		return
	}
	if m.names[k] == nil {
		m.names[k] = make(map[string]int32)
	}
	m.names[k][n.name] = int32(i)
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

func singular(coll string) string {
	switch coll {
	case collDependencies:
		return "dependency"
	default:
		return strings.TrimSuffix(coll, "s")
	}
}

// owns reports whether el belongs to m; when el is nil or belongs to
// another model it records a finding on subject at subject's path followed
// by field (".zone", ".carries"). The path is built only then, so that
// declaring a correct model does not pay for it.
func (m *Model) owns(el Element, subject Element, field string, at site, what string) bool {
	if isNil(el) {
		m.record(CodeNilReference, subject.Path()+field, at, subject, what+" is nil")
		return false
	}
	if _, ok := el.(*anyResource); ok {
		return true
	}
	if el.base().m != m {
		m.record(CodeForeignElement, subject.Path()+field, at, subject, what+" "+el.Path()+" belongs to another model")
		return false
	}
	return true
}

func isNil(el Element) bool {
	switch v := el.(type) {
	case nil:
		return true
	case *Zone:
		return v == nil
	case *Component:
		return v == nil
	case *Flow:
		return v == nil
	case *Asset:
		return v == nil
	case *Role:
		return v == nil
	case *Secret:
		return v == nil
	case *Guardrail:
		return v == nil
	case *Dependency:
		return v == nil
	case *Threat:
		return v == nil
	case *Mitigation:
		return v == nil
	case *Acceptance:
		return v == nil
	case *Waiver:
		return v == nil
	case *anyResource:
		return v == nil
	}
	return false
}

// anyResource is the wildcard resource of a permission: "*".
type anyResource struct{ node }

var wildcard = &anyResource{node{name: "*"}}

// AnyResource returns the wildcard resource "*" for permissions that apply
// to every resource. Wildcards stay visible as wildcards in every report.
func AnyResource() Element { return wildcard }

func (*anyResource) Path() string { return `"*"` }
