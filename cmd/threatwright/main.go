// Command threatwright validates, analyses, renders and compares threat
// models kept as files: threatwright's JSON model (package modeljson) or
// an Open Threat Model document.
//
//	go run github.com/threatwright/threatwright/cmd/threatwright help
//	threatwright validate model.json
//	threatwright analyze -fail-on high model.json
//	threatwright render -out docs model.json
//	threatwright sarif -root . -o threatwright.sarif model.json
//	threatwright diff -fail-on medium base.json model.json
//	threatwright export -format otm -o model.otm.json model.json
//	threatwright import -o model.json other.otm.json
//
// Exit codes: 0 nothing at or above -fail-on, 1 an error, 2 findings at or
// above -fail-on. A Go model gets the same commands from package cli:
// func main() { os.Exit(cli.Main(mymodel.Model())) }.
package main

import (
	"context"
	"os"

	"github.com/threatwright/threatwright/cli"
	"github.com/threatwright/threatwright/threatmodel"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	load := func(path string) (*threatmodel.Model, error) { return cli.LoadFile(path, os.Stderr) }
	return cli.Run(context.Background(), args, os.Stdout, os.Stderr, cli.WithName("threatwright"), cli.WithLoader(load))
}
