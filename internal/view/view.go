// Package view gives this module's analysis packages the slices a
// threatmodel element holds without the copy its public accessor makes for
// every caller: the rules ask what a flow carries or where a component
// sends millions of times on a large model. The threatmodel package fills
// the variables when it loads (each holds a func of the type named beside
// it); the slices are the model's own and must not be changed.
//
// The variables are of type any so that this package need not import
// threatmodel, which imports it.
package view

var (
	// Carries is a func(*threatmodel.Flow) []*threatmodel.Asset.
	Carries any
	// Responses is a func(*threatmodel.Flow) []*threatmodel.Flow.
	Responses any
	// Outgoing and Incoming are func(*threatmodel.Component) []*threatmodel.Flow.
	Outgoing, Incoming any
	// Stores is a func(*threatmodel.Component) []*threatmodel.Asset.
	Stores any
	// Roles is a func(*threatmodel.Component) []*threatmodel.Role.
	Roles any
	// Permissions is a func(*threatmodel.Role) []*threatmodel.Permission.
	Permissions any
	// AssumedBy is a func(*threatmodel.Role) []*threatmodel.Component.
	AssumedBy any
	// Actions is a func(*threatmodel.Permission) []string.
	Actions any
	// StoredIn is a func(*threatmodel.Asset) []*threatmodel.Component.
	StoredIn any
	// SecretUsedBy is a func(*threatmodel.Secret) []*threatmodel.Component.
	SecretUsedBy any
	// DependencyUsedBy is a func(*threatmodel.Dependency) []*threatmodel.Component.
	DependencyUsedBy any
)
