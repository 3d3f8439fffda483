package stride

import (
	"slices"
	"strings"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// repudiationRules are the Repudiation rules: actions that cannot be traced
// back to whoever performed them, because the evidence is missing, forged,
// altered or never looked at.
//
// It is a table of rules, one Rule literal per rule, which is why it is
// long: each rule reads, and is edited, on its own.
func repudiationRules() []Rule {
	return []Rule{
		{
			ID:       "TW-R-001",
			Category: Repudiation,
			Title:    "Actions of the process are not logged",
			Description: "The process performs security-relevant actions but records none of them, so an " +
				"attacker's actions leave no trace and a user can deny what they did.",
			AttackPaths: []string{
				"Missing logs (the guide's attack path): the process writes no audit events",
				"Logs without the actor, the target or the outcome of each action",
			},
			Mitigations: []string{
				"Log every security-relevant action with the authenticated actor, the resource and the result",
				"Send logs to a central store outside the process (CloudWatch, CloudTrail)",
			},
			MitigatedBy:   []tm.Control{tm.AuditLogging},
			MitigatedWhen: logsToStore,
			CWE:           []int{778, 223},
			Kinds:         []tm.Kind{tm.Process},
			Match:         func(*Target) bool { return true },
		},
		{
			ID:       "TW-R-002",
			Category: Repudiation,
			Title:    "Audit logs altered or deleted",
			Description: "Whoever can write to or administer the log store can remove or rewrite the entries " +
				"that would show what they did.",
			AttackPaths: []string{
				"Log tampering: entries deleted or edited after an intrusion",
				"Log groups or trails deleted, or their retention shortened",
			},
			Mitigations: []string{
				"Immutable or integrity-protected logs: object lock, log file validation, hash chains",
				"Ship logs to a separate account that the system's roles cannot write",
			},
			MitigatedBy: []tm.Control{tm.LogIntegrity},
			CAPEC:       []int{268},
			Kinds:       []tm.Kind{tm.DataStore},
			Match:       func(*Target) bool { return true },
		},
		{
			ID:       "TW-R-003",
			Category: Repudiation,
			Title:    "Forged log entries through log injection",
			Description: "The process writes attacker-controlled text into the audit log; line breaks or " +
				"markup in it forge entries, hide real ones or mislead whoever reads the log.",
			AttackPaths: []string{
				"A user name or header containing a newline and a fake log line",
				"Control characters or markup that break the log viewer or parser",
			},
			Mitigations: []string{
				"Structured (JSON) logging that encodes every field",
				"Validate input and neutralize line breaks and control characters before logging",
			},
			MitigatedBy: []tm.Control{tm.OutputEncoding, tm.InputValidation},
			CAPEC:       []int{93},
			CWE:         []int{117},
			Kinds:       []tm.Kind{tm.Process},
			Scope:       PerOutgoingFlow,
			Match:       func(t *Target) bool { return HoldsLogs(t.Destination) && t.Reachable() },
		},
		{
			ID:       "TW-R-004",
			Category: Repudiation,
			Title:    "External entity denies an action",
			Description: "A user or partner performs an action and later denies it; the system cannot show " +
				"that the request came from them.",
			AttackPaths: []string{
				"An action taken over a flow that does not authenticate the entity",
				"An action accepted by a process that keeps no audit record of it",
			},
			Mitigations: []string{
				"Authenticate every request from the entity",
				"Record each action with the authenticated identity, the time and the outcome",
			},
			MitigatedWhen: attributableEntity,
			CWE:           []int{778},
			Kinds:         []tm.Kind{tm.ExternalEntity},
			Match:         sendsRequests,
		},
		{
			ID:       "TW-R-005",
			Category: Repudiation,
			Title:    "Log timestamps cannot be trusted",
			Description: "Without synchronised clocks the order and time of events across components cannot " +
				"be established, and an actor can dispute when — or whether — something happened.",
			AttackPaths: []string{
				"Clock drift between components makes events impossible to correlate",
				"A writer sets its own timestamps on the entries it logs",
			},
			Mitigations: []string{
				"Synchronise clocks (NTP, the cloud provider's time service)",
				"Let the log store stamp entries on receipt",
			},
			MitigatedBy: []tm.Control{tm.TimeSync},
			Kinds:       []tm.Kind{tm.DataStore},
			Match:       func(*Target) bool { return true },
		},
		{
			ID:       "TW-R-006",
			Category: Repudiation,
			Title:    "Audit trail never reviewed",
			Description: "Events are recorded but nobody is alerted and nobody looks, so an intrusion goes " +
				"unnoticed until the retention period has erased the evidence.",
			AttackPaths: []string{
				"An attacker acts slowly under alerting thresholds that do not exist",
				"Evidence ages out of retention before anyone asks for it",
			},
			Mitigations: []string{
				"Alerts on security events (IAM changes, denied calls, unusual volumes)",
				"Regular review and retention long enough for investigations",
			},
			MitigatedBy: []tm.Control{tm.Monitoring},
			CWE:         []int{778},
			Kinds:       []tm.Kind{tm.DataStore},
			Match:       func(*Target) bool { return true },
		},
		{
			ID:       "TW-R-007",
			Foothold: true, // whoever holds the role, or controls the process, does it
			Category: Repudiation,
			Title:    "A role can erase or stop the audit trail",
			Description: "A role may delete or administer the log store: anyone who holds it can remove the " +
				"evidence or stop logging before acting.",
			AttackPaths: []string{
				"Deleting the log group, the trail or the bucket",
				"Stopping the trail or changing its destination",
			},
			Mitigations: []string{
				"Grant writers only append rights; nobody in the workload account may delete logs",
				"Object lock in compliance mode; deletion protection on trails",
			},
			MitigatedBy: []tm.Control{tm.LogIntegrity, tm.DeletionProtection},
			CAPEC:       []int{268},
			CWE:         []int{732},
			Kinds:       []tm.Kind{tm.DataStore},
			MatchEach:   rolesThatErase,
		},
		{
			ID:       "TW-R-008",
			Category: Repudiation,
			Title:    "Changes to stored data cannot be attributed",
			Description: "The process changes records in a data store but nothing records who asked for each " +
				"change, so a disputed or malicious change cannot be traced to a person.",
			AttackPaths: []string{
				"A record altered through the application with no audit entry",
				"Only the service's own identity appears in the store's logs, not the user's",
			},
			Mitigations: []string{
				"Audit log each write with the end user's identity, not only the service's",
				"Keep a change history (versioning, streams) of sensitive records",
			},
			MitigatedBy: []tm.Control{tm.AuditLogging},
			CWE:         []int{778},
			Kinds:       []tm.Kind{tm.Process},
			Scope:       PerOutgoingFlow,
			Match: func(t *Target) bool {
				d := t.Destination
				return d != nil && d.Kind() == tm.DataStore && !HoldsLogs(d) && t.Flow.ResponseTo() == nil
			},
		},
		{
			ID:       "TW-R-009",
			Category: Repudiation,
			Title:    "Privileged actions outside a tamper-evident trail",
			Description: "The process holds administrative permissions (IAM, key policies, role passing); " +
				"unless those actions land in a trail nobody can alter, a misuse of them cannot be proven.",
			AttackPaths: []string{
				"An administrator or a compromised pipeline changes policies and removes the evidence",
				"Administrative actions logged only where the same role can delete them",
			},
			Mitigations: []string{
				"Record administrative actions in an integrity-protected trail (CloudTrail with log file validation)",
				"Alert on administrative changes",
			},
			MitigatedByAll: []tm.Control{tm.AuditLogging, tm.LogIntegrity},
			MitigatedWhen:  recordedInProtectedTrail,
			CAPEC:          []int{268},
			CWE:            []int{778},
			Kinds:          []tm.Kind{tm.Process},
			Match: func(t *Target) bool {
				return slices.ContainsFunc(rolesOf(t.Component), func(r *tm.Role) bool { return r != nil && t.roleFacts(r).admin })
			},
		},
		{
			ID:       "TW-R-010",
			Category: Repudiation,
			Title:    "Partner denies sending a message",
			Description: "A third-party service sends requests that have business effect (orders, payments, " +
				"webhooks) and later disputes one; without a signature there is no proof of origin.",
			AttackPaths: []string{
				"A partner disputes an order or a payment instruction",
				"A forged webhook is indistinguishable from a real one after the fact",
			},
			Mitigations: []string{
				"Require signed messages (HMAC or asymmetric signatures) and keep them with the audit record",
				"Mutual TLS with per-partner certificates",
			},
			MitigatedBy:   []tm.Control{tm.MessageSigning},
			MitigatedWhen: partnerProvesOrigin,
			CWE:           []int{345},
			Kinds:         []tm.Kind{tm.Process},
			Scope:         PerIncomingFlow,
			Match: func(t *Target) bool {
				return t.Source != nil && t.Source.IsA(tm.ThirdPartyService) && t.Flow.ResponseTo() == nil
			},
		},
	}
}

// logsToStore is the evidence that the process sends logs to a log store.
func logsToStore(t *Target) string {
	stores := t.logStoresOf(t.Component)
	if len(stores) == 0 {
		return ""
	}
	return "logs to " + strings.Join(stores, ", ")
}

// logStoresOf returns the names of the log stores c sends flows to, sorted,
// worked out once per component: several rules ask it of every component
// that sends to one.
func (t *Target) logStoresOf(c *tm.Component) []string {
	if t.ix != nil {
		if stores, ok := t.ix.logStores[c]; ok {
			return stores
		}
	}
	var stores []string
	for _, f := range outgoing(c) {
		if d := f.Destination(); HoldsLogs(d) {
			stores = append(stores, d.Name())
		}
	}
	slices.Sort(stores)
	stores = slices.Clip(slices.Compact(stores))
	if t.ix != nil {
		t.ix.logStores[c] = stores
	}
	return stores
}

// attributableEntity is the evidence that every request from the entity is
// authenticated and lands in a process that logs. (Its responses inherit the
// authentication of the requests they answer, which is not the entity's.)
func attributableEntity(t *Target) string {
	var dests []string
	for _, f := range outgoing(t.Component) {
		if !isRequest(f) {
			continue
		}
		d := f.Destination()
		if !f.Authentication().Authenticated() || d == nil || !d.Has(tm.AuditLogging) && len(t.logStoresOf(d)) == 0 {
			return ""
		}
		dests = append(dests, d.Name())
	}
	if len(dests) == 0 {
		return ""
	}
	slices.Sort(dests)
	return "every request is authenticated and logged by " + strings.Join(slices.Compact(dests), ", ")
}

// rolesThatErase returns the roles allowed to delete or administer the log
// store.
func rolesThatErase(t *Target) []tm.Element {
	var out []tm.Element
	for _, p := range t.Permissions() {
		r := p.Role()
		if p.Effect() == tm.Allow && p.Access()&(tm.Delete|tm.Admin) != 0 && r != nil && !slices.Contains(out, tm.Element(r)) {
			out = append(out, r)
		}
	}
	return out
}

// recordedInProtectedTrail is the evidence that the process's actions reach
// an integrity-protected log store: directly, or through the control plane
// (an identity provider) it calls, which records them.
func recordedInProtectedTrail(t *Target) string {
	var via []string
	protected := func(c *tm.Component) []string {
		var out []string
		for _, f := range outgoing(c) {
			if d := f.Destination(); HoldsLogs(d) && d.Has(tm.LogIntegrity) {
				out = append(out, d.Name())
			}
		}
		return out
	}
	via = append(via, protected(t.Component)...)
	for _, f := range outgoing(t.Component) {
		if d := f.Destination(); d != nil && d.IsA(tm.IdentityProvider) {
			via = append(via, protected(d)...)
		}
	}
	if len(via) == 0 {
		return ""
	}
	slices.Sort(via)
	return "recorded in " + strings.Join(slices.Compact(via), ", ")
}

// partnerProvesOrigin is the evidence that the partner's identity is bound
// cryptographically to each message.
func partnerProvesOrigin(t *Target) string {
	if t.Flow.Authentication() == tm.ClientCertificate || t.Flow.Encryption() == tm.MutualTLS {
		return "the partner authenticates with its own certificate"
	}
	return ""
}
