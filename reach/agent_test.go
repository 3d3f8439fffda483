package reach_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// support is a support assistant: customers chat with an agent through a
// gateway; the agent reads a knowledge base that customers' emails are
// indexed into, asks a hosted model, and calls a tool server that looks up
// orders and issues refunds under its role.
type support struct {
	noRefundTool bool // the agent has no refund tool
	narrowRole   bool // the tool role may read orders, not write refunds or delete orders
	approval     bool // a person approves each refund
	trustedKB    bool // only staff write the knowledge base
}

type supportModel struct {
	m                     *tm.Model
	agent, kb             *tm.Component
	orders, refunds, docs *tm.Asset
	refundCall            *tm.Flow
}

func (s support) build() supportModel {
	m := tm.New("Support assistant")
	internet := m.Zone("Internet", tm.Untrusted)
	vendor := m.Zone("Model vendor", tm.SemiTrusted)
	account := m.Zone("Account", tm.Trusted, tm.ContainsBlastRadius())
	orders := m.DataAsset("Orders", tm.Value(tm.High), tm.RiskLevel(tm.Important), tm.PII())
	refunds := m.DataAsset("Refunds", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
	docs := m.DataAsset("Support articles", tm.Value(tm.Medium), tm.RiskLevel(tm.Moderate))

	customer := m.ExternalEntity("Customer", internet, tm.Is(tm.Human))
	mail := m.ExternalEntity("Customer email", internet)
	gw := m.Process("Gateway", account, tm.Is(tm.Gateway), tm.Controls(tm.InputValidation))
	agent := m.Process("Agent", account, tm.Is(tm.Agent), tm.Accepts(tm.NaturalLanguage), tm.Controls(tm.InputValidation))
	model := m.ExternalEntity("Model", vendor, tm.Is(tm.LLM, tm.ThirdPartyService))
	ingest := m.Process("Ingest", account, tm.Is(tm.Job), tm.Controls(tm.InputValidation))
	kb := m.DataStore("KB", account, tm.Is(tm.VectorStore), tm.Stores(docs), tm.Controls(tm.Authorization))
	orderTool := m.Process("Order tool", account, tm.Is(tm.ToolServer), tm.Controls(tm.InputValidation))
	refundTool := m.Process("Refund tool", account, tm.Is(tm.ToolServer), tm.Controls(tm.InputValidation))
	orderTable := m.DataStore("Order table", account, tm.Is(tm.Database), tm.Stores(orders), tm.Controls(tm.Authorization))
	refundTable := m.DataStore("Refund table", account, tm.Is(tm.Database), tm.Stores(refunds), tm.Controls(tm.Authorization))

	tls := []tm.FlowOption{tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13)}
	chat := m.Flow(customer, gw, "Chat", append(tls, tm.AuthN(tm.JWT), tm.Encoded(tm.NaturalLanguage))...)
	m.Response(chat, "Answer")
	m.Flow(gw, agent, "Message", append(tls, tm.AuthN(tm.IAMSignature), tm.Encoded(tm.NaturalLanguage))...)
	m.Response(m.Flow(agent, model, "Prompt", append(tls, tm.AuthN(tm.APIKey), tm.Encoded(tm.NaturalLanguage))...), "Completion")
	writer := mail
	if s.trustedKB {
		writer = m.ExternalEntity("Support staff", account, tm.Is(tm.Human))
	}
	m.Flow(writer, ingest, "Text", append(tls, tm.AuthN(tm.OAuth2))...)
	m.Flow(ingest, kb, "Index", append(tls, tm.AuthN(tm.IAMSignature), tm.Carries(docs), tm.Encoded(tm.NaturalLanguage))...)
	m.Response(m.Flow(agent, kb, "Retrieve", append(tls, tm.AuthN(tm.IAMSignature))...), "Passages",
		tm.Carries(docs), tm.Encoded(tm.NaturalLanguage))
	lookup := m.Flow(agent, orderTool, "Look up order", append(tls, tm.AuthN(tm.IAMSignature), tm.Encoded(tm.JSON))...)
	m.Response(lookup, "Order", tm.Carries(orders), tm.Encoded(tm.JSON))
	m.Response(m.Flow(orderTool, orderTable, "Read order", append(tls, tm.AuthN(tm.IAMSignature))...), "Order record", tm.Carries(orders))
	orderRole := m.Role("Order tool role")
	orderRole.Allow(orderTable, "dynamodb:GetItem")
	if !s.narrowRole {
		orderRole.Allow(orderTable, "dynamodb:DeleteItem")
	}
	orderTool.RunsAs(orderRole)

	var refundCall *tm.Flow
	if !s.noRefundTool {
		opts := append(tls, tm.AuthN(tm.IAMSignature), tm.Encoded(tm.JSON), tm.Carries(refunds))
		if s.approval {
			opts = append(opts, tm.Controls(tm.HumanApproval))
		}
		refundCall = m.Flow(agent, refundTool, "Issue refund", opts...)
	}
	m.Flow(refundTool, refundTable, "Write refund", append(tls, tm.AuthN(tm.IAMSignature), tm.Carries(refunds))...)
	refundRole := m.Role("Refund tool role")
	refundRole.Allow(refundTable, "dynamodb:PutItem")
	refundTool.RunsAs(refundRole)
	return supportModel{m: m, agent: agent, kb: kb, orders: orders, refunds: refunds, docs: docs, refundCall: refundCall}
}

// can returns the names of the assets a blast radius reaches with the
// access.
func can(b reach.BlastRadius, acc tm.Access) []string {
	var out []string
	for _, e := range b.Can(acc) {
		if a, ok := e.Element.(*tm.Asset); ok {
			out = append(out, a.Name())
		}
	}
	return out
}

// TestHijackedAgentReach: customers' emails indexed into the knowledge base
// and customers' chat messages can hijack the agent; through its tools it
// reads and deletes orders with the order tool's role and writes refunds
// with the refund tool's. The reach shrinks when the refund tool is removed
// (no refund write), when the order tool's role is narrowed (no delete)
// and when a person approves every refund (the refund tool's reach leaves
// the agent's own).
func TestHijackedAgentReach(t *testing.T) {
	for _, tc := range []struct {
		name                      string
		s                         support
		read, write, del, viaTool []string
	}{
		{"as built", support{}, []string{"Orders", "Support articles"}, []string{"Refunds"},
			[]string{"Orders"}, []string{"Issue refund", "Look up order"}},
		{"no refund tool", support{noRefundTool: true}, []string{"Orders", "Support articles"},
			nil, []string{"Orders"}, []string{"Look up order"}},
		{"narrow role", support{narrowRole: true}, []string{"Orders", "Support articles"},
			[]string{"Refunds"}, nil, []string{"Issue refund", "Look up order"}},
		{"approval on refunds", support{approval: true}, []string{"Orders", "Support articles"},
			nil, []string{"Orders"}, []string{"Issue refund", "Look up order"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sm := tc.s.build()
			res := analyze(t, sm.m)
			ar := res.Agent(sm.agent)
			if ar == nil {
				t.Fatal("no reach for the agent")
			}
			if got := flowNames(ar.Injection); !slices.Equal(got, []string{"Message", "Passages"}) {
				t.Errorf("injection flows %q, want Message and Passages", got)
			}
			var tools []string
			for _, tr := range ar.Tools {
				tools = append(tools, tr.Flow.Name())
			}
			slices.Sort(tools)
			if !slices.Equal(tools, tc.viaTool) {
				t.Errorf("tools %q, want %q", tools, tc.viaTool)
			}
			for acc, want := range map[tm.Access][]string{tm.Read: tc.read, tm.Write: tc.write, tm.Delete: tc.del} {
				if diff := cmp.Diff(want, can(ar.BlastRadius, acc)); diff != "" {
					t.Errorf("%v: assets (-want +got):\n%s", acc, diff)
				}
			}
		})
	}
}

// TestToolReachAndApproval: a tool call reaches what the tool's role
// reaches and what the call carries; a refund call a person approves is
// marked so, and its reach is not the agent's own.
func TestToolReachAndApproval(t *testing.T) {
	sm := support{approval: true}.build()
	ar := analyze(t, sm.m).Agent(sm.agent)
	var refund *reach.ToolReach
	for i := range ar.Tools {
		if ar.Tools[i].Flow == sm.refundCall {
			refund = &ar.Tools[i]
		}
	}
	if refund == nil || !refund.Approval {
		t.Fatalf("refund tool %+v: want one that needs approval", refund)
	}
	if got := names(refund.Roles); !slices.Equal(got, []string{"Refund tool role"}) {
		t.Errorf("refund tool roles %q, want the refund tool role", got)
	}
	if got := can(refund.BlastRadius, tm.Write); !slices.Equal(got, []string{"Refunds"}) {
		t.Errorf("refund tool writes %q, want Refunds", got)
	}
	if got := can(ar.BlastRadius, tm.Write); len(got) != 0 {
		t.Errorf("agent writes %q on its own, want nothing: every write goes through the approved refund", got)
	}
}

// TestPromptInjectionPath: the attack path to refunds goes through the
// agent, hijacked by prompt injection, and the refund call; with approval
// on refunds the call's step, whether the hijacked agent makes the call or
// passes the attacker's words on, needs a misled approver (Low); when only
// staff write the knowledge base, the chat messages still hijack the
// agent, but the retrieved passages do not.
func TestPromptInjectionPath(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    support
		want reach.Weakness
	}{
		{"as built", support{}, reach.TrustedCaller},
		{"approval", support{approval: true}, reach.MisledApprover},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sm := tc.s.build()
			paths := analyze(t, sm.m).PathsToAsset(sm.refunds)
			var via *reach.AttackPath
			for i := range paths {
				if slices.ContainsFunc(paths[i].Steps, func(s reach.Step) bool { return s.Flow == sm.refundCall }) {
					via = &paths[i]
					break
				}
			}
			if via == nil {
				t.Fatalf("no path over the refund call; paths:\n%s", strings.Join(pathStrings(paths), "\n"))
			}
			var ws []reach.Weakness
			for _, s := range via.Steps {
				ws = append(ws, s.Weakness)
				if s.Flow == sm.refundCall && s.Weakness != tc.want {
					t.Errorf("refund call step %v, want %v", s.Weakness, tc.want)
				}
			}
			if tc.want == reach.TrustedCaller && !slices.Contains(ws, reach.PromptInjection) {
				t.Errorf("path %s takes the agent without prompt injection", via)
			}
		})
	}
	sm := support{trustedKB: true}.build()
	if got := flowNames(analyze(t, sm.m).Agent(sm.agent).Injection); !slices.Equal(got, []string{"Message"}) {
		t.Errorf("staff-written knowledge base: injection flows %q, want only Message", got)
	}
}

func flowNames(fs []*tm.Flow) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name())
	}
	slices.Sort(out)
	return out
}
