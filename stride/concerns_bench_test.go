package stride_test

import (
	"strconv"
	"testing"

	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// hubModel is the shape in which the rules about shared credentials,
// confused deputies, request correlation and CSRF behind forwarders go
// quadratic if they re-read what they share: n services that a browser
// reaches through one load balancer, each calling one hub service and one
// database with one shared password, the hub calling every service back,
// and every service on the load balancer's host.
func hubModel(n int) *tm.Model {
	m := tm.New("Hub")
	internet := m.Zone("Internet", tm.Untrusted)
	edge := m.Zone("Edge", tm.SemiTrusted)
	app := m.Zone("App", tm.Trusted)
	records := m.DataAsset("Records", tm.Value(tm.High))
	browser := m.ExternalEntity("Browser", internet, tm.Is(tm.Browser))
	lb := m.Process("LB", edge, tm.Is(tm.LoadBalancer))
	hub := m.Process("Hub", app, tm.Is(tm.Service))
	logs := m.DataStore("Logs", app, tm.Is(tm.LogStore), tm.HoldsAuditLogs())
	db := m.DataStore("DB", app, tm.Is(tm.Database), tm.Stores(records), tm.BilledPerRequest())
	db.AuditedIn(logs)
	m.Flow(browser, lb, "Browse", tm.AuthN(tm.Session))
	m.Flow(hub, logs, "Hub logs", tm.AuthN(tm.IAMSignature))
	var queries []*tm.Flow
	for i := range n {
		s := m.Process("Service "+strconv.Itoa(i), app, tm.Is(tm.Service))
		s.SharesHostWith(lb)
		m.Flow(lb, s, "Forward", tm.AuthN(tm.Session))
		m.Flow(s, hub, "Ask", tm.AuthN(tm.IAMSignature))
		m.Flow(hub, s, "Notify", tm.AuthN(tm.IAMSignature))
		m.Flow(s, logs, "Logs", tm.AuthN(tm.IAMSignature))
		queries = append(queries, m.Flow(s, db, "Query", tm.AuthN(tm.Password), tm.Carries(records)))
	}
	m.Secret("Shared password", tm.Authenticates(queries...))
	return m
}

// concernRules selects the rules about credentials, deployment, identity,
// co-location, the serverless extras and CSRF behind forwarders.
func concernRules(tb testing.TB) stride.Option {
	var rules []stride.Rule
	for _, id := range []string{"TW-S-103", "TW-I-106", "TW-E-012", "TW-T-018", "TW-E-013", "TW-E-014",
		"TW-R-011", "TW-R-012", "TW-D-010", "TW-S-010"} {
		rules = append(rules, ruleByID(tb, id))
	}
	return stride.OnlyRules(rules...)
}

// TestConcernRulesAllocateLinearly: on the hub model, the allocations of
// the rules about credentials, deployment, identity, co-location, the
// serverless extras and CSRF at 4,000 services stay within 4.5 times those
// at 1,000, though every service shares one secret, one hub and one host.
func TestConcernRulesAllocateLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two large models")
	}
	only := concernRules(t)
	allocs := func(n int) float64 {
		m := hubModel(n)
		r := analyze(t, m, only)
		if len(r.Threats) < n {
			t.Fatalf("%d services derived %d threats: the model does not exercise the rules", n, len(r.Threats))
		}
		return testing.AllocsPerRun(1, func() {
			if _, err := stride.Analyze(m, only); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := allocs(1000), allocs(4000)
	if ratio := large / small; ratio > 4.5 {
		t.Errorf("allocations grow %.1f× for 4× the services (%.0f → %.0f)", ratio, small, large)
	}
}

// BenchmarkConcernRules measures the rules about credentials, deployment,
// identity, co-location, the serverless extras and CSRF alone on the hub
// model of 1,000 and 4,000 services: the time should grow about fourfold.
func BenchmarkConcernRules(b *testing.B) {
	only := concernRules(b)
	for _, n := range []int{1000, 4000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			m := hubModel(n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := stride.Analyze(m, only); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
