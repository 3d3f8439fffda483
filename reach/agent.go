package reach

import (
	"cmp"
	"slices"
	"strings"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// This file computes an agent's excessive agency: what a hijacked agent
// reaches through the tools it calls.

// AgentReach is what an agent (threatmodel.Agent) can do on its own
// judgement, and so what a prompt injection that hijacks it can do: the
// tools it calls, what each reaches with the identities it acts as, and,
// in its BlastRadius, the union of what the agent's own roles reach and
// what the tools it calls without a person's approval reach. Narrowing a
// tool's role, removing a tool, or requiring approval on a tool call
// shrinks it.
type AgentReach struct {
	// Agent is the agent.
	Agent *tm.Component
	// Injection are the flows into the agent that bring natural language
	// (threatmodel.NaturalLanguage) an attacker can write: from outside
	// the system (an external entity other than a model or a person in a
	// trusted zone, a third-party service, a component in an untrusted
	// zone), from a process that passes on what an outsider sent, or from
	// a data store that such a source, other than the agent itself, writes
	// natural language into. When there is one, a prompt injection can hijack
	// the agent: Hijackable. By flow key.
	Injection []*tm.Flow
	// Tools are the agent's tool calls, by flow key.
	Tools []ToolReach
	// BlastRadius is what the hijacked agent reaches without anyone's
	// approval: its own roles and secrets, the tools it calls without
	// human approval, and the assets its flows and theirs carry.
	BlastRadius
}

// Hijackable reports whether content an attacker writes reaches the agent.
func (r *AgentReach) Hijackable() bool { return len(r.Injection) > 0 }

// ToolReach is one tool an agent calls: a request from the agent to a
// process or an external service that is not a model (threatmodel.LLM).
// The tool acts with its own identity on the agent's request, and so do the
// processes it calls in turn with an identity they trust (see Call.Pivot):
// its BlastRadius is what their roles and secrets reach, and the assets the
// calls and their replies carry.
type ToolReach struct {
	// Flow is the agent's call, and Tool its destination.
	Flow *tm.Flow
	Tool *tm.Component
	// Chain are the processes that act on the call: the tool, then those it
	// calls in turn with an identity they trust, each once, by name after
	// the tool.
	Chain []*tm.Component
	// Roles are the roles they act as, by name.
	Roles []*tm.Role
	// Approval is true when a person approves each call before it runs:
	// the HumanApproval control on the flow or on the tool. The tool's
	// reach is then left out of the agent's BlastRadius.
	Approval bool
	// OwnRecords is true when the call relays the person's own credential
	// (a password, session, JWT or OAuth 2.0 token) and the tool authorizes
	// each object (threatmodel.Authorization): the tool then acts for the
	// person in the conversation, within what that person may do.
	OwnRecords bool
	BlastRadius
}

// agentReaches computes the reach of every agent, by name.
func (a *analyzer) agentReaches() []AgentReach {
	x := a.x
	var out []AgentReach
	var outsiders map[*tm.Component]bool
	for _, ci := range x.byName {
		c := x.comps[ci]
		if !c.IsA(tm.Agent) || c.Kind() != tm.Process {
			continue
		}
		if outsiders == nil {
			outsiders = a.fedFromOutside()
		}
		ar := AgentReach{Agent: c, Injection: a.injection(ci, outsiders)}
		a.noteInjection(ar)
		bounds := a.zonesOf(c)
		starts := a.starts(ci)
		held := a.carried(ci, slices.DeleteFunc(slices.Clone(x.out[ci]), isToolCall),
			slices.DeleteFunc(slices.Clone(x.in[ci]), func(f *tm.Flow) bool { return isToolCall(f.ResponseTo()) }))
		for _, f := range x.out[ci] {
			if !isToolCall(f) {
				continue
			}
			tr := a.toolReach(f, bounds)
			if !tr.Approval {
				for _, p := range tr.Chain {
					starts = append(starts, a.starts(int32(p.Index()))...)
				}
				held = append(held, a.chainCarried(f, tr.Chain)...)
			}
			ar.Tools = append(ar.Tools, tr)
		}
		order, _ := a.closure(starts, -1)
		ar.BlastRadius = a.blast(a.merge(sortHeld(held), order), order, bounds)
		out = append(out, ar)
	}
	return out
}

// toolReach computes what the agent's tool call f reaches.
func (a *analyzer) toolReach(f *tm.Flow, bounds []*tm.Zone) ToolReach {
	tool := f.Destination()
	tr := ToolReach{Flow: f, Tool: tool, Chain: a.toolChain(tool),
		Approval:   approved(f),
		OwnRecords: personCredential(f.Authentication()) && tool.Has(tm.Authorization)}
	var starts []int32
	for _, p := range tr.Chain {
		starts = append(starts, a.starts(int32(p.Index()))...)
	}
	order, n := a.closure(starts, -1)
	roles, _, _ := a.split(order[:n], -1)
	tr.Roles = roles
	tr.BlastRadius = a.blast(a.merge(sortHeld(a.chainCarried(f, tr.Chain)), order), order, bounds)
	return tr
}

// toolChain returns the processes that act on a call to tool: the tool,
// then every process it calls in turn, transitively, over requests whose
// destination trusts the caller's identity (see Call.Pivot); the tool
// first, the others by name. An external tool is its own chain.
func (a *analyzer) toolChain(tool *tm.Component) []*tm.Component {
	x := a.x
	chain := []*tm.Component{tool}
	if tool.Kind() != tm.Process || !x.has(tool) {
		return chain
	}
	seen := map[*tm.Component]bool{tool: true}
	for i := 0; i < len(chain); i++ {
		for _, f := range x.out[chain[i].Index()] {
			d := f.Destination()
			if f.ResponseTo() != nil || d == nil || seen[d] || !x.has(d) || d.Kind() != tm.Process || !pivot(f.Authentication()) {
				continue
			}
			seen[d] = true
			chain = append(chain, d)
		}
	}
	slices.SortFunc(chain[1:], func(p, q *tm.Component) int { return strings.Compare(p.Name(), q.Name()) })
	return chain
}

// chainCarried returns the assets the call f and the requests of its chain
// carry (written) and their replies carry (read), as held by design.
func (a *analyzer) chainCarried(f *tm.Flow, chain []*tm.Component) []entry {
	x := a.x
	out := a.carried(int32(f.Source().Index()), []*tm.Flow{f}, f.Responses())
	for _, p := range chain {
		if p.Kind() == tm.Process && x.has(p) {
			out = append(out, a.carried(int32(p.Index()), x.out[p.Index()], nil)...)
		}
	}
	return out
}

// carried returns the assets the flows carry, as held by component ci by
// design: written where it sends a request, read where a reply or a
// flow comes back to it.
func (a *analyzer) carried(ci int32, out, in []*tm.Flow) []entry {
	x := a.x
	var es []entry
	note := func(f *tm.Flow, acc tm.Access) {
		for _, as := range carried(f) {
			if t, ok := x.tid[as]; ok {
				es = append(es, entry{t: t, through: x.compTID[ci], access: acc, designed: acc, from: -1})
			}
		}
	}
	for _, f := range out {
		acc := tm.Write
		if f.ResponseTo() != nil {
			acc = tm.Read // a reply the component sends gives what it read
		}
		note(f, acc)
	}
	for _, f := range in {
		note(f, tm.Read)
	}
	return es
}

// sortHeld sorts entries by target and merges those of one target.
func sortHeld(es []entry) []entry {
	slices.SortStableFunc(es, func(p, q entry) int { return cmp.Compare(p.t, q.t) })
	k := 0
	for _, e := range es {
		if k > 0 && es[k-1].t == e.t {
			es[k-1].access |= e.access
			es[k-1].designed |= e.designed
			continue
		}
		es[k] = e
		k++
	}
	return es[:k]
}

// isToolCall reports whether the flow is a tool call of an agent (see
// ToolReach).
func isToolCall(f *tm.Flow) bool {
	if f == nil {
		return false
	}
	s, d := f.Source(), f.Destination()
	return f.ResponseTo() == nil && s != nil && s.IsA(tm.Agent) && d != nil &&
		d.Kind() != tm.DataStore && !d.IsA(tm.LLM)
}

// writesLanguage reports whether the flow puts natural language into its
// destination: a request that brings threatmodel.NaturalLanguage.
func writesLanguage(f *tm.Flow) bool {
	return f.ResponseTo() == nil && slices.Contains(f.Brings(), tm.NaturalLanguage)
}

// approved reports whether a person approves each call of the agent over
// the request f before it runs: the HumanApproval control on the flow or
// on its destination.
func approved(f *tm.Flow) bool {
	s, d := f.Source(), f.Destination()
	return f.ResponseTo() == nil && s != nil && s.IsA(tm.Agent) && d != nil &&
		(f.Has(tm.HumanApproval) || d.Has(tm.HumanApproval))
}

// personCredential reports whether the scheme is a credential a person
// holds and the caller only relays.
func personCredential(s tm.AuthScheme) bool { return !pivot(s) }

// outside reports whether what the component writes comes from outside
// the system: an external entity other than a person in a trusted zone (a
// member of staff), a third-party service, or a component in an untrusted
// zone.
func outside(c *tm.Component) bool {
	trusted := c.Zone() != nil && c.Zone().Trust() >= tm.Trusted
	return c.Kind() == tm.ExternalEntity && !(c.IsA(tm.Human) && trusted) || c.IsA(tm.ThirdPartyService) ||
		c.Zone() != nil && c.Zone().Trust() <= tm.Untrusted
}

// fedFromOutside returns the processes and data stores that content an
// outsider writes reaches: from every component outside the system (see
// outside; not a model), over every flow, requests and replies, into a
// process, which passes it on; into a data store only over a request that
// brings it natural language (see writesLanguage). What a model sends is left out: its output is
// not an outsider's text. Each component is visited once.
func (a *analyzer) fedFromOutside() map[*tm.Component]bool {
	x := a.x
	seen := make(map[*tm.Component]bool)
	var queue []*tm.Component
	for _, c := range x.comps {
		if outside(c) && !c.IsA(tm.LLM) {
			seen[c] = true
			queue = append(queue, c)
		}
	}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c.IsA(tm.LLM) {
			continue
		}
		for _, f := range x.out[c.Index()] {
			d := f.Destination()
			if d == nil || !x.has(d) || seen[d] || d.Kind() == tm.ExternalEntity ||
				d.Kind() == tm.DataStore && !writesLanguage(f) {
				continue
			}
			seen[d] = true
			queue = append(queue, d)
		}
	}
	return seen
}

// injection returns the flows into agent ci that bring natural language an
// attacker can write (see AgentReach.Injection).
func (a *analyzer) injection(ci int32, fed map[*tm.Component]bool) []*tm.Flow {
	x := a.x
	agent := x.comps[ci]
	writable := func(src *tm.Component) bool {
		return outside(src) && !src.IsA(tm.LLM) || src.Kind() == tm.Process && fed[src] && !src.IsA(tm.LLM)
	}
	var out []*tm.Flow
	for _, f := range x.in[ci] {
		src := f.Source()
		if src == nil || src.IsA(tm.LLM) || !slices.Contains(f.Brings(), tm.NaturalLanguage) {
			continue
		}
		ok := writable(src)
		if src.Kind() == tm.DataStore {
			for _, w := range x.in[src.Index()] {
				if ws := w.Source(); writesLanguage(w) && ws != nil && ws != agent && writable(ws) {
					ok = true
				}
			}
		}
		if ok {
			out = append(out, f)
		}
	}
	return out
}

// Agent returns the reach of an agent, or nil for a component that is not
// an agent of the model.
func (r *Result) Agent(c *tm.Component) *AgentReach {
	if r == nil {
		return nil
	}
	i, ok := slices.BinarySearchFunc(r.Agents, c, func(ar AgentReach, c *tm.Component) int {
		return strings.Compare(ar.Agent.Name(), c.Name())
	})
	if !ok || r.Agents[i].Agent != c {
		return nil
	}
	return &r.Agents[i]
}

// noteInjection records, for the attack paths, that the agent can be
// hijacked and through which flows from stores.
func (a *analyzer) noteInjection(ar AgentReach) {
	if !ar.Hijackable() {
		return
	}
	if a.hijack == nil {
		a.hijack = make(map[*tm.Component]bool)
		a.poison = make(map[*tm.Flow]bool)
	}
	a.hijack[ar.Agent] = true
	for _, f := range ar.Injection {
		if f.Source().Kind() == tm.DataStore {
			a.poison[f] = true
		}
	}
}

// addPoisoned adds the steps by which what the attacker wrote into data
// store ci reaches the agents that retrieve it into their context.
func (g *attackGraph) addPoisoned(ci int) {
	x := g.a.x
	c := x.comps[ci]
	for _, f := range x.out[ci] {
		d := f.Destination()
		if !g.a.poison[f] || d == nil || !x.has(d) {
			continue
		}
		g.add(g.reachNode(ci), g.reachNode(d.Index()),
			Step{Kind: StepEnter, From: c, To: d, Flow: f, Weakness: PoisonedContent, Likelihood: tm.Medium})
	}
}
