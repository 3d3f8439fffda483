package reach_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestGainsAlongALongChain: in a chain of assumptions longer than
// GainBudget, the first role's escalation counts its gains among the
// first GainBudget principals only and says "at least"; its blast radius
// (Result.Role) still reaches the last role's table; a link near the end
// counts exactly.
func TestGainsAlongALongChain(t *testing.T) {
	n := reach.GainBudget + 40
	m := chainModel(n)
	res := analyze(t, m)
	roles := map[string]*tm.Role{}
	for _, r := range m.Roles() {
		roles[r.Name()] = r
	}
	first := escalationsOf(res, roles["Role 0"])
	if len(first) != 1 {
		t.Fatalf("Role 0 has %d escalation findings, want 1", len(first))
	}
	f := first[0]
	// Each role reaches its table and its records: two per principal.
	if !f.GainsCut || f.GainCount != 2*reach.GainBudget || !strings.Contains(f.Message, "at least "+strconv.Itoa(2*reach.GainBudget)+" more") {
		t.Errorf("first link: cut %v, count %d, message %q", f.GainsCut, f.GainCount, f.Message)
	}
	if len(f.Gains) != reach.MaxGains {
		t.Errorf("first link lists %d gains, want MaxGains (%d)", len(f.Gains), reach.MaxGains)
	}
	last := m.Components()[n-1] // Table n-1, by declaration order
	if !strings.HasPrefix(last.Name(), "Table ") {
		t.Fatalf("component %d is %s", n-1, last.Name())
	}
	if _, ok := res.Role(roles["Role 0"]).Find(last); !ok {
		t.Errorf("Role 0's blast radius does not reach %s at the end of the chain", last.Name())
	}
	near := escalationsOf(res, roles["Role "+strconv.Itoa(n-10)])
	if len(near) != 1 {
		t.Errorf("link near the end: %d escalation findings, want 1", len(near))
	} else if near[0].GainsCut || near[0].GainCount != 2*9 {
		t.Errorf("link near the end: count %d, cut %v", near[0].GainCount, near[0].GainsCut)
	}
}

// TestGainsListTheMostValuable: a role that may assume a role reaching
// twenty tables lists MaxGains of them, the most valuable asset among
// them, and counts all forty elements (table and records each).
func TestGainsListTheMostValuable(t *testing.T) {
	m := tm.New("Many")
	z := m.Zone("Data", tm.Trusted)
	wide := m.Role("Wide role")
	var jewels *tm.Asset
	for i := range 20 {
		v := tm.Low
		if i == 17 {
			v = tm.VeryHigh
		}
		a := m.DataAsset("Records "+string(rune('A'+i)), tm.Value(v))
		if i == 17 {
			jewels = a
		}
		wide.Allow(m.DataStore("Table "+string(rune('A'+i)), z, tm.Stores(a)), "dynamodb:GetItem")
	}
	app := m.Role("App role")
	app.CanAssume(wide)
	res := analyze(t, m)
	fs := escalationsOf(res, app)
	if len(fs) != 1 {
		t.Fatalf("%d escalation findings, want 1", len(fs))
	}
	f := fs[0]
	if f.GainCount != 40 || f.GainsCut || len(f.Gains) != reach.MaxGains {
		t.Errorf("count %d cut %v listed %d", f.GainCount, f.GainsCut, len(f.Gains))
	}
	if _, ok := findEntry(f.Gains, jewels); !ok || !strings.Contains(f.Message, "40 more: "+jewels.Path()) {
		t.Errorf("the most valuable gain is not listed and named: %v; %s", elPaths(f.Gains), f.Message)
	}
	for i := 1; i < len(f.Gains); i++ {
		if f.Gains[i-1].Element.Path() > f.Gains[i].Element.Path() && sameKind(f.Gains[i-1].Element, f.Gains[i].Element) {
			t.Errorf("gains out of order: %v", elPaths(f.Gains))
			break
		}
	}
}

// escalationsOf returns the escalation findings about a role.
func escalationsOf(res *reach.Result, r *tm.Role) []reach.Finding {
	var out []reach.Finding
	for _, f := range res.RoleFindings(r) {
		if f.Code == tm.CodeEscalation {
			out = append(out, f)
		}
	}
	return out
}

// sameKind reports whether two elements are both assets or both not.
func sameKind(a, b tm.Element) bool {
	_, x := a.(*tm.Asset)
	_, y := b.(*tm.Asset)
	return x == y
}

// TestCombinedEscalation: A may assume B, and B may pass C to a new
// Lambda function (lambda-001); A reaches C's table through B, with the
// chain [A, B, C], its escalation to B counts C's table among its gains,
// and B's own finding names the technique. When C's trust policy names
// only EC2, the combination breaks at B.
func TestCombinedEscalation(t *testing.T) {
	for _, trustsLambda := range []bool{true, false} {
		m := tm.New("Combined")
		acct := m.Zone("Account", tm.Trusted)
		jewels := m.DataAsset("Jewels", tm.Value(tm.VeryHigh), tm.RiskLevel(tm.Critical))
		table := m.DataStore("Jewels table", acct, tm.Technology("Amazon DynamoDB"), tm.Stores(jewels))
		svc := "ec2.amazonaws.com"
		if trustsLambda {
			svc = "lambda.amazonaws.com"
		}
		c := m.Role("C", tm.TrustsServices(svc))
		c.Allow(table, "dynamodb:GetItem")
		b := m.Role("B")
		b.Allow(c, "iam:PassRole")
		b.Allow(tm.AnyResource(), "lambda:CreateFunction", "lambda:InvokeFunction")
		a := m.Role("A")
		a.CanAssume(b)
		res := analyze(t, m)

		e, ok := res.Role(a).Find(jewels)
		if ok != trustsLambda {
			t.Fatalf("C trusts %s: A reaches the jewels %v", svc, ok)
		}
		if !ok {
			continue
		}
		if got := names(e.Chain); !slices.Equal(got, []string{"A", "B", "C"}) {
			t.Errorf("chain %v, want [A B C]", got)
		}
		esc := escalationsOf(res, a)
		if len(esc) != 1 {
			t.Fatalf("A has %d escalation findings", len(esc))
		}
		if _, ok := findEntry(esc[0].Gains, jewels); !ok {
			t.Errorf("A's escalation to B does not gain the jewels: %v", elPaths(esc[0].Gains))
		}
		var ids []string
		for _, f := range escalationsOf(res, b) {
			ids = append(ids, f.Techniques...)
		}
		if !slices.Contains(ids, "lambda-001") {
			t.Errorf("B's escalation techniques %v lack lambda-001", ids)
		}
	}
}
