package threatmodel_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	tm "github.com/threatwright/threatwright/threatmodel"
)

func zoneNames(zs []*tm.Zone) []string {
	var out []string
	for _, z := range zs {
		out = append(out, z.Name())
	}
	return out
}

func TestCrossing(t *testing.T) {
	m := tm.New("Crossings")
	internet := m.Zone("Internet", tm.Untrusted)
	account := m.Zone("Account", tm.Trusted, tm.ContainsBlastRadius())
	vpc := m.Zone("VPC", tm.Trusted, tm.Inside(account))
	public := m.Zone("Public subnet", tm.SemiTrusted, tm.Inside(vpc))
	private := m.Zone("Private subnet", tm.HighlyTrusted, tm.Inside(vpc))
	other := m.Zone("Other account", tm.Trusted)
	otherVPC := m.Zone("Other VPC", tm.Trusted, tm.Inside(other))
	vault := m.Zone("Vault", tm.HighlyTrusted)
	vaultEdge := m.Zone("Vault edge", tm.SemiTrusted, tm.Inside(vault))

	in := func(z *tm.Zone) *tm.Component { return m.Process("in "+z.Name(), z) }
	comps := map[*tm.Zone]*tm.Component{}
	for _, z := range []*tm.Zone{internet, account, vpc, public, private, other, otherVPC, vault, vaultEdge} {
		comps[z] = in(z)
	}
	extra := m.Process("second in public", public)

	for _, tc := range []struct {
		name           string
		src, dst       *tm.Component
		exits, enters  []string
		leavesBlast    bool
		fromLowerTrust bool
	}{
		{name: "same zone", src: comps[public], dst: extra},
		{name: "sibling subnets", src: comps[public], dst: comps[private],
			exits: []string{"Public subnet"}, enters: []string{"Private subnet"}, fromLowerTrust: true},
		{name: "internet into a subnet", src: comps[internet], dst: comps[public],
			exits: []string{"Internet"}, enters: []string{"Account", "VPC", "Public subnet"}, fromLowerTrust: true},
		{name: "subnet out to the internet", src: comps[private], dst: comps[internet],
			exits: []string{"Private subnet", "VPC", "Account"}, enters: []string{"Internet"}, leavesBlast: true},
		{name: "subnet to its parent", src: comps[private], dst: comps[vpc],
			exits: []string{"Private subnet"}},
		{name: "semi-trusted subnet to its trusted parent", src: comps[public], dst: comps[vpc],
			exits: []string{"Public subnet"}, fromLowerTrust: true},
		{name: "edge out into the vault around it", src: comps[vaultEdge], dst: comps[vault],
			exits: []string{"Vault edge"}, fromLowerTrust: true},
		{name: "parent to its subnet", src: comps[vpc], dst: comps[private],
			enters: []string{"Private subnet"}, fromLowerTrust: true},
		{name: "account to a nested subnet", src: comps[account], dst: comps[public],
			enters: []string{"VPC", "Public subnet"}},
		{name: "across accounts", src: comps[public], dst: comps[otherVPC],
			exits: []string{"Public subnet", "VPC", "Account"}, enters: []string{"Other account", "Other VPC"}, leavesBlast: true, fromLowerTrust: true},
		{name: "through a more trusted zone into a less trusted one", src: comps[account], dst: comps[vaultEdge],
			exits: []string{"Account"}, enters: []string{"Vault", "Vault edge"}, leavesBlast: true, fromLowerTrust: true},
		{name: "down in trust", src: comps[private], dst: comps[public],
			exits: []string{"Private subnet"}, enters: []string{"Public subnet"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := m.Flow(tc.src, tc.dst, tc.name)
			c := f.Crossing()
			if c.From != tc.src.Zone() || c.To != tc.dst.Zone() {
				t.Errorf("From, To = %v, %v; want %v, %v", c.From.Name(), c.To.Name(), tc.src.Zone().Name(), tc.dst.Zone().Name())
			}
			if diff := cmp.Diff(tc.exits, zoneNames(c.Exits)); diff != "" {
				t.Errorf("Exits (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.enters, zoneNames(c.Enters)); diff != "" {
				t.Errorf("Enters (-want +got):\n%s", diff)
			}
			wantAll := append(append([]string(nil), tc.exits...), tc.enters...)
			if diff := cmp.Diff(wantAll, zoneNames(c.Boundaries())); diff != "" {
				t.Errorf("Boundaries (-want +got):\n%s", diff)
			}
			crosses := len(wantAll) > 0
			if c.Crosses() != crosses || f.CrossesBoundary() != crosses {
				t.Errorf("Crosses() = %v, CrossesBoundary() = %v, want %v", c.Crosses(), f.CrossesBoundary(), crosses)
			}
			if got := c.LeavesBlastRadius(); got != tc.leavesBlast {
				t.Errorf("LeavesBlastRadius() = %v, want %v", got, tc.leavesBlast)
			}
			if got := c.EntersFromLowerTrust(); got != tc.fromLowerTrust {
				t.Errorf("EntersFromLowerTrust() = %v, want %v", got, tc.fromLowerTrust)
			}
		})
	}

	// A component without a zone crosses nothing.
	orphan := m.Process("orphan", nil)
	if c := m.Flow(comps[internet], orphan, "to nowhere").Crossing(); c.Crosses() || c.To != nil {
		t.Errorf("Crossing to a zoneless component = %+v, want none", c)
	}
}

func TestZoneTree(t *testing.T) {
	m := tm.New("Zones")
	account := m.Zone("Account", tm.Trusted, tm.ContainsBlastRadius())
	vpc := m.Zone("VPC", tm.Trusted, tm.Inside(account))
	subnet := m.Zone("Subnet", tm.Trusted, tm.Inside(vpc))
	other := m.Zone("Other", tm.Untrusted)

	if got := subnet.Depth(); got != 2 {
		t.Errorf("Depth() = %d, want 2", got)
	}
	if diff := cmp.Diff([]string{"VPC", "Account"}, zoneNames(subnet.Ancestors())); diff != "" {
		t.Errorf("Ancestors() (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"VPC"}, zoneNames(account.Children())); diff != "" {
		t.Errorf("Children() (-want +got):\n%s", diff)
	}
	if subnet.Parent() != vpc || account.Parent() != nil {
		t.Error("Parent() does not follow Inside")
	}
	for _, tc := range []struct {
		z, other *tm.Zone
		want     bool
	}{
		{subnet, subnet, true}, {subnet, account, true}, {account, subnet, false}, {subnet, other, false}, {subnet, nil, false},
	} {
		if got := tc.z.Within(tc.other); got != tc.want {
			t.Errorf("%s.Within(%v) = %v, want %v", tc.z.Name(), tc.other, got, tc.want)
		}
	}
	if !account.ContainsBlastRadius() || vpc.ContainsBlastRadius() {
		t.Error("ContainsBlastRadius() does not follow the option")
	}
	if m.ZoneNamed("VPC") != vpc || m.ZoneNamed("nope") != nil {
		t.Error("ZoneNamed does not find zones by name")
	}
	// A second parent is refused: the zone stays where it was put first and
	// appears under one parent only.
	twice := m.Zone("Twice", tm.Trusted, tm.Inside(vpc), tm.Inside(other))
	if twice.Parent() != vpc || len(other.Children()) != 0 {
		t.Errorf("a zone with two Inside options has parent %v and Other has children %v", twice.Parent().Name(), zoneNames(other.Children()))
	}
}
