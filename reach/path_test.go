package reach_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// web is a small web application: a user on the internet calls a web
// process that runs as a role reading a customer table; the role can also
// decrypt with a vault no flow goes to.
type web struct {
	m                  *tm.Model
	internet, vpc      *tm.Zone
	user, app, db      *tm.Component
	logStore, vault    *tm.Component
	customers, logs    *tm.Asset
	keys               *tm.Asset
	role               *tm.Role
	request, query, lg *tm.Flow
}

type webOpts struct {
	auth        tm.AuthScheme
	flowCtl     []tm.Control
	appCtl      []tm.Control
	dbCtl       []tm.Control
	extraDeclar func(w *web)
}

func newWeb(o webOpts) *web {
	if o.auth == 0 {
		o.auth = tm.NoAuthentication
	}
	if o.dbCtl == nil {
		o.dbCtl = []tm.Control{tm.Authorization}
	}
	w := &web{m: tm.New("Web")}
	w.internet = w.m.Zone("Internet", tm.Untrusted)
	w.vpc = w.m.Zone("VPC", tm.Trusted, tm.ContainsBlastRadius())
	data := w.m.Zone("Data", tm.HighlyTrusted, tm.Inside(w.vpc))
	w.customers = w.m.DataAsset("Customers", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
	w.logs = w.m.Asset("Logs", tm.AssetLogs, tm.Value(tm.Medium), tm.RiskLevel(tm.Moderate))
	w.keys = w.m.Asset("Keys", tm.AssetCredential, tm.Value(tm.VeryHigh), tm.RiskLevel(tm.Critical))
	w.user = w.m.ExternalEntity("User", w.internet)
	w.app = w.m.Process("Web app", w.vpc, tm.Controls(o.appCtl...))
	w.db = w.m.DataStore("Customer DB", data, tm.Stores(w.customers), tm.Controls(o.dbCtl...))
	w.logStore = w.m.DataStore("Log store", data, tm.Stores(w.logs), tm.Controls(tm.Authorization))
	w.vault = w.m.DataStore("Vault", data, tm.Stores(w.keys), tm.Controls(tm.Authorization))
	w.request = w.m.Flow(w.user, w.app, "Request", tm.Encrypted(tm.TLS13), tm.AuthN(o.auth), tm.Controls(o.flowCtl...))
	w.query = w.m.Flow(w.app, w.db, "Query", tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature))
	w.lg = w.m.Flow(w.app, w.logStore, "Log", tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature))
	w.role = w.m.Role("Web role")
	w.role.Allow(w.db, "dynamodb:GetItem")
	w.role.Allow(w.vault, "kms:Decrypt")
	w.app.RunsAs(w.role)
	if o.extraDeclar != nil {
		o.extraDeclar(w)
	}
	return w
}

func TestAttackPathsRankedPerAsset(t *testing.T) {
	w := newWeb(webOpts{})
	res := analyze(t, w.m)
	// Keys (Very High value) before Customers (High), both Critical.
	want := []string{
		"Keys #1 cost 4 High: User → Web app → Keys",
		"Customers #1 cost 4 High: User → Web app → Customers",
		"Customers #2 cost 8 Low: User → Web app → Customer DB → Customers",
		"Customers #3 cost 8 Low: User → Web app → Customer DB → Customers",
	}
	if diff := cmp.Diff(want, pathStrings(res.PathsTo(tm.Critical))); diff != "" {
		t.Errorf("paths to critical assets (-want +got):\n%s", diff)
	}
	best := res.PathsToAsset(w.customers)[0]
	wantSteps := []string{
		"start at User: untrusted source (High)",
		`User → Web app over "Request": unauthenticated flow (High)`,
		"take over Web app: missing input validation (High)",
		`Web app → Customers as "Web role": identity access (High)`,
	}
	if diff := cmp.Diff(wantSteps, stepStrings(best)); diff != "" {
		t.Errorf("best path's steps (-want +got):\n%s", diff)
	}
	if best.Source != w.user || best.Entry() != w.request || best.Crosses(reach.Authenticated) {
		t.Errorf("source %v entry %v crosses authenticated %v", best.Source, best.Entry(), best.Crosses(reach.Authenticated))
	}
	second := res.PathsToAsset(w.customers)[1]
	kinds := func(p reach.AttackPath) []reach.StepKind {
		var out []reach.StepKind
		for _, s := range p.Steps {
			out = append(out, s.Kind)
		}
		return out
	}
	// At equal cost, fewer steps first: forwarding beats taking over and
	// then calling as the app.
	if diff := cmp.Diff([]reach.StepKind{reach.StepStart, reach.StepEnter, reach.StepForward, reach.StepObtain}, kinds(second)); diff != "" {
		t.Errorf("second path (-want +got):\n%s", diff)
	}
	third := res.PathsToAsset(w.customers)[2]
	if !third.Crosses(reach.Authenticated) || third.Steps[3].Weakness != reach.TrustedCaller {
		t.Errorf("third path should pivot on the app's IAM identity: %v", stepStrings(third))
	}
	// The most critical asset comes first in Paths, the moderate one last.
	if first, last := res.Paths[0].Asset, res.Paths[len(res.Paths)-1].Asset; first.Criticality() != tm.Critical || last != w.logs {
		t.Errorf("Paths ordered %s … %s", first.Name(), last.Name())
	}
}

// A declared authentication breaks a path unless a modelled weakness gets
// past it: the scheme alone (a password that might be phished) is no
// weakness; the model states one as a leakable secret or a Spoofing threat.
func TestAuthenticationBreaksPaths(t *testing.T) {
	tests := []struct {
		name string
		o    webOpts
		want reach.Weakness // of the entry step; 0: no path at all
	}{
		{"no authentication", webOpts{}, reach.UnauthenticatedFlow},
		{"a password without a modelled weakness", webOpts{auth: tm.Password}, 0},
		{"a JWT without a modelled weakness", webOpts{auth: tm.JWT}, 0},
		{"an open spoofing threat on the flow", webOpts{auth: tm.Password, extraDeclar: func(w *web) {
			w.m.Threat("Phished password", tm.Spoofing, tm.About(w.request))
		}}, reach.OpenThreat},
		{"a mitigated spoofing threat", webOpts{auth: tm.Password, extraDeclar: func(w *web) {
			w.m.Threat("Phished password", tm.Spoofing, tm.About(w.request), tm.MitigatedBy("MFA"))
		}}, 0},
		{"a tampering threat on the flow is no way past it", webOpts{auth: tm.Password, extraDeclar: func(w *web) {
			w.m.Threat("Request altered", tm.Tampering, tm.About(w.request))
		}}, 0},
		{"client certificates", webOpts{auth: tm.ClientCertificate}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := analyze(t, newWeb(tt.o).m)
			if tt.want == 0 {
				if len(res.Paths) != 0 {
					t.Errorf("paths = %v, want none", pathStrings(res.Paths))
				}
				return
			}
			if len(res.Paths) == 0 {
				t.Fatal("no paths")
			}
			if got := res.Paths[0].Steps[1].Weakness; got != tt.want {
				t.Errorf("entry weakness = %s, want %s", got, tt.want)
			}
		})
	}
}

// A stolen credential is a secret of the model that opens the destination
// or grants the sender's role, as likely as its storage lets it leak; a
// secret that does not leak on its own steals nothing.
func TestStolenCredentialPassesAuthentication(t *testing.T) {
	tests := []struct {
		storage tm.SecretStorage
		never   bool
		want    tm.Level // of the entry step; 0: no entry over the flow
	}{
		{tm.InEnvironment, false, tm.Medium},
		{tm.InEnvironment, true, tm.High},
		{tm.InSecretsManager, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.storage.String(), func(t *testing.T) {
			var key *tm.Secret
			w := newWeb(webOpts{auth: tm.APIKey, extraDeclar: func(w *web) {
				rot := tm.Rotation{Every: 90 * 24 * time.Hour}
				if tt.never {
					rot = tm.Rotation{Never: true}
				}
				key = w.m.Secret("Partner API key", tm.Stored(tt.storage), tm.Rotated(rot), tm.Opens(w.app))
			}})
			res := analyze(t, w.m)
			var entry *reach.Step
			for _, p := range res.Paths {
				if p.Source == w.user && len(p.Steps) > 1 {
					entry = &p.Steps[1]
					break
				}
			}
			if tt.want == 0 {
				if entry != nil {
					t.Errorf("entry %s, want none: the secret does not leak", entry)
				}
				return
			}
			if entry == nil {
				t.Fatalf("no path from the user: %v", pathStrings(res.Paths))
			}
			if entry.Weakness != reach.StolenCredentials || entry.Secret != key || entry.Likelihood != tt.want {
				t.Errorf("entry = %s, want stolen credentials with %q (%s)", entry, key.Name(), tt.want)
			}
		})
	}
}

// An external entity answering a request is not the system's: its answer
// gets in only through a weakness of the response, such as an open
// Spoofing threat on it; a component of the system the attacker controls
// answers freely.
func TestExternalResponderNeedsAWeakness(t *testing.T) {
	build := func(spoofable bool) (*web, *tm.Flow) {
		var result *tm.Flow
		w := newWeb(webOpts{auth: tm.ClientCertificate, extraDeclar: func(w *web) {
			partner := w.m.ExternalEntity("Partner API", w.internet, tm.Is(tm.ThirdPartyService))
			call := w.m.Flow(w.app, partner, "Lookup", tm.Encrypted(tm.TLS13), tm.AuthN(tm.ClientCertificate))
			result = w.m.Response(call, "Lookup result")
			if spoofable {
				w.m.Threat("Partner impersonated", tm.Spoofing, tm.About(result))
			}
		}})
		return w, result
	}
	w, _ := build(false)
	if p := analyze(t, w.m).PathsToAsset(w.customers); len(p) != 0 {
		t.Errorf("the partner's authenticated answer should keep the attacker out: %v", pathStrings(p))
	}
	w, result := build(true)
	paths := analyze(t, w.m).PathsToAsset(w.customers)
	if len(paths) == 0 {
		t.Fatal("no path: the spoofable answer should reach the web app")
	}
	p := paths[0]
	if p.Source == nil || p.Source.Name() != "Partner API" {
		t.Fatalf("best path starts at %v, want the partner: %s", p.Source, p.String())
	}
	if s := p.Steps[1]; s.Flow != result || s.Weakness != reach.OpenThreat || s.Likelihood != tm.Medium {
		t.Errorf("entry step = %s, want the response through the open spoofing threat", s)
	}
}

func TestInputValidationBreaksTakeOver(t *testing.T) {
	w := newWeb(webOpts{appCtl: []tm.Control{tm.InputValidation}})
	res := analyze(t, w.m)
	for _, p := range res.Paths {
		for _, s := range p.Steps {
			if s.Kind == reach.StepCompromise {
				t.Errorf("a validating app should not be taken over: %v", stepStrings(p))
			}
		}
	}
	if got := res.PathsToAsset(w.keys); len(got) != 0 {
		t.Errorf("the vault is reachable only through the app's identity; paths %v", pathStrings(got))
	}
	got := res.PathsToAsset(w.customers)
	if len(got) != 1 || got[0].Likelihood != tm.Low || got[0].Steps[2].Weakness != reach.ForwardedInput {
		t.Errorf("customers should stay reachable only through validated forwarding: %v", pathStrings(got))
	}
}

func TestMissingAuthorizationOnStore(t *testing.T) {
	w := newWeb(webOpts{appCtl: []tm.Control{tm.InputValidation}, dbCtl: []tm.Control{tm.EncryptionAtRest}})
	p := analyze(t, w.m).PathsToAsset(w.customers)[0]
	if last := p.Steps[len(p.Steps)-1]; last.Weakness != reach.MissingAuthorization || last.Likelihood != tm.High {
		t.Errorf("last step = %s, want missing authorization", last)
	}
}

func TestOpenThreatsEnableSteps(t *testing.T) {
	validated := webOpts{appCtl: []tm.Control{tm.InputValidation}}
	w := newWeb(validated)
	res := analyze(t, w.m, reach.WithOpenThreats(func(el tm.Element) []string {
		if el == w.app {
			return []string{"STR-E-1", "STR-E-1", ""}
		}
		return nil
	}))
	best := res.PathsToAsset(w.keys)
	if len(best) == 0 {
		t.Fatal("an open threat on the app should let the attacker take it over")
	}
	s := best[0].Steps[2]
	if s.Kind != reach.StepCompromise || s.Weakness != reach.OpenThreat || !slices.Equal(s.Threats, []string{"STR-E-1"}) {
		t.Errorf("step = %s, threats %v", s, s.Threats)
	}

	// A hand-written threat that nothing mitigates counts too; a mitigated
	// or denial-of-service one does not.
	w = newWeb(validated)
	w.m.Threat("Template injection", tm.Tampering, tm.About(w.app))
	w.m.Threat("Slow requests", tm.DenialOfService, tm.About(w.app))
	w.m.Threat("Deserialization", tm.ElevationOfPrivilege, tm.About(w.request), tm.MitigatedBy("Safe parser"))
	p := analyze(t, w.m).PathsToAsset(w.keys)
	if len(p) == 0 || !slices.Equal(p[0].Steps[2].Threats, []string{"USR-template-injection"}) {
		t.Errorf("paths to keys = %v", pathStrings(p))
	}
	w = newWeb(validated)
	th := w.m.Threat("Template injection", tm.Tampering, tm.About(w.app))
	w.m.Mitigation("Sandboxed templates", tm.Addresses(th.ID()))
	if p := analyze(t, w.m).PathsToAsset(w.keys); len(p) != 0 {
		t.Errorf("an addressed threat should not open a path: %v", pathStrings(p))
	}
}

func TestLeakedSecretPath(t *testing.T) {
	tests := []struct {
		storage tm.SecretStorage
		want    tm.Level // 0: no leak
	}{
		{tm.InSourceCode, tm.High},
		{tm.InEnvironment, tm.Medium},
		{tm.InSecretsManager, 0},
		{tm.InWorkloadIdentity, 0},
	}
	for _, tt := range tests {
		t.Run(tt.storage.String(), func(t *testing.T) {
			w := newWeb(webOpts{auth: tm.ClientCertificate}) // no way in over the flow
			key := w.m.Secret("Web role key", tm.Stored(tt.storage), tm.Grants(w.role), tm.UsedBy(w.app))
			got := analyze(t, w.m).PathsToAsset(w.customers)
			if tt.want == 0 {
				if len(got) != 0 {
					t.Errorf("paths = %v, want none", pathStrings(got))
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("paths = %v, want one", pathStrings(got))
			}
			s := got[0].Steps[0]
			if got[0].Source != nil || s.Kind != reach.StepLeak || s.Secret != key || s.Role != w.role || s.Likelihood != tt.want {
				t.Errorf("path %s: first step %s", got[0].String(), s)
			}
		})
	}
}

func TestOverBroadRoleStep(t *testing.T) {
	w := newWeb(webOpts{extraDeclar: func(w *web) {
		backups := w.m.DataAsset("Backups", tm.Value(tm.High), tm.RiskLevel(tm.Critical))
		w.m.DataStore("Backup bucket", w.vpc, tm.Stores(backups), tm.Controls(tm.Authorization), tm.Technology("Amazon S3"))
		w.role.Allow(tm.AnyResource(), "s3:GetObject")
	}})
	res := analyze(t, w.m)
	var backups *tm.Asset
	for _, a := range w.m.Assets() {
		if a.Name() == "Backups" {
			backups = a
		}
	}
	p := res.PathsToAsset(backups)
	if len(p) == 0 {
		t.Fatal("no path to the backups")
	}
	if last := p[0].Steps[len(p[0].Steps)-1]; last.Weakness != reach.OverBroadRole || last.Role != w.role {
		t.Errorf("last step = %s, want over-broad role", last)
	}
	if k := res.PathsToAsset(w.customers)[0].Steps[3]; k.Weakness != reach.IdentityAccess {
		t.Errorf("the justified statement on the customer DB is identity access, got %s", k)
	}
}

func TestRoleThatWritesAProcessTakesItOver(t *testing.T) {
	w := newWeb(webOpts{auth: tm.ClientCertificate, extraDeclar: func(w *web) {
		ci := w.m.Process("CI", w.internet)
		deploy := w.m.Role("Deploy")
		deploy.Allow(w.app, "lambda:UpdateFunctionCode")
		ci.RunsAs(deploy)
	}})
	p := analyze(t, w.m).PathsToAsset(w.keys)
	want := []string{
		"start at CI: untrusted source (High)",
		`take over Web app from CI through "Deploy" (lambda:UpdateFunctionCode): escalation RCH004 (High)`,
		// No flow goes to the vault: the statement is unused, the role
		// over-broad.
		`Web app → Keys as "Web role": over-broad role (High)`,
	}
	if len(p) == 0 {
		t.Fatal("no path")
	}
	if diff := cmp.Diff(want, stepStrings(p[0])); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
}

func TestPathsPerAsset(t *testing.T) {
	w := newWeb(webOpts{})
	if got := analyze(t, w.m, reach.WithPathsPerAsset(1)).PathsToAsset(w.customers); len(got) != 1 {
		t.Errorf("K=1 gave %d paths", len(got))
	}
	if got := analyze(t, w.m, reach.WithPathsPerAsset(10)).PathsToAsset(w.customers); len(got) != 3 {
		t.Errorf("K=10 gave %d paths, want the 3 there are", len(got))
	}
}

func TestEnumText(t *testing.T) {
	for w := reach.UntrustedSource; w <= reach.HeldAsset; w++ {
		b, err := w.MarshalText()
		if err != nil {
			t.Fatalf("%d: %v", w, err)
		}
		var back reach.Weakness
		if err := back.UnmarshalText(b); err != nil || back != w {
			t.Errorf("%s round-trips to %s, %v", w, back, err)
		}
	}
	for k := reach.StepStart; k <= reach.StepObtain; k++ {
		b, _ := k.MarshalText()
		var back reach.StepKind
		if err := back.UnmarshalText(b); err != nil || back != k {
			t.Errorf("%s round-trips to %s, %v", k, back, err)
		}
	}
	if _, err := reach.Weakness(99).MarshalText(); err == nil {
		t.Error("an invalid weakness should not marshal")
	}
	var k reach.StepKind
	if err := k.UnmarshalText([]byte("fly")); err == nil {
		t.Error("an unknown step kind should not unmarshal")
	}
	if s := reach.Weakness(99).String(); s != "Weakness(99)" {
		t.Errorf("String = %q", s)
	}
}

// A process whose provider runs its code (an API gateway marked
// ProviderManaged) is not taken over through missing input validation; the
// same process, unmarked, is.
func TestProviderManagedNotTakenOverThroughInput(t *testing.T) {
	model := func(managed bool) (*tm.Model, *tm.Component) {
		m := tm.New("Gateway")
		internet := m.Zone("Internet", tm.Untrusted)
		edge := m.Zone("Edge", tm.Trusted)
		user := m.ExternalEntity("User", internet)
		opts := []tm.ComponentOption{tm.Is(tm.Gateway), tm.Controls(tm.Authorization)}
		if managed {
			opts = append(opts, tm.ProviderManaged())
		}
		gw := m.Process("API Gateway", edge, opts...)
		logs := m.Asset("Logs", tm.AssetLogs, tm.Value(tm.Medium), tm.RiskLevel(tm.Moderate))
		store := m.DataStore("Log store", edge, tm.Stores(logs), tm.Controls(tm.Authorization))
		m.Flow(user, gw, "Request", tm.Encrypted(tm.TLS13), tm.AuthN(tm.NoAuthentication))
		m.Flow(gw, store, "Access logs", tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature))
		role := m.Role("Gateway logging role")
		role.Allow(store, "logs:PutLogEvents")
		gw.RunsAs(role)
		return m, gw
	}
	takeovers := func(res *reach.Result, c *tm.Component) []string {
		var out []string
		for _, p := range res.Paths {
			for _, s := range p.Steps {
				if s.Kind == reach.StepCompromise && s.To == tm.Element(c) && s.Weakness == reach.MissingInputValidation {
					out = append(out, s.String())
				}
			}
		}
		return out
	}
	m, gw := model(true)
	if got := takeovers(analyze(t, m), gw); len(got) != 0 {
		t.Errorf("a provider-managed gateway is taken over through its input: %v", got)
	}
	m, gw = model(false)
	if got := takeovers(analyze(t, m), gw); len(got) == 0 {
		t.Errorf("the same gateway, unmarked, should be taken over through missing input validation")
	}
}
