package escape

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// The Markdown escapers as first written, building the result rune by rune:
// the reference the string and writer forms must match byte for byte.

// MarkdownInline returns s as Markdown inline text that renders exactly as
// written, on one line: surrounding white space is trimmed and each newline
// becomes a space. Characters that could start emphasis, code, links, HTML,
// math or a table cell boundary are escaped, and so are the characters that
// would start a block (a heading, list item, quote or rule) at the beginning
// of the text, so it is safe after "- " or "## " and inside a table cell.
func refMarkdownInline(s string) string {
	var b strings.Builder
	refMarkdownLine(&b, strings.TrimSpace(strings.ReplaceAll(Clean(s), "\n", " ")))
	return b.String()
}

// MarkdownCell returns s escaped for a cell of a GitHub-flavoured Markdown
// table: like MarkdownInline, and each line break becomes <br> so that a
// multi-line value stays in its cell. Empty lines are dropped.
func refMarkdownCell(s string) string {
	var b strings.Builder
	first := true
	for _, line := range strings.Split(Clean(s), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if !first {
			b.WriteString("<br>")
		}
		first = false
		refMarkdownLine(&b, line)
	}
	return b.String()
}

// MarkdownBlock returns s as one or more Markdown paragraphs: each line is
// escaped like MarkdownInline, lines stay lines, and runs of blank lines
// become one blank line, which separates paragraphs. The result has no
// leading or trailing newline.
func refMarkdownBlock(s string) string {
	var b strings.Builder
	blank := false
	for _, line := range strings.Split(Clean(s), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			blank = b.Len() > 0
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
			if blank {
				b.WriteByte('\n')
			}
		}
		blank = false
		refMarkdownLine(&b, line)
	}
	return b.String()
}

// refMarkdownLine writes one cleaned, trimmed line without newlines.
func refMarkdownLine(b *strings.Builder, line string) {
	// Block markers at the start of the line: list bullets, setext and
	// thematic-break characters, and ordered-list numbers.
	if line != "" {
		switch line[0] {
		case '-', '+', '=':
			b.WriteByte('\\')
		case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			i := 0
			for i < len(line) && i < 10 && line[i] >= '0' && line[i] <= '9' {
				i++
			}
			if i < len(line) && (line[i] == '.' || line[i] == ')') {
				b.WriteString(line[:i])
				b.WriteByte('\\')
				line = line[i:]
			}
		}
	}
	var prev rune
	for i, r := range line {
		switch r {
		case '\\', '`', '*', '[', ']', '#', '|', '~', '$':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '_':
			next, _ := utf8.DecodeRuneInString(line[i+1:])
			if !(refIsWord(prev) && refIsWord(next)) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
		prev = r
	}
}

func refIsWord(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// checkMarkdownForms checks that each Markdown escaper's string form and
// writer form (to a bytes.Buffer and through a bufio.Writer) give the
// reference's bytes, and that the writer form counts them.
func checkMarkdownForms(t *testing.T, s string) {
	t.Helper()
	for _, c := range []struct {
		name  string
		ref   func(string) string
		str   func(string) string
		write func(Writer, string) (int, error)
	}{
		{"MarkdownInline", refMarkdownInline, MarkdownInline, WriteMarkdownInline},
		{"MarkdownCell", refMarkdownCell, MarkdownCell, WriteMarkdownCell},
		{"MarkdownBlock", refMarkdownBlock, MarkdownBlock, WriteMarkdownBlock},
	} {
		want := c.ref(s)
		if got := c.str(s); got != want {
			t.Fatalf("%s(%q) = %q, want %q", c.name, s, got, want)
		}
		var buf bytes.Buffer
		bw := bufio.NewWriterSize(&buf, 16)
		n, err := c.write(bw, "")
		if n != 0 || err != nil {
			t.Fatalf("Write%s(\"\") = %d, %v", c.name, n, err)
		}
		n, err = c.write(bw, s)
		if err == nil {
			err = bw.Flush()
		}
		if err != nil || buf.String() != want || n != len(want) {
			t.Fatalf("Write%s(%q) wrote %q, %d, %v; want %q", c.name, s, buf.String(), n, err, want)
		}
	}
}

func TestMarkdownWriterForms(t *testing.T) {
	for _, s := range []string{"", " ", "\n\n", "a_b", "_a_", "a_", "é_é", "x_\u00e9", "12. x", "1234567890123. x",
		"1) a_b", "- a", "+\tb", "=", "a\r\nb\rc", "a\x00b\xff", "<&>|`*[]#~$\\", "\u202e evil", "  a  \n\n\n b "} {
		checkMarkdownForms(t, s)
	}
}

func FuzzMarkdownWriterForms(f *testing.F) {
	fuzzSeeds(f)
	f.Add("1) a_b\n\n- c_d_e\r\n<é>_x")
	f.Fuzz(func(t *testing.T, s string) {
		checkMarkdownForms(t, s)
	})
}

// failAfter fails every write after the first n bytes.
type failAfter struct{ n int }

func (f *failAfter) WriteString(s string) (int, error) {
	if len(s) > f.n {
		k := f.n
		f.n = 0
		return k, errShort
	}
	f.n -= len(s)
	return len(s), nil
}

func (f *failAfter) WriteByte(byte) error {
	if f.n == 0 {
		return errShort
	}
	f.n--
	return nil
}

var errShort = bytes.ErrTooLarge

// TestMarkdownWriterError checks that the writer forms stop at the first
// error, return it and count only what was written.
func TestMarkdownWriterError(t *testing.T) {
	s := "- a_b *c*\nd"
	want := MarkdownBlock(s)
	for k := range len(want) {
		n, err := WriteMarkdownBlock(&failAfter{n: k}, s)
		if err != errShort || n != k {
			t.Fatalf("after %d bytes: %d, %v", k, n, err)
		}
	}
}

// The diagram escapers as first written, rune by rune, without looking
// for text to return unchanged: the reference for the fast path.
func refEscaper(repl map[rune]string) func(string) string {
	return func(s string) string {
		var b strings.Builder
		each(s, func(r rune) {
			if x, ok := repl[r]; ok {
				b.WriteString(x)
			} else {
				b.WriteRune(r)
			}
		})
		return b.String()
	}
}

var refDiagramEscapers = []struct {
	name string
	ref  func(string) string
	fn   func(string) string
}{
	{"DOTString", refEscaper(map[rune]string{'"': `\"`, '\\': `\\`, '\n': `\n`, '&': "&amp;"}), DOTString},
	{"HTMLLabel", refEscaper(map[rune]string{'&': "&amp;", '<': "&lt;", '>': "&gt;", '"': "&quot;", '\'': "&#39;",
		'\n': "<BR/>"}), HTMLLabel},
	{"MermaidLabel", refEscaper(map[rune]string{'"': "#quot;", '#': "#35;", '&': "#amp;", '<': "#lt;", '>': "#gt;",
		'`': "#96;", '|': "#124;", '%': "#37;", '\n': "<br/>"}), MermaidLabel},
}

func checkDiagramEscapers(t *testing.T, s string) {
	t.Helper()
	for _, c := range refDiagramEscapers {
		if got, want := c.fn(s), c.ref(s); got != want {
			t.Fatalf("%s(%q) = %q, want %q", c.name, s, got, want)
		}
	}
}

func TestDiagramEscapersReference(t *testing.T) {
	for _, s := range []string{"", "plain", "a → b", "\u00a0x\u00a0", "a\tb", "a\r\nb", "\x7f", "\xff", "\u202e",
		`"q" \ & < > ' # | % ` + "`", "é\u0085"} {
		checkDiagramEscapers(t, s)
		checkMarkdownForms(t, s)
	}
}

func FuzzDiagramEscapersReference(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		checkDiagramEscapers(t, s)
	})
}

// checkCellOf checks WriteMarkdownCellOf against MarkdownCell of the parts
// joined.
func checkCellOf(t *testing.T, a, b, c, d string) {
	t.Helper()
	want := refMarkdownCell(a + b + c + d)
	var buf strings.Builder
	n, err := WriteMarkdownCellOf(&buf, a, b, c, d)
	if err != nil || buf.String() != want || n != len(want) {
		t.Fatalf("WriteMarkdownCellOf(%q, %q, %q, %q) wrote %q, %d, %v; want %q", a, b, c, d, buf.String(), n, err, want)
	}
}

func TestMarkdownCellOf(t *testing.T) {
	for _, p := range [][4]string{{"", "", "", ""}, {"a", " (", "b", ")"}, {"12", ". x", "", ""}, {"12", "3", ") x", ""},
		{"", "", "", "7"}, {" a", "", "", ""}, {"a", "", "", " "}, {"a_", "b", "", ""}, {"a", "_", "b", ""}, {"-", "a", "", ""},
		{"é", "\u00a0", "", ""}, {"\u00a0", "x", "", ""}, {"x", "→", "y", ""}, {"", "1", "", "."}} {
		checkCellOf(t, p[0], p[1], p[2], p[3])
	}
}

func FuzzMarkdownCellOf(f *testing.F) {
	f.Add("Title", " (", "Gateway_1", ")")
	f.Add("12", "3", ". x", "")
	f.Fuzz(func(t *testing.T, a, b, c, d string) {
		checkCellOf(t, a, b, c, d)
	})
}
