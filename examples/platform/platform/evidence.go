package platform

import (
	"bytes"
	_ "embed"
	"path/filepath"
	"runtime"
	"time"

	"github.com/threatwright/threatwright/examples/platform/app"
	tm "github.com/threatwright/threatwright/threatmodel"
	"github.com/threatwright/threatwright/verify"
)

// What backs the API service's own controls. Three of them are Go code in
// examples/platform/app, each with a test; the model holds the functions
// themselves, so renaming or removing one breaks the build. The tenant
// isolation in the database and the bucket rests on a penetration test
// report, which no run verifies: it stays unverified on purpose, and the
// report shows the difference.

// appPkg is the import path of the API service's code.
const appPkg = "github.com/threatwright/threatwright/examples/platform/app"

// validated is the API's upload validation: type checked against the
// content, plain file names, a size limit.
func validated() tm.ControlsOption {
	return tm.Controls(tm.InputValidation).ImplementedBy(app.ValidateUpload).
		ProvedBy(tm.GoTest(appPkg, "TestValidateUpload"))
}

// rateLimited is the API's per-tenant token bucket.
func rateLimited() tm.ControlsOption {
	return tm.Controls(tm.RateLimiting).ImplementedBy((*app.Limiter).Allow, (*app.Limiter).Middleware).
		ProvedBy(tm.GoTest(appPkg, "TestLimiterRefusesBurstThenRefills"))
}

// tenantChecked is the API's authorization of every request by tenant and
// role.
func tenantChecked() tm.ControlsOption {
	return tm.Controls(tm.Authorization).ImplementedBy(app.Authorize).
		ProvedBy(tm.GoTest(appPkg, "TestAuthorizeKeepsTenantsApart"))
}

// penTest is the external proof of the tenant isolation in PostgreSQL and
// S3: a report, dated, that no test run can verify.
var penTest = tm.External("Penetration test PT-2026-09, tenant isolation (no findings)", time.Date(2026, 9, 18, 0, 0, 0, 0, time.UTC))

// appTests is the outcome of the app package's tests named by the model,
// as verify.Results.WriteJSON writes it: checked in so that the documents
// do not depend on running go test, and kept current by
// TestAppTestResultsAreCurrent, which runs the tests.
//
//go:embed app-tests.json
var appTests []byte

// Verification returns the results of the app package's tests the model
// names, from the checked-in run, with the repository's source for the
// tests' positions. Pass it to stride.WithVerification.
func Verification() (*verify.Results, error) {
	var opts []verify.Option
	if _, file, _, ok := runtime.Caller(0); ok {
		opts = append(opts, verify.Root(filepath.Join(filepath.Dir(file), "..", "..", "..")))
	}
	return verify.Read(bytes.NewReader(appTests), opts...)
}
