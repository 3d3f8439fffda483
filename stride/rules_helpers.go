package stride

import (
	"slices"
	"strings"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// Helpers shared by the Information disclosure, Denial of service and
// Elevation of privilege rules and by the template-section rules. Each runs
// in time proportional to the degree of the element it looks at (its flows,
// the permissions that cover it, the roles it holds), never to the size of
// the model.

// confidential reports whether disclosing the asset hurts: personal data and
// credentials always; otherwise data classified Confidential or Restricted,
// or unclassified data rated High. An explicit Public or Internal
// classification says it does not. Identity assets (a role's power) and
// endpoints are about what one can do, not what one can read.
func confidential(a *tm.Asset) bool {
	if a == nil {
		return false
	}
	if a.PII() {
		return true
	}
	switch a.Classification() {
	case tm.Confidential, tm.Restricted:
		return true
	case tm.Public, tm.Internal:
		return false
	}
	return a.Kind() == tm.AssetCredential || a.Kind() == tm.AssetData && AssetLevel(a) == tm.High
}

// confidentialData reports whether the asset is a data asset (records,
// files, messages: the template's "Data Type") that is confidential.
func confidentialData(a *tm.Asset) bool {
	return a != nil && a.Kind() == tm.AssetData && confidential(a)
}

// anyAsset reports whether one of the assets satisfies ok.
func anyAsset(assets []*tm.Asset, ok func(*tm.Asset) bool) bool {
	return slices.ContainsFunc(assets, ok)
}

// flowCarries reports whether the flow carries an asset that satisfies ok.
func flowCarries(f *tm.Flow, ok func(*tm.Asset) bool) bool {
	return f != nil && anyAsset(carried(f), ok)
}

// handlesConfidential reports whether the component stores a confidential
// asset or sends or receives one on any of its flows.
func handlesConfidential(c *tm.Component) bool {
	if c == nil {
		return false
	}
	if anyAsset(stores(c), confidential) {
		return true
	}
	for _, f := range outgoing(c) {
		if flowCarries(f, confidential) {
			return true
		}
	}
	for _, f := range incoming(c) {
		if flowCarries(f, confidential) {
			return true
		}
	}
	return false
}

// isForwarder reports whether the process is a gateway or a load balancer:
// it passes requests on, and the decisions about what a caller may see or do
// are taken behind it.
func isForwarder(c *tm.Component) bool {
	return c != nil && (c.IsA(tm.Gateway) || c.IsA(tm.LoadBalancer))
}

// isRequest reports whether the flow starts an exchange rather than
// answering one.
func isRequest(f *tm.Flow) bool { return f != nil && f.ResponseTo() == nil }

// strongTransit is the evidence that the flow is encrypted with a protocol
// that is not outdated: TLS 1.2 or later, mTLS, SSH or a VPN; or, when the
// flow does not say, a protocol that is always encrypted (HTTPS, SSH) or the
// Encryption in transit control.
func strongTransit(t *Target) string {
	if t.Flow == nil {
		return ""
	}
	e := t.Flow.Encryption()
	switch {
	case e.Encrypted() && !e.Weak():
		return "encrypted with " + e.String()
	case e == 0 && t.Flow.Protocol().AlwaysEncrypted():
		return impliedEncryption(t.Flow)
	case e == 0 && t.Has(tm.EncryptionInTransit):
		return "encrypted in transit (Encryption in transit control)"
	}
	return ""
}

// impliedEncryption is the evidence that a flow which does not state its
// encryption is encrypted because its protocol always is.
func impliedEncryption(f *tm.Flow) string {
	if p := f.Protocol(); int(p) < len(impliedBy) && impliedBy[p] != "" {
		return impliedBy[p]
	}
	return "encrypted: implied by the protocol (" + f.Protocol().String() + ")"
}

// encryptedWith is the evidence of a flow encrypted with e.
func encryptedWith(e tm.Encryption) string {
	if int(e) < len(encryptedWithText) && encryptedWithText[e] != "" {
		return encryptedWithText[e]
	}
	return "encrypted with " + e.String()
}

// The evidence texts of encryption, by protocol and by encryption, made
// once: the rules give them for every encrypted flow.
var (
	impliedBy         [64]string
	encryptedWithText [64]string
)

func init() {
	for p := tm.Protocol(1); p < 64 && !strings.HasPrefix(p.String(), "Protocol("); p++ {
		impliedBy[p] = "encrypted: implied by the protocol (" + p.String() + ")"
	}
	for e := tm.Encryption(1); e < 64 && !strings.HasPrefix(e.String(), "Encryption("); e++ {
		encryptedWithText[e] = "encrypted with " + e.String()
	}
}

// plaintext reports whether the flow is in the clear: it states Plaintext,
// or it states nothing and its protocol is plaintext by default (HTTP,
// SQL, RESP, LDAP, DNS, Syslog) and no Encryption in transit control on the
// flow or its ends says otherwise.
func plaintext(f *tm.Flow) bool {
	if f == nil {
		return false
	}
	switch e := f.Encryption(); {
	case e == tm.Plaintext:
		return true
	case e != 0:
		return false
	}
	return f.Protocol().PlaintextByDefault() && !f.Has(tm.EncryptionInTransit) &&
		!(f.Source() != nil && f.Source().Has(tm.EncryptionInTransit)) &&
		!(f.Destination() != nil && f.Destination().Has(tm.EncryptionInTransit))
}

// grants reports whether the permission allows anything at all.
func grants(p *tm.Permission) bool { return p != nil && p.Effect() == tm.Allow }

// changes reports whether an allow permission grants write, delete or admin
// access: the holder can change or destroy what it covers.
func changes(p *tm.Permission) bool {
	return grants(p) && p.Access()&(tm.Write|tm.Delete|tm.Admin) != 0
}

// reads reports whether an allow permission grants read (or admin, which
// includes it) access.
func reads(p *tm.Permission) bool {
	return grants(p) && p.Access()&(tm.Read|tm.Admin) != 0
}

// fromOutside reports whether the interaction brings a request from outside
// the system: from an external entity or a component in an untrusted zone,
// whom anyone can be. A request from one of the system's own components
// (a pipeline outside the account included) is not: only that component
// sends it.
func fromOutside(t *Target) bool {
	return t.Source != nil && isRequest(t.Flow) && isOutside(t.Source)
}

// relayedFromOutside reports whether the interaction's source is a load
// balancer or gateway that an attacker outside the system reaches, with at
// least the given exposure (Target.ExposureOf, transitive through chains
// of forwarders): what it forwards is the outside caller's request. The
// rules that mean "reachable by an attacker" (flooding TW-D-001, an
// unauthenticated caller TW-S-001, cross-site scripting TW-T-012,
// unvalidated input TW-T-001, error responses TW-I-003, other users'
// records TW-I-009) read it beside the immediate sender.
func relayedFromOutside(t *Target, atLeast Exposure) bool {
	return t.Source != nil && isForwarder(t.Source) && !isOutside(t.Source) && t.ExposureOf(t.Source) >= atLeast
}

// sentBy reports whether the interaction's request comes from a component
// of the type, directly or passed on by a chain of load balancers and
// gateways (see relays).
func sentBy(t *Target, typ tm.ComponentType) bool {
	return t.Source != nil && isRequest(t.Flow) && (t.Source.IsA(typ) || relays(t, t.Source, typ))
}

// relays reports whether the component is a load balancer or gateway that
// passes on requests from a component of the type, directly or through a
// chain of forwarders. Each forwarder is worked out once per type and
// analysis; one being worked out counts as relaying nothing, so that a
// cycle of forwarders adds no way in.
func relays(t *Target, c *tm.Component, typ tm.ComponentType) bool {
	ix := t.ix
	k := relayKey{c, typ}
	if v, ok := ix.relay[k]; ok {
		return v
	}
	if !isForwarder(c) {
		return false
	}
	if ix.relay == nil {
		ix.relay = make(map[relayKey]bool)
	}
	ix.relay[k] = false // being worked out
	found := false
	for _, f := range incoming(c) {
		if src := f.Source(); isRequest(f) && src != nil && (src.IsA(typ) || relays(t, src, typ)) {
			found = true
			break
		}
	}
	ix.relay[k] = found
	return found
}

// relayKey identifies a forwarder and the type of sender relays asks about.
type relayKey struct {
	c   *tm.Component
	typ tm.ComponentType
}

// throttledInFront is the evidence that a flood from outside is rate
// limited before it reaches the process: every load balancer or gateway on
// the way in from outside states Rate limiting or DDoS protection, or sits
// behind one that does. A request straight from outside is not.
func throttledInFront(t *Target) string {
	if by := guardedInFront(t, tm.RateLimiting, tm.DDoSProtection); by != "" {
		return "throttled in front of it: " + by
	}
	return ""
}

// sanitizedInFront is the evidence that the process's error responses reach
// an outside caller only through a load balancer or gateway that replaces
// them with generic ones (Error sanitization: custom error pages), on every
// way in from outside.
func sanitizedInFront(t *Target) string {
	if by := guardedInFront(t, tm.ErrorSanitization); by != "" {
		return "errors are replaced in front of it: " + by
	}
	return ""
}

// guardedInFront names the load balancers and gateways in front of the
// interaction's source, itself included, that state one of the controls on
// every anonymous way in from outside; "" when the source is outside or is
// not a forwarder, or when one way in passes none of them.
func guardedInFront(t *Target, ctls ...tm.Control) string {
	if t.Source == nil || isOutside(t.Source) || !isForwarder(t.Source) {
		return ""
	}
	g := guard{t: t, ctls: ctls, memo: make(map[*tm.Component]*string)}
	return g.by(t.Source)
}

// guard works out, forwarder by forwarder, which ones in front state one
// of its controls. memo keeps each forwarder's answer (and marks the one
// being worked out, so that a cycle of forwarders adds no way in), so each
// is worked out once.
type guard struct {
	t    *Target
	ctls []tm.Control
	memo map[*tm.Component]*string
}

// by names the forwarders that guard what c passes on: c itself or, for
// every anonymous way in to c from outside, one in front of it; "" when
// something reaches c unguarded.
func (g *guard) by(c *tm.Component) string {
	if by, ok := g.memo[c]; ok {
		if by == nil {
			return "" // being worked out: a cycle
		}
		return *by
	}
	for _, ctl := range g.ctls {
		if c.Has(ctl) {
			by := ctl.String() + " in " + c.Name()
			g.memo[c] = &by
			return by
		}
	}
	g.memo[c] = nil
	by := ""
	if !isOutside(c) && isForwarder(c) {
		by = g.waysIn(c)
	}
	g.memo[c] = &by
	return by
}

// waysIn names the forwarders that guard every anonymous way in to the
// forwarder c from outside; "" when one way in is unguarded or there is
// none.
func (g *guard) waysIn(c *tm.Component) string {
	var by []string
	for _, f := range incoming(c) {
		src := f.Source()
		if !isRequest(f) || src == nil {
			continue
		}
		if !isOutside(src) && g.t.ExposureOf(src) < ReachableAnonymously {
			continue // no anonymous request comes this way
		}
		if prev, ok := g.memo[src]; ok && prev == nil {
			continue // a cycle back to a forwarder being worked out
		}
		b := g.by(src)
		if b == "" {
			return ""
		}
		by = append(by, b)
	}
	slices.Sort(by)
	return strings.Join(slices.Compact(by), ", ")
}

// providerRuns reports whether the component is operated by its provider
// (threatmodel.ProviderManaged): its code, hosts, capacity and
// availability are the provider's to protect, so the rules about them —
// its code altered (TW-T-201), its process crashed (TW-D-201), its entry
// flooded (TW-D-001), the channel to it interrupted (TW-D-203) — derive
// nothing there. It returns false for nil.
func providerRuns(c *tm.Component) bool { return c != nil && c.ProviderManaged() }

// queryable reports whether the data store takes queries that input can
// change: a database or a cache (SQL, NoSQL filters, cache commands and
// scripts), or a store whose type the model does not state. An object
// store, a queue, a registry, a secret store, a log store, a file system or
// a source repository is read and written by key or name, not queried.
func queryable(c *tm.Component) bool {
	return c != nil && c.Kind() == tm.DataStore && !HoldsLogs(c) &&
		(c.Type() == 0 || c.IsA(tm.Database) || c.IsA(tm.Cache))
}

// addRole appends r to roles unless it is nil or already there.
func addRole(roles []*tm.Role, r *tm.Role) []*tm.Role {
	if r == nil || slices.Contains(roles, r) {
		return roles
	}
	return append(roles, r)
}

// directRoles returns the roles the component runs as. (Roles that a secret
// it uses is a credential for are the Secrets Lifecycle rules' concern: a
// model may declare one secret for several workloads' roles.) Nil for a
// flow target.
func directRoles(t *Target) []*tm.Role {
	if t.Component == nil {
		return nil
	}
	var out []*tm.Role
	for _, r := range rolesOf(t.Component) {
		out = addRole(out, r)
	}
	return out
}

// nextRoles returns the roles whoever holds r can act as in one step, as
// its policy declares: those it may assume (CanAssume) and those an allow
// statement on the role lets it act as (iam.LeadsToRole: sts:AssumeRole,
// impersonation, a change of the role's permissions or trust, or
// iam:PassRole together with an action that launches a service as the
// passed role), the same vocabulary the reach analysis follows. A
// permission to read the role (iam:GetRole) does not, nor does iam:PassRole
// alone.
func nextRoles(r *tm.Role, decl grantFlags) []*tm.Role {
	var out []*tm.Role
	for _, o := range r.Assumes() {
		out = addRole(out, o)
	}
	for _, o := range decl.next {
		out = addRole(out, o)
	}
	return out
}

// effectiveRoles returns the roles the component can act with: its direct
// roles and, one step further, the roles those may assume. Deeper chains are
// the blast-radius analysis's to follow.
func effectiveRoles(t *Target) []*tm.Role {
	out := directRoles(t)
	for _, r := range out[:len(out):len(out)] {
		for _, o := range t.roleFacts(r).next {
			out = addRole(out, o)
		}
	}
	return out
}

// rolesAsElements returns the roles that satisfy ok, as elements for
// MatchEach.
func rolesAsElements(roles []*tm.Role, ok func(*tm.Role) bool) []tm.Element {
	var out []tm.Element
	for _, r := range roles {
		if ok(r) {
			out = append(out, r)
		}
	}
	return out
}

// itemSecret returns the secret the threat is about, or nil.
func itemSecret(t *Target) *tm.Secret {
	s, _ := t.Item.(*tm.Secret)
	return s
}

// itemAsset returns the asset the threat is about, or nil.
func itemAsset(t *Target) *tm.Asset {
	a, _ := t.Item.(*tm.Asset)
	return a
}

// componentImpact returns the highest property rating the analysis
// computed for a component of the model (from the assets it stores,
// represents and handles), 0 when no asset says or the component is not
// the model's.
func componentImpact(t *Target, c *tm.Component) tm.Level {
	if t.ix == nil || !t.ix.owns(c) {
		return 0
	}
	var l tm.Level
	for _, p := range t.ix.compImpact[c.Index()] {
		l = maxLevel(l, p)
	}
	return l
}

// boundedSources is the evidence that every component sending requests into
// the target component is bounded by one of the controls (rate limits,
// quotas): a flood can then only be as large as they let through. It returns
// "" when nothing sends requests in.
func boundedSources(t *Target, ctls ...tm.Control) string {
	if t.Component == nil {
		return ""
	}
	var names []string
	for _, f := range incoming(t.Component) {
		if !isRequest(f) {
			continue
		}
		src := f.Source()
		if src == nil || !slices.ContainsFunc(ctls, func(c tm.Control) bool { return src.Has(c) || f.Has(c) }) {
			return ""
		}
		names = append(names, src.Name())
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	return "every writer is bounded (" + controlNames(ctls) + "): " + strings.Join(slices.Compact(names), ", ")
}

// controlNames returns the controls' names joined with " or ".
func controlNames(ctls []tm.Control) string {
	parts := make([]string, len(ctls))
	for i, c := range ctls {
		parts[i] = c.String()
	}
	return strings.Join(parts, " or ")
}
