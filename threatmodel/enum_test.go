package threatmodel_test

import (
	"encoding"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// enum is what every enum type of the package provides.
type enum interface {
	~uint8
	fmt.Stringer
	encoding.TextMarshaler
}

// checkEnum walks the values of an enum from zero until String reports an
// unknown value, and checks that each known value has a distinct display
// name and text token that round-trips, that the zero value is "unstated"
// with an empty token, and that every value past the end is rejected. A
// text table shorter than the display table shows up as a panic or an
// error here. It returns the number of known values, zero included.
func checkEnum[E enum, P interface {
	*E
	encoding.TextUnmarshaler
}](t *testing.T, typ string) int {
	t.Helper()
	names, tokens := map[string]E{}, map[string]E{}
	n := 0
	for ; n < 256; n++ {
		v := E(n)
		s := v.String()
		if s == fmt.Sprintf("%s(%d)", typ, n) {
			break
		}
		if prev, ok := names[s]; ok {
			t.Errorf("%s: %d and %d are both displayed %q", typ, prev, n, s)
		}
		names[s] = v
		text, err := v.MarshalText()
		if err != nil {
			t.Errorf("%s(%d).MarshalText() error: %v", typ, n, err)
			continue
		}
		if prev, ok := tokens[string(text)]; ok {
			t.Errorf("%s: %d and %d share the token %q", typ, prev, n, text)
		}
		tokens[string(text)] = v
		var back E
		if err := P(&back).UnmarshalText(text); err != nil || back != v {
			t.Errorf("%s: UnmarshalText(%q) = %d, %v; want %d", typ, text, back, err, n)
		}
		if n == 0 && (s != "unstated" || len(text) != 0) {
			t.Errorf("%s(0) is %q with token %q, want \"unstated\" with an empty token", typ, s, text)
		}
	}
	if n < 2 {
		t.Errorf("%s has %d values", typ, n)
	}
	for i := n; i < 256; i++ {
		v := E(i)
		if got, want := v.String(), fmt.Sprintf("%s(%d)", typ, i); got != want {
			t.Errorf("%s(%d).String() = %q, want %q", typ, i, got, want)
		}
		if text, err := v.MarshalText(); err == nil {
			t.Errorf("%s(%d).MarshalText() = %q, want an error", typ, i, text)
		}
	}
	var bad E
	if err := P(&bad).UnmarshalText([]byte("no such value")); err == nil {
		t.Errorf("%s: UnmarshalText of an unknown token succeeded", typ)
	}
	return n
}

func TestEnums(t *testing.T) {
	for _, tc := range []struct {
		typ  string
		run  func(t *testing.T, typ string) int
		want int // values, zero included
	}{
		{"Severity", checkEnum[tm.Severity], 4},
		{"AtRestEncryption", checkEnum[tm.AtRestEncryption], 4},
		{"Effect", checkEnum[tm.Effect], 3},
		{"SecretStorage", checkEnum[tm.SecretStorage], 8},
		{"DependencyKind", checkEnum[tm.DependencyKind], 8},
		{"Pinning", checkEnum[tm.Pinning], 6},
		{"CallerIdentity", checkEnum[tm.CallerIdentity], 4},
		{"Control", checkEnum[tm.Control], len(tm.AllControls()) + 1},
		{"Format", checkEnum[tm.Format], 15},
		{"Trust", checkEnum[tm.Trust], 5},
		{"Kind", checkEnum[tm.Kind], 5},
		{"ComponentType", checkEnum[tm.ComponentType], 30},
		{"Level", checkEnum[tm.Level], 6},
		{"Criticality", checkEnum[tm.Criticality], 4},
		{"Classification", checkEnum[tm.Classification], 5},
		{"AssetKind", checkEnum[tm.AssetKind], 8},
		{"Protocol", checkEnum[tm.Protocol], 20},
		{"Encryption", checkEnum[tm.Encryption], 9},
		{"AuthScheme", checkEnum[tm.AuthScheme], 12},
		{"AuthzScheme", checkEnum[tm.AuthzScheme], 7},
		{"Category", checkEnum[tm.Category], 7},
	} {
		t.Run(tc.typ, func(t *testing.T) {
			if got := tc.run(t, tc.typ); got != tc.want {
				t.Errorf("%s has %d values, want %d (last constant + 1)", tc.typ, got, tc.want)
			}
		})
	}
}

// TestEnumLastConstants pins the last constant of each enum, so that a new
// constant without a name (or a name without a constant) fails TestEnums.
func TestEnumLastConstants(t *testing.T) {
	for _, tc := range []struct {
		name string
		last uint8
		want int
	}{
		{"Severity", uint8(tm.SeverityWarning), 4},
		{"AtRestEncryption", uint8(tm.CustomerManagedKey), 4},
		{"Effect", uint8(tm.Deny), 3},
		{"SecretStorage", uint8(tm.InWorkloadIdentity), 8},
		{"DependencyKind", uint8(tm.Tool), 8},
		{"Pinning", uint8(tm.Digest), 6},
		{"Control", uint8(tm.RequestCorrelation), len(tm.AllControls()) + 1},
		{"Format", uint8(tm.NaturalLanguage), len(tm.AllFormats()) + 1},
		{"Trust", uint8(tm.HighlyTrusted), 5},
		{"Kind", uint8(tm.DataFlow), 5},
		{"ComponentType", uint8(tm.ModelArtifact), 30},
		{"Level", uint8(tm.VeryHigh), 6},
		{"Criticality", uint8(tm.Critical), 4},
		{"Classification", uint8(tm.Restricted), 5},
		{"AssetKind", uint8(tm.AssetService), 8},
		{"Protocol", uint8(tm.OtherProtocol), 20},
		{"Encryption", uint8(tm.VPN), 9},
		{"AuthScheme", uint8(tm.WorkloadIdentity), 12},
		{"AuthzScheme", uint8(tm.Scopes), 7},
		{"Category", uint8(tm.ElevationOfPrivilege), 7},
	} {
		if int(tc.last)+1 != tc.want {
			t.Errorf("%s: last constant is %d, want %d", tc.name, tc.last, tc.want-1)
		}
	}
}

func TestEnumHelpers(t *testing.T) {
	for _, tc := range []struct {
		e               tm.Encryption
		encrypted, weak bool
	}{
		{0, false, false}, {tm.Plaintext, false, false}, {tm.TLS10, true, true}, {tm.TLS11, true, true},
		{tm.TLS12, true, false}, {tm.TLS13, true, false}, {tm.MutualTLS, true, false}, {tm.Encryption(99), false, false},
	} {
		if tc.e.Encrypted() != tc.encrypted || tc.e.Weak() != tc.weak {
			t.Errorf("%v: Encrypted() = %v, Weak() = %v; want %v, %v", tc.e, tc.e.Encrypted(), tc.e.Weak(), tc.encrypted, tc.weak)
		}
	}
	for _, tc := range []struct {
		a    tm.AuthScheme
		want bool
	}{{0, false}, {tm.NoAuthentication, false}, {tm.APIKey, true}, {tm.WorkloadIdentity, true}, {tm.AuthScheme(99), false}} {
		if got := tc.a.Authenticated(); got != tc.want {
			t.Errorf("%v.Authenticated() = %v, want %v", tc.a, got, tc.want)
		}
	}
	for _, tc := range []struct {
		a    tm.AuthzScheme
		want bool
	}{{0, false}, {tm.NoAuthorization, false}, {tm.RoleBased, true}, {tm.Scopes, true}, {tm.AuthzScheme(99), false}} {
		if got := tc.a.Authorized(); got != tc.want {
			t.Errorf("%v.Authorized() = %v, want %v", tc.a, got, tc.want)
		}
	}
	var letters string
	for _, c := range tm.Categories() {
		letters += c.Letter()
	}
	if letters != "STRIDE" {
		t.Errorf("Categories() letters = %q, want STRIDE", letters)
	}
	if got := tm.Category(0).Letter(); got != "?" {
		t.Errorf("Category(0).Letter() = %q, want ?", got)
	}
	if got := tm.Code("TM999").Severity(); got != 0 {
		t.Errorf("unknown code severity = %v, want 0", got)
	}
}

func TestRotationString(t *testing.T) {
	const hour = time.Hour
	for _, tc := range []struct {
		r    tm.Rotation
		want string
	}{
		{tm.Rotation{}, "not stated"},
		{tm.Rotation{Never: true}, "never rotated"},
		{tm.Rotation{Every: 90 * 24 * hour, Automated: true}, "every 90 days, automated"},
		{tm.Rotation{Every: 24 * hour}, "every 1 day, manual"},
		{tm.Rotation{Every: 12 * hour, Automated: true}, "every 12 hours, automated"},
		{tm.Rotation{Every: hour}, "every 1 hour, manual"},
		{tm.Rotation{Every: 15 * time.Minute}, "every 15 minutes, manual"},
		{tm.Rotation{Every: time.Minute}, "every 1 minute, manual"},
		{tm.Rotation{Every: 90 * time.Second}, "every 1m30s, manual"},
	} {
		if got := tc.r.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.r, got, tc.want)
		}
		if got, want := tc.r.Stated(), tc.want != "not stated"; got != want {
			t.Errorf("%+v.Stated() = %v, want %v", tc.r, got, want)
		}
	}
}

// TestProtocolImpliesEncryption: HTTPS and SSH are encrypted whatever the
// flow states; HTTP, SQL, RESP, LDAP, DNS and Syslog run in the clear unless
// stated otherwise; the rest, and the unstated protocol, imply nothing.
func TestProtocolImpliesEncryption(t *testing.T) {
	var enc, clear []tm.Protocol
	for p := tm.Protocol(0); p <= tm.OtherProtocol; p++ {
		if p.AlwaysEncrypted() {
			enc = append(enc, p)
		}
		if p.PlaintextByDefault() {
			clear = append(clear, p)
		}
	}
	if diff := cmp.Diff([]tm.Protocol{tm.HTTPS, tm.SSH}, enc); diff != "" {
		t.Errorf("AlwaysEncrypted (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]tm.Protocol{tm.HTTP, tm.SQL, tm.RESP, tm.DNS, tm.LDAP, tm.Syslog}, clear); diff != "" {
		t.Errorf("PlaintextByDefault (-want +got):\n%s", diff)
	}
}
