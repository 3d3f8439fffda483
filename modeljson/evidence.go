package modeljson

import (
	"path/filepath"
	"time"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// This file carries what backs a control or a mitigation
// (threatmodel.Backing): the code that implements it and the proofs that
// it works.

type implementation struct {
	meta
	Name string `json:"name" doc:"The function's qualified name, as the Go runtime reports it (threatmodel.ImplementedBy)."`
	File string `json:"file,omitempty" doc:"Where the function is declared, relative to the directory of the file that declares the model; absent when unknown."`
	Line int    `json:"line,omitempty" doc:"The line of the declaration; absent when unknown."`
}

type proof struct {
	meta
	Kind      tm.ProofKind `json:"kind" doc:"go-test, policy-file or external (threatmodel.ProvedBy)."`
	Package   string       `json:"package,omitempty" doc:"A Go test's package import path."`
	Test      string       `json:"test,omitempty" doc:"A Go test's name, or a subtest's as go test prints it."`
	Path      string       `json:"path,omitempty" doc:"A policy file's path from the repository's root."`
	Reference string       `json:"reference,omitempty" doc:"An external proof: a ticket, a report."`
	Date      *date        `json:"date,omitempty" doc:"When the external proof was made."`
}

// encodeBacking returns the implementations and proofs of a backing, the
// implementations' files relative to base (the model's directory) when
// they are absolute.
func encodeBacking(b tm.Backing, base string) ([]implementation, []proof) {
	var impls []implementation
	for _, im := range b.Implementations {
		out := implementation{Name: im.Name}
		if im.Pos.IsValid() {
			out.File, out.Line = im.Pos.File, im.Pos.Line
			if base != "" && filepath.IsAbs(out.File) {
				if rel, err := filepath.Rel(base, out.File); err == nil {
					out.File = filepath.ToSlash(rel)
				}
			}
		}
		impls = append(impls, out)
	}
	var proofs []proof
	for _, p := range b.Proofs {
		out := proof{Kind: p.Kind, Package: p.Package, Test: p.Test, Path: p.Path, Reference: p.Reference}
		if !p.Date.IsZero() {
			d := date(p.Date)
			out.Date = &d
		}
		proofs = append(proofs, out)
	}
	return impls, proofs
}

// decodeBacking turns what encodeBacking wrote back into the values of
// threatmodel.
func decodeBacking(impls []implementation, proofs []proof) ([]tm.Implementation, []tm.Proof) {
	var is []tm.Implementation
	for _, im := range impls {
		out := tm.Implementation{Name: im.Name}
		if im.File != "" && im.Line > 0 {
			out.Pos = tm.Pos{File: im.File, Line: im.Line}
		}
		is = append(is, out)
	}
	var ps []tm.Proof
	for _, p := range proofs {
		out := tm.Proof{Kind: p.Kind, Package: p.Package, Test: p.Test, Path: p.Path, Reference: p.Reference}
		if p.Date != nil {
			out.Date = time.Time(*p.Date)
		}
		ps = append(ps, out)
	}
	return is, ps
}

// backed reports whether a backing declares anything.
func backed(b tm.Backing) bool { return len(b.Implementations)+len(b.Proofs) > 0 }
