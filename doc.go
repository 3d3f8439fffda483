// Package threatwright is the home of threatwright, a library and DSL for
// threat models as code.
//
// Security and platform teams declare a system's trust boundaries, components,
// data flows, assets, roles, secrets, dependencies and mitigations as Go
// values. threatwright checks that the model is complete, derives STRIDE
// threats, computes what a compromise can reach, and renders the reports a
// security review reads.
//
// The pipeline:
//
//	declare (threatmodel) → Validate → stride.Analyze → reach.Analyze → render
//
// In code, the open threats of the STRIDE report feed the attack paths
// through one option, and render.NewDocument runs the same two stages:
//
//	rep, err := stride.Analyze(m)
//	res, err := reach.Analyze(m, reach.WithThreats(rep))
//
// The packages:
//
//   - [github.com/threatwright/threatwright/threatmodel] holds the model
//     types and the DSL. Elements are created through the model and returned
//     as typed handles, so a flow to an undeclared component does not compile.
//     Model.Validate returns every structural error and completeness gap at
//     once, each a *threatmodel.Finding with a stable code, a path such as
//     flows["User → API Gateway: API request"].encryption and the file:line of
//     the declaration.
//   - [github.com/threatwright/threatwright/stride] derives threats with
//     STRIDE per element and a catalog of rules over the typed model, rates
//     them, closes them with the model's controls, mitigations and accepted
//     risks, and shows a coverage matrix. Threat IDs are stable across runs;
//     each threat holds the typed elements it is about, and the report
//     answers per element (ThreatsOn, OpenThreatsOn, OpenRisk).
//   - [github.com/threatwright/threatwright/reach] computes the blast radius
//     of every role, component and secret, least-privilege findings, and
//     ranked attack paths from untrusted zones to the most valuable assets.
//   - [github.com/threatwright/threatwright/render] writes the Phase 4
//     threat model in Markdown, data flow diagrams in Graphviz DOT and
//     Mermaid, and keeps generated documents current;
//     [github.com/threatwright/threatwright/render/graphviz] adds SVG and PNG
//     without a system Graphviz.
//   - [github.com/threatwright/threatwright/modeljson] writes a model and
//     its analysis as versioned JSON, with JSON Schemas, and decodes a model
//     file strictly into a model that validates and analyses like one
//     declared in Go.
//   - [github.com/threatwright/threatwright/verify] checks the proofs a
//     model names for its controls (threatmodel.ProvedBy: Go tests, policy
//     files, dated reports) against go test -json output, for
//     stride.WithVerification.
//   - [github.com/threatwright/threatwright/otm] exchanges models with
//     other tools: Open Threat Model 0.2.0 export and import, and the OWASP
//     Threat Model Library (TM-BOM) that Threat Dragon imports.
//   - [github.com/threatwright/threatwright/diff] compares two versions of
//     a model and their analyses for a pull request's review, as Go values
//     and as Markdown.
//   - [github.com/threatwright/threatwright/cli] is the command line as a
//     function, and a Go model's own command line in one line
//     (os.Exit(cli.Main(mymodel.Model()))); the command
//     github.com/threatwright/threatwright/cmd/threatwright runs it over
//     model files (JSON or OTM).
//   - Helpers for users' tests, which define no flag:
//     [github.com/threatwright/threatwright/threatmodel/threatmodeltest]
//     (Check and Run for completeness gaps; it imports threatmodel only),
//     [github.com/threatwright/threatwright/stride/stridetest] (Gate and
//     Check fail on gaps, the analysis's findings — expired or misspelt
//     acceptances, unknown threat IDs — and open threats at a chosen risk;
//     Baseline pins the derived threats) and
//     [github.com/threatwright/threatwright/render/rendertest] (Docs fails on
//     stale documents);
//     [github.com/threatwright/threatwright/verify/verifytest] (Run runs the
//     Go tests a model names as proofs) and
//     [github.com/threatwright/threatwright/diff/difftest] (NoNewRisk fails
//     when a change opens a threat at a chosen risk). They rewrite their
//     files when THREATWRIGHT_UPDATE=1.
//
// A quick start is the Example of threatmodel.New; graphviz.Files lists
// every document of a model for a go generate program. examples/serverless
// models the serverless public API of the threat modeling guide in full and
// publishes its documents with go generate. Which control closes which
// rule's threat is listed in stride/CATALOG.md.
package threatwright
