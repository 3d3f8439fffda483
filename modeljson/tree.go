package modeljson

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// value is a JSON value read with its offset in the input, so that every
// error can name a line and a column.
type value struct {
	kind  byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	off   int64
	str   string // a string, or a number's literal text
	b     bool
	keys  []string // an object's keys, in order
	vals  []*value // an object's values, or an array's items
	koffs []int64  // an object's key offsets
}

// maxDepth bounds nesting, so that a hostile input cannot exhaust the stack.
const maxDepth = 64

// parse reads one JSON value from data and nothing after it.
func parse(data []byte) (*value, *Error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := &parser{dec: dec, data: data}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if _, e := dec.Token(); e != io.EOF {
		return nil, &Error{Path: "$", Offset: p.start(), Message: "unexpected data after the top-level value"}
	}
	return v, nil
}

type parser struct {
	dec  *json.Decoder
	data []byte
}

// start returns the offset of the next token: past white space and the
// separators the decoder has not consumed yet.
func (p *parser) start() int64 {
	i := p.dec.InputOffset()
	for i < int64(len(p.data)) {
		switch p.data[i] {
		case ' ', '\t', '\n', '\r', ',', ':':
			i++
			continue
		}
		break
	}
	return i
}

func (p *parser) token() (json.Token, int64, *Error) {
	off := p.start()
	t, err := p.dec.Token()
	if err != nil {
		msg := err.Error()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
			msg = se.Error()
		} else if err == io.EOF || err == io.ErrUnexpectedEOF {
			msg = "unexpected end of input"
		}
		return nil, off, &Error{Offset: off, Message: "invalid JSON: " + msg}
	}
	return t, off, nil
}

func (p *parser) value(depth int) (*value, *Error) {
	t, off, err := p.token()
	if err != nil {
		return nil, err
	}
	return p.rest(t, off, depth)
}

func (p *parser) rest(t json.Token, off int64, depth int) (*value, *Error) {
	v := &value{off: off}
	switch t := t.(type) {
	case json.Delim:
		if depth >= maxDepth {
			return nil, &Error{Offset: off, Message: "nesting deeper than " + strconv.Itoa(maxDepth) + " levels"}
		}
		if t == '{' {
			v.kind = 'o'
			return v, p.object(v, depth)
		}
		v.kind = 'a'
		for p.dec.More() {
			item, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			v.vals = append(v.vals, item)
		}
		_, _, err := p.token()
		return v, err
	case string:
		v.kind, v.str = 's', t
	case json.Number:
		v.kind, v.str = 'n', string(t)
	case bool:
		v.kind, v.b = 'b', t
	default:
		v.kind = 'z'
	}
	return v, nil
}

func (p *parser) object(v *value, depth int) *Error {
	for p.dec.More() {
		k, koff, err := p.token()
		if err != nil {
			return err
		}
		key, _ := k.(string)
		for _, seen := range v.keys {
			if seen == key {
				return &Error{Offset: koff, Message: "duplicate key " + strconv.Quote(key)}
			}
		}
		val, err := p.value(depth + 1)
		if err != nil {
			return err
		}
		v.keys, v.vals, v.koffs = append(v.keys, key), append(v.vals, val), append(v.koffs, koff)
	}
	_, _, err := p.token()
	return err
}

// lineCol turns a byte offset into a line and a column (in characters),
// both from 1.
func lineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	last := bytes.LastIndexByte(before, '\n')
	return line, utf8.RuneCount(before[last+1:]) + 1
}

func (v *value) kindName() string {
	switch v.kind {
	case 'o':
		return "an object"
	case 'a':
		return "an array"
	case 's':
		return "a string"
	case 'n':
		return "a number"
	case 'b':
		return "a boolean"
	}
	return "null"
}
