package otm

import "github.com/threatwright/threatwright/threatmodel"

// OTM rates trust, risk, likelihood and impact as numbers; this file maps
// the model's ordinal levels onto 0–100 and back. A level exports as the
// middle of its band, so that a number another tool writes inside the band
// imports as the same level.

// trustRating is the OTM trust rating (0 none, 100 full) of a trust level.
func trustRating(t threatmodel.Trust) float64 {
	switch t {
	case threatmodel.Untrusted:
		return 10
	case threatmodel.SemiTrusted:
		return 40
	case threatmodel.Trusted:
		return 70
	case threatmodel.HighlyTrusted:
		return 100
	}
	return 50
}

// trustOf is the trust level of an OTM trust rating: below 30 untrusted
// (the internet), below 60 semi-trusted, below 90 trusted, else highly
// trusted.
func trustOf(rating float64) threatmodel.Trust {
	switch {
	case rating < 30:
		return threatmodel.Untrusted
	case rating < 60:
		return threatmodel.SemiTrusted
	case rating < 90:
		return threatmodel.Trusted
	}
	return threatmodel.HighlyTrusted
}

// levelScore is a level on OTM's 0–100 scale, 0 for unstated.
func levelScore(l threatmodel.Level) float64 {
	if l < threatmodel.Low || l > threatmodel.VeryHigh {
		return 0
	}
	return float64(l) * 20
}

// levelOf is the level of a 0–100 score, in bands of 20; 0 or less is
// unstated.
func levelOf(score float64) threatmodel.Level {
	switch {
	case score <= 0:
		return 0
	case score <= 20:
		return threatmodel.Low
	case score <= 40:
		return threatmodel.Medium
	case score <= 60:
		return threatmodel.MediumHigh
	case score <= 80:
		return threatmodel.High
	}
	return threatmodel.VeryHigh
}

// criticalityScore is an asset's risk level on the 0–100 scale.
func criticalityScore(c threatmodel.Criticality) float64 {
	switch c {
	case threatmodel.Moderate:
		return 30
	case threatmodel.Important:
		return 60
	case threatmodel.Critical:
		return 100
	}
	return 0
}

// criticalityOf is the risk level of the highest of an asset's three
// scores: above 80 critical, above 50 important, above 0 moderate.
func criticalityOf(score float64) threatmodel.Criticality {
	switch {
	case score > 80:
		return threatmodel.Critical
	case score > 50:
		return threatmodel.Important
	case score > 0:
		return threatmodel.Moderate
	}
	return 0
}

// confidentialityScore rates the harm of disclosure from the asset's
// classification, and from its risk level when it states none.
func confidentialityScore(a *threatmodel.Asset) float64 {
	switch a.Classification() {
	case threatmodel.Public:
		return 0
	case threatmodel.Internal:
		return 30
	case threatmodel.Confidential:
		return 70
	case threatmodel.Restricted:
		return 100
	}
	return criticalityScore(a.Criticality())
}
