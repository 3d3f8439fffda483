package render_test

import (
	"strings"
	"testing"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// aiModel is a small assistant: a customer chats with an agent, which asks
// a hosted model and calls a tool whose name holds Markdown.
func aiModel(approval bool) *tm.Model {
	m := tm.New("Assistant", tm.Owner("Team"))
	internet := m.Zone("Internet", tm.Untrusted)
	vendor := m.Zone("Vendor", tm.SemiTrusted)
	account := m.Zone("Account", tm.Trusted)
	customer := m.ExternalEntity("Customer", internet, tm.Is(tm.Human))
	model := m.ExternalEntity("Hosted model", vendor, tm.Is(tm.LLM, tm.ThirdPartyService))
	agent := m.Process("Agent", account, tm.Is(tm.Agent), tm.Accepts(tm.NaturalLanguage))
	tool := m.Process("Refund | *tool*", account, tm.Is(tm.ToolServer))
	m.Flow(customer, agent, "Chat", tm.AuthN(tm.JWT))
	m.Response(m.Flow(agent, model, "Prompt", tm.AuthN(tm.APIKey), tm.Encoded(tm.NaturalLanguage)), "Completion")
	var opts []tm.FlowOption
	if approval {
		opts = append(opts, tm.Controls(tm.HumanApproval))
	}
	m.Flow(agent, tool, "Issue refund", append(opts, tm.AuthN(tm.IAMSignature))...)
	role := m.Role("Refund role")
	role.Allow(tool, "lambda:InvokeFunction")
	tool.RunsAs(role)
	return m
}

// TestAISection: a model with AI components has the AI Components section,
// with the agent's tools, the untrusted content and the open AI threats
// with their OWASP IDs, every name escaped; a model without any has none.
func TestAISection(t *testing.T) {
	md := markdownOf(t, aiModel(false))
	for _, want := range []string{
		"## AI Components",
		"| Hosted model | External entity (Third-party service, LLM) | Third party, in Vendor |",
		"Untrusted: Customer → Agent: Chat",
		"### Agent: Agent",
		"| Issue refund | Refund \\| \\*tool\\* | — | Refund role | no |",
		"A hijacked Agent, without anyone's approval, can ",
		"OWASP LLM01:2025, OWASP Agentic T6",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if approved := markdownOf(t, aiModel(true)); !strings.Contains(approved, "| Issue refund | Refund \\| \\*tool\\* | — | Refund role | yes |") {
		t.Errorf("the approved tool call is not marked so")
	}
	if strings.Contains(markdownOf(t, serverless.Model()), "## AI Components") {
		t.Error("the serverless report, which has no AI component, has an AI Components section")
	}
}
