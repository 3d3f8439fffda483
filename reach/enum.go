package reach

import (
	"errors"
	"strconv"
)

// names holds the display names and text tokens of an enum; index 0 is the
// zero value.
type names struct {
	typ     string
	display []string
	text    []string
}

func (n names) str(v uint8) string {
	if int(v) < len(n.display) {
		return n.display[v]
	}
	return n.typ + "(" + strconv.Itoa(int(v)) + ")"
}

func (n names) marshal(v uint8) ([]byte, error) {
	if int(v) >= len(n.text) {
		return nil, errors.New("reach: invalid " + n.typ + " value " + strconv.Itoa(int(v)))
	}
	return []byte(n.text[v]), nil
}

func (n names) unmarshal(b []byte) (uint8, error) {
	for i, t := range n.text {
		if t == string(b) {
			return uint8(i), nil
		}
	}
	return 0, errors.New("reach: unknown " + n.typ + " " + strconv.Quote(string(b)))
}
