package stride

import "github.com/threatwright/threatwright/threatmodel"

// precedence remembers, while derive runs, which specific built-in rules
// derived a threat on the element being evaluated, and through which
// flows the interaction rules derived one on a component, so that a
// generic rule (see uncovered) reads the answer instead of evaluating
// every specific rule of its category again. It answers only for a rule
// of derive's own catalog evaluated on that element; anything else —
// a rule WithoutRules removed, a Target built outside Analyze — is
// evaluated as before.
type precedence struct {
	// ids maps the ID of each rule of derive's catalog to its index.
	ids   map[string]int
	words int
	// cur is the element being evaluated; done and hit are bit sets, by
	// rule index, of the rules evaluated on it and those that derived.
	cur       threatmodel.Element
	done, hit []uint64
	// through holds, by flow index, words bits: the interaction rules
	// that derived a threat on an end of the flow through it; complete
	// once every component has been evaluated. flows is the model's
	// number of flows.
	through  []uint64
	flows    int
	complete bool
}

// newPrecedence returns the memory of derive for the rules, or nil when the
// catalog replaces the built-in one: then a rule with a built-in rule's ID
// need not be that rule, and the generic rules evaluate their own.
func newPrecedence(cfg *config, rules []Rule, flows int) *precedence {
	if cfg.replaced {
		return nil
	}
	p := &precedence{ids: make(map[string]int, len(rules)), words: (len(rules) + 63) / 64, flows: flows}
	for i := range rules {
		p.ids[rules[i].ID] = i
	}
	p.done, p.hit = make([]uint64, p.words), make([]uint64, p.words)
	p.through = make([]uint64, p.words*flows)
	return p
}

// mergeThrough returns what the workers' interaction rules derived
// through each flow, all together.
func (p *precedence) mergeThrough(ws []*worker) []uint64 {
	if p == nil {
		return nil
	}
	for _, w := range ws {
		if w.prec != p {
			for i, bits := range w.prec.through {
				p.through[i] |= bits
			}
		}
	}
	return p.through
}

// start begins the evaluation of an element.
func (p *precedence) start(el threatmodel.Element) {
	if p == nil {
		return
	}
	p.cur = el
	clear(p.done)
	clear(p.hit)
}

// evaluated records that rule i is evaluated on the current element.
func (p *precedence) evaluated(i int) {
	if p != nil {
		p.done[i/64] |= 1 << (i % 64)
	}
}

// record records whether rule i derived a threat on the current element,
// through flow f for an interaction (nil otherwise).
func (p *precedence) record(i int, f *threatmodel.Flow, derived bool) {
	if p == nil || !derived {
		return
	}
	p.hit[i/64] |= 1 << (i % 64)
	if f != nil && f.Index() < p.flows {
		p.through[f.Index()*p.words+i/64] |= 1 << (i % 64)
	}
}

// componentsDone records that every component has been evaluated, with
// what the interaction rules derived through each flow.
func (p *precedence) componentsDone(through []uint64) {
	if p != nil {
		p.through, p.complete = through, true
	}
}

// on reports what derive found for rule r on el: whether it derived, and
// whether the answer is known.
func (p *precedence) on(r *Rule, el threatmodel.Element) (derived, known bool) {
	if p == nil || el == nil || el != p.cur {
		return false, false
	}
	i, ok := p.ids[r.ID]
	if !ok || p.done[i/64]&(1<<(i%64)) == 0 {
		return false, false
	}
	return p.hit[i/64]&(1<<(i%64)) != 0, true
}

// via reports what derive found for the interaction rule r through flow f,
// once every component has been evaluated.
func (p *precedence) via(r *Rule, f *threatmodel.Flow) (derived, known bool) {
	if p == nil || !p.complete || f == nil || f.Index() >= p.flows {
		return false, false
	}
	i, ok := p.ids[r.ID]
	if !ok {
		return false, false
	}
	return p.through[f.Index()*p.words+i/64]&(1<<(i%64)) != 0, true
}
