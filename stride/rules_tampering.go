package stride

import (
	"github.com/threatwright/threatwright/internal/iam"
	"slices"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// tamperingRules are the Tampering rules: data, code or messages modified
// without permission.
//
// It is a table of rules, one Rule literal per rule, which is why it is
// long: each rule reads, and is edited, on its own.
func tamperingRules() []Rule {
	return []Rule{
		{
			ID:       "TW-T-001",
			Category: Tampering,
			Title:    "Unvalidated input alters logic or data",
			Description: "The process takes input from a less trusted place and acts on it; a malformed or " +
				"malicious payload changes what it does or what it stores (input injection). A gateway or load " +
				"balancer has the threat only where requests enter from outside: further in, and on the responses " +
				"it relays, it forwards what the processes behind it parse.",
			AttackPaths: []string{
				"Unvalidated JSON payloads (the guide's attack path): unexpected fields, types, sizes",
				"Mass assignment: extra fields overwrite attributes the caller must not set",
				"Parameters outside their range or format reach business logic",
			},
			Mitigations: []string{
				"Strict input validation against a schema at the boundary and in the handler",
				"Parameter validation and sanitization; reject unknown fields",
			},
			MitigatedBy: []tm.Control{tm.InputValidation},
			CAPEC:       []int{153},
			CWE:         []int{20},
			Kinds:       []tm.Kind{tm.Process},
			Scope:       PerIncomingFlow,
			Match:       inputFromNoMoreTrusted,
		},
		{
			ID:       "TW-T-002",
			Category: Tampering,
			Title:    "Injection into data store queries",
			Description: "The process builds queries for a data store that takes them (a database or a cache) from " +
				"input an attacker can reach; crafted input changes the query and reads or alters other records " +
				"(SQL or NoSQL injection).",
			AttackPaths: []string{
				"Query text built by string concatenation with request fields",
				"Operator injection in NoSQL filters ({\"$gt\": \"\"})",
			},
			Mitigations: []string{
				"Parameterized queries or the SDK's typed expressions; never concatenate input into queries",
				"Validate identifiers and keys before they reach the data layer",
			},
			MitigatedBy: []tm.Control{tm.ParameterizedQueries},
			CAPEC:       []int{66, 676},
			CWE:         []int{89, 943},
			Kinds:       []tm.Kind{tm.Process},
			Scope:       PerOutgoingFlow,
			Match: func(t *Target) bool {
				// Stores read and written by key (objects, messages, images,
				// secrets) take no query an attacker could rewrite.
				return queryable(t.Destination) && t.Reachable() && isRequest(t.Flow)
			},
		},
		{
			ID:       "TW-T-003",
			Category: Tampering,
			Title:    "Code injection",
			Description: "Input reaches something that evaluates or deserializes it, and the attacker's code " +
				"runs inside the process with its identity and permissions.",
			AttackPaths: []string{
				"Code injection attacks (the guide's attack path): eval, template injection, unsafe deserialization",
				"A vulnerable dependency that executes attacker-controlled data",
				"Writing a payload to the filesystem and loading it later",
			},
			Mitigations: []string{
				"No dynamic evaluation of input; safe deserializers only",
				"Strict input validation and a read-only filesystem, or a sandbox (seccomp, gVisor, micro-VM)",
			},
			MitigatedBy:    []tm.Control{tm.Sandboxing},
			MitigatedByAll: []tm.Control{tm.InputValidation, tm.ReadOnlyFilesystem},
			CAPEC:          []int{242},
			CWE:            []int{94},
			Kinds:          []tm.Kind{tm.Process},
			Match: func(t *Target) bool {
				// Application code: managed infrastructure runs the provider's
				// code, whose injection flaws are the provider's to fix.
				return !t.Component.Infrastructure() && t.Reachable() && len(incoming(t.Component)) > 0
			},
		},
		{
			ID:       "TW-T-004",
			Category: Tampering,
			Title:    "Direct data store access bypasses the application",
			Description: "The store can be reached without going through the application that validates " +
				"and authorizes changes, so whoever reaches it writes whatever they like.",
			AttackPaths: []string{
				"Direct DynamoDB access (the guide's attack path) with credentials that are not the application's",
				"A public endpoint or an open security group on the database",
				"A console user or another role editing records by hand",
			},
			Mitigations: []string{
				"Access only via the application's role (resource and endpoint policies)",
				"No public endpoints: private subnets, VPC endpoints, private links",
			},
			MitigatedBy: []tm.Control{tm.PrivateEndpoint, tm.NetworkIsolation},
			CAPEC:       []int{1},
			CWE:         []int{284, 668},
			Kinds:       []tm.Kind{tm.DataStore},
			Match:       func(t *Target) bool { return !HoldsLogs(t.Component) },
		},
		{
			ID:       "TW-T-005",
			Foothold: true, // whoever holds the role, or controls the process, does it
			Category: Tampering,
			Title:    "Write access to the store outside the data flow",
			Description: "A role may write to or delete from the store, but the components that hold the role " +
				"have no flow to it: a side door the data flow diagram does not show, and an extra way to alter the data.",
			AttackPaths: []string{
				"A compromised component uses its role's write permission on a store it never needs",
				"A wildcard policy grants write access to every table",
			},
			Mitigations: []string{
				"Remove write and delete permissions that no data flow needs",
				"Scope policies to the resources each role's components really use",
			},
			CAPEC:     []int{122},
			CWE:       []int{732},
			Kinds:     []tm.Kind{tm.DataStore},
			MatchEach: sideDoorWriters,
		},
		{
			ID:       "TW-T-006",
			Category: Tampering,
			Title:    "Data tampered with in transit",
			Description: "Anyone on the path between the flow's ends — across a trust boundary, or a compromised " +
				"neighbour inside one — can change what it carries unless the channel or the message is protected.",
			AttackPaths: []string{
				"An adversary in the middle on the network between the zones",
				"A compromised workload in the same network intercepting internal traffic",
				"A proxy or load balancer that terminates an unencrypted hop",
			},
			Mitigations: []string{
				"TLS on every boundary crossing; mutual TLS between services",
				"Sign messages that pass through intermediaries",
			},
			MitigatedBy:   []tm.Control{tm.MessageSigning},
			MitigatedWhen: encryptedInTransit,
			CAPEC:         []int{94, 384},
			CWE:           []int{319, 345},
			Kinds:         []tm.Kind{tm.DataFlow},
			// Every flow that travels over a network: in-process calls have
			// no path to sit on.
			Match: func(t *Target) bool { return t.Flow.Protocol() != tm.InProcess },
		},
		{
			ID:       "TW-T-007",
			Category: Tampering,
			Title:    "Outdated TLS allows downgrade and interception",
			Description: "The flow uses TLS 1.0 or 1.1, whose known weaknesses let an adversary in the middle " +
				"downgrade or break the protection and alter the traffic.",
			AttackPaths: []string{
				"Protocol downgrade to a weak version or cipher suite",
				"Exploiting known attacks on legacy TLS (BEAST, POODLE-style)",
			},
			Mitigations: []string{
				"Require TLS 1.2 or later; disable legacy protocol versions and weak cipher suites",
			},
			CAPEC: []int{620, 217},
			CWE:   []int{757, 326},
			Kinds: []tm.Kind{tm.DataFlow},
			Match: func(t *Target) bool { return t.Flow.Encryption().Weak() },
		},
		{
			ID:       "TW-T-008",
			Category: Tampering,
			Title:    "Queued messages forged or altered",
			Description: "Consumers trust whatever is on the queue; whoever can publish to it, or alter " +
				"messages at rest, drives the consumers' actions.",
			AttackPaths: []string{
				"A compromised producer, or any principal with publish rights, injects messages",
				"Messages edited or replayed while they wait",
			},
			Mitigations: []string{
				"Restrict publishing to the intended producers (queue policies)",
				"Sign messages and verify them in the consumer; reject replays",
			},
			MitigatedBy: []tm.Control{tm.MessageSigning, tm.Authorization},
			CAPEC:       []int{194},
			CWE:         []int{345},
			Kinds:       []tm.Kind{tm.DataStore},
			Match:       func(t *Target) bool { return t.Component.IsA(tm.Queue) },
		},
		{
			ID:       "TW-T-009",
			Category: Tampering,
			Title:    "Build pipeline tampered to ship altered code",
			Description: "Whoever can change the pipeline's definition, its inputs or its runners ships their " +
				"code to production with the pipeline's credentials.",
			AttackPaths: []string{
				"A workflow change merged without review",
				"A compromised third-party action or build tool",
				"An artifact swapped between build and deploy",
			},
			Mitigations: []string{
				"Code review for every change, including workflow files",
				"Signed artifacts verified at deploy; provenance (SLSA)",
			},
			MitigatedByAll: []tm.Control{tm.CodeReview, tm.SignedArtifacts},
			CAPEC:          []int{444},
			CWE:            []int{494},
			Kinds:          []tm.Kind{tm.Process},
			Match:          func(t *Target) bool { return t.Component.IsA(tm.Pipeline) },
		},
		{
			ID:       "TW-T-010",
			Foothold: true, // whoever holds the role, or controls the process, does it
			Category: Tampering,
			Title:    "Deployed code or configuration replaced",
			Description: "A role may change the process's code or configuration; whoever holds the role " +
				"replaces it with their own, and the process keeps its identity and permissions.",
			AttackPaths: []string{
				"Stolen deploy credentials used to upload a new function version",
				"Configuration changed to point at an attacker's endpoint or to disable checks",
			},
			Mitigations: []string{
				"The process runs only code signed by the pipeline, and checks the signature itself (Lambda code signing, image signature verification at admission)",
				"Restrict update permissions to the pipeline's role; alert on changes made outside it",
			},
			// Signing in the pipeline proves nothing to a process that runs
			// whatever it is given: the check must happen where the code runs.
			MitigatedBy: []tm.Control{tm.SignedArtifacts},
			Enforced:    EnforcedAtElement,
			CAPEC:       []int{186, 176},
			CWE:         []int{494, 732},
			Kinds:       []tm.Kind{tm.Process},
			MatchEach:   rolesThatModify,
		},
		{
			ID:       "TW-T-011",
			Category: Tampering,
			Title:    "Cache poisoned",
			Description: "Entries an attacker manages to place in the cache are served to every later reader " +
				"as if they came from the source of truth.",
			AttackPaths: []string{
				"Unkeyed request input ends up in cached responses",
				"A principal with write access to the cache stores crafted entries",
			},
			Mitigations: []string{
				"Only the owning service may write the cache",
				"Key entries on everything that varies the response; sign or validate entries",
			},
			MitigatedBy: []tm.Control{tm.Authorization, tm.MessageSigning},
			CAPEC:       []int{141},
			CWE:         []int{349},
			Kinds:       []tm.Kind{tm.DataStore},
			Match:       func(t *Target) bool { return t.Component.IsA(tm.Cache) },
		},
		{
			ID:       "TW-T-013",
			Category: Tampering,
			Title:    "Stored records altered with no way to detect or restore them",
			Description: "Whoever reaches the store with write access — an attacker with stolen credentials, a " +
				"faulty release, ransomware — alters or deletes records, and the original state is lost.",
			AttackPaths: []string{
				"Records overwritten or deleted through a compromised writer",
				"Log entries rewritten after an intrusion",
			},
			Mitigations: []string{
				"Point-in-time recovery or backups in another account",
				"Object versioning; immutable (write-once) storage for logs",
			},
			MitigatedBy: []tm.Control{tm.Backups, tm.Versioning, tm.LogIntegrity},
			CWE:         []int{353},
			Kinds:       []tm.Kind{tm.DataStore},
			Match:       func(*Target) bool { return true },
		},
		{
			ID:       "TW-T-012",
			Category: Tampering,
			Title:    "Cross-site scripting alters pages users see",
			Description: "Input the web application echoes without encoding becomes script in other users' " +
				"browsers, which then act and read on their behalf. The input comes from outside the system, " +
				"directly or through the load balancers and gateways in front of the application.",
			AttackPaths: []string{
				"Stored XSS: a field saved by one user renders as script for another",
				"Reflected XSS: a crafted link echoes a parameter into the page",
			},
			Mitigations: []string{
				"Context-aware output encoding by the template engine",
				"Content Security Policy and other security headers",
			},
			MitigatedBy: []tm.Control{tm.OutputEncoding},
			CAPEC:       []int{63},
			CWE:         []int{79},
			Kinds:       []tm.Kind{tm.Process},
			Scope:       PerIncomingFlow,
			Match: func(t *Target) bool {
				return t.Component.IsA(tm.WebApplication) && isRequest(t.Flow) &&
					(isOutside(t.Source) || relayedFromOutside(t, ReachableCryptographic))
			},
		},
		{
			ID:       "TW-T-014",
			Category: Tampering,
			Title:    "Uploaded file of a dangerous type stored or served",
			Description: "The process accepts files that callers upload. A file whose content is not what its name or " +
				"declared type says — a script, an HTML or SVG page, a polyglot — is stored and later executed, rendered " +
				"in other users' browsers from the application's origin, or handed to a parser that trusts the type " +
				"(unrestricted upload of a file with a dangerous type).",
			AttackPaths: []string{
				"A web shell or script uploaded with an allowed extension and run by the server",
				"HTML or SVG uploaded as an image and served inline from the application's origin (stored XSS)",
				"A polyglot file that passes an extension or Content-Type check and is opened as another format",
			},
			Mitigations: []string{
				"Allow-list file types by their content (magic bytes), never by name or the declared Content-Type; limit sizes",
				"Store uploads under generated names outside any executable path; serve them from another origin with Content-Disposition: attachment",
			},
			MitigatedBy: []tm.Control{tm.FileTypeValidation},
			Enforced:    EnforcedAtElement,
			CAPEC:       []int{1},
			CWE:         []int{434, 646},
			Kinds:       []tm.Kind{tm.Process},
			Match:       func(t *Target) bool { return t.Parses(tm.FileUploads) },
		},
		{
			ID:       "TW-T-015",
			Category: Tampering,
			Title:    "Malicious file opened or passed on unscanned",
			Description: "The process opens documents, images or archives that callers supplied. A file that carries " +
				"malware — a macro, an exploit for the parser, a payload for whoever downloads it later — is processed " +
				"and kept as if it were clean, and reaches the people and systems that open it next.",
			AttackPaths: []string{
				"An office document with a malicious macro stored and downloaded by other users of the tenant",
				"A crafted PDF or image that exploits a known flaw in the parser",
				"An archive that hides a known malware sample from a scan of its outer file",
			},
			Mitigations: []string{
				"Scan every file for malware before anything opens or serves it; quarantine what fails",
				"Parse untrusted files in a sandbox with no network and tight resource limits",
			},
			MitigatedBy: []tm.Control{tm.MalwareScanning},
			Enforced:    EnforcedAtElement,
			CAPEC:       []int{17},
			CWE:         []int{434, 509},
			Kinds:       []tm.Kind{tm.Process},
			Match:       func(t *Target) bool { return t.Parses(tm.Documents, tm.Images, tm.Archives) },
		},
		{
			ID:       "TW-T-017",
			Category: Tampering,
			Title:    "Rendered Markdown or HTML carries script to other readers",
			Description: "The process takes Markdown or HTML that callers write — comments, descriptions, " +
				"rich-text fields — and renders it for others. Markup that survives rendering (a script, an event " +
				"handler, a javascript: link) runs in the readers' browsers and acts on their behalf (stored XSS).",
			AttackPaths: []string{
				"<img src=x onerror=…> or a javascript: link in a Markdown field",
				"Raw HTML passed through a Markdown renderer that allows it",
				"Markup that a sanitizer and the browser parse differently (mutation XSS)",
			},
			Mitigations: []string{
				"Render through an allow-list HTML sanitizer (tags, attributes, URL schemes) after the Markdown renderer",
				"A Content Security Policy that forbids inline script, as a second line",
			},
			MitigatedBy: []tm.Control{tm.HTMLSanitization},
			Enforced:    EnforcedAtElement,
			CAPEC:       []int{592},
			CWE:         []int{79, 80},
			Kinds:       []tm.Kind{tm.Process},
			Match:       func(t *Target) bool { return t.Parses(tm.Markup) },
		},
		{
			ID:       "TW-T-016",
			Category: Tampering,
			Title:    "Archive entries written outside the extraction directory (zip slip)",
			Description: "The process extracts archives that callers supplied. An entry named ../../app/config or an " +
				"absolute path, or a symbolic link entry, writes outside the directory the archive is extracted to, " +
				"and overwrites code, configuration or other tenants' files.",
			AttackPaths: []string{
				"A zip or tar entry whose name climbs out of the target directory (../)",
				"A symbolic link entry followed by a file written through it",
			},
			Mitigations: []string{
				"Resolve each entry's path and reject it unless it stays inside the target directory; refuse links",
				"Extract into an empty, temporary directory on a read-only or separate filesystem",
			},
			MitigatedBy: []tm.Control{tm.SafeExtraction, tm.PathCanonicalization},
			Enforced:    EnforcedAtElement,
			CAPEC:       []int{126},
			CWE:         []int{22, 59},
			Kinds:       []tm.Kind{tm.Process},
			Match:       func(t *Target) bool { return t.Parses(tm.Archives) },
		},
	}
}

// inputFromNoMoreTrusted reports whether the interaction brings a payload
// across a boundary from a place no more trusted than the destination, from
// outside the system, or from outside through a load balancer or gateway
// that relays it. A reply from a more trusted store is not input
// an attacker controls; a credential exchange is not a payload.
func inputFromNoMoreTrusted(t *Target) bool {
	if t.Source == nil || !carriesPayload(t.Flow) || providerRuns(t.Component) {
		return false // a provider-run process's parsing is its provider's
	}
	if isForwarder(t.Component) && !(isRequest(t.Flow) && isOutside(t.Source)) {
		return false // it relays, and the process behind it parses
	}
	if isOutside(t.Source) {
		return true
	}
	if isRequest(t.Flow) && relayedFromOutside(t, ReachableCryptographic) {
		return true // what a load balancer or gateway relays is the outside caller's payload
	}
	c := t.Crossing
	return c.Crosses() && c.From != nil && c.To != nil && c.From.Trust() <= c.To.Trust()
}

// carriesPayload reports whether the flow carries data (records, files,
// messages) or does not say what it carries: the input a handler parses.
func carriesPayload(f *tm.Flow) bool {
	assets := carried(f)
	if len(assets) == 0 {
		return true
	}
	for _, a := range assets {
		if a.Kind() == tm.AssetData {
			return true
		}
	}
	return false
}

// encryptedInTransit is the evidence that the flow is encrypted: stated,
// implied by a protocol that is always encrypted, or the Encryption in
// transit control.
func encryptedInTransit(t *Target) string {
	e := t.Flow.Encryption()
	if e.Encrypted() {
		return encryptedWith(e)
	}
	if e == 0 && t.Flow.Protocol().AlwaysEncrypted() {
		return impliedEncryption(t.Flow)
	}
	if e == 0 && t.Has(tm.EncryptionInTransit) {
		return "encrypted in transit (Encryption in transit control)"
	}
	return ""
}

// writes reports whether an allow permission grants write, delete or admin
// access.
func writes(p *tm.Permission) bool {
	return p.Effect() == tm.Allow && p.Access()&(tm.Write|tm.Delete|tm.Admin) != 0
}

// holders returns the components that act with the role: those that run as
// it, and those that run as a role that may assume it. The rules read them,
// once each, from the index (roleFacts.holders).
func holders(r *tm.Role) []*tm.Component {
	out := r.AssumedBy()
	for _, o := range r.AssumableBy() {
		out = append(out, o.AssumedBy()...)
	}
	return out
}

// sideDoorWriters returns the roles that may write to the store while some
// component holding them has no flow to it.
func sideDoorWriters(t *Target) []tm.Element {
	store := t.Component
	in := incoming(store)
	seen := make(map[*tm.Component]bool, len(in))
	var senders []*tm.Component // distinct sources of flows into the store
	for _, f := range in {
		if s := f.Source(); s != nil && !seen[s] {
			seen[s] = true
			senders = append(senders, s)
		}
	}
	var out []tm.Element
	for _, p := range t.Permissions() {
		r := p.Role()
		if !writes(p) || r == nil || slices.Contains(out, tm.Element(r)) {
			continue
		}
		// Count the holders that send to the store, walking the smaller
		// of the two sets: a role many components share, or a store many
		// components send to, costs no more than the other side.
		rf := t.roleFacts(r)
		flowing := 0
		if len(rf.holders) <= len(senders) {
			for _, h := range rf.holders {
				if seen[h] {
					flowing++
				}
			}
		} else {
			for _, s := range senders {
				if rf.holderSet[s] {
					flowing++
				}
			}
		}
		if flowing < len(rf.holders) {
			out = append(out, r)
		}
	}
	return out
}

// rolesThatModify returns the roles whose effective permissions (within
// their boundary and guardrails, less denies, a wildcard resource only
// within its service) change the process's code or configuration
// (iam.ModifiesWorkload): a role that may only call or read it does not.
func rolesThatModify(t *Target) []tm.Element {
	var out []tm.Element
	for _, p := range t.Permissions() {
		r := p.Role()
		if r == nil || p.Effect() != tm.Allow || slices.Contains(out, tm.Element(r)) {
			continue
		}
		for _, e := range t.roleFacts(r).effPerms {
			if e.Permission == p && slices.ContainsFunc(e.ActionsOn(t.Component, nil), iam.ModifiesWorkload) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}
