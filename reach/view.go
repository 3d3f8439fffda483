package reach

import (
	"github.com/threatwright/threatwright/internal/view"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// The model's slices as the analysis reads them, without the copy the
// public accessors make (see package internal/view). Never change what
// they return.
var (
	carried          = view.Carries.(func(*tm.Flow) []*tm.Asset)
	stores           = view.Stores.(func(*tm.Component) []*tm.Asset)
	rolesOf          = view.Roles.(func(*tm.Component) []*tm.Role)
	permissionsOf    = view.Permissions.(func(*tm.Role) []*tm.Permission)
	assumedBy        = view.AssumedBy.(func(*tm.Role) []*tm.Component)
	actionsOf        = view.Actions.(func(*tm.Permission) []string)
	storedIn         = view.StoredIn.(func(*tm.Asset) []*tm.Component)
	secretUsedBy     = view.SecretUsedBy.(func(*tm.Secret) []*tm.Component)
	dependencyUsedBy = view.DependencyUsedBy.(func(*tm.Dependency) []*tm.Component)
)
