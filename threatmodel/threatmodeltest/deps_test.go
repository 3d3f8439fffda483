package threatmodeltest_test

import (
	"flag"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// update is this test package's own -update flag, defined as users' test
// packages define theirs: threatmodeltest defines no flag, so the two do
// not collide (the test binary would panic at start-up if they did).
var update = flag.Bool("update", false, "rewrite golden files (as a user's test package would define it)")

const module = "github.com/threatwright/threatwright"

// goListDeps returns the packages pkg depends on, itself included.
func goListDeps(t *testing.T, pkg string) []string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	out, err := exec.Command(goTool, "list", "-deps", pkg).Output()
	if err != nil {
		t.Skipf("go list -deps %s: %v", pkg, err)
	}
	return strings.Fields(string(out))
}

// TestImportsOnlyThreatmodel checks that threatmodeltest depends on the
// standard library and threatmodel only: not on stride, reach or render, and
// on no third-party module. The packages of this module allowed are
// threatmodeltest, threatmodel, and whatever internal packages threatmodel
// itself needs.
func TestImportsOnlyThreatmodel(t *testing.T) {
	allowed := map[string]bool{module + "/threatmodel/threatmodeltest": true}
	for _, d := range goListDeps(t, module+"/threatmodel") {
		if d == module+"/threatmodel" || strings.HasPrefix(d, module+"/internal/") {
			allowed[d] = true
		}
	}
	deps := goListDeps(t, module+"/threatmodel/threatmodeltest")
	if !slices.Contains(deps, module+"/threatmodel") || !slices.Contains(deps, "testing") {
		t.Fatalf("go list -deps listed too little: %q", deps)
	}
	for _, d := range deps {
		first, _, _ := strings.Cut(d, "/")
		std := !strings.Contains(first, ".")
		if !std && !allowed[d] {
			t.Errorf("threatmodeltest depends on %s", d)
		}
	}
	_ = *update
}
