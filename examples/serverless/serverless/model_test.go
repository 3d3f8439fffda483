package serverless_test

import (
	"testing"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/threatmodel"
	"github.com/threatwright/threatwright/threatmodel/threatmodeltest"
)

func TestModelIsComplete(t *testing.T) {
	threatmodeltest.Run(t, serverless.Model())
}

func TestModelHasNoWarnings(t *testing.T) {
	for _, f := range serverless.Model().Findings() {
		t.Errorf("unexpected finding: %v", f)
	}
}

// TestGuideShape checks that the model holds what the guide names: its
// components, its four boundaries and its four assets with their value and
// risk level.
func TestGuideShape(t *testing.T) {
	m := serverless.Model()
	for _, name := range []string{"User", "API Gateway", "Lambda", "DynamoDB", "IAM", "CloudWatch Logs", "CloudTrail"} {
		if m.Component(name) == nil {
			t.Errorf("component %q is missing", name)
		}
	}
	assets := map[string]struct {
		value threatmodel.Level
		risk  threatmodel.Criticality
	}{
		"User data in DynamoDB": {threatmodel.High, threatmodel.Critical},
		"Lambda execution role": {threatmodel.VeryHigh, threatmodel.Critical},
		"API endpoints":         {threatmodel.MediumHigh, threatmodel.Important},
		"Logs (CloudWatch)":     {threatmodel.Medium, threatmodel.Moderate},
	}
	found := 0
	for _, a := range m.Assets() {
		want, ok := assets[a.Name()]
		if !ok {
			continue
		}
		found++
		if a.Value() != want.value || a.Criticality() != want.risk {
			t.Errorf("asset %q: value %v, risk %v; want %v, %v", a.Name(), a.Value(), a.Criticality(), want.value, want.risk)
		}
	}
	if found != len(assets) {
		t.Errorf("found %d of the guide's %d assets", found, len(assets))
	}

	// The guide's boundaries: Internet → API Gateway, API Gateway → Lambda,
	// Lambda → DynamoDB each cross a boundary; the AWS account contains the
	// blast radius.
	crossing := map[[2]string]bool{}
	for _, f := range m.Flows() {
		if f.CrossesBoundary() {
			crossing[[2]string{f.Source().Name(), f.Destination().Name()}] = true
		}
	}
	for _, pair := range [][2]string{{"User", "API Gateway"}, {"API Gateway", "Lambda"}, {"Lambda", "DynamoDB"}} {
		if !crossing[pair] {
			t.Errorf("no flow %s → %s crosses a trust boundary", pair[0], pair[1])
		}
	}
	account := m.ZoneNamed("AWS account")
	if account == nil || !account.ContainsBlastRadius() {
		t.Fatalf("the AWS account zone is missing or does not contain the blast radius")
	}
	for _, name := range []string{"API Gateway", "Lambda", "DynamoDB"} {
		if !m.Component(name).Zone().Within(account) {
			t.Errorf("%s is not inside the AWS account", name)
		}
	}
}

// TestResponsePath checks the guide's full data flow, response included:
// User → API Gateway → Lambda → DynamoDB → Lambda → API Gateway → User.
func TestResponsePath(t *testing.T) {
	m := serverless.Model()
	chain := []string{"User", "API Gateway", "Lambda", "DynamoDB", "Lambda", "API Gateway", "User"}
	for i := 0; i+1 < len(chain); i++ {
		src := m.Component(chain[i])
		ok := false
		for _, f := range src.Outgoing() {
			if f.Destination().Name() == chain[i+1] {
				ok = true
				if i >= 3 && f.ResponseTo() == nil {
					t.Errorf("flow %s is on the response path but is not declared as a response", f.Key())
				}
			}
		}
		if !ok {
			t.Errorf("no flow %s → %s", chain[i], chain[i+1])
		}
	}
}
