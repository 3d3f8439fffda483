package threatmodel

// Control is a security control that can sit on a component or a flow. The
// STRIDE rules consult controls: a threat whose rule names a control that is
// present is mitigated. The zero value is not a control.
type Control uint8

// Controls. Each name is the control as a reviewer would say it.
const (
	Authentication        Control = iota + 1 // callers are authenticated
	MFA                                      // multi-factor authentication for people
	Authorization                            // each request is checked against a policy
	InputValidation                          // strict schema and parameter validation
	OutputEncoding                           // output is encoded for its context
	ParameterizedQueries                     // no query is built by string concatenation
	RateLimiting                             // per-caller rate limits and throttling
	WAF                                      // a web application firewall filters requests
	DDoSProtection                           // volumetric attack absorption at the edge
	ResourceLimits                           // quotas, concurrency and size limits
	Timeouts                                 // bounded execution and request time
	EncryptionAtRest                         // stored data is encrypted
	EncryptionInTransit                      // data in transit is encrypted
	AuditLogging                             // security-relevant actions are logged with the actor
	LogIntegrity                             // logs are immutable or integrity-protected
	Monitoring                               // alerts on anomalies and security events
	TimeSync                                 // synchronised clocks for trustworthy timestamps
	LeastPrivilege                           // identities hold only the permissions they need
	PermissionBoundary                       // a ceiling on what a role can ever be granted
	SecretsManager                           // secrets come from a managed store at run time
	ShortLivedCredentials                    // credentials expire in minutes or hours
	CredentialRotation                       // credentials are rotated on a schedule
	ErrorSanitization                        // generic errors outside, details only in internal logs
	LogScrubbing                             // secrets and PII are removed before logging
	DataMasking                              // sensitive fields are masked or tokenised
	NetworkIsolation                         // private subnets, no public endpoint
	PrivateEndpoint                          // service access through private endpoints only
	EgressFiltering                          // outbound traffic limited to allowlisted destinations
	IPAllowlist                              // inbound traffic limited to known addresses
	ReadOnlyFilesystem                       // the runtime's filesystem is read-only
	NonRootUser                              // the workload runs as an unprivileged user
	Sandboxing                               // seccomp, AppArmor, gVisor or a micro-VM
	MessageSigning                           // messages carry a signature or MAC
	ReplayProtection                         // nonces or timestamps reject replayed requests
	SessionManagement                        // secure, expiring, revocable sessions
	CSRFProtection                           // cross-site request forgery tokens or SameSite cookies
	SecurityHeaders                          // CSP, HSTS and similar response headers
	Backups                                  // restorable backups or point-in-time recovery
	DeletionProtection                       // deletion needs an extra step or is blocked
	Versioning                               // earlier versions of stored objects are kept
	Redundancy                               // replicas or multiple zones
	DependencyPinning                        // dependencies pinned to exact versions or digests
	SCAScanning                              // software composition analysis of dependencies
	SASTScanning                             // static analysis of source code
	CodeReview                               // human review before merge
	ImageScanning                            // container images scanned for known flaws
	SignedArtifacts                          // builds and images are signed and verified
	SecretScanning                           // repositories and builds are scanned for secrets
	XMLHardening                             // XML parsers refuse DTDs and external entities and bound entity expansion
	SafeDeserialization                      // no native deserialization of untrusted data, or only allow-listed types
	FileTypeValidation                       // uploaded files are allow-listed by their content, not their name or declared type, and size-limited
	MalwareScanning                          // uploaded files are scanned for malware before anything opens them
	PathCanonicalization                     // paths are canonicalized and confined to a base directory before use
	TemplateSandboxing                       // templates come from the code, or render in a sandboxed engine that cannot reach the runtime
	SafeExtraction                           // archives are extracted with entry paths confined and size, count and ratio limits
	HTMLSanitization                         // caller-supplied Markdown or HTML is rendered through an allow-list sanitizer
	// The controls of AI components.
	ContentFiltering // prompts and responses pass guardrails that detect injected instructions, jailbreaks and sensitive data
	OutputValidation // model output is parsed against a schema and checked before anything acts on it
	ToolAllowlist    // the agent may call only the tools, and the arguments, listed for its task
	HumanApproval    // a person approves each consequential action before it runs
	TokenLimits      // token, step and cost budgets per request, per user and per day

	// Added for the rules about concerns the model did not state (request
	// correlation across services).
	RequestCorrelation // a request ID is passed on with every call and written in every log entry
)

var controlNames = enumNames{"Control",
	[]string{"unstated", "Authentication", "MFA", "Authorization", "Input validation", "Output encoding",
		"Parameterized queries", "Rate limiting", "WAF", "DDoS protection", "Resource limits", "Timeouts",
		"Encryption at rest", "Encryption in transit", "Audit logging", "Log integrity", "Monitoring",
		"Time sync", "Least privilege", "Permission boundary", "Secrets manager", "Short-lived credentials",
		"Credential rotation", "Error sanitization", "Log scrubbing", "Data masking", "Network isolation",
		"Private endpoint", "Egress filtering", "IP allowlist", "Read-only filesystem", "Non-root user",
		"Sandboxing", "Message signing", "Replay protection", "Session management", "CSRF protection",
		"Security headers", "Backups", "Deletion protection", "Versioning", "Redundancy",
		"Dependency pinning", "SCA scanning", "SAST scanning", "Code review", "Image scanning",
		"Signed artifacts", "Secret scanning", "XML hardening", "Safe deserialization", "File type validation",
		"Malware scanning", "Path canonicalization", "Template sandboxing", "Safe extraction",
		"HTML sanitization", "Content filtering", "Output validation", "Tool allow-listing", "Human approval",
		"Token and cost limits", "Request correlation"},
	[]string{"", "authentication", "mfa", "authorization", "input-validation", "output-encoding",
		"parameterized-queries", "rate-limiting", "waf", "ddos-protection", "resource-limits", "timeouts",
		"encryption-at-rest", "encryption-in-transit", "audit-logging", "log-integrity", "monitoring",
		"time-sync", "least-privilege", "permission-boundary", "secrets-manager", "short-lived-credentials",
		"credential-rotation", "error-sanitization", "log-scrubbing", "data-masking", "network-isolation",
		"private-endpoint", "egress-filtering", "ip-allowlist", "read-only-filesystem", "non-root-user",
		"sandboxing", "message-signing", "replay-protection", "session-management", "csrf-protection",
		"security-headers", "backups", "deletion-protection", "versioning", "redundancy",
		"dependency-pinning", "sca-scanning", "sast-scanning", "code-review", "image-scanning",
		"signed-artifacts", "secret-scanning", "xml-hardening", "safe-deserialization", "file-type-validation",
		"malware-scanning", "path-canonicalization", "template-sandboxing", "safe-extraction",
		"html-sanitization", "content-filtering", "output-validation", "tool-allowlist", "human-approval",
		"token-limits", "request-correlation"}}

// String returns the Control's display name, or Control(N) for a value out of range.
func (c Control) String() string { return controlNames.str(uint8(c)) }

// MarshalText returns the Control's text token; the zero value, "unstated", is the empty token.
func (c Control) MarshalText() ([]byte, error) { return controlNames.marshal(uint8(c)) }

// UnmarshalText sets the Control from a token written by MarshalText.
func (c *Control) UnmarshalText(b []byte) error {
	v, err := controlNames.unmarshal(b)
	if err != nil {
		return err
	}
	*c = Control(v)
	return nil
}

// AllControls lists every control in declaration order.
func AllControls() []Control {
	out := make([]Control, 0, len(controlNames.display)-1)
	for i := 1; i < len(controlNames.display); i++ {
		out = append(out, Control(i))
	}
	return out
}

// controlSet is a bit set of controls: Control c is bit c%64 of word
// c/64. It holds every Control a uint8 can name.
type controlSet [4]uint64

func (s controlSet) has(c Control) bool { return c > 0 && s[c/64]&(1<<(c%64)) != 0 }
func (s *controlSet) add(c Control) {
	if c > 0 {
		s[c/64] |= 1 << (c % 64)
	}
}

func (s controlSet) list() []Control {
	var out []Control
	for i := 1; i < len(controlNames.display); i++ {
		if c := Control(i); s.has(c) {
			out = append(out, c)
		}
	}
	return out
}

// sourcesSet returns the set of the controls of the sources.
func sourcesSet(src []ControlSource) controlSet {
	var s controlSet
	for _, c := range src {
		s.add(c.Control)
	}
	return s
}
