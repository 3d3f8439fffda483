package stride_test

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// builder declares a model in stages; the declarations within a stage are
// independent of each other, so any order of them describes the same system.
type builder struct {
	m      *tm.Model
	zones  map[string]*tm.Zone
	assets map[string]*tm.Asset
	comps  map[string]*tm.Component
	flows  map[string]*tm.Flow
	roles  map[string]*tm.Role
}

type decl func(b *builder)

// stages returns the declarations of a model with a bit of everything:
// nested zones, assets, every component kind, requests and responses,
// roles with permissions, secrets, dependencies, mitigations, acceptances,
// hand-written threats.
func stages() [][]decl {
	zone := func(name string, trust tm.Trust, parent string, opts ...tm.ZoneOption) decl {
		return func(b *builder) {
			all := opts[:len(opts):len(opts)]
			if parent != "" {
				all = append(all, tm.Inside(b.zones[parent]))
			}
			b.zones[name] = b.m.Zone(name, trust, all...)
		}
	}
	asset := func(name string, kind tm.AssetKind, opts ...tm.AssetOption) decl {
		return func(b *builder) { b.assets[name] = b.m.Asset(name, kind, opts...) }
	}
	comp := func(kind tm.Kind, name, zone string, opts ...tm.ComponentOption) decl {
		return func(b *builder) {
			z := b.zones[zone]
			switch kind {
			case tm.ExternalEntity:
				b.comps[name] = b.m.ExternalEntity(name, z, opts...)
			case tm.Process:
				b.comps[name] = b.m.Process(name, z, opts...)
			default:
				b.comps[name] = b.m.DataStore(name, z, opts...)
			}
		}
	}
	flow := func(src, dst, name string, auth tm.AuthScheme, enc tm.Encryption, carries string, ctls ...tm.Control) decl {
		return func(b *builder) {
			b.flows[src+"→"+dst] = b.m.Flow(b.comps[src], b.comps[dst], name, tm.Over(tm.HTTPS, 443),
				tm.AuthN(auth), tm.Encrypted(enc), tm.AuthZ(tm.IAMPolicy), tm.Carries(b.assets[carries]), tm.Controls(ctls...))
		}
	}
	response := func(src, dst, name, carries string) decl {
		return func(b *builder) { b.m.Response(b.flows[src+"→"+dst], name, tm.Carries(b.assets[carries])) }
	}
	return [][]decl{
		{ // top-level zones
			zone("Internet", tm.Untrusted, ""),
			zone("Account", tm.Trusted, "", tm.ContainsBlastRadius()),
			zone("Partners", tm.SemiTrusted, ""),
		},
		{ // nested zones
			zone("Edge", tm.SemiTrusted, "Account"),
			zone("Compute", tm.Trusted, "Account"),
			zone("Data", tm.HighlyTrusted, "Account"),
			zone("Control", tm.HighlyTrusted, "Account"),
		},
		{ // assets
			asset("Profiles", tm.AssetData, tm.Value(tm.High), tm.RiskLevel(tm.Critical), tm.PII()),
			asset("Request", tm.AssetData, tm.Value(tm.Medium), tm.RiskLevel(tm.Important)),
			asset("Logs", tm.AssetLogs, tm.Value(tm.Medium), tm.RiskLevel(tm.Moderate)),
			asset("Orders", tm.AssetData, tm.Value(tm.MediumHigh), tm.RiskLevel(tm.Important)),
			asset("Session", tm.AssetCredential, tm.Value(tm.High), tm.RiskLevel(tm.Critical)),
		},
		{ // components
			comp(tm.ExternalEntity, "User", "Internet", tm.Is(tm.Human)),
			comp(tm.ExternalEntity, "Browser", "Internet", tm.Is(tm.Browser)),
			comp(tm.ExternalEntity, "Partner", "Partners", tm.Is(tm.ThirdPartyService)),
			comp(tm.ExternalEntity, "Legacy client", "Internet", tm.NotInScope("Retired next quarter")),
			comp(tm.Process, "Gateway", "Edge", tm.Is(tm.Gateway), tm.Infrastructure(), tm.Controls(tm.Authentication, tm.RateLimiting)),
			comp(tm.Process, "Web", "Edge", tm.Is(tm.WebApplication), tm.Controls(tm.OutputEncoding)),
			comp(tm.Process, "Orders service", "Compute", tm.Is(tm.Service), tm.Controls(tm.InputValidation, tm.AuditLogging)),
			comp(tm.Process, "Worker", "Compute", tm.Is(tm.Function)),
			comp(tm.Process, "CI", "Control", tm.Is(tm.Pipeline), tm.Controls(tm.CodeReview)),
			comp(tm.Process, "IAM", "Control", tm.Is(tm.IdentityProvider), tm.Infrastructure()),
			func(b *builder) {
				b.comps["Orders DB"] = b.m.DataStore("Orders DB", b.zones["Data"], tm.Is(tm.Database),
					tm.Stores(b.assets["Orders"], b.assets["Profiles"]))
			},
			comp(tm.DataStore, "Queue", "Data", tm.Is(tm.Queue)),
			comp(tm.DataStore, "Audit log", "Data", tm.Is(tm.LogStore), tm.HoldsAuditLogs(), tm.Controls(tm.TimeSync)),
		},
		{ // flows
			flow("User", "Gateway", "API call", tm.JWT, tm.TLS13, "Request"),
			flow("Browser", "Web", "Page", tm.Session, tm.TLS12, "Request"),
			flow("Partner", "Orders service", "Webhook", tm.SharedSecret, tm.TLS11, "Orders"),
			flow("Legacy client", "Gateway", "Old call", tm.APIKey, tm.Plaintext, "Request"),
			flow("Gateway", "Orders service", "Invoke", tm.IAMSignature, tm.TLS12, "Request"),
			flow("Web", "Orders service", "Backend call", tm.NoAuthentication, tm.Plaintext, "Orders"),
			flow("Orders service", "Orders DB", "Write order", tm.IAMSignature, tm.TLS12, "Orders", tm.ParameterizedQueries),
			flow("Orders service", "Queue", "Enqueue", tm.IAMSignature, tm.TLS12, "Orders"),
			flow("Worker", "Queue", "Dequeue", tm.IAMSignature, tm.TLS12, "Orders"),
			flow("Orders service", "Audit log", "Audit", tm.IAMSignature, tm.TLS12, "Logs"),
			flow("CI", "IAM", "Deploy", tm.WorkloadIdentity, tm.TLS13, "Session"),
			flow("IAM", "Audit log", "Trail", tm.IAMSignature, tm.TLS12, "Logs"),
		},
		{ // responses, roles, secrets, dependencies, mitigations, threats
			response("User", "Gateway", "API reply", "Profiles"),
			response("Orders service", "Orders DB", "Order rows", "Orders"),
			func(b *builder) {
				r := b.m.Role("Orders role")
				r.Allow(b.comps["Orders DB"], "dynamodb:PutItem", "dynamodb:GetItem")
				r.Allow(b.comps["Queue"], "sqs:SendMessage")
				r.Allow(b.comps["Audit log"], "logs:PutLogEvents")
				b.comps["Orders service"].RunsAs(r)
				b.roles["Orders role"] = r
			},
			func(b *builder) {
				r := b.m.Role("Worker role")
				r.Allow(b.comps["Orders DB"], "dynamodb:*")
				b.comps["Worker"].RunsAs(r)
			},
			func(b *builder) {
				r := b.m.Role("Deploy role")
				r.Allow(b.comps["Orders service"], "lambda:UpdateFunctionCode")
				r.Allow(b.comps["Worker"], "lambda:UpdateFunctionCode")
				r.Allow(b.comps["Audit log"], "logs:DeleteLogGroup")
				r.Allow(b.comps["IAM"], "iam:PassRole")
				b.comps["CI"].RunsAs(r)
			},
			func(b *builder) {
				b.m.Secret("Partner webhook secret", tm.Stored(tm.InSecretsManager), tm.UsedBy(b.comps["Orders service"]))
			},
			func(b *builder) {
				b.m.Dependency("npm", tm.Package, tm.Pinned(tm.LockFile, "package-lock.json"), tm.UsedBy(b.comps["Worker"]))
			},
			func(b *builder) {
				b.m.Mitigation("Private orders table", tm.Implements(tm.PrivateEndpoint), tm.On(b.comps["Orders DB"]))
			},
			func(b *builder) {
				b.m.Mitigation("Queue policy", tm.Implements(tm.Authorization), tm.On(b.comps["Queue"]))
			},
			func(b *builder) {
				b.m.Mitigation("Signed webhooks", tm.Addresses("TW-R-010@Partner → Orders service: Webhook"))
			},
			func(b *builder) {
				b.m.Mitigation("Stale", tm.Addresses("TW-X-999@Nowhere"))
			},
			func(b *builder) {
				b.m.Accept("TW-T-007@Partner → Orders service: Webhook", tm.Owner("Integrations"),
					tm.Justification("Partner upgrades in Q3"), tm.Expires(time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)))
			},
			func(b *builder) {
				b.m.Accept("TW-S-001@Gone → Gateway: Old", tm.Owner("API"), tm.Justification("Removed"))
			},
			func(b *builder) {
				b.m.Threat("Order replay", tm.Tampering, tm.About(b.comps["Orders service"], b.flows["Partner→Orders service"]),
					tm.Impact(tm.Medium), tm.Likelihood(tm.Low))
			},
			func(b *builder) {
				b.m.Threat("Queue flood", tm.DenialOfService, tm.About(b.comps["Queue"]), tm.MitigatedBy("Max queue depth alarm"))
			},
		},
	}
}

// build declares the stages in order, each stage's declarations in the
// given permutation.
func build(st [][]decl, rng *rand.Rand) *tm.Model {
	b := &builder{m: tm.New("Shuffled"), zones: map[string]*tm.Zone{}, assets: map[string]*tm.Asset{},
		comps: map[string]*tm.Component{}, flows: map[string]*tm.Flow{}, roles: map[string]*tm.Role{}}
	for _, stage := range st {
		order := make([]int, len(stage))
		for i := range order {
			order[i] = i
		}
		if rng != nil {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		for _, i := range order {
			stage[i](b)
		}
	}
	return b.m
}

// reportOpts compare reports: findings and threats carry the elements they
// are about, which differ between two builds of the same model, so elements
// compare by path.
var reportOpts = cmp.Options{
	cmpopts.IgnoreFields(tm.Finding{}, "Subject"),
	cmpopts.IgnoreUnexported(tm.Finding{}, stride.Report{}),
	cmp.Transformer("path", func(e tm.Element) string {
		if e == nil || reflect.ValueOf(e).IsNil() {
			return ""
		}
		return e.Path()
	}),
}

func TestDeterministicAcrossDeclarationOrder(t *testing.T) {
	st := stages()
	at := stride.At(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	want := analyze(t, build(st, nil), at)
	if len(want.Threats) < 50 || len(want.Findings) < 3 {
		t.Fatalf("the shuffled model is too small to prove much: %d threats, %d findings", len(want.Threats), len(want.Findings))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 50 {
		got := analyze(t, build(st, rng), at)
		if diff := cmp.Diff(want, got, reportOpts); diff != "" {
			t.Fatalf("permutation %d: report differs (-first +permuted):\n%s", i, diff)
		}
	}
}

func TestSameModelSameReport(t *testing.T) {
	st := stages()
	m := build(st, nil)
	at := stride.At(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	a, b := analyze(t, m, at), analyze(t, m, at)
	if diff := cmp.Diff(a, b, reportOpts); diff != "" {
		t.Errorf("two analyses of one model differ:\n%s", diff)
	}
}
