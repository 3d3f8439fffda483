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
//   - [github.com/threatwright/threatwright/threatmodel/threatmodeltest] has
//     helpers for users' tests: Check and Run for gaps, Baseline to pin the
//     derived threats, Docs to fail on stale documents.
//
// A quick start is the Example of threatmodel.New; examples/serverless models
// the serverless public API of the threat modeling guide in full and
// publishes its documents with go generate.
package threatwright
