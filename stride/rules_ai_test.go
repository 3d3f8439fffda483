package stride_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// The AI fixture: an agent in the app zone that reads natural language,
// a model a vendor hosts on the internet, a tool server, a retrieval
// store.

func (f *fx) agent(opts ...tm.ComponentOption) *tm.Component {
	return f.m.Process("Agent", f.app, append([]tm.ComponentOption{tm.Is(tm.Agent), tm.Accepts(tm.NaturalLanguage)}, opts...)...)
}

func (f *fx) hostedModel() *tm.Component {
	return f.m.ExternalEntity("Model", f.internet, tm.Is(tm.LLM, tm.ThirdPartyService))
}

func (f *fx) tools(opts ...tm.ComponentOption) *tm.Component {
	return f.m.Process("Tools", f.app, append([]tm.ComponentOption{tm.Is(tm.ToolServer), tm.Controls(tm.InputValidation)}, opts...)...)
}

// chat declares a person on the internet talking to the agent in natural
// language, and the agent's answer.
func (f *fx) chat(agent *tm.Component, opts ...tm.FlowOption) *tm.Flow {
	return f.chatIn(agent, tm.NaturalLanguage, opts...)
}

// chatIn is chat with the messages in another format.
func (f *fx) chatIn(agent *tm.Component, format tm.Format, opts ...tm.FlowOption) *tm.Flow {
	c := f.call(f.user(), agent, "Chat", append([]tm.FlowOption{tm.AuthN(tm.JWT), tm.Encoded(format)}, opts...)...)
	f.m.Response(c, "Answer")
	return c
}

// ask declares the agent's prompt to a model and the model's completion.
func (f *fx) ask(agent, model *tm.Component, opts ...tm.FlowOption) *tm.Flow {
	c := f.call(agent, model, "Prompt", append([]tm.FlowOption{tm.AuthN(tm.APIKey), tm.Encoded(tm.NaturalLanguage)}, opts...)...)
	f.m.Response(c, "Completion")
	return c
}

// retrieve declares the agent's query to a store, which carries nothing,
// and the passages the store returns.
func (f *fx) retrieve(agent, store *tm.Component) {
	q := f.m.Flow(agent, store, "Retrieve", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.IAMSignature))
	f.m.Response(q, "Passages", tm.Carries(f.record), tm.Encoded(tm.NaturalLanguage))
}

// internalBrief has an unreachable operations job send the agent its work
// in natural language.
func (f *fx) internalBrief(agent *tm.Component) {
	f.call(f.m.Process("Scheduler", f.ops, tm.Is(tm.Job)), agent, "Brief", tm.Encoded(tm.NaturalLanguage))
}

// kb declares a vector store that an internet-facing API writes to (or,
// when internal, only an operations job) and the agent reads.
func (f *fx) kb(internal bool, opts ...tm.ComponentOption) (api, kb *tm.Component) {
	kb = f.m.DataStore("KB", f.data, append([]tm.ComponentOption{tm.Is(tm.VectorStore)}, opts...)...)
	if internal {
		api = f.m.Process("Job", f.ops, tm.Is(tm.Job))
	} else {
		api = f.api()
		f.call(f.user(), api, "Submit", tm.AuthN(tm.JWT))
	}
	return api, kb
}

// hostedPromptCase is the case of a rule about the agent's prompt to a
// model a vendor hosts: it derives its threat on that prompt (trigger),
// not on a prompt to a model the system serves itself (quiet), and the
// control on the agent, the sender, closes it (closed).
func hostedPromptCase(id string, closing tm.Control) ruleCase {
	return ruleCase{
		id:      id,
		trigger: func() *tm.Model { f := newFx(); f.ask(f.agent(), f.hostedModel()); return f.m },
		want:    []string{id + "@Agent → Model: Prompt"},
		quiet: func() *tm.Model {
			f := newFx()
			f.ask(f.agent(), f.m.Process("Model", f.app, tm.Is(tm.LLM), tm.Accepts(tm.NaturalLanguage)))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.ask(f.agent(tm.Controls(closing)), f.hostedModel())
			return f.m
		},
	}
}

// aiCases test the rules about AI components (rules_ai.go).
var aiCases = []ruleCase{
	{
		id: "TW-S-301",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.agent(), f.tools(), "Refund", tm.AuthN(tm.NoAuthentication))
			return f.m
		},
		want: []string{"TW-S-301@Agent → Tools: Refund"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.agent(), f.api(), "Refund", tm.AuthN(tm.NoAuthentication))
			return f.m
		},
		closed: func() *tm.Model { f := newFx(); f.call(f.agent(), f.tools(), "Refund"); return f.m },
	},
	{
		id:      "TW-T-301",
		trigger: func() *tm.Model { f := newFx(); f.chat(f.agent()); return f.m },
		want:    []string{"TW-T-301@User → Agent: Chat"},
		quiet: func() *tm.Model {
			f := newFx()
			a := f.agent()
			f.chatIn(a, tm.JSON)
			f.internalBrief(a)
			return f.m
		},
		closed: func() *tm.Model { f := newFx(); f.chat(f.agent(tm.Controls(tm.ContentFiltering))); return f.m },
	},
	{
		id:      "TW-T-302",
		trigger: func() *tm.Model { f := newFx(); f.ask(f.agent(), f.hostedModel()); return f.m },
		want:    []string{"TW-T-302@Agent"},
		quiet: func() *tm.Model {
			f := newFx()
			f.m.Response(f.call(f.api(), f.m.ExternalEntity("Payments", f.internet, tm.Is(tm.ThirdPartyService)), "Charge"), "Receipt")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.ask(f.agent(tm.Controls(tm.OutputValidation)), f.hostedModel())
			return f.m
		},
	},
	{
		id:      "TW-T-303",
		trigger: func() *tm.Model { f := newFx(); f.m.DataStore("Weights", f.data, tm.Is(tm.ModelArtifact)); return f.m },
		want:    []string{"TW-T-303@Weights"},
		quiet:   func() *tm.Model { f := newFx(); f.m.DataStore("Weights", f.data, tm.Is(tm.ObjectStorage)); return f.m },
		closed: func() *tm.Model {
			f := newFx()
			f.m.DataStore("Weights", f.data, tm.Is(tm.ModelArtifact), tm.Controls(tm.SignedArtifacts))
			return f.m
		},
	},
	{
		id: "TW-T-304",
		trigger: func() *tm.Model {
			f := newFx()
			api, kb := f.kb(false)
			f.call(api, kb, "Index", tm.Encoded(tm.NaturalLanguage))
			f.retrieve(f.agent(), kb)
			return f.m
		},
		want: []string{"TW-T-304@API → KB: Index"},
		quiet: func() *tm.Model {
			f := newFx()
			job, kb := f.kb(true)
			f.call(job, kb, "Index", tm.Encoded(tm.NaturalLanguage))
			f.retrieve(f.agent(), kb)
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			api, kb := f.kb(false)
			f.call(api, kb, "Index", tm.Encoded(tm.NaturalLanguage), tm.Controls(tm.ContentFiltering))
			f.retrieve(f.agent(), kb)
			return f.m
		},
	},
	{
		id: "TW-T-305",
		trigger: func() *tm.Model {
			f := newFx()
			a := f.agent()
			f.chat(a)
			f.ask(a, f.hostedModel())
			return f.m
		},
		want: []string{"TW-T-305@Agent"},
		quiet: func() *tm.Model {
			f := newFx()
			a := f.agent()
			f.internalBrief(a)
			f.ask(a, f.hostedModel())
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			a := f.agent(tm.Controls(tm.HumanApproval))
			f.chat(a)
			f.ask(a, f.hostedModel())
			return f.m
		},
	},
	{
		id: "TW-T-307",
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.m.Process("Planner", f.app, tm.Is(tm.Agent)), f.agent(), "Task")
			return f.m
		},
		want: []string{"TW-T-307@Planner → Agent: Task"},
		quiet: func() *tm.Model {
			f := newFx()
			f.call(f.m.Process("Planner", f.app, tm.Is(tm.Service)), f.agent(), "Task")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.m.Process("Planner", f.app, tm.Is(tm.Agent)), f.agent(tm.Controls(tm.OutputValidation)), "Task")
			return f.m
		},
	},
	hostedPromptCase("TW-T-306", tm.DependencyPinning),
	hostedPromptCase("TW-I-301", tm.DataMasking),
	{
		id:      "TW-I-302",
		trigger: func() *tm.Model { f := newFx(); f.chat(f.agent()); return f.m },
		want:    []string{"TW-I-302@Agent"},
		quiet:   func() *tm.Model { f := newFx(); f.chatIn(f.agent(), tm.JSON); return f.m },
		closed:  func() *tm.Model { f := newFx(); f.chat(f.agent(tm.Controls(tm.ContentFiltering))); return f.m },
	},
	{
		id: "TW-I-303",
		trigger: func() *tm.Model {
			f := newFx()
			a := f.agent()
			f.chat(a)
			f.retrieve(a, f.m.DataStore("KB", f.data, tm.Is(tm.VectorStore), tm.Stores(f.record)))
			return f.m
		},
		want: []string{"TW-I-303@KB"},
		quiet: func() *tm.Model {
			f := newFx()
			a := f.agent()
			f.chat(a)
			help := f.m.DataAsset("Help articles", tm.Classified(tm.Public))
			f.retrieve(a, f.m.DataStore("KB", f.data, tm.Is(tm.VectorStore), tm.Stores(help)))
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			a := f.agent()
			f.chat(a)
			f.retrieve(a, f.m.DataStore("KB", f.data, tm.Is(tm.VectorStore), tm.Stores(f.record), tm.Controls(tm.Authorization)))
			return f.m
		},
	},
	{
		id:      "TW-D-301",
		trigger: func() *tm.Model { f := newFx(); f.chat(f.agent()); return f.m },
		want:    []string{"TW-D-301@Agent"},
		quiet:   func() *tm.Model { f := newFx(); f.internalBrief(f.agent()); return f.m },
		closed:  func() *tm.Model { f := newFx(); f.chat(f.agent(tm.Controls(tm.TokenLimits))); return f.m },
	},
	{
		id:      "TW-R-301",
		trigger: func() *tm.Model { f := newFx(); f.call(f.agent(), f.tools(), "Refund"); return f.m },
		want:    []string{"TW-R-301@Agent"},
		quiet:   func() *tm.Model { f := newFx(); f.ask(f.agent(), f.hostedModel()); return f.m },
		closed: func() *tm.Model {
			f := newFx()
			a := f.agent(tm.Controls(tm.AuditLogging))
			f.call(a, f.tools(), "Refund")
			f.call(a, f.logs(), "Audit events")
			return f.m
		},
	},
	{
		id: "TW-E-301",
		trigger: func() *tm.Model {
			f := newFx()
			a := f.agent()
			f.chat(a)
			f.call(a, f.tools(), "Refund")
			return f.m
		},
		want: []string{"TW-E-301@Agent → Tools: Refund"},
		quiet: func() *tm.Model {
			f := newFx()
			a := f.agent()
			f.internalBrief(a)
			f.call(a, f.tools(), "Refund")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			a := f.agent()
			f.chat(a)
			f.call(a, f.tools(), "Refund", tm.Controls(tm.HumanApproval))
			return f.m
		},
	},
	{
		id: "TW-E-303",
		trigger: func() *tm.Model {
			f := newFx()
			a := f.agent()
			f.chat(a)
			f.call(a, f.tools(tm.Controls(tm.HumanApproval)), "Refund")
			return f.m
		},
		want: []string{"TW-E-303@Agent → Tools: Refund"},
		quiet: func() *tm.Model {
			f := newFx()
			a := f.agent()
			f.chat(a)
			f.call(a, f.tools(), "Refund")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			a := f.agent()
			f.chat(a)
			f.call(a, f.tools(tm.Controls(tm.HumanApproval, tm.RateLimiting)), "Refund")
			return f.m
		},
	},
	{
		id:      "TW-E-302",
		trigger: func() *tm.Model { f := newFx(); f.call(f.agent(), f.tools(), "Refund"); return f.m },
		want:    []string{"TW-E-302@Agent → Tools: Refund"},
		quiet:   func() *tm.Model { f := newFx(); f.call(f.agent(), f.api(), "Refund"); return f.m },
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.agent(tm.Controls(tm.ToolAllowlist)), f.tools(), "Refund")
			return f.m
		},
	},
}

// TestHijackedAgentActsForTheUser: a tool call that relays the person's
// own OAuth 2.0 token to a tool that authorizes each object closes
// TW-E-301 by its properties; the agent's own identity (an IAM
// signature) does not, nor does the user's token to a tool that does not
// authorize objects.
func TestHijackedAgentActsForTheUser(t *testing.T) {
	for _, tc := range []struct {
		name  string
		auth  tm.AuthScheme
		authz bool
		want  stride.Status
	}{
		{"user token, authorized", tm.OAuth2, true, stride.Mitigated},
		{"agent identity, authorized", tm.IAMSignature, true, stride.Open},
		{"user token, no authorization", tm.OAuth2, false, stride.Open},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFx()
			a := f.agent()
			f.chat(a)
			var opts []tm.ComponentOption
			if tc.authz {
				opts = append(opts, tm.Controls(tm.Authorization))
			}
			f.call(a, f.tools(opts...), "Look up order", tm.AuthN(tc.auth))
			r := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-E-301")))
			th, ok := r.Threat("TW-E-301@Agent → Tools: Look up order")
			if !ok {
				t.Fatalf("no TW-E-301 threat; have %v", byRule(r, "TW-E-301"))
			}
			if th.Status != tc.want {
				t.Errorf("status %v, want %v (evidence %v)", th.Status, tc.want, th.Evidence)
			}
		})
	}
}

// TestPromptInjectionFollowsTheContent: a retrieval store that an
// internet-facing API writes brings untrusted content to the agent that
// reads it, though no person talks to the agent; a store that only an
// operations job writes does not.
func TestPromptInjectionFollowsTheContent(t *testing.T) {
	for _, internal := range []bool{false, true} {
		f := newFx()
		writer, kb := f.kb(internal, tm.Stores(f.record))
		f.call(writer, kb, "Index", tm.Encoded(tm.NaturalLanguage))
		a := f.agent()
		f.internalBrief(a)
		f.retrieve(a, kb)
		r := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-T-301")))
		got := byRule(r, "TW-T-301")
		var want []string
		if !internal {
			want = []string{"TW-T-301@KB → Agent: Passages"}
		}
		if !slices.Equal(got, want) {
			t.Errorf("store written from the internet = %v: TW-T-301 threats %q, want %q", !internal, got, want)
		}
	}
}

// TestAIRulesCiteOWASP: every rule about AI components cites OWASP, and
// the catalog covers LLM01 to LLM10 of the 2025 Top 10.
func TestAIRulesCiteOWASP(t *testing.T) {
	cited := make(map[string]bool)
	for _, r := range stride.Rules() {
		for _, ref := range r.OWASP {
			cited[ref] = true
		}
	}
	for _, id := range aiRuleIDs() {
		if len(ruleByID(t, id).OWASP) == 0 {
			t.Errorf("%s cites no OWASP entry", id)
		}
	}
	for i := 1; i <= 10; i++ {
		if id := fmt.Sprintf("LLM%02d:2025", i); !cited[id] {
			t.Errorf("no rule cites %s", id)
		}
	}
}

// TestAIRulesQuietWithoutAI: the examples that have no AI component get
// no threat from the rules about AI components.
func TestAIRulesQuietWithoutAI(t *testing.T) {
	var ids []stride.Rule
	for _, c := range aiCases {
		ids = append(ids, ruleByID(t, c.id))
	}
	for name, m := range map[string]*tm.Model{"serverless": serverless.Model(), "platform": platform.Model()} {
		r := analyze(t, m, stride.OnlyRules(ids...))
		for _, th := range r.Threats {
			if th.RuleID != "" {
				t.Errorf("%s: the AI rules derived %s, want nothing", name, th.ID)
			}
		}
	}
}

// TestAIRulesNeverPanic runs the rules about AI components over the odd
// model (every unusual value a valid model may hold), an empty one and a
// large synthetic one, none of which has an AI component: they run, and
// derive nothing there.
func TestAIRulesNeverPanic(t *testing.T) {
	var rules []stride.Rule
	for _, c := range aiCases {
		rules = append(rules, ruleByID(t, c.id))
	}
	only := stride.OnlyRules(rules...)
	for _, m := range []*tm.Model{oddModel(), tm.New("Empty"), synth.Model(500)} {
		for _, th := range analyze(t, m, only).Threats {
			if th.RuleID != "" {
				t.Errorf("%s: derived %s on a model without AI components", m.Name(), th.ID)
			}
		}
	}
}

// aiRuleIDs returns the IDs of the rules about AI components.
func aiRuleIDs() []string {
	var out []string
	for _, c := range aiCases {
		out = append(out, c.id)
	}
	return out
}

// TestEachAIClassHasRules: each AI element class (a model, an agent, a
// tool server, a vector store, a model artifact, untrusted natural
// language) makes its rules fire, and the same model with the class
// replaced by its ordinary counterpart gets none of those threats.
func TestEachAIClassHasRules(t *testing.T) {
	for _, tc := range []struct {
		class string
		model func(ai bool) *tm.Model
		want  []string
	}{
		{"LLM", func(ai bool) *tm.Model {
			f := newFx()
			types := []tm.ComponentType{tm.ThirdPartyService}
			if ai {
				types = append(types, tm.LLM)
			}
			dst := f.m.ExternalEntity("Model", f.internet, tm.Is(types...))
			f.m.Response(f.call(f.api(), dst, "Prompt"), "Completion")
			return f.m
		}, []string{"TW-T-302@API", "TW-T-306@API → Model: Prompt", "TW-I-301@API → Model: Prompt"}},
		{"Agent", func(ai bool) *tm.Model {
			f := newFx()
			typ := tm.Service
			if ai {
				typ = tm.Agent
			}
			a := f.m.Process("Agent", f.app, tm.Is(typ), tm.Accepts(tm.NaturalLanguage))
			f.chat(a)
			f.call(a, f.api(), "Cancel order")
			return f.m
		}, []string{"TW-T-301@User → Agent: Chat", "TW-T-305@Agent", "TW-I-302@Agent", "TW-D-301@Agent",
			"TW-R-301@Agent", "TW-E-301@Agent → API: Cancel order"}},
		{"Tool server", func(ai bool) *tm.Model {
			f := newFx()
			typ := tm.Service
			if ai {
				typ = tm.ToolServer
			}
			f.call(f.m.Process("Planner", f.ops, tm.Is(tm.Agent)), f.m.Process("Tools", f.app, tm.Is(typ)), "Call tool")
			return f.m
		}, []string{"TW-E-302@Planner → Tools: Call tool"}},
		{"Vector store", func(ai bool) *tm.Model {
			f := newFx()
			typ := tm.Database
			if ai {
				typ = tm.VectorStore
			}
			api := f.api()
			f.call(f.user(), api, "Submit", tm.AuthN(tm.JWT))
			f.call(api, f.m.DataStore("Index", f.data, tm.Is(typ), tm.Stores(f.record)), "Index", tm.Encoded(tm.NaturalLanguage))
			return f.m
		}, []string{"TW-T-304@API → Index: Index", "TW-I-303@Index"}},
		{"Model artifact", func(ai bool) *tm.Model {
			f := newFx()
			typ := tm.ObjectStorage
			if ai {
				typ = tm.ModelArtifact
			}
			f.m.DataStore("Weights", f.data, tm.Is(typ))
			return f.m
		}, []string{"TW-T-303@Weights"}},
		{"Untrusted natural language", func(ai bool) *tm.Model {
			f := newFx()
			format := tm.JSON
			if ai {
				format = tm.NaturalLanguage
			}
			f.chatIn(f.m.Process("Agent", f.app, tm.Is(tm.Agent)), format)
			return f.m
		}, []string{"TW-T-301@User → Agent: Chat", "TW-I-302@Agent"}},
	} {
		t.Run(tc.class, func(t *testing.T) {
			var rules []stride.Rule
			for _, id := range aiRuleIDs() {
				rules = append(rules, ruleByID(t, id))
			}
			only := stride.OnlyRules(rules...)
			r := analyze(t, tc.model(true), only)
			for _, id := range tc.want {
				if _, ok := r.Threat(id); !ok {
					var got []string
					for _, th := range r.Threats {
						got = append(got, th.ID)
					}
					t.Errorf("with the class: no %s; got %q", id, got)
				}
			}
			without := tc.model(false)
			for _, th := range analyze(t, without, only).Threats {
				if slices.Contains(tc.want, th.ID) {
					t.Errorf("without the class: %s derived", th.ID)
				}
			}
		})
	}
}
