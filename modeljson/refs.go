package modeljson

import (
	"strconv"
	"strings"
)

// coll identifies a collection of the format; the order is the order in
// which the decoder prefers to declare them.
type coll uint8

const (
	cZones coll = iota
	cGuardrails
	cRoles
	cAssets
	cComponents
	cFlows
	cSecrets
	cDependencies
	cThreats
	cMitigations
	nColls
)

var collNames = [nColls]string{"zones", "guardrails", "roles", "assets", "components", "flows", "secrets",
	"dependencies", "threats", "mitigations"}

var collSingular = [nColls]string{"a zone", "a guardrail", "a role", "an asset", "a component", "a flow", "a secret",
	"a dependency", "a threat", "a mitigation"}

// id is a declaration: a collection and the index in it.
type id struct {
	c coll
	i int
}

// parseRef splits a reference written as an element's path,
// components["API Gateway"], into its collection and name; "*" is the
// wildcard resource.
func parseRef(s string) (coll, string, bool) {
	if s == "*" {
		return nColls, "", true
	}
	open := strings.Index(s, `["`)
	if open < 0 || !strings.HasSuffix(s, `"]`) || len(s) < open+4 {
		return 0, "", false
	}
	c := -1
	for i, n := range collNames {
		if n == s[:open] {
			c = i
		}
	}
	if c < 0 {
		return 0, "", false
	}
	name, ok := unescape(s[open+2 : len(s)-2])
	return coll(c), name, ok
}

// unescape reverses the escaping of names in paths: \" \\ \n \xNN.
func unescape(s string) (string, bool) {
	if !strings.ContainsRune(s, '\\') {
		return s, !strings.ContainsRune(s, '"')
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch == '"' {
			return "", false
		}
		if ch != '\\' {
			b.WriteByte(ch)
			continue
		}
		if i+1 >= len(s) {
			return "", false
		}
		i++
		switch s[i] {
		case '"', '\\':
			b.WriteByte(s[i])
		case 'n':
			b.WriteByte('\n')
		case 'x':
			if i+2 >= len(s) {
				return "", false
			}
			n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				return "", false
			}
			b.WriteByte(byte(n))
			i += 2
		default:
			return "", false
		}
	}
	return b.String(), true
}

// index maps each collection's names (flows: keys and ids) to their
// position in the document. The first of duplicate names wins; the
// duplicate itself is a validation finding of the model.
type index [nColls]map[string]int

func (x *index) add(c coll, name string, i int) {
	if x[c] == nil {
		x[c] = map[string]int{}
	}
	if _, dup := x[c][name]; !dup {
		x[c][name] = i
	}
}

func (x *index) find(c coll, name string) (id, bool) {
	i, ok := x[c][name]
	return id{c, i}, ok
}
