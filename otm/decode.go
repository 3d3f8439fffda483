package otm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxImportSize is the largest document Import reads, in bytes.
const MaxImportSize = 32 << 20

// maxDepth bounds the nesting of a document.
const maxDepth = 256

// Error is a problem with an OTM document: where it is, as a JSON path
// ($.dataflows[2].destination) and a line and column counted from 1, and
// what was expected there.
type Error struct {
	Path         string
	Line, Column int
	Message      string
}

// Error returns "otm: line:column: path: message".
func (e *Error) Error() string {
	return fmt.Sprintf("otm: %d:%d: %s: %s", e.Line, e.Column, e.Path, e.Message)
}

// Warning is what an import could not carry into the model: where it is in
// the document and what was left out or changed.
type Warning struct {
	Path         string
	Line, Column int
	Message      string
}

// String returns "line:column: path: message".
func (w Warning) String() string {
	return fmt.Sprintf("%d:%d: %s: %s", w.Line, w.Column, w.Path, w.Message)
}

// spot is a value's JSON path and where it starts.
type spot struct {
	path   string
	offset int
}

// positions maps each value of a document to the offset where it starts.
type positions struct {
	data  []byte
	at    map[string]int
	order []spot // in document order, so by offset
}

// index walks the document and records where each value starts. It fails on
// a syntax error or nesting deeper than maxDepth, with the error's place.
func index(data []byte) (*positions, *Error) {
	p := &positions{data: data, at: map[string]int{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := p.value(dec, "$", 0); err != nil {
		return p, err
	}
	if _, err := dec.Token(); err == nil {
		off := p.skip(int(dec.InputOffset()))
		return p, p.errorAt("$", off, "unexpected data after the document")
	}
	return p, nil
}

// skip returns the offset of the next value at or after off: past white
// space, colons and commas.
func (p *positions) skip(off int) int {
	for off < len(p.data) {
		switch p.data[off] {
		case ' ', '\t', '\n', '\r', ':', ',':
			off++
		default:
			return off
		}
	}
	return off
}

func (p *positions) value(dec *json.Decoder, path string, depth int) *Error {
	if depth > maxDepth {
		return p.errorAt(path, p.skip(int(dec.InputOffset())), "the document nests deeper than "+strconv.Itoa(maxDepth)+" levels")
	}
	start := p.skip(int(dec.InputOffset()))
	p.at[path] = start
	p.order = append(p.order, spot{path, start})
	tok, err := dec.Token()
	if err != nil {
		return p.syntax(err, path, start)
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	switch d {
	case '{':
		for dec.More() {
			keyAt := p.skip(int(dec.InputOffset()))
			k, err := dec.Token()
			if err != nil {
				return p.syntax(err, path, keyAt)
			}
			key, _ := k.(string)
			if err := p.value(dec, member(path, key), depth+1); err != nil {
				return err
			}
		}
	case '[':
		for i := 0; dec.More(); i++ {
			if err := p.value(dec, path+"["+strconv.Itoa(i)+"]", depth+1); err != nil {
				return err
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return p.syntax(err, path, p.skip(int(dec.InputOffset())))
	}
	return nil
}

// member is the path of an object's member: $.a.b, or $["a b"] for a key
// that is not a plain name.
func member(path, key string) string {
	plain := key != ""
	for _, r := range key {
		if !(r == '_' || r == '$' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			plain = false
			break
		}
	}
	if plain {
		return path + "." + key
	}
	return path + "[" + strconv.Quote(key) + "]"
}

func (p *positions) syntax(err error, path string, off int) *Error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = int(se.Offset)
		return p.errorAt(path, off, "invalid JSON: "+strings.TrimPrefix(se.Error(), "json: "))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return p.errorAt(path, len(p.data), "the document ends early")
	}
	return p.errorAt(path, off, "invalid JSON: "+err.Error())
}

// lineCol returns the line and column (in characters), from 1, of an offset.
func (p *positions) lineCol(off int) (int, int) {
	if off > len(p.data) {
		off = len(p.data)
	}
	if off < 0 {
		off = 0
	}
	before := p.data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[lineStart:]) + 1
}

func (p *positions) errorAt(path string, off int, msg string) *Error {
	line, col := p.lineCol(off)
	return &Error{Path: path, Line: line, Column: col, Message: msg}
}

// errorOn is an error about the value at path, or about its nearest
// ancestor the document has when it lacks the value.
func (p *positions) errorOn(path, msg string) *Error {
	return p.errorAt(path, p.offsetOf(path), msg)
}

func (p *positions) warningOn(path, msg string) Warning {
	line, col := p.lineCol(p.offsetOf(path))
	return Warning{Path: path, Line: line, Column: col, Message: msg}
}

func (p *positions) offsetOf(path string) int {
	for q := path; q != ""; q = parentPath(q) {
		if off, ok := p.at[q]; ok {
			return off
		}
	}
	return 0
}

// parentPath cuts the last member or index off a path; "" after "$".
func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i <= 0 {
		return ""
	}
	return path[:i]
}

// pathAt returns the path of the innermost value starting at or before off.
func (p *positions) pathAt(off int) string {
	i := sort.Search(len(p.order), func(i int) bool { return p.order[i].offset >= off })
	if i > 0 {
		return p.order[i-1].path
	}
	return "$"
}

// typeError turns a decoding error of the typed document into an Error.
func (p *positions) typeError(err error) *Error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		path := p.pathAt(int(te.Offset))
		return p.errorOn(path, "expected "+jsonType(te.Type.Kind().String())+", found "+te.Value)
	}
	return p.errorAt("$", 0, err.Error())
}

func jsonType(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "float64", "int", "int64":
		return "a number"
	case "bool":
		return "true or false"
	case "slice":
		return "an array"
	case "struct", "map", "ptr":
		return "an object"
	}
	return "a " + kind
}

// Errors is every problem Import found in a document, in document order.
// errors.As finds each *Error in it.
type Errors []*Error

// Error lists the problems, one a line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}
