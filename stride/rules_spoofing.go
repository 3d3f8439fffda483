package stride

import (
	"slices"
	"strings"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// spoofingRules are the Spoofing rules: someone or something pretends to be
// a user, a service or a server.
//
// The rules about a caller (TW-S-001 to TW-S-005, TW-S-008 to TW-S-011) look
// at requests only: a response inherits its request's authentication
// (threatmodel.Model.Response), which then says how the caller proved itself
// to the responder, not how the responder proves itself to the caller.
//
// It is a table of rules, one Rule literal per rule, which is why it is
// long: each rule reads, and is edited, on its own.
func spoofingRules() []Rule {
	return []Rule{
		{
			ID:       "TW-S-001",
			Category: Spoofing,
			Title:    "Unauthenticated caller crosses a trust boundary",
			Description: "A caller from a less trusted zone reaches the process without proving who it is, " +
				"directly or through a load balancer or gateway that passes anonymous requests on, " +
				"so anyone can call it pretending to be a real user or client (unauthorized access). A process " +
				"calling across a boundary is the concern of TW-S-005 (service impersonation), and a person " +
				"signing in to an identity provider that of TW-S-003 and TW-S-004.",
			AttackPaths: []string{
				"No authentication on the entry point (the guide's \"no authentication on API Gateway\")",
				"A route or method left open while others require a token",
				"Calling the back end directly, around the component that authenticates",
			},
			Mitigations: []string{
				"Require authentication on every route that crosses the boundary (Cognito, IAM, OIDC)",
				"Deny by default; make anonymous routes an explicit, reviewed exception",
			},
			MitigatedWhen: flowAuthenticated,
			CAPEC:         []int{115, 151},
			CWE:           []int{306, 287},
			Kinds:         []tm.Kind{tm.Process},
			Scope:         PerIncomingFlow,
			Match: func(t *Target) bool {
				// A person signing in to an identity provider is authenticating
				// there: that is TW-S-003's and TW-S-004's concern.
				// A load balancer or gateway that passes anonymous requests
				// on brings the outside caller to the process behind it.
				if !isRequest(t.Flow) || signIn(t) {
					return false
				}
				return fromLessTrusted(t) && t.Source.Kind() != tm.Process ||
					!isForwarder(t.Component) && relayedFromOutside(t, ReachableAnonymously)
			},
		},
		{
			ID:       "TW-S-002",
			Category: Spoofing,
			Title:    "Stolen API key or bearer token replayed",
			Description: "Whoever holds the key or token is the caller: a key leaked from a client, a log, a " +
				"repository or a browser is replayed from anywhere until it expires or is revoked.",
			AttackPaths: []string{
				"Stolen API keys (the guide's attack path)",
				"A token copied from logs, browser storage or a compromised client",
				"A long-lived key committed to a repository or baked into a mobile app",
			},
			Mitigations: []string{
				"Short-lived credentials only; tokens that expire in minutes",
				"No hard-coded secrets; rotate and revoke keys",
				"Bind tokens to the client (mTLS, DPoP, request signing) or to known addresses",
			},
			MitigatedBy: []tm.Control{tm.ShortLivedCredentials, tm.ReplayProtection, tm.MessageSigning, tm.IPAllowlist},
			CAPEC:       []int{560, 593},
			CWE:         []int{294, 522, 613},
			Kinds:       []tm.Kind{tm.Process},
			Scope:       PerIncomingFlow,
			Match: func(t *Target) bool {
				return isRequest(t.Flow) && isBearer(t.Flow.Authentication()) && (t.Crossing.Crosses() || isOutside(t.Source))
			},
		},
		{
			ID:       "TW-S-003",
			Category: Spoofing,
			Title:    "Compromised user credentials",
			Description: "A person's password or session is phished, reused from another breach or guessed, " +
				"and the attacker signs in as them. Where the person signs in to an identity provider of the " +
				"model and presents its token elsewhere, the threat is on the sign-in; the token's theft is TW-S-002's.",
			AttackPaths: []string{
				"Compromised credentials (the guide's attack path): phishing, password reuse",
				"Credential stuffing with lists from other breaches",
			},
			Mitigations: []string{
				"Multi-factor authentication where applicable",
				"Breached-password checks and adaptive authentication at the identity provider",
			},
			MitigatedBy:   []tm.Control{tm.MFA},
			MitigatedWhen: mfaAtIdentityProvider,
			CAPEC:         []int{600, 560},
			CWE:           []int{308},
			Kinds:         []tm.Kind{tm.Process},
			Scope:         PerIncomingFlow,
			Match: func(t *Target) bool {
				return isRequest(t.Flow) && isPerson(t.Source) && isPersonCredential(t.Flow.Authentication()) &&
					!tokenFromModelSignIn(t)
			},
		},
		{
			ID:       "TW-S-004",
			Category: Spoofing,
			Title:    "Password guessing without throttling",
			Description: "An endpoint that accepts passwords lets an attacker try many of them: brute force, " +
				"password spraying, credential stuffing.",
			AttackPaths: []string{
				"Scripted sign-in attempts against one account (brute force)",
				"A few common passwords against many accounts (spraying)",
			},
			Mitigations: []string{
				"Rate-limit and throttle sign-in attempts per account and per source",
				"Lock out or step up (CAPTCHA, MFA) after repeated failures",
			},
			MitigatedBy: []tm.Control{tm.RateLimiting},
			CAPEC:       []int{49, 16, 600},
			CWE:         []int{307},
			Kinds:       []tm.Kind{tm.Process},
			Scope:       PerIncomingFlow,
			Match:       func(t *Target) bool { return isRequest(t.Flow) && t.Flow.Authentication() == tm.Password },
		},
		{
			ID:       "TW-S-005",
			Category: Spoofing,
			Title:    "Service impersonation",
			Description: "A service across a trust boundary accepts calls from another service; an attacker " +
				"inside the network, or a compromised neighbour, calls it pretending to be the legitimate caller.",
			AttackPaths: []string{
				"A compromised workload calls the service with the caller's expected headers",
				"A shared static secret between services is reused by anyone who reads it",
			},
			Mitigations: []string{
				"Mutual TLS or a service mesh identity between services",
				"Signed requests with workload identities (IAM SigV4, SPIFFE)",
			},
			MitigatedBy:   []tm.Control{tm.MessageSigning},
			MitigatedWhen: cryptographicCaller,
			CAPEC:         []int{151, 194},
			CWE:           []int{290},
			Kinds:         []tm.Kind{tm.Process},
			Scope:         PerIncomingFlow,
			Match: func(t *Target) bool {
				return t.Source != nil && t.Source.Kind() == tm.Process && t.Crossing.Crosses() && t.Flow.ResponseTo() == nil
			},
		},
		{
			ID:       "TW-S-006",
			Category: Spoofing,
			Title:    "Role credentials stolen and reused (IAM role compromise)",
			Description: "The process acts with a role's credentials; an attacker who extracts them (from the " +
				"runtime's environment, a metadata endpoint, a crash dump) acts as the process, with all of its " +
				"permissions, from anywhere.",
			AttackPaths: []string{
				"Credentials read from the execution environment after code injection",
				"SSRF to the instance metadata endpoint",
				"Long-lived access keys copied from a configuration file",
			},
			Mitigations: []string{
				"Short-lived credentials issued to the workload (IAM roles, workload identity), never stored keys",
				"Permission boundaries and scoped policies to bound what stolen credentials can do",
				"Alert on role use from unexpected networks",
			},
			MitigatedBy:   []tm.Control{tm.ShortLivedCredentials},
			MitigatedWhen: workloadIssuedCredentials,
			CAPEC:         []int{560, 21},
			CWE:           []int{522},
			Kinds:         []tm.Kind{tm.Process},
			Match:         func(t *Target) bool { return len(rolesOf(t.Component)) > 0 },
		},
		{
			ID:       "TW-S-007",
			Category: Spoofing,
			Title:    "External entity impersonated",
			Description: "Whatever the system believes about this external entity rests on the requests it " +
				"sends: where one of them does not authenticate it, anyone can claim to be it.",
			AttackPaths: []string{
				"Sending requests that claim to come from the entity",
				"Replaying a captured request of the entity",
			},
			Mitigations: []string{
				"Authenticate every request from the entity",
				"Multi-factor authentication for people; certificates or signatures for services",
			},
			MitigatedWhen: allOutgoingAuthenticated,
			CAPEC:         []int{151},
			CWE:           []int{290},
			Kinds:         []tm.Kind{tm.ExternalEntity},
			Match:         sendsRequests,
		},
		{
			ID:       "TW-S-008",
			Category: Spoofing,
			Title:    "Destination impersonated to its callers",
			Description: "Callers across a trust boundary cannot tell the real destination from an impostor " +
				"(DNS spoofing, a rogue access point, an adversary in the middle) and hand it their credentials and data.",
			AttackPaths: []string{
				"DNS or BGP hijacking sends callers to a look-alike endpoint",
				"An adversary in the middle on an unencrypted or unauthenticated channel",
			},
			Mitigations: []string{
				"TLS 1.2 or later with certificate validation on every boundary crossing",
				"Certificate pinning or mutual TLS for service clients",
			},
			MitigatedWhen: serverAuthenticated,
			CAPEC:         []int{89, 94},
			CWE:           []int{300, 295},
			Kinds:         []tm.Kind{tm.Process},
			Scope:         PerIncomingFlow,
			Match:         func(t *Target) bool { return t.Crossing.Crosses() && t.Flow.ResponseTo() == nil },
		},
		{
			ID:       "TW-S-009",
			Category: Spoofing,
			Title:    "Session hijacking",
			Description: "A session identifier is stolen, fixed or predicted, and the attacker continues a " +
				"legitimate user's session as that user.",
			AttackPaths: []string{
				"Session cookie stolen through cross-site scripting or an unencrypted channel",
				"Session fixation: the attacker sets the victim's session ID before sign-in",
			},
			Mitigations: []string{
				"Secure, HttpOnly, SameSite cookies; new session ID at sign-in",
				"Idle and absolute session timeouts; server-side revocation",
			},
			MitigatedBy: []tm.Control{tm.SessionManagement},
			CAPEC:       []int{593, 60},
			CWE:         []int{384, 613},
			Kinds:       []tm.Kind{tm.Process},
			Scope:       PerIncomingFlow,
			Match:       func(t *Target) bool { return isRequest(t.Flow) && t.Flow.Authentication() == tm.Session },
		},
		{
			ID:       "TW-S-010",
			Category: Spoofing,
			Title:    "Cross-site request forgery",
			Description: "A browser that holds a session cookie sends it with requests a malicious site " +
				"triggers; the process acts on them as if the user had.",
			AttackPaths: []string{
				"A hidden form or image on another site posts to the application",
				"A state-changing GET request triggered by a link",
			},
			Mitigations: []string{
				"Anti-CSRF tokens or SameSite=Strict/Lax cookies",
				"No state changes on GET; check Origin and Referer",
			},
			MitigatedBy: []tm.Control{tm.CSRFProtection},
			CAPEC:       []int{62},
			CWE:         []int{352},
			Kinds:       []tm.Kind{tm.Process},
			Scope:       PerIncomingFlow,
			Match: func(t *Target) bool {
				// A load balancer or gateway passes the browser's request,
				// cookie and all, to the process behind it.
				return t.Flow.Authentication() == tm.Session && sentBy(t, tm.Browser)
			},
		},
		{
			ID:       "TW-S-011",
			Category: Spoofing,
			Title:    "Forged or tampered identity token accepted",
			Description: "The process accepts a token whose signature, issuer, audience or expiry it does not " +
				"check properly, so an attacker mints or edits a token for any identity.",
			AttackPaths: []string{
				"A JWT with alg=none or signed with a guessed or leaked key",
				"A valid token for another audience or an expired token accepted",
			},
			Mitigations: []string{
				"Verify signature, issuer, audience and expiry with a maintained library or the platform's authorizer",
				"Pin the accepted algorithms; rotate signing keys",
			},
			MitigatedBy: []tm.Control{tm.Authentication, tm.MessageSigning},
			CAPEC:       []int{196},
			CWE:         []int{347},
			Kinds:       []tm.Kind{tm.Process},
			Scope:       PerIncomingFlow,
			Match: func(t *Target) bool {
				// Self-contained tokens the receiver verifies itself; opaque
				// OAuth tokens are checked with their issuer.
				return t.Flow.Authentication() == tm.JWT && t.Flow.ResponseTo() == nil
			},
		},
	}
}

// fromLessTrusted reports whether the interaction brings input from a less
// trusted place: an untrusted zone, an external entity, or a zone of lower
// trust across a boundary.
func fromLessTrusted(t *Target) bool {
	if t.Source == nil {
		return false
	}
	return isOutside(t.Source) || t.Crossing.EntersFromLowerTrust()
}

// isOutside reports whether the component is outside the system's control:
// an external entity, a third-party service (whatever zone it is drawn
// in), or anything in an untrusted zone.
func isOutside(c *tm.Component) bool {
	return c != nil && (c.Kind() == tm.ExternalEntity || c.IsA(tm.ThirdPartyService) || Untrusted(c))
}

// flowAuthenticated is the evidence that a flow authenticates its source: a
// stated scheme, or, when the flow states none, the Authentication control.
func flowAuthenticated(t *Target) string {
	a := t.Flow.Authentication()
	if a.Authenticated() {
		return "the flow is authenticated with " + a.String()
	}
	if a == 0 && t.Has(tm.Authentication) {
		return "callers are authenticated (Authentication control)"
	}
	return ""
}

// isBearer reports whether whoever holds the credential is the caller.
func isBearer(a tm.AuthScheme) bool {
	switch a {
	case tm.APIKey, tm.SharedSecret, tm.JWT, tm.OAuth2, tm.Session:
		return true
	}
	return false
}

// isPerson reports whether the component is, or acts for, a person.
func isPerson(c *tm.Component) bool {
	if c == nil || c.Kind() != tm.ExternalEntity {
		return false
	}
	return c.Type() == 0 || c.IsA(tm.Human) || c.IsA(tm.Browser) || c.IsA(tm.MobileApp)
}

// isPersonCredential reports whether a scheme rests on something a person
// knows or was issued after signing in.
func isPersonCredential(a tm.AuthScheme) bool {
	switch a {
	case tm.Password, tm.Session, tm.OAuth2, tm.JWT:
		return true
	}
	return false
}

// mfaAtIdentityProvider finds the identity providers the person signs in to
// that require MFA: the token the person later presents came from there. The
// answer is worked out once per person, who may call many processes.
func mfaAtIdentityProvider(t *Target) string {
	if t.ix != nil {
		if ev, ok := t.ix.mfaAt[t.Source]; ok {
			return ev
		}
	}
	var idps []string
	for _, f := range outgoing(t.Source) {
		d := f.Destination()
		if d != nil && d.IsA(tm.IdentityProvider) && d.HasFor(tm.MFA, t.Source) {
			idps = append(idps, d.Name())
		}
	}
	ev := ""
	if len(idps) > 0 {
		slices.Sort(idps)
		ev = "MFA at " + strings.Join(slices.Compact(idps), ", ")
	}
	if t.ix != nil {
		t.ix.mfaAt[t.Source] = ev
	}
	return ev
}

// cryptographicCaller is the evidence that the caller proves its identity
// cryptographically.
func cryptographicCaller(t *Target) string {
	switch a := t.Flow.Authentication(); a {
	case tm.IAMSignature, tm.ClientCertificate, tm.WorkloadIdentity, tm.SSHKey:
		return "the caller proves its identity with " + a.String()
	}
	if t.Flow.Encryption() == tm.MutualTLS {
		return "mutual TLS"
	}
	return ""
}

// workloadIssuedCredentials is the evidence that every credential of the
// process's roles is issued to the workload, short-lived, never stored.
func workloadIssuedCredentials(t *Target) string {
	var names []string
	for _, r := range rolesOf(t.Component) {
		secrets := t.SecretsGranting(r)
		if len(secrets) == 0 {
			return ""
		}
		for _, s := range secrets {
			if s.Storage() != tm.InWorkloadIdentity {
				return ""
			}
			names = append(names, s.Name())
		}
	}
	slices.Sort(names)
	return "role credentials are issued to the workload: " + strings.Join(slices.Compact(names), ", ")
}

// sendsRequests reports whether the component starts at least one exchange.
func sendsRequests(t *Target) bool {
	return slices.ContainsFunc(outgoing(t.Component), isRequest)
}

// allOutgoingAuthenticated is the evidence that every request the entity
// sends authenticates it. Its responses are left out: they inherit the
// authentication of the request they answer, which authenticates the other
// end.
func allOutgoingAuthenticated(t *Target) string {
	var schemes []string
	for _, f := range outgoing(t.Component) {
		if !isRequest(f) {
			continue
		}
		a := f.Authentication()
		if !a.Authenticated() {
			return ""
		}
		schemes = append(schemes, a.String())
	}
	slices.Sort(schemes)
	if len(schemes) == 0 {
		return ""
	}
	return "every request it sends is authenticated (" + strings.Join(slices.Compact(schemes), ", ") + ")"
}

// serverAuthenticated is the evidence that the channel authenticates the
// destination to its caller.
func serverAuthenticated(t *Target) string {
	switch e := t.Flow.Encryption(); e {
	case tm.TLS12, tm.TLS13, tm.MutualTLS, tm.SSHTunnel, tm.VPN:
		return e.String() + " authenticates the destination"
	case 0:
		if t.Flow.Protocol().AlwaysEncrypted() {
			return t.Flow.Protocol().String() + " authenticates the destination (implied by the protocol)"
		}
		if t.Has(tm.EncryptionInTransit) {
			return "encrypted in transit (Encryption in transit control)"
		}
	}
	return ""
}

// tokenFromModelSignIn reports whether the interaction presents a token
// (JWT, OAuth 2.0, a session) that the person obtained by signing in to an
// identity provider the model analyses: the compromised credential is
// the one used at that sign-in, where TW-S-003 is derived, and the
// token itself is the concern of TW-S-002.
func tokenFromModelSignIn(t *Target) bool {
	switch t.Flow.Authentication() {
	case tm.JWT, tm.OAuth2, tm.Session:
	default:
		return false
	}
	if t.Component.IsA(tm.IdentityProvider) {
		return false
	}
	return slices.ContainsFunc(outgoing(t.Source), func(f *tm.Flow) bool {
		d := f.Destination()
		return isRequest(f) && d != nil && d != t.Component && d.Kind() == tm.Process && d.InScope() &&
			d.IsA(tm.IdentityProvider) && isPersonCredential(f.Authentication())
	})
}
