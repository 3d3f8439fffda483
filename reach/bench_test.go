package reach_test

import (
	"strconv"
	"testing"

	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// synthModel returns a model of about n components shaped like many copies
// of the guide's system: per unit a gateway, a function and a table, in
// accounts of 50 units that are blast-radius boundaries, with users on the
// internet, roles, secrets, cross-unit calls, some zone-wide statements,
// some role assumptions, one break-glass admin role on "*", and some
// functions without input validation.
func synthModel(n int) *tm.Model {
	m := tm.New("Synthetic " + strconv.Itoa(n))
	internet := m.Zone("Internet", tm.Untrusted)
	units := max(n/3, 1)
	var (
		account, edge, compute, data *tm.Zone
		logStore                     *tm.Component
		prevGateway                  *tm.Component
		prevRole                     *tm.Role
		user                         *tm.Component
	)
	adminHost := m.Process("Break-glass console", m.Zone("Management", tm.HighlyTrusted))
	admin := m.Role("Break-glass admin")
	admin.Allow(tm.AnyResource(), "*")
	adminHost.RunsAs(admin)
	for u := 0; u < units; u++ {
		id := strconv.Itoa(u)
		if u%50 == 0 {
			a := strconv.Itoa(u / 50)
			account = m.Zone("Account "+a, tm.Trusted, tm.ContainsBlastRadius())
			edge = m.Zone("Edge "+a, tm.SemiTrusted, tm.Inside(account))
			compute = m.Zone("Compute "+a, tm.Trusted, tm.Inside(account))
			data = m.Zone("Data "+a, tm.HighlyTrusted, tm.Inside(account))
			logs := m.Asset("Logs "+a, tm.AssetLogs, tm.Value(tm.Medium), tm.RiskLevel(tm.Moderate))
			logStore = m.DataStore("Log store "+a, data, tm.Stores(logs), tm.Controls(tm.Authorization))
		}
		if u%20 == 0 {
			user = m.ExternalEntity("User "+id, internet)
		}
		level := tm.Level(1 + u%5)
		asset := m.DataAsset("Records "+id, tm.Value(level), tm.RiskLevel(tm.Criticality(1+u%3)))
		gw := m.Process("Gateway "+id, edge, tm.Infrastructure(), tm.Controls(tm.InputValidation, tm.Authentication))
		fnControls := []tm.Control{tm.InputValidation}
		if u%4 == 0 {
			fnControls = nil
		}
		fn := m.Process("Function "+id, compute, tm.Controls(fnControls...))
		table := m.DataStore("Table "+id, data, tm.Infrastructure(), tm.Stores(asset), tm.Controls(tm.Authorization))

		auth := tm.JWT
		if u%7 == 0 {
			auth = tm.NoAuthentication
		}
		m.Flow(user, gw, "Request "+id, tm.Encrypted(tm.TLS13), tm.AuthN(auth))
		m.Flow(gw, fn, "Invoke", tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature))
		q := m.Flow(fn, table, "Query", tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.Carries(asset))
		m.Response(q, "Rows", tm.Carries(asset))
		m.Flow(fn, logStore, "Log", tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature))
		if u%3 == 0 && prevGateway != nil {
			m.Flow(fn, prevGateway, "Call upstream", tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature))
		}

		role := m.Role("Role " + id)
		role.Allow(table, "dynamodb:GetItem", "dynamodb:PutItem")
		role.Allow(logStore, "logs:PutLogEvents")
		if u%10 == 0 {
			role.Allow(data, "dynamodb:Get*")
		}
		if u%25 == 0 && prevRole != nil {
			role.CanAssume(prevRole)
		}
		fn.RunsAs(role)
		storage := tm.InWorkloadIdentity
		if u%5 == 2 {
			storage = tm.InEnvironment
		}
		m.Secret("Credentials "+id, tm.Stored(storage), tm.UsedBy(fn), tm.Grants(role))
		prevGateway, prevRole = gw, role
	}
	return m
}

func TestSyntheticModel(t *testing.T) {
	m := synthModel(300)
	if got := len(m.Components()); got < 300 || got > 320 {
		t.Fatalf("synthModel(300) has %d components", got)
	}
	res := analyze(t, m)
	if len(res.Paths) == 0 || len(res.Findings) == 0 || len(res.Roles()) != len(m.Roles()) {
		t.Errorf("paths %d findings %d roles %d", len(res.Paths), len(res.Findings), len(res.Roles()))
	}
	if admin := res.Roles()[0]; admin.Role.Name() != "Break-glass admin" || len(admin.Assumes) != len(m.Roles())-1 {
		t.Errorf("the admin role on \"*\" can act as every other role; got %s assuming %d", admin.Role.Name(), len(admin.Assumes))
	}
}

func BenchmarkAnalyze(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		m := synthModel(n)
		elements := len(m.Zones()) + len(m.Components()) + len(m.Flows()) + len(m.Assets()) + len(m.Roles()) + len(m.Secrets())
		b.Run("components="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := reach.Analyze(m); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(elements), "elements")
		})
	}
}
