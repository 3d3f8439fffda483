package threatwright_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threatwright/threatwright/internal/golden"
)

// The test binary accepts -update like every other of this repository.
var _ = golden.Update

// scratchModel is the model of the scratch module: the README's recipe
// imports example.com/you/mymodel and calls mymodel.Model.
const scratchModel = `package mymodel

import "github.com/threatwright/threatwright/threatmodel"

// Model is a small, complete model.
func Model() *threatmodel.Model {
	m := threatmodel.New("Status page", threatmodel.Owner("SRE"))
	m.ThreatContext("Public status of every service.", "Worst case: a false all-clear during an outage.")
	internet := m.Zone("Internet", threatmodel.Untrusted)
	cdn := m.Zone("CDN", threatmodel.SemiTrusted)
	visitor := m.ExternalEntity("Visitor", internet, threatmodel.Description("Anyone."))
	page := m.Process("Status page", cdn, threatmodel.Technology("Static site on a CDN"),
		threatmodel.Description("Serves the status."),
		threatmodel.ErrorHandling("Origin errors shown to visitors", "Custom error pages"),
		threatmodel.Runtime("Cache poisoning", "Immutable, versioned objects"))
	status := m.DataAsset("Service status", threatmodel.Value(threatmodel.Medium), threatmodel.RiskLevel(threatmodel.Important),
		threatmodel.Classified(threatmodel.Public), threatmodel.Lifecycle(threatmodel.DataLifecycle{
			AtRest: "CDN cache", InTransit: "TLS 1.3", Deletion: "Overwritten each minute", AccessControl: "Public read"}))
	m.Flow(visitor, page, "View status", threatmodel.Over(threatmodel.HTTPS, 443),
		threatmodel.Encrypted(threatmodel.TLS13), threatmodel.AuthN(threatmodel.NoAuthentication),
		threatmodel.Carries(status))
	return m
}
`

// readmeFiles returns the Go blocks of a README section whose first line
// is a comment naming a file ("// mymodel/docs.go"), by file name.
func readmeFiles(t *testing.T, section string) map[string]string {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "\n## "+section+"\n")
	if !ok {
		t.Fatalf("README.md has no %q section", section)
	}
	rest, _, _ = strings.Cut(rest, "\n## ")
	files := map[string]string{}
	for _, block := range strings.Split(rest, "```go\n")[1:] {
		block, _, _ = strings.Cut(block, "```\n")
		first, _, _ := strings.Cut(block, "\n")
		name, ok := strings.CutPrefix(first, "// ")
		if !ok || !strings.HasSuffix(name, ".go") {
			t.Fatalf("a Go block of %q does not start with its file name:\n%s", section, block)
		}
		files[name] = block
	}
	return files
}

// TestReadmeGoGenerate runs the README's "Publish with go generate" recipe
// as printed: it writes the README's files into a scratch module beside a
// small model, points the module at this checkout with a replace
// directive, runs go generate ./... and go test ./... there, and checks the
// documents. It needs no network: the modules come from the module cache.
func TestReadmeGoGenerate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a scratch module; skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	files := readmeFiles(t, "Publish with go generate")
	for _, want := range []string{"mymodel/docs.go", "mymodel/gen/main.go", "mymodel/docs_test.go"} {
		if files[want] == "" {
			t.Fatalf("the recipe has no %s block; it has %d blocks", want, len(files))
		}
	}
	if !strings.Contains(files["mymodel/docs.go"], "//go:generate go run ./gen\n") {
		t.Fatalf("mymodel/docs.go does not hold the directive:\n%s", files["mymodel/docs.go"])
	}

	dir := t.TempDir()
	files["go.mod"] = "module example.com/you\n\ngo 1.26\n"
	files["mymodel/model.go"] = scratchModel
	sum, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	files["go.sum"] = string(sum)
	for name, body := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "THREATWRIGHT_UPDATE=")
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(goTool, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil && strings.Contains(string(out), "GOPROXY=off") {
			t.Skipf("the module cache lacks a dependency (run go mod download): go %s:\n%s", strings.Join(args, " "), out)
		}
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("mod", "edit", "-require=github.com/threatwright/threatwright@v0.0.0-00010101000000-000000000000",
		"-replace=github.com/threatwright/threatwright="+root)

	run("generate", "./...")
	for _, name := range []string{"threat-model.md", "threat-model.dot", "threat-model.mmd", "threat-model.svg", "attack-path.svg"} {
		fi, err := os.Stat(filepath.Join(dir, "mymodel", "docs", name))
		if err != nil || fi.Size() == 0 {
			t.Errorf("go generate did not write mymodel/docs/%s: %v", name, err)
		}
	}
	if out := run("vet", "./..."); out != "" {
		t.Errorf("go vet in the scratch module:\n%s", out)
	}
	if out := run("test", "./..."); !strings.Contains(out, "ok  \texample.com/you/mymodel") {
		t.Errorf("go test in the scratch module:\n%s", out)
	}
}
