package threatmodel

import "time"

// Asset is something worth protecting: data, a credential, an identity, an
// endpoint, logs. Components store assets and flows carry them; impact in the
// STRIDE analysis follows the value of the assets involved.
type Asset struct {
	node
	kind           AssetKind
	value          Level
	criticality    Criticality
	classification Classification
	pii            bool
	represents     Element
	lifecycle      *DataLifecycle
	storedIn       []*Component
	carriedBy      []*Flow
}

// DataLifecycle is the template's Data Lifecycle row for a data asset.
type DataLifecycle struct {
	// AtRest says how the data is stored, for example "DynamoDB, encrypted
	// with a customer-managed KMS key".
	AtRest string
	// Encrypted states whether the data is encrypted at rest. Unstated leaves
	// it to the stores' EncryptionAtRest control.
	Encrypted AtRestEncryption
	// InTransit says how the data moves, for example "TLS 1.3".
	InTransit string
	// TransitEncryption is the encryption the lifecycle promises on every
	// flow that carries the data, for example TLS12; unstated promises
	// nothing. A flow that carries the data in plaintext, or with an
	// outdated TLS where the promise is not, contradicts it (ST005).
	TransitEncryption Encryption
	// Deletion says how and when the data is deleted.
	Deletion string
	// Retention is how long the data is kept; 0 means not stated.
	Retention time.Duration
	// AccessControl says who may read and change the data.
	AccessControl string

	at site
}

// Pos returns where the lifecycle was declared.
func (l *DataLifecycle) Pos() Pos { return l.at.pos() }

// AtRestEncryption states encryption at rest. The zero value means "not
// stated".
type AtRestEncryption uint8

// Encryption at rest.
const (
	NotEncryptedAtRest AtRestEncryption = iota + 1
	ProviderManagedKey
	CustomerManagedKey
)

var atRestNames = enumNames{"AtRestEncryption",
	[]string{"unstated", "Not encrypted", "Provider-managed key", "Customer-managed key"},
	[]string{"", "none", "provider-managed-key", "customer-managed-key"}}

// String returns the AtRestEncryption's display name, or AtRestEncryption(N) for a value out of range.
func (e AtRestEncryption) String() string { return atRestNames.str(uint8(e)) }

// MarshalText returns the AtRestEncryption's text token; the zero value, "unstated", is the empty token.
func (e AtRestEncryption) MarshalText() ([]byte, error) { return atRestNames.marshal(uint8(e)) }

// UnmarshalText sets the AtRestEncryption from a token written by MarshalText.
func (e *AtRestEncryption) UnmarshalText(b []byte) error {
	v, err := atRestNames.unmarshal(b)
	if err != nil {
		return err
	}
	*e = AtRestEncryption(v)
	return nil
}

// DataAsset declares a data asset: records, files or messages.
func (m *Model) DataAsset(name string, opts ...AssetOption) *Asset {
	return m.asset(name, AssetData, opts)
}

// Asset declares an asset of any kind: a credential, an identity, an
// endpoint, logs, code, or a service's availability.
func (m *Model) Asset(name string, kind AssetKind, opts ...AssetOption) *Asset {
	return m.asset(name, kind, opts)
}

func (m *Model) asset(name string, kind AssetKind, opts []AssetOption) *Asset {
	a := newElement[Asset](m)
	*a = Asset{node: node{m: m, name: name, at: m.pinned(caller(2))}, kind: kind}
	if m == nil {
		return a
	}
	m.declare(collAssets, a, a.at, len(m.assets))
	if kind == 0 || !assetKindNames.valid(uint8(kind)) {
		m.record(CodeInvalidValue, a.Path()+".kind", a.at, a, "asset kind "+kind.String()+" is not a valid AssetKind")
	}
	for _, o := range opts {
		if o == nil {
			m.record(CodeNilReference, a.Path(), a.at, a, "nil option")
			continue
		}
		o.applyAsset(a)
	}
	m.assets = append(m.assets, a)
	return a
}

// Path returns assets["name"].
func (a *Asset) Path() string { return pathOf(collAssets, a.name) }

// Kind returns what sort of asset it is.
func (a *Asset) Kind() AssetKind { return a.kind }

// Value returns the asset's value (Low … Very High).
func (a *Asset) Value() Level { return a.value }

// Criticality returns the asset's risk level (Moderate, Important, Critical).
func (a *Asset) Criticality() Criticality { return a.criticality }

// Classification returns the asset's sensitivity.
func (a *Asset) Classification() Classification { return a.classification }

// PII reports whether the asset holds personal data.
func (a *Asset) PII() bool { return a.pii }

// Represents returns the element whose power or surface the asset is, such
// as the role behind "Lambda execution role", or nil.
func (a *Asset) Represents() Element { return a.represents }

// Lifecycle returns the data lifecycle, or nil when none is declared.
func (a *Asset) Lifecycle() *DataLifecycle {
	if a.lifecycle == nil {
		return nil
	}
	l := *a.lifecycle
	return &l
}

// StoredIn returns the components that store the asset.
func (a *Asset) StoredIn() []*Component { return clone(a.storedIn) }

// CarriedBy returns the flows that carry the asset.
func (a *Asset) CarriedBy() []*Flow { return clone(a.carriedBy) }
