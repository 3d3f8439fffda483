package escape

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"plain":            "plain",
		"a\tb":             "a b",
		"a\r\nb\rc\n":      "a\nb\nc\n",
		"nul\x00":          "nul\uFFFD",
		"bad\xff\xfe":      "bad\uFFFD\uFFFD",
		"del\x7f c1\u0085": "del\uFFFD c1\uFFFD",
		"nonchar\uFFFE":    "nonchar\uFFFD",
		"emoji 🔐 and ⚠":    "emoji 🔐 and ⚠",
		"bidi \u202eevil\u202c \u2067x\u2069 \u200f": "bidi \uFFFDevil\uFFFD \uFFFDx\uFFFD \uFFFD",
		"zwj 👩\u200d💻":                               "zwj 👩\u200d💻",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEscapers(t *testing.T) {
	cases := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"DOTString", DOTString, `say "hi" \N`, `say \"hi\" \\N`},
		{"DOTString", DOTString, "two\nlines & more", `two\nlines &amp; more`},
		{"DOTString", DOTString, `trailing\`, `trailing\\`},
		{"DOTQuote", DOTQuote, `a"b`, `"a\"b"`},
		{"HTMLLabel", HTMLLabel, `<B>bold</B> & "q" 'a'`, `&lt;B&gt;bold&lt;/B&gt; &amp; &quot;q&quot; &#39;a&#39;`},
		{"HTMLLabel", HTMLLabel, "a\nb", "a<BR/>b"},
		{"MermaidLabel", MermaidLabel, `"end" #1 <x> & |pipe| ` + "`md`", "#quot;end#quot; #35;1 #lt;x#gt; #amp; #124;pipe#124; #96;md#96;"},
		{"MermaidLabel", MermaidLabel, "a\nb", "a<br/>b"},
		{"MermaidLabel", MermaidLabel, "%%{init:{'theme':'dark'}}%%", "#37;#37;{init:{'theme':'dark'}}#37;#37;"},
		{"MarkdownInline", MarkdownInline, "  *bold* _it_ snake_case `code` [link](x) <b>&amp; | ~~s~~ $x$ #h \\  ",
			`\*bold\* \_it\_ snake_case \` + "`code\\`" + ` \[link\](x) &lt;b&gt;&amp;amp; \| \~\~s\~\~ \$x\$ \#h \\`},
		{"MarkdownInline", MarkdownInline, "- item\nnext", `\- item next`},
		{"MarkdownInline", MarkdownInline, "12. twelve", `12\. twelve`},
		{"MarkdownInline", MarkdownInline, "> quote", `&gt; quote`},
		{"MarkdownInline", MarkdownInline, "=== rule", `\=== rule`},
		{"MarkdownCell", MarkdownCell, "a | b\n\n- c", `a \| b<br>\- c`},
		{"MarkdownBlock", MarkdownBlock, "# title\n---\n\n\n\npara *two*", "\\# title\n\\---\n\npara \\*two\\*"},
	}
	for _, c := range cases {
		if got := c.fn(c.in); got != c.want {
			t.Errorf("%s(%q)\n got %q\nwant %q", c.name, c.in, got, c.want)
		}
	}
}

// Unescaping helpers for the round-trip properties of the fuzz targets.

func unDOT(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return strings.ReplaceAll(b.String(), "&amp;", "&")
}

var mermaidEntity = regexp.MustCompile(`#(quot|amp|lt|gt|\d+);`)

func unMermaid(s string) string {
	s = strings.ReplaceAll(s, "<br/>", "\n")
	return mermaidEntity.ReplaceAllStringFunc(s, func(e string) string {
		switch e {
		case "#quot;":
			return `"`
		case "#amp;":
			return "&"
		case "#lt;":
			return "<"
		case "#gt;":
			return ">"
		case "#35;":
			return "#"
		case "#96;":
			return "`"
		case "#124;":
			return "|"
		case "#37;":
			return "%"
		}
		return e
	})
}

// unescapedQuote reports whether s has a '"' not preceded by an odd number
// of backslashes.
func unescapedQuote(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '"' {
			continue
		}
		n := 0
		for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
			n++
		}
		if n%2 == 0 {
			return true
		}
	}
	return false
}

// unescapedMarkdown reports the first character of set in s that is not
// backslash-escaped, or -1.
func unescapedMarkdown(s, set string) int {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(set, rune(s[i])) {
			continue
		}
		n := 0
		for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
			n++
		}
		if n%2 == 0 {
			return i
		}
	}
	return -1
}

func fuzzSeeds(f *testing.F) {
	for _, s := range []string{"", "plain", `"quoted"`, `\`, `a\"b`, "<b>html</b>", "a\nb\r\nc", "\xff\xfe", "#quot;",
		"`code`", "| pipe |", "- list", "1. one", "# h", "> q", "*a* _b_ [c](d) ![e](f) ~~g~~ $h$", "&lt;&amp;",
		"end", "%% comment", "\\N \\G \\l", "\t\x00\x7f\u0085\uFFFE", "\u202egnp.exe\u202c", "snake_case_name", "_lead", "trail_"} {
		f.Add(s)
	}
}

func FuzzDOT(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		out := DOTString(s)
		if !utf8.ValidString(out) || strings.ContainsAny(out, "\n\r") {
			t.Fatalf("DOTString(%q) = %q: invalid UTF-8 or raw newline", s, out)
		}
		if unescapedQuote(out) || strings.HasSuffix(out, `\`) && !strings.HasSuffix(out, `\\`) {
			t.Fatalf("DOTString(%q) = %q: the quoted string can end early", s, out)
		}
		if got := unDOT(out); got != Clean(s) {
			t.Fatalf("DOTString(%q) does not round-trip: %q", s, got)
		}
		h := HTMLLabel(s)
		if strings.ContainsAny(strings.ReplaceAll(h, "<BR/>", ""), `<>"'`) || !utf8.ValidString(h) {
			t.Fatalf("HTMLLabel(%q) = %q: markup survives", s, h)
		}
		if got := html.UnescapeString(strings.ReplaceAll(h, "<BR/>", "\n")); got != Clean(s) {
			t.Fatalf("HTMLLabel(%q) does not round-trip: %q", s, got)
		}
	})
}

func FuzzMermaid(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		out := MermaidLabel(s)
		if strings.ContainsAny(strings.ReplaceAll(out, "<br/>", ""), "\"<>`|%\n\r") || !utf8.ValidString(out) {
			t.Fatalf("MermaidLabel(%q) = %q: a special character survives", s, out)
		}
		if got := unMermaid(out); got != Clean(s) {
			t.Fatalf("MermaidLabel(%q) does not round-trip: %q", s, got)
		}
	})
}

func FuzzMarkdown(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range []struct {
			name string
			out  string
		}{{"MarkdownInline", MarkdownInline(s)}, {"MarkdownCell", strings.ReplaceAll(MarkdownCell(s), "<br>", " ")}} {
			out := c.out
			if strings.ContainsAny(out, "\n\r<>") || !utf8.ValidString(out) {
				t.Fatalf("%s(%q) = %q: newline or raw markup", c.name, s, out)
			}
			if i := unescapedMarkdown(out, "|*`[]#~$"); i >= 0 {
				t.Fatalf("%s(%q) = %q: unescaped %q at %d", c.name, s, out, out[i], i)
			}
			if strings.HasPrefix(out, "-") || strings.HasPrefix(out, "+") || strings.HasPrefix(out, "=") || strings.HasPrefix(out, " ") {
				t.Fatalf("%s(%q) = %q starts a block", c.name, s, out)
			}
		}
		block := MarkdownBlock(s)
		for _, line := range strings.Split(block, "\n") {
			if line == "" {
				continue
			}
			if i := unescapedMarkdown(line, "|*`[]#~$"); i >= 0 || strings.ContainsAny(line, "<>") ||
				strings.HasPrefix(line, "-") || strings.HasPrefix(line, " ") {
				t.Fatalf("MarkdownBlock(%q) line %q is unsafe", s, line)
			}
		}
		if strings.Contains(block, "\n\n\n") || strings.HasPrefix(block, "\n") || strings.HasSuffix(block, "\n") {
			t.Fatalf("MarkdownBlock(%q) = %q: stray blank lines", s, block)
		}
	})
}
