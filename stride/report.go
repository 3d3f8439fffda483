package stride

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/threatwright/threatwright/threatmodel"
)

// Report is the result of Analyze: the threats, the coverage matrix, the
// residual risk and the findings about mitigations and acceptances. Every
// slice is sorted; the same model gives the same report. Treat a report as
// read-only: threats derived by one rule share its texts and references,
// and threats on one flow share its BoundaryCrossing.
type Report struct {
	// Model is the model's name.
	Model string
	// JudgedAt is the time acceptances were judged at: the time given with
	// At, or the time Analyze ran.
	JudgedAt time.Time
	// Threats are the derived and hand-written threats, sorted by ID.
	Threats []Threat
	// Coverage has one row per in-scope component and per flow, sorted by
	// kind (external entities, processes, data stores, flows) then name.
	Coverage []Coverage
	// Residual summarises what is left.
	Residual Summary
	// Findings are problems with the model's mitigations, acceptances and
	// overrides (the ST codes: threatmodel.CodeAcceptanceExpired and its
	// kin), less those waived with Model.Waive, sorted like threatmodel
	// findings. They are gaps, not structural errors; Analyze still returns
	// a report.
	Findings []*threatmodel.Finding
	// Verified is true when the analysis had a verification run
	// (WithVerification), and Strict when only verified evidence closed
	// threats (Strict).
	Verified, Strict bool

	// on indexes Threats by the components and flows they are about, by
	// the position of each in comps, then of each in flows.
	on    [][]int32
	comps []*threatmodel.Component
	flows []*threatmodel.Flow
}

// threatsAbout returns the positions in Threats of the threats about el:
// through the index for a report Analyze built, by a scan for one built by
// hand.
func (r *Report) threatsAbout(el threatmodel.Element) []int32 {
	if r.on != nil {
		switch e := el.(type) {
		case *threatmodel.Component:
			if i := e.Index(); e != nil && i >= 0 && i < len(r.comps) && r.comps[i] == e {
				return r.on[i]
			}
		case *threatmodel.Flow:
			if i := e.Index(); e != nil && i >= 0 && i < len(r.flows) && r.flows[i] == e {
				return r.on[len(r.comps)+i]
			}
		}
		return nil
	}
	var out []int32
	for i := range r.Threats {
		if t := &r.Threats[i]; t.Subject == el || slices.Contains(t.Involved, el) && t.RuleID == "" {
			out = append(out, int32(i))
		}
	}
	return out
}

// Threat is one threat in the report: derived from a rule on an element or
// an interaction, or hand-written in the model.
type Threat struct {
	// ID is stable across runs and declaration order: the rule's ID, "@",
	// and the name of the component or the key of the flow it is about, for
	// example "TW-S-001@User → API Gateway: API request", with " (name)"
	// added for a rule's MatchEach element. A hand-written threat keeps its
	// own ID ("USR-…"). Name it in threatmodel.Addresses and m.Accept.
	ID string
	// RuleID is the rule that derived the threat, "" for a hand-written one.
	RuleID string
	// Category is the threat's STRIDE category.
	Category Category
	// Title names the threat.
	Title string
	// Description says what the attacker does and gains.
	Description string
	// AttackPaths lists how an attacker gets there.
	AttackPaths []string
	// Mitigations lists the recommended mitigations, in words.
	Mitigations []string

	// Subject is the component (*threatmodel.Component) or flow
	// (*threatmodel.Flow) the threat is about; for a hand-written threat,
	// its first About element that is a component or a flow, else its first
	// About element; nil for a hand-written threat about nothing.
	// SubjectName gives its display name.
	Subject threatmodel.Element
	// Flow is the flow involved: the subject of a flow threat, the flow of
	// an interaction, the subject of a hand-written threat when it is a flow;
	// nil otherwise.
	Flow *threatmodel.Flow
	// Involved are the elements involved: the subject first, then, for an
	// interaction, the flow and the component at its other end, then the
	// MatchEach element. A hand-written threat lists its About elements.
	Involved []threatmodel.Element
	// Pos is where the subject was declared; for a hand-written threat,
	// where the threat was declared.
	Pos threatmodel.Pos
	// Crossing is the trust boundaries crossed by the flow involved, nil
	// when no flow is involved or it crosses none.
	Crossing *BoundaryCrossing

	// Impact is the harm to the property the threat's category attacks
	// (confidentiality, integrity, availability, accountability) of the
	// assets it touches; InherentLikelihood how likely it is before any
	// control, and InherentRisk the two combined (RiskOf). Likelihood and
	// Risk are residual: Low likelihood for a mitigated threat, the
	// inherent likelihood for an open or accepted one. The summary counts
	// residual risk. Each is Low, Medium or High; see the package
	// documentation for the method.
	Impact, Likelihood, Risk         threatmodel.Level
	InherentLikelihood, InherentRisk threatmodel.Level
	// Override records a rating replaced with Override, or nil.
	Override *RatingOverride

	// Status is Mitigated, Accepted or Open.
	Status Status
	// Controls are the controls that close the threat, where they are
	// enforced (see Evidence), sorted.
	Controls []threatmodel.Control
	// AppliedMitigations are the titles of the declared mitigations that
	// close the threat: those that provide one of Controls where it is
	// enforced, and those that address the threat by ID, sorted.
	AppliedMitigations []string
	// Evidence says why the threat is mitigated: each control, mitigation
	// or property that closes it, declared where and enforced where. A
	// mitigated threat has at least one; an open or accepted one may have
	// none.
	Evidence []Evidence
	// Discounted is the evidence that does not close the threat: a
	// control or mitigation whose proof failed or is missing, and, in
	// strict mode, one that is not verified. A threat whose evidence is
	// all discounted is open (or accepted).
	Discounted []Evidence
	// Acceptance is the accepted risk naming the threat, or nil. It is kept
	// even when the threat is also mitigated, or when it has expired.
	Acceptance *AcceptedRisk

	// CAPEC, CWE and OWASP are the rule's references.
	CAPEC []int
	CWE   []int
	OWASP []string
}

// SubjectName returns the display name of the subject: a component's name,
// a flow's key, another element's name, or "" when there is none.
func (t *Threat) SubjectName() string {
	switch e := t.Subject.(type) {
	case nil:
		return ""
	case *threatmodel.Flow:
		return e.Key()
	default:
		return e.Name()
	}
}

// Kind returns the kind of the subject: threatmodel.DataFlow for a flow,
// the component's kind for a component, 0 otherwise.
func (t *Threat) Kind() threatmodel.Kind {
	switch e := t.Subject.(type) {
	case *threatmodel.Flow:
		return threatmodel.DataFlow
	case *threatmodel.Component:
		return e.Kind()
	}
	return 0
}

// Paths returns the paths of the Involved elements, in order.
func (t *Threat) Paths() []string {
	out := make([]string, len(t.Involved))
	for i, el := range t.Involved {
		out[i] = el.Path()
	}
	return out
}

// BoundaryCrossing names the trust boundaries a flow crosses, by zone name.
type BoundaryCrossing struct {
	// From and To are the zones of the flow's source and destination.
	From, To string
	// Exits are the zones left, innermost first; Enters the zones entered,
	// outermost first.
	Exits, Enters []string
}

// String returns "From → To".
func (b *BoundaryCrossing) String() string { return b.From + " → " + b.To }

// RatingOverride records an impact or likelihood set by Override.
type RatingOverride struct {
	// ComputedImpact and ComputedLikelihood are what the analysis computed.
	ComputedImpact, ComputedLikelihood threatmodel.Level
	// Reason is the reason given.
	Reason string
}

// AcceptedRisk is the acceptance of a threat, as declared with m.Accept.
type AcceptedRisk struct {
	Owner         string
	Justification string
	Expires       time.Time
	// Expired is true when the acceptance had expired at the report's
	// JudgedAt; the threat is then Open unless mitigated.
	Expired bool
	// Pos is where the acceptance was declared.
	Pos threatmodel.Pos
}

// Status is a threat's status, or a coverage cell's.
type Status uint8

// Statuses, from best to worst. A threat is Mitigated, Accepted or Open; a
// coverage cell may also be NotCovered or ProviderManaged.
const (
	// Mitigated: a control, a property or a declared mitigation closes it.
	Mitigated Status = iota + 1
	// Accepted: the owner accepts the risk, with a justification.
	Accepted
	// Open: neither; it counts in the residual risk.
	Open
	// NotCovered: no rule derived a threat and no hand-written threat covers
	// the cell. The user must write one, or accept the gap by other means.
	NotCovered
	// ProviderManaged: a coverage cell with no threat, of a component its
	// provider operates (threatmodel.ProviderManaged) or a flow to or from
	// one, in a category whose rules there are about the provider's own
	// code and availability (Tampering and Denial of service of the
	// component, Denial of service of the flow): the provider protects
	// them, and the cell is not a gap of the model.
	ProviderManaged
)

var statusText = [...]string{"", "mitigated", "accepted", "open", "not-covered", "provider-managed"}
var statusDisplay = [...]string{"unstated", "Mitigated", "Accepted", "Open", "Not covered", "Provider-managed"}

// String returns the status for display: "Mitigated", "Accepted", "Open",
// "Not covered" or "Provider-managed".
func (s Status) String() string {
	if int(s) < len(statusDisplay) {
		return statusDisplay[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// MarshalText returns "mitigated", "accepted", "open", "not-covered" or
// "provider-managed".
func (s Status) MarshalText() ([]byte, error) {
	if s == 0 || int(s) >= len(statusText) {
		return nil, fmt.Errorf("stride: invalid Status %d", uint8(s))
	}
	return []byte(statusText[s]), nil
}

// UnmarshalText parses the text MarshalText returns.
func (s *Status) UnmarshalText(b []byte) error {
	for i, t := range statusText {
		if i > 0 && t == string(b) {
			*s = Status(i)
			return nil
		}
	}
	return fmt.Errorf("stride: unknown status %q", b)
}

// Coverage is one row of the coverage matrix: an element and, for each
// category that applies to it, the status of its threats.
type Coverage struct {
	// Element is the component or the flow.
	Element threatmodel.Element
	// Subject is the component's name or the flow's key, for display.
	Subject string
	// Path is the element's path.
	Path string
	// Kind is the element's kind.
	Kind threatmodel.Kind
	// Pos is where the element was declared.
	Pos threatmodel.Pos
	// Cells has one cell per applicable category, in STRIDE order.
	Cells []Cell
}

// Cell is one element × category of the coverage matrix.
type Cell struct {
	Category Category
	// Status is the worst status of the threats in the cell (Open, then
	// Accepted, then Mitigated), or, when there are none, ProviderManaged
	// where the provider protects what the category asks about, NotCovered
	// elsewhere.
	Status Status
	// Threats are the IDs of the threats in the cell, sorted.
	Threats []string
}

// Cell returns the row's cell for the category, and false when the category
// does not apply to the element.
func (c *Coverage) Cell(cat Category) (Cell, bool) {
	for _, cell := range c.Cells {
		if cell.Category == cat {
			return cell, true
		}
	}
	return Cell{}, false
}

// Summary is the residual risk: how many threats are in each status, and
// how the open and accepted ones rate.
type Summary struct {
	Threats, Mitigated, Accepted, Open int
	// OpenByRisk counts the open threats by risk level: the residual risk.
	OpenByRisk RiskCounts
	// AcceptedByRisk counts the accepted threats by risk level.
	AcceptedByRisk RiskCounts
	// NotCovered counts the coverage cells with no threat.
	NotCovered int
}

// RiskCounts counts threats by risk level.
type RiskCounts struct{ High, Medium, Low int }

func (r *RiskCounts) add(l threatmodel.Level) {
	switch l {
	case threatmodel.High:
		r.High++
	case threatmodel.Medium:
		r.Medium++
	default:
		r.Low++
	}
}

// Threat returns the threat with the given ID, and false when there is none.
func (r *Report) Threat(id string) (Threat, bool) {
	i, ok := slices.BinarySearchFunc(r.Threats, id, func(t Threat, id string) int { return strings.Compare(t.ID, id) })
	if !ok {
		return Threat{}, false
	}
	return r.Threats[i], true
}

// ThreatsOn returns the threats about a component or a flow, in ID order:
// those whose Subject it is, and the hand-written threats that name it in
// About. It returns nil for an element the report holds nothing on.
func (r *Report) ThreatsOn(el threatmodel.Element) []Threat {
	if r == nil || el == nil {
		return nil
	}
	idx := r.threatsAbout(el)
	out := make([]Threat, len(idx))
	for i, j := range idx {
		out[i] = r.Threats[j]
	}
	return out
}

// OpenThreatsOn returns the open threats about a component or a flow (see
// ThreatsOn), in ID order.
func (r *Report) OpenThreatsOn(el threatmodel.Element) []Threat {
	if r == nil || el == nil {
		return nil
	}
	var out []Threat
	for _, j := range r.threatsAbout(el) {
		if r.Threats[j].Status == Open {
			out = append(out, r.Threats[j])
		}
	}
	return out
}

// OpenRisk returns the highest risk among the open threats about a component
// or a flow, or 0 when none is open. Diagrams are coloured with it
// (render.ColorByRisk).
func (r *Report) OpenRisk(el threatmodel.Element) threatmodel.Level {
	if r == nil || el == nil {
		return 0
	}
	var l threatmodel.Level
	for _, j := range r.threatsAbout(el) {
		if t := &r.Threats[j]; t.Status == Open && t.Risk > l {
			l = t.Risk
		}
	}
	return l
}
