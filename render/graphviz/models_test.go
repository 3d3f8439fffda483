package graphviz_test

import (
	"strconv"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// synthetic returns a deterministic model of n components in about n/40
// zones, a third of them nested, with about 1.5 flows per component.
func synthetic(n int) *tm.Model {
	m := tm.New("Synthetic model of " + strconv.Itoa(n) + " components")
	nz := max(1, n/40)
	zones := make([]*tm.Zone, nz)
	trusts := []tm.Trust{tm.Untrusted, tm.SemiTrusted, tm.Trusted, tm.HighlyTrusted}
	for i := range zones {
		var opts []tm.ZoneOption
		if i%3 == 2 {
			opts = append(opts, tm.Inside(zones[i-1]))
		}
		zones[i] = m.Zone("Zone "+strconv.Itoa(i), trusts[i%4], opts...)
	}
	comps := make([]*tm.Component, n)
	for i := range comps {
		z, name := zones[(i*7)%nz], "Component "+strconv.Itoa(i)
		switch i % 5 {
		case 0:
			comps[i] = m.ExternalEntity(name, z)
		case 4:
			comps[i] = m.DataStore(name, z)
		default:
			comps[i] = m.Process(name, z, tm.Technology("Go 1.26"))
		}
	}
	for i := 1; i < n; i++ {
		for k, j := range []int{i - 1, (i * 31) % i} {
			if k == 1 && i%2 == 0 || j == i {
				continue
			}
			opts := []tm.FlowOption{tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(tm.JWT)}
			if i%11 == 0 {
				opts = []tm.FlowOption{tm.Over(tm.HTTP, 80), tm.Encrypted(tm.Plaintext), tm.AuthN(tm.NoAuthentication)}
			}
			m.Flow(comps[j], comps[i], "Call "+strconv.Itoa(i)+"."+strconv.Itoa(k), opts...)
		}
	}
	return m
}
