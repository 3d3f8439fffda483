package stride

import (
	tm "github.com/threatwright/threatwright/threatmodel"
)

// identityRules are the rules about whose identity reaches a system and
// what a workload shares with others: a service that end users call and
// that calls a more valuable system as itself (a confused deputy,
// TW-E-013), and workloads of different trust on one host (TW-E-014).
//
// It is a table of rules, one Rule literal per rule, which is why it is
// long: each rule reads, and is edited, on its own.
func identityRules() []Rule {
	return []Rule{
		{
			ID:       "TW-E-013",
			Category: ElevationOfPrivilege,
			Title:    "Confused deputy: end users' requests reach a more valuable system as the service's own identity",
			Description: "End users call the process, and it calls a more valuable store or service with its own " +
				"technical identity, not the user's. The destination authorizes the service, which may touch every " +
				"user's data, so it cannot tell one user's request from another's: unless the process checks each " +
				"object against the user before it acts, any user who controls an identifier, a path or a filter in " +
				"the request acts with the service's rights.",
			AttackPaths: []string{
				"Changing an object ID, a tenant ID or a query filter in a request the service passes on with its own credentials",
				"A request that makes the service fetch, write or delete another user's objects (insecure direct object reference through the deputy)",
				"Server-side request forgery that makes the service call the downstream system on the attacker's behalf",
			},
			Mitigations: []string{
				"Authorize every object at the service against the authenticated user before using its own rights (tenant and owner checks on each read and write)",
				"Propagate the end user's identity (forward the user's token, or OAuth 2.0 token exchange) so that the downstream system authorizes the user",
				"Scope the service's technical identity per tenant where the platform allows it (row-level security keyed on the user)",
			},
			MitigatedBy:   []tm.Control{tm.Authorization},
			MitigatedWhen: identityPropagated,
			// The deputy is the caller: its own per-object check, or the
			// user's identity carried to a destination that checks it. A
			// policy at the destination on the technical user does not
			// tell users apart.
			Enforced: EnforcedAtElement,
			CWE:      []int{441, 639},
			Kinds:    []tm.Kind{tm.Process},
			Scope:    PerOutgoingFlow,
			Match: func(t *Target) bool {
				c, d := t.Component, t.Destination
				// A stated identity, or a service's own scheme: a flow
				// that says it propagates the user is closed or open by
				// whether the destination authorizes the user.
				// A build system acts for the engineers who start it, and a
				// deployment is its job: TW-E-007's and TW-T-009's concern.
				return isRequest(t.Flow) && d != nil && !isForwarder(c) && !c.IsA(tm.Pipeline) && !t.Flow.Deploys() &&
					(actsAsItself(t.Flow) || t.Flow.Identity().Propagates()) &&
					servesEndUsers(t, c) && moreValuable(c, d)
			},
		},
		{
			ID:       "TW-E-014",
			Foothold: true, // the attacker needs the co-tenant first
			Category: ElevationOfPrivilege,
			Title:    "Less trusted workload on the same host",
			Description: "A less trusted or more exposed workload runs on the same host, node or runtime as this one. " +
				"An attacker who takes it over and escapes its container or runtime — a kernel exploit, a container " +
				"runtime flaw, a privileged mount — is on the host, where this workload's memory, mounted secrets and " +
				"credentials are. A sandbox around the weaker workload (the Sandboxing control on it) closes the threat; " +
				"one around this workload does not.",
			AttackPaths: []string{
				"Remote code execution in the exposed co-tenant, then a container escape to the node",
				"Reading the other pods' mounted Secrets and projected tokens from the node's filesystem",
				"Stealing the node's own credentials and acting as every workload scheduled on it",
			},
			Mitigations: []string{
				"Separate hosts or node pools for workloads of different trust (taints and tolerations, dedicated nodes)",
				"Confine the less trusted workload: seccomp and AppArmor or SELinux profiles at least, its own kernel boundary (gVisor, Kata Containers, Firecracker) where it parses untrusted input",
			},
			MitigatedWhen: coTenantSandboxed,
			CAPEC:         []int{480},
			CWE:           []int{653},
			Kinds:         []tm.Kind{tm.Process},
			MatchEach: func(t *Target) []tm.Element {
				c := t.Component
				var out []tm.Element
				for _, o := range c.SharesHost() {
					if lessTrustedCoTenant(t, c, o) {
						out = append(out, o)
					}
				}
				return out
			},
		},
	}
}

// actsAsItself reports whether the flow's requests carry the caller's own
// identity: the model says so (threatmodel.TechnicalUser), or it does not
// say and the scheme authenticates the caller as a workload (an IAM
// signature, a workload identity, a certificate, a key, a password). A
// token scheme (JWT, OAuth 2.0, a session) may carry the user, and a flow
// without authentication carries nobody's.
func actsAsItself(f *tm.Flow) bool {
	switch f.Identity() {
	case tm.TechnicalUser:
		return true
	case 0:
		switch f.Authentication() {
		case tm.IAMSignature, tm.WorkloadIdentity, tm.ClientCertificate, tm.SSHKey, tm.Password, tm.APIKey, tm.SharedSecret:
			return true
		}
	}
	return false
}

// servesEndUsers reports whether end users' requests reach the process: a
// request from a person, one passed on by a load balancer or gateway that
// is reachable from outside, or one that carries the end user's identity.
// Each process is worked out once.
func servesEndUsers(t *Target, c *tm.Component) bool {
	ix := t.ix
	if v, ok := ix.endUsers[c]; ok {
		return v
	}
	serves := false
	for _, f := range incoming(c) {
		src := f.Source()
		if isRequest(f) && src != nil &&
			(isPerson(src) || f.Identity().Propagates() || isForwarder(src) && t.ExposureOf(src) > Unreachable) {
			serves = true
			break
		}
	}
	if ix.endUsers == nil {
		ix.endUsers = make(map[*tm.Component]bool)
	}
	ix.endUsers[c] = serves
	return serves
}

// moreValuable reports whether the destination is worth more than what
// the caller's users may touch: a data store that holds confidential data
// (not a log store or a secret store, which a service writes or reads as
// itself), or a process in a more trusted zone.
func moreValuable(c, d *tm.Component) bool {
	switch d.Kind() {
	case tm.DataStore:
		return !HoldsLogs(d) && !d.IsA(tm.SecretStore) && anyAsset(stores(d), confidentialData)
	case tm.Process:
		return !d.IsA(tm.IdentityProvider) && c.Zone() != nil && d.Zone() != nil && d.Zone().Trust() > c.Zone().Trust()
	}
	return false
}

// identityPropagated is the evidence that the end user's identity reaches
// the destination and is authorized there: the flow states it propagates
// it, with a scheme that authorizes users (roles, attributes, the
// resource's owner, scopes) or the Authorization control at the
// destination.
func identityPropagated(t *Target) string {
	f := t.Flow
	if !f.Identity().Propagates() {
		return ""
	}
	switch a := f.Authorization(); a {
	case tm.RoleBased, tm.AttributeBased, tm.ResourceOwner, tm.Scopes:
		return "the end user's identity reaches " + t.Destination.Name() + " (" + f.Identity().String() + "), which authorizes the user (" + a.String() + ")"
	}
	if t.Destination.Has(tm.Authorization) {
		return "the end user's identity reaches " + t.Destination.Name() + " (" + f.Identity().String() + "), which authorizes the user (Authorization control)"
	}
	return ""
}

// lessTrustedCoTenant reports whether the co-tenant o is a weaker
// neighbour of c: in a less trusted zone, or more exposed to untrusted
// zones while c handles more valuable assets.
func lessTrustedCoTenant(t *Target, c, o *tm.Component) bool {
	if o == nil || c.Zone() == nil || o.Zone() == nil {
		return false
	}
	if o.Zone().Trust() < c.Zone().Trust() {
		return true
	}
	return o.Zone().Trust() == c.Zone().Trust() && t.ExposureOf(o) > t.ExposureOf(c) &&
		componentImpact(t, c) > componentImpact(t, o)
}

// coTenantSandboxed is the evidence that the weaker co-tenant
// (Target.Item) runs in a sandbox: an escape from it does not land on the
// shared host.
func coTenantSandboxed(t *Target) string {
	o, ok := t.Item.(*tm.Component)
	if !ok || o == nil || !o.Has(tm.Sandboxing) {
		return ""
	}
	return o.Name() + " runs sandboxed (Sandboxing control)"
}
