package verify

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"github.com/threatwright/threatwright/threatmodel"
)

// repository finds policy files and the test functions of the module's
// packages in the source, so that a test can be linked (file:line) and a
// renamed one found missing without running anything.
type repository struct {
	root, module string
	// funcs caches, per package directory, the position of each top-level
	// test function; nil for a directory that does not exist.
	funcs map[string]map[string]threatmodel.Pos
}

// sourceState says what the source says about a test.
type sourceState uint8

const (
	sourceUnknown sourceState = iota // the package is outside the module, or no module was found
	sourceFound
	sourceMissing
)

// newRepository finds the module at root, or above the current directory
// when root is "".
func newRepository(root string) repository {
	r := repository{funcs: make(map[string]map[string]threatmodel.Pos)}
	if root == "" {
		dir, err := os.Getwd()
		for err == nil && dir != "" {
			if fileExists(filepath.Join(dir, "go.mod")) {
				root = dir
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	if root == "" {
		return r
	}
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	r.root = root
	if b, err := os.ReadFile(filepath.Join(root, "go.mod")); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
				r.module = strings.Trim(strings.TrimSpace(rest), `"`)
				break
			}
		}
	}
	return r
}

// dir returns the directory of a package of the module, or "".
func (r *repository) dir(pkg string) string {
	if r.module == "" {
		return ""
	}
	if pkg == r.module {
		return r.root
	}
	if rest, ok := strings.CutPrefix(pkg, r.module+"/"); ok {
		return rel(r.root, rest)
	}
	return ""
}

// testPos returns where the test function is declared, and whether the
// source has it.
func (r *repository) testPos(pkg, test string) (threatmodel.Pos, sourceState) {
	dir := r.dir(pkg)
	if dir == "" {
		return threatmodel.Pos{}, sourceUnknown
	}
	funcs, ok := r.funcs[dir]
	if !ok {
		funcs = testFuncs(dir)
		r.funcs[dir] = funcs
	}
	if pos, ok := funcs[test]; ok {
		return pos, sourceFound
	}
	return threatmodel.Pos{}, sourceMissing
}

// missing says what is missing: the package's directory, or the test.
func (r *repository) missing(pkg, test string) string {
	if r.funcs[r.dir(pkg)] == nil {
		return "no package " + pkg
	}
	return "no test function " + test + " in package " + pkg
}

// testFuncs parses the _test.go files of a directory and returns the
// position of each top-level function, or nil when the directory does not
// exist.
func testFuncs(dir string) map[string]threatmodel.Pos {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	out := make(map[string]threatmodel.Pos)
	fset := token.NewFileSet()
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				out[fd.Name.Name] = threatmodel.Pos{File: path, Line: fset.Position(fd.Pos()).Line}
			}
		}
	}
	return out
}

// checkFile checks a policy file: verified when it is in the repository,
// missing when it is not.
func (r *repository) checkFile(path string) threatmodel.ProofCheck {
	if r.root == "" {
		return threatmodel.ProofCheck{State: threatmodel.ProofUnverified, Detail: "no repository root to look for it in"}
	}
	full := rel(r.root, path)
	if !fileExists(full) {
		return threatmodel.ProofCheck{State: threatmodel.ProofMissing, Detail: "no file " + path}
	}
	return threatmodel.ProofCheck{State: threatmodel.ProofVerified, Detail: "in the repository", Pos: threatmodel.Pos{File: full, Line: 1}}
}
