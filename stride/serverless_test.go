package stride_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestServerlessGuideThreats checks that the catalog derives, for the
// guide's serverless API, a threat for each attack path of the guide's
// STRIDE section and each example threat of the template's boundary tables,
// and that those the model mitigates the guide's way come out Mitigated.
func TestServerlessGuideThreats(t *testing.T) {
	r := analyze(t, serverless.Model())
	rules := stride.Rules()

	tests := []struct {
		source, path string
		// id names the threat exactly; otherwise any derived threat of the
		// category about one of the elements will do.
		id        string
		category  stride.Category
		elements  []string
		mitigated bool
	}{
		// Guide, A. Spoofing.
		{source: "guide S", path: "No authentication on API Gateway",
			id: "TW-S-001@User → API Gateway: API request", mitigated: true},
		{source: "guide S", path: "Stolen API keys",
			id: "TW-S-002@User → API Gateway: API request"}, // open: the model states no token lifetime
		{source: "guide S", path: "Compromised credentials",
			id: "TW-S-003@User → Cognito user pool: Sign-in"}, // open: MFA covers the pool's administrators, not customers
		// Guide, B. Tampering.
		{source: "guide T", path: "Unvalidated JSON payloads",
			id: "TW-T-001@User → API Gateway: API request", mitigated: true},
		{source: "guide T", path: "Direct DynamoDB access", id: "TW-T-004@DynamoDB", mitigated: true},
		{source: "guide T", path: "Code injection attacks", id: "TW-T-003@Lambda", mitigated: true},
		// Guide, C. Repudiation (the guide is cut off after "Missing logs,
		// Log…"; log tampering is the usual second path).
		{source: "guide R", path: "Missing logs", id: "TW-R-001@Lambda", mitigated: true},
		{source: "guide R", path: "Log tampering (CloudTrail)", id: "TW-R-002@CloudTrail", mitigated: true},
		{source: "guide R", path: "Log tampering (CloudWatch)", id: "TW-R-002@CloudWatch Logs"}, // open: only CloudTrail has Object Lock
		// Template, Trust Boundary 1: Client → API.
		{source: "template TB1", path: "Unauthorized access",
			id: "TW-S-001@User → API Gateway: API request", mitigated: true},
		{source: "template TB1", path: "Input injection",
			id: "TW-T-002@Lambda → DynamoDB: Read and write user record", mitigated: true},
		// Template, Trust Boundary 2: API → Service.
		{source: "template TB2", path: "Service impersonation",
			id: "TW-S-005@API Gateway → Lambda: Invoke", mitigated: true},
		{source: "template TB2", path: "Privilege escalation",
			category: stride.ElevationOfPrivilege, elements: []string{`components["Lambda"]`, `components["API Gateway"]`, `components["IAM"]`}},
		// Template, Trust Boundary 3: Service → Data/Infra.
		{source: "template TB3", path: "Data exfiltration",
			category: stride.InformationDisclosure, elements: []string{`components["DynamoDB"]`, `components["Lambda"]`,
				`flows["Lambda → DynamoDB: Read and write user record"]`, `flows["DynamoDB → Lambda: User record"]`}},
		{source: "template TB3", path: "IAM role compromise", id: "TW-S-006@Lambda", mitigated: true},
	}
	for _, tt := range tests {
		t.Run(tt.source+"/"+tt.path, func(t *testing.T) {
			if tt.id != "" {
				th, ok := r.Threat(tt.id)
				if !ok {
					t.Fatalf("no threat %s", tt.id)
				}
				if tt.mitigated && th.Status != stride.Mitigated {
					t.Errorf("%s is %v, want Mitigated: the model implements the guide's mitigation", tt.id, th.Status)
				}
				return
			}
			if !slices.ContainsFunc(rules, func(r stride.Rule) bool { return r.Category == tt.category }) {
				t.Skipf("the catalog has no %v rules yet", tt.category)
			}
			for _, th := range r.Threats {
				if th.RuleID != "" && th.Category == tt.category && slices.ContainsFunc(th.Paths(), func(p string) bool {
					return slices.Contains(tt.elements, p)
				}) {
					return
				}
			}
			t.Errorf("no derived %v threat about any of %s", tt.category, strings.Join(tt.elements, ", "))
		})
	}
}

// TestServerlessCoverage checks that every cell the S, T and R rules can
// reach in the serverless model is covered, infrastructure included (the
// template's third gate question).
func TestServerlessCoverage(t *testing.T) {
	r := analyze(t, serverless.Model())
	for _, row := range r.Coverage {
		for _, cell := range row.Cells {
			if cell.Category > stride.Repudiation || row.Kind == tm.DataFlow && cell.Category != stride.Tampering {
				continue // the I, D and E rules live elsewhere
			}
			if cell.Status == stride.NotCovered {
				t.Errorf("%s × %v is not covered", row.Subject, cell.Category)
			}
		}
	}
	if r.Residual.Open > r.Residual.Mitigated/4 {
		t.Errorf("%d open threats for %d mitigated: the example should be mostly mitigated", r.Residual.Open, r.Residual.Mitigated)
	}
}
