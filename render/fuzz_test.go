package render_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/threatwright/threatwright/render"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// hostileModel declares every kind of drawn element with the given name and
// description.
func hostileModel(name, desc string) *tm.Model {
	m := tm.New(name, tm.Description(desc))
	outer := m.Zone(name, tm.Untrusted, tm.Description(desc))
	inner := m.Zone(name+"'", tm.Trusted, tm.Inside(outer), tm.ContainsBlastRadius())
	a := m.DataAsset(name, tm.Description(desc))
	e := m.ExternalEntity(name, outer, tm.Description(desc), tm.Technology(desc))
	p := m.Process(name+"2", inner, tm.Technology(name), tm.NotInScope(desc))
	s := m.DataStore(desc, inner, tm.Stores(a))
	f := m.Flow(e, p, name, tm.Over(tm.HTTPS, 443), tm.Carries(a), tm.Description(desc))
	m.Response(f, desc)
	m.Flow(p, s, desc, tm.Carries(a))
	return m
}

var fuzzSeeds = [][2]string{
	{"plain", "text"},
	{`"quoted"`, `back\slash\`},
	{"<b>html</b>", "<TABLE><TR><TD>x</TD></TR></TABLE>"},
	{"line\nbreak", "crlf\r\nlf\rcr"},
	{"\xff\xfe invalid", "\x00\x01\x7f"},
	{`\N \G \L`, `\"`},
	{"end", "subgraph x\nend"},
	{"#quot; #35;", "%% comment"},
	{"a -->|x| b", "`md` | pipe"},
	{"}]); digraph x {", `"; n0 -> n1 [label="x`},
	{"&amp; &lt;", "&#x3C;"},
	{"⚠ 🔐 日本語", "   "},
}

// dotTags are the tags of the HTML-like labels DOT writes; user text must
// never add another.
var dotTags = regexp.MustCompile(`^</?(B|I|BR/|FONT( POINT-SIZE="\d+")?( COLOR="#[0-9a-f]{6}")?|TABLE[^>]*|TR|TD[^>]*)>$`)

// checkDOTSyntax lexes DOT line by line: every quoted string and HTML-like
// label closes on its line, HTML labels hold only the renderer's own tags,
// and braces balance.
func checkDOTSyntax(out string) error {
	depth := 0
	for n, line := range strings.Split(out, "\n") {
		inString, html := false, 0
		tagStart := -1
		for i := 0; i < len(line); i++ {
			c := line[i]
			switch {
			case inString:
				if c == '\\' {
					i++
				} else if c == '"' {
					inString = false
				}
			case html > 0:
				switch c {
				case '<':
					html++
					tagStart = i
				case '>':
					html--
					if html > 0 && tagStart >= 0 {
						if tag := line[tagStart : i+1]; !dotTags.MatchString(tag) {
							return fmt.Errorf("line %d: unexpected tag %q in an HTML label", n+1, tag)
						}
						tagStart = -1
					}
				}
			case c == '"':
				inString = true
			case c == '<':
				html = 1
			case c == '{':
				depth++
			case c == '}':
				depth--
			}
		}
		if inString || html > 0 {
			return fmt.Errorf("line %d does not close its string or label: %q", n+1, line)
		}
	}
	if depth != 0 {
		return fmt.Errorf("braces do not balance: %d", depth)
	}
	return nil
}

var mermaidLine = regexp.MustCompile(`^(\s*(subgraph \w+\["[^"]*"\]|end|\w+(\["[^"]*"\]|\("[^"]*"\)|\[\("[^"]*"\)\]|\[\["[^"]*"\]\])|\w+ <?(-->|==>|-\.->)\|"[^"]*"\| \w+|classDef \w+ [^"]*|class [\w,]+ \w+|style \w+ [^"]*|linkStyle [\d,]+ [^"]*)|flowchart LR|)$`)

// checkMermaidSyntax checks that every line is one of the statements
// Mermaid writes, with labels that do not end early, and that subgraphs
// close.
func checkMermaidSyntax(out string) error {
	depth := 0
	for n, line := range strings.Split(out, "\n") {
		if !mermaidLine.MatchString(line) {
			return fmt.Errorf("line %d is not a statement Mermaid writes: %q", n+1, line)
		}
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "subgraph ") {
			depth++
		}
		if t == "end" {
			depth--
		}
		if strings.ContainsAny(line, "`") {
			return fmt.Errorf("line %d has a backtick: %q", n+1, line)
		}
	}
	if depth != 0 {
		return fmt.Errorf("subgraphs do not close: %d", depth)
	}
	return nil
}

func fuzzDiagram(f *testing.F, fn diagramFunc, check func(string) error) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, name, desc string) {
		for _, opts := range [][]render.Option{nil, {render.Overview()}} {
			a := renderString(t, fn, hostileModel(name, desc), opts...)
			b := renderString(t, fn, hostileModel(name, desc), opts...)
			if a != b {
				t.Fatal("output is not deterministic")
			}
			if !utf8.ValidString(a) {
				t.Fatal("output is not valid UTF-8")
			}
			if err := check(a); err != nil {
				t.Fatalf("%v\n%s", err, a)
			}
		}
	})
}

func FuzzDOT(f *testing.F)     { fuzzDiagram(f, render.DOT, checkDOTSyntax) }
func FuzzMermaid(f *testing.F) { fuzzDiagram(f, render.Mermaid, checkMermaidSyntax) }

// TestSyntaxCheckers makes sure the fuzz checks catch what they are for.
func TestSyntaxCheckers(t *testing.T) {
	for _, bad := range []string{"digraph x {\n\tn0 [label=\"a]\n}\n", "digraph x {\n\tn0 [label=<<B>a<script></B>>]\n}\n", "digraph {\n"} {
		if checkDOTSyntax(bad) == nil {
			t.Errorf("checkDOTSyntax accepts %q", bad)
		}
	}
	for _, bad := range []string{"flowchart LR\n    n0[\"a\"b\"]\n", "flowchart LR\n    subgraph z0[\"x\"]\n", "flowchart LR\n    n0 -->|\"x\"| n1\n    click n0 call"} {
		if checkMermaidSyntax(bad) == nil {
			t.Errorf("checkMermaidSyntax accepts %q", bad)
		}
	}
	for _, s := range fuzzSeeds {
		m := hostileModel(s[0], s[1])
		if err := checkDOTSyntax(renderString(t, render.DOT, m)); err != nil {
			t.Errorf("DOT of %q: %v", s, err)
		}
		if err := checkMermaidSyntax(renderString(t, render.Mermaid, m)); err != nil {
			t.Errorf("Mermaid of %q: %v", s, err)
		}
	}
}
