package render

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file writes the long lists of a split report as CSV, the bytes that
// encoding/csv's Writer gives with its defaults (a comma, "\n" line ends),
// straight into the list's blocks: a row's cells are never joined into
// strings first, and nothing is copied twice.

// csvFile is one long list being written.
type csvFile struct {
	buf  chunks
	rows int // not counting the header
}

// record writes one row of cells.
func (f *csvFile) record(cells []string) {
	for i, c := range cells {
		if i > 0 {
			f.buf.appendByte(',')
		}
		f.field(c)
	}
	f.buf.appendByte('\n')
}

// safeRecord writes one row of cells, each made safe (safeCell), using and
// returning scratch for the safe cells.
func (f *csvFile) safeRecord(cells, scratch []string) []string {
	safe := scratch[:0]
	for _, c := range cells {
		safe = append(safe, safeCell(c))
	}
	f.record(safe)
	f.rows++
	return safe
}

// field writes one cell, quoted when encoding/csv would quote it.
func (f *csvFile) field(s string) {
	if !csvNeedsQuotes(s) {
		f.buf.appendString(s)
		return
	}
	f.buf.appendByte('"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		f.buf.appendString(s[:i+1])
		f.buf.appendByte('"')
		s = s[i+1:]
	}
	f.buf.appendString(s)
	f.buf.appendByte('"')
}

// fieldBytes writes the cell b made safe, as field(safeCell(string(b)))
// does, without making a string of it.
func (f *csvFile) fieldBytes(b []byte) {
	formula := len(b) > 0 && formulaStart(string(b[:1]))
	quote := bytes.ContainsAny(b, ",\"\r\n") || !formula && (string(b) == `\.` || len(b) > 0 && startsWithSpaceBytes(b))
	if !quote {
		if formula {
			f.buf.appendByte('\'')
		}
		f.buf.Write(b)
		return
	}
	f.buf.appendByte('"')
	if formula {
		f.buf.appendByte('\'')
	}
	// Each piece up to and with a quote, the quote doubled.
	for len(b) > 0 {
		n := bytes.IndexByte(b, '"') + 1
		if n == 0 {
			n = len(b)
		}
		f.buf.Write(b[:n])
		if b[n-1] == '"' {
			f.buf.appendByte('"')
		}
		b = b[n:]
	}
	f.buf.appendByte('"')
}

// fieldOf writes the cell a+b+c+d made safe (safeCell), joining the parts
// only when the cell must be quoted or starts like a formula.
func (f *csvFile) fieldOf(a, b, c, d string) {
	parts := [4]string{a, b, c, d}
	first := ""
	for _, p := range parts {
		if quotable(p) {
			f.field(safeCell(a + b + c + d))
			return
		}
		if first == "" {
			first = p
		}
	}
	if first == "" || len(a)+len(b)+len(c)+len(d) == 2 || formulaStart(first) || startsWithSpace(first) {
		f.field(safeCell(a + b + c + d))
		return
	}
	for _, p := range parts {
		f.buf.appendString(p)
	}
}

// csvNeedsQuotes reports whether encoding/csv quotes the field s: when it
// holds a comma, a quote or a line break, starts with white space, or is
// `\.` (which would end a PostgreSQL COPY).
func csvNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` || quotable(s) {
		return true
	}
	return startsWithSpace(s)
}

// quotable reports whether s holds a comma, a quote or a line break.
func quotable(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	return false
}

// startsWithSpace reports whether s, not empty, starts with a white space
// character.
func startsWithSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// startsWithSpaceBytes is startsWithSpace for bytes.
func startsWithSpaceBytes(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return unicode.IsSpace(r)
}

// formulaStart reports whether a cell that starts as s would run as a
// formula in a spreadsheet: it starts with =, +, -, @, a tab or a carriage
// return.
func formulaStart(s string) bool {
	return s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0
}

// safeCell returns a cell made safe for a spreadsheet: prefixed with an
// apostrophe when it starts like a formula (formulaStart).
func safeCell(s string) string {
	if formulaStart(s) {
		return "'" + s
	}
	return s
}
