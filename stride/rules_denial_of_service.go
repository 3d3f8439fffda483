package stride

import (
	"slices"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// denialOfServiceRules are the Denial of service rules: the service made
// slow, unavailable or ruinously expensive, or its data destroyed.
//
// It is a table of rules, one Rule literal per rule, which is why it is
// long: each rule reads, and is edited, on its own.
func denialOfServiceRules() []Rule {
	return []Rule{
		{
			ID:       "TW-D-001",
			Category: DenialOfService,
			Title:    "Entry point flooded from outside",
			Description: "Requests arrive from outside the system, directly or through a load balancer or " +
				"gateway that passes anonymous requests on; an attacker sends far more of them than the " +
				"process can serve, and legitimate callers are refused or time out. Behind a forwarder that " +
				"rate limits, the process receives only what it lets through (see TW-D-002 for what each " +
				"process can absorb). A " +
				"provider-managed service's capacity is its provider's to protect: the threat is not derived there.",
			AttackPaths: []string{
				"Volumetric or layer-7 floods from botnets",
				"A single client looping on an expensive endpoint",
				"Retry storms amplified by clients without back-off",
			},
			Mitigations: []string{
				"Rate limiting and throttling per caller (usage plans, WAF rate rules)",
				"DDoS protection at the edge (AWS Shield, a CDN)",
			},
			MitigatedBy:   []tm.Control{tm.RateLimiting, tm.DDoSProtection},
			MitigatedWhen: throttledInFront,
			CAPEC:         []int{125, 469},
			CWE:           []int{400, 770},
			Kinds:         []tm.Kind{tm.Process},
			Scope:         PerIncomingFlow,
			Match: func(t *Target) bool {
				return (fromOutside(t) || isRequest(t.Flow) && relayedFromOutside(t, ReachableAnonymously)) &&
					!providerRuns(t.Component)
			},
		},
		{
			ID:       "TW-D-002",
			Category: DenialOfService,
			Title:    "Compute exhausted or billed without bound (denial of wallet)",
			Description: "Input an attacker can reach drives the process's work; expensive or slow requests use " +
				"up its memory, CPU, concurrency or budget, starving other work or running up the bill.",
			AttackPaths: []string{
				"Large payloads, deep nesting or pathological regular expressions",
				"Slow requests that hold workers or function instances until they time out",
				"Auto-scaling turns a flood into an invoice (denial of wallet)",
			},
			Mitigations: []string{
				"Resource limits: memory and CPU limits, reserved or maximum concurrency, payload size limits",
				"Timeouts on every request and invocation; budget alarms",
			},
			MitigatedByAll: []tm.Control{tm.ResourceLimits, tm.Timeouts},
			CAPEC:          []int{130, 492},
			CWE:            []int{400, 770, 1333},
			Kinds:          []tm.Kind{tm.Process},
			Match: func(t *Target) bool {
				c := t.Component
				return (!c.Infrastructure() || c.IsA(tm.Container) || c.IsA(tm.Host)) && t.Reachable()
			},
		},
		{
			ID:       "TW-D-003",
			Category: DenialOfService,
			Title:    "Data store capacity or throughput exhausted",
			Description: "Requests that an attacker can cause end in reads and writes to the store; enough of them " +
				"exhaust its provisioned throughput, connections or storage, and every component that needs it fails.",
			AttackPaths: []string{
				"Hot-key or scan-heavy requests that exhaust read or write capacity",
				"Connection exhaustion from unbounded application concurrency",
				"Filling the store with junk records until quotas are hit",
			},
			Mitigations: []string{
				"Quotas and capacity limits on the store; auto-scaling with a ceiling",
				"Bound the writers: rate limits upstream, connection pools, reserved concurrency",
			},
			MitigatedBy:   []tm.Control{tm.ResourceLimits, tm.RateLimiting},
			MitigatedWhen: writersBounded,
			CAPEC:         []int{125, 130},
			CWE:           []int{400, 770},
			Kinds:         []tm.Kind{tm.DataStore},
			Match: func(t *Target) bool {
				c := t.Component
				// A store billed per request scales with the flood: its
				// threat is the bill (TW-D-010).
				return !HoldsLogs(c) && !c.IsA(tm.Queue) && !c.BilledPerRequest() && t.Reachable()
			},
		},
		{
			ID:       "TW-D-004",
			Foothold: true, // whoever holds the role, or controls the process, does it
			Category: DenialOfService,
			Title:    "Data destroyed or held for ransom by a role that can change it",
			Description: "A role may overwrite or delete the store's data; whoever holds it — a compromised " +
				"workload, a stolen key — wipes or encrypts the data, and without a copy it is gone.",
			AttackPaths: []string{
				"Mass deletion or overwrite with a compromised workload's credentials",
				"Ransomware: objects re-encrypted with the attacker's key, originals deleted",
				"The table or bucket itself deleted",
			},
			Mitigations: []string{
				"Backups or point-in-time recovery, kept where the workload's roles cannot delete them",
				"Object versioning and deletion protection; no delete permission the data flow does not need",
			},
			MitigatedBy: []tm.Control{tm.Backups, tm.Versioning},
			CAPEC:       []int{122},
			CWE:         []int{732},
			Kinds:       []tm.Kind{tm.DataStore},
			MatchEach: func(t *Target) []tm.Element {
				c := t.Component
				if HoldsLogs(c) || c.IsA(tm.Cache) || c.IsA(tm.Queue) || len(stores(c)) == 0 {
					return nil
				}
				var out []tm.Element
				for _, p := range t.Permissions() {
					if r := p.Role(); changes(p) && r != nil && !slices.Contains(out, tm.Element(r)) {
						out = append(out, r)
					}
				}
				return out
			},
		},
		{
			ID:       "TW-D-005",
			Category: DenialOfService,
			Title:    "Queue flooded",
			Description: "Whoever can publish to the queue can fill it: consumers fall behind, messages expire " +
				"before they are processed, and auto-scaled consumers run up the bill.",
			AttackPaths: []string{
				"A compromised or buggy producer publishes without limit",
				"Poison messages that fail and return to the queue forever",
			},
			Mitigations: []string{
				"Rate-limit producers; cap queue depth and message size",
				"Dead-letter queues after a few failed receives; a maximum consumer count",
			},
			MitigatedBy:   []tm.Control{tm.ResourceLimits, tm.RateLimiting},
			MitigatedWhen: writersBounded,
			CAPEC:         []int{125},
			CWE:           []int{770},
			Kinds:         []tm.Kind{tm.DataStore},
			Match:         func(t *Target) bool { return t.Component.IsA(tm.Queue) },
		},
		{
			ID:       "TW-D-006",
			Category: DenialOfService,
			Title:    "Log store flooded",
			Description: "Activity an attacker can cause is logged; enough of it fills the log store, runs up its " +
				"cost, and drops or drowns the events that would show the attack.",
			AttackPaths: []string{
				"Requests crafted to produce large or many log lines",
				"Log ingestion quotas hit, so later events are throttled or dropped",
			},
			Mitigations: []string{
				"Ingestion quotas, sampling and size limits per source",
				"Alerts on log volume anomalies; bound the writers with rate limits",
			},
			MitigatedBy:   []tm.Control{tm.ResourceLimits, tm.Monitoring},
			MitigatedWhen: writersBounded,
			CAPEC:         []int{125},
			CWE:           []int{400, 779},
			Kinds:         []tm.Kind{tm.DataStore},
			Match:         func(t *Target) bool { return HoldsLogs(t.Component) && t.Reachable() },
		},
		{
			ID:       "TW-D-007",
			Category: DenialOfService,
			Title:    "Calls outside the system without a timeout",
			Description: "The process calls a service outside its trust boundary and waits for it; when that " +
				"service is slow or hostile, requests pile up and the process stops serving its own callers.",
			AttackPaths: []string{
				"A third party that is down or slow (or answers one byte at a time) holds every worker",
				"Retries without back-off multiply the load when the dependency fails",
			},
			Mitigations: []string{
				"Connect and read timeouts on every outbound call; circuit breakers",
				"Bounded retries with back-off and jitter",
			},
			MitigatedBy: []tm.Control{tm.Timeouts},
			CWE:         []int{1088, 400},
			Kinds:       []tm.Kind{tm.Process},
			Scope:       PerOutgoingFlow,
			Match: func(t *Target) bool {
				d := t.Destination
				return !t.Component.Infrastructure() && isRequest(t.Flow) && d != nil &&
					(isOutside(d) || t.Crossing.LeavesBlastRadius())
			},
		},
		{
			ID:       "TW-D-008",
			Category: DenialOfService,
			Title:    "Single point of failure for critical data",
			Description: "The store holds a critical asset; unless it is replicated, an outage, an exhausted quota " +
				"or a zone failure takes the asset offline and everything that needs it fails with it.",
			AttackPaths: []string{
				"An availability-zone or instance failure takes the only copy of the data offline",
				"An attack on the store (exhaustion, deletion) stops every dependent component",
			},
			Mitigations: []string{
				"Replicas in several availability zones or regions (Multi-AZ, global tables)",
				"A tested fail-over and recovery procedure",
			},
			MitigatedBy: []tm.Control{tm.Redundancy},
			CAPEC:       []int{607},
			Kinds:       []tm.Kind{tm.DataStore},
			Match: func(t *Target) bool {
				c := t.Component
				if HoldsLogs(c) {
					return false
				}
				return anyAsset(stores(c), func(a *tm.Asset) bool { return AssetLevel(a) == tm.High })
			},
		},
		{
			ID:       "TW-D-009",
			Category: DenialOfService,
			Title:    "Decompression bomb exhausts memory or disk",
			Description: "The process decompresses archives that callers supplied. A small file that expands to " +
				"gigabytes, or holds millions of entries, fills the disk or memory and stops the process and what " +
				"shares its node.",
			AttackPaths: []string{
				"A zip bomb: nested or overlapping entries with an extreme compression ratio",
				"An archive with millions of tiny entries that exhausts inodes or file handles",
			},
			Mitigations: []string{
				"Limit the total extracted size, the number of entries and the compression ratio; stream and stop at the limit",
				"Memory, disk and time limits on the worker that extracts",
			},
			MitigatedBy: []tm.Control{tm.SafeExtraction},
			Enforced:    EnforcedAtElement,
			CAPEC:       []int{130},
			CWE:         []int{409, 400},
			Kinds:       []tm.Kind{tm.Process},
			Match:       func(t *Target) bool { return t.Parses(tm.Archives) },
		},
	}
}

// writersBounded is the evidence that every component sending requests into
// the store is rate limited or has bounded concurrency.
func writersBounded(t *Target) string {
	return boundedSources(t, tm.RateLimiting, tm.ResourceLimits)
}
