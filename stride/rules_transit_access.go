package stride

import (
	"slices"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// transitAccessRules are two Information disclosure rules about what the
// model leaves unsaid or says too little about: a sensitive flow whose
// encryption nobody states (TW-I-012), and a caller a data store lets in
// without authenticating it (TW-I-013).
func transitAccessRules() []Rule {
	return []Rule{
		{
			ID:       "TW-I-012",
			Category: InformationDisclosure,
			Title:    "Sensitive data on a flow of unknown encryption",
			Description: "The flow carries personal, confidential or credential data inside a trust zone, and " +
				"nothing in the model says whether it is encrypted: neither the flow, nor its protocol, nor a control " +
				"at its ends. Whether anyone on the network between its ends reads the data is unknown, and unknown " +
				"is how unencrypted internal traffic goes unnoticed.",
			AttackPaths: []string{
				"A compromised workload on the same network segment sniffs the traffic",
				"Traffic mirroring, a tap or a misrouted packet capture of a network assumed private",
				"A client library that falls back to plaintext when the server does not insist on TLS",
			},
			Mitigations: []string{
				"State the flow's encryption (threatmodel.Encrypted); encrypt it with TLS 1.2 or later when it is not",
				"Require TLS on the server so that no client can fall back to plaintext",
			},
			MitigatedWhen: encryptedInTransit,
			CAPEC:         []int{157},
			CWE:           []int{319},
			Kinds:         []tm.Kind{tm.DataFlow},
			// A boundary crossing that states nothing is TW-I-001's and a
			// gap (TM121); a flow whose protocol implies plaintext is
			// TW-I-001's too. What remains is the internal flow over a
			// protocol that is run both ways. Stating the encryption, or a
			// protocol that is always encrypted, answers the question.
			Match: func(t *Target) bool {
				return !t.Crossing.Crosses() && t.Flow.Encryption() == 0 && !t.Flow.Protocol().PlaintextByDefault() &&
					t.Flow.Protocol() != tm.InProcess &&
					slices.ContainsFunc(t.interaction(), func(f *tm.Flow) bool { return flowCarries(f, confidential) })
			},
		},
		{
			ID:       "TW-I-013",
			Category: InformationDisclosure,
			Title:    "Data store reached without authentication",
			Description: "A component reads or writes the data store, which holds or receives personal or " +
				"confidential data, and the store does not authenticate it: anyone who reaches the store's port " +
				"(an NFS export, a database, a cache) reads and changes the data as that component would.",
			AttackPaths: []string{
				"A compromised workload or host on the same network connects to the store directly",
				"A server-side request forgery in any process that can reach the store's address",
				"A misconfigured security group or a flat network that exposes the store's port more widely than intended",
			},
			Mitigations: []string{
				"Require authentication at the store (database users, Redis AUTH or ACLs, IAM authentication, Kerberos for NFS)",
				"Give each caller its own credential, scoped to what it needs",
			},
			MitigatedBy:   []tm.Control{tm.Authentication},
			MitigatedWhen: storeAuthenticatesCaller,
			Enforced:      EnforcedAtElement,
			CWE:           []int{306},
			Kinds:         []tm.Kind{tm.DataStore},
			Scope:         PerIncomingFlow,
			Match: func(t *Target) bool {
				return isRequest(t.Flow) && t.Source != nil &&
					(anyAsset(stores(t.Component), confidential) ||
						slices.ContainsFunc(t.interaction(), func(f *tm.Flow) bool { return flowCarries(f, confidential) }))
			},
		},
	}
}

// storeAuthenticatesCaller is the evidence that the store authenticates the
// caller on this flow: a scheme the flow states.
func storeAuthenticatesCaller(t *Target) string {
	if a := t.Flow.Authentication(); a.Authenticated() {
		return "the store authenticates the caller with " + a.String()
	}
	return ""
}
