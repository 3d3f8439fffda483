// Package escape makes user text safe to embed in the documents threatwright
// generates: Graphviz DOT (quoted strings and HTML-like labels), Mermaid
// labels, and Markdown (table cells, inline text and paragraphs).
//
// Every function first cleans its input the same way, see [Clean]: invalid
// UTF-8, characters that may not appear in an XML document and the
// bidirectional controls that can make text display other than it reads
// ("Trojan Source") become U+FFFD, tabs become spaces, and "\r\n" and "\r"
// become "\n". Each function then
// escapes what its target language treats specially, so that the text shows
// exactly as written and cannot end a string, open markup, or start a new
// statement. Escaping is a pure function of the input: the same text gives
// the same bytes.
package escape

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean returns s with invalid UTF-8, characters that are not allowed in
// XML 1.0 or are control characters (C0 except tab and newline, DEL, C1,
// U+FFFE, U+FFFF) and bidirectional formatting characters (the marks
// U+200E, U+200F and U+061C, the embeddings and overrides U+202A–U+202E, the
// isolates U+2066–U+2069) replaced by U+FFFD, tabs replaced by a space, and
// "\r\n" and lone "\r" turned into "\n". Each escaping function applies
// Clean first.
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	each(s, func(r rune) { b.WriteRune(r) })
	return b.String()
}

// isClean reports whether Clean would return s unchanged.
func isClean(s string) bool { return unchanged(s, &cleanSpecial) }

// clean maps one decoded rune other than '\r' to what Clean keeps.
func clean(r rune) rune {
	switch {
	case r == '\n':
		return r
	case r == '\t':
		return ' '
	case r < 0x20, r >= 0x7f && r < 0xa0:
		return utf8.RuneError
	case r >= 0xd800 && r < 0xe000, r == 0xfffe, r == 0xffff, r > utf8.MaxRune:
		return utf8.RuneError
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		// Bidirectional controls reorder what follows them on display.
		return utf8.RuneError
	}
	return r
}

// Most text needs no escape at all: the escapers first look for a reason
// to change it, one table look-up a byte, eight bytes at a time, and
// return or write it as it is when there is none.

// specials marks, with 1, the ASCII bytes that an escaper changes, or that
// Clean changes (control characters, DEL; tab and carriage return
// included), and every byte of a multi-byte character, which unchanged
// decodes to judge.
type specials [256]uint8

func newSpecials(chars string) specials {
	var t specials
	for c := range t {
		if c < 0x20 || c >= 0x7f {
			t[c] = 1
		}
	}
	for i := 0; i < len(chars); i++ {
		t[chars[i]] = 1
	}
	return t
}

var (
	// cleanSpecial marks what Clean changes: a newline it keeps.
	cleanSpecial = func() specials {
		t := newSpecials("")
		t['\n'] = 0
		return t
	}()
	dotSpecial     = newSpecials("\"\\&")
	htmlSpecial    = newSpecials("&<>\"'")
	mermaidSpecial = newSpecials("\"#&<>`|%")
	// markdownSpecial marks what (*out).line escapes; a newline is a
	// control character already.
	markdownSpecial = newSpecials("\\`*[]#|~$_<>&")
)

// unchanged reports whether s is clean and holds no byte of special, so
// that escaping it would return it unchanged: every character other than
// those marked is copied as it is.
func unchanged(s string, special *specials) bool {
	i := 0
	// Eight plain ASCII bytes at a time, one branch for all of them.
	for ; i+8 <= len(s); i += 8 {
		b := s[i : i+8]
		if special[b[0]]|special[b[1]]|special[b[2]]|special[b[3]]|special[b[4]]|special[b[5]]|special[b[6]]|special[b[7]] != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if special[c] != 0 {
				return false
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || clean(r) != r {
			return false
		}
		i += n - 1
	}
	return true
}

// markdownUnchanged reports whether the Markdown escapers would give s
// unchanged: it is not empty, is one clean line without white space to
// trim at either end, starts with no block marker and holds no character
// to escape. (An underscore between two letters would be kept, but such
// text takes the longer way.)
func markdownUnchanged(s string) bool {
	return unchanged(s, &markdownSpecial) && markdownEdgesUnchanged(s, s, true)
}

// markdownEdgesUnchanged reports whether a text that starts as first does
// and ends as last, both not empty, has no white space to trim at either
// end and starts with no block marker; whole says that first is all of the
// text's start, not followed by more of it.
func markdownEdgesUnchanged(first, last string, whole bool) bool {
	if first == "" || last == "" {
		return false
	}
	switch c := first[0]; c {
	case ' ', '-', '+', '=':
		return false
	case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		i := 0
		for i < len(first) && i < 10 && first[i] >= '0' && first[i] <= '9' {
			i++
		}
		if i == len(first) && !whole {
			// The number may go on in the next part: take the longer way.
			return false
		}
		if i < len(first) && (first[i] == '.' || first[i] == ')') {
			return false
		}
	}
	if last[len(last)-1] == ' ' {
		return false
	}
	if first[0] >= utf8.RuneSelf {
		if r, _ := utf8.DecodeRuneInString(first); unicode.IsSpace(r) {
			return false
		}
	}
	if last[len(last)-1] >= utf8.RuneSelf {
		if r, _ := utf8.DecodeLastRuneInString(last); unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// WriteMarkdownCellOf writes MarkdownCell(a + b + c + d) to w, without
// joining the parts when none needs an escape, and returns the number of
// bytes written and the first error.
func WriteMarkdownCellOf(w Writer, a, b, c, d string) (int, error) {
	parts := [4]string{a, b, c, d}
	first, last, n := "", "", 0
	for _, p := range parts {
		if p == "" {
			continue
		}
		if !unchanged(p, &markdownSpecial) {
			return WriteMarkdownCell(w, a+b+c+d)
		}
		if first == "" {
			first = p
		}
		last = p
		n++
	}
	if !markdownEdgesUnchanged(first, last, n == 1) {
		return WriteMarkdownCell(w, a+b+c+d)
	}
	o := out{w: w}
	for _, p := range parts {
		o.str(p)
	}
	return o.n, o.err
}

// each calls fn with every rune of the cleaned s, in order.
func each(s string, fn func(rune)) {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r == '\r' {
			if i < len(s) && s[i] == '\n' {
				i++
			}
			fn('\n')
			continue
		}
		fn(clean(r))
	}
}

// DOTString returns s escaped for the inside of a double-quoted DOT string
// used as a label, tooltip or graph name: quotes and backslashes are escaped
// (so Graphviz escapes such as \N and \l cannot be formed), a newline becomes
// the two characters \n (a centred line break), and '&' becomes "&amp;" so
// that Graphviz, which decodes HTML entities in labels and keeps them in SVG,
// shows an ampersand exactly as written.
func DOTString(s string) string {
	if unchanged(s, &dotSpecial) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	each(s, func(r rune) {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	})
	return b.String()
}

// DOTQuote returns s as a complete double-quoted DOT string: DOTString(s)
// between quotes.
func DOTQuote(s string) string { return `"` + DOTString(s) + `"` }

// HTMLLabel returns s escaped as text inside a Graphviz HTML-like label
// (the part between the outer < and >): '&', '<', '>', '"' and '\” become
// entities, so user text can never open a tag or end the label, and a newline
// becomes <BR/>.
func HTMLLabel(s string) string {
	if unchanged(s, &htmlSpecial) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	each(s, func(r rune) {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		case '\n':
			b.WriteString("<BR/>")
		default:
			b.WriteRune(r)
		}
	})
	return b.String()
}

// MermaidLabel returns s escaped for the inside of a double-quoted Mermaid
// flowchart label (a node's ["..."] or an edge's |"..."|). Characters that
// Mermaid or the HTML it renders treat specially become Mermaid entity
// codes: '"' → #quot;, '#' → #35;, '&' → #amp;, '<' → #lt;, '>' → #gt;,
// '`' → #96; (a leading backtick would start a Markdown string),
// '|' → #124; (which ends an edge label) and '%' → #37; (Mermaid reads a
// "%%{…}%%" directive anywhere in its source, so a name could restyle the
// whole diagram). A newline becomes <br/>.
func MermaidLabel(s string) string {
	if unchanged(s, &mermaidSpecial) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	each(s, func(r rune) {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '#':
			b.WriteString("#35;")
		case '&':
			b.WriteString("#amp;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '`':
			b.WriteString("#96;")
		case '|':
			b.WriteString("#124;")
		case '%':
			b.WriteString("#37;")
		case '\n':
			b.WriteString("<br/>")
		default:
			b.WriteRune(r)
		}
	})
	return b.String()
}

// Writer is what the Write functions write to: a *bufio.Writer, a
// *strings.Builder or a *bytes.Buffer, for instance.
type Writer interface {
	WriteString(s string) (int, error)
	WriteByte(c byte) error
}

// MarkdownInline returns s as Markdown inline text that renders exactly as
// written, on one line: surrounding white space is trimmed and each newline
// becomes a space. Characters that could start emphasis, code, links, HTML,
// math or a table cell boundary are escaped, and so are the characters that
// would start a block (a heading, list item, quote or rule) at the beginning
// of the text, so it is safe after "- " or "## " and inside a table cell.
func MarkdownInline(s string) string {
	if markdownUnchanged(s) {
		return s
	}
	var b strings.Builder
	WriteMarkdownInline(&b, s)
	return b.String()
}

// WriteMarkdownInline writes MarkdownInline(s) to w and returns the number
// of bytes written and the first error.
func WriteMarkdownInline(w Writer, s string) (int, error) {
	o := out{w: w}
	if markdownUnchanged(s) {
		o.str(s)
		return o.n, o.err
	}
	o.line(strings.TrimSpace(strings.ReplaceAll(Clean(s), "\n", " ")))
	return o.n, o.err
}

// MarkdownCell returns s escaped for a cell of a GitHub-flavoured Markdown
// table: like MarkdownInline, and each line break becomes <br> so that a
// multi-line value stays in its cell. Empty lines are dropped.
func MarkdownCell(s string) string {
	if markdownUnchanged(s) {
		return s
	}
	var b strings.Builder
	WriteMarkdownCell(&b, s)
	return b.String()
}

// WriteMarkdownCell writes MarkdownCell(s) to w and returns the number of
// bytes written (0 for a cell that shows nothing) and the first error.
func WriteMarkdownCell(w Writer, s string) (int, error) {
	o := out{w: w}
	if markdownUnchanged(s) {
		o.str(s)
		return o.n, o.err
	}
	rest, more := Clean(s), true
	for more {
		var line string
		line, rest, more = strings.Cut(rest, "\n")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if o.n > 0 {
			o.str("<br>")
		}
		o.line(line)
	}
	return o.n, o.err
}

// MarkdownBlock returns s as one or more Markdown paragraphs: each line is
// escaped like MarkdownInline, lines stay lines, and runs of blank lines
// become one blank line, which separates paragraphs. The result has no
// leading or trailing newline.
func MarkdownBlock(s string) string {
	if markdownUnchanged(s) {
		return s
	}
	var b strings.Builder
	WriteMarkdownBlock(&b, s)
	return b.String()
}

// WriteMarkdownBlock writes MarkdownBlock(s) to w and returns the number of
// bytes written and the first error.
func WriteMarkdownBlock(w Writer, s string) (int, error) {
	o := out{w: w}
	if markdownUnchanged(s) {
		o.str(s)
		return o.n, o.err
	}
	blank := false
	rest, more := Clean(s), true
	for more {
		var line string
		line, rest, more = strings.Cut(rest, "\n")
		line = strings.TrimSpace(line)
		if line == "" {
			blank = o.n > 0
			continue
		}
		if o.n > 0 {
			o.byte('\n')
			if blank {
				o.byte('\n')
			}
		}
		blank = false
		o.line(line)
	}
	return o.n, o.err
}

// out writes to a Writer, counting the bytes and keeping the first error.
type out struct {
	w   Writer
	n   int
	err error
}

func (o *out) str(s string) {
	if o.err == nil && s != "" {
		var n int
		n, o.err = o.w.WriteString(s)
		o.n += n
	}
}

func (o *out) byte(c byte) {
	if o.err == nil {
		if o.err = o.w.WriteByte(c); o.err == nil {
			o.n++
		}
	}
}

// line writes one cleaned, trimmed line without newlines, escaped, copying
// the runs of characters that need no escape as they are.
func (o *out) line(line string) {
	// Block markers at the start of the line: list bullets, setext and
	// thematic-break characters, and ordered-list numbers.
	if line != "" {
		switch line[0] {
		case '-', '+', '=':
			o.byte('\\')
		case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			i := 0
			for i < len(line) && i < 10 && line[i] >= '0' && line[i] <= '9' {
				i++
			}
			if i < len(line) && (line[i] == '.' || line[i] == ')') {
				o.str(line[:i])
				o.byte('\\')
				line = line[i:]
			}
		}
	}
	// Every character escaped is ASCII, so the line is scanned by bytes:
	// the bytes of other characters are never ASCII.
	start := 0
	for i := 0; i < len(line); i++ {
		var repl string
		switch c := line[i]; c {
		case '\\', '`', '*', '[', ']', '#', '|', '~', '$':
			o.str(line[start:i])
			o.byte('\\')
			start = i
			continue
		case '_':
			if i > 0 && isWordByte(line[i-1]) && i+1 < len(line) && isWordByte(line[i+1]) {
				continue
			}
			o.str(line[start:i])
			o.byte('\\')
			start = i
			continue
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		case '&':
			repl = "&amp;"
		default:
			continue
		}
		o.str(line[start:i])
		o.str(repl)
		start = i + 1
	}
	o.str(line[start:])
}

// isWordByte reports whether c is an ASCII letter or digit, between which
// an underscore cannot open or close emphasis.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
