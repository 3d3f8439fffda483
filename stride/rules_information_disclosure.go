package stride

import (
	"slices"
	"strings"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// informationDisclosureRules are the Information disclosure rules: data read
// by someone not authorised to see it — on the wire, at rest, through error
// messages and logs, through outbound calls, or straight from the store.
// The rules about a flow of unknown encryption and a store reached without
// authentication are in rules_transit_access.go.
// The Denial of service rules are in rules_denial_of_service.go, the Elevation of
// privilege rules in rules_elevation_of_privilege.go and rules_elevation_iam.go, and shared helpers in
// rules_helpers.go.
//
// It is a table of rules, one Rule literal per rule, which is why it is
// long: each rule reads, and is edited, on its own.
func informationDisclosureRules() []Rule {
	return append([]Rule{
		{
			ID:       "TW-I-001",
			Category: InformationDisclosure,
			Title:    "Sensitive data intercepted in transit",
			Description: "The flow carries personal, confidential or credential data across a trust boundary, " +
				"or in plaintext (stated, or implied by a protocol such as HTTP, SQL or RESP) or over outdated TLS; anyone on the path between its ends reads it.",
			AttackPaths: []string{
				"Sniffing the network between the zones, or inside a shared network segment",
				"An adversary in the middle downgrades or strips the encryption",
				"A proxy or load balancer terminates TLS and forwards in plaintext",
			},
			Mitigations: []string{
				"TLS 1.2 or later on every flow that carries sensitive data; mutual TLS between services",
				"Disable plaintext listeners and legacy protocol versions",
			},
			MitigatedWhen: strongTransit,
			CAPEC:         []int{117, 157},
			CWE:           []int{319, 326},
			Kinds:         []tm.Kind{tm.DataFlow},
			// The request and its responses share the channel: one threat
			// for what either direction carries (see Target.Interaction).
			Match: func(t *Target) bool {
				if !slices.ContainsFunc(t.interaction(), func(f *tm.Flow) bool { return flowCarries(f, confidential) }) {
					return false
				}
				return t.Crossing.Crosses() || plaintext(t.Flow) || t.Flow.Encryption().Weak()
			},
		},
		{
			ID:       "TW-I-002",
			Category: InformationDisclosure,
			Title:    "Personal or restricted data shared with a third party",
			Description: "The system sends personal or restricted data to a service outside its control; whatever " +
				"the third party stores, logs or leaks of it is disclosed, and it may use it beyond the purpose it was sent for.",
			AttackPaths: []string{
				"A breach or a malicious insider at the third party",
				"Fields sent that the third party does not need, kept in its logs and analytics",
			},
			Mitigations: []string{
				"Send only the fields the third party needs; tokenise or mask the rest",
				"A data processing agreement and a review of the third party's retention",
			},
			MitigatedBy: []tm.Control{tm.DataMasking},
			CWE:         []int{359, 201},
			Kinds:       []tm.Kind{tm.DataFlow},
			// Whichever direction of the interaction takes the data out:
			// a request to the third party, or a response to its call.
			Match: func(t *Target) bool {
				return slices.ContainsFunc(t.interaction(), func(f *tm.Flow) bool {
					d, s := f.Destination(), f.Source()
					return d != nil && isOutside(d) && !isPerson(d) && s != nil && !isOutside(s) &&
						flowCarries(f, func(a *tm.Asset) bool {
							return a.Kind() == tm.AssetData && (a.PII() || a.Classification() == tm.Restricted)
						})
				})
			},
		},
		{
			ID:       "TW-I-003",
			Category: InformationDisclosure,
			Title:    "Error responses reveal internals",
			Description: "A caller from outside the system can make the process fail; stack traces, queries, " +
				"internal host names or versions in the error it returns map the system for the next attack. " +
				"Errors of the processes behind it reach the caller through it.",
			AttackPaths: []string{
				"Malformed or unexpected input that triggers an unhandled exception (fuzzing for error messages)",
				"Default framework or gateway error pages with versions and integration details",
				"Database errors naming tables, columns and constraints",
			},
			Mitigations: []string{
				"Generic error messages externally with a correlation ID; details in structured internal logs only",
				"Custom error pages on gateways and load balancers; no version banners",
			},
			MitigatedBy:   []tm.Control{tm.ErrorSanitization},
			MitigatedWhen: sanitizedInFront,
			CAPEC:         []int{54, 215},
			CWE:           []int{209, 497},
			Kinds:         []tm.Kind{tm.Process},
			Scope:         PerIncomingFlow,
			// The error reaches whoever sent the request: an outside caller
			// directly, or through a load balancer or gateway that relays it.
			Match: func(t *Target) bool {
				return fromOutside(t) || isRequest(t.Flow) && relayedFromOutside(t, ReachableCryptographic)
			},
		},
		{
			ID:       "TW-I-004",
			Category: InformationDisclosure,
			Title:    "Secrets or personal data written to logs",
			Description: "The process handles credentials or confidential data and sends logs to a log store; " +
				"whatever it logs is readable by everyone who reads the logs, kept as long as they are, and copied wherever they go.",
			AttackPaths: []string{
				"Request bodies, headers or tokens logged in full",
				"Exceptions that print the environment, connection strings or the record being processed",
				"Read access to the log store is wider than access to the data",
			},
			Mitigations: []string{
				"Scrub sensitive fields before logging (deny-list of headers and fields, structured logging)",
				"Never log request bodies or credentials; restrict and audit access to logs",
			},
			MitigatedBy:   []tm.Control{tm.LogScrubbing},
			MitigatedWhen: everyLogFlowScrubbed,
			CWE:           []int{532, 359},
			Kinds:         []tm.Kind{tm.Process},
			Match: func(t *Target) bool {
				c := t.Component
				return len(logFlows(c)) > 0 && (handlesConfidential(c) || len(t.SecretsUsed()) > 0)
			},
		},
		{
			ID:       "TW-I-005",
			Category: InformationDisclosure,
			Title:    "Server-side request forgery (SSRF)",
			Description: "The process makes outbound requests and is driven by input an attacker can reach; a " +
				"crafted URL, host or redirect makes it call internal services or the metadata endpoint and hand back what they return.",
			AttackPaths: []string{
				"A URL, host name or webhook target taken from the request",
				"The instance or task metadata endpoint reached for the role's credentials",
				"Redirects or DNS rebinding to an internal address after validation",
			},
			Mitigations: []string{
				"Egress filtering: outbound traffic only to allowlisted destinations",
				"Never fetch user-supplied URLs; if unavoidable, resolve and check against an allowlist; IMDSv2 with hop limit 1",
			},
			MitigatedBy: []tm.Control{tm.EgressFiltering},
			CAPEC:       []int{664},
			CWE:         []int{918},
			Kinds:       []tm.Kind{tm.Process},
			Match: func(t *Target) bool {
				c := t.Component
				return !c.Infrastructure() && t.Reachable() && makesNetworkRequests(c)
			},
		},
		{
			ID:       "TW-I-006",
			Category: InformationDisclosure,
			Title:    "Data exfiltrated through outbound calls",
			Description: "Code running in the process — injected, or from a compromised dependency — reads the " +
				"confidential data the process handles and sends it anywhere on the internet.",
			AttackPaths: []string{
				"A compromised dependency posts data to an attacker's server",
				"Injected code exfiltrates over HTTPS or DNS",
			},
			Mitigations: []string{
				"Egress filtering with allowlisted destinations; VPC endpoints for cloud APIs",
				"No direct internet route from the workload's network",
			},
			MitigatedBy: []tm.Control{tm.EgressFiltering},
			CWE:         []int{200},
			Kinds:       []tm.Kind{tm.Process},
			Match: func(t *Target) bool {
				c := t.Component
				return !c.Infrastructure() && handlesConfidential(c)
			},
		},
		{
			ID:       "TW-I-007",
			Category: InformationDisclosure,
			Title:    "Data exfiltrated by direct access to the store",
			Description: "The store holds confidential data; whoever reaches it other than through the application " +
				"— a public endpoint, another network, stolen credentials — reads or exports all of it at once (data exfiltration).",
			AttackPaths: []string{
				"Direct DynamoDB access (the guide's attack path) from outside the application's network",
				"A public endpoint, an open bucket or security group",
				"Credentials that are not the application's used from anywhere",
			},
			Mitigations: []string{
				"No public endpoints: private subnets, VPC endpoints with endpoint policies, private links",
				"Resource policies that admit only the application's role through the private endpoint",
			},
			MitigatedBy: []tm.Control{tm.PrivateEndpoint, tm.NetworkIsolation},
			CAPEC:       []int{1},
			CWE:         []int{668, 200},
			Kinds:       []tm.Kind{tm.DataStore},
			Match:       func(t *Target) bool { return anyAsset(stores(t.Component), confidential) },
		},
		{
			ID:       "TW-I-008",
			Category: InformationDisclosure,
			Title:    "Read access to a data store outside the data flow",
			Description: "A role the process acts with may read a data store (or a data asset, or everything) that " +
				"the process has no flow to: a side door the data flow diagram does not show, through which a " +
				"compromised process reads the data in bulk.",
			AttackPaths: []string{
				"Direct DynamoDB access (the guide's attack path) by a component other than the owning process",
				"A compromised component uses its role's read permission on a store it never needs",
				"A wildcard resource grants read access to every store",
			},
			Mitigations: []string{
				"Remove read permissions that no data flow needs",
				"Scope policies to the resources each role's components use (DynamoDB access only via the owning process's role)",
			},
			CAPEC:     []int{122},
			CWE:       []int{732, 668},
			Kinds:     []tm.Kind{tm.Process},
			MatchEach: sideDoorReads,
		},
		{
			ID:       "TW-I-009",
			Category: InformationDisclosure,
			Title:    "Other users' records returned (broken object-level authorization)",
			Description: "The process answers a less trusted caller with confidential records; unless it checks " +
				"that each record belongs to the caller, changing an ID in the request returns someone else's data.",
			AttackPaths: []string{
				"Changing the record or document ID in the request (insecure direct object reference)",
				"A list or search endpoint that does not filter by owner or tenant",
			},
			Mitigations: []string{
				"Check ownership of every object against the authenticated identity, not a client-supplied one",
				"Attribute-based or resource-owner authorization; tenant isolation in the data layer",
			},
			// Object-level authorization is the owning service's: a caller's
			// permission to invoke it (an IAM policy on the flow) says
			// nothing about whose records it returns.
			MitigatedBy:   []tm.Control{tm.Authorization},
			Enforced:      EnforcedAtElement,
			MitigatedWhen: objectLevelAuthorization,
			CWE:           []int{639, 285},
			CAPEC:         []int{1},
			Kinds:         []tm.Kind{tm.Process},
			Scope:         PerIncomingFlow,
			Match: func(t *Target) bool {
				if !isRequest(t.Flow) || isForwarder(t.Component) || signIn(t) ||
					!fromLessTrusted(t) && !relayedFromOutside(t, ReachableCryptographic) {
					return false
				}
				return slices.ContainsFunc(responses(t.Flow), func(r *tm.Flow) bool { return flowCarries(r, confidentialData) })
			},
		},
		{
			ID:       "TW-I-010",
			Category: InformationDisclosure,
			Title:    "XML external entities read local files and internal services",
			Description: "The process parses XML that callers supply (office documents are XML inside a zip). A document " +
				"type declaration with an external entity makes the parser read a local file or fetch an internal " +
				"URL and put the result in the document: the process's files, credentials and the services only it " +
				"can reach leak to the caller (XXE).",
			AttackPaths: []string{
				"An external entity naming file:///etc/passwd or the instance metadata endpoint",
				"Blind XXE that sends the data out through a parameter entity and an attacker's DTD",
				"Entity expansion (billion laughs) that exhausts the parser's memory",
			},
			Mitigations: []string{
				"Disable DTDs and external entities in every XML parser, including those inside document libraries",
				"Bound entity expansion; prefer formats without entities (JSON) for new interfaces",
			},
			MitigatedBy: []tm.Control{tm.XMLHardening},
			Enforced:    EnforcedAtElement,
			CAPEC:       []int{201, 221},
			CWE:         []int{611, 776},
			Kinds:       []tm.Kind{tm.Process},
			Match:       func(t *Target) bool { return t.Parses(tm.XML, tm.Documents) },
		},
		{
			ID:       "TW-I-011",
			Category: InformationDisclosure,
			Title:    "Path traversal reads files outside the intended directory",
			Description: "The process opens files by a name or path that callers supply. ../ sequences, absolute paths " +
				"or encoded variants reach files outside the intended directory: configuration, credentials, other " +
				"tenants' files.",
			AttackPaths: []string{
				"../../etc/passwd or ..%2f..%2f in a file name parameter",
				"An absolute path or a drive letter where a relative name was expected",
			},
			Mitigations: []string{
				"Map caller input to an identifier, never to a path; otherwise canonicalize and check the result stays under the base directory",
				"Run with a read-only filesystem and no access to secrets on disk",
			},
			MitigatedBy: []tm.Control{tm.PathCanonicalization},
			Enforced:    EnforcedAtElement,
			CAPEC:       []int{126},
			CWE:         []int{22, 73},
			Kinds:       []tm.Kind{tm.Process},
			Match:       func(t *Target) bool { return t.Parses(tm.FilePaths) },
		},
	}, transitAccessRules()...)
}

// signIn reports whether the interaction is a person signing in to an
// identity provider: what comes back is their own token.
func signIn(t *Target) bool {
	return t.Component != nil && t.Component.IsA(tm.IdentityProvider) && isPerson(t.Source)
}

// logFlows returns the flows from c to log stores.
func logFlows(c *tm.Component) []*tm.Flow {
	if c == nil {
		return nil
	}
	var out []*tm.Flow
	for _, f := range outgoing(c) {
		if HoldsLogs(f.Destination()) {
			out = append(out, f)
		}
	}
	return out
}

// everyLogFlowScrubbed is the evidence that every flow to a log store
// scrubs what it carries.
func everyLogFlowScrubbed(t *Target) string {
	fs := logFlows(t.Component)
	if len(fs) == 0 {
		return ""
	}
	names := make([]string, 0, len(fs))
	for _, f := range fs {
		if !f.Has(tm.LogScrubbing) {
			return ""
		}
		names = append(names, f.Destination().Name())
	}
	slices.Sort(names)
	return "every log flow is scrubbed (to " + strings.Join(slices.Compact(names), ", ") + ")"
}

// makesNetworkRequests reports whether the component starts requests over
// the network (anything but an in-process call).
func makesNetworkRequests(c *tm.Component) bool {
	for _, f := range outgoing(c) {
		if isRequest(f) && f.Protocol() != tm.InProcess {
			return true
		}
	}
	return false
}

// sideDoorReads returns what the process's roles may read but the process
// has no flow to: data stores, data assets no flow of the process carries,
// and every resource ("*"). A resource one of its roles denies reading is
// left out. Zone-wide grants are left to the blast-radius analysis, which
// enumerates zones.
func sideDoorReads(t *Target) []tm.Element {
	c := t.Component
	roles := effectiveRoles(t)
	var denied []tm.Element
	for _, r := range roles {
		denied = append(denied, t.roleFacts(r).deniedReads...)
	}
	// What the process exchanges data with, by the flows drawn.
	linked := make(map[tm.Element]bool)
	for _, f := range outgoing(c) {
		linked[f.Destination()] = true
		for _, a := range carried(f) {
			linked[a] = true
		}
	}
	for _, f := range incoming(c) {
		linked[f.Source()] = true
		for _, a := range carried(f) {
			linked[a] = true
		}
	}
	var out []tm.Element
	for _, r := range roles {
		// The role's allow statements that read a data store, a data
		// asset or every resource, from the index.
		for _, res := range t.roleFacts(r).readable {
			if linked[res] || res == tm.Element(c) || slices.Contains(denied, res) || slices.Contains(out, res) {
				continue
			}
			out = append(out, res)
		}
	}
	return out
}

// objectLevelAuthorization is the evidence that the flow authorizes each
// object against the caller.
func objectLevelAuthorization(t *Target) string {
	switch a := t.Flow.Authorization(); a {
	case tm.ResourceOwner, tm.AttributeBased:
		return "the flow authorizes each object (" + a.String() + ")"
	}
	return ""
}
