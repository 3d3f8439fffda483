package stridetest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/threatwright/threatwright/internal/goldencmp"
	"github.com/threatwright/threatwright/stride"
)

// Baseline compares the threats in the report — each one's ID, status and
// risk — with the approved baseline in the file at path (conventionally
// under testdata/), and reports a difference as a test error with a go-cmp
// diff (-want +got): a new threat, a threat that went away, a status or a
// risk that changed. When updating (see the package documentation:
// THREATWRIGHT_UPDATE=1, or a -update flag of the caller's own) it writes
// the file instead, creating its directory if needed; review the change to
// the file in the pull request.
//
// The file is plain text, one threat per line: status, risk and ID
// separated by tabs, sorted by ID. Lines starting with # are comments.
//
//	func TestThreatBaseline(t *testing.T) {
//		r, err := stride.Analyze(mymodel.Model())
//		if err != nil {
//			t.Fatal(err)
//		}
//		stridetest.Baseline(t, "testdata/threats.txt", r)
//	}
func Baseline(t testing.TB, path string, r *stride.Report) {
	t.Helper()
	baseline(t, path, r, goldencmp.Updating())
}

func baseline(t testing.TB, path string, r *stride.Report, update bool) {
	t.Helper()
	if r == nil {
		t.Errorf("stridetest.Baseline: the report is nil")
		return
	}
	got := entriesOf(r)
	if update {
		if err := writeBaseline(path, r.Model, got); err != nil {
			t.Errorf("stridetest.Baseline: %v", err)
			return
		}
		t.Logf("wrote threat baseline %s (%d threats)", path, len(got))
		return
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Errorf("threat baseline %s does not exist: run the test with %s=1 to create it, then review and commit it", path, goldencmp.EnvUpdate)
		return
	}
	if err != nil {
		t.Errorf("stridetest.Baseline: %v", err)
		return
	}
	want, err := parseBaseline(data)
	if err != nil {
		t.Errorf("threat baseline %s: %v", path, err)
		return
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("threats differ from the baseline %s (-want +got):\n%s\n"+
			"If the change is intended, run the test with %s=1 and review the new baseline.", path, diff, goldencmp.EnvUpdate)
	}
}

// entry is one line of a baseline: a threat's ID, status and risk as their
// text forms ("mitigated", "high").
type entry struct {
	ID     string
	Status string
	Risk   string
}

func entriesOf(r *stride.Report) []entry {
	out := make([]entry, 0, len(r.Threats))
	for _, th := range r.Threats {
		status, err := th.Status.MarshalText()
		if err != nil {
			status = []byte(th.Status.String())
		}
		risk, err := th.Risk.MarshalText()
		if err != nil || len(risk) == 0 {
			risk = []byte("unrated")
		}
		out = append(out, entry{ID: th.ID, Status: string(status), Risk: string(risk)})
	}
	return out
}

func writeBaseline(path, model string, entries []entry) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Threat baseline of %q, written by stridetest.Baseline.\n", model)
	b.WriteString("# One threat per line: status, risk, ID. Regenerate with: THREATWRIGHT_UPDATE=1 go test\n")
	for _, e := range entries {
		b.WriteString(e.Status + "\t" + e.Risk + "\t" + e.ID + "\n")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

func parseBaseline(data []byte) ([]entry, error) {
	var out []entry
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 || parts[2] == "" {
			return nil, fmt.Errorf("line %d: want status, risk and ID separated by tabs, got %q", n, line)
		}
		out = append(out, entry{ID: parts[2], Status: parts[0], Risk: parts[1]})
	}
	return out, sc.Err()
}
