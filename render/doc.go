// Package render turns a threat model into the documents a security review
// reads: the Markdown threat model and the data flow diagram as Graphviz DOT
// and as Mermaid. SVG and PNG images of the diagram come from the
// sub-package render/graphviz, kept apart so that importing render does not
// link Graphviz's WebAssembly.
//
// # The report
//
// [NewDocument] (or [NewDocumentContext]) validates a model and runs the two
// analyses the way a user's code would — stride.Analyze, then reach.Analyze
// fed the STRIDE report (reach.WithThreats) — with options for each
// ([STRIDEOptions], [ReachOptions]). [Markdown] writes the Phase 4 template
// from it: every closed threat with its evidence (the control, mitigation
// or property, where it is enforced, and the file:line of its declaration,
// relative to the file that declares the model), inherent and residual
// risk, the date acceptances were judged at, and the gate questions
// answered from the analysis. [Document.Files] names the documents and
// [WriteFiles] writes them; render/graphviz adds the SVG files.
//
// # SARIF
//
// [SARIF] writes the analysis as a SARIF 2.1.0 log for GitHub code
// scanning and other consumers: each threat a result whose ruleId is its
// rule, open ones at the level of their residual risk and closed or
// accepted ones suppressed with the evidence or the acceptance as
// justification; each validation, STRIDE and least-privilege finding a
// result whose ruleId is its code; each asset's likeliest attack path per
// kind of attacker a result with the path as a code flow. Locations are the
// file and line that declared each element, relative to [SARIFRoot], and
// partialFingerprints come from the stable IDs, so alerts survive edits.
//
// # Large models
//
// Above [DefaultSplitAbove] components (set with [SplitAbove]),
// [Document.Files] writes the report as a summary: every section of the
// template stays, with counts, the riskiest open threats and trust
// boundaries and the likeliest attack paths, and each long list (every
// component, flow, threat, role…) goes to a CSV file beside the report,
// linked from its section, which says what it left out; the last appendix
// names every file. Where the diagrams are the overview, each top-level
// zone gets its own diagram too. [MarkdownContext], [DOTContext],
// [MermaidContext] and [Document.FilesContext] stop when their context is
// done. docs/performance.md gives the cost of each stage, measured at 100
// to 100,000 components.
//
// # Diagrams
//
// [DOT] and [Mermaid] draw the same data flow diagram. Trust boundaries
// (zones) are nested boxes filled by trust level, with a thick border for a
// boundary that contains the blast radius of a compromise. Components are
// shaped by kind: a box for an external entity, a rounded box for a process,
// a cylinder for a data store. Each flow is an arrow labelled with its name,
// protocol, encryption and authentication (and, in DOT, the assets it
// carries); a request and its response share one two-headed arrow. A flow that crosses a trust
// boundary is thick and red; a flow without authentication or encryption is
// dashed and its label says what it lacks ("⚠ no auth"). A legend explains
// the marks.
//
// Options choose what to draw:
//   - [OnlyZone] draws one trust boundary and, greyed, its peers;
//   - [Highlight] emphasises an attack path or the elements of a threat and
//     fades the rest;
//   - [Overview] collapses each zone into one node, with flows counted
//     between zones; [AutoOverview] sets the size above which this happens
//     by itself ([DefaultOverviewAbove] components by default);
//   - [ColorByRisk] colours components and flows by a rating, such as the
//     one the STRIDE analysis gives;
//   - [WithoutLegend] leaves the legend out.
//
// DOT labels flows with xlabel, never label, and never asks for orthogonal
// splines: edge labels inside clusters make Graphviz fail or take minutes
// from about 100–300 components, and xlabel lays the same graph out in
// about a second.
//
// # Guarantees
//
// Output is a pure function of the model and the options: the same model
// gives the same bytes, in declaration order, whatever the map order or
// GOMAXPROCS. Node and cluster IDs derive from declaration indexes (n0, z0),
// never from user text. Names and descriptions are escaped for each target
// language, so that quotes, backslashes, newlines, HTML, Mermaid syntax and
// invalid UTF-8 show as written and cannot change the document's structure.
// Renderers never panic on a model, valid or not, never print, and return
// errors, wrapping those of the writer.
package render
