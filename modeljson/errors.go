package modeljson

import (
	"strconv"
	"strings"
)

// Error is one problem with a model file: where it is, as a JSON path
// ($.components[3].zone) and a line and column, and what was expected.
type Error struct {
	// File is the file name given to Decode, "" if none.
	File string
	// Path is the JSON path of the value, from $ for the whole document.
	Path string
	// Line and Column locate the value, both from 1; Column counts
	// characters.
	Line, Column int
	// Offset is the value's byte offset in the input.
	Offset int64
	// Message says what is wrong and what was expected.
	Message string
}

// Error returns "file:line:column: path: message".
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
	}
	b.WriteString(strconv.Itoa(e.Line))
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(e.Column))
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// Errors is every problem Decode found, in the order of the input. Decode
// returns it as its error; use errors.As to get it, or to get the first
// *Error.
type Errors []*Error

// MaxErrors is the most problems Decode reports before it stops reading.
const MaxErrors = 50

// Error returns the problems, one a line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, so that errors.As finds the first *Error.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}
