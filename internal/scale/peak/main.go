// Command peak runs the pipeline once over a synthetic model, for measuring
// a whole run's time and peak memory with /usr/bin/time -v:
//
//	go build -o /tmp/peak ./internal/scale/peak
//	/usr/bin/time -v /tmp/peak -n 100000
//	/usr/bin/time -v /tmp/peak -n 100000 -docs /tmp/peak-docs
//
// It declares, validates and analyses (STRIDE and reach) a model of n
// components, and with -docs also writes the set of documents
// (Document.Files) into that directory. It prints each stage's wall time;
// -cpuprofile writes a CPU profile, -memprofile a heap profile taken after
// the analysis.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/render"
)

func main() {
	n := flag.Int("n", 100_000, "components in the synthetic model")
	docs := flag.String("docs", "", "directory to write the documents into (none when empty)")
	cpu := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	flag.StringVar(&memProfile, "memprofile", "", "write a heap profile, taken after the analysis, to this file")
	flag.Parse()
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			fmt.Fprintln(os.Stderr, "peak:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "peak:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*n, *docs); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "peak:", err)
		os.Exit(1)
	}
}

// memProfile is the file the heap profile goes to, if any.
var memProfile string

func run(n int, docs string) error {
	start := time.Now()
	lap := func(stage string) {
		fmt.Printf("%-9s %8.3f s\n", stage, time.Since(start).Seconds())
	}
	m := synth.Model(n)
	lap("declare")
	if err := m.Validate(); err != nil {
		return err
	}
	lap("validate")
	d, err := render.NewDocument(m)
	if err != nil {
		return err
	}
	lap("analyse")
	if memProfile != "" {
		f, err := os.Create(memProfile)
		if err != nil {
			return err
		}
		runtime.GC() // the profile shows what the analysis keeps
		err = errors.Join(pprof.WriteHeapProfile(f), f.Close())
		if err != nil {
			return err
		}
	}
	if docs == "" {
		return nil
	}
	if err := render.WriteFiles(docs, d.Files("threat-model")...); err != nil {
		return err
	}
	lap("documents")
	return nil
}
