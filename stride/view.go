package stride

import (
	"github.com/threatwright/threatwright/internal/view"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// The model's slices as the rules read them, without the copy the public
// accessors make (see package internal/view). Never change what they
// return.
var (
	carried       = view.Carries.(func(*tm.Flow) []*tm.Asset)
	responses     = view.Responses.(func(*tm.Flow) []*tm.Flow)
	outgoing      = view.Outgoing.(func(*tm.Component) []*tm.Flow)
	incoming      = view.Incoming.(func(*tm.Component) []*tm.Flow)
	stores        = view.Stores.(func(*tm.Component) []*tm.Asset)
	rolesOf       = view.Roles.(func(*tm.Component) []*tm.Role)
	permissionsOf = view.Permissions.(func(*tm.Role) []*tm.Permission)
)
