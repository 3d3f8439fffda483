package reach_test

import (
	"fmt"

	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// An agent that customers chat with calls a refund tool, which runs under a
// role that may write the refunds table. What a prompt injection that
// hijacks the agent reaches is computed from that role; a person's
// approval on the call takes it out of what the agent does on its own.
func ExampleResult_Agent() {
	for _, approval := range []bool{false, true} {
		m := tm.New("Support assistant")
		internet := m.Zone("Internet", tm.Untrusted)
		account := m.Zone("Account", tm.Trusted, tm.ContainsBlastRadius())
		refunds := m.DataAsset("Refunds", tm.Value(tm.High), tm.RiskLevel(tm.Critical))

		customer := m.ExternalEntity("Customer", internet, tm.Is(tm.Human))
		agent := m.Process("Agent", account, tm.Is(tm.Agent), tm.Accepts(tm.NaturalLanguage))
		tool := m.Process("Refund tool", account, tm.Is(tm.ToolServer))
		table := m.DataStore("Refund table", account, tm.Stores(refunds))
		m.Flow(customer, agent, "Chat", tm.AuthN(tm.JWT))
		var ctl []tm.FlowOption
		if approval {
			ctl = append(ctl, tm.Controls(tm.HumanApproval))
		}
		m.Flow(agent, tool, "Issue refund", append(ctl, tm.AuthN(tm.IAMSignature))...)
		role := m.Role("Refund role")
		role.Allow(table, "dynamodb:PutItem")
		tool.RunsAs(role)

		res, err := reach.Analyze(m)
		if err != nil {
			fmt.Println(err)
			return
		}
		ar := res.Agent(agent)
		fmt.Println("approval:", approval, "hijackable:", ar.Hijackable())
		for _, t := range ar.Tools {
			fmt.Println("  tool", t.Flow.Name(), "as", t.Roles[0].Name(), "approved:", t.Approval)
		}
		for _, e := range ar.Can(tm.Write) {
			fmt.Println("  writes on its own:", e.Element.Path())
		}
	}
	// Output:
	// approval: false hijackable: true
	//   tool Issue refund as Refund role approved: false
	//   writes on its own: assets["Refunds"]
	//   writes on its own: components["Refund table"]
	// approval: true hijackable: true
	//   tool Issue refund as Refund role approved: true
}
