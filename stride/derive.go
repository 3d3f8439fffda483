package stride

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/threatwright/threatwright/internal/par"
	"github.com/threatwright/threatwright/threatmodel"
)

// checkEvery is how many elements derive evaluates between looks at the
// context.
const checkEvery = 256

// parallelAbove is the number of components and flows above which derive
// evaluates the built-in rules on several goroutines; maxWorkers caps
// them; a worker takes chunk elements at a time.
const (
	parallelAbove = 256
	maxWorkers    = 8
	chunk         = 256
)

// threatsPerElement is the room derive makes for threats, per component
// and flow: the built-in catalog derives four to six. Threats past it go
// to each worker's overflow, appended after.
var threatsPerElement = 6

// indexedRule is a rule of the catalog with its position in it.
type indexedRule struct {
	r *Rule
	i int
}

// derive evaluates every rule on every element and interaction of its
// kinds; it stops with the context's error when the context is done.
//
// With the built-in catalog (and WithoutRules), on a model of more than
// parallelAbove components and flows, the components are split among up
// to GOMAXPROCS workers, then the flows: each worker has its own copy of
// the index's caches (see index.forWorker) and writes its threats into
// blocks of one shared array. A catalog of the caller's own (OnlyRules,
// WithRules) is evaluated on one goroutine: its rules need not be safe to
// call concurrently. The order threats are derived in does not matter:
// resolve sorts them.
func (a *analysis) derive(rules []Rule) error {
	var byKind [5][]indexedRule
	for i := range rules {
		r := &rules[i]
		for _, k := range r.Kinds {
			if !slices.ContainsFunc(byKind[k], func(x indexedRule) bool { return x.r == r }) {
				byKind[k] = append(byKind[k], indexedRule{r, i})
			}
		}
	}
	// The generic rules last, so that what the specific ones derived on
	// an element is known when a generic one asks (see precedence).
	for k := range byKind {
		slices.SortStableFunc(byKind[k], func(x, y indexedRule) int { return cmp.Compare(btoi(x.r.FillIn), btoi(y.r.FillIn)) })
	}
	ix := a.ix
	n := len(ix.comps) + len(ix.flows)
	workers := 1
	if a.parallel() {
		workers = min(runtime.GOMAXPROCS(0), maxWorkers, n/(parallelAbove/2))
	}
	// About five threats per element with the built-in catalog; the
	// hand-written threats are added after, into the same array.
	room := threatsPerElement*n + len(ix.m.Threats())
	ar := &arena{threats: make([]Threat, room), subj: make([]int32, room), limit: threatsPerElement * n}
	if workers > 1 {
		ix.prepare()
	}
	ws := make([]*worker, workers)
	for i := range ws {
		w := &worker{a: a, ix: ix, ar: ar, byKind: &byKind}
		if workers > 1 {
			w.ix = ix.forWorker()
		}
		w.prec = newPrecedence(a.cfg, rules, len(ix.flows))
		w.ix.prec = w.prec
		ws[i] = w
	}
	if err := run(ws, len(ix.comps), (*worker).component); err != nil {
		return err
	}
	through := ws[0].prec.mergeThrough(ws)
	for _, w := range ws {
		w.prec.componentsDone(through)
	}
	if err := run(ws, len(ix.flows), (*worker).flow); err != nil {
		return err
	}
	for _, w := range ws {
		w.ix.prec = nil
	}
	a.threats, a.subj = ar.compact(ws)
	return nil
}

// parallel reports whether the analysis runs on several goroutines: the
// built-in catalog, a model of more than parallelAbove components and
// flows, and more than one processor.
func (a *analysis) parallel() bool {
	return !a.cfg.replaced && len(a.cfg.extra) == 0 && len(a.ix.comps)+len(a.ix.flows) > parallelAbove && runtime.GOMAXPROCS(0) > 1
}

// run calls fn on the elements [0, n), each worker on its own goroutine
// when there are several, taking the next chunk of elements as it
// finishes one, so that a share of heavy elements does not leave the
// others idle; it returns the first error.
func run(ws []*worker, n int, fn func(w *worker, i int) error) error {
	if len(ws) == 1 {
		for i := range n {
			if err := fn(ws[0], i); err != nil {
				return err
			}
		}
		return nil
	}
	errs := make([]error, len(ws))
	var next atomic.Int64
	var g par.Group
	for k, w := range ws {
		g.Go(func() {
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					if err := fn(w, i); err != nil {
						errs[k] = err
						next.Store(int64(n)) // the others stop at their next chunk
						return
					}
				}
			}
		})
	}
	g.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// worker evaluates rules on a share of the elements.
type worker struct {
	a      *analysis
	ix     *index
	ar     *arena
	byKind *[5][]indexedRule
	prec   *precedence
	t      Target
	// evidence is derived's scratch space for a threat's evidence.
	evidence []Evidence
	// shared holds the slices that this worker's threats share.
	shared shared
	// block is the part of the arena the worker fills, next its next
	// free slot, and overflow the threats that found no room in it.
	block, next int
	end         int
	overflow    []Threat
	overSubj    []int32
}

// component evaluates the rules on the i-th component.
func (w *worker) component(i int) error {
	ix, c := w.ix, w.ix.comps[i]
	if i%checkEvery == 0 && w.a.ctx.Err() != nil {
		return fmt.Errorf("stride: %w", w.a.ctx.Err())
	}
	if !c.InScope() {
		return nil
	}
	p, t := w.prec, &w.t
	p.start(c)
	in, out := ix.incomingOf(c), outgoing(c)
	for _, x := range w.byKind[c.Kind()] {
		r := x.r
		if !Applies(r.Category, c) {
			continue
		}
		p.evaluated(x.i)
		switch r.Scope {
		case PerElement:
			*t = Target{Kind: c.Kind(), Component: c, ix: ix}
			p.record(x.i, nil, w.evaluate(r, t))
		case PerIncomingFlow:
			for _, f := range in {
				*t = Target{Kind: c.Kind(), Component: c, Flow: f, Source: f.Source(), Destination: c, Crossing: ix.crossingAt(f), ix: ix}
				p.record(x.i, f, w.evaluate(r, t))
			}
		case PerOutgoingFlow:
			for _, f := range out {
				*t = Target{Kind: c.Kind(), Component: c, Flow: f, Source: c, Destination: f.Destination(), Crossing: ix.crossingAt(f), ix: ix}
				p.record(x.i, f, w.evaluate(r, t))
			}
		}
	}
	return nil
}

// flow evaluates the rules on the i-th flow, once every component has
// been evaluated.
func (w *worker) flow(i int) error {
	ix, f := w.ix, w.ix.flows[i]
	if i%checkEvery == 0 && w.a.ctx.Err() != nil {
		return fmt.Errorf("stride: %w", w.a.ctx.Err())
	}
	if f.ResponseTo() != nil {
		return nil // part of its request's interaction (Target.Interaction)
	}
	p, t := w.prec, &w.t
	p.start(f)
	for _, x := range w.byKind[threatmodel.DataFlow] {
		r := x.r
		if !Applies(r.Category, f) {
			continue
		}
		p.evaluated(x.i)
		*t = Target{Kind: threatmodel.DataFlow, Flow: f, Source: f.Source(), Destination: f.Destination(), Crossing: ix.crossingAt(f), ix: ix}
		p.record(x.i, nil, w.evaluate(r, t))
	}
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// evaluate runs one rule on one target, records the threats it derives,
// and reports whether it derived any.
func (w *worker) evaluate(r *Rule, t *Target) bool {
	if r.Match != nil {
		if r.Match(t) {
			w.derived(r, t)
			return true
		}
		return false
	}
	items := r.MatchEach(t)
	any := false
	for _, it := range items {
		if it == nil {
			continue
		}
		t.Item = it
		w.derived(r, t)
		any = true
	}
	t.Item = nil
	return any
}

// derived builds the threat a rule derives on a target.
func (w *worker) derived(r *Rule, t *Target) {
	ix := w.ix
	subject := t.Element()
	// Built where it is kept: a Threat is large, and a copy into the
	// array moves every pointer of it under the collector's barrier.
	th := w.slot(ix.elemKey(subject))
	th.ID = threatID(r.ID, t)
	th.RuleID, th.Category = r.ID, r.Category
	th.Title, th.Description = r.Title, r.Description
	th.AttackPaths, th.Mitigations = r.AttackPaths, r.Mitigations
	th.CAPEC, th.CWE, th.OWASP = r.CAPEC, r.CWE, r.OWASP
	th.Flow = t.Flow
	th.Subject = subject
	th.Involved = w.involved(subject, t)
	th.Pos = ix.posOf(subject)
	if t.Flow != nil {
		th.Crossing = ix.crossingOf(t.Flow)
	}

	// Evidence: a control enforced where the rule says, or a property. It
	// is gathered in a scratch slice and copied once, at its size.
	w.evidence = t.ruleEvidence(w.evidence[:0], r)
	if len(w.evidence) > 0 {
		th.Evidence = w.shared.evidence(w.evidence)
		th.Controls = w.shared.controls(th.Evidence)
		th.AppliedMitigations = w.shared.mitigations(th.Evidence)
		th.Status = Mitigated
	}
	th.Impact, th.Likelihood = ix.rate(t, r)
}

// slot returns the next free threat of the worker's block, the subject's
// key recorded beside it, reserving a new block of the arena when it is
// full, or a threat of the worker's overflow when the arena is.
func (w *worker) slot(subj int32) *Threat {
	if w.next == w.end {
		w.block, w.end = w.ar.reserve()
		w.next = w.block
	}
	if w.next < w.end {
		i := w.next
		w.next++
		w.ar.subj[i] = subj
		return &w.ar.threats[i]
	}
	w.overflow = append(w.overflow, Threat{})
	w.overSubj = append(w.overSubj, subj)
	return &w.overflow[len(w.overflow)-1]
}

// arena is the array the workers write their threats into, block by block.
type arena struct {
	mu      sync.Mutex
	threats []Threat
	subj    []int32
	// used is the end of the blocks handed out; limit is where the
	// derived threats' part of the array ends.
	used, limit int
}

// blockSize is how many threats a worker reserves at a time.
const blockSize = 512

// reserve hands out the next block, empty when the array is full.
func (ar *arena) reserve() (lo, hi int) {
	ar.mu.Lock()
	defer ar.mu.Unlock()
	lo = ar.used
	hi = min(lo+blockSize, ar.limit)
	ar.used = hi
	return lo, hi
}

// compact closes the gaps the workers' last blocks left, moving threats
// from the end into them, appends the overflow, and returns the threats
// and their subjects' keys, with room for the hand-written threats.
func (ar *arena) compact(ws []*worker) ([]Threat, []int32) {
	type gap struct{ lo, hi int }
	var gaps []gap
	for _, w := range ws {
		if w.next < w.end {
			gaps = append(gaps, gap{w.next, w.end})
		}
	}
	slices.SortFunc(gaps, func(x, y gap) int { return cmp.Compare(x.lo, y.lo) })
	free := 0
	for _, g := range gaps {
		free += g.hi - g.lo
	}
	n := ar.used - free
	// Walk the filled threats at or after n, from the end, into the gaps
	// before n.
	src := ar.used - 1
	inGap := func(i int) bool {
		for _, g := range gaps {
			if g.lo <= i && i < g.hi {
				return true
			}
		}
		return false
	}
	for _, g := range gaps {
		for dst := g.lo; dst < g.hi && dst < n; dst++ {
			for src >= n && inGap(src) {
				src--
			}
			if src < n {
				break
			}
			ar.threats[dst], ar.subj[dst] = ar.threats[src], ar.subj[src]
			ar.threats[src], ar.subj[src] = Threat{}, 0
			src--
		}
	}
	threats, subj := ar.threats[:n], ar.subj[:n]
	for _, w := range ws {
		threats = append(threats, w.overflow...)
		subj = append(subj, w.overSubj...)
	}
	return threats, subj
}

// involved returns the elements a derived threat involves: the subject,
// then, for an interaction, the flow and the component at its other end,
// then the MatchEach item. The threats on one element, and the
// consecutive threats of one interaction, share one slice, clipped so
// that an append copies it.
func (w *worker) involved(subject threatmodel.Element, t *Target) []threatmodel.Element {
	var other threatmodel.Element
	interaction := t.Component != nil && t.Flow != nil
	if interaction {
		other = t.Source
		if other == t.Component {
			other = t.Destination
		}
	}
	if !interaction && t.Item == nil {
		k := w.ix.elemKey(subject)
		if k < 0 {
			return []threatmodel.Element{subject}
		}
		if w.shared.single == nil {
			w.shared.single = make([][]threatmodel.Element, len(w.ix.comps)+len(w.ix.flows))
		}
		if w.shared.single[k] == nil {
			w.shared.single[k] = []threatmodel.Element{subject}
		}
		return w.shared.single[k]
	}
	last := w.shared.last
	if len(last) > 0 && last[0] == subject && w.shared.lastFlow == t.Flow && w.shared.lastOther == other && w.shared.lastItem == t.Item {
		return last
	}
	n := 1
	if interaction {
		n += 2
	}
	if t.Item != nil {
		n++
	}
	out := append(w.shared.involvedBlock.take(n), subject)
	if interaction {
		out = append(out, t.Flow)
		if other != nil {
			out = append(out, other)
		}
	}
	if t.Item != nil {
		out = append(out, t.Item)
	}
	out = slices.Clip(out)
	w.shared.last, w.shared.lastFlow, w.shared.lastOther, w.shared.lastItem = out, t.Flow, other, t.Item
	return out
}

// shared holds slices that many threats hold the same: each is clipped,
// so that an append to one threat's copies it first.
type shared struct {
	evidenceBlock block[Evidence]
	involvedBlock block[threatmodel.Element]
	byControls    map[[4]uint64][]threatmodel.Control
	byMitigation  map[*threatmodel.Mitigation][]string
	single        [][]threatmodel.Element // by elemKey: the subject alone
	last          []threatmodel.Element   // the last interaction's, and what it was of
	lastFlow      *threatmodel.Flow
	lastOther     threatmodel.Element
	lastItem      threatmodel.Element
}

// evidence returns a copy of ev, cut from a block the worker's threats
// share. The evidence's proof states are settled after (see
// verifyEvidence).
func (s *shared) evidence(ev []Evidence) []Evidence {
	return append(s.evidenceBlock.take(len(ev)), ev...)
}

// controls returns controlsOf(ev), one slice for each set of controls.
func (s *shared) controls(ev []Evidence) []threatmodel.Control {
	var key [4]uint64
	n := 0
	for _, e := range ev {
		if e.Control != 0 && key[e.Control/64]&(1<<(e.Control%64)) == 0 {
			key[e.Control/64] |= 1 << (e.Control % 64)
			n++
		}
	}
	if n == 0 {
		return nil
	}
	if out, ok := s.byControls[key]; ok {
		return out
	}
	if s.byControls == nil {
		s.byControls = make(map[[4]uint64][]threatmodel.Control)
	}
	out := slices.Clip(controlsOf(ev))
	s.byControls[key] = out
	return out
}

// mitigations returns mitigationsOf(ev), one slice for each mitigation
// when the evidence cites one.
func (s *shared) mitigations(ev []Evidence) []string {
	var one *threatmodel.Mitigation
	for _, e := range ev {
		switch {
		case e.Mitigation == nil, e.Mitigation == one:
		case one == nil:
			one = e.Mitigation
		default:
			return mitigationsOf(ev)
		}
	}
	if one == nil {
		return nil
	}
	if out, ok := s.byMitigation[one]; ok {
		return out
	}
	if s.byMitigation == nil {
		s.byMitigation = make(map[*threatmodel.Mitigation][]string)
	}
	out := []string{one.Name()}
	s.byMitigation[one] = out
	return out
}
