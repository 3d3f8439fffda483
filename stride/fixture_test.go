package stride_test

import (
	"strings"
	"testing"

	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// fx is a small model with the usual zones, for rule tests: an untrusted
// internet, an account that contains an edge (semi-trusted), an app zone
// (trusted) and a data zone (highly trusted).
type fx struct {
	m                              *tm.Model
	internet, edge, app, data, ops *tm.Zone
	record                         *tm.Asset
}

func newFx() *fx {
	m := tm.New("fixture")
	f := &fx{m: m}
	f.internet = m.Zone("Internet", tm.Untrusted)
	account := m.Zone("Account", tm.Trusted, tm.ContainsBlastRadius())
	f.edge = m.Zone("Edge", tm.SemiTrusted, tm.Inside(account))
	f.app = m.Zone("App", tm.Trusted, tm.Inside(account))
	f.data = m.Zone("Data", tm.HighlyTrusted, tm.Inside(account))
	f.ops = m.Zone("Ops", tm.HighlyTrusted, tm.Inside(account))
	f.record = m.DataAsset("Record", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
	return f
}

// user declares a human user in the internet zone.
func (f *fx) user(opts ...tm.ComponentOption) *tm.Component {
	return f.m.ExternalEntity("User", f.internet, append([]tm.ComponentOption{tm.Is(tm.Human)}, opts...)...)
}

// api declares a service in the app zone.
func (f *fx) api(opts ...tm.ComponentOption) *tm.Component {
	return f.m.Process("API", f.app, append([]tm.ComponentOption{tm.Is(tm.Service)}, opts...)...)
}

// db declares a database in the data zone.
func (f *fx) db(opts ...tm.ComponentOption) *tm.Component {
	return f.m.DataStore("DB", f.data, append([]tm.ComponentOption{tm.Is(tm.Database), tm.Stores(f.record)}, opts...)...)
}

// logs declares a log store that holds audit logs in the data zone.
func (f *fx) logs(opts ...tm.ComponentOption) *tm.Component {
	return f.m.DataStore("Logs", f.data, append([]tm.ComponentOption{tm.Is(tm.LogStore), tm.HoldsAuditLogs()}, opts...)...)
}

// call declares an authenticated, encrypted request flow carrying the record,
// with extra options.
func (f *fx) call(src, dst *tm.Component, name string, opts ...tm.FlowOption) *tm.Flow {
	base := []tm.FlowOption{tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.IAMSignature),
		tm.AuthZ(tm.IAMPolicy), tm.Carries(f.record)}
	return f.m.Flow(src, dst, name, append(base, opts...)...)
}

// analyze runs Analyze and fails the test on error.
func analyze(t testing.TB, m *tm.Model, opts ...stride.Option) *stride.Report {
	t.Helper()
	r, err := stride.Analyze(m, opts...)
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	return r
}

// byRule returns the IDs of the threats the rule derived.
func byRule(r *stride.Report, ruleID string) []string {
	var out []string
	for _, th := range r.Threats {
		if th.RuleID == ruleID {
			out = append(out, th.ID)
		}
	}
	return out
}

// ruleByID returns the built-in rule with the ID.
func ruleByID(t testing.TB, id string) stride.Rule {
	t.Helper()
	for _, r := range stride.Rules() {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no built-in rule %s", id)
	return stride.Rule{}
}

// props joins the properties a threat's evidence cites.
func props(th stride.Threat) string {
	var out []string
	for _, e := range th.Evidence {
		if e.Property != "" {
			out = append(out, e.Property)
		}
	}
	return strings.Join(out, "; ")
}
