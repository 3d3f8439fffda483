package par

import "github.com/threatwright/threatwright/internal/golden"

// The package has no golden file of its own; importing internal/golden
// makes its test binary accept -update, so that go test ./... -update works
// from the repository root.
var _ = golden.Update
