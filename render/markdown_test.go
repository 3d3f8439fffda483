package render_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/threatwright/threatwright/examples/agent/agent"
	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/escape"
	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

func markdownOf(t testing.TB, m *tm.Model) string {
	t.Helper()
	d, err := render.NewDocument(m)
	if err != nil {
		t.Fatalf("NewDocument: %v", err)
	}
	return markdownOfDocument(t, d)
}

func markdownOfDocument(t testing.TB, d *render.Document) string {
	t.Helper()
	var buf bytes.Buffer
	if err := render.Markdown(&buf, d); err != nil {
		t.Fatalf("Markdown: %v", err)
	}
	return buf.String()
}

// handBuilt builds a Document by hand for a model that NewDocument rejects
// for its structural errors: its findings, an empty STRIDE report and the
// reach analysis, which works on any model.
func handBuilt(t testing.TB, m *tm.Model) *render.Document {
	t.Helper()
	rr, err := reach.Analyze(m)
	if err != nil {
		t.Fatalf("reach.Analyze: %v", err)
	}
	return &render.Document{Model: m, Findings: m.Findings(), Threats: &stride.Report{}, Reach: rr}
}

// TestMarkdownDeterministic renders each example twice. The examples'
// reports themselves are pinned once, as examples/*/docs/threat-model.md, by
// the examples' TestDocsAreCurrent.
func TestMarkdownDeterministic(t *testing.T) {
	for name, model := range map[string]func() *tm.Model{
		"serverless": serverless.Model,
		"platform":   platform.Model,
		"agent":      agent.Model,
	} {
		t.Run(name, func(t *testing.T) {
			got := markdownOf(t, model())
			if again := markdownOf(t, model()); again != got {
				t.Errorf("two renderings of the same model differ")
			}
		})
	}
}

// TestMarkdownTemplateSections checks that the report follows the Phase 4
// template section by section, in its order, and has the guide's sections.
func TestMarkdownTemplateSections(t *testing.T) {
	md := markdownOf(t, serverless.Model())
	order := []string{
		"## Threat Context",
		"## Components",
		"## Data Flow",
		"## Assets to Protect",
		"## Trust Boundaries",
		"## Threat Analysis by Trust Boundary",
		"### Trust Boundary 1: Internet → API edge",
		"| Threat | Impact | Likelihood | Mitigation |",
		"## STRIDE Threats",
		"### A. Spoofing",
		"### F. Elevation of privilege",
		"## IAM / Execution Role Blast Radius",
		"| Role | Permissions | Blast Radius if Compromised | Mitigation |",
		"## Error Handling & Information Leakage",
		"| Component | Risk | Mitigation |",
		"## Runtime Security",
		"## Secrets Lifecycle",
		"| Secret | Provisioning | Rotation | Blast Radius if Leaked |",
		"## Data Lifecycle",
		"| Data Type | At Rest | In Transit | Deletion | Access Control |",
		"## Supply Chain",
		"| Dependency | Risk | Mitigation |",
		"## Gate Questions",
		"## Appendix A: STRIDE Coverage Matrix",
		"## Appendix B: Residual Risk",
		"## Appendix C: Accepted Risks",
		"*This file is the sole input to the next phase.",
	}
	at := 0
	for _, want := range order {
		i := strings.Index(md[at:], want)
		if i < 0 {
			t.Errorf("%q is missing or out of order", want)
			continue
		}
		at += i
	}
	for _, want := range []string{
		"```mermaid", "```text", "TRUST BOUNDARY: AWS account (Trusted) — blast-radius boundary",
		"User → API Gateway → Lambda → DynamoDB → Lambda → API Gateway → User",
		"- [x] What is the worst thing an adversary can do at each trust boundary?",
		"- [x] If the execution role is compromised, what is the blast radius?",
		"- [x] Does the infrastructure have the same threat coverage as the application code?",
		"**Lambda execution role** (Lambda): Can read",
		"**Attack Paths**:",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}

// TestMarkdownHoldsEverything checks the template's last line: everything
// the model holds reaches the report. Every element, flow, asset, role,
// secret, dependency, hand-written threat, mitigation, acceptance, waiver
// and derived threat appears, by its escaped name, with its descriptions.
func TestMarkdownHoldsEverything(t *testing.T) {
	for name, model := range map[string]func() *tm.Model{"serverless": serverless.Model, "platform": platform.Model, "agent": agent.Model, "every field": everyFieldModel} {
		t.Run(name, func(t *testing.T) {
			m := model()
			d, err := render.NewDocument(m)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := render.Markdown(&buf, d); err != nil {
				t.Fatal(err)
			}
			md := buf.String()
			check := func(kind, text string) {
				t.Helper()
				if text == "" {
					return
				}
				if !strings.Contains(md, escape.MarkdownCell(text)) && !strings.Contains(md, escape.MarkdownInline(text)) {
					t.Errorf("%s %q is not in the report", kind, text)
				}
			}
			interest, worst := m.Context()
			check("threat context", interest)
			check("worst case", worst)
			for _, z := range m.Zones() {
				check("zone", z.Name())
				check("zone description", z.Description())
			}
			for _, c := range m.Components() {
				check("component", c.Name())
				check("technology", c.Technology())
				check("description", c.Description())
				check("out-of-scope reason", c.OutOfScopeReason())
				if c.HoldsAuditLogs() && !strings.Contains(md, "| "+escape.MarkdownCell(c.Name())+" | Data store (Log store), holds audit logs |") {
					t.Errorf("the report does not say that %s holds audit logs", c.Name())
				}
				for _, e := range append(c.ErrorHandling(), c.Runtime()...) {
					check("risk", e.Risk)
					check("mitigation", e.Mitigation)
				}
			}
			for _, f := range m.Flows() {
				check("flow", f.Key())
				check("flow description", f.Description())
			}
			for _, a := range m.Assets() {
				check("asset", a.Name())
				check("asset description", a.Description())
				if l := a.Lifecycle(); l != nil {
					check("at rest", l.AtRest)
					check("in transit", l.InTransit)
					check("deletion", l.Deletion)
					check("access control", l.AccessControl)
				}
			}
			for _, r := range m.Roles() {
				check("role", r.Name())
				check("role mitigation", r.Mitigation())
				check("role description", r.Description())
				if g := r.PermissionBoundary(); g != nil {
					check("permission boundary", g.Name())
					check("permission boundary note", g.Note())
				}
				for _, p := range r.Permissions() {
					for _, a := range p.Actions() {
						check("action", a)
					}
				}
			}
			for _, s := range m.Secrets() {
				check("secret", s.Name())
				check("provisioning", s.Provisioning())
				check("blast radius", s.BlastRadius())
				check("secret description", s.Description())
			}
			for _, dep := range m.Dependencies() {
				check("dependency", dep.Name())
				check("dependency risk", dep.Risk())
				check("dependency mitigation", dep.Mitigation())
				check("verification", dep.Verification())
				check("dependency description", dep.Description())
			}
			for _, th := range m.Threats() {
				check("hand-written threat", th.Name())
				check("hand-written threat ID", th.ID())
				check("hand-written threat description", th.Description())
				check("hand-written threat mitigation", th.Mitigation())
				for _, p := range th.AttackPaths() {
					check("hand-written attack path", p)
				}
			}
			for _, mi := range m.Mitigations() {
				check("mitigation", mi.Name())
				check("mitigation description", mi.Description())
			}
			for _, a := range m.Acceptances() {
				check("acceptance", a.ThreatID())
				check("justification", a.Justification())
				check("owner", a.Owner())
			}
			for _, wv := range m.Waivers() {
				check("waived check", string(wv.Code()))
				check("waiver reason", wv.Reason())
			}
			for _, o := range m.OutOfScopeItems() {
				check("out of scope", o.Item)
				check("out of scope reason", o.Reason)
			}
			for _, s := range append(m.ScopeItems(), m.Assumptions()...) {
				check("scope or assumption", s)
			}
			for _, th := range d.Threats.Threats {
				check("threat ID", th.ID)
			}
			if m.Owner() != "" && !strings.Contains(md, escape.MarkdownInline(m.Owner())) {
				t.Errorf("owner %q is not in the report", m.Owner())
			}
			if !strings.Contains(md, escape.MarkdownBlock(m.Description())) {
				t.Errorf("the model's description is not in the report")
			}
		})
	}
}

// everyFieldModel sets every free-text field a model has, each to its own
// text, for TestMarkdownHoldsEverything. It validates with findings but no
// structural errors.
func everyFieldModel() *tm.Model {
	m := tm.New("Every field", tm.Owner("the owner"), tm.Description("the model's description"))
	m.ThreatContext("the interest", "the worst case")
	inet := m.Zone("Internet", tm.Untrusted, tm.Description("the zone's description"))
	dc := m.Zone("DC", tm.Trusted, tm.ContainsBlastRadius())
	data := m.DataAsset("Records", tm.Value(tm.High), tm.Description("the asset's description"),
		tm.Lifecycle(tm.DataLifecycle{AtRest: "at rest", InTransit: "in transit", Deletion: "deletion", AccessControl: "access control"}))
	u := m.ExternalEntity("User", inet, tm.Description("the user's description"))
	app := m.Process("App", dc, tm.Technology("the technology"), tm.ErrorHandling("an error risk", "an error mitigation"),
		tm.Runtime("a runtime risk", "a runtime mitigation"))
	logs := m.DataStore("Logs", dc, tm.Is(tm.LogStore), tm.HoldsAuditLogs())
	m.DataStore("Archive", dc, tm.NotInScope("the out-of-scope reason"))
	req := m.Flow(u, app, "Request", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT), tm.Carries(data),
		tm.Description("the flow's description"))
	m.Flow(app, logs, "Log", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.IAMSignature))
	boundary := m.Guardrail("the permission boundary", tm.Note("the permission boundary note"))
	boundary.Allow(logs, "logs:*")
	r := m.Role("Role", tm.Description("the role's description"), tm.MitigatedBy("the role's mitigation"),
		tm.WithPermissionBoundary(boundary))
	r.Allow(logs, "logs:the-action")
	app.RunsAs(r)
	m.Secret("Secret", tm.Description("the secret's description"), tm.Provisioned("the provisioning"),
		tm.Stored(tm.InSecretsManager), tm.Rotated(tm.Rotation{Never: true}), tm.BlastRadius("the secret's blast radius"), tm.UsedBy(app))
	m.Dependency("Dep", tm.Package, tm.Description("the dependency's description"), tm.Pinned(tm.LockFile, "the ref"),
		tm.Risk("the dependency's risk"), tm.MitigatedBy("the dependency's mitigation"), tm.Verified("the verification"), tm.UsedBy(app))
	th := m.Threat("Hand-written", tm.Tampering, tm.About(app), tm.Impact(tm.High), tm.Likelihood(tm.Low),
		tm.AttackPaths("the attack path"), tm.MitigatedBy("the threat's mitigation"), tm.Description("the threat's description"))
	m.Accept(th.ID(), tm.Justification("the justification"), tm.Owner("the acceptor"))
	m.Mitigation("Mitigation", tm.Description("the mitigation's description"), tm.Implements(tm.InputValidation), tm.On(app))
	m.Waive(tm.CodeDFDViolation, req, "the waiver's reason")
	m.OutOfScope("an out-of-scope item", "its reason")
	m.Scope("a scope item")
	m.Assume("an assumption")
	return m
}

// TestMarkdownIncomplete checks that a report of an incomplete model says so
// at the top, with each gap.
func TestMarkdownIncomplete(t *testing.T) {
	m := tm.New("Half done")
	inet := m.Zone("Internet", tm.Untrusted)
	dc := m.Zone("DC", tm.Trusted)
	u := m.ExternalEntity("User", inet)
	app := m.Process("App", dc)
	m.Flow(u, app, "Request")
	md := markdownOf(t, m)
	head := md[:strings.Index(md, "## Threat Context")]
	for _, want := range []string{"this threat model is incomplete", "`TM101`", "`TM121`", `flows\["User → App: Request"\].encryption`} {
		if !strings.Contains(head, want) {
			t.Errorf("the top of the report lacks %q:\n%s", want, head)
		}
	}
	if !strings.Contains(md, "- [ ] If the execution role is compromised") {
		t.Errorf("the gate question on the execution role is ticked although no process runs as a role")
	}
}

// TestMarkdownEscaping declares names full of Markdown, HTML and table syntax
// and checks that every table keeps its columns and no markup gets through.
func TestMarkdownEscaping(t *testing.T) {
	nasty := "a | b <script>alert(1)</script> `code` **bold** [link](http://x) \n# heading\r\n- item &amp;"
	md := markdownOf(t, nastyModel(strings.NewReplacer("\n", " ", "\r", " ").Replace(nasty), nasty))
	checkTables(t, md)
	checkProse(t, md)
}

// TestMarkdownEscapingStructural renders, through a hand-built Document, a
// model whose names hold line breaks and backticks, which only a model with
// structural errors can have: no name may close a code block, break a code
// span or start a heading.
func TestMarkdownEscapingStructural(t *testing.T) {
	nasty := "x\n```\n# heading\n`code` | pipe\n\n- item"
	m := nastyModel(nasty, nasty)
	if _, err := render.NewDocument(m); err == nil {
		t.Fatal("NewDocument accepted names with line breaks")
	}
	md := markdownOfDocument(t, handBuilt(t, m))
	checkTables(t, md)
	checkProse(t, md)
	if !strings.Contains(md, "## Appendix H: Attack Paths\n") || strings.Contains(md, "No attack path reaches") {
		t.Fatal("the model has no attack path; the test does not exercise the path lines")
	}
}

// checkProse fails when markup from the model reaches the report's prose:
// a heading, a list item or a quote that the report did not write, HTML, or
// a code fence left open.
func checkProse(t testing.TB, md string) {
	t.Helper()
	if strings.Count(md, "\n```")%2 != 0 {
		t.Errorf("the report leaves a code fence open")
	}
	prose := outsideCode(md)
	for _, bad := range []string{"\n# heading", "\n- item", "<script>", "[link](http://x)", "**bold**"} {
		if strings.Contains(prose, bad) {
			t.Errorf("the report contains %q unescaped outside code", bad)
		}
	}
}

// TestMarkdownHandBuiltDocument renders documents filled by hand with nil
// and zero values where NewDocument would put results: Markdown must not
// panic, and must say what was not analysed.
func TestMarkdownHandBuiltDocument(t *testing.T) {
	m := serverless.Model()
	d, err := render.NewDocument(m)
	if err != nil {
		t.Fatal(err)
	}
	zeroReach := &reach.Result{
		Findings: []reach.Finding{{Scopes: []reach.Scope{{}}}},
		Paths:    []reach.AttackPath{{}},
		Gate: reach.GateAnswers{
			Boundaries:     []reach.BoundaryAnswer{{Path: &reach.AttackPath{}, Worst: "worst"}},
			ExecutionRoles: []reach.RoleReach{{}},
		},
	}
	for _, c := range []struct {
		name string
		d    *render.Document
		want []string
	}{
		{"nil reach", &render.Document{Model: m, Findings: d.Findings, Threats: d.Threats},
			[]string{"- [ ] If the execution role is compromised", "Not answered: the reach analysis was not run.",
				"## Appendix G: Least Privilege\n\n*Not analysed", "## Appendix H: Attack Paths\n\n*Not analysed"}},
		{"nil findings", &render.Document{Model: m, Findings: []*tm.Finding{nil}, Threats: &stride.Report{Findings: []*tm.Finding{nil}}},
			[]string{"the model validates with no gaps"}},
		{"zero values", &render.Document{Model: m, Threats: &stride.Report{Threats: []stride.Threat{{}}, Coverage: []stride.Coverage{{}}}, Reach: zeroReach},
			nil},
		{"empty model", &render.Document{Model: tm.New(""), Threats: &stride.Report{}},
			[]string{"# Threat Model: (unnamed)", "No flow crosses a trust boundary."}},
		{"structural errors", handBuilt(t, nastyModel("", "")), []string{"this threat model is incomplete"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			md := markdownOfDocument(t, c.d)
			checkTables(t, md)
			for _, want := range c.want {
				if !strings.Contains(md, want) {
					t.Errorf("the report lacks %q", want)
				}
			}
			if !strings.HasSuffix(md, "Everything not written here does not carry forward.*\n") {
				t.Error("the report stops early")
			}
			for _, f := range c.d.Files("x") {
				if _, err := f.Bytes(); err != nil {
					t.Errorf("%s: %v", f.Name, err)
				}
			}
		})
	}
	var nilDoc *render.Document
	for _, f := range nilDoc.Files("x") {
		if _, err := f.Bytes(); !errors.Is(err, render.ErrNilModel) {
			t.Errorf("%s of a nil document: %v, want ErrNilModel", f.Name, err)
		}
	}
}

// TestMarkdownRatingOverride checks that a rating set with stride.Override
// shows in the report with what the analysis computed and the reason.
func TestMarkdownRatingOverride(t *testing.T) {
	m := serverless.Model()
	d, err := render.NewDocument(m)
	if err != nil {
		t.Fatal(err)
	}
	th := d.Threats.Threats[0]
	impact := tm.Low
	if th.Impact == tm.Low {
		impact = tm.High
	}
	d, err = render.NewDocument(m, render.STRIDEOptions(stride.Override(th.ID, impact, 0, "reviewed by the security team")))
	if err != nil {
		t.Fatal(err)
	}
	md := markdownOfDocument(t, d)
	want := "rating overridden; computed impact " + th.Impact.String() + ", likelihood " + th.InherentLikelihood.String() + ": reviewed by the security team"
	if n := strings.Count(md, want); n < 2 {
		t.Errorf("the override of %s shows %d times, want it in the boundary and STRIDE tables: %q", th.ID, n, want)
	}
}

// outsideCode returns the report without its fenced code blocks and inline
// code spans, where Markdown shows text literally.
func outsideCode(md string) string {
	var b strings.Builder
	fenced := false
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		parts := strings.Split(l, "`")
		for i := 0; i < len(parts); i += 2 {
			b.WriteString(parts[i])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// nastyModel declares every kind of element with names built from name and
// every description, reason and free text set to text.
func nastyModel(name, text string) *tm.Model {
	s := text
	m := tm.New(name, tm.Owner(s), tm.Description(s))
	m.ThreatContext(s, s)
	inet := m.Zone("Internet "+name, tm.Untrusted, tm.Description(s))
	dc := m.Zone("DC "+name, tm.Trusted, tm.ContainsBlastRadius())
	data := m.DataAsset("Data "+name, tm.Value(tm.High), tm.RiskLevel(tm.Critical), tm.Classified(tm.Restricted),
		tm.Lifecycle(tm.DataLifecycle{AtRest: s, InTransit: s, Deletion: s, AccessControl: s}))
	u := m.ExternalEntity("User "+name, inet, tm.Description(s))
	app := m.Process("App "+name, dc, tm.Technology(s), tm.Description(s), tm.ErrorHandling(s, s), tm.Runtime(s, s))
	db := m.DataStore("DB "+name, dc, tm.Technology(s), tm.Description(s), tm.Stores(data))
	req := m.Flow(u, app, "Request "+name, tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT), tm.AuthZ(tm.RoleBased), tm.Carries(data))
	m.Response(req, "Response "+name, tm.Carries(data))
	m.Flow(app, db, "Query "+name, tm.Over(tm.SQL, 5432), tm.Encrypted(tm.Plaintext), tm.AuthN(tm.Password), tm.Carries(data))
	r := m.Role("Role "+name, tm.MitigatedBy(s))
	r.Allow(db, "db:"+s)
	app.RunsAs(r)
	m.Secret("Secret "+name, tm.Provisioned(s), tm.Stored(tm.InEnvironment), tm.Rotated(tm.Rotation{Never: true}),
		tm.BlastRadius(s), tm.UsedBy(app), tm.Grants(r))
	m.Dependency("Dep "+name, tm.Package, tm.Pinned(tm.Unpinned, s), tm.Risk(s), tm.MitigatedBy(s), tm.Verified(s), tm.UsedBy(app))
	th := m.Threat("Threat "+name, tm.Tampering, tm.About(app), tm.Impact(tm.High), tm.Likelihood(tm.Low), tm.AttackPaths(s))
	m.Accept(th.ID(), tm.Justification(s), tm.Owner(s), tm.Expires(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)))
	m.Mitigation("Mitigation "+name, tm.Description(s), tm.Implements(tm.InputValidation), tm.On(app))
	m.OutOfScope(s, s)
	m.Scope(s)
	m.Assume(s)
	return m
}

// checkTables verifies that every row of every table has as many cells as
// its header: no input can add or remove a column.
func checkTables(t *testing.T, md string) {
	t.Helper()
	lines := strings.Split(md, "\n")
	cols := -1
	for i, l := range lines {
		if !strings.HasPrefix(l, "|") {
			cols = -1
			continue
		}
		n := countCells(l)
		if cols < 0 {
			cols = n
			continue
		}
		if n != cols {
			t.Errorf("line %d has %d cells, its table %d:\n%s", i+1, n, cols, l)
		}
	}
}

// countCells counts the cells of a table row: unescaped pipes, less one.
func countCells(l string) int {
	n := 0
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n - 1
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"", "plain", "a|b", "<b>x</b>", "`x`", "line\nbreak", "\x00\xff", "# h", "[x](y)", "\\|", "&lt;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := nastyModel(s, s+"\n"+s)
		d, err := render.NewDocument(m)
		if err != nil {
			// Structural errors (an empty or invalid name) stop the
			// analysis; a document built by hand still renders.
			d = handBuilt(t, m)
		}
		var a, b bytes.Buffer
		if err := render.Markdown(&a, d); err != nil {
			t.Fatal(err)
		}
		if err := render.Markdown(&b, d); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatal("two renderings differ")
		}
		checkTables(t, a.String())
		if strings.Count(a.String(), "\n```")%2 != 0 {
			t.Fatal("a code fence is left open")
		}
		if strings.Contains(outsideCode(a.String()), "<script") {
			t.Fatal("raw HTML got through")
		}
	})
}
