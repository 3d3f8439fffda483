package stride

import (
	"slices"
	"strings"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// genericRules are the generic per-element threats, IDs in the 2xx range of
// their category (TW-S-201, TW-I-203 …): the threats the Microsoft Threat
// Modeling Tool raises on every element of a kind (data flow sniffing, data
// store inaccessible, elevation by changing the execution flow …), kept for
// the cells the specific rules leave empty.
//
// Each generic rule derives its threat on an element only when no specific
// built-in rule of its category derives one there (see uncovered): the
// specific rules keep precedence in meaning, and together the catalog puts at
// least one threat in every applicable cell of the coverage matrix of any
// in-scope element. Cells that a specific rule always covers (process
// Repudiation: TW-R-001; data store Tampering: TW-T-013; log store
// Repudiation: TW-R-002) have no generic rule. The precedence is over the
// built-in rules: removing a specific rule with WithoutRules does not make the
// generic one take its place.
//
// It is a table of rules, one Rule literal per rule, which is why it is
// long: each rule reads, and is edited, on its own.
func genericRules() []Rule {
	specific := specificRules()
	gap := func(c Category, k tm.Kind) func(*Target) bool { return uncovered(specific, c, k) }
	return []Rule{
		{
			ID:       "TW-S-201",
			Category: Spoofing,
			Title:    "Process or its peers impersonated",
			Description: fillIn("process", "spoofing", "callers and peers that may not prove who they are") +
				"Nothing in the model shows the process and the components it exchanges requests with proving " +
				"who they are: a workload on the same network, host or cluster calls it as one of its callers, or " +
				"answers in its place.",
			AttackPaths: []string{
				"A compromised neighbour in the same zone calls the process as a legitimate caller",
				"A rogue service registers under the process's name (DNS, service discovery) and receives its traffic",
			},
			Mitigations: []string{
				"Authenticate every caller, inside the trust boundary too (mutual TLS, workload identity, signed requests)",
				"Authenticate the process to whatever it calls with its own workload identity",
			},
			MitigatedBy:   []tm.Control{tm.Authentication, tm.MessageSigning},
			MitigatedWhen: peersAuthenticated,
			CAPEC:         []int{151},
			CWE:           []int{290, 306},
			FillIn:        true,
			Kinds:         []tm.Kind{tm.Process},
			Match:         gap(Spoofing, tm.Process),
		},
		{
			ID:       "TW-S-202",
			Category: Spoofing,
			Title:    "Recipient impersonated",
			Description: fillIn("external entity", "spoofing", "an impostor receiving what the system sends it") +
				"No exchange in the model has the external entity prove who it is: whatever the system sends " +
				"it goes to whoever answers at its address, and an impostor there receives it.",
			AttackPaths: []string{
				"A hijacked domain, DNS record or lapsed account of the recipient",
				"An adversary in the middle of a channel that does not authenticate the destination",
			},
			Mitigations: []string{
				"Send to the entity only over channels that authenticate it: TLS 1.2 or later with certificate validation, pinning or mutual TLS",
				"Verify the recipient's address or endpoint when it is registered, and on every change",
			},
			MitigatedWhen: deliveredToAuthenticatedDestination,
			CAPEC:         []int{89, 151},
			CWE:           []int{941, 295},
			FillIn:        true,
			Kinds:         []tm.Kind{tm.ExternalEntity},
			Match:         gap(Spoofing, tm.ExternalEntity),
		},
		{
			ID:       "TW-T-201",
			Category: Tampering,
			Title:    "Process code, configuration or memory altered",
			Description: fillIn("process", "tampering", "changes to its code, configuration or memory") +
				"Whoever reaches the process's host, runtime, deployment or configuration changes what it " +
				"executes or the state it holds, and the process keeps its identity and permissions.",
			AttackPaths: []string{
				"Configuration or policy changed outside the reviewed change process",
				"A modified binary, image or plugin loaded at start or written to its filesystem at run time",
				"Memory of the running process altered through the host or a debugging interface",
			},
			Mitigations: []string{
				"Run only signed, verified artefacts; review every change to code and configuration",
				"A read-only filesystem, so that nothing written at run time persists or is loaded",
			},
			MitigatedBy: []tm.Control{tm.SignedArtifacts, tm.ReadOnlyFilesystem, tm.CodeReview},
			CAPEC:       []int{176},
			CWE:         []int{15, 494},
			FillIn:      true,
			Kinds:       []tm.Kind{tm.Process},
			Match:       notProvider(gap(Tampering, tm.Process)),
		},
		{
			ID:       "TW-T-202",
			Category: Tampering,
			Title:    "In-process call altered by co-resident code",
			Description: fillIn("flow", "tampering", "code in the same process altering the call") +
				"The flow is a call inside one process, where no network sits between its ends: code that " +
				"shares the process — a plugin, a dependency, an injected module — changes the arguments or the " +
				"results, or the shared objects they point to.",
			AttackPaths: []string{
				"A compromised library alters a mutable object after the caller has checked it",
				"A plugin loaded into the process rewrites the data it is passed or returns",
			},
			Mitigations: []string{
				"Pass copies or immutable values; validate what arrives in the receiving module",
				"Isolate untrusted modules (WebAssembly or process sandboxes) instead of loading them in-process",
			},
			MitigatedBy:   []tm.Control{tm.Sandboxing},
			MitigatedWhen: receiverValidates,
			CAPEC:         []int{124},
			CWE:           []int{374, 829},
			FillIn:        true,
			Kinds:         []tm.Kind{tm.DataFlow},
			Match:         gap(Tampering, tm.DataFlow),
		},
		{
			ID:       "TW-R-201",
			Category: Repudiation,
			Title:    "External entity denies receiving",
			Description: fillIn("external entity", "repudiation", "deliveries it could deny receiving") +
				"Whatever the system sends the external entity — data, notices, instructions — the entity can " +
				"later deny having received: nothing shows what was delivered, or when.",
			AttackPaths: []string{
				"A partner disputes having received an instruction, an invoice or a notice",
				"A user denies having been sent a message that had legal or financial effect",
			},
			Mitigations: []string{
				"Record each delivery with its content digest, time and the recipient's acknowledgement",
				"Signed messages and signed receipts for deliveries that have legal or financial effect",
			},
			MitigatedWhen: deliveriesRecorded,
			CWE:           []int{778},
			FillIn:        true,
			Kinds:         []tm.Kind{tm.ExternalEntity},
			Match:         gap(Repudiation, tm.ExternalEntity),
		},
		{
			ID:       "TW-I-201",
			Category: InformationDisclosure,
			Title:    "Process discloses what it holds through its outputs",
			Description: fillIn("process", "information disclosure", "what its outputs, errors and dumps reveal") +
				"The process holds data, credentials and internal details in memory while it works; its " +
				"responses, errors, diagnostics and dumps can carry more of them than the recipient may see.",
			AttackPaths: []string{
				"Verbose errors, debug or diagnostic endpoints left on in production",
				"Crash or core dumps and heap snapshots copied off the host",
				"Responses that return whole records or internal fields instead of what the caller needs",
			},
			Mitigations: []string{
				"Generic errors outside, details only in internal logs; no debug endpoints in production",
				"Return and expose only the fields the recipient needs; mask the rest",
			},
			MitigatedBy: []tm.Control{tm.ErrorSanitization, tm.DataMasking},
			CAPEC:       []int{116},
			CWE:         []int{200, 215, 528},
			FillIn:      true,
			Kinds:       []tm.Kind{tm.Process},
			Match:       gap(InformationDisclosure, tm.Process),
		},
		{
			ID:       "TW-I-202",
			Category: InformationDisclosure,
			Title:    "Store contents read without authorization",
			Description: fillIn("data store", "information disclosure", "who can read what it holds") +
				"The store holds nothing classified as confidential, yet what it holds — logs, messages, " +
				"artefacts, configuration — maps the system for an attacker and often contains what nobody meant to " +
				"store there; unless access to it is controlled, anyone who reaches it reads it.",
			AttackPaths: []string{
				"A principal with a broad read policy lists and reads the store",
				"Tokens, personal data or internal host names that ended up in logs, messages or images",
			},
			Mitigations: []string{
				"Grant read access to the store only to the components and people that need it (resource policies)",
				"Encrypt at rest with a key whose use is limited to those principals",
			},
			MitigatedBy:   []tm.Control{tm.Authorization},
			MitigatedWhen: storedAccessControlled,
			CAPEC:         []int{1},
			CWE:           []int{284, 732},
			FillIn:        true,
			Kinds:         []tm.Kind{tm.DataStore},
			Match:         gap(InformationDisclosure, tm.DataStore),
		},
		{
			ID:       "TW-I-203",
			Category: InformationDisclosure,
			Title:    "Traffic observed in transit",
			Description: fillIn("flow", "information disclosure", "who can observe it in transit") +
				"Anyone on the path between the flow's ends reads what it carries unless it is encrypted: " +
				"not only the data, but the credentials, identifiers and metadata that travel with it.",
			AttackPaths: []string{
				"Sniffing a shared network segment, a mirrored port or a compromised host on the path",
				"Reading traffic at a proxy or load balancer that terminates TLS",
			},
			Mitigations: []string{
				"TLS 1.2 or later (or mutual TLS, SSH, a VPN) on every flow that leaves the process",
				"Disable plaintext listeners and legacy protocol versions",
			},
			MitigatedWhen: notObservable,
			CAPEC:         []int{157, 158},
			CWE:           []int{319},
			FillIn:        true,
			Kinds:         []tm.Kind{tm.DataFlow},
			Match:         gap(InformationDisclosure, tm.DataFlow),
		},
		{
			ID:       "TW-D-201",
			Category: DenialOfService,
			Title:    "Process crashed, hung or starved",
			Description: fillIn("process", "denial of service", "crashes, hangs and starvation") +
				"The process fails or stops answering — a crash on unexpected input, a hang on a slow " +
				"dependency, memory or CPU used up by other work — and everything that depends on it stops with it.",
			AttackPaths: []string{
				"Input or a response that triggers an unhandled error and crashes the process",
				"Calls that never return hold its workers until none is left",
				"A noisy neighbour on the same host or quota starves it",
			},
			Mitigations: []string{
				"More than one instance, across failure domains, with health checks and automatic restarts",
				"Resource limits and timeouts on everything it does and waits for",
			},
			MitigatedBy:    []tm.Control{tm.Redundancy},
			MitigatedByAll: []tm.Control{tm.ResourceLimits, tm.Timeouts},
			CAPEC:          []int{227},
			CWE:            []int{400, 703},
			FillIn:         true,
			Kinds:          []tm.Kind{tm.Process},
			Match:          notProvider(gap(DenialOfService, tm.Process)),
		},
		{
			ID:       "TW-D-202",
			Category: DenialOfService,
			Title:    "Data store unavailable",
			Description: fillIn("data store", "denial of service", "outages and lost data") +
				"The store goes offline or loses its data — an outage, an exhausted quota, a deleted or " +
				"corrupted volume, a bad configuration change — and every component that reads or writes it fails.",
			AttackPaths: []string{
				"A zone or instance failure takes the only copy offline",
				"A runaway internal writer fills the store or exhausts its connections",
				"An operator error or a compromised principal deletes or corrupts the data",
			},
			Mitigations: []string{
				"Replicas across failure domains, with a tested fail-over",
				"Backups or point-in-time recovery, restored and tested regularly",
				"Quotas and connection limits on the writers, so that one of them cannot exhaust the store",
			},
			MitigatedBy: []tm.Control{tm.Redundancy, tm.Backups},
			CAPEC:       []int{607},
			CWE:         []int{400},
			FillIn:      true,
			Kinds:       []tm.Kind{tm.DataStore},
			Match:       gap(DenialOfService, tm.DataStore),
		},
		{
			ID:       "TW-D-203",
			Category: DenialOfService,
			Title:    "Data flow interrupted or flooded",
			Description: fillIn("flow", "denial of service", "interruption and flooding of its channel") +
				"The channel between the flow's ends is cut, blocked or saturated — a network failure, a " +
				"dropped route, a flood on the link — and the exchange it carries stops; a sender that waits without " +
				"a limit stops with it.",
			AttackPaths: []string{
				"A flood of traffic saturates the link or the receiving end's connection pool",
				"A network, DNS or routing failure between the zones cuts the channel",
				"Slow or stalled responses hold the sender's connections until none is left",
			},
			Mitigations: []string{
				"Redundant paths and endpoints (several zones, fail-over)",
				"Timeouts and bounded retries on the sending side; rate limits on the channel",
			},
			MitigatedBy: []tm.Control{tm.Redundancy, tm.Timeouts, tm.RateLimiting},
			CAPEC:       []int{125, 607},
			CWE:         []int{400},
			FillIn:      true,
			Kinds:       []tm.Kind{tm.DataFlow},
			Match:       notProvider(gap(DenialOfService, tm.DataFlow)),
		},
		{
			ID:       "TW-E-201",
			Category: ElevationOfPrivilege,
			Title:    "Elevation by changing the execution flow",
			Description: fillIn("process", "elevation of privilege", "input that steers it beyond its function") +
				"What the process receives — requests, responses, messages, configuration — steers it to act " +
				"beyond its intended function: to run, with its own privileges, an operation its caller may not ask " +
				"for (a confused deputy), or to route a request where it should never go.",
			AttackPaths: []string{
				"Crafted input that takes the process down a path its authors did not intend",
				"A caller asks the process for an action or a resource it is not allowed, and the process uses its own rights",
				"Request smuggling or path and host confusion through a gateway or load balancer",
			},
			Mitigations: []string{
				"Validate everything the process receives against what it expects",
				"Authorize every operation against the caller, not against the process's own identity",
			},
			MitigatedByAll: []tm.Control{tm.InputValidation, tm.Authorization},
			MitigatedWhen:  validatedAndAuthorized,
			CAPEC:          []int{233},
			CWE:            []int{441, 862},
			FillIn:         true,
			Kinds:          []tm.Kind{tm.Process},
			Match:          notProvider(gap(ElevationOfPrivilege, tm.Process)),
		},
	}
}

// fillIn is the opening of a generic rule's description: it says that the
// threat stands in where no specific rule covers the cell.
func fillIn(kind, category, review string) string {
	return "No specific rule covers this " + kind + " for " + category + "; review this element for " + review + ". "
}

// notProvider wraps a generic rule's match: the rule derives nothing on a
// provider-managed component, nor on a flow to or from one, since what it
// is about (the component's code, its availability, the channel to it) is
// the provider's to protect.
func notProvider(match func(*Target) bool) func(*Target) bool {
	return func(t *Target) bool {
		if providerRuns(t.Component) || t.Component == nil && (providerRuns(t.Source) || providerRuns(t.Destination)) {
			return false
		}
		return match(t)
	}
}

// uncovered returns a match function that reports whether no rule among the
// given ones of category c about elements of kind k derives a threat on the
// target: the generic rule's gap. It evaluates each of those rules as derive
// would — per element, or on each flow into or out of the component — and
// stops at the first that derives one, so it costs no more than evaluating
// them once. On a flow, the rules of category c about its ends through it
// count too (a flood of the entry point through the flow, input the
// destination parses): each is a threat of the interaction, and the
// coverage matrix counts it in the flow's cell.
func uncovered(rules []Rule, c Category, k tm.Kind) func(*Target) bool {
	var rs, through []*Rule
	for i := range rules {
		r := &rules[i]
		if r.Category != c {
			continue
		}
		if slices.Contains(r.Kinds, k) {
			rs = append(rs, r)
		} else if k == tm.DataFlow && r.Scope != PerElement {
			through = append(through, r)
		}
	}
	return func(t *Target) bool {
		for _, r := range rs {
			if derivesOn(r, t) {
				return false
			}
		}
		if t.Component == nil {
			for _, f := range t.interaction() {
				for _, r := range through {
					if derivesThrough(r, t, f) {
						return false
					}
				}
			}
		}
		return true
	}
}

// derivesThrough reports whether the interaction-scoped rule derives a
// threat on the end of the flow it is about (the destination for
// PerIncomingFlow, the source for PerOutgoingFlow) through the flow, as
// derive would: only on a component in scope, of one of the rule's kinds,
// to which its category applies.
func derivesThrough(r *Rule, t *Target, f *tm.Flow) bool {
	end := f.Destination()
	if r.Scope == PerOutgoingFlow {
		end = f.Source()
	}
	if end == nil || !end.InScope() || !slices.Contains(r.Kinds, end.Kind()) || !Applies(r.Category, end) {
		return false
	}
	if t.ix != nil {
		if derived, known := t.ix.prec.via(r, f); known {
			return derived
		}
	}
	u := Target{Kind: end.Kind(), Component: end, Flow: f, Source: f.Source(), Destination: f.Destination(), Crossing: t.ix.crossingAt(f), ix: t.ix}
	if r.Match != nil {
		return r.Match(&u)
	}
	return r.MatchEach != nil && slices.ContainsFunc(r.MatchEach(&u), func(e tm.Element) bool { return e != nil })
}

// derivesOn reports whether the rule derives at least one threat on the
// per-element target t, or on one of the interactions of t's component for
// a rule scoped to flows.
func derivesOn(r *Rule, t *Target) bool {
	derives := func(u *Target) bool {
		if r.Match != nil {
			return r.Match(u)
		}
		return r.MatchEach != nil && slices.ContainsFunc(r.MatchEach(u), func(e tm.Element) bool { return e != nil })
	}
	if t.ix != nil {
		if derived, known := t.ix.prec.on(r, t.Element()); known {
			return derived
		}
	}
	c := t.Component
	switch {
	case r.Scope == PerElement:
		u := *t
		return derives(&u)
	case c == nil:
		return false
	case r.Scope == PerIncomingFlow:
		u := new(Target) // one for every flow: the rule sees each in turn
		for _, f := range incoming(c) {
			*u = Target{Kind: t.Kind, Component: c, Flow: f, Source: f.Source(), Destination: c, Crossing: t.ix.crossingAt(f), ix: t.ix}
			if derives(u) {
				return true
			}
		}
	case r.Scope == PerOutgoingFlow:
		u := new(Target)
		for _, f := range outgoing(c) {
			*u = Target{Kind: t.Kind, Component: c, Flow: f, Source: c, Destination: f.Destination(), Crossing: t.ix.crossingAt(f), ix: t.ix}
			if derives(u) {
				return true
			}
		}
	}
	return false
}

// peersAuthenticated is the evidence that every request into and out of
// the process states an authentication scheme: its callers prove who they
// are, and it proves who it is to what it calls.
func peersAuthenticated(t *Target) string {
	c := t.Component
	var schemes []string
	for _, fs := range [][]*tm.Flow{incoming(c), outgoing(c)} {
		for _, f := range fs {
			if !isRequest(f) {
				continue
			}
			a := f.Authentication()
			if !a.Authenticated() {
				return ""
			}
			schemes = append(schemes, a.String())
		}
	}
	if len(schemes) == 0 {
		return ""
	}
	slices.Sort(schemes)
	return "every request to and from it is authenticated (" + strings.Join(slices.Compact(schemes), ", ") + ")"
}

// deliveredToAuthenticatedDestination is the evidence that every flow to
// the entity runs over a channel that authenticates the destination.
func deliveredToAuthenticatedDestination(t *Target) string {
	in := incoming(t.Component)
	if len(in) == 0 {
		return ""
	}
	var chans []string
	for _, f := range in {
		switch e := f.Encryption(); {
		case e == tm.TLS12 || e == tm.TLS13 || e == tm.MutualTLS || e == tm.SSHTunnel || e == tm.VPN:
			chans = append(chans, e.String())
		case e == 0 && f.Protocol().AlwaysEncrypted():
			chans = append(chans, f.Protocol().String()+" (implied by the protocol)")
		case e == 0 && (f.Has(tm.EncryptionInTransit) || f.Source() != nil && f.Source().Has(tm.EncryptionInTransit)):
			chans = append(chans, "Encryption in transit")
		default:
			return ""
		}
	}
	slices.Sort(chans)
	return "every flow to it authenticates the destination (" + strings.Join(slices.Compact(chans), ", ") + ")"
}

// deliveriesRecorded is the evidence that every flow to the entity is
// signed, or sent by a component that keeps an audit trail of it.
func deliveriesRecorded(t *Target) string {
	in := incoming(t.Component)
	if len(in) == 0 {
		return ""
	}
	var by []string
	for _, f := range in {
		src := f.Source()
		switch {
		case f.Has(tm.MessageSigning):
			by = append(by, "signed messages")
		case src != nil && (src.Has(tm.AuditLogging) || len(t.logStoresOf(src)) > 0):
			by = append(by, src.Name())
		default:
			return ""
		}
	}
	slices.Sort(by)
	return "every delivery is recorded (" + strings.Join(slices.Compact(by), ", ") + ")"
}

// receiverValidates is the evidence that the receiving end of an in-process
// call validates what it is passed.
func receiverValidates(t *Target) string {
	if t.Flow.Has(tm.InputValidation) || t.Destination != nil && t.Destination.Has(tm.InputValidation) {
		return "the receiver validates what it is passed (Input validation)"
	}
	return ""
}

// storedAccessControlled is the evidence that the lifecycle of every asset
// the store holds says who may access it.
func storedAccessControlled(t *Target) string {
	assets := stores(t.Component)
	if len(assets) == 0 {
		return ""
	}
	for _, a := range assets {
		if l := a.Lifecycle(); l == nil || strings.TrimSpace(l.AccessControl) == "" {
			return ""
		}
	}
	return "every asset it holds states its access control"
}

// notObservable is the evidence that nobody on a network path can read the
// flow: it is encrypted with a protocol that is not outdated, or it never
// leaves the process.
func notObservable(t *Target) string {
	if t.Flow.Protocol() == tm.InProcess {
		return "an in-process call: nothing crosses a network"
	}
	return strongTransit(t)
}

// validatedAndAuthorized is the evidence that the process validates its
// input and that every request into it states how it is authorized.
func validatedAndAuthorized(t *Target) string {
	if !t.Has(tm.InputValidation) {
		return ""
	}
	var schemes []string
	for _, f := range incoming(t.Component) {
		if !isRequest(f) {
			continue
		}
		a := f.Authorization()
		if !a.Authorized() {
			return ""
		}
		schemes = append(schemes, a.String())
	}
	if len(schemes) == 0 {
		return ""
	}
	slices.Sort(schemes)
	return "it validates input and every request is authorized (" + strings.Join(slices.Compact(schemes), ", ") + ")"
}
