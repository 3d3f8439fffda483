package stridetest

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/threatwright/threatwright/internal/goldencmp"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// update is this test package's own -update flag, defined as users' test
// packages define theirs: stridetest defines no flag, so the two do not
// collide (the test binary would panic at start-up if they did), and
// Baseline reads this one.
var update = flag.Bool("update", false, "rewrite golden files (as a user's test package would define it)")

// fakeTB records what a helper reports instead of failing the test.
type fakeTB struct {
	testing.TB
	errors []string
	logs   []string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Logf(format string, args ...any) {
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}

// model returns a small model; open adds an unauthenticated flow, which
// opens TW-S-001.
func model(t *testing.T, open bool) *stride.Report {
	t.Helper()
	m := tm.New("Shop")
	internet := m.Zone("Internet", tm.Untrusted)
	app := m.Zone("App", tm.Trusted)
	user := m.ExternalEntity("User", internet, tm.Is(tm.Human))
	api := m.Process("API", app, tm.Controls(tm.InputValidation, tm.AuditLogging))
	auth := tm.JWT
	if open {
		auth = tm.NoAuthentication
	}
	m.Flow(user, api, "Order", tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.TLS13), tm.AuthN(auth))
	r, err := stride.Analyze(m, stride.OnlyRules(pick("TW-S-001", "TW-T-001")...))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func pick(ids ...string) []stride.Rule {
	var out []stride.Rule
	for _, r := range stride.Rules() {
		for _, id := range ids {
			if r.ID == id {
				out = append(out, r)
			}
		}
	}
	return out
}

func TestBaselineMissingFile(t *testing.T) {
	ft := &fakeTB{}
	baseline(ft, filepath.Join(t.TempDir(), "none.txt"), model(t, false), false)
	if len(ft.errors) != 1 || !strings.Contains(ft.errors[0], "THREATWRIGHT_UPDATE=1") {
		t.Errorf("errors = %q, want one that says to set THREATWRIGHT_UPDATE=1", ft.errors)
	}
}

func TestBaselineUpdateThenMatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "testdata", "threats.txt")
	ft := &fakeTB{}
	baseline(ft, path, model(t, false), true)
	if len(ft.errors) != 0 || len(ft.logs) != 1 {
		t.Fatalf("update: errors %q, logs %q", ft.errors, ft.logs)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "# Threat baseline of \"Shop\", written by stridetest.Baseline.\n" +
		"# One threat per line: status, risk, ID. Regenerate with: THREATWRIGHT_UPDATE=1 go test\n" +
		"mitigated\tlow\tTW-S-001@User → API: Order\n" +
		"mitigated\tlow\tTW-T-001@User → API: Order\n"
	if diff := cmp.Diff(want, string(data)); diff != "" {
		t.Errorf("baseline file (-want +got):\n%s", diff)
	}

	ft = &fakeTB{}
	baseline(ft, path, model(t, false), false)
	if len(ft.errors) != 0 {
		t.Errorf("same report: errors %q", ft.errors)
	}
}

func TestBaselineReportsChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "threats.txt")
	baseline(&fakeTB{}, path, model(t, false), true)

	ft := &fakeTB{}
	baseline(ft, path, model(t, true), false)
	if len(ft.errors) != 1 {
		t.Fatalf("errors %q, want one", ft.errors)
	}
	msg := ft.errors[0]
	for _, want := range []string{"(-want +got)", `Status: "mitigated"`, `Status: "open"`, `Risk:   "low"`, `Risk:   "high"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("the report does not show %q:\n%s", want, msg)
		}
	}
}

func TestBaselineBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("# fine\nmitigated medium no tabs\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ft := &fakeTB{}
	baseline(ft, bad, model(t, false), false)
	if len(ft.errors) != 1 || !strings.Contains(ft.errors[0], "line 2") {
		t.Errorf("malformed file: errors %q", ft.errors)
	}

	ft = &fakeTB{}
	baseline(ft, filepath.Join(dir, "x.txt"), nil, false)
	if len(ft.errors) != 1 || !strings.Contains(ft.errors[0], "nil") {
		t.Errorf("nil report: errors %q", ft.errors)
	}

	// A directory where the file should be: reading fails, and so does
	// writing.
	ft = &fakeTB{}
	baseline(ft, dir, model(t, false), false)
	baseline(ft, dir, model(t, false), true)
	if len(ft.errors) != 2 {
		t.Errorf("unreadable and unwritable path: errors %q", ft.errors)
	}
}

// TestUpdateSwitch checks the two ways to ask Baseline to rewrite its file:
// the caller's own -update flag, read at the time of the call, and
// THREATWRIGHT_UPDATE=1.
func TestUpdateSwitch(t *testing.T) {
	f := flag.Lookup("update")
	old := f.Value.String()
	t.Cleanup(func() { _ = f.Value.Set(old) })

	for _, c := range []struct {
		flag, env string
		want      bool
	}{
		{"false", "", false},
		{"false", "0", false},
		{"true", "", true},
		{"false", "1", true},
		{"true", "0", true},
	} {
		if err := f.Value.Set(c.flag); err != nil {
			t.Fatal(err)
		}
		t.Setenv(goldencmp.EnvUpdate, c.env)
		path := filepath.Join(t.TempDir(), "threats.txt")
		ft := &fakeTB{}
		Baseline(ft, path, model(t, false))
		_, err := os.Stat(path)
		if wrote := err == nil && len(ft.errors) == 0; wrote != c.want {
			t.Errorf("-update=%s %s=%q: Baseline wrote the file %v, want %v (errors %q)", c.flag, goldencmp.EnvUpdate, c.env, wrote, c.want, ft.errors)
		}
	}
	_ = *update
}
