package agent

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

func TestModelIsComplete(t *testing.T) {
	m := Model()
	if err := m.Validate(); err != nil {
		t.Fatalf("Validate:\n%v", err)
	}
	for _, f := range m.Findings() {
		t.Errorf("unexpected finding: %v", f)
	}
}

// assistantReach analyses the model and returns the assistant's reach.
func assistantReach(t *testing.T, m *tm.Model) *reach.AgentReach {
	t.Helper()
	res, err := reach.Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	ar := res.Agent(m.Component("Support assistant"))
	if ar == nil {
		t.Fatal("no reach for the support assistant")
	}
	return ar
}

// writes names the assets a blast radius can write.
func writes(b reach.BlastRadius) []string {
	var out []string
	for _, e := range b.Can(tm.Write) {
		if a, ok := e.Element.(*tm.Asset); ok {
			out = append(out, a.Name())
		}
	}
	return out
}

// TestAssistantToolReach: the chat and the knowledge base built from
// support email can hijack the assistant; its order tools act through the
// orders API's role and reach every customer's orders, while the refund
// workflow, which a person approves, stays out of what it does on its own;
// without the approval, refunds join it.
func TestAssistantToolReach(t *testing.T) {
	ar := assistantReach(t, Model())
	var inj []string
	for _, f := range ar.Injection {
		inj = append(inj, f.Name())
	}
	if !slices.Equal(inj, []string{"Customer turn", "Passages"}) {
		t.Errorf("untrusted content %q, want the customer's turn and the retrieved passages", inj)
	}
	for _, tr := range ar.Tools {
		switch tr.Flow.Name() {
		case "Look up order", "Change delivery address":
			if tr.Approval || !slices.Contains(writes(tr.BlastRadius), "Orders and customer details") {
				t.Errorf("%s: approval %v, writes %q; want no approval and orders written", tr.Flow.Name(), tr.Approval, writes(tr.BlastRadius))
			}
			if got := len(tr.Chain); got != 2 || tr.Chain[1].Name() != "Orders API" {
				t.Errorf("%s: chain %v, want the order tools and the orders API", tr.Flow.Name(), tr.Chain)
			}
		case "Request refund":
			if !tr.Approval {
				t.Errorf("the refund call needs no approval")
			}
		default:
			t.Errorf("unexpected tool call %s", tr.Flow.Name())
		}
	}
	own := writes(ar.BlastRadius)
	if !slices.Contains(own, "Orders and customer details") || slices.Contains(own, "Refund requests") {
		t.Errorf("the hijacked assistant writes %q; want orders, not refunds", own)
	}
	if got := writes(assistantReach(t, model(change{noRefundApproval: true})).BlastRadius); !slices.Contains(got, "Refund requests") {
		t.Errorf("without approval the hijacked assistant writes %q; want refunds too", got)
	}
}

// TestDocsHaveAISection: the report has its AI Components section, with
// the assistant's tools.
func TestDocsHaveAISection(t *testing.T) {
	b, err := os.ReadFile("../docs/threat-model.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## AI Components", "### Agent: Support assistant", "| Request refund | Refund workflow |"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}

// TestInjectionAgreesWithSTRIDE: the flows that reach counts as a way to
// hijack the assistant are those on which the STRIDE analysis derives
// prompt injection (TW-T-301), with or without the guardrail that closes
// it.
func TestInjectionAgreesWithSTRIDE(t *testing.T) {
	for _, c := range []change{{}, {noContentFiltering: true}} {
		m := model(c)
		rep, err := stride.Analyze(m)
		if err != nil {
			t.Fatal(err)
		}
		var fromSTRIDE []string
		for _, th := range rep.Threats {
			if th.RuleID == "TW-T-301" {
				fromSTRIDE = append(fromSTRIDE, th.Flow.Key())
			}
		}
		var fromReach []string
		for _, f := range assistantReach(t, m).Injection {
			fromReach = append(fromReach, f.Key())
		}
		slices.Sort(fromSTRIDE)
		slices.Sort(fromReach)
		if len(fromReach) == 0 || !slices.Equal(fromSTRIDE, fromReach) {
			t.Errorf("%+v: TW-T-301 on %q, reach's injection flows %q", c, fromSTRIDE, fromReach)
		}
	}
}
