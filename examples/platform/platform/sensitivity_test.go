package platform

import (
	"testing"
	"time"

	"github.com/threatwright/threatwright/internal/examplecmd"
	"github.com/threatwright/threatwright/internal/sensitivity"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestSensitivity applies one change at a time to the platform and checks
// that the report moves where a reviewer expects, and that the system as
// it is gives the same bytes again (the change reversed).
func TestSensitivity(t *testing.T) {
	sensitivity.Check(t, Model, examplecmd.Reviewed, []sensitivity.Change{
		{Name: "call the API without the user's token", Model: func() *tm.Model { return model(change{unauthenticatedAPI: true}) }, Want: []string{
			`finding ST005 components["API service"].controls`,
		}},
		{Name: "talk to PostgreSQL in plaintext", Model: func() *tm.Model { return model(change{plaintextSQL: true}) }, Want: []string{
			`finding ST005 assets["User accounts and PII"].lifecycle.transitEncryption`,
			"threat TW-I-001@API service → PostgreSQL: SQL queries: Mitigated → Open",
		}},
		{Name: "grant a wildcard on every resource", Model: func() *tm.Model {
			m := Model()
			m.RoleNamed("Worker IAM role").Allow(tm.AnyResource(), "*")
			return m
		}, Want: []string{
			`reach RCH002 roles["Worker IAM role"].permissions[2]`,
			"threat TW-E-001@Upload worker (Worker IAM role): unstated → Open",
		}},
		{Name: "remove the audit trail store", Model: func() *tm.Model { return model(change{noAuditTrail: true}) }, Want: []string{
			"threat TW-R-001@Kubernetes API server: Mitigated → Open",
			"threat TW-R-001@EKS worker nodes: Mitigated → Open",
		}},
		{Name: "accept a threat with a past expiry", Model: func() *tm.Model {
			m := Model()
			m.Accept("TW-D-201@Argo CD", tm.Justification("Argo CD restarts on its own"),
				tm.Owner("Platform team lead"), tm.Expires(time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)))
			return m
		}, Want: []string{
			`finding ST001 acceptances["TW-D-201@Argo CD"].expires`,
		}},
		{Name: "add a direct flow from the internet to the database", Model: func() *tm.Model {
			m := Model()
			m.Flow(m.Component("Customer browser"), m.Component("PostgreSQL"), "Direct SQL",
				tm.Over(tm.SQL, 5432), tm.Encrypted(tm.TLS12), tm.AuthN(tm.Password), tm.AuthZ(tm.RoleBased))
			return m
		}, Want: []string{
			`finding ST005 components["PostgreSQL"].controls`,
			"threat TW-I-007@PostgreSQL: Mitigated → Open",
		}},
		{Name: "remove input validation from the API", Model: func() *tm.Model { return model(change{noInputValidation: true}) }, Want: []string{
			"threat TW-E-005@API service: Mitigated → Open",
			"threat TW-T-001@Ingress controller → API service: Payment webhook delivery: Mitigated → Open",
		}},
		{Name: "store a secret in an environment variable", Model: func() *tm.Model {
			m := Model()
			m.Secret("Search API key", tm.Stored(tm.InEnvironment), tm.UsedBy(m.Component("API service")),
				tm.Provisioned("Set in the deployment manifest"), tm.Rotated(tm.Rotation{Never: true}),
				tm.BlastRadius("The search provider's index as this tenant"))
			return m
		}, Want: []string{
			`finding ST005 mitigations["Secrets from Secrets Manager through External Secrets"].implements`,
			"threat TW-S-101@API service (Search API key): unstated → Open",
		}},
		{Name: "push deployments from GitHub Actions with a stored kubeconfig", Model: func() *tm.Model {
			m := Model()
			manifests := m.Asset("Rendered manifests", tm.AssetCode, tm.Value(tm.High), tm.RiskLevel(tm.Critical))
			push := m.Flow(m.Component("GitHub Actions"), m.Component("Kubernetes API server"), "kubectl apply",
				tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.ClientCertificate), tm.AuthZ(tm.RoleBased),
				tm.Carries(manifests), tm.Deploys())
			m.Secret("Deploy kubeconfig", tm.Stored(tm.InCIVariables), tm.UsedBy(m.Component("GitHub Actions")),
				tm.Provisioned("Exported by an engineer, pasted into the repository's Actions secrets"),
				tm.Rotated(tm.Rotation{Every: 365 * 24 * time.Hour}), tm.Authenticates(push),
				tm.BlastRadius("Apply anything to the cluster"))
			return m
		}, Want: []string{
			"threat TW-E-012@GitHub Actions → Kubernetes API server: kubectl apply: unstated → Open",
		}},
		{Name: "schedule External Secrets on the ingress controller's nodes", Model: func() *tm.Model {
			m := Model()
			m.Component("External Secrets Operator").SharesHostWith(m.Component("Ingress controller"))
			return m
		}, Want: []string{
			"threat TW-E-014@External Secrets Operator (Ingress controller): unstated → Mitigated",
		}},
		{Name: "move MFA from the developers and engineers to nobody", Model: func() *tm.Model { return model(change{noMFA: true}) }, Want: []string{
			"threat TW-S-003@Developer → GitHub repositories: Push and review changes: Mitigated → Open",
		}},
	})
}
