package render_test

import (
	"strings"
	"testing"
	"time"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
	"github.com/threatwright/threatwright/verify"
)

// verifiedShop is a shop whose API backs its rate limiting with a test
// that passed and its input validation with one that failed, and whose
// authorization rests on a dated report; with the run that found it.
func verifiedShop(t *testing.T) (*tm.Model, *verify.Results) {
	t.Helper()
	m := tm.New("Shop", tm.Owner("Team"))
	user := m.ExternalEntity("Customer", m.Zone("Internet", tm.Untrusted), tm.Is(tm.Human))
	api := m.Process("API", m.Zone("Cloud", tm.Trusted), tm.Is(tm.Service),
		tm.Controls(tm.RateLimiting).ImplementedBy(strings.ToLower).ProvedBy(tm.GoTest("example.com/shop/api", "TestLimiter")),
		tm.Controls(tm.InputValidation).ProvedBy(tm.GoTest("example.com/shop/api", "TestValidate")))
	m.Flow(user, api, "Order", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT))
	m.Mitigation("Tenant checks", tm.Implements(tm.Authorization), tm.On(api),
		tm.ProvedBy(tm.External("PT-7", time.Date(2026, 9, 18, 0, 0, 0, 0, time.UTC))))
	run, err := verify.Read(strings.NewReader(`{"Action":"pass","Package":"example.com/shop/api","Test":"TestLimiter"}
{"Action":"output","Package":"example.com/shop/api","Test":"TestValidate","Output":"    validate_test.go:9: accepted <script>\n"}
{"Action":"fail","Package":"example.com/shop/api","Test":"TestValidate"}
`))
	if err != nil {
		t.Fatal(err)
	}
	return m, run
}

// TestReportShowsEvidenceStates: the report says which evidence a test
// proves, which failed (and is not counted), and which is only declared;
// the Mitigation Evidence section counts them, overall and for the one
// trust boundary; in strict mode the threats closed only by unverified
// evidence are open and say why.
func TestReportShowsEvidenceStates(t *testing.T) {
	m, run := verifiedShop(t)
	d, err := render.NewDocument(m, render.STRIDEOptions(stride.WithVerification(run)))
	if err != nil {
		t.Fatal(err)
	}
	md := markdownOfDocument(t, d)
	for _, want := range []string{
		"Closed by Rate limiting at API \\[markdown_verified_test.go:22\\] — verified: code strings.ToLower \\[",
		"test TestLimiter passed",
		"Not counted: Input validation at API \\[markdown_verified_test.go:22\\] — failing: test TestValidate failed",
		"— unverified: report PT-7 (2026-09-18)",
		"## Mitigation Evidence",
		"| Internet → Cloud | 1 | 1 | 0 | 1 | 0 |",
		"| All threats | 1 | 1 | 0 | 1 | 0 |",
		"| Input validation \\[markdown_verified_test.go:22\\] | API | Failing | — | test TestValidate failed | ",
		"the proof test TestValidate in example.com/shop/api of Input validation on components\\[\"API\"\\] failed",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q", want)
		}
	}

	strict, err := render.NewDocument(m, render.STRIDEOptions(stride.WithVerification(run), stride.Strict()))
	if err != nil {
		t.Fatal(err)
	}
	md = markdownOfDocument(t, strict)
	for _, want := range []string{
		"Strict mode: a threat closed only by unverified evidence counts as open.",
		"Not counted: Authorization (Tenant checks) at API \\[markdown_verified_test.go:26\\] — unverified: report PT-7 (2026-09-18)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the strict report lacks %q", want)
		}
	}
}

// TestReportWithoutEvidenceKeepsItsShape: a model that backs no control,
// analysed without a verification run, has no Mitigation Evidence section
// and no states.
func TestReportWithoutEvidenceKeepsItsShape(t *testing.T) {
	d, err := render.NewDocument(serverless.Model())
	if err != nil {
		t.Fatal(err)
	}
	md := markdownOfDocument(t, d)
	for _, absent := range []string{"## Mitigation Evidence", " — unverified", "Mitigation evidence:"} {
		if strings.Contains(md, absent) {
			t.Errorf("the serverless report has %q", absent)
		}
	}
}
