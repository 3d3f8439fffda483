package threatmodel

import (
	"strconv"
	"time"
)

// Secret is a credential with a lifecycle: how it is provisioned, where it is
// kept, how it is rotated, who uses it and what a leak grants.
type Secret struct {
	node
	provisioning string
	storage      SecretStorage
	storedIn     *Component
	rotation     Rotation
	usedBy       []*Component
	grants       []*Role
	accesses     []Element
	blastRadius  string
	authn        []*Flow
}

// SecretStorage says where a secret is kept. The zero value means "not
// stated".
type SecretStorage uint8

// Secret storage.
const (
	InSecretsManager   SecretStorage = iota + 1 // a managed store: AWS Secrets Manager, Vault, …
	InHSM                                       // a hardware security module or KMS key
	InEnvironment                               // an environment variable
	InConfigFile                                // a configuration file
	InCIVariables                               // CI/CD variables
	InSourceCode                                // hard-coded in source
	InWorkloadIdentity                          // issued to the workload, never stored (IAM role credentials)
)

var secretStorageNames = enumNames{"SecretStorage",
	[]string{"unstated", "Secrets manager", "HSM/KMS", "Environment variable", "Configuration file",
		"CI/CD variables", "Source code", "Workload identity"},
	[]string{"", "secrets-manager", "hsm", "environment", "config-file", "ci-variables", "source-code", "workload-identity"}}

// String returns the SecretStorage's display name, or SecretStorage(N) for a value out of range.
func (s SecretStorage) String() string { return secretStorageNames.str(uint8(s)) }

// MarshalText returns the SecretStorage's text token; the zero value, "unstated", is the empty token.
func (s SecretStorage) MarshalText() ([]byte, error) { return secretStorageNames.marshal(uint8(s)) }

// UnmarshalText sets the SecretStorage from a token written by MarshalText.
func (s *SecretStorage) UnmarshalText(b []byte) error {
	v, err := secretStorageNames.unmarshal(b)
	if err != nil {
		return err
	}
	*s = SecretStorage(v)
	return nil
}

// Rotation is how a secret is rotated. The zero Rotation means "not stated".
type Rotation struct {
	// Every is the rotation interval (or the credential's lifetime for
	// short-lived credentials); 0 with Never false means not stated.
	Every time.Duration
	// Automated is true when rotation needs no person.
	Automated bool
	// Never states that the secret is not rotated.
	Never bool
}

// Stated reports whether the rotation was stated at all.
func (r Rotation) Stated() bool { return r.Every > 0 || r.Never }

// String describes the rotation, for example "every 90 days, automated".
func (r Rotation) String() string {
	switch {
	case r.Never:
		return "never rotated"
	case r.Every <= 0:
		return "not stated"
	}
	s := "every " + formatDuration(r.Every)
	if r.Automated {
		return s + ", automated"
	}
	return s + ", manual"
}

func formatDuration(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d%day == 0:
		n := int(d / day)
		if n == 1 {
			return "1 day"
		}
		return strconv.Itoa(n) + " days"
	case d%time.Hour == 0:
		n := int(d / time.Hour)
		if n == 1 {
			return "1 hour"
		}
		return strconv.Itoa(n) + " hours"
	case d%time.Minute == 0:
		n := int(d / time.Minute)
		if n == 1 {
			return "1 minute"
		}
		return strconv.Itoa(n) + " minutes"
	}
	return d.String()
}

// Secret declares a secret.
func (m *Model) Secret(name string, opts ...SecretOption) *Secret {
	s := &Secret{node: node{m: m, name: name, at: m.pinned(caller(1))}}
	if m == nil {
		return s
	}
	m.declare(collSecrets, s, s.at, len(m.secrets))
	for _, o := range opts {
		if o == nil {
			m.record(CodeNilReference, s.Path(), s.at, s, "nil option")
			continue
		}
		o.applySecret(s)
	}
	m.secrets = append(m.secrets, s)
	return s
}

// Path returns secrets["name"].
func (s *Secret) Path() string { return pathOf(collSecrets, s.name) }

// Provisioning returns how the secret is created and delivered.
func (s *Secret) Provisioning() string { return s.provisioning }

// Storage returns where the secret is kept.
func (s *Secret) Storage() SecretStorage { return s.storage }

// StoredIn returns the component that holds the secret, or nil.
func (s *Secret) StoredIn() *Component { return s.storedIn }

// Rotation returns how the secret is rotated.
func (s *Secret) Rotation() Rotation { return s.rotation }

// UsedBy returns the components that use the secret.
func (s *Secret) UsedBy() []*Component { return clone(s.usedBy) }

// Grants returns the roles the secret is a credential for.
func (s *Secret) Grants() []*Role { return clone(s.grants) }

// Accesses returns the resources the secret opens directly (a database
// password opens the database).
func (s *Secret) Accesses() []Element { return clone(s.accesses) }

// BlastRadius returns what a leak grants, as written.
func (s *Secret) BlastRadius() string { return s.blastRadius }
