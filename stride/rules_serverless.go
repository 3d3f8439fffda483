package stride

import (
	"slices"
	"strings"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// serverlessRules are the rules the threat modeling guide's serverless
// system raises beyond the per-element ones: a store whose reads and
// writes its provider's audit trail does not record (CloudTrail data
// events, TW-R-011), one request whose traces in several services cannot
// be joined (TW-R-012), and a store billed per request that a flood turns
// into a bill (denial of wallet, TW-D-010).
//
// It is a table of rules, one Rule literal per rule, which is why it is
// long: each rule reads, and is edited, on its own.
func serverlessRules() []Rule {
	return []Rule{
		{
			ID:       "TW-R-011",
			Category: Repudiation,
			Title:    "Reads and writes of stored data not recorded in the audit trail",
			Description: "The provider delivers the store's events to this audit trail. By default such a trail records " +
				"management events (who changed the table, the bucket, its policy); reads and writes of the items " +
				"themselves are data events, recorded only where they are turned on. Unless they are, whoever reads or " +
				"changes records with a stolen credential, straight through the provider's API, leaves no trace of which records.",
			AttackPaths: []string{
				"A stolen role session reads or exports the table's items through the provider's API; the trail shows nothing",
				"An insider with data-plane access changes records, and nobody can say who changed which",
			},
			Mitigations: []string{
				"Turn on data events for the store in the trail (CloudTrail data events for DynamoDB, S3 object-level logging), at least for writes",
				"Send them to a trail that the store's own roles cannot change or delete",
			},
			MitigatedWhen: dataEventsRecorded,
			CWE:           []int{778},
			Kinds:         []tm.Kind{tm.DataStore},
			MatchEach: func(t *Target) []tm.Element {
				var out []tm.Element
				for _, c := range t.ix.auditedInto(t.Component) {
					if c.Kind() == tm.DataStore && anyAsset(stores(c), confidentialData) {
						out = append(out, c)
					}
				}
				return out
			},
		},
		{
			ID:       "TW-R-012",
			Category: Repudiation,
			Title:    "Requests cannot be correlated across services",
			Description: "One request from outside passes through this process after another service of the system, " +
				"and both record what they do; unless a request ID travels with the call and both write it in every " +
				"log entry, an investigator cannot join what the first service saw (the caller, the address) with what " +
				"this one did (the records it read or changed).",
			AttackPaths: []string{
				"An attacker's request is logged at the entry with the caller and in the function with the records, and nothing joins the two",
				"Timestamps alone mislead under concurrency: the wrong request is blamed",
			},
			Mitigations: []string{
				"Generate a request ID at the entry, pass it on every call (a header, the event's request context, trace context) and log it in every entry",
				"Distributed tracing (AWS X-Ray, OpenTelemetry) across the services",
			},
			MitigatedWhen: requestsCorrelated,
			CWE:           []int{778, 223},
			Kinds:         []tm.Kind{tm.Process},
			Match: func(t *Target) bool {
				c := t.Component
				// A provider-run service's own logs are its provider's.
				return !providerRuns(c) && t.Reachable() && t.ix.audited(c) && len(correlatedCallers(t, c)) > 0
			},
		},
		{
			ID:       "TW-D-010",
			Category: DenialOfService,
			Title:    "Store billed per request turns a flood into a bill (denial of wallet)",
			Description: "The store is billed for every request it serves and scales with them, so requests an " +
				"attacker can cause do not make it fail: they make it expensive, without bound, until someone notices the bill.",
			AttackPaths: []string{
				"A flood of API requests, each of which reads or writes the store",
				"Scan-heavy or large-item requests that consume many capacity units each",
			},
			Mitigations: []string{
				"A ceiling at the store: maximum on-demand throughput, quotas, or a budget action that throttles it",
				"Bound the writers: rate limits and reserved concurrency upstream; budget alarms on the store's cost",
			},
			MitigatedBy:   []tm.Control{tm.ResourceLimits, tm.RateLimiting},
			MitigatedWhen: writersBounded,
			CAPEC:         []int{130},
			CWE:           []int{770, 400},
			Kinds:         []tm.Kind{tm.DataStore},
			Match: func(t *Target) bool {
				return t.Component.BilledPerRequest() && t.Reachable()
			},
		},
	}
}

// auditedInto returns the components whose provider delivers their events
// to the trail (threatmodel.Component.AuditedInDirectly), in declaration
// order. The reverse index is built once, on first use.
func (ix *index) auditedInto(trail *tm.Component) []*tm.Component {
	if ix.auditedBy == nil {
		ix.auditedBy = make(map[*tm.Component][]*tm.Component)
		for _, c := range ix.comps {
			for _, tr := range c.AuditedInDirectly() {
				ix.auditedBy[tr] = append(ix.auditedBy[tr], c)
			}
		}
	}
	return ix.auditedBy[trail]
}

// dataEventsRecorded is the evidence that a trail records the data events
// of the store (Target.Item): threatmodel.Component.DataEventsAuditedIn.
func dataEventsRecorded(t *Target) string {
	c, ok := t.Item.(*tm.Component)
	if !ok || c == nil {
		return ""
	}
	trails := c.DataEventsIn()
	if len(trails) == 0 {
		return ""
	}
	names := make([]string, len(trails))
	for i, tr := range trails {
		names[i] = tr.Name()
	}
	slices.Sort(names)
	return "the data events of " + c.Name() + " are recorded in " + strings.Join(names, ", ")
}

// correlatedCallers returns the processes of the system, themselves
// audited, that send requests to the process: their log entries and its
// own describe the same requests. A provider-run service (IAM handing out
// credentials) keeps its provider's logs, on its own terms.
func correlatedCallers(t *Target, c *tm.Component) []*tm.Component {
	var out []*tm.Component
	for _, f := range incoming(c) {
		src := f.Source()
		if !isRequest(f) || src == nil || src.Kind() != tm.Process || isOutside(src) || providerRuns(src) ||
			!t.ix.audited(src) || slices.Contains(out, src) {
			continue
		}
		out = append(out, src)
	}
	return out
}

// requestsCorrelated is the evidence that a request ID joins the process's
// log entries with those of every audited process that calls it: Request
// correlation on both, or on the flow between them.
func requestsCorrelated(t *Target) string {
	c := t.Component
	if !c.Has(tm.RequestCorrelation) {
		return ""
	}
	callers := correlatedCallers(t, c)
	names := make([]string, 0, len(callers))
	for _, src := range callers {
		if !src.Has(tm.RequestCorrelation) {
			return ""
		}
		names = append(names, src.Name())
	}
	slices.Sort(names)
	return "a request ID passes from " + strings.Join(names, ", ") + " and is logged on both sides (Request correlation)"
}
