package serverless

import (
	"testing"
	"time"

	"github.com/threatwright/threatwright/internal/examplecmd"
	"github.com/threatwright/threatwright/internal/sensitivity"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestSensitivity applies one change at a time to the serverless system and
// checks that the report moves where a reviewer expects, and that the
// system as it is gives the same bytes again (the change reversed).
func TestSensitivity(t *testing.T) {
	sensitivity.Check(t, Model, examplecmd.Reviewed, []sensitivity.Change{
		{Name: "remove authentication on the entry flow", Model: func() *tm.Model { return model(change{unauthenticatedEntry: true}) }, Want: []string{
			"threat TW-S-001@User → API Gateway: API request: Mitigated → Open",
			`finding ST005 mitigations["Cognito/IAM authentication on API Gateway"].implements`,
			// With no authentication at the API, a path from outside reaches
			// the user data; before, only the operator's did.
			"path to User data in DynamoDB: Operator → Deploy pipeline: Merge and release (Low, cost 10) → User → API Gateway: API request (Low, cost 14)",
		}},
		{Name: "make the Lambda → DynamoDB flow plaintext", Model: func() *tm.Model { return model(change{plaintextQuery: true}) }, Want: []string{
			"threat TW-I-001@Lambda → DynamoDB: Read and write user record: Mitigated → Open",
			"threat TW-T-006@Lambda → DynamoDB: Read and write user record: Mitigated → Open",
			`finding ST005 assets["User data in DynamoDB"].lifecycle.transitEncryption`,
		}},
		{Name: "grant a wildcard on every resource", Model: func() *tm.Model {
			m := Model()
			m.RoleNamed("API Gateway logging role").Allow(tm.AnyResource(), "*")
			return m
		}, Want: []string{
			`reach RCH002 roles["API Gateway logging role"].permissions[1]`,
			"threat TW-E-001@API Gateway (API Gateway logging role): unstated → Open",
		}},
		{Name: "remove the audit trail store", Model: func() *tm.Model { return model(change{noAuditTrail: true}) }, Want: []string{
			"threat TW-R-001@Cognito user pool: Mitigated → Open",
			"threat TW-R-001@IAM: Mitigated → Open",
		}},
		{Name: "accept a threat with a past expiry", Model: func() *tm.Model {
			m := Model()
			m.Accept("TW-T-013@CloudWatch Logs", tm.Justification("Log groups are rarely deleted"), tm.Owner("API team lead"),
				tm.Expires(time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)))
			return m
		}, Want: []string{
			`finding ST001 acceptances["TW-T-013@CloudWatch Logs"].expires`,
		}},
		{Name: "add a direct flow from the internet to the data store", Model: func() *tm.Model {
			m := Model()
			m.Flow(m.Component("User"), m.Component("DynamoDB"), "Direct request",
				tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy))
			return m
		}, Want: []string{
			"threat TW-I-007@DynamoDB: Mitigated → Open",
			`finding ST005 mitigations["No public DynamoDB endpoints"].implements`,
		}},
		{Name: "remove input validation from the Lambda", Model: func() *tm.Model { return model(change{noInputValidation: true}) }, Want: []string{
			"threat TW-T-003@Lambda: Mitigated → Open",
			"threat TW-E-005@Lambda: Mitigated → Open",
		}},
		{Name: "store a secret in an environment variable", Model: func() *tm.Model {
			m := Model()
			m.Secret("Partner API key", tm.Stored(tm.InEnvironment), tm.UsedBy(m.Component("Lambda")),
				tm.Provisioned("Pasted into the function's configuration"), tm.Rotated(tm.Rotation{Never: true}),
				tm.BlastRadius("The partner's API as this account"))
			return m
		}, Want: []string{
			`finding ST005 mitigations["No hard-coded secrets"].implements`,
			"threat TW-S-101@Lambda (Partner API key): unstated → Open",
		}},
		{Name: "record only management events of the users table", Model: func() *tm.Model { return model(change{noDataEvents: true}) }, Want: []string{
			"threat TW-R-011@CloudTrail (DynamoDB): Mitigated → Open",
		}},
		{Name: "log the gateway's request ID in the Lambda", Model: func() *tm.Model { return model(change{lambdaCorrelates: true}) }, Want: []string{
			"threat TW-R-012@Lambda: Open → Mitigated",
		}},
		{Name: "move MFA from the operators to nobody", Model: func() *tm.Model { return model(change{noMFA: true}) }, Want: []string{
			"threat TW-S-003@Operator → Deploy pipeline: Merge and release: Mitigated → Open",
		}},
	})
}
