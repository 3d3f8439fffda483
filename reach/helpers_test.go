package reach_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

func analyze(t testing.TB, m *tm.Model, opts ...reach.Option) *reach.Result {
	t.Helper()
	res, err := reach.Analyze(m, opts...)
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	return res
}

// elPaths returns the paths of the entries' elements.
func elPaths(es []reach.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Element.Path())
	}
	return out
}

func names[T interface{ Name() string }](els []T) []string {
	var out []string
	for _, e := range els {
		out = append(out, e.Name())
	}
	return out
}

func pathStrings(ps []reach.AttackPath) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s #%d cost %d %s: %s", p.Asset.Name(), p.Rank, p.Cost, p.Likelihood, p.String()))
	}
	return out
}

func stepStrings(p reach.AttackPath) []string {
	var out []string
	for _, s := range p.Steps {
		out = append(out, s.String())
	}
	return out
}

// describe renders a result as lines that do not depend on source
// positions, to compare results.
func describe(res *reach.Result) []string {
	var out []string
	bl := func(prefix string, b reach.BlastRadius) {
		for _, e := range b.Reach {
			var chain []string
			for _, c := range e.Chain {
				chain = append(chain, c.Name())
			}
			out = append(out, fmt.Sprintf("%s %s %s %v wild=%v out=%v chain=%s", prefix, e.Element.Path(), e.Access,
				e.Actions, e.Wildcard, e.Outside, strings.Join(chain, ">")))
		}
		out = append(out, fmt.Sprintf("%s max %s %s leaks %d wildcards %d", prefix, b.MaxValue, b.MaxCriticality, len(b.Leaks), len(b.Wildcards)))
	}
	for _, r := range res.Roles() {
		bl("role "+r.Role.Name(), r.BlastRadius)
		out = append(out, fmt.Sprintf("role %s assumes %v secrets %v", r.Role.Name(), names(r.Assumes), names(r.Secrets)))
	}
	for _, c := range res.Components {
		bl("component "+c.Component.Name(), c.BlastRadius)
		for _, call := range c.Calls {
			out = append(out, fmt.Sprintf("component %s calls %s pivot=%v outside=%v", c.Component.Name(), call.Flow.Key(), call.Pivot, call.Outside))
		}
	}
	for _, s := range res.Secrets {
		bl("secret "+s.Secret.Name(), s.BlastRadius)
	}
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("finding %s %s %s %d", f.Code, f.Path, f.Message, len(f.Scopes)))
	}
	out = append(out, pathStrings(res.Paths)...)
	for _, p := range res.Paths {
		out = append(out, stepStrings(p)...)
	}
	for _, b := range res.Gate.Boundaries {
		out = append(out, "boundary "+b.Zone.Name()+": "+b.Worst)
	}
	out = append(out, fmt.Sprintf("coverage %+v %+v", res.Gate.Infrastructure, res.Gate.Application))
	return out
}
