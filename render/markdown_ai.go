package render

import (
	"slices"
	"strings"

	"github.com/threatwright/threatwright/internal/escape"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// This file writes the AI Components section: the models, agents, tool
// servers, retrieval stores and model artifacts, where each is hosted and
// what it reads, each agent's tools with the roles they act as and what
// they reach, and the open threats about AI components. A model without
// AI components has no such section.

// aiTypes are the component types the section is about.
var aiTypes = []threatmodel.ComponentType{threatmodel.LLM, threatmodel.Agent, threatmodel.ToolServer,
	threatmodel.VectorStore, threatmodel.ModelArtifact}

// isAI reports whether the component is of one of the AI types.
func isAI(c *threatmodel.Component) bool {
	return slices.ContainsFunc(aiTypes, c.IsA)
}

// aiComponents writes the AI Components section when the model has an AI
// component.
func (w *mdWriter) aiComponents() {
	var comps []*threatmodel.Component
	for _, c := range w.m.Components() {
		if isAI(c) {
			comps = append(comps, c)
		}
	}
	if len(comps) == 0 {
		return
	}
	w.heading(2, "AI Components")
	w.para("Models, agents, tool servers, retrieval stores and model artifacts; what each reads, and from where. " +
		"Natural language that an attacker can write is where a prompt injection comes in (OWASP LLM01:2025).")
	var rows [][]string
	for _, c := range comps {
		rows = append(rows, []string{c.Name(), kindAndTypes(c), hosting(c), w.aiInput(c),
			controlsText(c.Controls(), c.ControlSources(0))})
	}
	w.table([]string{"Component", "Kind", "Hosting", "Reads", "Controls"}, rows)
	for _, c := range comps {
		if c.IsA(threatmodel.Agent) && c.Kind() == threatmodel.Process {
			w.agentTools(c)
		}
	}
	w.openAIThreats()
}

// hosting says who runs a component: a vendor (an external entity, a
// third-party service, a provider-managed service) or the system, in its
// zone.
func hosting(c *threatmodel.Component) string {
	switch {
	case c.Kind() == threatmodel.ExternalEntity || c.IsA(threatmodel.ThirdPartyService):
		return "Third party, in " + zoneName(c.Zone())
	case c.ProviderManaged():
		return "Provider-managed, in " + zoneName(c.Zone())
	}
	return "Self-hosted, in " + zoneName(c.Zone())
}

// aiInput states what flows bring the component in natural language, and,
// for an agent, which of them an attacker can write.
func (w *mdWriter) aiInput(c *threatmodel.Component) string {
	var from []string
	for _, f := range c.Incoming() {
		if slices.Contains(f.Brings(), threatmodel.NaturalLanguage) && f.Source() != nil {
			from = append(from, endName(f.Source())+" ("+f.Name()+")")
		}
	}
	s := "natural language from " + strings.Join(from, ", ")
	if len(from) == 0 {
		s = ""
	}
	if ar := w.d.Reach.Agent(c); ar != nil {
		if ar.Hijackable() {
			s += ". Untrusted: " + flowNames(ar.Injection)
		} else if s != "" {
			s += ". None of it is written by an attacker"
		}
	}
	return s
}

// agentTools writes an agent's tools: the roles each acts as, whether a
// person approves it, and what it reaches; then what the agent reaches on
// its own judgement.
func (w *mdWriter) agentTools(c *threatmodel.Component) {
	w.heading(3, "Agent: "+escape.MarkdownInline(c.Name()))
	ar := w.d.Reach.Agent(c)
	if ar == nil {
		w.note("Tool reach not analysed.")
		return
	}
	var rows [][]string
	for _, t := range ar.Tools {
		approval := "no"
		if t.Approval {
			approval = "yes"
		}
		acts := joinNames(t.Roles)
		if t.OwnRecords {
			acts = strings.TrimPrefix(acts+"; acts for the person in the conversation (their credential, each object authorized)", "; ")
		}
		rows = append(rows, []string{t.Flow.Name(), endName(t.Tool), joinNames(t.Chain[1:]), acts, approval,
			blastText(&t.BlastRadius, nil)})
	}
	if len(rows) == 0 {
		w.note("The agent calls no tools.")
	} else {
		w.table([]string{"Tool call", "Tool", "Calls in turn", "Acts as", "Human approval", "Reaches"}, rows)
	}
	who := "A hijacked " + c.Name()
	if !ar.Hijackable() {
		who = "Were it hijacked, " + c.Name()
		w.para("No natural language an attacker writes reaches " + c.Name() + ".")
	}
	w.para(who + ", without anyone's approval, can " +
		strings.TrimSuffix(strings.TrimPrefix(blastText(&ar.BlastRadius, nil), "Can "), ".") + ".")
}

// openAIThreats lists the threats citing OWASP's AI lists that are not
// mitigated: open, or accepted as residual risk.
func (w *mdWriter) openAIThreats() {
	var rows [][]string
	for i := range w.d.Threats.Threats {
		t := &w.d.Threats.Threats[i]
		if t.Status == stride.Mitigated || !slices.ContainsFunc(t.OWASP, aiReference) {
			continue
		}
		rows = append(rows, []string{t.SubjectName(), t.Title, t.Status.String(), riskText(t),
			"OWASP " + strings.Join(t.OWASP, ", OWASP "), t.ID})
	}
	w.heading(3, "AI threats not mitigated")
	if len(rows) == 0 {
		w.note("Every threat about the AI components is mitigated.")
		return
	}
	w.table([]string{"Where", "Threat", "Status", "Risk", "OWASP", "ID"}, rows)
}

// aiReference reports whether an OWASP reference is to the Top 10 for LLM
// Applications or the Agentic AI threats.
func aiReference(ref string) bool {
	return strings.HasPrefix(ref, "LLM") || strings.HasPrefix(ref, "Agentic ")
}
