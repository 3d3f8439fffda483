package threatmodel

// Dependency is something the system is built from and trusts: a package,
// a base image, a CI/CD action, an IaC module, generated code.
type Dependency struct {
	node
	kind         DependencyKind
	pinning      Pinning
	ref          string
	verification string
	risk         string
	mitigation   string
	usedBy       []*Component
}

// DependencyKind is the kind of supply-chain dependency, as the template
// lists them. The zero value means "not stated".
type DependencyKind uint8

// Dependency kinds.
const (
	Package        DependencyKind = iota + 1 // npm, Go modules, PyPI, Maven …
	BaseImage                                // a container base image
	CIAction                                 // a CI/CD action or orb
	IaCModule                                // a Terraform module, CDK construct, Helm chart
	GeneratedCode                            // code written by a generator or a language model
	ManagedService                           // a cloud or SaaS service the system runs on
	Tool                                     // a build or deploy tool
)

var dependencyKindNames = enumNames{"DependencyKind",
	[]string{"unstated", "Package", "Base image", "CI/CD action", "IaC module", "Generated code", "Managed service", "Tool"},
	[]string{"", "package", "base-image", "ci-action", "iac-module", "generated-code", "managed-service", "tool"}}

// String returns the DependencyKind's display name, or DependencyKind(N) for a value out of range.
func (k DependencyKind) String() string { return dependencyKindNames.str(uint8(k)) }

// MarshalText returns the DependencyKind's text token; the zero value, "unstated", is the empty token.
func (k DependencyKind) MarshalText() ([]byte, error) { return dependencyKindNames.marshal(uint8(k)) }

// UnmarshalText sets the DependencyKind from a token written by MarshalText.
func (k *DependencyKind) UnmarshalText(b []byte) error {
	v, err := dependencyKindNames.unmarshal(b)
	if err != nil {
		return err
	}
	*k = DependencyKind(v)
	return nil
}

// Pinning says how a dependency's version is fixed. The zero value means
// "not stated".
type Pinning uint8

// Pinning, from loosest to tightest.
const (
	Unpinned     Pinning = iota + 1 // latest, a branch, a mutable tag
	VersionRange                    // ^1.2.0, ~> 3.0
	ExactVersion                    // 1.2.3, v4 tag
	LockFile                        // versions and hashes in a lock file
	Digest                          // an image digest or a commit SHA
)

var pinningNames = enumNames{"Pinning",
	[]string{"unstated", "Unpinned", "Version range", "Exact version", "Lock file", "Digest"},
	[]string{"", "unpinned", "version-range", "exact-version", "lock-file", "digest"}}

// String returns the Pinning's display name, or Pinning(N) for a value out of range.
func (p Pinning) String() string { return pinningNames.str(uint8(p)) }

// MarshalText returns the Pinning's text token; the zero value, "unstated", is the empty token.
func (p Pinning) MarshalText() ([]byte, error) { return pinningNames.marshal(uint8(p)) }

// UnmarshalText sets the Pinning from a token written by MarshalText.
func (p *Pinning) UnmarshalText(b []byte) error {
	v, err := pinningNames.unmarshal(b)
	if err != nil {
		return err
	}
	*p = Pinning(v)
	return nil
}

// Dependency declares a supply-chain dependency.
func (m *Model) Dependency(name string, kind DependencyKind, opts ...DependencyOption) *Dependency {
	d := &Dependency{node: node{m: m, name: name, at: m.pinned(caller(1))}, kind: kind}
	if m == nil {
		return d
	}
	m.declare(collDependencies, d, d.at, len(m.dependencies))
	if kind == 0 || !dependencyKindNames.valid(uint8(kind)) {
		m.record(CodeInvalidValue, d.Path()+".kind", d.at, d, "dependency kind "+kind.String()+" is not a valid DependencyKind")
	}
	for _, o := range opts {
		if o == nil {
			m.record(CodeNilReference, d.Path(), d.at, d, "nil option")
			continue
		}
		o.applyDependency(d)
	}
	m.dependencies = append(m.dependencies, d)
	return d
}

// Path returns dependencies["name"].
func (d *Dependency) Path() string { return pathOf(collDependencies, d.name) }

// Kind returns the dependency's kind.
func (d *Dependency) Kind() DependencyKind { return d.kind }

// Pinning returns how the version is fixed.
func (d *Dependency) Pinning() Pinning { return d.pinning }

// Ref returns the pinned reference (version, digest, SHA) as written.
func (d *Dependency) Ref() string { return d.ref }

// Verification returns how the dependency is verified (checksums,
// signatures, review).
func (d *Dependency) Verification() string { return d.verification }

// Risk returns the dependency's risk, as written.
func (d *Dependency) Risk() string { return d.risk }

// Mitigation returns the dependency's mitigation, as written.
func (d *Dependency) Mitigation() string { return d.mitigation }

// UsedBy returns the components built from the dependency.
func (d *Dependency) UsedBy() []*Component { return clone(d.usedBy) }
