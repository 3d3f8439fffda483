package stride

import "github.com/threatwright/threatwright/threatmodel"

// Risk rating
//
// Impact follows the assets involved. Each asset rates as the highest of:
//
//	value       Low → Low; Medium, Medium-High → Medium; High, Very High → High
//	risk level  Moderate → Low; Important → Medium; Critical → High
//	class       Confidential or PII → at least Medium; Restricted → High
//
// A component's impact is the highest rating among the assets it stores, the
// assets that represent it (threatmodel.Represents) and the assets carried by
// the flows into and out of it (a process handles what passes through it). A
// flow's impact is the highest among the assets it carries and those that
// represent it. An interaction takes the higher of its component and its
// flow, and a threat about one asset (a MatchEach item) at least that
// asset's rating. When no asset involved states anything, impact is Medium:
// unknown is not low.
//
// Likelihood follows exposure (see Exposure): an element in an untrusted
// zone, or reachable from one through flows none of which authenticates, is
// High; one reachable only through authentication is Medium; one no flow
// from an untrusted zone reaches is Low. A flow, and an interaction (a
// component through one of its flows), takes the exposure of the flow's
// source, one step higher when the flow crosses a trust boundary without
// encryption: Plaintext, or not stated and no Encryption in transit control
// where the threat looks (see Target.Has). A threat the model mitigates is
// one step lower: its controls make the attack less likely to succeed,
// which is what the residual rating should say.
//
// Risk combines them with the matrix below (rows impact, columns
// likelihood), the usual 3×3 of the template's High/Medium/Low:
//
//	            Low     Medium  High
//	High        Medium  High    High
//	Medium      Low     Medium  High
//	Low         Low     Low     Medium
//
// Override replaces the computed impact or likelihood of one threat.

// RiskOf combines impact and likelihood into a risk level with the matrix
// described above (and in the package documentation). Each must be Low,
// Medium or High; otherwise RiskOf returns 0.
func RiskOf(impact, likelihood threatmodel.Level) threatmodel.Level {
	i, l := rank(impact), rank(likelihood)
	if i == 0 || l == 0 {
		return 0
	}
	return riskMatrix[i-1][l-1]
}

var riskMatrix = [3][3]threatmodel.Level{
	{threatmodel.Low, threatmodel.Low, threatmodel.Medium},   // impact Low
	{threatmodel.Low, threatmodel.Medium, threatmodel.High},  // impact Medium
	{threatmodel.Medium, threatmodel.High, threatmodel.High}, // impact High
}

// rank maps a template level to 1 (Low), 2 (Medium), 3 (High), 0 otherwise.
func rank(l threatmodel.Level) int {
	switch l {
	case threatmodel.Low:
		return 1
	case threatmodel.Medium:
		return 2
	case threatmodel.High:
		return 3
	}
	return 0
}

var ranked = [4]threatmodel.Level{0, threatmodel.Low, threatmodel.Medium, threatmodel.High}

// AssetLevel rates an asset in the template's Low, Medium, High as the risk
// rating describes, or 0 when the asset states neither value, risk level nor
// classification.
func AssetLevel(a *threatmodel.Asset) threatmodel.Level {
	if a == nil {
		return 0
	}
	r := 0
	switch a.Value() {
	case threatmodel.Low:
		r = 1
	case threatmodel.Medium, threatmodel.MediumHigh:
		r = 2
	case threatmodel.High, threatmodel.VeryHigh:
		r = 3
	}
	switch a.Criticality() {
	case threatmodel.Moderate:
		r = max(r, 1)
	case threatmodel.Important:
		r = max(r, 2)
	case threatmodel.Critical:
		r = 3
	}
	switch a.Classification() {
	case threatmodel.Confidential:
		r = max(r, 2)
	case threatmodel.Restricted:
		r = 3
	}
	if a.PII() {
		r = max(r, 2)
	}
	return ranked[r]
}

func maxAssetLevel(l threatmodel.Level, assets []*threatmodel.Asset) threatmodel.Level {
	for _, a := range assets {
		if al := AssetLevel(a); rank(al) > rank(l) {
			l = al
		}
	}
	return l
}

func maxLevel(a, b threatmodel.Level) threatmodel.Level {
	if rank(b) > rank(a) {
		return b
	}
	return a
}

// step moves a level up (d > 0) or down (d < 0) within Low … High.
func step(l threatmodel.Level, d int) threatmodel.Level {
	return ranked[min(3, max(1, rank(l)+d))]
}

func exposureLikelihood(e Exposure) threatmodel.Level {
	switch e {
	case InUntrustedZone, ReachableAnonymously:
		return threatmodel.High
	case ReachableAuthenticated:
		return threatmodel.Medium
	}
	return threatmodel.Low
}

// rate computes the impact and likelihood of a derived threat on the target.
func (ix *index) rate(t *Target, mitigated bool) (impact, likelihood threatmodel.Level) {
	if t.Component != nil && ix.owns(t.Component) {
		impact = ix.compImpact[t.Component.Index()]
	}
	if t.Flow != nil && ix.ownsFlow(t.Flow) {
		impact = maxLevel(impact, ix.flowImpact[t.Flow.Index()])
	}
	if a, ok := t.Item.(*threatmodel.Asset); ok {
		impact = maxLevel(impact, AssetLevel(a))
	}
	if impact == 0 {
		impact = threatmodel.Medium
	}
	likelihood = exposureLikelihood(t.Exposure())
	if t.Flow != nil && t.Crossing.Crosses() && encryptedInTransit(t) == "" {
		likelihood = step(likelihood, +1)
	}
	if mitigated {
		likelihood = step(likelihood, -1)
	}
	return impact, likelihood
}

// rateElements computes impact and likelihood for a hand-written threat
// that does not state them, from the elements it is about.
func (ix *index) rateElements(els []threatmodel.Element) (impact, likelihood threatmodel.Level) {
	exp := Unreachable
	for _, el := range els {
		switch e := el.(type) {
		case *threatmodel.Component:
			if ix.owns(e) {
				impact = maxLevel(impact, ix.compImpact[e.Index()])
				exp = max(exp, ix.reach[e.Index()])
			}
		case *threatmodel.Flow:
			if ix.ownsFlow(e) {
				impact = maxLevel(impact, ix.flowImpact[e.Index()])
				exp = max(exp, ix.exposure(e.Source()))
			}
		case *threatmodel.Asset:
			impact = maxLevel(impact, AssetLevel(e))
		}
	}
	if impact == 0 {
		impact = threatmodel.Medium
	}
	return impact, exposureLikelihood(exp)
}
