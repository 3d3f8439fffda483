package threatmodel

import (
	"slices"
	"strconv"
	"strings"
)

// validator runs the completeness checks in one pass over each collection.
type validator struct {
	m   *Model
	out []*Finding
}

func (v *validator) add(code Code, subject Element, at site, path, msg string) {
	v.out = append(v.out, &Finding{Code: code, Severity: code.Severity(), Path: path, Message: msg, Subject: subject, at: at})
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// run runs every check, collection by collection: the findings recorded
// while declaring, the model, zones, components, flows, assets, secrets,
// roles, guardrails, dependencies, and the threats with the mitigations and
// acceptances that name them.
func (v *validator) run() {
	m := v.m
	v.declared()
	v.model()
	v.zones()
	for _, c := range m.components {
		v.component(c)
	}
	v.flows()
	for _, a := range m.assets {
		v.asset(a)
	}
	granted := v.secrets()
	v.roles(granted)
	v.trust()
	v.guardrails()
	for _, d := range m.dependencies {
		v.dependency(d)
	}
	v.flowSecrets()
	v.baseImages()
	v.threats()
}

// declared copies the findings recorded while declaring: Findings fills in
// their positions, and the model must stay read-only so that it can be
// validated from many goroutines and callers cannot alter it.
func (v *validator) declared() {
	m := v.m
	v.out = make([]*Finding, 0, len(m.misuse))
	for _, f := range m.misuse {
		c := *f
		v.out = append(v.out, &c)
	}
}

// zones checks that every zone holds components or zones.
func (v *validator) zones() {
	for _, z := range v.m.zones {
		if len(z.components) == 0 && len(z.children) == 0 {
			v.add(CodeEmptyZone, z, z.at, z.Path(), "the zone holds no components and no zones: remove it or place components in it")
		}
	}
}

// flows checks every flow, and that at least one crosses a trust boundary.
func (v *validator) flows() {
	m := v.m
	crossings := 0
	for _, f := range m.flows {
		if f.CrossesBoundary() {
			crossings++
		}
		v.flow(f)
	}
	if crossings == 0 && len(m.flows) > 0 {
		v.add(CodeNoBoundaryFlow, nil, m.at, "model", "no flow crosses a trust boundary: put components in the zones they really sit in")
	}
}

// secrets checks every secret and returns the roles some secret grants.
func (v *validator) secrets() map[*Role]bool {
	granted := make(map[*Role]bool)
	for _, s := range v.m.secrets {
		for _, r := range s.grants {
			granted[r] = true
		}
		v.secret(s)
	}
	return granted
}

// roles checks that every role states permissions and that something can
// act as it: a component, another role or a secret that grants it.
func (v *validator) roles(granted map[*Role]bool) {
	for _, r := range v.m.roles {
		if len(r.permissions) == 0 {
			v.add(CodeNoPermissions, r, r.at, r.Path()+".permissions", "the role states no permissions: declare them with Allow and Deny")
		}
		if len(r.assumedBy) == 0 && len(r.assumableBy) == 0 && !granted[r] {
			v.add(CodeRoleUnassumed, r, r.at, r.Path()+".assumedBy", "nothing runs as this role: call RunsAs on the components that assume it, or CanAssume on a role that may")
		}
	}
}

// guardrails checks that every guardrail states something and applies to
// a role.
func (v *validator) guardrails() {
	for _, g := range v.m.guardrails {
		if len(g.statements) == 0 {
			v.add(CodeEmptyGuardrail, g, g.at, g.Path()+".statements",
				"the guardrail states nothing, so it limits nothing: declare what it allows and denies with Allow and Deny")
		}
		if len(g.boundaryOf) == 0 && len(g.zones) == 0 {
			v.add(CodeGuardrailIdle, g, g.at, g.Path(),
				"the guardrail applies to no role: pass it to WithPermissionBoundary or apply it to a zone with Zone.Guardrail")
		}
	}
}

// threats checks the mitigations and acceptances, that the hand-written
// threat IDs they name exist, and every hand-written threat, knowing
// whether a mitigation or acceptance names it.
func (v *validator) threats() {
	m := v.m
	// The model indexes its hand-written threats by ID as they are declared
	// (the first of each ID); a threat is resolved when a mitigation or an
	// acceptance names its ID. Marks are kept by the threat's position, so
	// that validating costs no map.
	var resolved []bool
	resolve := func(id string) (known bool) {
		t, _ := m.lookup(namesThreatIDs, id).(*Threat)
		if t == nil {
			return !strings.HasPrefix(id, "USR-")
		}
		if resolved == nil {
			resolved = make([]bool, len(m.threats))
		}
		resolved[t.index] = true
		return true
	}
	for _, mi := range m.mitigations {
		for _, id := range mi.addresses {
			if !resolve(id) {
				v.add(CodeUnknownThreat, mi, mi.at, mi.Path()+".addresses", "no hand-written threat has the ID "+quote(id))
			}
		}
		if len(mi.on) == 0 && len(mi.addresses) == 0 {
			v.add(CodeMitigationUnapplied, mi, mi.at, mi.Path(), "the mitigation applies to nothing: name the elements with On or the threats with Addresses")
		}
	}
	for _, a := range m.acceptances {
		if !resolve(a.name) {
			v.add(CodeUnknownThreat, a, a.at, a.Path(), "no hand-written threat has the ID "+quote(a.name))
		}
		v.acceptance(a)
	}
	for _, t := range m.threats {
		first, _ := m.lookup(namesThreatIDs, t.id).(*Threat) // t, or the first threat with its ID
		v.threat(t, first != nil && resolved != nil && resolved[first.index])
	}
}

func (v *validator) model() {
	m := v.m
	if blank(m.name) {
		v.add(CodeEmptyName, nil, m.at, "model", "the model has no name: pass one to threatmodel.New")
	} else if hasControl(m.name) {
		v.add(CodeBadName, nil, m.at, "model", "the model's name contains control characters")
	} else if tooLong(m.name) {
		v.add(CodeNameTooLong, nil, m.at, "model", "the model's name is longer than "+strconv.Itoa(MaxNameLength)+" characters")
	}
	if blank(m.interest) || blank(m.worstCase) {
		at := m.contextAt
		if at == 0 {
			at = m.at
		}
		v.add(CodeNoThreatContext, nil, at, "model.threatContext",
			"write the threat context: what makes the system interesting to an adversary, and the worst case if it is compromised")
	}
	if blank(m.owner) {
		v.add(CodeNoOwner, nil, m.at, "model.owner", "name the model's owner with threatmodel.Owner")
	}
	if len(m.components) == 0 {
		v.add(CodeNoComponents, nil, m.at, "model.components",
			"the model declares no component: declare what the system is made of with ExternalEntity, Process and DataStore")
	}
	for i, o := range m.outOfScope {
		if blank(o.Reason) {
			v.add(CodeNoOutOfScopeReason, nil, o.at, "model.outOfScope["+strconv.Itoa(i)+"]", "say why "+quote(o.Item)+" is out of scope")
		}
	}
}

func (v *validator) component(c *Component) {
	if blank(c.desc) {
		v.add(CodeNoDescription, c, c.at, c.Path()+".description", "describe the "+strings.ToLower(c.kind.String())+" with threatmodel.Description")
	}
	if c.kind != ExternalEntity && blank(c.technology) {
		v.add(CodeNoTechnology, c, c.at, c.Path()+".technology", "say what the component is built with, using threatmodel.Technology")
	}
	if c.kind == Process && c.InScope() {
		if len(c.errorHandling) == 0 {
			v.add(CodeNoErrorHandling, c, c.at, c.Path()+".errorHandling", "state how errors could leak information and what prevents it, using threatmodel.ErrorHandling")
		}
		if len(c.runtime) == 0 {
			v.add(CodeNoRuntime, c, c.at, c.Path()+".runtime", "state the runtime risks and their mitigations, using threatmodel.Runtime")
		}
	}
	for i, e := range c.errorHandling {
		if blank(e.Risk) || blank(e.Mitigation) {
			v.add(CodeNoErrorHandling, c, c.at, c.Path()+".errorHandling["+strconv.Itoa(i)+"]",
				"the error handling entry needs both its risk and its mitigation")
		}
	}
	for i, e := range c.runtime {
		if blank(e.Risk) || blank(e.Mitigation) {
			v.add(CodeNoRuntime, c, c.at, c.Path()+".runtime["+strconv.Itoa(i)+"]",
				"the runtime security entry needs both its risk and its mitigation")
		}
	}
	if len(c.in) == 0 && len(c.out) == 0 {
		v.add(CodeUnconnected, c, c.at, c.Path(), "the component has no flows")
	}
	if f := unstatedInputFromOutside(c); f != nil {
		v.add(CodeNoFormats, c, c.at, c.Path()+".accepts",
			"the process takes input from outside the system ("+f.Key()+"): state what it parses with threatmodel.Accepts")
	}
}

// unstatedInputFromOutside returns the first flow into the process from an
// external entity or a component in an untrusted zone that says nothing of
// its format, when the process states none either: what arrives from
// outside is what the rules about parsers look at. Gateways and load
// balancers relay what they receive, and a provider-managed service parses
// with its provider's code; nil for them, and when nothing is unstated.
func unstatedInputFromOutside(c *Component) *Flow {
	if c.kind != Process || !c.InScope() || c.providerManaged || c.accepts != 0 || c.IsA(Gateway) || c.IsA(LoadBalancer) {
		return nil
	}
	for _, f := range c.in {
		src := f.src
		if f.formats != 0 || src == nil {
			continue
		}
		if src.kind == ExternalEntity || src.zone != nil && src.zone.Trust() == Untrusted {
			return f
		}
	}
	return nil
}

func (v *validator) flow(f *Flow) {
	if f.src != nil && f.dst != nil && f.src != f.dst {
		sk, dk := f.src.kind, f.dst.kind
		if sk != Process && dk != Process {
			v.add(CodeDFDViolation, f, f.at, f.Path(), "data flows from "+strings.ToLower(sk.String())+" to "+strings.ToLower(dk.String())+" with no process between them")
		}
	}
	if !f.CrossesBoundary() {
		return
	}
	if f.protocol == 0 {
		v.add(CodeNoProtocol, f, f.at, f.Path()+".protocol", "the flow crosses a trust boundary: state its protocol with threatmodel.Over")
	}
	if f.encryption == 0 {
		v.add(CodeNoEncryption, f, f.at, f.Path()+".encryption", "the flow crosses a trust boundary: state its encryption with threatmodel.Encrypted (Plaintext if none)")
	}
	if f.authentication == 0 {
		v.add(CodeNoAuthentication, f, f.at, f.Path()+".authentication", "the flow crosses a trust boundary: state its authentication with threatmodel.AuthN (NoAuthentication if none)")
	}
	if len(f.carries) == 0 {
		v.add(CodeNoData, f, f.at, f.Path()+".carries", "the flow crosses a trust boundary: say which assets it carries with threatmodel.Carries")
	}
	if f.authorization == 0 && f.Crossing().EntersFromLowerTrust() && f.responseTo == nil {
		v.add(CodeNoAuthorization, f, f.at, f.Path()+".authorization", "the flow enters a more trusted zone: state its authorization with threatmodel.AuthZ (NoAuthorization if none)")
	}
}

func (v *validator) asset(a *Asset) {
	if a.value == 0 {
		v.add(CodeNoValue, a, a.at, a.Path()+".value", "state the asset's value with threatmodel.Value")
	}
	if a.criticality == 0 {
		v.add(CodeNoRiskLevel, a, a.at, a.Path()+".riskLevel", "state the asset's risk level with threatmodel.RiskLevel")
	}
	if len(a.storedIn) == 0 && len(a.carriedBy) == 0 && a.represents == nil {
		v.add(CodeAssetUnplaced, a, a.at, a.Path(), "no component stores the asset, no flow carries it and it represents no element")
	}
	if a.kind != AssetData {
		return
	}
	if a.classification == 0 {
		v.add(CodeNoClassification, a, a.at, a.Path()+".classification", "classify the data with threatmodel.Classified")
	}
	l := a.lifecycle
	if l == nil {
		v.add(CodeNoLifecycle, a, a.at, a.Path()+".lifecycle", "state the data lifecycle (at rest, in transit, deletion, access control) with threatmodel.Lifecycle")
		return
	}
	if blank(l.AtRest) {
		v.add(CodeNoAtRest, a, a.at, a.Path()+".lifecycle.atRest", "say how the data is stored and encrypted at rest")
	}
	if blank(l.InTransit) {
		v.add(CodeNoInTransit, a, a.at, a.Path()+".lifecycle.inTransit", "say how the data is protected in transit")
	}
	if blank(l.Deletion) {
		v.add(CodeNoDeletion, a, a.at, a.Path()+".lifecycle.deletion", "say how and when the data is deleted")
	}
	if blank(l.AccessControl) {
		v.add(CodeNoAccessControl, a, a.at, a.Path()+".lifecycle.accessControl", "say who may read and change the data")
	}
}

func (v *validator) secret(s *Secret) {
	if blank(s.provisioning) {
		v.add(CodeNoProvisioning, s, s.at, s.Path()+".provisioning", "say how the secret is created and delivered, using threatmodel.Provisioned")
	}
	if !s.rotation.Stated() {
		v.add(CodeNoRotation, s, s.at, s.Path()+".rotation", "say how the secret is rotated, using threatmodel.Rotated")
	}
	if blank(s.blastRadius) {
		v.add(CodeNoBlastRadius, s, s.at, s.Path()+".blastRadius", "say what a leak of the secret grants, using threatmodel.BlastRadius")
	}
	if s.storage == 0 {
		v.add(CodeNoStorage, s, s.at, s.Path()+".storage", "say where the secret is kept, using threatmodel.Stored")
	}
	if len(s.usedBy) == 0 {
		v.add(CodeSecretUnused, s, s.at, s.Path()+".usedBy", "name the components that use the secret, using threatmodel.UsedBy")
	}
}

func (v *validator) dependency(d *Dependency) {
	if blank(d.risk) {
		v.add(CodeNoDependencyRisk, d, d.at, d.Path()+".risk", "state the dependency's risk with threatmodel.Risk")
	}
	if blank(d.mitigation) {
		v.add(CodeNoDependencyMitigation, d, d.at, d.Path()+".mitigation", "state the dependency's mitigation with threatmodel.MitigatedBy")
	}
	if d.pinning == 0 {
		v.add(CodeNoPinning, d, d.at, d.Path()+".pinning", "say how the dependency is pinned with threatmodel.Pinned")
	}
}

func (v *validator) threat(t *Threat, resolved bool) {
	if t.impact == 0 {
		v.add(CodeNoImpact, t, t.at, t.Path()+".impact", "rate the threat's impact with threatmodel.Impact")
	}
	if t.likelihood == 0 {
		v.add(CodeNoLikelihood, t, t.at, t.Path()+".likelihood", "rate the threat's likelihood with threatmodel.Likelihood")
	}
	if blank(t.mitigation) && !resolved {
		v.add(CodeThreatUnresolved, t, t.at, t.Path()+".mitigation",
			"mitigate the threat (threatmodel.MitigatedBy, or a Mitigation that Addresses "+t.id+") or accept it with m.Accept")
	}
	if len(t.about) == 0 {
		v.add(CodeThreatAboutNothing, t, t.at, t.Path()+".about", "name the elements the threat is about with threatmodel.About")
	}
}

func (v *validator) acceptance(a *Acceptance) {
	if blank(a.justification) {
		v.add(CodeNoJustification, a, a.at, a.Path()+".justification", "say why the risk is accepted, using threatmodel.Justification")
	}
	if blank(a.owner) {
		v.add(CodeNoAcceptanceOwner, a, a.at, a.Path()+".owner", "name who owns the accepted risk, using threatmodel.Owner")
	}
	if a.expires.IsZero() {
		v.add(CodeNoExpiry, a, a.at, a.Path()+".expires", "give the acceptance an expiry date, using threatmodel.Expires")
	}
}

// applyWaivers removes the validation findings that a waiver covers and
// adds findings for waivers without a reason, with a bad code, or that match
// nothing.
func (v *validator) applyWaivers() []*Finding {
	return v.m.waive(StageValidate, v.out)
}

// ApplyWaivers returns the findings of an analysis stage less those a
// waiver of the model covers, followed by a finding for each waiver of one
// of that stage's codes that is malformed or covers none of them (TM190,
// TM191, TM192). stride.Analyze applies it to its ST findings and
// reach.Analyze to its RCH findings; validation applies it to the TM
// findings itself. The findings passed in are not changed; the result may
// share their backing array.
func (m *Model) ApplyWaivers(stage Stage, findings []*Finding) []*Finding {
	if m == nil {
		return findings
	}
	return m.waive(stage, slices.Clone(findings))
}

// waive applies the waivers of one stage's codes to that stage's findings,
// in place. Waivers naming an unknown code or a structural error are
// reported by validation only, so that each is reported once.
func (m *Model) waive(stage Stage, out []*Finding) []*Finding {
	if len(m.waivers) == 0 {
		return out
	}
	type key struct {
		code Code
		el   *node // nil for the model itself
	}
	targetOf := func(el Element) *node {
		if isNil(el) {
			return nil
		}
		return el.base()
	}
	waived := make(map[key]*Waiver, len(m.waivers))
	used := make(map[*Waiver]bool, len(m.waivers))
	var extra []*Finding
	bad := func(w *Waiver, code Code, path, msg string) {
		extra = append(extra, &Finding{Code: code, Severity: SeverityGap, Path: path, Pos: w.Pos(), Subject: w, at: w.at, Message: msg})
	}
	var mine []*Waiver
	for _, w := range m.waivers {
		sev, st := w.code.Severity(), w.code.Stage()
		switch {
		case sev == 0 && stage == StageValidate:
			bad(w, CodeBadWaiver, w.Path(), "the waiver names code "+quote(string(w.code))+", which does not exist")
			continue
		case sev == SeverityError && stage == StageValidate:
			bad(w, CodeBadWaiver, w.Path(), "structural errors cannot be waived: fix "+string(w.code)+" instead")
			continue
		case st != stage || sev == SeverityError || w.bad:
			continue
		}
		mine = append(mine, w)
		if blank(w.reason) {
			bad(w, CodeNoWaiverReason, w.Path()+".reason", "say why the check is waived")
		}
		k := key{w.code, targetOf(w.target)}
		if prev, dup := waived[k]; dup {
			used[w] = true // reported as a duplicate, not as stale
			bad(w, CodeBadWaiver, w.Path(), "another waiver (declared at "+prev.Pos().String()+") already waives this check on this element: remove one")
			continue
		}
		waived[k] = w
	}
	kept := out[:0]
	for _, f := range out {
		if f.Severity != SeverityError {
			if w, ok := waived[key{f.Code, targetOf(f.Subject)}]; ok {
				used[w] = true
				continue
			}
		}
		kept = append(kept, f)
	}
	for _, w := range mine {
		if !used[w] {
			bad(w, CodeStaleWaiver, w.Path(), "the waiver matches no finding: remove it")
		}
	}
	return append(kept, extra...)
}

func quote(s string) string { return "\"" + s + "\"" }
