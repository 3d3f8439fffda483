package render_test

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/threatwright/threatwright/internal/golden"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// checkGolden compares got with testdata/name, or rewrites the file under
// -update (see internal/golden).
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

// handModel is a small model that exercises every mark: nested zones, a
// blast-radius boundary, an empty zone, each kind of component, an
// out-of-scope component, names that need escaping, and flows with no
// authentication, no encryption, weak TLS, unstated protection, and a
// response.
type handModel struct {
	m                               *tm.Model
	internet, corp, dmz, vault, lab *tm.Zone
	browser, proxy, app, db, legacy *tm.Component
	request, page, forward, query   *tm.Flow
	export, trigger                 *tm.Flow
	records                         *tm.Asset
}

func newHandModel() *handModel {
	h := &handModel{}
	m := tm.New("Hand-made model", tm.Description(`A "small" model: <everything> & more`))
	h.m = m
	h.internet = m.Zone("Internet", tm.Untrusted, tm.Description("Anyone."))
	h.corp = m.Zone("Corporate network", tm.Trusted, tm.ContainsBlastRadius())
	h.dmz = m.Zone("DMZ", tm.SemiTrusted, tm.Inside(h.corp))
	h.vault = m.Zone("Vault", tm.HighlyTrusted, tm.Inside(h.corp))
	h.lab = m.Zone("Empty lab", tm.Trusted)
	h.records = m.DataAsset("Customer records", tm.Value(tm.High))
	h.browser = m.ExternalEntity(`Browser "Chrome" <b>`, h.internet, tm.Is(tm.Browser),
		tm.Description("Back\\slash, a new\nline & an ampersand"))
	h.proxy = m.Process("Proxy", h.dmz, tm.Is(tm.Gateway), tm.Technology("nginx 1.27"))
	h.app = m.Process("App", h.corp, tm.Is(tm.Service), tm.Technology("Go"))
	h.db = m.DataStore("DB", h.vault, tm.Is(tm.Database), tm.Stores(h.records))
	h.legacy = m.Process("Legacy batch", h.corp, tm.NotInScope("retired next quarter"))
	h.request = m.Flow(h.browser, h.proxy, "Request", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13),
		tm.AuthN(tm.NoAuthentication), tm.Carries(h.records))
	h.page = m.Response(h.request, "Page", tm.Carries(h.records))
	h.forward = m.Flow(h.proxy, h.app, "Forward", tm.Over(tm.HTTP, 8080), tm.Encrypted(tm.Plaintext),
		tm.AuthN(tm.SharedSecret))
	h.query = m.Flow(h.app, h.db, "Query", tm.Over(tm.SQL, 5432), tm.Encrypted(tm.TLS12), tm.AuthN(tm.Password),
		tm.Carries(h.records))
	h.export = m.Flow(h.legacy, h.db, "Nightly export", tm.Over(tm.SQL, 5432))
	h.trigger = m.Flow(h.app, h.legacy, "Trigger", tm.Over(tm.HTTPS, 0), tm.Encrypted(tm.TLS10), tm.AuthN(tm.APIKey))
	return h
}

// serverlessShaped returns the zones, components and flows of
// examples/serverless (the guide's API Gateway → Lambda → DynamoDB), without
// its roles, secrets and threats, which diagrams do not draw.
func serverlessShaped() *tm.Model {
	m := tm.New("Serverless public API",
		tm.Description("A public REST API: API Gateway in front of a Lambda function that reads and writes user profiles in DynamoDB."))
	internet := m.Zone("Internet", tm.Untrusted, tm.Description("Anyone: customers, their devices, attackers."))
	account := m.Zone("AWS account", tm.Trusted, tm.ContainsBlastRadius(), tm.Description("The blast-radius boundary."))
	edge := m.Zone("API edge", tm.SemiTrusted, tm.Inside(account))
	compute := m.Zone("Lambda compute", tm.Trusted, tm.Inside(account))
	data := m.Zone("Data plane", tm.HighlyTrusted, tm.Inside(account))
	control := m.Zone("Control plane", tm.HighlyTrusted, tm.Inside(account))

	userData := m.DataAsset("User data in DynamoDB", tm.Value(tm.High))
	execRole := m.Asset("Lambda execution role", tm.AssetIdentity, tm.Value(tm.VeryHigh))
	endpoints := m.Asset("API endpoints", tm.AssetEndpoint, tm.Value(tm.MediumHigh))
	logs := m.Asset("Logs (CloudWatch)", tm.AssetLogs, tm.Value(tm.Medium))
	request := m.DataAsset("API request payload", tm.Value(tm.Medium))

	user := m.ExternalEntity("User", internet, tm.Is(tm.Human), tm.Description("A customer."))
	admin := m.ExternalEntity("Operator", internet, tm.Is(tm.Human))
	cognito := m.Process("Cognito user pool", edge, tm.Is(tm.IdentityProvider), tm.Technology("Amazon Cognito"))
	gateway := m.Process("API Gateway", edge, tm.Is(tm.Gateway), tm.Technology("Amazon API Gateway (REST), AWS WAF"))
	handler := m.Process("Lambda", compute, tm.Is(tm.Function), tm.Technology("AWS Lambda, Node.js 20, arm64"))
	table := m.DataStore("DynamoDB", data, tm.Is(tm.Database), tm.Technology("Amazon DynamoDB"), tm.Stores(userData))
	cloudwatch := m.DataStore("CloudWatch Logs", data, tm.Is(tm.LogStore), tm.HoldsAuditLogs(), tm.Stores(logs))
	cloudtrail := m.DataStore("CloudTrail", data, tm.Is(tm.LogStore), tm.HoldsAuditLogs(), tm.Stores(logs))
	iam := m.Process("IAM", control, tm.Is(tm.IdentityProvider), tm.Technology("AWS IAM and STS"))
	pipeline := m.Process("Deploy pipeline", control, tm.Is(tm.Pipeline), tm.Technology("GitHub Actions with OIDC"))

	iamCall := []tm.FlowOption{tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.AuthZ(tm.IAMPolicy)}
	signIn := m.Flow(user, cognito, "Sign-in", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.Password), tm.Carries(request))
	m.Response(signIn, "ID token", tm.Carries(request))
	call := m.Flow(user, gateway, "API request", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT), tm.Carries(request))
	m.Response(call, "API response", tm.Carries(userData))
	invoke := m.Flow(gateway, handler, "Invoke", tm.Over(tm.CloudAPI, 0), tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.Carries(request))
	m.Response(invoke, "Invocation result", tm.Carries(userData))
	query := m.Flow(handler, table, "Read and write user record", append(iamCall, tm.Carries(userData))...)
	m.Response(query, "User record", tm.Carries(userData))
	m.Flow(handler, cloudwatch, "Application logs", append(iamCall, tm.Carries(logs))...)
	m.Flow(gateway, cloudwatch, "Access logs", append(iamCall, tm.Carries(logs))...)
	creds := m.Flow(handler, iam, "Assume execution role", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS12), tm.AuthN(tm.WorkloadIdentity), tm.Carries(execRole))
	m.Response(creds, "Temporary credentials", tm.Carries(execRole))
	m.Flow(iam, cloudtrail, "Audit events", append(iamCall, tm.Carries(logs))...)
	m.Flow(pipeline, iam, "Deploy with OIDC", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.WorkloadIdentity), tm.Carries(endpoints))
	m.Flow(admin, pipeline, "Merge and release", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.OAuth2), tm.Carries(endpoints))
	return m
}

// syntheticModel returns a model of n components in about n/40 zones, a
// third of them nested, with about 1.5 flows per component: a stand-in for
// large systems in benchmarks and scale tests. It is deterministic.
func syntheticModel(n int) *tm.Model {
	m := tm.New("Synthetic model of " + strconv.Itoa(n) + " components")
	nz := max(1, n/40)
	zones := make([]*tm.Zone, nz)
	trusts := []tm.Trust{tm.Untrusted, tm.SemiTrusted, tm.Trusted, tm.HighlyTrusted}
	for i := range zones {
		var opts []tm.ZoneOption
		if i%3 == 2 {
			opts = append(opts, tm.Inside(zones[i-1]))
		}
		if i%5 == 1 {
			opts = append(opts, tm.ContainsBlastRadius())
		}
		zones[i] = m.Zone("Zone "+strconv.Itoa(i), trusts[i%4], opts...)
	}
	asset := m.DataAsset("Records", tm.Value(tm.High))
	comps := make([]*tm.Component, n)
	for i := range comps {
		z := zones[(i*7)%nz]
		name := "Component " + strconv.Itoa(i)
		switch i % 5 {
		case 0:
			comps[i] = m.ExternalEntity(name, z)
		case 1, 2, 3:
			comps[i] = m.Process(name, z, tm.Is(tm.Service), tm.Technology("Go 1.26"))
		default:
			comps[i] = m.DataStore(name, z, tm.Stores(asset))
		}
	}
	protos := []tm.Protocol{tm.HTTPS, tm.GRPC, tm.SQL, tm.AMQP}
	for i := 1; i < n; i++ {
		for k, j := range []int{i - 1, (i * 31) % i} {
			if k == 1 && i%2 == 0 || j == i {
				continue
			}
			opts := []tm.FlowOption{tm.Over(protos[i%4], 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT)}
			if i%11 == 0 {
				opts = []tm.FlowOption{tm.Over(tm.HTTP, 80), tm.Encrypted(tm.Plaintext), tm.AuthN(tm.NoAuthentication)}
			}
			if i%3 == 0 {
				opts = append(opts, tm.Carries(asset))
			}
			m.Flow(comps[j], comps[i], "Call "+strconv.Itoa(i)+"."+strconv.Itoa(k), opts...)
		}
	}
	return m
}
