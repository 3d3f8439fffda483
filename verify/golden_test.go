package verify_test

import "github.com/threatwright/threatwright/internal/golden"

// The test binary accepts -update like every other of this repository.
var _ = golden.Update
