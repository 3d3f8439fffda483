// Package diff compares two versions of a threat model and their analyses,
// for a pull request's review: the elements and flows added, removed or
// changed; the threats opened, closed or re-rated; the coverage cells that
// became gaps; what a component or a role now reaches that it did not; and
// the attack paths that appeared or went away. Compare takes two
// render.Documents (render.NewDocument of the model before and after the
// change); Diff.WriteMarkdown writes the result as a comment a pull
// request can carry, and package diff/difftest fails a test when a change
// opens a threat at or above a chosen risk.
//
//	before, _ := render.NewDocument(oldModel())
//	after, _ := render.NewDocument(newModel())
//	d := diff.Compare(before, after)
//	for _, t := range d.Opened(threatmodel.Medium) { … }
//
// Elements are matched across the versions by their path in the model
// (components["API"], flows["User → API: Call"]), threats by their stable
// ID, reach by the paths of the subject and of what it reaches. Every list
// is sorted; the same two documents give the same diff.
package diff

import (
	"cmp"
	"slices"

	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// Change says how an element or an attack path differs between the
// versions.
type Change uint8

// Changes.
const (
	Added Change = iota + 1
	Removed
	Changed
)

var changeNames = [...]string{"unstated", "added", "removed", "changed"}

// String returns "added", "removed" or "changed".
func (c Change) String() string {
	if int(c) < len(changeNames) {
		return changeNames[c]
	}
	return "Change(?)"
}

// ElementChange is an element added, removed or changed.
type ElementChange struct {
	Change Change
	// Path is the element's path in the model.
	Path string
	// Old and New are the element in each version; nil where it does not
	// exist.
	Old, New threatmodel.Element
	// Fields are, for a changed element, the attributes that differ, in a
	// fixed order.
	Fields []FieldChange
}

// FieldChange is one attribute of an element that differs.
type FieldChange struct {
	Field    string
	Old, New string
}

// ThreatChangeKind says how a threat differs between the versions.
type ThreatChangeKind uint8

// Threat change kinds.
const (
	// Opened: the threat is open after the change and was not before (it
	// is new, or its control or acceptance went away).
	Opened ThreatChangeKind = iota + 1
	// Closed: the threat was open and is now mitigated or accepted, or it
	// went away with what it was about.
	Closed
	// Rerated: the threat is open in both versions and its residual risk
	// changed.
	Rerated
	// Appeared: a new threat that is not open (mitigated or accepted).
	Appeared
	// Disappeared: a threat that was not open went away.
	Disappeared
)

var threatChangeNames = [...]string{"unstated", "opened", "closed", "re-rated", "appeared", "disappeared"}

// String returns "opened", "closed", "re-rated", "appeared" or
// "disappeared".
func (k ThreatChangeKind) String() string {
	if int(k) < len(threatChangeNames) {
		return threatChangeNames[k]
	}
	return "ThreatChangeKind(?)"
}

// ThreatChange is a threat whose presence, status or risk differs.
type ThreatChange struct {
	Kind ThreatChangeKind
	// ID is the threat's stable ID.
	ID string
	// Old and New are the threat in each version; nil where it does not
	// exist.
	Old, New *stride.Threat
}

// Risk returns the threat's residual risk after the change, or before it
// when the threat went away.
func (c ThreatChange) Risk() threatmodel.Level {
	if c.New != nil {
		return c.New.Risk
	}
	if c.Old != nil {
		return c.Old.Risk
	}
	return 0
}

// CoverageChange is a cell of the coverage matrix that became a gap: no
// rule and no hand-written threat covers the element for the category
// any more, or the element is new and uncovered.
type CoverageChange struct {
	// Path is the element's path.
	Path     string
	Category stride.Category
	// Old is the cell's status before, 0 for a new element; New is
	// stride.NotCovered.
	Old, New stride.Status
}

// ReachChange is an element a component or a role reaches after the change
// with access it did not have before: "this change lets the API service
// read the customers table".
type ReachChange struct {
	// Subject is the path of the component or role that reaches.
	Subject string
	// Element is the path of what it reaches.
	Element string
	// Old and New are its access before and after; Gained the levels it
	// did not have.
	Old, New, Gained threatmodel.Access
}

// PathChange is an attack path that appeared or went away, matched by its
// asset and the elements it passes.
type PathChange struct {
	Change Change
	// Asset is the path of the asset the attack path reaches.
	Asset string
	// Path is the attack path, as AttackPath.String writes it.
	Path string
	// Likelihood is the path's likelihood, in the version that has it.
	Likelihood threatmodel.Level
}

// Diff is everything that differs between two versions.
type Diff struct {
	// Model is the model's name after the change.
	Model    string
	Elements []ElementChange
	Threats  []ThreatChange
	Coverage []CoverageChange
	Reach    []ReachChange
	Paths    []PathChange
}

// Empty reports whether nothing differs.
func (d *Diff) Empty() bool {
	return d == nil || len(d.Elements)+len(d.Threats)+len(d.Coverage)+len(d.Reach)+len(d.Paths) == 0
}

// Opened returns the threats the change opened whose residual risk is at
// least min (threatmodel.Low for all), most severe first.
func (d *Diff) Opened(min threatmodel.Level) []ThreatChange {
	if d == nil {
		return nil
	}
	var out []ThreatChange
	for _, c := range d.Threats {
		if c.Kind == Opened && c.Risk() >= min || c.Kind == Rerated && c.Old != nil && c.New != nil &&
			c.New.Risk > c.Old.Risk && c.New.Risk >= min {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b ThreatChange) int { return cmp.Compare(b.Risk(), a.Risk()) })
	return out
}

// Compare returns what differs from before to after. A nil document, or one
// without a model, counts as an empty version; a document without a STRIDE
// report or a reach result compares only what it has.
func Compare(before, after *render.Document) *Diff {
	d := &Diff{}
	om, nm := model(before), model(after)
	if nm != nil {
		d.Model = nm.Name()
	} else if om != nil {
		d.Model = om.Name()
	}
	d.Elements = compareElements(om, nm)
	d.Threats = compareThreats(threats(before), threats(after))
	d.Coverage = compareCoverage(threats(before), threats(after))
	d.Reach = compareReach(om, nm, reachOf(before), reachOf(after))
	d.Paths = comparePaths(reachOf(before), reachOf(after))
	return d
}

func model(d *render.Document) *threatmodel.Model {
	if d == nil {
		return nil
	}
	return d.Model
}

func threats(d *render.Document) *stride.Report {
	if d == nil {
		return nil
	}
	return d.Threats
}

func reachOf(d *render.Document) *reach.Result {
	if d == nil {
		return nil
	}
	return d.Reach
}

// compareThreats matches the threats by ID.
func compareThreats(before, after *stride.Report) []ThreatChange {
	byID := func(r *stride.Report) map[string]*stride.Threat {
		m := map[string]*stride.Threat{}
		if r != nil {
			for i := range r.Threats {
				m[r.Threats[i].ID] = &r.Threats[i]
			}
		}
		return m
	}
	o, n := byID(before), byID(after)
	var out []ThreatChange
	for id, nt := range n {
		ot := o[id]
		switch {
		case ot == nil && nt.Status == stride.Open:
			out = append(out, ThreatChange{Opened, id, nil, nt})
		case ot == nil:
			out = append(out, ThreatChange{Appeared, id, nil, nt})
		case ot.Status != stride.Open && nt.Status == stride.Open:
			out = append(out, ThreatChange{Opened, id, ot, nt})
		case ot.Status == stride.Open && nt.Status != stride.Open:
			out = append(out, ThreatChange{Closed, id, ot, nt})
		case ot.Status == stride.Open && ot.Risk != nt.Risk:
			out = append(out, ThreatChange{Rerated, id, ot, nt})
		}
	}
	for id, ot := range o {
		if n[id] != nil {
			continue
		}
		k := Disappeared
		if ot.Status == stride.Open {
			k = Closed
		}
		out = append(out, ThreatChange{k, id, ot, nil})
	}
	slices.SortFunc(out, func(a, b ThreatChange) int { return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID)) })
	return out
}

// compareCoverage lists the cells that are NotCovered after the change and
// were not before.
func compareCoverage(before, after *stride.Report) []CoverageChange {
	if after == nil {
		return nil
	}
	type key struct {
		path string
		cat  stride.Category
	}
	was := map[key]stride.Status{}
	if before != nil {
		for _, row := range before.Coverage {
			for _, c := range row.Cells {
				was[key{row.Path, c.Category}] = c.Status
			}
		}
	}
	var out []CoverageChange
	for _, row := range after.Coverage {
		for _, c := range row.Cells {
			if c.Status == stride.NotCovered {
				if s := was[key{row.Path, c.Category}]; s != stride.NotCovered {
					out = append(out, CoverageChange{row.Path, c.Category, s, c.Status})
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b CoverageChange) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Category, b.Category))
	})
	return out
}

// comparePaths matches the attack paths by asset and route.
func comparePaths(before, after *reach.Result) []PathChange {
	type key struct{ asset, path string }
	index := func(r *reach.Result) map[key]threatmodel.Level {
		m := map[key]threatmodel.Level{}
		if r != nil {
			for _, p := range r.Paths {
				if p.Asset != nil {
					k := key{p.Asset.Path(), p.String()}
					m[k] = max(m[k], p.Likelihood)
				}
			}
		}
		return m
	}
	o, n := index(before), index(after)
	var out []PathChange
	for k, l := range n {
		if _, ok := o[k]; !ok {
			out = append(out, PathChange{Added, k.asset, k.path, l})
		}
	}
	for k, l := range o {
		if _, ok := n[k]; !ok {
			out = append(out, PathChange{Removed, k.asset, k.path, l})
		}
	}
	slices.SortFunc(out, func(a, b PathChange) int {
		return cmp.Or(cmp.Compare(a.Change, b.Change), cmp.Compare(a.Asset, b.Asset), cmp.Compare(a.Path, b.Path))
	})
	return out
}

// compareReach lists, for every component and role of the new version,
// what it reaches with access it did not have in the old one (nothing,
// for a subject the old version does not have).
func compareReach(om, nm *threatmodel.Model, before, after *reach.Result) []ReachChange {
	if nm == nil || after == nil {
		return nil
	}
	had := map[[2]string]threatmodel.Access{}
	if om != nil && before != nil {
		for _, c := range om.Components() {
			if cr := before.Component(c); cr != nil {
				for _, e := range cr.Reach {
					had[[2]string{c.Path(), e.Element.Path()}] |= e.Access
				}
			}
		}
		for _, r := range om.Roles() {
			if rr := before.Role(r); rr != nil {
				for _, e := range rr.Reach {
					had[[2]string{r.Path(), e.Element.Path()}] |= e.Access
				}
			}
		}
	}
	var out []ReachChange
	add := func(subject string, es []reach.Entry) {
		now := map[string]threatmodel.Access{}
		var order []string
		for _, e := range es {
			p := e.Element.Path()
			if _, ok := now[p]; !ok {
				order = append(order, p)
			}
			now[p] |= e.Access
		}
		for _, p := range order {
			before := had[[2]string{subject, p}]
			if g := now[p] &^ before; g != 0 {
				out = append(out, ReachChange{subject, p, before, now[p], g})
			}
		}
	}
	for _, c := range nm.Components() {
		if cr := after.Component(c); cr != nil {
			add(c.Path(), cr.Reach)
		}
	}
	for _, r := range nm.Roles() {
		if rr := after.Role(r); rr != nil {
			add(r.Path(), rr.Reach)
		}
	}
	slices.SortFunc(out, func(a, b ReachChange) int {
		return cmp.Or(cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.Element, b.Element))
	})
	return out
}
