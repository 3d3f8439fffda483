package stride

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestIDECatalogShape checks the I, D and E catalog and the section rules:
// enough rules per category, IDs in their ranges (001–099 for the STRIDE
// rules, 101 and up for the template sections) and in the category's
// letter, references present and not repeated.
func TestIDECatalogShape(t *testing.T) {
	groups := []struct {
		name       string
		rules      []Rule
		min        int
		categories []Category
		sections   bool
	}{
		{"information disclosure", informationDisclosureRules(), 8, []Category{InformationDisclosure}, false},
		{"denial of service", denialOfServiceRules(), 7, []Category{DenialOfService}, false},
		{"elevation of privilege", elevationOfPrivilegeRules(), 8, []Category{ElevationOfPrivilege}, false},
		{"template sections", sectionRules(), 12, Categories(), true},
	}
	for _, g := range groups {
		if len(g.rules) < g.min {
			t.Errorf("%s: %d rules, want at least %d", g.name, len(g.rules), g.min)
		}
		if err := validateRules(g.rules); err != nil {
			t.Errorf("%s: %v", g.name, err)
		}
		for _, r := range g.rules {
			if !slices.Contains(g.categories, r.Category) {
				t.Errorf("%s: %s has category %v", g.name, r.ID, r.Category)
			}
			prefix := "TW-" + r.Category.Letter() + "-"
			n, err := strconv.Atoi(strings.TrimPrefix(r.ID, prefix))
			switch {
			case !strings.HasPrefix(r.ID, prefix) || err != nil || len(r.ID) != len(prefix)+3:
				t.Errorf("%s: ID %s is not %sNNN", g.name, r.ID, prefix)
			case g.sections && n < 101, !g.sections && (n < 1 || n > 99):
				t.Errorf("%s: ID %s is out of the group's range", g.name, r.ID)
			}
			if len(r.CAPEC)+len(r.CWE) == 0 {
				t.Errorf("%s: no CAPEC or CWE reference", r.ID)
			}
			if len(slices.Compact(slices.Sorted(slices.Values(r.CAPEC)))) != len(r.CAPEC) ||
				len(slices.Compact(slices.Sorted(slices.Values(r.CWE)))) != len(r.CWE) {
				t.Errorf("%s: a reference is listed twice", r.ID)
			}
			if r.Description == "" || len(r.AttackPaths) == 0 || len(r.Mitigations) == 0 {
				t.Errorf("%s: needs a description, attack paths and mitigations", r.ID)
			}
			if len(r.MitigatedBy)+len(r.MitigatedByAll) == 0 && r.MitigatedWhen == nil {
				// Allowed only where nothing but changing the element itself
				// closes the threat; a declared mitigation or an acceptance
				// still can.
				switch r.ID {
				case "TW-I-008", "TW-I-101", "TW-I-102", "TW-S-101", "TW-S-102":
				default:
					t.Errorf("%s: nothing can mitigate it", r.ID)
				}
			}
		}
	}
}

// TestEscalationFlag: the TW-E-008 fact, from the shared vocabulary
// (iam.Escalates): iam:PassRole alone is not an escalation; with an action
// that launches a service as the passed role it is.
func TestEscalationFlag(t *testing.T) {
	m := tm.New("m")
	z := m.Zone("Z", tm.Trusted)
	for _, tt := range []struct {
		actions []string
		want    bool
	}{
		{[]string{"iam:PassRole"}, false},
		{[]string{"iam:PassRole", "lambda:CreateFunction"}, true},
		{[]string{"iam:AttachRolePolicy"}, true},
		{[]string{"clusterrolebindings:create"}, true},
		{[]string{"serviceaccounts:impersonate"}, true},
		{[]string{"sts:AssumeRole"}, false},
		{[]string{"s3:*"}, false},
		{[]string{"iam:GetRole"}, false},
	} {
		r := m.Role(strings.Join(tt.actions, "+"))
		r.Allow(z, tt.actions...)
		if got := new(index).flagsOf(r, declaredGrants(r)).escalation; got != tt.want {
			t.Errorf("escalation of %q = %v, want %v", tt.actions, got, tt.want)
		}
	}
}

func TestConfidential(t *testing.T) {
	m := tm.New("m")
	tests := []struct {
		a    *tm.Asset
		want bool
	}{
		{m.DataAsset("PII", tm.PII(), tm.Classified(tm.Public)), true},
		{m.DataAsset("Restricted", tm.Classified(tm.Restricted)), true},
		{m.DataAsset("High", tm.Value(tm.High)), true},
		{m.DataAsset("Critical", tm.RiskLevel(tm.Critical)), true},
		{m.DataAsset("High but public", tm.Value(tm.High), tm.Classified(tm.Public)), false},
		{m.DataAsset("Internal", tm.Value(tm.High), tm.Classified(tm.Internal)), false},
		{m.DataAsset("Medium", tm.Value(tm.Medium)), false},
		{m.Asset("Key", tm.AssetCredential), true},
		{m.Asset("Public key", tm.AssetCredential, tm.Classified(tm.Public)), false},
		{m.Asset("Role", tm.AssetIdentity, tm.Value(tm.VeryHigh)), false},
		{m.Asset("Logs", tm.AssetLogs, tm.Value(tm.High)), false},
		{nil, false},
	}
	for _, tt := range tests {
		name := "nil"
		if tt.a != nil {
			name = tt.a.Name()
		}
		if got := confidential(tt.a); got != tt.want {
			t.Errorf("confidential(%s) = %v, want %v", name, got, tt.want)
		}
	}
}

// TestEffectiveRolesOneHop checks that the roles a component can act with
// are those it runs as and those they may assume, once, with no repeats.
func TestEffectiveRolesOneHop(t *testing.T) {
	m := tm.New("m")
	z := m.Zone("Z", tm.Trusted)
	c := m.Process("C", z)
	a, b, d := m.Role("A"), m.Role("B"), m.Role("D")
	a.CanAssume(b, a)
	a.Allow(b, "sts:AssumeRole")
	b.CanAssume(d) // two hops away
	c.RunsAs(a)
	ix := newIndex(m)
	got := effectiveRoles(&Target{Kind: tm.Process, Component: c, ix: ix})
	names := make([]string, len(got))
	for i, r := range got {
		names[i] = r.Name()
	}
	if want := []string{"A", "B"}; !slices.Equal(names, want) {
		t.Errorf("effectiveRoles = %v, want %v", names, want)
	}
	if got := effectiveRoles(&Target{Kind: tm.DataFlow, ix: ix}); len(got) != 0 {
		t.Errorf("effectiveRoles of a flow target = %v, want none", got)
	}
}

// TestNextRolesNeedAnActionThatActsAsTheRole: reading a role (iam:GetRole)
// does not let its holder act as it, nor does passing it alone; assuming
// it does.
func TestNextRolesNeedAnActionThatActsAsTheRole(t *testing.T) {
	m := tm.New("m")
	a, reader, assumer, passer, star := m.Role("A"), m.Role("Read"), m.Role("Assume"), m.Role("Pass"), m.Role("Any")
	a.Allow(reader, "iam:GetRole", "iam:ListRoleTags")
	a.Allow(assumer, "sts:AssumeRoleWithWebIdentity")
	a.Allow(passer, "iam:PassRole")
	a.Allow(star, "*")
	a.Allow(a, "sts:AssumeRole") // itself: not a next role
	var names []string
	for _, r := range nextRoles(a, new(index).flagsOf(a, declaredGrants(a))) {
		names = append(names, r.Name())
	}
	// The "*" statement includes launching a function, so passing a role
	// leads to it too.
	if want := []string{"Assume", "Pass", "Any"}; !slices.Equal(names, want) {
		t.Errorf("nextRoles = %v, want %v", names, want)
	}
	b := m.Role("B")
	b.Allow(passer, "iam:PassRole")
	if got := nextRoles(b, new(index).flagsOf(b, declaredGrants(b))); len(got) != 0 {
		t.Errorf("nextRoles with iam:PassRole alone = %v, want none", got)
	}

}
