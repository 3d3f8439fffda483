package render_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/render"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// iamRow renders the model and returns the IAM table's row of a role.
func iamRow(t *testing.T, m *tm.Model, role string) string {
	t.Helper()
	d, err := render.NewDocument(m)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := render.Markdown(&b, d); err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	start := strings.Index(doc, "## IAM / Execution Role Blast Radius")
	if start < 0 {
		t.Fatal("no IAM section")
	}
	for _, l := range strings.Split(doc[start:], "\n") {
		if strings.HasPrefix(l, "| "+role+" |") {
			return l
		}
	}
	t.Fatalf("no IAM row for %q", role)
	return ""
}

// The IAM table shows, per role, the effective permissions (allows within
// the boundary, less denies) and the escalations open to it with their
// catalogued techniques.
func TestIAMTableEffectiveAndEscalation(t *testing.T) {
	row := iamRow(t, serverless.Model(), "Deploy role")
	for _, want := range []string{
		"| lambda:UpdateFunctionCode, lambda:UpdateFunctionConfiguration on Lambda; apigateway:PUT, apigateway:POST on API Gateway; iam:PassRole on Lambda execution role |",
		"take over Lambda (lambda-003); take over API Gateway (no catalogued technique)",
	} {
		if !strings.Contains(row, want) {
			t.Errorf("Deploy role row lacks %q:\n%s", want, row)
		}
	}
	if row := iamRow(t, serverless.Model(), "Lambda execution role"); !strings.Contains(row, "| none found |") {
		t.Errorf("the execution role has no escalation:\n%s", row)
	}

	m := tm.New("Boundary")
	z := m.Zone("Account", tm.Trusted)
	table := m.DataStore("Table", z)
	bound := m.Guardrail("Read only")
	bound.Allow(table, "dynamodb:GetItem")
	r := m.Role("Reader", tm.WithPermissionBoundary(bound))
	r.Allow(table, "dynamodb:*")
	r.Deny(table, "dynamodb:DeleteItem")
	if row := iamRow(t, m, "Reader"); !strings.Contains(row, "| dynamodb:GetItem on Table |") {
		t.Errorf("a boundary should narrow the effective permissions to dynamodb:GetItem:\n%s", row)
	}
}

// Appendix I tells what a component does by design apart from what
// compromise adds: the customer reaches its own records through the API,
// not every record the API's role reaches.
func TestComponentBlastDesignedAndCompromise(t *testing.T) {
	d, err := render.NewDocument(serverless.Model())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := render.Markdown(&b, d); err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	row := func(name string) string {
		start := strings.Index(doc, "## Appendix I")
		for _, l := range strings.Split(doc[start:], "\n") {
			if strings.HasPrefix(l, "| "+name+" |") {
				return l
			}
		}
		t.Fatalf("no Appendix I row for %q", name)
		return ""
	}
	for name, wants := range map[string][]string{
		"User": {"By design: read API request payload, User data in DynamoDB",
			"Of User data in DynamoDB only its own records, those the service it calls authorizes for it object by object",
			"Compromise of its credentials adds nothing"},
		"Lambda": {"Compromise adds: read DynamoDB", "every record of Logs (CloudWatch), User data in DynamoDB through its roles' permissions"},
	} {
		r := row(name)
		for _, want := range wants {
			if !strings.Contains(r, want) {
				t.Errorf("%s row lacks %q:\n%s", name, want, r)
			}
		}
	}
}

// TestIAMTableTrustAndResourcePolicy: the IAM table shows a role's trust
// policy beside what runs as it, and the resource-policy statements that
// name it among its permissions.
func TestIAMTableTrustAndResourcePolicy(t *testing.T) {
	m := tm.New("Trust")
	acct := m.Zone("Account", tm.Trusted)
	bucket := m.DataStore("Reports bucket", acct, tm.Technology("Amazon S3"))
	fn := m.Process("Function", acct, tm.RunBy("lambda.amazonaws.com"))
	exec := m.Role("Exec role", tm.TrustsServices("lambda.amazonaws.com"))
	exec.Allow(bucket, "s3:PutObject")
	fn.RunsAs(exec)
	bucket.Allow(exec, "s3:GetObject")
	m.Flow(fn, bucket, "Write report")
	row := iamRow(t, m, "Exec role")
	for _, want := range []string{
		"Allow s3:PutObject on Reports bucket; Allow s3:GetObject on Reports bucket (resource policy of Reports bucket)",
		"| Function; trust policy: lambda.amazonaws.com |",
	} {
		if !strings.Contains(row, want) {
			t.Errorf("the IAM table lacks %q", want)
		}
	}
}
