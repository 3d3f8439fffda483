package stride

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/threatwright/threatwright/threatmodel"
)

// Rule is one entry of the threat catalog: a threat in the guide's shape
// (threat, attack paths, mitigations), the elements it applies to, a match
// function over the typed model, and the controls that close it.
//
// Rules are plain Go values. The built-in catalog is returned by Rules; a
// user adds rules with WithRules. A rule derives a threat on every element
// (or interaction) of its kinds that it matches; the threat is then mitigated
// when the element carries a closing control, when MitigatedWhen finds the
// element's own properties close it, or when a declared threatmodel.Mitigation
// names the threat's ID. So a rule matches on the shape of the system (a
// process that receives input from a less trusted zone), not on the absence
// of its mitigation: a well-protected model still lists its threats, marked
// mitigated, and the reviewer sees why.
type Rule struct {
	// ID is the rule's stable identifier, for example "TW-S-001". It never
	// changes meaning and is part of every derived threat's ID. It must not
	// contain "@".
	ID string
	// Category is the rule's STRIDE category. It must apply to at least one
	// of Kinds in the SDL chart (see AppliesToKind).
	Category Category
	// Title names the threat in a few words, as a table row would.
	Title string
	// Description says what the attacker does and gains.
	Description string
	// AttackPaths lists how an attacker gets there, in the guide's words.
	AttackPaths []string
	// Mitigations lists the recommended mitigations, in words.
	Mitigations []string
	// MitigatedBy lists the controls that close the threat: ANY one of them,
	// present where the rule says it is enforced (Enforced), for the
	// principal the threat comes from, mitigates it.
	MitigatedBy []threatmodel.Control
	// MitigatedByAll lists controls that close the threat only TOGETHER: when
	// it is not empty and every one of them is present, the threat is
	// mitigated. Use it where one control alone is not enough.
	MitigatedByAll []threatmodel.Control
	// Enforced says where the mitigating controls must act for the threat:
	// on the component that receives or runs the thing, on the flow, at the
	// sender. The zero value is the default of the rule's scope (see
	// Enforcement). A control anywhere else does not close the threat.
	Enforced Enforcement
	// MitigatedWhen, when set, reports whether the target's own properties
	// close the threat — a flow that states strong authentication, a store
	// that only a private endpoint reaches. It returns a short piece of
	// evidence ("authenticated with JWT") when they do, "" when they do not.
	// It is consulted only for targets the rule matched.
	MitigatedWhen func(t *Target) string
	// CAPEC lists related CAPEC attack pattern IDs.
	CAPEC []int
	// CWE lists related CWE weakness IDs.
	CWE []int
	// OWASP lists related entries of OWASP's lists, written as the list
	// writes them: "LLM01:2025" for the Top 10 for LLM Applications 2025,
	// "Agentic T6" for the threats of OWASP's Agentic AI – Threats and
	// Mitigations (T1 to T15). The catalog links the two lists it knows.
	OWASP []string
	// Kinds lists the kinds of element the threat is about: its cell in the
	// coverage matrix. The rule is evaluated only on elements of these kinds
	// to which Category applies (so a Repudiation rule on data stores sees
	// only stores that hold audit logs). Components out of scope are skipped.
	Kinds []threatmodel.Kind
	// FillIn marks a generic rule that stands in where no specific rule
	// covers an element × category cell (the built-in 2xx rules): nothing
	// in the model points at its threat beyond the element's kind, so it
	// names a cell to review rather than an established attack, and its
	// inherent likelihood is Low; an unencrypted boundary crossing, which is
	// evidence, still raises it a step.
	FillIn bool
	// Foothold marks a threat that needs the attacker to control the
	// element, or a holder of the role the threat is about, before it can
	// happen (CVSS's "privileges required"): a role's reach once its holder
	// is compromised, a code replacement by whoever holds a deploy role.
	// Its inherent likelihood is one step below the element's exposure.
	Foothold bool
	// Scope says whether the rule looks at each element on its own, or at
	// each flow into or out of a component: an interaction, in the words of
	// the Microsoft Threat Modeling Tool.
	Scope Scope
	// Match reports whether the rule derives its threat on the target. Set
	// exactly one of Match and MatchEach.
	Match func(t *Target) bool
	// MatchEach, used instead of Match, returns the model elements on the
	// target that each give rise to their own threat: the secrets a process
	// uses, the dependencies it is built from, the assets a store holds.
	// Use it when the threat is about something the target uses rather than
	// the target itself. Each threat's ID gains the element's name, and
	// Target.Item is set to it while the threat is rated.
	MatchEach func(t *Target) []threatmodel.Element
}

// Enforcement is where a rule's mitigating controls must be enforced for
// the threat it derives.
type Enforcement uint8

// Enforcement points.
const (
	// EnforcedDefault is the default of the rule's scope: EnforcedAtElement
	// for a rule on a component, EnforcedAtElementOrFlow for an
	// interaction, EnforcedAtFlowOrEnds for a rule on a flow.
	EnforcedDefault Enforcement = iota
	// EnforcedAtElement: the element the threat is about, itself — the
	// component that runs the code or owns the object, or the flow.
	EnforcedAtElement
	// EnforcedAtElementOrFlow: the component the threat is about or the
	// flow of the interaction — the receiving process validates and
	// authenticates what arrives, a control stated on the flow applies to it.
	EnforcedAtElementOrFlow
	// EnforcedAtFlow: the flow only (encryption, signing in transit).
	EnforcedAtFlow
	// EnforcedAtReceiver: the flow's destination or the flow — the
	// receiver verifies signatures, the destination's policy decides.
	EnforcedAtReceiver
	// EnforcedAtSender: the flow's source or the flow — the sender encodes,
	// scrubs or signs what it sends.
	EnforcedAtSender
	// EnforcedAtFlowOrEnds: the flow or either of its ends, which between
	// them encrypt, sign and check what passes.
	EnforcedAtFlowOrEnds
)

var enforcementText = [...]string{"default", "the element itself", "the component or the flow",
	"the flow", "the receiver or the flow", "the sender or the flow", "the flow or either end"}

// String returns the enforcement point in words, for example "the receiver
// or the flow".
func (e Enforcement) String() string {
	if int(e) < len(enforcementText) {
		return enforcementText[e]
	}
	return fmt.Sprintf("Enforcement(%d)", uint8(e))
}

// EnforcedAt returns where the rule's mitigating controls must act, with
// the scope's default resolved.
func (r *Rule) EnforcedAt() Enforcement {
	if r.Enforced != EnforcedDefault {
		return r.Enforced
	}
	switch {
	case slices.Contains(r.Kinds, threatmodel.DataFlow):
		return EnforcedAtFlowOrEnds
	case r.Scope == PerElement:
		return EnforcedAtElement
	}
	return EnforcedAtElementOrFlow
}

// Scope is what a rule is evaluated on.
type Scope uint8

// Scopes.
const (
	// PerElement evaluates the rule once on each element (component or
	// flow) of the rule's kinds.
	PerElement Scope = iota
	// PerIncomingFlow evaluates the rule once on each flow whose destination
	// is a component of the rule's kinds: the threat is about the
	// destination, through that flow. Use it for threats that arrive with
	// input: unauthenticated callers, unvalidated payloads.
	PerIncomingFlow
	// PerOutgoingFlow evaluates the rule once on each flow whose source is a
	// component of the rule's kinds: the threat is about the source, through
	// that flow. Use it for threats in what a component sends: queries it
	// builds, logs it writes.
	PerOutgoingFlow
)

// String returns the scope in words, for example "each incoming flow".
func (s Scope) String() string {
	switch s {
	case PerElement:
		return "each element"
	case PerIncomingFlow:
		return "each incoming flow"
	case PerOutgoingFlow:
		return "each outgoing flow"
	}
	return fmt.Sprintf("Scope(%d)", uint8(s))
}

// Target is what a rule's functions look at: the element a threat would be
// about and, for flows and interactions, the flow, its ends and the trust
// boundaries it crosses. Its methods answer the questions rules ask through
// an index built once per analysis, in constant or near-constant time.
//
// A Target is valid only during the call it is passed to; rules must not
// keep it or modify it, nor modify the slices its methods return.
type Target struct {
	// Kind is the kind of the element the threat is about.
	Kind threatmodel.Kind
	// Component is the component the threat is about; nil when the threat
	// is about a flow.
	Component *threatmodel.Component
	// Flow is the flow the threat is about (Kind is DataFlow), or the
	// interaction a PerIncomingFlow or PerOutgoingFlow rule examines; nil for
	// a per-element rule on a component.
	Flow *threatmodel.Flow
	// Source and Destination are the ends of Flow; nil when Flow is nil.
	Source, Destination *threatmodel.Component
	// Crossing is the trust boundaries Flow crosses, nesting included; the
	// zero Crossing when Flow is nil.
	Crossing threatmodel.Crossing
	// Item is the element MatchEach returned, while the threat derived for
	// it is rated (during MitigatedWhen); nil otherwise.
	Item threatmodel.Element

	ix *index
}

// Element returns the element the threat is about: Component, or Flow when
// the threat is about a flow.
func (t *Target) Element() threatmodel.Element {
	if t.Component != nil {
		return t.Component
	}
	return t.Flow
}

// Subject returns the name of the component, or the key of the flow
// ("Source → Destination: name"), the threat is about.
func (t *Target) Subject() string {
	if t.Component != nil {
		return t.Component.Name()
	}
	if t.Flow != nil {
		return t.Flow.Key()
	}
	return ""
}

// Model returns the model under analysis.
func (t *Target) Model() *threatmodel.Model { return t.ix.m }

// Has reports whether the control counts on the target for the request's
// principal, as a rule's controls count under the default enforcement point
// of its scope (see Enforcement): for a threat about a component, on the
// component or on the flow of the interaction; for a threat about a flow,
// on the flow or either of its ends. A control limited to other principals
// (threatmodel.ControlsOption.For), one the model's structure contradicts
// there (ST005), and audit logging whose events reach no audit trail do not
// count. Rules use it in their MitigatedWhen properties.
func (t *Target) Has(ctl threatmodel.Control) bool {
	e := EnforcedAtElementOrFlow
	if t.Component == nil {
		e = EnforcedAtFlowOrEnds
	}
	return t.enforced(ctl, e)
}

// Untrusted reports whether the component sits in a zone declared
// Untrusted. It returns false for nil.
func Untrusted(c *threatmodel.Component) bool {
	return c != nil && c.Zone() != nil && c.Zone().Trust() == threatmodel.Untrusted
}

// Exposure is how an attacker in an untrusted zone can reach an element
// through the model's flows.
type Exposure uint8

// Exposures, from least to most exposed.
const (
	// Unreachable: no chain of flows leads from an untrusted zone to the
	// element.
	Unreachable Exposure = iota
	// ReachableCryptographic: flows lead there from an untrusted zone, but
	// on every such path the attacker must present a key: the first
	// authenticated flow an attacker-held component sends authenticates
	// cryptographically (threatmodel.AuthScheme.Cryptographic). Flows
	// further in are the forwarding components' own.
	ReachableCryptographic
	// ReachableAuthenticated: flows lead there from an untrusted zone, but
	// every such path has at least one authenticated flow on it, and on some
	// path the attacker passes it with a secret that can be stolen and
	// replayed (a password, a token, an API key).
	ReachableAuthenticated
	// ReachableAnonymously: a path of flows none of which authenticates
	// leads there from an untrusted zone.
	ReachableAnonymously
	// InUntrustedZone: the element sits in an untrusted zone, or is a
	// third-party service, outside its owner's trust whatever zone it is
	// drawn in (for a flow: its source is).
	InUntrustedZone
)

// String returns the exposure in words, for example "reachable anonymously
// from untrusted zones".
func (e Exposure) String() string {
	switch e {
	case Unreachable:
		return "unreachable from untrusted zones"
	case ReachableCryptographic:
		return "reachable from untrusted zones only with a key"
	case ReachableAuthenticated:
		return "reachable from untrusted zones through authentication"
	case ReachableAnonymously:
		return "reachable anonymously from untrusted zones"
	case InUntrustedZone:
		return "in an untrusted zone"
	}
	return fmt.Sprintf("Exposure(%d)", uint8(e))
}

// Exposure returns how exposed the target is to untrusted zones: for a
// component, its own exposure; for an interaction a component rule
// examines, the exposure of the flow's source (an attacker who controls the
// source controls the flow); for a threat about a flow, the highest
// exposure among the sources of the flows of its interaction (see
// Interaction): the request's and, for the responses, its destination's.
func (t *Target) Exposure() Exposure {
	if t.Flow == nil {
		return t.ix.exposure(t.Component)
	}
	e := t.ix.exposure(t.Flow.Source())
	if t.Component == nil {
		for _, r := range responses(t.Flow) {
			e = max(e, t.ix.exposure(r.Source()))
		}
	}
	return e
}

// Interaction returns the flows of the exchange the target's flow belongs
// to: the flow itself and, when it is a request, the responses declared for
// it with threatmodel.Model.Response, in declaration order. A rule about
// data flows is evaluated once per interaction, on the request: a request
// and its responses travel over one channel, and a threat about that
// channel (tampering, interception, interruption) is one threat, rated with
// what every direction carries. Nil when the target has no flow.
func (t *Target) Interaction() []*threatmodel.Flow {
	if t.Flow == nil {
		return nil
	}
	return append([]*threatmodel.Flow{t.Flow}, responses(t.Flow)...)
}

// interaction is Interaction for the rules' own reading, without a copy
// within Analyze: a flow without responses is a slice of the index's
// flows, and a request's interaction is listed once (index.interactions).
// Never change what it returns.
func (t *Target) interaction() []*threatmodel.Flow {
	if t.Flow != nil && t.ix != nil && t.ix.ownsFlow(t.Flow) {
		i := t.Flow.Index()
		if x, ok := t.ix.interactions[t.Flow]; ok {
			return x
		}
		return t.ix.flows[i : i+1 : i+1]
	}
	return t.Interaction()
}

// ExposureOf returns the exposure of any component of the model.
func (t *Target) ExposureOf(c *threatmodel.Component) Exposure { return t.ix.exposure(c) }

// Reachable reports whether an attacker in an untrusted zone can reach the
// target at all: Exposure() is above Unreachable.
func (t *Target) Reachable() bool { return t.Exposure() > Unreachable }

// SecretsUsed returns the secrets the component uses (threatmodel.UsedBy), in
// declaration order; nil for a flow target.
func (t *Target) SecretsUsed() []*threatmodel.Secret {
	if !t.ix.owns(t.Component) {
		return nil
	}
	return slices.Clip(t.ix.secretsUsed[t.Component.Index()])
}

// SecretsHeld returns the secrets kept in the component
// (threatmodel.StoredIn), in declaration order; nil for a flow target.
func (t *Target) SecretsHeld() []*threatmodel.Secret {
	if !t.ix.owns(t.Component) {
		return nil
	}
	return slices.Clip(t.ix.secretsHeld[t.Component.Index()])
}

// SecretsGranting returns the secrets that are credentials for the role
// (threatmodel.Grants), in declaration order.
func (t *Target) SecretsGranting(r *threatmodel.Role) []*threatmodel.Secret {
	return slices.Clip(t.ix.secretsByRole[r])
}

// Dependencies returns the dependencies the component is built from, in
// declaration order; nil for a flow target.
func (t *Target) Dependencies() []*threatmodel.Dependency {
	if !t.ix.owns(t.Component) {
		return nil
	}
	return slices.Clip(t.ix.deps[t.Component.Index()])
}

// Permissions returns the permissions whose resource covers the component:
// the component itself, a zone it sits in (directly or nested), an asset it
// stores, or AnyResource. Allow and Deny both appear; the order is
// declaration order within each of those groups. Nil for a flow target.
func (t *Target) Permissions() []*threatmodel.Permission {
	if t.Component == nil {
		return nil
	}
	return t.ix.permissionsOn(t.Component)
}

// Assets returns the assets the target involves: for a component, those it
// stores and those that represent it; for a flow, those that the flows of
// its interaction carry (what the request sends and what its responses
// return) and those that represent them; for an interaction a component rule
// examines, the component's and the flow's. Each asset appears once.
func (t *Target) Assets() []*threatmodel.Asset {
	var out []*threatmodel.Asset
	if t.Component != nil {
		out = append(out, stores(t.Component)...)
		out = append(out, t.ix.represents[t.Component]...)
	}
	if t.Flow != nil {
		out = append(out, carried(t.Flow)...)
		out = append(out, t.ix.represents[t.Flow]...)
		if t.Component == nil {
			for _, r := range responses(t.Flow) {
				out = append(out, carried(r)...)
				out = append(out, t.ix.represents[r]...)
			}
		}
	}
	return compactAssets(out)
}

// InvolvesAsset reports whether any asset of the target (see Assets) is of
// one of the kinds.
func (t *Target) InvolvesAsset(kinds ...threatmodel.AssetKind) bool {
	for _, a := range t.Assets() {
		if slices.Contains(kinds, a.Kind()) {
			return true
		}
	}
	return false
}

func compactAssets(in []*threatmodel.Asset) []*threatmodel.Asset {
	if len(in) < 2 {
		return in
	}
	out := in[:0]
	for i, a := range in {
		if !slices.Contains(in[:i], a) {
			out = append(out, a)
		}
	}
	return out
}

// Parses reports whether the target's component is a process that parses
// one of the formats in input an attacker can shape: a flow into it brings
// the format (threatmodel.Flow.Brings: the flow's own Encoded formats, else
// those the process Accepts) from outside the system — an external entity
// or a component in an untrusted zone — or from a component reachable from
// one. A reply counts as much as a request: a document read back from a
// bucket is the file a user uploaded. A provider-managed service parses
// with its provider's code, which is the provider's to harden: false. The
// rules about parsers (XML external entities, deserialization, uploads,
// archives, paths, templates) match with it. It runs in time proportional
// to the process's incoming flows.
func (t *Target) Parses(formats ...threatmodel.Format) bool {
	c := t.Component
	if c == nil || c.Kind() != threatmodel.Process || providerRuns(c) {
		return false
	}
	for _, f := range t.ix.incomingOf(c) {
		src := f.Source()
		if src == nil || !slices.ContainsFunc(f.Brings(), func(x threatmodel.Format) bool { return slices.Contains(formats, x) }) {
			continue
		}
		if isOutside(src) || t.ix.exposure(src) > Unreachable {
			return true
		}
	}
	return false
}

// HoldsLogs reports whether the component is where evidence is kept: a data
// store that holds audit logs, or one declared a LogStore (among its types).
func HoldsLogs(c *threatmodel.Component) bool {
	return c != nil && c.Kind() == threatmodel.DataStore &&
		(c.HoldsAuditLogs() || c.IsA(threatmodel.LogStore))
}

// validateRules checks that every rule is well formed and that IDs are
// unique. It returns every problem at once.
func validateRules(rules []Rule) error {
	var errs []error
	seen := make(map[string]bool, len(rules))
	for i, r := range rules {
		name := r.ID
		if name == "" {
			name = fmt.Sprintf("#%d", i)
		}
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("stride: rule %s: "+format, append([]any{name}, args...)...))
		}
		switch {
		case strings.TrimSpace(r.ID) == "":
			bad("has no ID")
		case strings.Contains(r.ID, "@"):
			bad("ID contains \"@\", which separates the rule from the element in threat IDs")
		case seen[r.ID]:
			bad("ID is used by another rule")
		}
		seen[r.ID] = true
		if strings.TrimSpace(r.Title) == "" {
			bad("has no title")
		}
		if r.Category < Spoofing || r.Category > ElevationOfPrivilege {
			bad("category %v is not a STRIDE category", r.Category)
		}
		if (r.Match == nil) == (r.MatchEach == nil) {
			bad("set exactly one of Match and MatchEach")
		}
		if r.Scope > PerOutgoingFlow {
			bad("scope %v is not valid", r.Scope)
		}
		if r.Enforced > EnforcedAtFlowOrEnds {
			bad("enforcement point %v is not valid", r.Enforced)
		}
		if len(r.Kinds) == 0 {
			bad("lists no kinds")
		}
		ok := false
		for _, k := range r.Kinds {
			if k < threatmodel.ExternalEntity || k > threatmodel.DataFlow {
				bad("kind %v is not valid", k)
				continue
			}
			if k == threatmodel.DataFlow && r.Scope != PerElement {
				bad("a rule about data flows must have scope PerElement")
			}
			if AppliesToKind(r.Category, k) || k == threatmodel.DataStore && r.Category == Repudiation {
				ok = true
			}
		}
		if !ok && len(r.Kinds) > 0 {
			bad("category %v applies to none of its kinds in the STRIDE-per-element chart", r.Category)
		}
		for _, ref := range r.OWASP {
			if strings.TrimSpace(ref) == "" || strings.ContainsAny(ref, "|\n") {
				bad("OWASP reference %q is blank or holds a bar or a line break", ref)
			}
		}
		for _, c := range slices.Concat(r.MitigatedBy, r.MitigatedByAll) {
			if _, err := c.MarshalText(); err != nil || c == 0 {
				bad("mitigating control %v is not valid", c)
			}
		}
	}
	return errors.Join(errs...)
}
