package render_test

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/render"
	tm "github.com/threatwright/threatwright/threatmodel"
)

type diagramFunc func(io.Writer, *tm.Model, ...render.Option) error

var formats = []struct {
	name string
	ext  string
	fn   diagramFunc
}{
	{"DOT", "dot", render.DOT},
	{"Mermaid", "mmd", render.Mermaid},
}

func renderString(t testing.TB, fn diagramFunc, m *tm.Model, opts ...render.Option) string {
	t.Helper()
	var b bytes.Buffer
	if err := fn(&b, m, opts...); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	h := newHandModel()
	risk := func(el tm.Element) tm.Level {
		switch el {
		case h.db, h.query:
			return tm.VeryHigh
		case h.proxy, h.request:
			return tm.High
		case h.app:
			return tm.Medium
		case h.browser:
			return tm.Low
		}
		return 0
	}
	cases := []struct {
		name string
		m    *tm.Model
		opts []render.Option
	}{
		{"hand", h.m, nil},
		{"hand_zone", h.m, []render.Option{render.OnlyZone(h.dmz)}},
		{"hand_highlight", h.m, []render.Option{render.Highlight(h.browser, h.proxy, h.app, h.db)}},
		{"hand_risk", h.m, []render.Option{render.ColorByRisk(risk)}},
		{"hand_overview", h.m, []render.Option{render.Overview()}},
		{"serverless", serverlessShaped(), nil},
		{"serverless_overview", serverlessShaped(), []render.Option{render.Overview()}},
	}
	for _, c := range cases {
		for _, f := range formats {
			t.Run(c.name+"."+f.ext, func(t *testing.T) {
				checkGolden(t, c.name+"."+f.ext, []byte(renderString(t, f.fn, c.m, c.opts...)))
			})
		}
	}
}

// TestDeterministic renders the same model, built twice, many times.
func TestDeterministic(t *testing.T) {
	for _, f := range formats {
		want := renderString(t, f.fn, serverlessShaped())
		for range 20 {
			if got := renderString(t, f.fn, serverlessShaped()); got != want {
				t.Fatalf("%s output changed between runs", f.name)
			}
		}
	}
}

var (
	dotEdge    = regexp.MustCompile(`(?m)^\t(\w+) -> (\w+) \[(.*)\]$`)
	dotCluster = regexp.MustCompile(`(?m)^\s*subgraph (cluster_\w+) \{$`)
)

func TestDOTStructure(t *testing.T) {
	h := newHandModel()
	out := renderString(t, render.DOT, h.m)
	if strings.Contains(out, "ortho") {
		t.Error("DOT uses orthogonal splines")
	}
	edges := dotEdge.FindAllStringSubmatch(out, -1)
	// Six flows; the response "Page" shares the edge of "Request".
	if len(edges) != 5 {
		t.Fatalf("got %d edges, want 5:\n%s", len(edges), out)
	}
	for _, e := range edges {
		if strings.Contains(e[3], " label=") || strings.HasPrefix(e[3], "label=") {
			t.Errorf("edge %s -> %s has a label, want only an xlabel: %s", e[1], e[2], e[3])
		}
		if !strings.Contains(e[3], "xlabel=<") {
			t.Errorf("edge %s -> %s has no xlabel", e[1], e[2])
		}
	}
	var clusters []string
	for _, c := range dotCluster.FindAllStringSubmatch(out, -1) {
		clusters = append(clusters, c[1])
	}
	want := []string{"cluster_z0", "cluster_z1", "cluster_z2", "cluster_z3", "cluster_z4", "cluster_legend"}
	if strings.Join(clusters, " ") != strings.Join(want, " ") {
		t.Errorf("clusters %v, want %v", clusters, want)
	}
	// Marks, edge by edge (in flow order, the response merged).
	checks := []struct {
		from, to string
		want     []string
		not      []string
	}{
		{"n0", "n1", []string{`color="#c62828"`, "style=dashed", "⚠ no auth", "dir=both", "← <B>Page</B>"}, nil},
		{"n1", "n2", []string{`color="#c62828"`, "style=dashed", "⚠ unencrypted", "HTTP:8080 · Shared secret"}, nil},
		{"n2", "n3", []string{`color="#c62828"`, "SQL:5432 · TLS 1.2 · Password", "<I>Customer records</I>"}, []string{"dashed", "⚠"}},
		{"n4", "n3", []string{"⚠ auth not stated", "⚠ encryption not stated", "style=dashed"}, nil},
		{"n2", "n4", []string{"⚠ weak TLS 1.0", "style=dashed"}, []string{`color="#c62828", penwidth`}},
	}
	for i, c := range checks {
		e := edges[i]
		if e[1] != c.from || e[2] != c.to {
			t.Errorf("edge %d is %s -> %s, want %s -> %s", i, e[1], e[2], c.from, c.to)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(e[3], w) {
				t.Errorf("edge %s -> %s lacks %q: %s", c.from, c.to, w, e[3])
			}
		}
		for _, w := range c.not {
			if strings.Contains(e[3], w) {
				t.Errorf("edge %s -> %s has %q: %s", c.from, c.to, w, e[3])
			}
		}
	}
	for _, want := range []string{
		`n0 [label=<<B>Browser &quot;Chrome&quot; &lt;b&gt;</B>`,
		`tooltip="External entity: Back\\slash, a new\nline &amp; an ampersand"`,
		"n1 [label=<<B>Proxy</B>", "shape=box, style=\"filled,rounded\"", // a process
		"n3 [label=<<B>DB</B>", "shape=cylinder",
		"Legacy batch</B><BR/><FONT POINT-SIZE=\"8\" COLOR=\"#546e7a\">out of scope</FONT>",
		`style="filled,rounded,dashed"`,
		"z4_empty [label=\"(no components)\"",
		"Trusted · blast-radius boundary", `color="#37474f", penwidth=3`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("DOT lacks %q", want)
		}
	}
}

func TestMermaidStructure(t *testing.T) {
	h := newHandModel()
	out := renderString(t, render.Mermaid, h.m)
	if !strings.HasPrefix(out, "flowchart LR\n") {
		t.Errorf("Mermaid does not start with flowchart LR:\n%s", out)
	}
	for _, want := range []string{
		`subgraph z1["Corporate network<br/>Trusted · blast-radius boundary"]`,
		`n0["Browser #quot;Chrome#quot; #lt;b#gt;"]`,
		`n1("Proxy")`,
		`n3[("DB")]`,
		`n0 <-.->|"Request<br/>HTTPS:443 · TLS 1.3<br/>← Page<br/>⚠ no auth"| n1`,
		`n2 ==>|"Query<br/>SQL:5432 · TLS 1.2 · Password"| n3`,
		"class n4 outOfScope",
		"linkStyle 0,1,2,3 stroke:#c62828,stroke-width:2px",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Mermaid lacks %q:\n%s", want, out)
		}
	}
	// Every subgraph is closed.
	if o, c := strings.Count(out, "subgraph "), len(regexp.MustCompile(`(?m)^\s*end$`).FindAllString(out, -1)); o != c {
		t.Errorf("%d subgraphs, %d ends", o, c)
	}
}

func TestOnlyZone(t *testing.T) {
	h := newHandModel()
	out := renderString(t, render.DOT, h.m, render.OnlyZone(h.vault))
	// DB is inside; App and Legacy batch are its peers; Browser and Proxy are
	// not drawn.
	for _, want := range []string{"\t\t\tn3 [label=<<B>DB</B>", "n2 [label=<<B>App</B>", "n4 [label=<<B>Legacy batch</B>",
		"n2 -> n3", "n4 -> n3", `fillcolor="#eeeeee"`} {
		if !strings.Contains(out, want) {
			t.Errorf("OnlyZone(Vault) lacks %q:\n%s", want, out)
		}
	}
	for _, absent := range []string{"n0 [", "n1 [", "n0 ->", "n1 ->", "n2 -> n4", "cluster_z0", "cluster_z4"} {
		if strings.Contains(out, absent) {
			t.Errorf("OnlyZone(Vault) has %q", absent)
		}
	}
	// Nested zones count as inside: the corporate network holds everything
	// but the browser, which is a peer.
	out = renderString(t, render.Mermaid, h.m, render.OnlyZone(h.corp))
	if !strings.Contains(out, "class n0 peer") {
		t.Errorf("OnlyZone(Corporate network): Browser is not a greyed peer:\n%s", out)
	}
}

func TestOnlyZoneErrors(t *testing.T) {
	h := newHandModel()
	other := tm.New("Other").Zone("Elsewhere", tm.Trusted)
	for _, f := range formats {
		for _, z := range []*tm.Zone{nil, other} {
			var b bytes.Buffer
			if err := f.fn(&b, h.m, render.OnlyZone(z)); err == nil {
				t.Errorf("%s with OnlyZone(%v): no error", f.name, z)
			}
			if b.Len() != 0 {
				t.Errorf("%s wrote output despite an error", f.name)
			}
		}
	}
}

func TestHighlight(t *testing.T) {
	h := newHandModel()
	out := renderString(t, render.DOT, h.m, render.Highlight(h.browser, h.proxy, h.app))
	for _, id := range []string{"n0", "n1", "n2"} {
		if !regexp.MustCompile(`\t` + id + ` \[[^\n]*color="#1565c0", penwidth=3`).MatchString(out) {
			t.Errorf("%s is not emphasised", id)
		}
	}
	for _, id := range []string{"n3", "n4"} {
		if !regexp.MustCompile(`\t` + id + ` \[[^\n]*fillcolor="#fafafa"`).MatchString(out) {
			t.Errorf("%s is not faded", id)
		}
	}
	for _, e := range []string{"n0 -> n1", "n1 -> n2"} {
		if !regexp.MustCompile(e + ` \[[^\n]*color="#1565c0", penwidth=3`).MatchString(out) {
			t.Errorf("flow %s of the path is not emphasised", e)
		}
	}
	if !regexp.MustCompile(`n2 -> n3 \[[^\n]*color="#cfd8dc"`).MatchString(out) {
		t.Error("flow n2 -> n3 off the path is not faded")
	}
	// A threat stands for what it is about; an asset for where it lives.
	th := h.m.Threat("Records leak", tm.InformationDisclosure, tm.About(h.query))
	out = renderString(t, render.Mermaid, h.m, render.Highlight(th))
	if !strings.Contains(out, "class n2,n3 emphasised") {
		t.Errorf("Highlight(threat about Query) does not emphasise App and DB:\n%s", out)
	}
	out = renderString(t, render.Mermaid, h.m, render.Highlight(h.records))
	if !strings.Contains(out, "class n3 emphasised") {
		t.Errorf("Highlight(asset) does not emphasise the store:\n%s", out)
	}
	// Elements of another model change nothing.
	other := tm.New("Other")
	stranger := other.Process("Stranger", other.Zone("Z", tm.Trusted))
	if got, want := renderString(t, render.DOT, h.m, render.Highlight(stranger, nil)), renderString(t, render.DOT, h.m); got != want {
		t.Error("Highlight of a foreign element changed the diagram")
	}
}

func TestOverview(t *testing.T) {
	m := syntheticModel(400)
	out := renderString(t, render.DOT, m)
	if !strings.Contains(out, "Overview: each zone collapsed") {
		t.Fatal("400 components did not switch to the overview")
	}
	if strings.Contains(out, "\tn0 [") {
		t.Error("the overview draws components")
	}
	if !regexp.MustCompile(`a0 \[label=<<B>Zone 0</B><BR/><FONT POINT-SIZE="8" COLOR="#546e7a">\d+ components`).MatchString(out) {
		t.Error("the overview does not count the components of Zone 0")
	}
	if !regexp.MustCompile(`xlabel=<<B>\d+ flows</B>(<BR/><FONT COLOR="#c62828">⚠ \d+ without auth</FONT>)?`).MatchString(out) {
		t.Error("the overview does not count flows between zones")
	}
	full := renderString(t, render.DOT, m, render.AutoOverview(0))
	if !strings.Contains(full, "\tn399 [") {
		t.Error("AutoOverview(0) did not draw every component")
	}
	small := renderString(t, render.DOT, newHandModel().m, render.AutoOverview(3))
	if !strings.Contains(small, "Overview") {
		t.Error("AutoOverview(3) did not collapse a model of 5 components")
	}
}

var mermaidEdge = regexp.MustCompile(`(?m)^    (\w+) <?(?:-->|-\.->|==>)\|"(.*)"\| (\w+)$`)

// TestOverviewOneEdgePerPair draws the overview of the 1,000-component model
// and checks that the flows between two collapsed zones make one edge per
// ordered pair of nodes, labelled with their count, the flow counts adding
// up to at most the model's flows; in DOT the text is an xlabel and the
// splines are not orthogonal.
func TestOverviewOneEdgePerPair(t *testing.T) {
	m := synth.Model(1000)
	type pair struct{ from, to string }
	component := regexp.MustCompile(`(?m)^\s*n\d+\W`)
	check := func(name, out string, edges [][3]string) {
		t.Helper()
		if component.MatchString(out) {
			t.Fatalf("%s: 1,000 components did not switch to the overview", name)
		}
		if len(edges) == 0 || len(edges) > 500 {
			t.Fatalf("%s: the overview has %d edges", name, len(edges))
		}
		seen := make(map[pair]bool)
		flows := 0
		count := regexp.MustCompile(`^(\d+) flows?$`)
		for _, e := range edges {
			p := pair{e[0], e[1]}
			if seen[p] {
				t.Errorf("%s: more than one edge %s -> %s", name, p.from, p.to)
			}
			seen[p] = true
			if p.from == p.to {
				t.Errorf("%s: edge from %s to itself", name, p.from)
			}
			c := count.FindStringSubmatch(e[2])
			if c == nil {
				t.Errorf("%s: edge %s -> %s is not labelled with its flow count: %q", name, p.from, p.to, e[2])
				continue
			}
			n, _ := strconv.Atoi(c[1])
			flows += n
		}
		if flows > len(m.Flows()) {
			t.Errorf("%s: the overview's edges count %d flows, the model has %d", name, flows, len(m.Flows()))
		}
	}

	out := renderString(t, render.DOT, m)
	var edges [][3]string
	bold := regexp.MustCompile(`^xlabel=<<B>([^<]*)</B>`)
	for _, e := range dotEdge.FindAllStringSubmatch(out, -1) {
		if strings.Contains(e[3], " label=") || strings.HasPrefix(e[3], "label=") {
			t.Errorf("DOT: edge %s -> %s has a label, want only an xlabel", e[1], e[2])
		}
		title := ""
		if b := bold.FindStringSubmatch(e[3]); b != nil {
			title = b[1]
		}
		edges = append(edges, [3]string{e[1], e[2], title})
	}
	if strings.Contains(out, "ortho") {
		t.Error("DOT: the overview asks for orthogonal splines")
	}
	check("DOT", out, edges)

	out = renderString(t, render.Mermaid, m)
	edges = edges[:0]
	for _, e := range mermaidEdge.FindAllStringSubmatch(out, -1) {
		title, _, _ := strings.Cut(e[2], "<br/>")
		edges = append(edges, [3]string{e[1], e[3], title})
	}
	check("Mermaid", out, edges)
}

// TestOverviewEdgeRisk checks that the edge aggregating the flows between two
// zones carries the worst risk of its flows when the diagram is coloured by
// risk, and the count of the flows that lack protection.
func TestOverviewEdgeRisk(t *testing.T) {
	m := tm.New("Two zones")
	za, zb := m.Zone("A", tm.Untrusted), m.Zone("B", tm.Trusted)
	a, b := m.Process("Client", za), m.Process("Server", zb)
	safe := []tm.FlowOption{tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT)}
	low := m.Flow(a, b, "one", safe...)
	high := m.Flow(a, b, "two", tm.Over(tm.HTTP, 80), tm.Encrypted(tm.Plaintext), tm.AuthN(tm.JWT))
	mid := m.Flow(a, b, "three", safe...)
	back := m.Flow(b, a, "back", safe...)
	rate := func(el tm.Element) tm.Level {
		switch el {
		case low:
			return tm.Low
		case high:
			return tm.High
		case mid:
			return tm.Medium
		case back:
			return tm.Low
		}
		return 0
	}
	out := renderString(t, render.DOT, m, render.Overview(), render.ColorByRisk(rate))
	edges := dotEdge.FindAllStringSubmatch(out, -1)
	if len(edges) != 2 {
		t.Fatalf("got %d edges, want 2:\n%s", len(edges), out)
	}
	forth := edges[0][3]
	for _, want := range []string{"<B>3 flows</B>", `<FONT COLOR="#c62828">risk High</FONT>`, "⚠ 1 unencrypted"} {
		if !strings.Contains(forth, want) {
			t.Errorf("edge A → B lacks %q: %s", want, forth)
		}
	}
	if back := edges[1][3]; !strings.Contains(back, "<B>1 flow</B>") || !strings.Contains(back, "risk Low") {
		t.Errorf("edge B → A: %s", back)
	}
	mmd := renderString(t, render.Mermaid, m, render.Overview(), render.ColorByRisk(rate))
	if !strings.Contains(mmd, "3 flows<br/>risk High") {
		t.Errorf("Mermaid edge A → B lacks its worst risk:\n%s", mmd)
	}
}

func TestNilModelAndWriteErrors(t *testing.T) {
	errWrite := errors.New("disk full")
	for _, f := range formats {
		if err := f.fn(io.Discard, nil); !errors.Is(err, render.ErrNilModel) {
			t.Errorf("%s(nil model) = %v, want ErrNilModel", f.name, err)
		}
		err := f.fn(failingWriter{errWrite}, newHandModel().m)
		if !errors.Is(err, errWrite) {
			t.Errorf("%s with a failing writer = %v, want it to wrap %v", f.name, err, errWrite)
		}
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

// TestInvalidModel draws what a broken model holds without panicking:
// flows with missing ends are left out, components without a zone sit
// outside every cluster.
func TestInvalidModel(t *testing.T) {
	m := tm.New("")
	z := m.Zone("", 0)
	a := m.Process("", nil)
	b := m.Process("B\x00\xff", z)
	m.Flow(a, nil, "")
	m.Flow(nil, b, "x")
	m.Flow(a, b, "", tm.Over(tm.HTTP, 80))
	m.Flow(b, b, "self")
	for _, f := range formats {
		out := renderString(t, f.fn, m, render.Highlight(nil, a), render.ColorByRisk(func(tm.Element) tm.Level { return 99 }))
		if !strings.Contains(out, "(unnamed)") || !strings.Contains(out, "B\uFFFD\uFFFD") {
			t.Errorf("%s of an invalid model:\n%s", f.name, out)
		}
		out = renderString(t, f.fn, m, render.Overview())
		if !strings.Contains(out, "Outside any zone") {
			t.Errorf("%s overview lacks the components outside any zone:\n%s", f.name, out)
		}
	}
}
