package stride_test

import (
	"time"

	tm "github.com/threatwright/threatwright/threatmodel"
)

const day = 24 * time.Hour

// secret declares a secret the API uses, with the given options.
func (f *fx) secret(api *tm.Component, opts ...tm.SecretOption) *tm.Secret {
	return f.m.Secret("DB password", append([]tm.SecretOption{tm.UsedBy(api)}, opts...)...)
}

// dependency declares a dependency the component is built from.
func (f *fx) dependency(c *tm.Component, name string, kind tm.DependencyKind, opts ...tm.DependencyOption) *tm.Dependency {
	return f.m.Dependency(name, kind, append([]tm.DependencyOption{tm.UsedBy(c)}, opts...)...)
}

// storeWith declares the DB storing a data asset with the given options.
func (f *fx) storeWith(opts ...tm.AssetOption) *tm.Component {
	a := f.m.DataAsset("Profiles", opts...)
	return f.m.DataStore("DB", f.data, tm.Is(tm.Database), tm.Stores(a))
}

// sectionCases test the template-section rules: secrets lifecycle, data
// lifecycle and supply chain.
var sectionCases = []ruleCase{
	// Secrets lifecycle.
	{
		id: "TW-I-101",
		trigger: func() *tm.Model {
			f := newFx()
			f.secret(f.api(), tm.Stored(tm.InSourceCode))
			return f.m
		},
		want: []string{"TW-I-101@API (DB password)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.secret(f.api(), tm.Stored(tm.InSecretsManager))
			return f.m
		},
	},
	{
		id: "TW-I-102",
		trigger: func() *tm.Model {
			f := newFx()
			f.secret(f.api(), tm.Stored(tm.InEnvironment))
			return f.m
		},
		want: []string{"TW-I-102@API (DB password)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.secret(f.api(), tm.Stored(tm.InSecretsManager))
			return f.m
		},
		// No control closes it: scrubbing logs and sanitizing errors
		// leave a dependency or a child process reading the environment.
	},
	{
		id: "TW-S-101",
		trigger: func() *tm.Model {
			f := newFx()
			f.secret(f.api(), tm.Rotated(tm.Rotation{Every: 365 * day, Automated: true}))
			return f.m
		},
		want: []string{"TW-S-101@API (DB password)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.secret(f.api(), tm.Rotated(tm.Rotation{Every: 90 * day, Automated: true}))
			return f.m
		},
	},
	{
		id: "TW-S-102",
		trigger: func() *tm.Model {
			f := newFx()
			f.secret(f.api(), tm.Rotated(tm.Rotation{Every: 30 * day}))
			return f.m
		},
		want: []string{"TW-S-102@API (DB password)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.secret(f.api(), tm.Rotated(tm.Rotation{Every: 30 * day, Automated: true}))
			return f.m
		},
	},
	{
		id: "TW-E-101",
		trigger: func() *tm.Model {
			f := newFx()
			r := f.m.Role("DB admin")
			r.Allow(f.db(), "dynamodb:*")
			f.secret(f.api(), tm.Grants(r))
			return f.m
		},
		want: []string{"TW-E-101@API (DB password)"},
		quiet: func() *tm.Model {
			f := newFx()
			r := f.m.Role("DB reader")
			r.Allow(f.db(), "dynamodb:GetItem")
			f.secret(f.api(), tm.Grants(r), tm.Opens(f.m.Process("Worker", f.app)))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			db := f.db()
			g := f.m.Guardrail("Boundary", tm.Note("The users table, reads only"))
			g.Allow(db, "dynamodb:GetItem")
			r := f.m.Role("DB admin", tm.WithPermissionBoundary(g))
			r.Allow(db, "dynamodb:*")
			f.secret(f.api(), tm.Grants(r))
			return f.m
		},
	},

	// Data lifecycle.
	{
		id: "TW-I-103",
		trigger: func() *tm.Model {
			f := newFx()
			// The lifecycle's statement wins over the store's control.
			a := f.m.DataAsset("Profiles", tm.PII(), tm.Lifecycle(tm.DataLifecycle{Encrypted: tm.NotEncryptedAtRest}))
			f.m.DataStore("DB", f.data, tm.Stores(a), tm.Controls(tm.EncryptionAtRest))
			return f.m
		},
		want: []string{"TW-I-103@DB (Profiles)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.m.DataStore("DB", f.data, tm.Stores(f.public()))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.storeWith(tm.PII(), tm.Lifecycle(tm.DataLifecycle{Encrypted: tm.CustomerManagedKey}))
			return f.m
		},
	},
	{
		id: "TW-I-104",
		trigger: func() *tm.Model {
			f := newFx()
			// Personal data with a deletion procedure but no retention period.
			f.storeWith(tm.PII(), tm.Lifecycle(tm.DataLifecycle{Deletion: "Hard delete on account closure"}))
			return f.m
		},
		want: []string{"TW-I-104@DB (Profiles)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.storeWith(tm.Classified(tm.Internal))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.storeWith(tm.PII(), tm.Lifecycle(tm.DataLifecycle{Deletion: "Hard delete on account closure", Retention: 30 * day}))
			return f.m
		},
	},
	{
		id: "TW-I-105",
		trigger: func() *tm.Model {
			f := newFx()
			f.storeWith(tm.Classified(tm.Confidential), tm.Lifecycle(tm.DataLifecycle{Deletion: "After 30 days"}))
			return f.m
		},
		want: []string{"TW-I-105@DB (Profiles)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.storeWith(tm.Classified(tm.Public))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.storeWith(tm.Classified(tm.Confidential), tm.Lifecycle(tm.DataLifecycle{AccessControl: "Service role only"}))
			return f.m
		},
	},

	// Supply chain.
	{
		id: "TW-T-101",
		trigger: func() *tm.Model {
			f := newFx()
			f.dependency(f.api(), "npm packages", tm.Package, tm.Pinned(tm.VersionRange, "^4.0.0"))
			return f.m
		},
		want: []string{"TW-T-101@API (npm packages)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.dependency(f.api(), "npm packages", tm.Package, tm.Pinned(tm.LockFile, "package-lock.json"))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.dependency(f.api(tm.Controls(tm.DependencyPinning)), "npm packages", tm.Package, tm.Pinned(tm.VersionRange, "^4.0.0"))
			return f.m
		},
	},
	{
		id: "TW-T-102",
		trigger: func() *tm.Model {
			f := newFx()
			f.dependency(f.api(), "Base image", tm.BaseImage, tm.Pinned(tm.ExactVersion, "node:22"))
			return f.m
		},
		want: []string{"TW-T-102@API (Base image)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.dependency(f.api(), "Base image", tm.BaseImage, tm.Pinned(tm.Digest, "node@sha256:0"))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.dependency(f.api(tm.Controls(tm.DependencyPinning)), "Base image", tm.BaseImage, tm.Pinned(tm.ExactVersion, "node:22"))
			return f.m
		},
	},
	{
		id: "TW-T-103",
		trigger: func() *tm.Model {
			f := newFx()
			ci := f.m.Process("CI", f.ops, tm.Is(tm.Pipeline))
			f.dependency(ci, "actions/checkout", tm.CIAction, tm.Pinned(tm.ExactVersion, "v4"))
			return f.m
		},
		want: []string{"TW-T-103@CI (actions/checkout)"},
		quiet: func() *tm.Model {
			f := newFx()
			ci := f.m.Process("CI", f.ops, tm.Is(tm.Pipeline))
			f.dependency(ci, "actions/checkout", tm.CIAction, tm.Pinned(tm.Digest, "11bd71901bbe5b1630ceea73d27597364c9af683"))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			ci := f.m.Process("CI", f.ops, tm.Is(tm.Pipeline), tm.Controls(tm.DependencyPinning))
			f.dependency(ci, "actions/checkout", tm.CIAction, tm.Pinned(tm.ExactVersion, "v4"))
			return f.m
		},
	},
	{
		id: "TW-T-104",
		trigger: func() *tm.Model {
			f := newFx()
			f.dependency(f.api(), "LLM-generated code", tm.GeneratedCode)
			return f.m
		},
		want: []string{"TW-T-104@API (LLM-generated code)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.dependency(f.api(), "npm packages", tm.Package, tm.Pinned(tm.LockFile, "package-lock.json"))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.dependency(f.api(), "LLM-generated code", tm.GeneratedCode, tm.Verified("SAST on every pull request; human review"))
			return f.m
		},
	},
	{
		id: "TW-T-105",
		trigger: func() *tm.Model {
			f := newFx()
			f.dependency(f.db(), "Terraform modules", tm.IaCModule, tm.Pinned(tm.Unpinned, "main"))
			return f.m
		},
		want: []string{"TW-T-105@DB (Terraform modules)"},
		quiet: func() *tm.Model {
			f := newFx()
			f.dependency(f.db(), "Terraform modules", tm.IaCModule, tm.Pinned(tm.ExactVersion, "5.1.0"))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.dependency(f.db(tm.Controls(tm.DependencyPinning)), "Terraform modules", tm.IaCModule, tm.Pinned(tm.Unpinned, "main"))
			return f.m
		},
	},
}
