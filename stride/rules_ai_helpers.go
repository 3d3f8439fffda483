package stride

import (
	"slices"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// Helpers of the rules about AI components (rules_ai.go). What they ask of
// each component and flow is worked out once per analysis, in one pass over
// the flows (aiFacts); a model without AI components and without natural
// language skips even that.

// aiFacts is what the rules about AI components ask, per component and per
// flow of the indexed model.
type aiFacts struct {
	// none is true when the model has no AI component and no flow brings
	// natural language: no rule about AI components can match.
	none bool
	// Per component index.
	usesModel, consumesOutput, toolCalls, readByModel []bool
	// language holds, per flow index, whether the flow brings natural
	// language (threatmodel.Flow.Brings).
	language []bool
}

// aiTypes are the component types of AI components.
var aiTypes = []tm.ComponentType{tm.LLM, tm.Agent, tm.ToolServer, tm.VectorStore, tm.ModelArtifact}

// aiFactsOf returns the facts of the indexed model, worked out on the
// first call.
func (ix *index) aiFactsOf() *aiFacts {
	if ix.ai != nil {
		return ix.ai
	}
	a := &aiFacts{none: true}
	ix.ai = a
	for _, c := range ix.comps {
		if slices.ContainsFunc(aiTypes, c.IsA) || c.Kind() == tm.Process && slices.Contains(c.Accepts(), tm.NaturalLanguage) {
			a.none = false
			break
		}
	}
	if a.none {
		for _, f := range ix.flows {
			if slices.Contains(f.Formats(), tm.NaturalLanguage) {
				a.none = false
				break
			}
		}
	}
	if a.none {
		return a
	}
	n := len(ix.comps)
	a.usesModel, a.consumesOutput = make([]bool, n), make([]bool, n)
	a.toolCalls, a.readByModel = make([]bool, n), make([]bool, n)
	a.language = make([]bool, len(ix.flows))
	for i, c := range ix.comps {
		a.usesModel[i] = c.Kind() == tm.Process && (c.IsA(tm.Agent) || c.IsA(tm.LLM))
		a.readByModel[i] = c.IsA(tm.VectorStore)
	}
	for i, f := range ix.flows {
		a.language[i] = slices.Contains(f.Brings(), tm.NaturalLanguage)
		s, d := f.Source(), f.Destination()
		if !ix.owns(s) || !ix.owns(d) {
			continue
		}
		if isRequest(f) && isModel(d) && s.Kind() == tm.Process {
			a.usesModel[s.Index()] = true
		}
		if isModel(s) && d.Kind() == tm.Process {
			a.consumesOutput[d.Index()] = true
		}
		if toolCall(f) {
			a.toolCalls[s.Index()] = true
		}
	}
	for _, f := range ix.flows {
		// A second pass: whether a store's reader puts a model to work
		// needs every process's usesModel first.
		s, d := f.Source(), f.Destination()
		if ix.owns(s) && ix.owns(d) && s.Kind() == tm.DataStore && a.usesModel[d.Index()] {
			a.readByModel[s.Index()] = true
		}
	}
	return a
}

// compFact returns the fact of the component in facts, false for a
// component of another model or when the model has no AI component.
func (ix *index) compFact(facts func(*aiFacts) []bool, c *tm.Component) bool {
	a := ix.aiFactsOf()
	return !a.none && ix.owns(c) && facts(a)[c.Index()]
}

func usesModelFacts(a *aiFacts) []bool      { return a.usesModel }
func consumesOutputFacts(a *aiFacts) []bool { return a.consumesOutput }
func toolCallFacts(a *aiFacts) []bool       { return a.toolCalls }
func readByModelFacts(a *aiFacts) []bool    { return a.readByModel }

// isModel reports whether the component is a model endpoint: a large
// language model or another generative model (threatmodel.LLM).
func isModel(c *tm.Component) bool { return c != nil && c.IsA(tm.LLM) }

// thirdPartyModel reports whether the component is a model that a vendor
// hosts: an LLM declared as an external entity, a third-party service or a
// provider-managed process. What is sent to it leaves the system.
func thirdPartyModel(c *tm.Component) bool {
	return isModel(c) && (c.Kind() == tm.ExternalEntity || c.IsA(tm.ThirdPartyService) || c.ProviderManaged())
}

// usesModel reports whether the process puts a model to work: an agent, a
// model the system serves itself, or a process that sends requests to a
// model.
func (t *Target) usesModel(c *tm.Component) bool { return t.ix.compFact(usesModelFacts, c) }

// consumesModelOutput reports whether a flow into the process comes from a
// model: a model's reply, or what a model sends it.
func (t *Target) consumesModelOutput(c *tm.Component) bool {
	return t.ix.compFact(consumesOutputFacts, c)
}

// hasToolCalls reports whether the agent makes at least one tool call.
func (t *Target) hasToolCalls(c *tm.Component) bool { return t.ix.compFact(toolCallFacts, c) }

// readByModel reports whether a model reads what the store holds: it is a
// vector store (threatmodel.VectorStore), which exists to be retrieved into
// a model's context, or a process that puts a model to work reads it (a
// reply from the store to it, or a flow from the store to it).
func (t *Target) readByModel(c *tm.Component) bool { return t.ix.compFact(readByModelFacts, c) }

// bringsLanguage reports whether the flow brings natural language to its
// destination (threatmodel.Flow.Brings).
func (t *Target) bringsLanguage(f *tm.Flow) bool {
	a := t.ix.aiFactsOf()
	return !a.none && t.ix.ownsFlow(f) && a.language[f.Index()]
}

// toolCall reports whether the flow is a tool call: a request from an agent
// to a process or an external service that is not a model. What the agent
// retrieves from a data store is its context, not a tool.
func toolCall(f *tm.Flow) bool {
	if !isRequest(f) || f.Source() == nil || !f.Source().IsA(tm.Agent) {
		return false
	}
	d := f.Destination()
	return d != nil && d.Kind() != tm.DataStore && !isModel(d)
}

// untrustedContent returns the flows into the process that bring it
// natural language (threatmodel.NaturalLanguage, by the flow's Encoded
// formats or else those the process Accepts) that someone outside the
// system can write: a flow from outside (an external entity other than a
// model or a member of staff, a third-party service, a component in an
// untrusted zone); from a process an attacker reaches, which passes their
// words on; or from a data store that such a source writes natural
// language into (a document store fed with customers' emails). The
// model's own replies are not among them: LLM05 is about them. A store
// that only the system's own staff and jobs write is trusted content, even
// when an attacker can query it through the process. Nil for a
// provider-managed process, whose provider runs it.
func (t *Target) untrustedContent(c *tm.Component) []*tm.Flow {
	if c == nil || c.Kind() != tm.Process || providerRuns(c) {
		return nil
	}
	var out []*tm.Flow
	for _, f := range incoming(c) {
		src := f.Source()
		if src == nil || isModel(src) || !t.bringsLanguage(f) {
			continue
		}
		if t.attackerWrites(src, c) {
			out = append(out, f)
		}
	}
	return out
}

// attackerWrites reports whether what src sends reader can be written by an
// attacker (see untrustedContent).
func (t *Target) attackerWrites(src, reader *tm.Component) bool {
	switch {
	case staff(src):
		return false
	case isOutside(src):
		return !isModel(src)
	case src.Kind() == tm.Process:
		return t.ix.exposure(src) > Unreachable
	case src.Kind() == tm.DataStore:
		for _, w := range incoming(src) {
			ws := w.Source()
			if !t.writesInto(w) || ws == nil || ws == reader {
				continue
			}
			if isOutside(ws) && !isModel(ws) && !staff(ws) || ws.Kind() == tm.Process && t.ix.exposure(ws) > Unreachable {
				return true
			}
		}
	}
	return false
}

// staff reports whether the component is a person in a trusted zone: what
// they write is the organisation's own content, not an outsider's.
func staff(c *tm.Component) bool {
	return c.Kind() == tm.ExternalEntity && c.IsA(tm.Human) && c.Zone() != nil && c.Zone().Trust() >= tm.Trusted
}

// steerable reports whether the target's component is a process that puts
// a model to work on content an attacker can write: a prompt injection
// steers it.
func (t *Target) steerable() bool {
	return t.usesModel(t.Component) && len(t.untrustedContent(t.Component)) > 0
}

// answersPeople reports whether the process sends what it produces to
// people: a flow to an external entity that is, or acts for, a person, or
// a reply to a request from outside or from a process an attacker reaches,
// which carries the answer back the way the question came.
func (t *Target) answersPeople(c *tm.Component) bool {
	for _, f := range outgoing(c) {
		d := f.Destination()
		switch {
		case d == nil:
		case isPerson(d):
			return true
		case f.ResponseTo() != nil && (isOutside(d) || d.Kind() == tm.Process && t.ix.exposure(d) > Unreachable):
			return true
		}
	}
	return false
}

// writesInto reports whether the flow puts natural language into its
// destination: a request encoded as threatmodel.NaturalLanguage. A query,
// or a request that states no such encoding, does not.
func (t *Target) writesInto(f *tm.Flow) bool { return isRequest(f) && t.bringsLanguage(f) }

// actsForTheUser is the evidence that a tool call acts with the person's
// own authority: it relays the person's credential (a password, session,
// JWT or OAuth 2.0 token, not the agent's own identity) and the tool
// authorizes each object against it, so a hijacked agent reaches only what
// that person may.
func actsForTheUser(t *Target) string {
	f := t.Flow
	if f == nil || !isPersonCredential(f.Authentication()) || !t.enforced(tm.Authorization, EnforcedAtReceiver) {
		return ""
	}
	return "the tool call relays the person's own credential (" + f.Authentication().String() +
		") and " + f.Destination().Name() + " authorizes each object"
}
