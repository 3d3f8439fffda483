package stride

import (
	"slices"
	"strings"
	"time"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// maxSecretLifetime is the longest rotation interval that does not make a
// secret long-lived: the template's "90-day rotation".
const maxSecretLifetime = 90 * 24 * time.Hour

// sectionRules are the rules for the template's sections beyond the STRIDE
// tables: secrets lifecycle, data lifecycle and supply chain. They take IDs
// in the 1xx range of their STRIDE category (TW-S-101, TW-I-101, TW-T-101,
// TW-E-101 …), so that they read apart from the per-element rules. Each
// derives one threat per secret, asset or dependency (MatchEach). The
// template's Runtime Security and Error Handling sections are answered by
// the STRIDE rules: container escape (TW-E-004), SSRF (TW-I-005), egress
// exfiltration (TW-I-006), error responses (TW-I-003) and logs (TW-I-004).
func sectionRules() []Rule {
	return slices.Concat(secretRules(), dataLifecycleRules(), supplyChainRules())
}

// secretRules are the Secrets Lifecycle rules: one threat per secret a
// component uses.
//
// It is a table of rules, one Rule literal per rule, which is why it is
// long: each rule reads, and is edited, on its own.
func secretRules() []Rule {
	return []Rule{
		{
			ID:       "TW-I-101",
			Category: InformationDisclosure,
			Title:    "Hard-coded secret",
			Description: "The secret is written in source code: everyone who can read the repository, its forks, " +
				"its history or the built artefact has it, and rotating it means a release.",
			AttackPaths: []string{
				"Reading the repository, a fork, a leaked archive or the git history",
				"Extracting strings from the built binary, bundle or image",
			},
			Mitigations: []string{
				"No hard-coded secrets: fetch them at run time from a secrets manager, or use workload identity",
				"Secret scanning in CI and on push; rotate every secret that was ever committed",
			},
			CAPEC:     []int{191},
			CWE:       []int{798, 540},
			Kinds:     []tm.Kind{tm.Process},
			MatchEach: secretsWhere(func(s *tm.Secret) bool { return s.Storage() == tm.InSourceCode }),
		},
		{
			ID:       "TW-I-102",
			Category: InformationDisclosure,
			Title:    "Secret exposed in environment variables, configuration or CI variables",
			Description: "The secret sits in plaintext where the process's environment, its configuration files or " +
				"its build settings are read: child processes, crash dumps, debug pages, logs and anyone with access to the pipeline see it.",
			AttackPaths: []string{
				"An error page, a debug endpoint or a log line that prints the environment",
				"A dependency or child process that reads and sends the environment",
				"Read access to the configuration repository or to the CI/CD settings",
			},
			Mitigations: []string{
				"Fetch secrets at run time from a secrets manager into memory only",
				"Scrub logs and sanitize error output so that the environment never leaves the process",
			},
			// Scrubbing logs and sanitizing errors close two of the ways
			// out, not a dependency or a child process reading the
			// environment, nor read access to the configuration: no
			// control closes this but moving the secret. Accept it, or
			// address it by ID where the storage is really covered.
			CWE:   []int{526, 260},
			Kinds: []tm.Kind{tm.Process},
			MatchEach: secretsWhere(func(s *tm.Secret) bool {
				switch s.Storage() {
				case tm.InEnvironment, tm.InConfigFile, tm.InCIVariables:
					return true
				}
				return false
			}),
		},
		{
			ID:       "TW-S-101",
			Category: Spoofing,
			Title:    "Long-lived secret",
			Description: "The secret stays valid for more than 90 days, or for ever: once copied — from a laptop, " +
				"a log, a backup — it lets the attacker act as its user for all that time.",
			AttackPaths: []string{
				"A key leaked months ago still works",
				"Offline cracking or brute force with all the time the lifetime allows",
			},
			Mitigations: []string{
				"Short-lived credentials only: workload identity or tokens that expire in hours",
				"Rotation every 90 days or sooner, automated",
			},
			CAPEC:     []int{560},
			CWE:       []int{263, 324},
			Kinds:     []tm.Kind{tm.Process, tm.ExternalEntity},
			MatchEach: secretsWhere(longLived),
		},
		{
			ID:       "TW-S-102",
			Category: Spoofing,
			Title:    "Secret not rotated automatically",
			Description: "The secret is never rotated, or only by hand: after a leak it keeps working until " +
				"someone notices and remembers how to replace it everywhere.",
			AttackPaths: []string{
				"A leaked secret stays valid because rotation is a manual runbook nobody runs",
				"A former employee or vendor keeps a copy that never expires",
			},
			Mitigations: []string{
				"Automated rotation (a secrets manager's rotation function) with consumers that reload",
				"A tested revocation procedure for when a leak is suspected",
			},
			CAPEC:     []int{560},
			CWE:       []int{262, 324},
			Kinds:     []tm.Kind{tm.Process, tm.ExternalEntity},
			MatchEach: secretsWhere(func(s *tm.Secret) bool { r := s.Rotation(); return r.Never || r.Every > 0 && !r.Automated }),
		},
		{
			ID:       "TW-E-101",
			Category: ElevationOfPrivilege,
			Title:    "Over-broad secret",
			Description: "The secret is a credential for a role with wildcard permissions, or opens every resource " +
				"or a whole zone; a leak of this one value hands over far more than the component that uses it needs.",
			AttackPaths: []string{
				"A leaked key used with all the power of the role it grants",
				"A database password that opens every schema, not the service's tables",
			},
			Mitigations: []string{
				"Scope the credential to the specific resources the component uses",
				"A permission boundary on the role it grants; one credential per consumer",
			},
			MitigatedWhen: broadOnlyThroughBoundedRoles,
			CAPEC:         []int{122},
			CWE:           []int{250, 269},
			Kinds:         []tm.Kind{tm.Process},
			MatchEach: func(t *Target) []tm.Element {
				return secretsWhere(func(s *tm.Secret) bool {
					return len(wildcardRoles(t, s)) > 0 || slices.ContainsFunc(s.Accesses(), broadResource)
				})(t)
			},
		},
	}
}

// dataLifecycleRules are the Data Lifecycle rules: one threat per
// confidential data asset a component stores.
func dataLifecycleRules() []Rule {
	storedData := func(t *Target) []tm.Element {
		var out []tm.Element
		for _, a := range stores(t.Component) {
			if confidentialData(a) {
				out = append(out, a)
			}
		}
		return out
	}
	return []Rule{
		{
			ID:       "TW-I-103",
			Category: InformationDisclosure,
			Title:    "Stored data readable without encryption at rest",
			Description: "Confidential data rests here; unless it is encrypted at rest, whoever gets the disks, " +
				"snapshots, backups or a replica reads it without going through any access check.",
			AttackPaths: []string{
				"A snapshot or backup shared or copied to another account",
				"Storage media or a decommissioned volume read directly",
			},
			Mitigations: []string{
				"Encryption at rest, with customer-managed keys for restricted data (S3 SSE-KMS, DynamoDB with KMS)",
				"Key policies that limit decryption to the application's role",
			},
			MitigatedWhen: encryptedAtRest,
			CWE:           []int{311, 312},
			Kinds:         []tm.Kind{tm.DataStore, tm.Process},
			MatchEach:     storedData,
		},
		{
			ID:       "TW-I-104",
			Category: InformationDisclosure,
			Title:    "Data kept with no deletion or retention",
			Description: "Confidential data rests here with no stated way or time to delete it (or, for personal " +
				"data, no retention period): it accumulates, and every later breach discloses all of it.",
			AttackPaths: []string{
				"A breach exposes years of records that should have been deleted",
				"Data of closed accounts still returned, exported or restored from backups",
			},
			Mitigations: []string{
				"A deletion procedure and a retention period for each data type (hard delete after N days)",
				"Expire backups and replicas on the same schedule",
			},
			MitigatedWhen: deletionStated,
			CWE:           []int{212, 359},
			Kinds:         []tm.Kind{tm.DataStore, tm.Process},
			MatchEach:     storedData,
		},
		{
			ID:       "TW-I-105",
			Category: InformationDisclosure,
			Title:    "Stored data without stated access control",
			Description: "Confidential data rests here, but neither the data's lifecycle nor the store says who " +
				"may read and change it: in practice, whoever reaches the store.",
			AttackPaths: []string{
				"Any role with a broad policy reads the data",
				"A new consumer is given access without anyone deciding it should be",
			},
			Mitigations: []string{
				"State and enforce who may access the data (service role only); resource policies on the store",
				"Review access grants against the data's owner and purpose",
			},
			MitigatedBy:   []tm.Control{tm.Authorization},
			MitigatedWhen: accessControlStated,
			CAPEC:         []int{1},
			CWE:           []int{284, 862},
			Kinds:         []tm.Kind{tm.DataStore, tm.Process},
			MatchEach:     storedData,
		},
	}
}

// supplyChainRules are the Supply Chain rules: one threat per dependency a
// component is built from.
//
// It is a table of rules, one Rule literal per rule, which is why it is
// long: each rule reads, and is edited, on its own.
func supplyChainRules() []Rule {
	return []Rule{
		{
			ID:       "TW-T-101",
			Category: Tampering,
			Title:    "Unpinned package dependency",
			Description: "The package is not pinned, or only to a version range: the next build installs " +
				"whatever the registry serves, including a malicious release of a hijacked package.",
			AttackPaths: []string{
				"A maintainer account takeover publishes a malicious update (malicious package update)",
				"Typosquatting or dependency confusion resolves to the attacker's package",
			},
			Mitigations: []string{
				"Lock file with integrity hashes; pin versions; install with the lock file only (npm ci)",
				"SCA scanning and a review of new dependencies",
			},
			MitigatedBy: []tm.Control{tm.DependencyPinning},
			CAPEC:       []int{538},
			CWE:         []int{1357, 829},
			Kinds:       []tm.Kind{tm.Process, tm.DataStore},
			MatchEach: dependenciesWhere(func(d *tm.Dependency) bool {
				return d.Kind() == tm.Package && (d.Pinning() == tm.Unpinned || d.Pinning() == tm.VersionRange)
			}),
		},
		{
			ID:       "TW-T-102",
			Category: Tampering,
			Title:    "Container image on a mutable tag",
			Description: "The base image is not pinned by digest: the tag can be moved to a different image — " +
				"a compromised upstream push, a registry takeover — and the next build or pod start runs it.",
			AttackPaths: []string{
				"A compromised upstream image pushed under the same tag",
				"A registry or mirror serves a different image for the tag",
			},
			Mitigations: []string{
				"Pin base images by digest; update digests through reviewed pull requests",
				"Verify signatures and scan images (Trivy); admit only images by digest",
			},
			MitigatedBy: []tm.Control{tm.DependencyPinning},
			CAPEC:       []int{439, 538},
			CWE:         []int{494, 1357},
			Kinds:       []tm.Kind{tm.Process, tm.DataStore},
			MatchEach: dependenciesWhere(func(d *tm.Dependency) bool {
				return d.Kind() == tm.BaseImage && d.Pinning() != tm.Digest
			}),
		},
		{
			ID:       "TW-T-103",
			Category: Tampering,
			Title:    "CI/CD action not pinned to a commit SHA",
			Description: "The pipeline runs a third-party action by tag or branch: whoever can move the tag runs " +
				"code in the pipeline with its secrets and deploy rights.",
			AttackPaths: []string{
				"A compromised third-party action (tags re-pointed to a malicious commit)",
				"A maintainer account takeover of the action's repository",
			},
			Mitigations: []string{
				"Pin every action to a full commit SHA; audit the action's source",
				"An allowed-actions list; least-privilege tokens per job",
			},
			MitigatedBy: []tm.Control{tm.DependencyPinning},
			CAPEC:       []int{538, 439},
			CWE:         []int{829, 494},
			Kinds:       []tm.Kind{tm.Process, tm.DataStore},
			MatchEach: dependenciesWhere(func(d *tm.Dependency) bool {
				return d.Kind() == tm.CIAction && d.Pinning() != tm.Digest
			}),
		},
		{
			ID:       "TW-T-104",
			Category: Tampering,
			Title:    "Generated code without review",
			Description: "Code written by a generator or a language model goes into the component; unless it is " +
				"reviewed or scanned, the vulnerable patterns it suggests (string-built queries, missing checks) ship as they are.",
			AttackPaths: []string{
				"The model suggests vulnerable patterns that nobody reads closely",
				"A tampered or buggy generator emits unsafe code into every build",
				"A suggested package name that does not exist and is later registered by an attacker",
			},
			Mitigations: []string{
				"SAST scanning of generated code; human review of security-critical paths",
				"Pinned generator versions; generated output committed and diffed",
			},
			MitigatedBy:   []tm.Control{tm.CodeReview, tm.SASTScanning},
			MitigatedWhen: dependencyVerified,
			CWE:           []int{1357},
			Kinds:         []tm.Kind{tm.Process, tm.DataStore},
			MatchEach:     dependenciesWhere(func(d *tm.Dependency) bool { return d.Kind() == tm.GeneratedCode }),
		},
		{
			ID:       "TW-T-105",
			Category: Tampering,
			Title:    "Unpinned infrastructure-as-code module",
			Description: "The IaC module or chart is not pinned, or only to a range: a new release changes the " +
				"infrastructure it builds — opens a security group, widens a role — on the next apply.",
			AttackPaths: []string{
				"A malicious Terraform module or Helm chart release",
				"A version re-published with different content",
			},
			Mitigations: []string{
				"Pin module versions (and provider hashes in the lock file); an internal module registry",
				"Review the plan or rendered diff on every upgrade; policy-as-code checks",
			},
			MitigatedBy: []tm.Control{tm.DependencyPinning},
			CAPEC:       []int{538},
			CWE:         []int{829, 1357},
			Kinds:       []tm.Kind{tm.Process, tm.DataStore},
			MatchEach: dependenciesWhere(func(d *tm.Dependency) bool {
				return d.Kind() == tm.IaCModule && (d.Pinning() == tm.Unpinned || d.Pinning() == tm.VersionRange)
			}),
		},
	}
}

// secretsWhere returns a MatchEach function that picks the secrets the
// component uses that satisfy ok.
func secretsWhere(ok func(*tm.Secret) bool) func(*Target) []tm.Element {
	return func(t *Target) []tm.Element {
		var out []tm.Element
		for _, s := range t.SecretsUsed() {
			if s != nil && ok(s) {
				out = append(out, s)
			}
		}
		return out
	}
}

// dependenciesWhere returns a MatchEach function that picks the
// dependencies the component is built from that satisfy ok.
func dependenciesWhere(ok func(*tm.Dependency) bool) func(*Target) []tm.Element {
	return func(t *Target) []tm.Element {
		var out []tm.Element
		for _, d := range t.Dependencies() {
			if d != nil && ok(d) {
				out = append(out, d)
			}
		}
		return out
	}
}

// longLived reports whether the secret is never rotated or lives longer than
// 90 days.
func longLived(s *tm.Secret) bool {
	r := s.Rotation()
	return r.Never || r.Every > maxSecretLifetime
}

// wildcardRoles returns the roles the secret is a credential for that allow
// wildcard actions or resources.
func wildcardRoles(t *Target, s *tm.Secret) []*tm.Role {
	var out []*tm.Role
	for _, r := range s.Grants() {
		if r != nil && t.roleFacts(r).wildcard {
			out = addRole(out, r)
		}
	}
	return out
}

// broadResource reports whether a resource a secret opens is every resource
// or a whole zone.
func broadResource(el tm.Element) bool {
	if el == tm.AnyResource() {
		return true
	}
	z, ok := el.(*tm.Zone)
	return ok && z != nil
}

// broadOnlyThroughBoundedRoles is the evidence that the secret's breadth
// comes only from roles whose wildcards their permission boundaries and
// guardrails take away (threatmodel.Role.Effective).
func broadOnlyThroughBoundedRoles(t *Target) string {
	s := itemSecret(t)
	if s == nil || slices.ContainsFunc(s.Accesses(), broadResource) {
		return ""
	}
	roles := wildcardRoles(t, s)
	if len(roles) == 0 {
		return ""
	}
	names := make([]string, 0, len(roles))
	for _, r := range roles {
		if t.roleFacts(r).eff.wildcard || len(t.roleFacts(r).guards) == 0 {
			return ""
		}
		names = append(names, r.Name())
	}
	slices.Sort(names)
	return "the permission boundaries and guardrails of the roles it grants take their wildcards away: " + strings.Join(names, ", ")
}

// encryptedAtRest is the evidence that the asset (Target.Item) is encrypted
// at rest: its lifecycle says so, or it does not say and the component has
// the Encryption at rest control. A lifecycle that states the data is not
// encrypted wins over the control.
func encryptedAtRest(t *Target) string {
	a := itemAsset(t)
	if a == nil {
		return ""
	}
	var enc tm.AtRestEncryption
	if l := a.Lifecycle(); l != nil {
		enc = l.Encrypted
	}
	switch enc {
	case tm.ProviderManagedKey, tm.CustomerManagedKey:
		return "encrypted at rest (" + enc.String() + ")"
	case 0:
		if t.Has(tm.EncryptionAtRest) {
			return "the store encrypts at rest (Encryption at rest control)"
		}
	}
	return ""
}

// deletionStated is the evidence that the asset's lifecycle says how it is
// deleted and, for personal data, how long it is kept.
func deletionStated(t *Target) string {
	a := itemAsset(t)
	if a == nil {
		return ""
	}
	l := a.Lifecycle()
	if l == nil || strings.TrimSpace(l.Deletion) == "" || a.PII() && l.Retention <= 0 {
		return ""
	}
	return "deletion: " + l.Deletion
}

// accessControlStated is the evidence that the asset's lifecycle says who
// may access it.
func accessControlStated(t *Target) string {
	a := itemAsset(t)
	if a == nil {
		return ""
	}
	if l := a.Lifecycle(); l != nil && strings.TrimSpace(l.AccessControl) != "" {
		return "access control: " + l.AccessControl
	}
	return ""
}

// dependencyVerified is the evidence that the dependency (Target.Item)
// states how it is verified.
func dependencyVerified(t *Target) string {
	if d, ok := t.Item.(*tm.Dependency); ok && d != nil && strings.TrimSpace(d.Verification()) != "" {
		return "verified: " + d.Verification()
	}
	return ""
}
