package threatmodel

import (
	"strings"
	"testing"
)

// TestPathPlain: a name written as it is gives the path the escaping loop
// gives, and a name that is not plain is escaped.
func TestPathPlain(t *testing.T) {
	for _, name := range []string{"", "API Gateway", "Zürich → Genève: ✓", "a\"b", `a\b`, "a\nb", "a\x01b", "a\x7fb", "bad \xff utf-8", "é\xc3"} {
		var b strings.Builder
		writeEscaped(&b, name)
		want := `components["` + b.String() + `"].policy[12]`
		if got := pathWith(collComponents, name, ".policy", 12); got != want {
			t.Errorf("pathWith(%q) = %q, want %q", name, got, want)
		}
		if plain(name) != (b.String() == name) {
			t.Errorf("plain(%q) = %v, but the escaped name is %q", name, plain(name), b.String())
		}
	}
}
