package stride

import (
	"cmp"

	"github.com/threatwright/threatwright/threatmodel"
)

// Risk rating
//
// Impact is the harm to the property the threat's category attacks, in the
// assets the threat touches (OWASP Risk Rating's technical impact, CVSS's
// C/I/A impact):
//
//	Information disclosure  confidentiality
//	Tampering               integrity
//	Denial of service       availability
//	Repudiation             accountability: the integrity rating, at most Medium
//	Spoofing, Elevation     the higher of confidentiality and integrity
//
// Each asset rates each property in the template's Low, Medium, High:
//
//	confidentiality  its classification when stated (Public → Low,
//	                 Internal → Medium, Confidential and Restricted → High),
//	                 else its value and risk level; PII at least Medium
//	integrity        value (Low → Low; Medium, Medium-High → Medium; High,
//	                 Very High → High) and risk level (Moderate → Low,
//	                 Important → Medium, Critical → High), the higher
//	availability     risk level when stated, else value
//
// A component touches the assets it stores, the assets that represent it
// (threatmodel.Represents) and the assets carried by the flows into and out
// of it (a process handles what passes through it); a flow the assets it
// carries and those that represent it. An interaction takes the higher of
// its component and its flow, and a threat about one asset (a MatchEach
// item) at least that asset's rating. When no asset involved states
// anything, impact is Medium: unknown is not low.
//
// Likelihood follows exposure along the flows (see Exposure), transitive
// through load balancers and gateways: an element in an untrusted zone, or
// reachable from one through flows none of which authenticates, is High;
// one reachable only through authentication is Medium, or Low when the
// attacker must present a key (a cryptographic scheme: IAM signature,
// client certificate, SSH key, workload identity) rather than a secret that
// can be stolen and replayed; one no flow from an untrusted zone reaches is
// Low. A flow, and an interaction (a component
// through one of its flows), takes the exposure of the flow's source, one
// step higher when the flow crosses a trust boundary without encryption.
// A threat that needs a foothold first (Rule.Foothold: control of the
// element or of a holder of its role, CVSS's "privileges required") is one
// step less likely than the element's exposure; a generic fill-in
// (Rule.FillIn) is Low, raised only by an unencrypted crossing. That is the
// inherent likelihood. The residual likelihood of a mitigated
// threat is Low (its evidence says which control acts where); an open or
// accepted threat keeps its inherent likelihood.
//
// Risk combines impact and likelihood with the matrix below (rows impact,
// columns likelihood), the usual 3×3 of the template's High/Medium/Low,
// once for the inherent and once for the residual risk:
//
//	            Low     Medium  High
//	High        Medium  High    High
//	Medium      Low     Medium  High
//	Low         Low     Low     Medium
//
// Override replaces the computed impact or inherent likelihood of one
// threat.

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
	r := max(valueRank(a), criticalityRank(a))
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

// valueRank rates an asset's value 1 (Low), 2 (Medium, Medium-High) or 3
// (High, Very High), 0 when not stated.
func valueRank(a *threatmodel.Asset) int {
	switch a.Value() {
	case threatmodel.Low:
		return 1
	case threatmodel.Medium, threatmodel.MediumHigh:
		return 2
	case threatmodel.High, threatmodel.VeryHigh:
		return 3
	}
	return 0
}

// criticalityRank rates an asset's risk level 1 (Moderate), 2 (Important)
// or 3 (Critical), 0 when not stated.
func criticalityRank(a *threatmodel.Asset) int {
	switch a.Criticality() {
	case threatmodel.Moderate:
		return 1
	case threatmodel.Important:
		return 2
	case threatmodel.Critical:
		return 3
	}
	return 0
}

// property is what a threat category harms.
type property uint8

const (
	confidentiality property = iota
	integrity
	availability
	nProperties
)

// assetProperty rates one property of an asset, or 0 when the asset states
// nothing that rates it.
func assetProperty(a *threatmodel.Asset, p property) threatmodel.Level {
	if a == nil {
		return 0
	}
	value, crit := valueRank(a), criticalityRank(a)
	r := 0
	switch p {
	case confidentiality:
		switch a.Classification() {
		case threatmodel.Public:
			r = 1
		case threatmodel.Internal:
			r = 2
		case threatmodel.Confidential, threatmodel.Restricted:
			r = 3
		default:
			r = max(value, crit)
		}
		if a.PII() {
			r = max(r, 2)
		}
	case integrity:
		r = max(value, crit)
	case availability:
		r = cmp.Or(crit, value)
	}
	return ranked[r]
}

// propertiesOf returns the asset ratings of every property, for the
// per-element impact table.
func propertiesOf(a *threatmodel.Asset) [nProperties]threatmodel.Level {
	var out [nProperties]threatmodel.Level
	for p := range nProperties {
		out[p] = assetProperty(a, p)
	}
	return out
}

// maxProperties raises each property of l to the assets' ratings.
func maxProperties(l [nProperties]threatmodel.Level, assets []*threatmodel.Asset) [nProperties]threatmodel.Level {
	for _, a := range assets {
		pa := propertiesOf(a)
		for p := range nProperties {
			l[p] = maxLevel(l[p], pa[p])
		}
	}
	return l
}

// categoryImpact reads a category's impact from the property ratings:
// 0 when no asset rates what the category harms.
func categoryImpact(c threatmodel.Category, l [nProperties]threatmodel.Level) threatmodel.Level {
	switch c {
	case threatmodel.InformationDisclosure:
		return l[confidentiality]
	case threatmodel.Tampering:
		return l[integrity]
	case threatmodel.DenialOfService:
		return l[availability]
	case threatmodel.Repudiation:
		if rank(l[integrity]) > rank(threatmodel.Medium) {
			return threatmodel.Medium
		}
		return l[integrity]
	}
	return maxLevel(l[confidentiality], l[integrity])
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

// rate computes the impact and the inherent likelihood of a derived threat
// of the category on the target.
func (ix *index) rate(t *Target, r *Rule) (impact, likelihood threatmodel.Level) {
	c := r.Category
	var l [nProperties]threatmodel.Level
	if t.Component != nil && ix.owns(t.Component) {
		l = ix.compImpact[t.Component.Index()]
	}
	if t.Flow != nil {
		flows := []*threatmodel.Flow{t.Flow}
		if t.Component == nil {
			flows = t.interaction() // a threat about a flow is about its whole interaction
		}
		for _, fl := range flows {
			if !ix.ownsFlow(fl) {
				continue
			}
			f := ix.flowImpact[fl.Index()]
			for p := range nProperties {
				l[p] = maxLevel(l[p], f[p])
			}
		}
	}
	if a, ok := t.Item.(*threatmodel.Asset); ok {
		l = maxProperties(l, []*threatmodel.Asset{a})
	}
	impact = cmp.Or(categoryImpact(c, l), threatmodel.Medium)
	likelihood = exposureLikelihood(t.Exposure())
	switch {
	case r.FillIn:
		likelihood = threatmodel.Low // see Rule.FillIn
	case r.Foothold:
		likelihood = step(likelihood, -1) // see Rule.Foothold
	}
	if t.Flow != nil && t.Crossing.Crosses() && encryptedInTransit(t) == "" {
		likelihood = step(likelihood, +1)
	}
	return impact, likelihood
}

// rateElements computes impact and likelihood for a hand-written threat
// of the category that does not state them, from the elements it is about.
func (ix *index) rateElements(els []threatmodel.Element, c threatmodel.Category) (impact, likelihood threatmodel.Level) {
	exp := Unreachable
	var l [nProperties]threatmodel.Level
	raise := func(o [nProperties]threatmodel.Level) {
		for p := range nProperties {
			l[p] = maxLevel(l[p], o[p])
		}
	}
	for _, el := range els {
		switch e := el.(type) {
		case *threatmodel.Component:
			if ix.owns(e) {
				raise(ix.compImpact[e.Index()])
				exp = max(exp, ix.reach[e.Index()])
			}
		case *threatmodel.Flow:
			if ix.ownsFlow(e) {
				raise(ix.flowImpact[e.Index()])
				exp = max(exp, ix.exposure(e.Source()))
			}
		case *threatmodel.Asset:
			l = maxProperties(l, []*threatmodel.Asset{e})
		}
	}
	return cmp.Or(categoryImpact(c, l), threatmodel.Medium), exposureLikelihood(exp)
}
