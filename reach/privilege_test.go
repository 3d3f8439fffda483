package reach_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// codesAndPaths summarises findings as "CODE path".
func codesAndPaths(fs []reach.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, string(f.Code)+" "+f.Path)
	}
	return out
}

type scopeView struct {
	Resource string
	Access   string
	Actions  []string
}

func scopeViews(ss []reach.Scope) []scopeView {
	var out []scopeView
	for _, s := range ss {
		out = append(out, scopeView{s.Resource.Path(), s.Access.String(), s.Actions})
	}
	return out
}

func TestUnusedPermission(t *testing.T) {
	s := newShop()
	s.role.Allow(s.orders, "dynamodb:GetItem")
	unused := s.role.Allow(s.audit, "dynamodb:PutItem")
	s.m.Flow(s.orders, s.app, "Read orders")
	res := analyze(t, s.m)
	if diff := cmp.Diff([]string{`RCH001 roles["App role"].permissions[1]`}, codesAndPaths(res.Findings)); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
	f := res.Findings[0]
	if f.Permission != unused || f.Role != s.role || f.Pos != unused.Pos() || !f.Pos.IsValid() || len(f.Scopes) != 0 {
		t.Errorf("finding = %+v, want the audit statement, its position, no scopes", f)
	}
	if !strings.HasPrefix(f.Error(), unused.Pos().String()+": "+f.Path+": ") || !strings.HasSuffix(f.Error(), "[RCH001]") {
		t.Errorf("Error() = %q", f.Error())
	}
	var err error = &f
	var target *reach.Finding
	if !errors.As(err, &target) || target.Code != tm.CodeUnusedPermission {
		t.Error("a finding should work with errors.As")
	}
	if got := res.RoleFindings(s.role); len(got) != 1 {
		t.Errorf("RoleFindings = %d findings, want 1", len(got))
	}
}

func TestBroadResourceIsScopedToWhatFlowsUse(t *testing.T) {
	tests := []struct {
		name     string
		resource func(s *shop) tm.Element
		actions  []string
		want     []scopeView
	}{
		{
			name:     "a zone",
			resource: func(s *shop) tm.Element { return s.data },
			actions:  []string{"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteTable"},
			want:     []scopeView{{`components["Orders table"]`, "read/write", []string{"dynamodb:GetItem", "dynamodb:PutItem"}}},
		},
		{
			name:     "any resource",
			resource: func(s *shop) tm.Element { return tm.AnyResource() },
			actions:  []string{"dynamodb:*"},
			want:     []scopeView{{`components["Orders table"]`, "read/write", nil}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newShop()
			s.role.Allow(tt.resource(s), tt.actions...)
			q := s.m.Flow(s.app, s.orders, "Query")
			s.m.Response(q, "Rows")
			res := analyze(t, s.m)
			if diff := cmp.Diff([]string{`RCH002 roles["App role"].permissions[0]`}, codesAndPaths(res.Findings)); diff != "" {
				t.Fatalf("findings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, scopeViews(res.Findings[0].Scopes)); diff != "" {
				t.Errorf("scopes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBroadActions(t *testing.T) {
	s := newShop()
	s.role.Allow(s.orders, "dynamodb:*", "dynamodb:GetItem")
	s.role.Allow(s.audit, "dynamodb:Get*") // read only, as the flow: fine
	q := s.m.Flow(s.app, s.orders, "Query")
	s.m.Response(q, "Rows")
	s.m.Flow(s.audit, s.app, "Read audit")
	res := analyze(t, s.m)
	if diff := cmp.Diff([]string{`RCH003 roles["App role"].permissions[0]`}, codesAndPaths(res.Findings)); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
	want := []scopeView{{`components["Orders table"]`, "read/write", []string{"dynamodb:GetItem"}}}
	if diff := cmp.Diff(want, scopeViews(res.Findings[0].Scopes)); diff != "" {
		t.Errorf("scopes (-want +got):\n%s", diff)
	}
	if msg := res.Findings[0].Message; !strings.Contains(msg, "read/write/delete/admin") {
		t.Errorf("message should say what the wildcard grants: %q", msg)
	}
}

func TestEscalationToMorePrivilegedRole(t *testing.T) {
	s := newShop()
	s.role.Allow(s.orders, "dynamodb:GetItem")
	s.m.Flow(s.orders, s.app, "Read orders")
	admin := s.m.Role("Admin")
	admin.Allow(tm.AnyResource(), "*")
	weaker := s.m.Role("Weaker")
	weaker.Allow(s.orders, "dynamodb:GetItem")
	s.role.CanAssume(admin, weaker)
	res := analyze(t, s.m)
	var esc []reach.Finding
	for _, f := range res.Findings {
		if f.Code == tm.CodeEscalation {
			esc = append(esc, f)
		}
	}
	if diff := cmp.Diff([]string{`RCH004 roles["App role"].canAssume["Admin"]`}, codesAndPaths(esc)); diff != "" {
		t.Fatalf("escalations (-want +got):\n%s", diff)
	}
	f := esc[0]
	if f.Target != admin || f.Permission != nil || f.Pos != s.role.Pos() {
		t.Errorf("finding target %v permission %v pos %v", f.Target, f.Permission, f.Pos)
	}
	if _, ok := findEntry(f.Gains, s.auditData); !ok {
		t.Errorf("gains %v should include the audit log", elPaths(f.Gains))
	}
	if !strings.Contains(f.Message, `assets["Orders"] (High value, Critical)`) {
		t.Errorf("message should name the most valuable gain: %q", f.Message)
	}
}

func TestEscalationThroughAPermission(t *testing.T) {
	s := newShop()
	admin := s.m.Role("Admin")
	admin.Allow(s.audit, "dynamodb:DeleteItem")
	pass := s.role.Allow(admin, "iam:PassRole")
	s.role.Allow(s.app, "lambda:CreateFunction")
	res := analyze(t, s.m)
	// The app can pass Admin to a function it creates, and so act as
	// Admin: Admin's statement is the app's to use, and no flow of the app
	// uses it.
	want := []string{`RCH001 roles["Admin"].permissions[0]`, `RCH004 roles["App role"].permissions[0]`}
	if diff := cmp.Diff(want, codesAndPaths(res.Findings)); diff != "" {
		t.Fatalf("findings (-want +got):\n%s", diff)
	}
	if f := res.Findings[1]; f.Permission != pass || f.Pos != pass.Pos() || f.Target != admin {
		t.Errorf("finding = %+v", f)
	}
}

func TestNoFindingsWhenFlowsJustifyEverything(t *testing.T) {
	s := newShop()
	s.role.Allow(s.orders, "dynamodb:GetItem", "dynamodb:PutItem")
	s.role.Allow(s.data, "dynamodb:Query")
	q := s.m.Flow(s.app, s.orders, "Query")
	s.m.Response(q, "Rows")
	s.m.Flow(s.audit, s.app, "Read audit")
	idle := s.m.Role("Nobody's role") // nothing acts as it: TM131's business
	idle.Allow(tm.AnyResource(), "s3:*")
	if fs := analyze(t, s.m).Findings; len(fs) != 0 {
		t.Errorf("findings = %v, want none", codesAndPaths(fs))
	}
}

func TestPermissionUsedThroughAssumption(t *testing.T) {
	// The app runs as a role that assumes another: the other role's
	// permission is used by the app's flow.
	s := newShop()
	other := s.m.Role("Other")
	other.Allow(s.orders, "dynamodb:GetItem")
	s.role.CanAssume(other)
	s.m.Flow(s.orders, s.app, "Read orders")
	for _, f := range analyze(t, s.m).Findings {
		if f.Role == other {
			t.Errorf("unexpected finding on the assumed role: %s", f.Error())
		}
	}
}

func findEntry(es []reach.Entry, el tm.Element) (reach.Entry, bool) {
	for _, e := range es {
		if e.Element == el {
			return e, true
		}
	}
	return reach.Entry{}, false
}

// TestWaiveLeastPrivilegeFinding waives an RCH finding on its role.
func TestWaiveLeastPrivilegeFinding(t *testing.T) {
	s := newShop()
	s.role.Allow(s.orders, "dynamodb:GetItem")
	s.role.Allow(s.audit, "dynamodb:PutItem")
	s.m.Flow(s.orders, s.app, "Read orders")
	s.m.Waive(tm.CodeUnusedPermission, s.role, "Kept for the audit export job, modelled separately")
	res := analyze(t, s.m)
	if got := codesAndPaths(res.Findings); len(got) != 0 {
		t.Errorf("findings %v, want none: RCH001 is waived", got)
	}
	s.m.Waive(tm.CodeBroadActions, s.role, "No wildcard here")
	res = analyze(t, s.m)
	want := []string{`TM191 waivers[RCH003 on roles["App role"]]`}
	if diff := cmp.Diff(want, codesAndPaths(res.Findings)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if res.Findings[0].Role != nil || !res.Findings[0].Pos.IsValid() {
		t.Errorf("the stale waiver finding = %+v, want no role and the waiver's position", res.Findings[0])
	}
}
