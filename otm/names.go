package otm

import (
	"strconv"
	"strings"
	"unicode"
)

// slug makes an identifier of a name: lower case letters and digits, words
// joined by single hyphens ("API Gateway → Lambda" gives
// "api-gateway-lambda"). It is never empty.
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	out := b.String()
	if len(out) > maxSlug {
		out = strings.TrimRight(out[:maxSlug], "-")
	}
	if out == "" {
		return "x"
	}
	return out
}

// maxSlug bounds an identifier made of a long text.
const maxSlug = 64

// namer hands out unique identifiers: the slug of a name, with "-2", "-3"
// added when it is taken. Callers visit names in a deterministic order.
type namer struct {
	used map[string]bool
}

func newNamer() *namer { return &namer{used: map[string]bool{}} }

// id returns a fresh identifier for name, after prefix.
func (n *namer) id(prefix, name string) string {
	base := prefix + slug(name)
	id := base
	for i := 2; n.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	n.used[id] = true
	return id
}
