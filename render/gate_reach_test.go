package render_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/render"
)

// Gate question 1 names, per trust boundary, the worst outcome of an
// attacker who crosses it and the takeovers (RCH004) there; a boundary no
// path crosses falls back to its worst threat. The residual risk counts the
// escalation paths.
func TestGateWorstOutcomeAndEscalations(t *testing.T) {
	m := serverless.Model()
	d, err := render.NewDocument(m)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := render.Markdown(&b, d); err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	line := func(prefix string) string {
		for _, l := range strings.Split(doc, "\n") {
			if strings.Contains(l, prefix) {
				return l
			}
		}
		t.Fatalf("no line with %q", prefix)
		return ""
	}
	q1 := line("Trust Boundary 2: Internet → GitHub**")
	for _, want := range []string{"worst outcome: Deploy role credentials (Very High value, Critical)",
		"through a takeover (RCH004)",
		"User data in DynamoDB (High value, Critical) by Operator → Deploy pipeline → Lambda → User data in DynamoDB, likelihood Low"} {
		if !strings.Contains(q1, want) {
			t.Errorf("gate answer lacks %q:\n%s", want, q1)
		}
	}
	// No weakness is left open at the API: the worst a customer who goes
	// rogue does there is reach the logs through the gateway.
	if q := line("Trust Boundary 1: Internet → API edge**"); strings.Contains(q, "takeover") || !strings.Contains(q, "worst outcome: Logs (CloudWatch)") {
		t.Errorf("the API edge's worst outcome: %s", q)
	}
	if q := line("Trust Boundary 5: GitHub → API edge**"); !strings.Contains(q, "no attack path crosses it; worst threat:") {
		t.Errorf("a boundary without paths: %s", q)
	}
	if !strings.Contains(doc, "attack paths take a process over through a role's permission (RCH004") {
		t.Error("the residual risk does not count the escalation paths")
	}
	// The Lambda's open request-correlation threat (TW-R-012) puts the
	// application's share above the infrastructure's.
	if !strings.Contains(line("Yes: 16% of 71 infrastructure threats"), "against 17% of 29 application threats (1 open)") {
		t.Error("gate question 3 does not compare the shares")
	}
}
