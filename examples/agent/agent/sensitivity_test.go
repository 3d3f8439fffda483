package agent

import (
	"testing"

	"github.com/threatwright/threatwright/internal/examplecmd"
	"github.com/threatwright/threatwright/internal/sensitivity"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestSensitivity applies one change at a time to the assistant and checks
// that the report moves where a reviewer expects, and that the system as
// it is gives the same bytes again (the change reversed).
func TestSensitivity(t *testing.T) {
	sensitivity.Check(t, Model, examplecmd.Reviewed, []sensitivity.Change{
		{Name: "switch the assistant's guardrail off", Model: func() *tm.Model { return model(change{noContentFiltering: true}) }, Want: []string{
			"threat TW-I-302@Support assistant: Mitigated → Open",
			"threat TW-T-301@Chat API → Support assistant: Customer turn: Mitigated → Open",
			"threat TW-T-301@Knowledge base → Support assistant: Passages: Mitigated → Open",
			"threat TW-T-304@Support assistant → Conversation store: Save and load conversation: Mitigated → Open",
			"path to Orders and customer details: Customer → Chat API: Chat message (Low, cost 10) → Customer → Chat API: Chat message (Low, cost 9)",
		}},
		{Name: "run refunds without approval", Model: func() *tm.Model { return model(change{noRefundApproval: true}) }, Want: []string{
			"threat TW-E-301@Support assistant → Refund workflow: Request refund: Mitigated → Open",
		}},
		{Name: "call the order tools with the customer's token", Model: func() *tm.Model { return model(change{userToken: true}) }, Want: []string{
			"threat TW-E-301@Support assistant → Order tools: Change delivery address: Open → Mitigated",
			"threat TW-E-301@Support assistant → Order tools: Look up order: Open → Mitigated",
		}},
	})
}
