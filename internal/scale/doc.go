// Package scale holds the benchmarks of every stage of the pipeline over the
// synthetic models of internal/synth, at 100, 1,000, 10,000 and (with
// -tw.large) 100,000 components, and the program that measures a whole run's
// peak memory (internal/scale/peak). docs/performance.md gives the figures
// and the commands that produced them:
//
//	go test ./internal/scale -run '^$' -bench . -benchmem -tw.large
//
// Without -tw.large the 100,000-component cases are skipped, so that CI,
// which runs every benchmark once, stays quick.
package scale
