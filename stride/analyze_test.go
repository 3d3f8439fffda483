package stride_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

func TestAnalyzeStructuralError(t *testing.T) {
	m := tm.New("broken")
	z := m.Zone("Z", tm.Trusted)
	m.Process("Twin", z)
	m.Process("Twin", z) // duplicate name: a structural error

	r, err := stride.Analyze(m)
	if r != nil {
		t.Errorf("Analyze returned a report for a model with structural errors")
	}
	if !errors.Is(err, stride.ErrStructural) {
		t.Fatalf("error %v does not wrap ErrStructural", err)
	}
	var f *tm.Finding
	if !errors.As(err, &f) || f.Code != tm.CodeDuplicateName {
		t.Errorf("errors.As found %v, want the TM002 finding", f)
	}

	if _, err := stride.Analyze(nil); !errors.Is(err, stride.ErrStructural) {
		t.Errorf("Analyze(nil) = %v, want ErrStructural", err)
	}
}

func TestAnalyzeGapsDoNotStop(t *testing.T) {
	// No owner, no descriptions, no protocols: gaps, not errors.
	f := newFx()
	f.m.Flow(f.user(), f.api(), "Request")
	if f.m.Validate() == nil {
		t.Fatal("the fixture should have completeness gaps")
	}
	r := analyze(t, f.m)
	if len(r.Threats) == 0 {
		t.Errorf("no threats derived from a model with gaps")
	}
}

func TestInvalidRules(t *testing.T) {
	match := func(*stride.Target) bool { return true }
	valid := stride.Rule{ID: "X-1", Category: stride.Spoofing, Title: "t", Kinds: []tm.Kind{tm.Process}, Match: match}
	tests := []struct {
		name string
		edit func(r *stride.Rule)
		want string
	}{
		{"no ID", func(r *stride.Rule) { r.ID = "" }, "has no ID"},
		{"at sign", func(r *stride.Rule) { r.ID = "X@1" }, `contains "@"`},
		{"no title", func(r *stride.Rule) { r.Title = " " }, "no title"},
		{"bad category", func(r *stride.Rule) { r.Category = 9 }, "not a STRIDE category"},
		{"no match", func(r *stride.Rule) { r.Match = nil }, "exactly one of Match and MatchEach"},
		{"both matches", func(r *stride.Rule) {
			r.MatchEach = func(*stride.Target) []tm.Element { return nil }
		}, "exactly one of Match and MatchEach"},
		{"no kinds", func(r *stride.Rule) { r.Kinds = nil }, "lists no kinds"},
		{"bad kind", func(r *stride.Rule) { r.Kinds = []tm.Kind{7} }, "kind Kind(7) is not valid"},
		{"category never applies", func(r *stride.Rule) { r.Kinds = []tm.Kind{tm.DataFlow} }, "applies to none of its kinds"},
		{"flow scope on flows", func(r *stride.Rule) {
			r.Category, r.Kinds, r.Scope = stride.Tampering, []tm.Kind{tm.DataFlow}, stride.PerIncomingFlow
		}, "must have scope PerElement"},
		{"bad scope", func(r *stride.Rule) { r.Scope = 5 }, "scope Scope(5) is not valid"},
		{"bad control", func(r *stride.Rule) { r.MitigatedBy = []tm.Control{0} }, "mitigating control"},
		{"blank OWASP reference", func(r *stride.Rule) { r.OWASP = []string{" "} }, "OWASP reference"},
		{"OWASP reference with a bar", func(r *stride.Rule) { r.OWASP = []string{"LLM01|2025"} }, "OWASP reference"},
		{"clashes with built-in", func(r *stride.Rule) { r.ID = "TW-S-001" }, "used by another rule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := valid
			tt.edit(&r)
			_, err := stride.Analyze(newFx().m, stride.WithRules(r))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Analyze error = %v, want one containing %q", err, tt.want)
			}
		})
	}
	if _, err := stride.Analyze(newFx().m, stride.WithRules(valid)); err != nil {
		t.Errorf("a valid rule: %v", err)
	}
}

func TestWithoutRules(t *testing.T) {
	f := newFx()
	f.m.Flow(f.user(), f.api(), "Request", tm.AuthN(tm.NoAuthentication))
	r := analyze(t, f.m, stride.WithoutRules("TW-S-001"))
	if got := byRule(r, "TW-S-001"); len(got) != 0 {
		t.Errorf("WithoutRules(TW-S-001) still derived %q", got)
	}
	if got := byRule(r, "TW-S-007"); len(got) == 0 {
		t.Errorf("WithoutRules removed other rules too")
	}
	if _, err := stride.Analyze(f.m, stride.WithoutRules("TW-NOPE")); err == nil || !strings.Contains(err.Error(), "TW-NOPE") {
		t.Errorf("WithoutRules with an unknown ID: err = %v", err)
	}
}

func TestCustomRuleWithMatchEach(t *testing.T) {
	f := newFx()
	api := f.api()
	f.m.Secret("Key A", tm.UsedBy(api))
	f.m.Secret("Key B", tm.UsedBy(api))
	rule := stride.Rule{
		ID: "ACME-1", Category: stride.InformationDisclosure, Title: "Secret in memory",
		Kinds: []tm.Kind{tm.Process},
		MatchEach: func(t *stride.Target) []tm.Element {
			var out []tm.Element
			for _, s := range t.SecretsUsed() {
				out = append(out, s)
			}
			return out
		},
		MitigatedWhen: func(t *stride.Target) string {
			if t.Item.Name() == "Key B" {
				return "Key B is wrapped"
			}
			return ""
		},
	}
	r := analyze(t, f.m, stride.OnlyRules(rule))
	want := []string{"ACME-1@API (Key A)", "ACME-1@API (Key B)"}
	if diff := cmp.Diff(want, byRule(r, "ACME-1")); diff != "" {
		t.Fatalf("threats (-want +got):\n%s", diff)
	}
	a, _ := r.Threat("ACME-1@API (Key A)")
	b, _ := r.Threat("ACME-1@API (Key B)")
	if a.Status != stride.Open || b.Status != stride.Mitigated || props(b) != "Key B is wrapped" {
		t.Errorf("statuses: A %v, B %v (%q)", a.Status, b.Status, b.Evidence)
	}
	if diff := cmp.Diff([]string{`components["API"]`, `secrets["Key A"]`}, a.Paths()); diff != "" {
		t.Errorf("elements (-want +got):\n%s", diff)
	}
}

// acceptFixture has one open derived threat, TW-S-006@API.
func acceptFixture(opts ...tm.AcceptanceOption) *tm.Model {
	f := newFx()
	f.api().RunsAs(f.m.Role("API role"))
	f.m.Accept("TW-S-006@API", opts...)
	return f.m
}

func TestAcceptance(t *testing.T) {
	expires := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	opts := []tm.AcceptanceOption{tm.Owner("Team"), tm.Justification("Managed service"), tm.Expires(expires)}
	only := stride.OnlyRules(ruleByID(t, "TW-S-006"))

	r := analyze(t, acceptFixture(opts...), only, stride.At(expires.AddDate(0, -1, 0)))
	th, _ := r.Threat("TW-S-006@API")
	if th.Status != stride.Accepted {
		t.Fatalf("status %v, want Accepted", th.Status)
	}
	want := &stride.AcceptedRisk{Owner: "Team", Justification: "Managed service", Expires: expires}
	if diff := cmp.Diff(want, th.Acceptance, cmpIgnorePos); diff != "" {
		t.Errorf("acceptance (-want +got):\n%s", diff)
	}
	if r.Residual.Accepted != 1 || r.Residual.Open != 0 {
		t.Errorf("residual %+v", r.Residual)
	}
	if len(r.Findings) != 0 {
		t.Errorf("findings %v, want none", r.Findings)
	}

	// Before expiry: still accepted. After: open, and a finding.
	r = analyze(t, acceptFixture(opts...), only, stride.At(expires.Add(-time.Hour)))
	if th, _ := r.Threat("TW-S-006@API"); th.Status != stride.Accepted {
		t.Errorf("before expiry: %v", th.Status)
	}
	r = analyze(t, acceptFixture(opts...), only, stride.At(expires))
	th, _ = r.Threat("TW-S-006@API")
	if th.Status != stride.Open || !th.Acceptance.Expired {
		t.Errorf("after expiry: status %v, expired %v", th.Status, th.Acceptance.Expired)
	}
	if codes := findingCodes(r); !cmp.Equal(codes, []tm.Code{tm.CodeAcceptanceExpired}) {
		t.Errorf("findings %v, want ST001", codes)
	}

	// An acceptance of a threat that no longer exists.
	f := newFx()
	f.api()
	f.m.Accept("TW-S-006@API", opts...)
	r = analyze(t, f.m, only)
	if codes := findingCodes(r); !cmp.Equal(codes, []tm.Code{tm.CodeAcceptanceUnmatched}) {
		t.Errorf("findings %v, want ST002", codes)
	}
	if r.Findings[0].Path != `acceptances["TW-S-006@API"]` || !r.Findings[0].Pos.IsValid() {
		t.Errorf("finding path %q pos %v", r.Findings[0].Path, r.Findings[0].Pos)
	}
}

func TestMitigationAddressesThreat(t *testing.T) {
	f := newFx()
	f.api().RunsAs(f.m.Role("API role"))
	f.m.Mitigation("Role credentials from STS", tm.Addresses("TW-S-006@API"))
	f.m.Mitigation("Typo", tm.Addresses("TW-S-006@Api"))
	r := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-S-006")))
	th, _ := r.Threat("TW-S-006@API")
	if th.Status != stride.Mitigated || !cmp.Equal(th.AppliedMitigations, []string{"Role credentials from STS"}) {
		t.Errorf("status %v, mitigations %v", th.Status, th.AppliedMitigations)
	}
	if codes := findingCodes(r); !cmp.Equal(codes, []tm.Code{tm.CodeMitigationUnmatched}) {
		t.Errorf("findings %v, want ST003", codes)
	}
}

func TestMitigationAppliedOnElement(t *testing.T) {
	f := newFx()
	api := f.api()
	f.call(f.user(), api, "Request")
	f.m.Mitigation("Schema validation", tm.Implements(tm.InputValidation), tm.On(api))
	r := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-T-001")))
	th, _ := r.Threat("TW-T-001@User → API: Request")
	if th.Status != stride.Mitigated {
		t.Fatalf("status %v", th.Status)
	}
	if diff := cmp.Diff([]tm.Control{tm.InputValidation}, th.Controls); diff != "" {
		t.Errorf("controls (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Schema validation"}, th.AppliedMitigations); diff != "" {
		t.Errorf("mitigations (-want +got):\n%s", diff)
	}
	wantEls := []string{`components["API"]`, `flows["User → API: Request"]`, `components["User"]`}
	if diff := cmp.Diff(wantEls, th.Paths()); diff != "" {
		t.Errorf("elements (-want +got):\n%s", diff)
	}
	if th.SubjectName() != "API" || th.Kind() != tm.Process || th.RuleID != "TW-T-001" || !th.Pos.IsValid() {
		t.Errorf("subject %q kind %v rule %q pos %v", th.SubjectName(), th.Kind(), th.RuleID, th.Pos)
	}
	if th.Subject != th.Involved[0] || th.Flow == nil || th.Flow != th.Involved[1] {
		t.Errorf("typed subject %v, flow %v, involved %v", th.Subject, th.Flow, th.Involved)
	}
}

func TestHandWrittenThreats(t *testing.T) {
	f := newFx()
	api := f.api()
	f.call(f.user(), api, "Request")
	f.m.Threat("Bulk export", tm.InformationDisclosure, tm.About(api), tm.Impact(tm.High), tm.Likelihood(tm.Low),
		tm.AttackPaths("Scripted pagination"), tm.MitigatedBy("Per-user rate limits"))
	f.m.Threat("Tenant starvation", tm.DenialOfService, tm.About(api))
	f.m.Accept("USR-tenant-starvation", tm.Owner("Team"), tm.Justification("Roadmap"))
	f.m.Threat("Replay", tm.Tampering, tm.About(api))

	r := analyze(t, f.m, stride.OnlyRules())
	bulk, _ := r.Threat("USR-bulk-export")
	want := stride.Threat{
		ID: "USR-bulk-export", Category: stride.InformationDisclosure, Title: "Bulk export",
		AttackPaths: []string{"Scripted pagination"}, Mitigations: []string{"Per-user rate limits"},
		Subject: api, Involved: []tm.Element{api},
		Impact: tm.High, Likelihood: tm.Low, Risk: tm.Medium, InherentLikelihood: tm.Low, InherentRisk: tm.Medium,
		Status: stride.Mitigated, Evidence: []stride.Evidence{{Property: "Per-user rate limits", State: tm.ProofUnverified}},
	}
	if diff := cmp.Diff(want, bulk, cmpIgnorePos); diff != "" {
		t.Errorf("hand-written threat (-want +got):\n%s", diff)
	}
	if th, _ := r.Threat("USR-tenant-starvation"); th.Status != stride.Accepted {
		t.Errorf("accepted threat: %v", th.Status)
	}
	// Unrated: computed from the element — impact High from the record it
	// handles, likelihood Low since the only way in presents a key (the
	// request is signed with IAM credentials).
	replay, _ := r.Threat("USR-replay")
	if replay.Status != stride.Open || replay.Impact != tm.High || replay.Likelihood != tm.Low {
		t.Errorf("unrated threat: %v %v/%v", replay.Status, replay.Impact, replay.Likelihood)
	}
	// Hand-written threats cover their cells.
	cov := coverageOf(r, "API")
	if cell, _ := cov.Cell(stride.InformationDisclosure); cell.Status != stride.Mitigated {
		t.Errorf("API × I is %v, want Mitigated", cell.Status)
	}
	if cell, _ := cov.Cell(stride.ElevationOfPrivilege); cell.Status != stride.NotCovered {
		t.Errorf("API × E is %v, want NotCovered", cell.Status)
	}
}

func TestOverride(t *testing.T) {
	f := newFx()
	f.api().RunsAs(f.m.Role("API role"))
	only := stride.OnlyRules(ruleByID(t, "TW-S-006"))
	before, _ := analyze(t, f.m, only).Threat("TW-S-006@API")

	r := analyze(t, f.m, only, stride.Override("TW-S-006@API", 0, tm.Low, "Role is only reachable from the VPC"),
		stride.Override("TW-gone@X", tm.Low, 0, "stale"))
	th, _ := r.Threat("TW-S-006@API")
	want := &stride.RatingOverride{ComputedImpact: before.Impact, ComputedLikelihood: before.Likelihood,
		Reason: "Role is only reachable from the VPC"}
	if diff := cmp.Diff(want, th.Override); diff != "" {
		t.Errorf("override (-want +got):\n%s", diff)
	}
	if th.Impact != before.Impact || th.Likelihood != tm.Low || th.Risk != stride.RiskOf(before.Impact, tm.Low) {
		t.Errorf("rating %v/%v → %v", th.Impact, th.Likelihood, th.Risk)
	}
	if codes := findingCodes(r); !cmp.Equal(codes, []tm.Code{tm.CodeOverrideUnmatched}) {
		t.Errorf("findings %v, want ST004", codes)
	}

	for _, bad := range []stride.Option{
		stride.Override("TW-S-006@API", tm.VeryHigh, 0, "x"),
		stride.Override("TW-S-006@API", 0, 0, "x"),
		stride.Override("TW-S-006@API", tm.Low, 0, " "),
	} {
		if _, err := stride.Analyze(f.m, bad); err == nil {
			t.Errorf("an invalid override was accepted")
		}
	}
}

func TestCoverage(t *testing.T) {
	f := newFx()
	u, api, db, logs := f.user(), f.api(), f.db(), f.logs()
	f.m.ExternalEntity("Mobile client", f.internet, tm.NotInScope("Modelled separately"))
	f.call(u, api, "Request")
	f.call(api, db, "Query")
	f.call(api, logs, "Logs")

	r := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-T-004")))
	var rows []string
	for _, c := range r.Coverage {
		var cells []string
		for _, cell := range c.Cells {
			cells = append(cells, cell.Category.Letter()+"="+cell.Status.String())
		}
		rows = append(rows, c.Subject+": "+strings.Join(cells, " "))
	}
	want := []string{
		"User: S=Not covered R=Not covered",
		"API: S=Not covered T=Not covered R=Not covered I=Not covered D=Not covered E=Not covered",
		"DB: T=Open I=Not covered D=Not covered",
		"Logs: T=Not covered R=Not covered I=Not covered D=Not covered",
		"API → DB: Query: T=Not covered I=Not covered D=Not covered",
		"API → Logs: Logs: T=Not covered I=Not covered D=Not covered",
		"User → API: Request: T=Not covered I=Not covered D=Not covered",
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("coverage (-want +got):\n%s", diff)
	}
	if r.Residual.NotCovered != 23 {
		t.Errorf("NotCovered = %d, want 23", r.Residual.NotCovered)
	}
	db2 := coverageOf(r, "DB")
	if cell, _ := db2.Cell(stride.Tampering); !cmp.Equal(cell.Threats, []string{"TW-T-004@DB"}) {
		t.Errorf("DB × T threats %v", cell.Threats)
	}
	if _, ok := db2.Cell(stride.Spoofing); ok {
		t.Errorf("DB has a Spoofing cell")
	}
}

func TestApplies(t *testing.T) {
	f := newFx()
	u, api, db, logs := f.user(), f.api(), f.db(), f.logs()
	fl := f.call(u, api, "Request")
	tests := []struct {
		el   tm.Element
		want string
	}{
		{u, "SR"}, {api, "STRIDE"}, {db, "TID"}, {logs, "TRID"}, {fl, "TID"},
		{f.record, ""}, {(*tm.Component)(nil), ""}, {nil, ""},
	}
	for _, tt := range tests {
		var got string
		for _, c := range stride.Categories() {
			if stride.Applies(c, tt.el) {
				got += c.Letter()
			}
		}
		if got != tt.want {
			t.Errorf("Applies(·, %v) = %q, want %q", tt.el, got, tt.want)
		}
	}
	if stride.AppliesToKind(stride.Repudiation, tm.DataStore) {
		t.Errorf("AppliesToKind(R, DataStore) = true; R is per store")
	}
	for _, c := range stride.Categories() {
		if stride.Meaning(c) == "" {
			t.Errorf("no meaning for %v", c)
		}
	}
	if stride.Meaning(0) != "" || stride.AppliesToKind(stride.Spoofing, 9) {
		t.Errorf("invalid values must not apply")
	}
}

func TestExposure(t *testing.T) {
	// Internet → (no auth) A → (auth) B → (no auth) C;  D unreachable.
	// A → (key) K → (key) L: the attacker who holds A must present a key
	// to reach K; L is reached through K, which forwards with its own key.
	// B → (key) M: B is reached with a token, and forwards with its key.
	f := newFx()
	u := f.user()
	a := f.m.Process("A", f.edge)
	b := f.m.Process("B", f.app)
	c := f.m.Process("C", f.app)
	d := f.m.Process("D", f.app)
	k := f.m.Process("K", f.app)
	l := f.m.Process("L", f.app)
	mm := f.m.Process("M", f.app)
	f.m.Flow(u, a, "1", tm.AuthN(tm.NoAuthentication))
	f.m.Flow(a, b, "2", tm.AuthN(tm.JWT))
	f.m.Flow(b, c, "3", tm.AuthN(tm.NoAuthentication))
	f.m.Flow(d, c, "4")
	f.m.Flow(a, k, "5", tm.AuthN(tm.ClientCertificate))
	f.m.Flow(k, l, "6", tm.AuthN(tm.IAMSignature))
	f.m.Flow(b, mm, "7", tm.AuthN(tm.IAMSignature))

	got := make(map[string]stride.Exposure)
	probe := stride.Rule{ID: "P", Category: stride.Spoofing, Title: "probe",
		Kinds: []tm.Kind{tm.ExternalEntity, tm.Process},
		Match: func(t *stride.Target) bool { got[t.Subject()] = t.Exposure(); return false }}
	analyze(t, f.m, stride.OnlyRules(probe))
	want := map[string]stride.Exposure{
		"User": stride.InUntrustedZone, "A": stride.ReachableAnonymously,
		"B": stride.ReachableAuthenticated, "C": stride.ReachableAuthenticated, "D": stride.Unreachable,
		"K": stride.ReachableCryptographic, "L": stride.ReachableCryptographic, "M": stride.ReachableAuthenticated,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("exposure (-want +got):\n%s", diff)
	}
}

func TestRiskOf(t *testing.T) {
	L, M, H := tm.Low, tm.Medium, tm.High
	want := map[[2]tm.Level]tm.Level{
		{H, H}: H, {H, M}: H, {H, L}: M,
		{M, H}: H, {M, M}: M, {M, L}: L,
		{L, H}: M, {L, M}: L, {L, L}: L,
	}
	for in, w := range want {
		if got := stride.RiskOf(in[0], in[1]); got != w {
			t.Errorf("RiskOf(%v, %v) = %v, want %v", in[0], in[1], got, w)
		}
	}
	if stride.RiskOf(tm.VeryHigh, H) != 0 || stride.RiskOf(0, L) != 0 {
		t.Errorf("RiskOf accepts levels outside Low/Medium/High")
	}
}

func TestAssetLevel(t *testing.T) {
	m := tm.New("levels")
	tests := []struct {
		a    *tm.Asset
		want tm.Level
	}{
		{m.DataAsset("plain"), 0},
		{m.DataAsset("low", tm.Value(tm.Low)), tm.Low},
		{m.DataAsset("mh", tm.Value(tm.MediumHigh)), tm.Medium},
		{m.DataAsset("vh", tm.Value(tm.VeryHigh)), tm.High},
		{m.DataAsset("crit", tm.Value(tm.Low), tm.RiskLevel(tm.Critical)), tm.High},
		{m.DataAsset("pii", tm.Value(tm.Low), tm.PII()), tm.Medium},
		{m.DataAsset("restricted", tm.Classified(tm.Restricted)), tm.High},
		{m.DataAsset("moderate", tm.RiskLevel(tm.Moderate)), tm.Low},
		{nil, 0},
	}
	for _, tt := range tests {
		if got := stride.AssetLevel(tt.a); got != tt.want {
			t.Errorf("AssetLevel(%v) = %v, want %v", tt.a, got, tt.want)
		}
	}
}

func TestRating(t *testing.T) {
	f := newFx()
	u, api := f.user(), f.api()
	f.call(u, api, "Request", tm.AuthN(tm.APIKey), tm.Encrypted(tm.Plaintext))
	r := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-S-002"), ruleByID(t, "TW-T-006")))
	// Impact High (the record is High/Critical). S-002: the flow's source is
	// in the untrusted zone → High. T-006: High, plaintext crossing stays High.
	for _, id := range []string{"TW-S-002@User → API: Request", "TW-T-006@User → API: Request"} {
		th, ok := r.Threat(id)
		if !ok || th.Impact != tm.High || th.Likelihood != tm.High || th.Risk != tm.High {
			t.Errorf("%s: %v/%v → %v", id, th.Impact, th.Likelihood, th.Risk)
		}
	}
	if r.Residual.OpenByRisk != (stride.RiskCounts{High: 2}) {
		t.Errorf("residual %+v", r.Residual)
	}
	want := &stride.BoundaryCrossing{From: "Internet", To: "App", Exits: []string{"Internet"}, Enters: []string{"Account", "App"}}
	th, _ := r.Threat("TW-T-006@User → API: Request")
	if diff := cmp.Diff(want, th.Crossing); diff != "" {
		t.Errorf("crossing (-want +got):\n%s", diff)
	}
}

// A flow that crosses a boundary without encryption rates one step more
// likely than its source's exposure; stated encryption, or the Encryption in
// transit control where the encryption is not stated, does not.
func TestRatingPlaintextCrossing(t *testing.T) {
	f := newFx()
	u, api := f.user(), f.api() // API: reachable through authentication → Medium
	f.call(u, api, "Request", tm.AuthN(tm.JWT))
	db := f.db()
	f.m.Flow(api, db, "Plain", tm.Encrypted(tm.Plaintext), tm.Carries(f.record))
	f.m.Flow(api, db, "Unstated", tm.Carries(f.record))
	f.m.Flow(api, db, "Unstated with control", tm.Carries(f.record), tm.Controls(tm.EncryptionInTransit))
	f.m.Flow(api, db, "TLS", tm.Encrypted(tm.TLS13), tm.Carries(f.record))
	probe := stride.Rule{ID: "P", Category: stride.Tampering, Title: "probe", Kinds: []tm.Kind{tm.DataFlow},
		Match: func(*stride.Target) bool { return true }}
	r := analyze(t, f.m, stride.OnlyRules(probe))
	want := map[string]tm.Level{"Plain": tm.High, "Unstated": tm.High, "Unstated with control": tm.Medium, "TLS": tm.Medium}
	for name, l := range want {
		th, ok := r.Threat("P@API → DB: " + name)
		if !ok || th.Likelihood != l {
			t.Errorf("%s: likelihood %v, want %v", name, th.Likelihood, l)
		}
	}
}

// TestEvidenceMFAAtIdentityProvider checks that a token a person presents
// is closed by MFA at the identity provider that issued it, when that
// provider is outside the analysis (an external entity); when the model
// analyses the provider, the threat is on the sign-in itself.
func TestEvidenceMFAAtIdentityProvider(t *testing.T) {
	f := newFx()
	u := f.user()
	idp := f.m.ExternalEntity("IdP", f.internet, tm.Is(tm.IdentityProvider), tm.Controls(tm.MFA))
	f.call(u, idp, "Sign-in", tm.AuthN(tm.Password))
	f.call(u, f.api(), "Request", tm.AuthN(tm.JWT))
	r := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-S-003")))
	th, _ := r.Threat("TW-S-003@User → API: Request")
	if th.Status != stride.Mitigated || props(th) != "MFA at IdP" {
		t.Errorf("status %v evidence %v", th.Status, th.Evidence)
	}

	g := newFx()
	u = g.user()
	pool := g.m.Process("IdP", g.edge, tm.Is(tm.IdentityProvider), tm.Controls(tm.MFA))
	g.call(u, pool, "Sign-in", tm.AuthN(tm.Password))
	g.call(u, g.api(), "Request", tm.AuthN(tm.JWT))
	r = analyze(t, g.m, stride.OnlyRules(ruleByID(t, "TW-S-003")))
	if got := byRule(r, "TW-S-003"); !slices.Equal(got, []string{"TW-S-003@User → IdP: Sign-in"}) {
		t.Errorf("TW-S-003 on %v, want on the sign-in only", got)
	}
	if th, _ := r.Threat("TW-S-003@User → IdP: Sign-in"); th.Status != stride.Mitigated {
		t.Errorf("sign-in: status %v, want Mitigated by the provider's MFA", th.Status)
	}
}

func TestStatusText(t *testing.T) {
	for _, s := range []stride.Status{stride.Mitigated, stride.Accepted, stride.Open, stride.NotCovered} {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back stride.Status
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("round trip of %v: %v, %v", s, back, err)
		}
	}
	if _, err := stride.Status(0).MarshalText(); err == nil {
		t.Errorf("zero Status marshalled")
	}
	var s stride.Status
	if err := s.UnmarshalText([]byte("closed")); err == nil {
		t.Errorf("unknown status parsed")
	}
}

// cmpIgnorePos ignores positions and compares elements by identity.
var cmpIgnorePos = cmp.Options{cmpopts.IgnoreTypes(tm.Pos{}), cmp.Comparer(func(a, b tm.Element) bool { return a == b })}

func findingCodes(r *stride.Report) []tm.Code {
	var out []tm.Code
	for _, f := range r.Findings {
		out = append(out, f.Code)
	}
	return out
}

func coverageOf(r *stride.Report, subject string) stride.Coverage {
	for _, c := range r.Coverage {
		if c.Subject == subject {
			return c
		}
	}
	return stride.Coverage{}
}

func TestTargetHelpers(t *testing.T) {
	f := newFx()
	api, db, u := f.api(), f.db(), f.user()
	f.m.Asset("API surface", tm.AssetEndpoint, tm.Represents(api))
	req := f.call(u, api, "Request")
	f.call(api, db, "Query")
	key := f.m.Secret("DB password", tm.UsedBy(api), tm.StoredIn(db))
	dep := f.m.Dependency("npm", tm.Package, tm.UsedBy(api))
	role := f.m.Role("API role")
	p1 := role.Allow(db, "dynamodb:GetItem")
	p2 := role.Allow(f.data, "dynamodb:Query")
	p3 := role.Allow(f.record, "dynamodb:PutItem")
	p4 := role.Allow(tm.AnyResource(), "cloudwatch:PutMetricData")
	api.RunsAs(role)

	type seen struct {
		model                 bool
		assets                []string
		involvesEndpoint      bool
		used, held            []*tm.Secret
		deps                  []*tm.Dependency
		perms                 []*tm.Permission
		exposureOfUser, scope string
	}
	got := map[string]*seen{}
	names := func(as []*tm.Asset) []string {
		var out []string
		for _, a := range as {
			out = append(out, a.Name())
		}
		return out
	}
	probe := func(scope stride.Scope) stride.Rule {
		return stride.Rule{ID: "P" + scope.String(), Category: stride.Tampering, Title: "probe", Scope: scope,
			Kinds: []tm.Kind{tm.Process, tm.DataStore},
			Match: func(t *stride.Target) bool {
				got[t.Subject()+" / "+scope.String()] = &seen{
					model: t.Model() == f.m, assets: names(t.Assets()), involvesEndpoint: t.InvolvesAsset(tm.AssetEndpoint),
					used: t.SecretsUsed(), held: t.SecretsHeld(), deps: t.Dependencies(), perms: t.Permissions(),
					exposureOfUser: t.ExposureOf(u).String(), scope: scope.String(),
				}
				return false
			}}
	}
	analyze(t, f.m, stride.OnlyRules(probe(stride.PerElement), probe(stride.PerIncomingFlow)))

	apiSeen := got["API / each element"]
	if apiSeen == nil || !apiSeen.model || !apiSeen.involvesEndpoint || apiSeen.exposureOfUser != "in an untrusted zone" {
		t.Fatalf("API per element: %+v", apiSeen)
	}
	if diff := cmp.Diff([]string{"API surface"}, apiSeen.assets); diff != "" {
		t.Errorf("API assets (-want +got):\n%s", diff)
	}
	if !slices.Equal(apiSeen.used, []*tm.Secret{key}) || apiSeen.held != nil || !slices.Equal(apiSeen.deps, []*tm.Dependency{dep}) {
		t.Errorf("API secrets %v / %v, dependencies %v", apiSeen.used, apiSeen.held, apiSeen.deps)
	}
	dbSeen := got["DB / each element"]
	if !slices.Equal(dbSeen.held, []*tm.Secret{key}) {
		t.Errorf("DB holds %v", dbSeen.held)
	}
	// Direct, then zones outward, then stored assets, then the wildcard.
	if !slices.Equal(dbSeen.perms, []*tm.Permission{p1, p2, p3, p4}) {
		t.Errorf("DB permissions: %d of them", len(dbSeen.perms))
	}
	if via := got["API / each incoming flow"]; via == nil || !cmp.Equal(via.assets, []string{"API surface", "Record"}) {
		t.Errorf("API through %s: %+v", req.Key(), via)
	}
	if s := stride.Scope(9).String(); s != "Scope(9)" {
		t.Errorf("Scope(9).String() = %q", s)
	}
	if s := stride.Exposure(9).String(); s != "Exposure(9)" {
		t.Errorf("Exposure(9).String() = %q", s)
	}
}

func TestReportLookups(t *testing.T) {
	f := newFx()
	fl := f.call(f.user(), f.api(), "Request", tm.Encrypted(tm.Plaintext))
	// A component named like the flow's key: look-ups go by element, so
	// the two never mix.
	look := f.m.Process(fl.Key(), f.app, tm.Is(tm.Service))
	r := analyze(t, f.m)
	on := r.ThreatsOn(fl)
	if len(on) == 0 {
		t.Fatal("no threats on the flow")
	}
	open := 0
	for _, th := range on {
		if th.Subject != fl || th.Kind() != tm.DataFlow || th.SubjectName() != "User → API: Request" || th.Flow != fl {
			t.Errorf("ThreatsOn returned %s about %s", th.ID, th.SubjectName())
		}
		if th.Crossing == nil || th.Crossing.String() != "Internet → App" {
			t.Errorf("%s crossing %v", th.ID, th.Crossing)
		}
		if th.Status == stride.Open {
			open++
			if th.Risk > r.OpenRisk(fl) {
				t.Errorf("%s rates %v, above OpenRisk %v", th.ID, th.Risk, r.OpenRisk(fl))
			}
		}
	}
	if open == 0 || len(r.OpenThreatsOn(fl)) != open || r.OpenRisk(fl) == 0 {
		t.Errorf("open threats on the plaintext flow: %d counted, OpenThreatsOn %d, OpenRisk %v", open, len(r.OpenThreatsOn(fl)), r.OpenRisk(fl))
	}
	for _, th := range r.ThreatsOn(look) {
		if th.Subject != look {
			t.Errorf("ThreatsOn(component named like the flow) returned %s about %s", th.ID, th.Subject.Path())
		}
	}
	if r.ThreatsOn(nil) != nil || r.OpenRisk(nil) != 0 {
		t.Error("look-ups of nil should find nothing")
	}
	// A report built by hand answers the same, by a scan.
	byHand := &stride.Report{Threats: on}
	if got := byHand.ThreatsOn(fl); len(got) != len(on) || byHand.OpenRisk(fl) != r.OpenRisk(fl) {
		t.Errorf("hand-built report: %d threats, open risk %v", len(got), byHand.OpenRisk(fl))
	}
	if _, ok := r.Threat("nope"); ok {
		t.Errorf("Threat found an unknown ID")
	}
	if s := stride.Status(9).String(); s != "Status(9)" {
		t.Errorf("Status(9).String() = %q", s)
	}
}

// TestWaiveAnalysisFinding waives an ST finding on the mitigation it is
// about: the report drops it, and a waiver of an ST code that matches
// nothing is reported by the analysis, not by validation.
func TestWaiveAnalysisFinding(t *testing.T) {
	f := newFx()
	f.api().RunsAs(f.m.Role("API role"))
	typo := f.m.Mitigation("Typo", tm.Addresses("TW-S-006@Api"))
	only := stride.OnlyRules(ruleByID(t, "TW-S-006"))
	f.m.Waive(tm.CodeMitigationUnmatched, typo, "The ID names a threat of the next release's catalog")
	r := analyze(t, f.m, only)
	if codes := findingCodes(r); len(codes) != 0 {
		t.Errorf("findings %v, want none: ST003 is waived", codes)
	}
	f.m.Waive(tm.CodeAcceptanceExpired, typo, "Nothing to waive")
	for _, v := range f.m.Findings() {
		if v.Code == tm.CodeStaleWaiver {
			t.Errorf("validation reported %s at %s: ST waivers are the analysis's to judge", v.Code, v.Path)
		}
	}
	r = analyze(t, f.m, only)
	if codes := findingCodes(r); !cmp.Equal(codes, []tm.Code{tm.CodeStaleWaiver}) {
		t.Errorf("findings %v, want TM191 for the waiver that matches nothing", codes)
	}
}

// TestAcceptanceJudgedToday checks that, without At, an acceptance is judged
// at the time Analyze runs: one that expired in 2024 no longer accepts its
// threat, and the report says when it judged.
func TestAcceptanceJudgedToday(t *testing.T) {
	only := stride.OnlyRules(ruleByID(t, "TW-S-006"))
	before := time.Now()
	r := analyze(t, acceptFixture(tm.Owner("Team"), tm.Justification("Managed service"),
		tm.Expires(time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC))), only)
	th, _ := r.Threat("TW-S-006@API")
	if th.Status != stride.Open || th.Acceptance == nil || !th.Acceptance.Expired {
		t.Errorf("an acceptance that expired in 2024: status %v, acceptance %+v; want Open and expired", th.Status, th.Acceptance)
	}
	if codes := findingCodes(r); !cmp.Equal(codes, []tm.Code{tm.CodeAcceptanceExpired}) {
		t.Errorf("findings %v, want ST001", codes)
	}
	if r.JudgedAt.Before(before) || r.JudgedAt.After(time.Now()) {
		t.Errorf("JudgedAt = %v, want the time Analyze ran", r.JudgedAt)
	}
	pinned := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	r = analyze(t, acceptFixture(tm.Owner("Team"), tm.Justification("Managed service"),
		tm.Expires(time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC))), only, stride.At(pinned))
	if th, _ := r.Threat("TW-S-006@API"); th.Status != stride.Accepted || !r.JudgedAt.Equal(pinned) {
		t.Errorf("pinned before expiry: status %v, JudgedAt %v", th.Status, r.JudgedAt)
	}
}
