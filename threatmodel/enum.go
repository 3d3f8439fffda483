package threatmodel

import (
	"fmt"
	"strconv"
)

// enumNames holds the display names and the text tokens of one enum type.
// Index 0 is the zero value, "not stated", whose text token is empty.
type enumNames struct {
	typ     string
	display []string
	text    []string
}

func (n *enumNames) valid(v uint8) bool { return int(v) < len(n.display) }

func (n *enumNames) str(v uint8) string {
	if n.valid(v) {
		return n.display[v]
	}
	return n.typ + "(" + strconv.Itoa(int(v)) + ")"
}

func (n *enumNames) marshal(v uint8) ([]byte, error) {
	if !n.valid(v) {
		return nil, fmt.Errorf("threatmodel: invalid %s value %d", n.typ, v)
	}
	return []byte(n.text[v]), nil
}

func (n *enumNames) unmarshal(b []byte) (uint8, error) {
	s := string(b)
	for i, t := range n.text {
		if t == s {
			return uint8(i), nil
		}
	}
	return 0, fmt.Errorf("threatmodel: unknown %s %q", n.typ, s)
}

// Trust is the trust level of a zone. The zero value means "not stated".
type Trust uint8

// Trust levels, from least to most trusted.
const (
	Untrusted     Trust = iota + 1 // the internet, anyone
	SemiTrusted                    // a DMZ, partners, an edge tier
	Trusted                        // internal networks and accounts
	HighlyTrusted                  // management planes, key stores
)

var trustNames = enumNames{"Trust",
	[]string{"unstated", "Untrusted", "Semi-trusted", "Trusted", "Highly trusted"},
	[]string{"", "untrusted", "semi-trusted", "trusted", "highly-trusted"}}

// String returns the Trust's display name, or Trust(N) for a value out of range.
func (t Trust) String() string { return trustNames.str(uint8(t)) }

// MarshalText returns the Trust's text token; the zero value, "unstated", is the empty token.
func (t Trust) MarshalText() ([]byte, error) { return trustNames.marshal(uint8(t)) }

// UnmarshalText sets the Trust from a token written by MarshalText.
func (t *Trust) UnmarshalText(b []byte) error {
	v, err := trustNames.unmarshal(b)
	if err != nil {
		return err
	}
	*t = Trust(v)
	return nil
}
func (t Trust) valid() bool { return t != 0 && trustNames.valid(uint8(t)) }

// Kind is the data flow diagram kind of an element.
type Kind uint8

// Element kinds, as in a data flow diagram.
const (
	ExternalEntity Kind = iota + 1 // users, third-party services: outside our control
	Process                        // code that runs: gateways, functions, services, jobs
	DataStore                      // tables, buckets, queues, log stores
	DataFlow                       // a flow of data between two elements
)

var kindNames = enumNames{"Kind",
	[]string{"unstated", "External entity", "Process", "Data store", "Data flow"},
	[]string{"", "external-entity", "process", "data-store", "data-flow"}}

// String returns the Kind's display name, or Kind(N) for a value out of range.
func (k Kind) String() string { return kindNames.str(uint8(k)) }

// MarshalText returns the Kind's text token; the zero value, "unstated", is the empty token.
func (k Kind) MarshalText() ([]byte, error) { return kindNames.marshal(uint8(k)) }

// UnmarshalText sets the Kind from a token written by MarshalText.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := kindNames.unmarshal(b)
	if err != nil {
		return err
	}
	*k = Kind(v)
	return nil
}

// ComponentType refines a component's kind: what sort of gateway, service or
// store it is. Rules use it (container escape applies to containers; a log
// store holds evidence). The zero value means "not stated".
type ComponentType uint8

// Component types.
const (
	Human ComponentType = iota + 1
	ThirdPartyService
	Browser
	MobileApp
	Gateway
	LoadBalancer
	WebApplication
	Service
	Function
	Container
	Job
	Pipeline
	IdentityProvider
	Database
	ObjectStorage
	Queue
	Cache
	LogStore
	SecretStore
	FileSystem
	SourceRepository
	Registry
	Host
	Orchestrator
	// The AI components. A large language model or another generative
	// model is an LLM: an external entity or a provider-managed
	// ThirdPartyService when a vendor hosts it, a process when the system
	// serves it itself. An Agent is the code that puts a model's output to
	// work: it plans, keeps memory and calls tools. A ToolServer exposes
	// tools to agents (an MCP server, a function-calling gateway); it acts
	// with its own identity on the agent's request. A VectorStore holds
	// embeddings that retrieval reads into a model's context; a
	// ModelArtifact is stored model weights, adapters or a tokenizer that
	// a process loads.
	LLM
	Agent
	ToolServer
	VectorStore
	ModelArtifact
)

var componentTypeNames = enumNames{"ComponentType",
	[]string{"unstated", "Human", "Third-party service", "Browser", "Mobile app", "Gateway", "Load balancer",
		"Web application", "Service", "Function", "Container", "Job", "Pipeline", "Identity provider",
		"Database", "Object storage", "Queue", "Cache", "Log store", "Secret store", "File system",
		"Source repository", "Registry", "Host", "Orchestrator", "LLM", "Agent", "Tool server", "Vector store",
		"Model artifact"},
	[]string{"", "human", "third-party-service", "browser", "mobile-app", "gateway", "load-balancer",
		"web-application", "service", "function", "container", "job", "pipeline", "identity-provider",
		"database", "object-storage", "queue", "cache", "log-store", "secret-store", "file-system",
		"source-repository", "registry", "host", "orchestrator", "llm", "agent", "tool-server", "vector-store",
		"model-artifact"}}

// String returns the ComponentType's display name, or ComponentType(N) for a value out of range.
func (t ComponentType) String() string { return componentTypeNames.str(uint8(t)) }

// MarshalText returns the ComponentType's text token; the zero value, "unstated", is the empty token.
func (t ComponentType) MarshalText() ([]byte, error) { return componentTypeNames.marshal(uint8(t)) }

// UnmarshalText sets the ComponentType from a token written by MarshalText.
func (t *ComponentType) UnmarshalText(b []byte) error {
	v, err := componentTypeNames.unmarshal(b)
	if err != nil {
		return err
	}
	*t = ComponentType(v)
	return nil
}

// Level is an ordinal rating: the value of an asset (the guide's Low …
// Very High, including Medium-High), and the impact, likelihood and risk of a
// threat (the template's Low, Medium, High). The zero value means "not
// stated".
type Level uint8

// Levels, from lowest to highest.
const (
	Low Level = iota + 1
	Medium
	MediumHigh
	High
	VeryHigh
)

var levelNames = enumNames{"Level",
	[]string{"unstated", "Low", "Medium", "Medium-High", "High", "Very High"},
	[]string{"", "low", "medium", "medium-high", "high", "very-high"}}

// String returns the Level's display name, or Level(N) for a value out of range.
func (l Level) String() string { return levelNames.str(uint8(l)) }

// MarshalText returns the Level's text token; the zero value, "unstated", is the empty token.
func (l Level) MarshalText() ([]byte, error) { return levelNames.marshal(uint8(l)) }

// UnmarshalText sets the Level from a token written by MarshalText.
func (l *Level) UnmarshalText(b []byte) error {
	v, err := levelNames.unmarshal(b)
	if err != nil {
		return err
	}
	*l = Level(v)
	return nil
}

// Criticality is an asset's risk level in the guide's words. The zero value
// means "not stated".
type Criticality uint8

// Criticalities, from lowest to highest.
const (
	Moderate Criticality = iota + 1
	Important
	Critical
)

var criticalityNames = enumNames{"Criticality",
	[]string{"unstated", "Moderate", "Important", "Critical"},
	[]string{"", "moderate", "important", "critical"}}

// String returns the Criticality's display name, or Criticality(N) for a value out of range.
func (c Criticality) String() string { return criticalityNames.str(uint8(c)) }

// MarshalText returns the Criticality's text token; the zero value, "unstated", is the empty token.
func (c Criticality) MarshalText() ([]byte, error) { return criticalityNames.marshal(uint8(c)) }

// UnmarshalText sets the Criticality from a token written by MarshalText.
func (c *Criticality) UnmarshalText(b []byte) error {
	v, err := criticalityNames.unmarshal(b)
	if err != nil {
		return err
	}
	*c = Criticality(v)
	return nil
}

// Classification is the sensitivity of an asset. The zero value means "not
// stated".
type Classification uint8

// Classifications, from least to most sensitive.
const (
	Public Classification = iota + 1
	Internal
	Confidential
	Restricted
)

var classificationNames = enumNames{"Classification",
	[]string{"unstated", "Public", "Internal", "Confidential", "Restricted"},
	[]string{"", "public", "internal", "confidential", "restricted"}}

// String returns the Classification's display name, or Classification(N) for a value out of range.
func (c Classification) String() string { return classificationNames.str(uint8(c)) }

// MarshalText returns the Classification's text token; the zero value, "unstated", is the empty token.
func (c Classification) MarshalText() ([]byte, error) { return classificationNames.marshal(uint8(c)) }

// UnmarshalText sets the Classification from a token written by MarshalText.
func (c *Classification) UnmarshalText(b []byte) error {
	v, err := classificationNames.unmarshal(b)
	if err != nil {
		return err
	}
	*c = Classification(v)
	return nil
}

// AssetKind says what sort of thing an asset is.
type AssetKind uint8

// Asset kinds.
const (
	AssetData       AssetKind = iota + 1 // records, files, messages
	AssetCredential                      // keys, passwords, tokens
	AssetIdentity                        // a role or account whose power is the asset
	AssetEndpoint                        // an API or service surface
	AssetLogs                            // logs and audit trails
	AssetCode                            // source, build artefacts, images
	AssetService                         // availability of a service
)

var assetKindNames = enumNames{"AssetKind",
	[]string{"unstated", "Data", "Credential", "Identity", "Endpoint", "Logs", "Code", "Service"},
	[]string{"", "data", "credential", "identity", "endpoint", "logs", "code", "service"}}

// String returns the AssetKind's display name, or AssetKind(N) for a value out of range.
func (k AssetKind) String() string { return assetKindNames.str(uint8(k)) }

// MarshalText returns the AssetKind's text token; the zero value, "unstated", is the empty token.
func (k AssetKind) MarshalText() ([]byte, error) { return assetKindNames.marshal(uint8(k)) }

// UnmarshalText sets the AssetKind from a token written by MarshalText.
func (k *AssetKind) UnmarshalText(b []byte) error {
	v, err := assetKindNames.unmarshal(b)
	if err != nil {
		return err
	}
	*k = AssetKind(v)
	return nil
}

// Protocol is the protocol of a data flow. The zero value means "not stated".
type Protocol uint8

// Protocols.
const (
	HTTP Protocol = iota + 1
	HTTPS
	GRPC
	WebSocket
	TCP
	UDP
	SQL
	RESP
	AMQP
	Kafka
	MQTT
	SSH
	SMTP
	DNS
	LDAP
	Syslog
	CloudAPI
	InProcess
	OtherProtocol
)

var protocolNames = enumNames{"Protocol",
	[]string{"unstated", "HTTP", "HTTPS", "gRPC", "WebSocket", "TCP", "UDP", "SQL", "RESP", "AMQP", "Kafka",
		"MQTT", "SSH", "SMTP", "DNS", "LDAP", "Syslog", "Cloud API", "In-process", "Other"},
	[]string{"", "http", "https", "grpc", "websocket", "tcp", "udp", "sql", "resp", "amqp", "kafka",
		"mqtt", "ssh", "smtp", "dns", "ldap", "syslog", "cloud-api", "in-process", "other"}}

// String returns the Protocol's display name, or Protocol(N) for a value out of range.
func (p Protocol) String() string { return protocolNames.str(uint8(p)) }

// MarshalText returns the Protocol's text token; the zero value, "unstated", is the empty token.
func (p Protocol) MarshalText() ([]byte, error) { return protocolNames.marshal(uint8(p)) }

// UnmarshalText sets the Protocol from a token written by MarshalText.
func (p *Protocol) UnmarshalText(b []byte) error {
	v, err := protocolNames.unmarshal(b)
	if err != nil {
		return err
	}
	*p = Protocol(v)
	return nil
}

// AlwaysEncrypted reports whether the protocol has no plaintext form, so
// that a flow over it is encrypted even when it does not say how: HTTPS
// and SSH. A flow that states its encryption is judged by what it states.
func (p Protocol) AlwaysEncrypted() bool { return p == HTTPS || p == SSH }

// PlaintextByDefault reports whether the protocol carries its data in the
// clear unless the connection negotiates or is wrapped in TLS, which the
// flow must then state with Encrypted: HTTP, SQL wire protocols, RESP
// (Redis), LDAP, DNS and Syslog. Other protocols (gRPC, WebSocket, AMQP,
// Kafka, MQTT, SMTP, cloud APIs, raw TCP and UDP) are run both ways, and
// imply nothing.
func (p Protocol) PlaintextByDefault() bool {
	switch p {
	case HTTP, SQL, RESP, LDAP, DNS, Syslog:
		return true
	}
	return false
}

// Encryption is the protection of a flow in transit. The zero value means
// "not stated"; Plaintext states that the flow is not encrypted.
type Encryption uint8

// Encryption in transit.
const (
	Plaintext Encryption = iota + 1
	TLS10
	TLS11
	TLS12
	TLS13
	MutualTLS
	SSHTunnel
	VPN
)

var encryptionNames = enumNames{"Encryption",
	[]string{"unstated", "None", "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3", "mTLS", "SSH", "VPN"},
	[]string{"", "none", "tls1.0", "tls1.1", "tls1.2", "tls1.3", "mtls", "ssh", "vpn"}}

// String returns the Encryption's display name, or Encryption(N) for a value out of range.
func (e Encryption) String() string { return encryptionNames.str(uint8(e)) }

// MarshalText returns the Encryption's text token; the zero value, "unstated", is the empty token.
func (e Encryption) MarshalText() ([]byte, error) { return encryptionNames.marshal(uint8(e)) }

// UnmarshalText sets the Encryption from a token written by MarshalText.
func (e *Encryption) UnmarshalText(b []byte) error {
	v, err := encryptionNames.unmarshal(b)
	if err != nil {
		return err
	}
	*e = Encryption(v)
	return nil
}

// Encrypted reports whether the flow is stated to be encrypted at all.
func (e Encryption) Encrypted() bool { return e > Plaintext && encryptionNames.valid(uint8(e)) }

// Weak reports whether the encryption is stated but outdated (TLS 1.0, 1.1).
func (e Encryption) Weak() bool { return e == TLS10 || e == TLS11 }

// AuthScheme is how the receiver of a flow knows who sent it. The zero
// value means "not stated"; NoAuthentication states that nobody is
// authenticated.
type AuthScheme uint8

// Authentication schemes.
const (
	NoAuthentication AuthScheme = iota + 1
	APIKey
	Password
	Session
	JWT
	OAuth2
	IAMSignature
	ClientCertificate
	SSHKey
	SharedSecret
	WorkloadIdentity
)

var authenticationNames = enumNames{"AuthScheme",
	[]string{"unstated", "None", "API key", "Password", "Session", "JWT", "OAuth 2.0", "IAM signature",
		"Client certificate", "SSH key", "Shared secret", "Workload identity"},
	[]string{"", "none", "api-key", "password", "session", "jwt", "oauth2", "iam-signature",
		"client-certificate", "ssh-key", "shared-secret", "workload-identity"}}

// String returns the AuthScheme's display name, or AuthScheme(N) for a value out of range.
func (a AuthScheme) String() string { return authenticationNames.str(uint8(a)) }

// MarshalText returns the AuthScheme's text token; the zero value, "unstated", is the empty token.
func (a AuthScheme) MarshalText() ([]byte, error) { return authenticationNames.marshal(uint8(a)) }

// UnmarshalText sets the AuthScheme from a token written by MarshalText.
func (a *AuthScheme) UnmarshalText(b []byte) error {
	v, err := authenticationNames.unmarshal(b)
	if err != nil {
		return err
	}
	*a = AuthScheme(v)
	return nil
}

// Authenticated reports whether some authentication is stated.
func (a AuthScheme) Authenticated() bool {
	return a > NoAuthentication && authenticationNames.valid(uint8(a))
}

// Cryptographic reports whether the scheme proves possession of a key
// rather than presenting a secret that can be replayed: an IAM signature, a
// client certificate, an SSH key or a workload identity.
func (a AuthScheme) Cryptographic() bool {
	switch a {
	case IAMSignature, ClientCertificate, SSHKey, WorkloadIdentity:
		return true
	}
	return false
}

// AuthzScheme is how the receiver of a flow decides what the sender may do.
// The zero value means "not stated".
type AuthzScheme uint8

// Authorization schemes.
const (
	NoAuthorization AuthzScheme = iota + 1
	RoleBased
	AttributeBased
	IAMPolicy
	ResourceOwner
	Scopes
)

var authorizationNames = enumNames{"AuthzScheme",
	[]string{"unstated", "None", "Role-based", "Attribute-based", "IAM policy", "Resource owner", "Scopes"},
	[]string{"", "none", "rbac", "abac", "iam-policy", "resource-owner", "scopes"}}

// String returns the AuthzScheme's display name, or AuthzScheme(N) for a value out of range.
func (a AuthzScheme) String() string { return authorizationNames.str(uint8(a)) }

// MarshalText returns the AuthzScheme's text token; the zero value, "unstated", is the empty token.
func (a AuthzScheme) MarshalText() ([]byte, error) { return authorizationNames.marshal(uint8(a)) }

// UnmarshalText sets the AuthzScheme from a token written by MarshalText.
func (a *AuthzScheme) UnmarshalText(b []byte) error {
	v, err := authorizationNames.unmarshal(b)
	if err != nil {
		return err
	}
	*a = AuthzScheme(v)
	return nil
}

// Authorized reports whether some authorization is stated.
func (a AuthzScheme) Authorized() bool {
	return a > NoAuthorization && authorizationNames.valid(uint8(a))
}

// Category is a STRIDE threat category. Package stride re-exports it with
// its applicability chart; it lives here so that hand-written threats in a
// model can name their category.
type Category uint8

// The six STRIDE categories.
const (
	Spoofing Category = iota + 1
	Tampering
	Repudiation
	InformationDisclosure
	DenialOfService
	ElevationOfPrivilege
)

var categoryNames = enumNames{"Category",
	[]string{"unstated", "Spoofing", "Tampering", "Repudiation", "Information disclosure",
		"Denial of service", "Elevation of privilege"},
	[]string{"", "spoofing", "tampering", "repudiation", "information-disclosure",
		"denial-of-service", "elevation-of-privilege"}}

// String returns the Category's display name, or Category(N) for a value out of range.
func (c Category) String() string { return categoryNames.str(uint8(c)) }

// MarshalText returns the Category's text token; the zero value, "unstated", is the empty token.
func (c Category) MarshalText() ([]byte, error) { return categoryNames.marshal(uint8(c)) }

// UnmarshalText sets the Category from a token written by MarshalText.
func (c *Category) UnmarshalText(b []byte) error {
	v, err := categoryNames.unmarshal(b)
	if err != nil {
		return err
	}
	*c = Category(v)
	return nil
}

// Letter returns the category's STRIDE initial: S, T, R, I, D or E.
func (c Category) Letter() string {
	if c < Spoofing || c > ElevationOfPrivilege {
		return "?"
	}
	return "STRIDE"[c-1 : c]
}

// Categories lists the six STRIDE categories in order.
func Categories() []Category {
	return []Category{Spoofing, Tampering, Repudiation, InformationDisclosure, DenialOfService, ElevationOfPrivilege}
}
