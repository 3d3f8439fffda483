package reach

import (
	"strings"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// This file holds where attack paths start: attackers outside, insiders,
// the supply chain, and leaked secrets.

// addStarts adds the attacker's starting points: control of every component
// in an untrusted zone, and of every external entity other than a person in
// a semi-trusted or trusted zone, each as likely as its zone is untrusted.
// A person in a more trusted zone is an insider (addInsiders).
func (g *attackGraph) addStarts() {
	x := g.a.x
	for _, ci := range x.byName {
		c := x.comps[ci]
		z := c.Zone()
		if z == nil {
			continue
		}
		var l tm.Level
		switch {
		case z.Trust() <= tm.Untrusted:
			l = tm.High
		case c.Kind() != tm.ExternalEntity || c.IsA(tm.Human):
			continue
		case z.Trust() == tm.SemiTrusted:
			l = tm.Medium
		default:
			l = tm.Low
		}
		g.add(0, g.ownNode(int(ci)), Step{Kind: StepStart, To: c, Weakness: UntrustedSource, Likelihood: l})
	}
}

// addInsiders adds, for each person, the start as an insider (Low: a
// malicious or compromised insider is the assumption) and the requests they
// can send over their own flows with the credentials they hold.
func (g *attackGraph) addInsiders() {
	x := g.a.x
	for k, ci := range g.insiders {
		c := x.comps[ci]
		g.add(g.source(fromInsider), g.insiderNode(k), Step{Kind: StepStart, To: c, Weakness: Insider, Likelihood: tm.Low})
		for _, f := range x.out[ci] {
			d := f.Destination()
			if f.ResponseTo() != nil || d == nil || d == c || !x.has(d) || d.Kind() == tm.ExternalEntity {
				continue
			}
			g.add(g.insiderNode(k), g.reachNode(d.Index()),
				Step{Kind: StepEnter, From: c, To: d, Flow: f, Weakness: InsiderAccess, Likelihood: tm.High})
		}
	}
}

// addSupplyChain adds, for each process built from a dependency and each
// CI/CD pipeline, one start at its control: through the likeliest of its
// dependencies (see dependencyLikelihood; the first by name on a tie), or,
// for a pipeline, through its platform (Low).
func (g *attackGraph) addSupplyChain() {
	x := g.a.x
	// Per process, by index: the likeliest dependency, the first by name
	// on a tie.
	best := make([]*tm.Dependency, len(x.comps))
	bestL := make([]tm.Level, len(x.comps))
	for _, d := range sortedByName(x.m.Dependencies()) {
		l := dependencyLikelihood(d)
		for _, c := range dependencyUsedBy(d) {
			if c != nil && x.has(c) && c.Kind() == tm.Process && l > bestL[c.Index()] {
				best[c.Index()], bestL[c.Index()] = d, l
			}
		}
	}
	for _, ci := range x.byName {
		c := x.comps[ci]
		if c.Kind() != tm.Process {
			continue
		}
		s := Step{Kind: StepStart, To: c}
		if d := best[ci]; d != nil {
			s.Weakness, s.Likelihood, s.Dependency = CompromisedDependency, bestL[ci], d
		}
		if s.Weakness == 0 && c.IsA(tm.Pipeline) {
			s.Weakness, s.Likelihood = CompromisedPipeline, tm.Low
		}
		if s.Weakness != 0 {
			g.add(g.source(fromSupplyChain), g.ownNode(int(ci)), s)
		}
	}
}

// dependencyLikelihood returns how likely a dependency is to ship an
// attacker's code into what is built from it: Medium when its version is
// neither pinned (exact version, lock file, digest) nor verified, Low
// otherwise.
func dependencyLikelihood(d *tm.Dependency) tm.Level {
	if d.Pinning() >= tm.ExactVersion || strings.TrimSpace(d.Verification()) != "" {
		return tm.Low
	}
	return tm.Medium
}

// addLeaks adds, for each secret that can leak on its own, a step from the
// attacker to what it grants: an asset, control of a process, or a call to
// one.
func (g *attackGraph) addLeaks(secrets []SecretReach) {
	for _, sr := range secrets {
		l, ok := leakLikelihood(sr.Secret)
		if !ok {
			continue
		}
		memo := takeoverMemo{}
		for _, e := range sr.Reach {
			if memo.viaTakeover(e) {
				continue // the takeover's own step leads there
			}
			s := Step{Kind: StepLeak, To: e.Element, Secret: sr.Secret, Weakness: LeakedSecret, Likelihood: l}
			if len(e.Via) > 0 {
				s.Role = e.Via[0].Role()
			}
			switch el := e.Element.(type) {
			case *tm.Asset:
				g.add(0, g.assetNode(el), s)
			case *tm.Component:
				switch {
				case el.Kind() != tm.Process:
				case e.Takeover:
					g.add(0, g.ownNode(el.Index()), s)
				case e.Access&tm.Write != 0:
					g.add(0, g.reachNode(el.Index()), s)
				}
			}
		}
	}
}
