package render_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/render"
)

// TestReportNamesConcernDeclarations: what the model states for the rules
// about credentials, deployment, identity, audit data events and billing
// reaches the report, on the row of the flow or component that states it.
func TestReportNamesConcernDeclarations(t *testing.T) {
	d, err := render.NewDocument(serverless.Model())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := render.Markdown(&b, d); err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(b.String(), "\n")
	for row, want := range map[string]string{
		"| Read and write user record | Lambda | DynamoDB |":  "identity: Technical user; credential: Lambda execution role credentials",
		"| Update function code | Deploy pipeline | Lambda |": "deploys; credential: Deploy OIDC session",
		"| DynamoDB | Data store (":                           "data events recorded in CloudTrail; billed per request",
	} {
		found := false
		for _, l := range rows {
			if strings.HasPrefix(l, row) {
				found = true
				if !strings.Contains(l, want) {
					t.Errorf("row %s lacks %q:\n%s", row, want, l)
				}
			}
		}
		if !found {
			t.Errorf("no row starts with %s", row)
		}
	}
}
