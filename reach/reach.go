package reach

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// Result is the outcome of Analyze. Every slice is sorted deterministically:
// roles, components and secrets by name, findings by role and permission,
// attack paths by the asset's criticality and value and then by rank. Look
// elements up with the methods; each look-up goes through an index.
type Result struct {
	// Components holds what control of each component gives, by name.
	Components []ComponentReach
	// Secrets holds what a leak of each secret grants, by name.
	Secrets []SecretReach
	// Agents holds what each agent (threatmodel.Agent) reaches through
	// its tools, by name: its excessive agency.
	Agents []AgentReach
	// Findings are the least-privilege findings.
	Findings []Finding
	// Paths are the attack paths, the top few per asset and kind of
	// attacker (see WithPathsPerAsset), most critical and most valuable
	// asset first; per asset, the paths from outside, then an insider's,
	// then the supply chain's, each kind by cost.
	Paths []AttackPath
	// Gate answers the template's gate questions.
	Gate GateAnswers

	x       *index
	roles   *lazyRoles           // the blast radius of each role, by name, computed when asked for
	byAsset map[*tm.Asset][2]int // the range of Paths to each asset
	// The Paths that cross each flow, in order: flow i's (by Flow.Index)
	// are overPath[overAt[i]:overAt[i+1]].
	overAt, overPath []int32
	byRole           map[*tm.Role][2]int // the range of Findings about each role
}

// Option configures Analyze.
type Option func(*config)

type config struct {
	openThreats func(tm.Element) []string
	threats     *stride.Report
	k           int
}

// WithOpenThreats names the threats left open on an element: f returns the
// IDs of the threats on a component or a flow that are neither mitigated
// nor accepted, or nil. An open threat on a process lets an attacker who
// reaches it take it over, on a flow lets one through, on a data store lets
// one read it. Package stride's results plug in here; hand-written threats
// of the model count without it (see Analyze).
func WithOpenThreats(f func(el tm.Element) []string) Option {
	return func(c *config) { c.openThreats = f }
}

// WithThreats is the bridge from the STRIDE analysis: the threats of the
// report that are a way in count as open weaknesses of the components and
// flows they are about, so that the attack paths follow them:
//
//	rep, err := stride.Analyze(m)
//	…
//	res, err := reach.Analyze(m, reach.WithThreats(rep))
//
// A threat is a way in when it is not mitigated (an accepted risk is still
// a way in) and its category gives the access of the step: a Spoofing
// threat on a flow (its subject, or the flow of its interaction) gets past
// the flow's authentication; a Tampering or Elevation of privilege threat
// on a process takes it over; a Tampering, Information disclosure or
// Elevation of privilege threat on a data store serves what it holds. A
// threat that names a role among its elements is about the role's
// permission and opens no step there. Repudiation and Denial of service
// threats never open a step. The report also answers gate question 3
// (GateAnswers.Infrastructure and Application count its threats). render.NewDocument runs the two
// stages the same way, so the report's attack paths are these.
func WithThreats(r *stride.Report) Option {
	return func(c *config) { c.threats = r }
}

// WithPathsPerAsset sets how many attack paths to keep per asset and kind
// of attacker (from outside, an insider, the supply chain), the most likely
// first. The default is 3; it must be at least 1.
func WithPathsPerAsset(k int) Option {
	return func(c *config) { c.k = k }
}

// maxSteps bounds the length of an attack path.
const maxSteps = 32

// Analyze computes the blast radius of every role, component and secret,
// the least-privilege findings, the attack paths to every asset and the
// answers to the gate questions.
//
// It works on any model, even one that does not validate: references that
// Validate reports as structural errors are skipped. Hand-written threats
// (Model.Threat) of the Spoofing, Tampering, Information disclosure and
// Elevation of privilege categories that no mitigation closes count as open
// threats on the components and flows they are about, accepted or not (an
// accepted risk is still a way in), each for the step its category opens
// (see WithThreats).
//
// Analyze returns an error only for a nil model or an invalid option.
func Analyze(m *tm.Model, opts ...Option) (*Result, error) {
	return AnalyzeContext(context.Background(), m, opts...)
}

// AnalyzeContext is Analyze, stopping when ctx is done: it checks ctx
// between stages (principals, blast radius, least privilege, attack paths,
// gate answers), and then returns an error that wraps ctx.Err().
func AnalyzeContext(ctx context.Context, m *tm.Model, opts ...Option) (*Result, error) {
	if m == nil {
		return nil, errors.New("reach: the model is nil")
	}
	cfg := config{k: 3}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.k < 1 {
		return nil, errors.New("reach: WithPathsPerAsset needs at least 1 path per asset, not " + strconv.Itoa(cfg.k))
	}
	done := func() error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("reach: %w", err)
		}
		return nil
	}
	if err := done(); err != nil {
		return nil, err
	}
	x := newIndex(m)
	a := newAnalyzer(x, cfg)
	counted := a.countThreats()
	defer counted() // whatever is returned, nothing runs on
	waitOpen := a.prefetchOpenThreats()
	defer waitOpen()
	a.principals()
	if err := done(); err != nil {
		return nil, err
	}
	res := &Result{x: x, roles: &lazyRoles{a: a, homes: a.roleHomes(), done: make([]RoleReach, len(x.roles))}}
	res.Secrets = a.secretReaches()
	res.Components = a.componentReaches()
	res.Agents = a.agentReaches()
	if err := done(); err != nil {
		return nil, err
	}
	res.Findings = a.leastPrivilege()
	if err := done(); err != nil {
		return nil, err
	}
	res.Paths = a.attackPaths(res.Components, res.Secrets, res.Findings)
	if err := done(); err != nil {
		return nil, err
	}
	res.indexPathsOver()
	res.Gate = a.gate(res, counted)

	res.byAsset = make(map[*tm.Asset][2]int)
	for i := 0; i < len(res.Paths); {
		j := i
		for j < len(res.Paths) && res.Paths[j].Asset == res.Paths[i].Asset {
			j++
		}
		res.byAsset[res.Paths[i].Asset] = [2]int{i, j}
		i = j
	}
	res.byRole = make(map[*tm.Role][2]int)
	for i := 0; i < len(res.Findings); {
		j := i
		for j < len(res.Findings) && res.Findings[j].Role == res.Findings[i].Role {
			j++
		}
		res.byRole[res.Findings[i].Role] = [2]int{i, j}
		i = j
	}
	return res, nil
}

// indexPathsOver lists, per flow, the paths that cross it (PathsOver): a
// count per flow, then one array for them all.
func (r *Result) indexPathsOver() {
	n := len(r.x.byIndex)
	last := make([]int32, n) // per flow: 1 + the last path counted there
	r.overAt = make([]int32, n+1)
	for pass := 0; pass < 2; pass++ {
		clear(last)
		for i := range r.Paths {
			for _, s := range r.Paths[i].Steps {
				if !r.x.hasFlow(s.Flow) {
					continue
				}
				fi := s.Flow.Index()
				if last[fi] == int32(i)+1 {
					continue
				}
				last[fi] = int32(i) + 1
				if pass == 0 {
					r.overAt[fi+1]++
				} else {
					r.overPath[r.overAt[fi]] = int32(i)
					r.overAt[fi]++
				}
			}
		}
		if pass == 0 {
			for fi := 0; fi < n; fi++ {
				r.overAt[fi+1] += r.overAt[fi]
			}
			r.overPath = make([]int32, r.overAt[n])
		}
	}
	// The fill moved each start to the next flow's: shift back.
	copy(r.overAt[1:], r.overAt[:n])
	r.overAt[0] = 0
}

// analyzer holds the shared state and scratch space of one Analyze call.
type analyzer struct {
	x        *index
	cfg      config
	prin     []principal // roles, then secrets, then components, each by name
	nRoles   int
	nPrin    int // roles and secrets
	permAt   map[*tm.Permission]permRef
	users    [][]int32                  // per principal: the components that can act as it
	uses     [][]int32                  // per component index: the secrets it uses or holds
	startsOf [][]int32                  // per component index: the principals it acts as itself (starts)
	actions  map[string]actionFacts     // per action as written (action)
	eff      [][]tm.EffectivePermission // per role: threatmodel.Role.Effective
	techs    map[[2]int32]*techMatch    // per role and target id: the techniques that lead there
	selfOwn  map[int32][]entry          // per role that can change its own permissions: what it reaches without doing so
	open     *openSet                   // the open threats that open a step, per component and flow (openThreatsOnce)
	openWait func() *openSet            // waits for open, when prefetchOpenThreats computes it
	hijack   map[*tm.Component]bool     // the agents a prompt injection can hijack (agentReaches)
	poison   map[*tm.Flow]bool          // the flows from a store that bring an agent content an attacker wrote
	scopes   []scopeMemo                // per request, by Flow.Index: scoped's answer

	// scratch, reused across subjects
	stamp    []uint32
	par      []int32
	order    []int32
	chainOf  [][]tm.Element // per node of the last closure: its chain (chains)
	extended []uint32       // per node: cgen when a child extended its chain in place
	cgen     uint32
	gen      uint32
	slot     []int32
	slotGen  []uint32
	sgen     uint32
	pairs    []pairRef
	lefts    [][]string         // per pair of one target: the actions left there
	fit      map[int32][]uint64 // per process target: the techniques whose service it is
	rs       []reached
	gbuf     []entry            // gainsThrough's merged reach
	mbuf     []entry            // merge's
	hbuf     []entry            // held's
	sbuf     []int32            // split's
	k8s      []int8             // per component index: 1 when it names Kubernetes, 2 when not (controlPlane)
	entries  arena[Entry]       // the blast radii's entries (blast)
	ids      arena[int32]       // and their target ids
	wild     [][]*tm.Permission // per role: its wildcard allow statements (wildcards)
	wildDone []bool
}

func newAnalyzer(x *index, cfg config) *analyzer {
	np := len(x.roles) + len(x.secrets) + len(x.comps)
	return &analyzer{
		x:       x,
		cfg:     cfg,
		permAt:  make(map[*tm.Permission]permRef),
		actions: make(map[string]actionFacts),
		eff:     make([][]tm.EffectivePermission, len(x.roles)),
		techs:   make(map[[2]int32]*techMatch),
		selfOwn: make(map[int32][]entry),
		fit:     make(map[int32][]uint64),
		stamp:   make([]uint32, np),
		par:     make([]int32, np),
		slot:    make([]int32, len(x.targets)),
		slotGen: make([]uint32, len(x.targets)),
	}
}

// Role returns the blast radius of a role, or nil for a role the model
// does not hold. It is computed on the first call for the role, in time
// proportional to what the role reaches; Role is safe to call from
// several goroutines.
func (r *Result) Role(role *tm.Role) *RoleReach {
	if r == nil || r.x == nil || r.roles == nil {
		return nil
	}
	if id, ok := r.x.roleID[role]; ok {
		return r.roles.get(int(id))
	}
	return nil
}

// Roles returns the blast radius of every role, by name. Each lists what
// the role reaches through every role it may assume, so a chain of n
// assumptions makes n²/2 entries in all: Analyze computes none of them,
// and Roles computes the ones Role has not.
func (r *Result) Roles() []RoleReach {
	if r == nil || r.x == nil || r.roles == nil {
		return nil
	}
	out := make([]RoleReach, len(r.x.roles))
	for i := range out {
		out[i] = *r.roles.get(i)
	}
	return out
}

// Component returns what control of a component gives, or nil for a
// component the model does not hold.
func (r *Result) Component(c *tm.Component) *ComponentReach {
	if r == nil || r.x == nil || c == nil || !r.x.has(c) {
		return nil
	}
	return &r.Components[r.x.rank[c.Index()]]
}

// Secret returns what a leak of a secret grants, or nil for a secret the
// model does not hold.
func (r *Result) Secret(s *tm.Secret) *SecretReach {
	if r == nil || r.x == nil {
		return nil
	}
	if id, ok := r.x.secretID[s]; ok {
		return &r.Secrets[id]
	}
	return nil
}

// PathsToAsset returns the attack paths to an asset, most likely first.
func (r *Result) PathsToAsset(a *tm.Asset) []AttackPath {
	if r == nil {
		return nil
	}
	span, ok := r.byAsset[a]
	if !ok {
		return nil
	}
	return r.Paths[span[0]:span[1]]
}

// PathsTo returns the attack paths to assets of at least the given
// criticality, in the order of Paths.
func (r *Result) PathsTo(min tm.Criticality) []AttackPath {
	if r == nil {
		return nil
	}
	var out []AttackPath
	for _, p := range r.Paths {
		if p.Asset.Criticality() >= min {
			out = append(out, p)
		}
	}
	return out
}

// PathsOver returns the attack paths that cross any of the flows, in the
// order of Paths (the most critical and valuable asset first, then rank):
// its first path is the worst outcome of an attacker who passes there.
func (r *Result) PathsOver(flows ...*tm.Flow) []AttackPath {
	if r == nil {
		return nil
	}
	var at []int32
	for _, f := range flows {
		if r.x != nil && r.x.hasFlow(f) && len(r.overAt) > f.Index()+1 {
			i := f.Index()
			at = append(at, r.overPath[r.overAt[i]:r.overAt[i+1]]...)
		}
	}
	slices.Sort(at)
	at = slices.Compact(at)
	out := make([]AttackPath, len(at))
	for i, j := range at {
		out[i] = r.Paths[j]
	}
	return out
}

// EscalationPaths returns the attack paths that take a process over
// through a role's permission (AttackPath.Escalates: the least-privilege
// finding threatmodel.CodeEscalation on an attack path), in the order of
// Paths: the residual risk the least-privilege findings leave.
func (r *Result) EscalationPaths() []AttackPath {
	if r == nil {
		return nil
	}
	var out []AttackPath
	for i := range r.Paths {
		if r.Paths[i].Escalates() {
			out = append(out, r.Paths[i])
		}
	}
	return out
}

// RoleFindings returns the least-privilege findings about a role.
func (r *Result) RoleFindings(role *tm.Role) []Finding {
	if r == nil {
		return nil
	}
	span, ok := r.byRole[role]
	if !ok {
		return nil
	}
	return r.Findings[span[0]:span[1]]
}
