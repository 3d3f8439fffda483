package threatmodel_test

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReadmeQuickStart checks that the README's quick start is the body of
// ExampleNew, output comment included, so that the README's code is tested
// and cannot rot.
func TestReadmeQuickStart(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "## Quick start\n")
	if !ok {
		t.Fatal("README.md has no Quick start section")
	}
	_, block, ok := strings.Cut(section, "```go\n")
	if !ok {
		t.Fatal("the Quick start section has no Go code block")
	}
	block, _, _ = strings.Cut(block, "```\n")
	if !strings.Contains(block, "threatmodel.New(") || !strings.Contains(block, "// Output:") {
		t.Fatalf("the Quick start block is not the quick start:\n%s", block)
	}

	_, body, ok := strings.Cut(string(example), "func ExampleNew() {\n")
	if !ok {
		t.Fatal("example_test.go has no ExampleNew")
	}
	body, _, _ = strings.Cut(body, "\n}\n")
	var lines []string
	for line := range strings.Lines(body + "\n") {
		lines = append(lines, strings.TrimPrefix(line, "\t"))
	}
	if diff := cmp.Diff(strings.Join(lines, ""), block); diff != "" {
		t.Errorf("README.md's quick start differs from ExampleNew (-example +readme):\n%s", diff)
	}
}
