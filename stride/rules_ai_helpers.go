package stride

import (
	tm "github.com/threatwright/threatwright/threatmodel"
)

// Helpers of the rules about AI components (rules_ai.go). Each runs in time
// proportional to the degree of the component it looks at.

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
func usesModel(c *tm.Component) bool {
	if c == nil || c.Kind() != tm.Process {
		return false
	}
	if c.IsA(tm.Agent) || c.IsA(tm.LLM) {
		return true
	}
	for _, f := range c.Outgoing() {
		if isRequest(f) && isModel(f.Destination()) {
			return true
		}
	}
	return false
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

// hasToolCalls reports whether the agent makes at least one tool call.
func hasToolCalls(c *tm.Component) bool {
	if c == nil || !c.IsA(tm.Agent) {
		return false
	}
	for _, f := range c.Outgoing() {
		if toolCall(f) {
			return true
		}
	}
	return false
}

// untrustedContent returns the flows into the process that bring it
// natural language (threatmodel.NaturalLanguage, by the flow's Encoded
// formats or else those the process Accepts) that someone outside the
// system can write: a flow from outside (an external entity other than a
// model, a third-party service, a component in an untrusted zone); from a
// process an attacker reaches, which passes their words on; or from a data
// store that such a source writes to (a document store fed with customers'
// emails), written there by a request encoded as natural language. The model's own replies are not among them: LLM05 is about
// them. A store that only the system's own staff and jobs write is
// trusted content, even when an attacker can query it through the
// process. Nil for a provider-managed process, whose provider runs it.
func (t *Target) untrustedContent(c *tm.Component) []*tm.Flow {
	if c == nil || c.Kind() != tm.Process || providerRuns(c) {
		return nil
	}
	var out []*tm.Flow
	for _, f := range c.Incoming() {
		src := f.Source()
		if src == nil || isModel(src) || !bringsLanguage(f) {
			continue
		}
		if t.attackerWrites(src, c) {
			out = append(out, f)
		}
	}
	return out
}

// bringsLanguage reports whether the flow brings natural language to its
// destination.
func bringsLanguage(f *tm.Flow) bool {
	for _, x := range f.Brings() {
		if x == tm.NaturalLanguage {
			return true
		}
	}
	return false
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
		for _, w := range src.Incoming() {
			ws := w.Source()
			if !writesInto(w) || ws == nil || ws == reader {
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
	return usesModel(t.Component) && len(t.untrustedContent(t.Component)) > 0
}

// consumesModelOutput reports whether a flow into the process comes from a
// model: a model's reply, or what a model sends it.
func consumesModelOutput(c *tm.Component) bool {
	if c == nil || c.Kind() != tm.Process {
		return false
	}
	for _, f := range c.Incoming() {
		if isModel(f.Source()) {
			return true
		}
	}
	return false
}

// answersPeople reports whether the process sends what it produces to
// people: a flow to an external entity that is, or acts for, a person, or
// a reply to a request from outside or from a process an attacker reaches,
// which carries the answer back the way the question came.
func (t *Target) answersPeople(c *tm.Component) bool {
	for _, f := range c.Outgoing() {
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
func writesInto(f *tm.Flow) bool { return isRequest(f) && bringsLanguage(f) }

// readByModel reports whether a model reads what the store holds: it is a
// vector store (threatmodel.VectorStore), which exists to be retrieved into
// a model's context, or a process that puts a model to work reads it (a
// reply from the store to it, or a flow from the store to it).
func readByModel(c *tm.Component) bool {
	if c.IsA(tm.VectorStore) {
		return true
	}
	for _, f := range c.Outgoing() {
		if usesModel(f.Destination()) {
			return true
		}
	}
	return false
}

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
