package threatmodel

import (
	"strconv"
	"strings"
)

// Flow is a data flow from a source component to a destination component.
type Flow struct {
	node
	keyText string // key(), made once: names do not change
	src     *Component
	dst     *Component
	// The small fields together, so that none is padded to a word: a
	// model holds many flows.
	protocol       Protocol
	encryption     Encryption
	authentication AuthScheme
	authorization  AuthzScheme
	deploys        bool // see credentials
	identity       CallerIdentity
	port           uint16
	carries        []*Asset
	controls       controlSet // the controls that cover every caller
	controlSrc     []ControlSource
	formats        formatSet
	responseTo     *Flow
	responses      []*Flow
	bounds         []*Zone // the zones the flow leaves, then those it enters (see Crossing)
	exits          int     // how many of bounds it leaves
	index          int
	more           *flowMore // nil until one of its fields is declared
}

// flowMore holds what few flows declare, apart, so that the others are
// smaller.
type flowMore struct {
	mitigations []*Mitigation
	// Declarations for the rules about credentials, deployment (deploys)
	// and identity propagation (identity) (concerns.go).
	credentials []*Secret
}

// noFlowMore is the flowMore of every flow that declares none of its
// fields; it is never written.
var noFlowMore flowMore

// rare returns the flow's rarely declared fields, for reading.
func (f *Flow) rare() *flowMore {
	if f.more == nil {
		return &noFlowMore
	}
	return f.more
}

// rareSet returns the flow's rarely declared fields, for writing.
func (f *Flow) rareSet() *flowMore {
	if f.more == nil {
		f.more = new(flowMore)
	}
	return f.more
}

// Flow declares a flow of data from src to dst. A flow that crosses a trust
// boundary must state its protocol, encryption and authentication.
func (m *Model) Flow(src, dst *Component, name string, opts ...FlowOption) *Flow {
	return m.flow(src, dst, name, nil, opts)
}

// Response declares the reply to a flow: from its destination back to its
// source. It inherits the request's protocol, port, encryption,
// authentication and authorization (the same connection) unless options say
// otherwise; it does not inherit what the request carries.
func (m *Model) Response(to *Flow, name string, opts ...FlowOption) *Flow {
	if to == nil {
		f := &Flow{node: node{m: m, name: name, at: m.pinned(caller(1))}}
		f.keyText = f.makeKey()
		if m != nil {
			m.record(CodeNilReference, pathOf(collFlows, name)+".responseTo", f.at, f, "the flow this responds to is nil")
		}
		return f
	}
	return m.flow(to.dst, to.src, name, to, opts)
}

func (m *Model) flow(src, dst *Component, name string, req *Flow, opts []FlowOption) *Flow {
	f := newElement[Flow](m)
	*f = Flow{node: node{m: m, name: name, at: m.pinned(caller(2))}, src: src, dst: dst}
	f.keyText = f.makeKey()
	if m == nil {
		return f
	}
	f.index = len(m.flows)
	if req != nil {
		if m.owns(req, f, ".responseTo", f.at, "request flow") {
			f.responseTo = req
			req.responses = append(req.responses, f)
			f.protocol, f.port, f.encryption = req.protocol, req.port, req.encryption
			f.authentication, f.authorization = req.authentication, req.authorization
		}
	}
	okSrc := src != nil && m.owns(src, f, ".source", f.at, "source")
	okDst := dst != nil && m.owns(dst, f, ".destination", f.at, "destination")
	if src == nil {
		m.record(CodeNilReference, f.Path()+".source", f.at, f, "the flow has no source")
	}
	if dst == nil {
		m.record(CodeNilReference, f.Path()+".destination", f.at, f, "the flow has no destination")
	}
	if !okSrc {
		f.src = nil
	}
	if !okDst {
		f.dst = nil
	}
	if f.name == "" {
		m.record(CodeEmptyName, f.Path(), f.at, f, "the flow has no name: say what it is, for example \"API request\"")
	} else if hasControl(f.name) {
		m.record(CodeBadName, f.Path(), f.at, f, "the flow name contains control characters")
	} else if tooLong(f.name) {
		m.record(CodeNameTooLong, f.Path(), f.at, f, "the flow name is longer than "+strconv.Itoa(MaxNameLength)+" characters")
	}
	if f.src != nil && f.dst != nil {
		if prev := m.sameFlow(f); prev != nil {
			m.record(CodeDuplicateName, f.Path(), f.at, f,
				"another flow between the same components has this name (declared at "+prev.Pos().String()+")")
		}
		m.checkFlowKey(f)
		if f.src == f.dst {
			m.record(CodeSelfFlow, f.Path(), f.at, f, "the flow goes from a component to itself")
		}
		f.src.out = appendFlow(f.src.out, f)
		f.dst.in = appendFlow(f.dst.in, f)
		f.bounds, f.exits = crossing(f.src.zone, f.dst.zone)
	}
	for _, o := range opts {
		if o == nil {
			m.record(CodeNilReference, f.Path(), f.at, f, "nil option")
			continue
		}
		o.applyFlow(f)
	}
	m.flows = append(m.flows, f)
	return f
}

// appendFlow appends f to a component's flows, starting with room for
// four: most components have a few, and growing one slot at a time would
// allocate three times for them.
func appendFlow(flows []*Flow, f *Flow) []*Flow {
	if cap(flows) == 0 {
		flows = make([]*Flow, 0, 4)
	}
	return append(flows, f)
}

// flowKey identifies a flow for duplicate detection without building its
// key string.
type flowKey struct {
	src, dst *Component
	name     string
}

// hubFlows is how many outgoing flows a component has before sameFlow
// indexes them in Model.flowNames rather than reading them all.
const hubFlows = 16

// sameFlow returns the first flow declared with f's source, destination and
// name, or nil when f, not yet in its source's outgoing flows, is the first.
// Most components have few outgoing flows, and reading them costs less than
// indexing every flow of the model; a component with many is indexed, so
// that a hub's flows are not read again for each new one.
func (m *Model) sameFlow(f *Flow) *Flow {
	out := f.src.out
	if len(out) < hubFlows {
		for _, g := range out {
			if g.dst == f.dst && g.name == f.name {
				return g
			}
		}
		return nil
	}
	if m.flowNames == nil {
		m.flowNames = make(map[flowKey]*Flow)
	}
	if len(out) == hubFlows { // the source becomes a hub: index its flows, the first of each key
		for _, g := range out {
			if k := (flowKey{g.src, g.dst, g.name}); m.flowNames[k] == nil {
				m.flowNames[k] = g
			}
		}
	}
	k := flowKey{f.src, f.dst, f.name}
	if prev := m.flowNames[k]; prev != nil {
		return prev
	}
	m.flowNames[k] = f
	return nil
}

// checkFlowKey records a flow whose key, "Source → Destination: name", is
// already the key of another flow between other components or under another
// name: component and flow names that contain the separators can spell the
// same key ("A → B: c: d" is A to "B: c" named "d", and A to B named
// "c: d"), and paths, reports and threat IDs would then name two flows at
// once. Only keys with a separator character inside a part can collide, so
// only those are built and indexed.
func (m *Model) checkFlowKey(f *Flow) {
	if !hasSeparator(f.src.name) && !hasSeparator(f.dst.name) && !hasSeparator(f.name) {
		return
	}
	k := f.key()
	if prev, ok := m.flowKeys[k]; ok {
		if prev.src != f.src || prev.dst != f.dst || prev.name != f.name {
			m.record(CodeDuplicateName, f.Path(), f.at, f,
				"another flow (declared at "+prev.Pos().String()+") has the same key "+quote(k)+
					": rename a component or a flow so that the key names one flow")
		}
		return
	}
	if m.flowKeys == nil {
		m.flowKeys = make(map[string]*Flow)
	}
	m.flowKeys[k] = f
}

func hasSeparator(s string) bool { return strings.IndexByte(s, ':') >= 0 || strings.Contains(s, "→") }

// key returns the flow's key, made when it was declared: the analyses and
// the report ask for it for every threat.
func (f *Flow) key() string { return f.keyText }

func (f *Flow) makeKey() string {
	src, dst := "?", "?"
	if f.src != nil {
		src = f.src.name
	}
	if f.dst != nil {
		dst = f.dst.name
	}
	return src + " → " + dst + ": " + f.name
}

// Key returns "Source → Destination: name", the flow's identity in paths,
// reports and threat IDs.
func (f *Flow) Key() string { return f.key() }

// Path returns flows["Source → Destination: name"].
func (f *Flow) Path() string { return pathOf(collFlows, f.key()) }

// Source returns the component the data comes from.
func (f *Flow) Source() *Component { return f.src }

// Destination returns the component the data goes to.
func (f *Flow) Destination() *Component { return f.dst }

// Protocol returns the flow's protocol.
func (f *Flow) Protocol() Protocol { return f.protocol }

// Port returns the destination port, or 0 when not stated.
func (f *Flow) Port() int { return int(f.port) }

// Encryption returns the flow's encryption in transit.
func (f *Flow) Encryption() Encryption { return f.encryption }

// Authentication returns how the destination authenticates the source.
func (f *Flow) Authentication() AuthScheme { return f.authentication }

// Authorization returns how the destination authorizes the source.
func (f *Flow) Authorization() AuthzScheme { return f.authorization }

// Carries returns the assets the flow carries.
func (f *Flow) Carries() []*Asset { return clone(f.carries) }

// Controls returns the controls on the flow, in Control order, including
// those limited to some principals (see ControlSources).
func (f *Flow) Controls() []Control { return sourcesSet(f.controlSrc).list() }

// Has reports whether the control is on the flow.
func (f *Flow) Has(ctl Control) bool { return f.controls.has(ctl) }

// ResponseTo returns the request this flow answers, or nil.
func (f *Flow) ResponseTo() *Flow { return f.responseTo }

// Responses returns the flows declared as responses to this one.
func (f *Flow) Responses() []*Flow { return clone(f.responses) }

// Mitigations returns the mitigations applied to the flow.
func (f *Flow) Mitigations() []*Mitigation { return clone(f.rare().mitigations) }

// Crossing returns the trust boundaries the flow crosses, computed from the
// zones its ends sit in, nesting included.
func (f *Flow) Crossing() Crossing {
	if f.src == nil || f.dst == nil {
		return Crossing{}
	}
	c := Crossing{From: f.src.zone, To: f.dst.zone}
	if f.exits > 0 {
		c.Exits = f.bounds[:f.exits:f.exits]
	}
	if f.exits < len(f.bounds) {
		c.Enters = f.bounds[f.exits:]
	}
	return c
}

// CrossesBoundary reports whether the flow crosses at least one trust
// boundary.
func (f *Flow) CrossesBoundary() bool { return len(f.bounds) > 0 }

// Index returns the flow's position in declaration order.
func (f *Flow) Index() int { return f.index }

// Endpoint returns "protocol:port" for display, or the protocol alone.
func (f *Flow) Endpoint() string {
	if f.port == 0 {
		return f.protocol.String()
	}
	return f.protocol.String() + ":" + strconv.Itoa(int(f.port))
}
