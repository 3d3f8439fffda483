package render_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoGraphvizDependency checks that importing render does not link the
// WebAssembly Graphviz: only render/graphviz may depend on it.
func TestNoGraphvizDependency(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 || !strings.Contains(string(out), "github.com/threatwright/threatwright/threatmodel") {
		t.Fatalf("go list -deps listed too little:\n%s", out)
	}
	for _, d := range deps {
		if strings.Contains(d, "go-graphviz") || strings.Contains(d, "wazero") || strings.HasPrefix(d, "github.com/threatwright/threatwright/render/") {
			t.Errorf("render depends on %s", d)
		}
	}
}
