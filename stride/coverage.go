package stride

import (
	"cmp"
	"runtime"
	"slices"
	"strings"

	"github.com/threatwright/threatwright/internal/par"
	"github.com/threatwright/threatwright/threatmodel"
)

// This file builds the report: the per-element index, the coverage matrix,
// the residual summary and the sorted findings.

// report builds the coverage matrix and the summary: the threats of each
// element, a coverage row per element in scope, the residual summary and
// the findings, waived and sorted.
func (a *analysis) report() *Report {
	r := &Report{Model: a.ix.m.Name(), Threats: a.threats, JudgedAt: a.cfg.at, Verified: a.cfg.verifier != nil, Strict: a.cfg.strict}
	byElem := a.threatsByElement(r)
	a.coverage(r, byElem)
	residual(r)
	r.Findings = a.sortedFindings()
	return r
}

// threatsByElement returns the threats of each element, by dense key, in
// report order: the derived threats of their subject and the hand-written
// threats of every element they are about.
func (a *analysis) threatsByElement(r *Report) [][]int32 {
	// The derived threats of all elements in one array, counted first.
	byElem := make([][]int32, len(a.ix.comps)+len(a.ix.flows))
	count := make([]int32, len(byElem))
	for _, k := range a.subj {
		if k >= 0 {
			count[k]++
		}
	}
	all := make([]int32, 0, len(a.subj))
	for k, n := range count {
		if n > 0 {
			byElem[k] = all[len(all) : len(all) : len(all)+int(n)]
			all = all[:len(all)+int(n)]
		}
	}
	count = nil
	for i, k := range a.subj {
		if k >= 0 {
			byElem[k] = append(byElem[k], int32(i))
		}
	}
	// A response shares the derived threats about its request's flow: they
	// are about the whole interaction (Target.Interaction).
	for _, f := range a.ix.flows {
		if req := f.ResponseTo(); req != nil && a.ix.ownsFlow(req) {
			k := a.ix.elemKey(f)
			byElem[k] = append(byElem[k], byElem[a.ix.elemKey(req)]...)
			slices.Sort(byElem[k])
		}
	}
	// Hand-written threats count for every element they are about.
	for _, ht := range a.ix.m.Threats() {
		j, ok := r.find(ht.ID())
		if !ok {
			continue
		}
		for _, el := range ht.About() {
			if k := a.ix.elemKey(el); k >= 0 && !slices.Contains(byElem[k], int32(j)) {
				byElem[k] = append(byElem[k], int32(j))
				slices.Sort(byElem[k])
			}
		}
	}
	return byElem
}

// coverage records the threats on each component and flow, and adds a
// coverage row for every component in scope and every flow, sorted by
// kind, subject and path: the elements are taken in that order (the kinds
// in turn, each in the order of ranks' names), so the rows need no sort.
// On a large model the rows are built on several goroutines, each a range
// of that order, and put together in it.
func (a *analysis) coverage(r *Report, byElem [][]int32) {
	r.on, r.comps, r.flows = byElem, a.ix.comps, a.ix.flows
	<-a.ranked
	nc := len(a.ix.comps)
	order := make([]int32, 0, len(a.byName))
	for _, kind := range []threatmodel.Kind{threatmodel.ExternalEntity, threatmodel.Process, threatmodel.DataStore, threatmodel.DataFlow} {
		for _, k := range a.byName {
			if int(k) >= nc {
				if kind == threatmodel.DataFlow {
					order = append(order, k)
				}
			} else if c := a.ix.comps[k]; c.Kind() == kind && c.InScope() {
				order = append(order, k)
			}
		}
	}
	via := a.threatsThroughFlows()
	workers := 1
	if a.parallel() {
		workers = min(runtime.GOMAXPROCS(0), maxWorkers)
	}
	rowers := make([]rower, workers)
	var g par.Group
	for w := range rowers {
		lo, hi := len(order)*w/workers, len(order)*(w+1)/workers
		rw := &rowers[w]
		rw.rows = make([]Coverage, 0, hi-lo)
		build := func() {
			for _, k := range order[lo:hi] {
				a.coverageRow(rw, byElem, via, k)
			}
		}
		if workers == 1 {
			build()
			continue
		}
		g.Go(build)
	}
	g.Wait()
	r.Coverage = make([]Coverage, 0, len(order))
	for _, rw := range rowers {
		r.Coverage = append(r.Coverage, rw.rows...)
		r.Residual.NotCovered += rw.notCovered
	}
}

// coverageRow adds the row of the element with dense key k: a component
// with its threats, a flow with its own and those about a component
// through its interaction.
func (a *analysis) coverageRow(rw *rower, byElem, via [][]int32, k int32) {
	nc := len(a.ix.comps)
	if int(k) < nc {
		c := a.ix.comps[k]
		a.coverageRowOf(rw, byElem[k], c, c.Name(), c.Kind())
		return
	}
	f := a.ix.flows[int(k)-nc]
	ts := byElem[k]
	req := f
	if f.ResponseTo() != nil && a.ix.ownsFlow(f.ResponseTo()) {
		req = f.ResponseTo()
	}
	if len(via[req.Index()]) > 0 {
		ts = slices.Concat(ts, via[req.Index()])
		slices.Sort(ts)
		ts = slices.Compact(ts)
	}
	a.coverageRowOf(rw, ts, f, f.Key(), threatmodel.DataFlow)
}

// rower builds coverage rows: the rows, the count of cells not covered,
// and the blocks and scratch its rows are cut from.
type rower struct {
	rows       []Coverage
	notCovered int
	cells      block[Cell]
	ids        block[string]
	row        []rowThreat
	cats       []Category
}

// threatsThroughFlows returns, by the index of each request flow, the
// derived threats about a component through a flow of that request's
// interaction (PerIncomingFlow and PerOutgoingFlow rules): they cover the
// flow's cells of their category too, in the coverage matrix, as they do
// for the generic flow rules (see uncovered).
func (a *analysis) threatsThroughFlows() [][]int32 {
	via := make([][]int32, len(a.ix.flows))
	for i := range a.threats {
		th := &a.threats[i]
		if th.RuleID == "" || th.Flow == nil || th.Subject == threatmodel.Element(th.Flow) {
			continue
		}
		f := th.Flow
		if f.ResponseTo() != nil && a.ix.ownsFlow(f.ResponseTo()) {
			f = f.ResponseTo()
		}
		if a.ix.ownsFlow(f) {
			via[f.Index()] = append(via[f.Index()], int32(i))
		}
	}
	return via
}

// coverageRowOf adds the coverage row of an element: a cell per applicable
// STRIDE category, with the threats in it and the worst of their statuses;
// when there are none, provider-managed where the provider protects what
// the category asks about (providerCell), otherwise not covered, counted
// in the residual summary.
func (a *analysis) coverageRowOf(rw *rower, threats []int32, el threatmodel.Element, subject string, kind threatmodel.Kind) {
	cov := Coverage{Element: el, Subject: subject, Path: a.ix.pathOf(el), Kind: kind, Pos: a.ix.posOf(el)}
	rw.cats = appendApplicable(rw.cats[:0], el)
	cats := rw.cats
	// The rows' cells, and the cells' threat IDs, are cut from blocks
	// shared by many rows: each threat is in one cell of a row.
	cov.Cells = rw.cells.take(len(cats))
	ids := rw.ids.take(len(threats))
	// The element's threats read once, into a scratch list, rather than
	// once for each category: they lie far apart in a large report.
	rw.row = rw.row[:0]
	for _, i := range threats {
		th := &a.threats[i]
		rw.row = append(rw.row, rowThreat{th.ID, th.Category, th.Status})
	}
	for _, cat := range cats {
		cell := Cell{Category: cat, Status: NotCovered}
		start := len(ids)
		for _, th := range rw.row {
			if th.category != cat {
				continue
			}
			if cell.Status == NotCovered {
				cell.Status = Mitigated
			}
			ids = append(ids, th.id)
			cell.Status = max(cell.Status, th.status)
		}
		if len(ids) > start {
			cell.Threats = ids[start:len(ids):len(ids)]
		}
		if cell.Status == NotCovered && providerCell(el, cat) {
			cell.Status = ProviderManaged
		}
		if cell.Status == NotCovered {
			rw.notCovered++
		}
		cov.Cells = append(cov.Cells, cell)
	}
	rw.rows = append(rw.rows, cov)
}

// rowThreat is what a coverage row reads of a threat.
type rowThreat struct {
	id       string
	category Category
	status   Status
}

// block hands out slices cut from larger arrays, each with its capacity
// clipped to what was asked, so that an append to one copies it.
type block[T any] struct{ free []T }

// take returns an empty slice with room for n values.
func (b *block[T]) take(n int) []T {
	if n == 0 {
		return nil
	}
	if cap(b.free)-len(b.free) < n {
		b.free = make([]T, 0, max(n, 4096))
	}
	s := b.free[len(b.free) : len(b.free) : len(b.free)+n]
	b.free = b.free[:len(b.free)+n]
	return s
}

// residual counts the report's threats by status, and the accepted and
// open ones by risk, in the residual summary.
func residual(r *Report) {
	for _, th := range r.Threats {
		r.Residual.Threats++
		switch th.Status {
		case Mitigated:
			r.Residual.Mitigated++
		case Accepted:
			r.Residual.Accepted++
			r.Residual.AcceptedByRisk.add(th.Risk)
		case Open:
			r.Residual.Open++
			r.Residual.OpenByRisk.add(th.Risk)
		}
	}
}

// sortedFindings applies the model's waivers for the analysis stage to the
// findings and sorts them by position, path, code and message.
func (a *analysis) sortedFindings() []*threatmodel.Finding {
	a.findings = a.ix.m.ApplyWaivers(threatmodel.StageAnalyze, a.findings)
	slices.SortFunc(a.findings, func(x, y *threatmodel.Finding) int {
		return cmp.Or(strings.Compare(x.Pos.File, y.Pos.File), cmp.Compare(x.Pos.Line, y.Pos.Line),
			strings.Compare(x.Path, y.Path), strings.Compare(string(x.Code), string(y.Code)),
			strings.Compare(x.Message, y.Message))
	})
	return a.findings
}
