// Package modeljson reads and writes threat models as JSON, and writes what
// their analysis says as JSON: for tools that are not written in Go, for
// models kept as data, and for the threatwright command line.
//
// # The model format
//
// Encode writes a *threatmodel.Model; Decode (or ReadFile, Unmarshal)
// reads one back and declares it through the threatmodel DSL, so a decoded
// model is validated, analysed and rendered like one declared in Go:
//
//	m, err := modeljson.ReadFile("model.json")
//	if err != nil {
//		return err // every problem, each with its JSON path and line:column
//	}
//	d, err := render.NewDocument(m)
//
// A file starts with "format": "threatwright/model" and "version": 1.
// The version changes only when a file that decodes today would decode
// differently, or not at all; a file of another version is refused with a
// message saying so. Fields added later are optional, so older files keep
// decoding.
//
// The document holds the model's name, description, owner, threatContext
// (interest, worstCase), scope, assumptions and outOfScope (item, reason),
// then one array per collection, in which elements keep their declaration
// order: zones, guardrails, roles, assets, components, flows, secrets,
// dependencies, threats, mitigations, acceptances and waivers. Each element
// carries what its DSL declaration and its options state: a component its
// kind, zone, types, technology, controls (controlsFor for controls limited
// to principals, Controls(...).For), stored assets, audit trails, roles,
// resource policy, error-handling and runtime entries and the concerns
// (runBy, sharesHostWith, dataEventsAuditedIn, billedPerRequest); a flow
// its ends, protocol, port, encryption, authentication, authorization,
// identity, formats, carried assets and controls, and responseTo for a
// response; a role its permissions, permission boundary, trust policy
// (services and roles) and the roles it may assume; and so on. Every field
// is documented in schema/model.schema.json (JSON Schema, draft 2020-12),
// which is generated from this package's types and checked against every
// example.
//
// Enums are written as their MarshalText tokens ("https", "tls1.2",
// "semi-trusted", "rate-limiting"). References name elements: by name where
// one collection is meant (a component's zone, a flow's source), by key
// ("Source → Destination: name") or by the flow's optional id for flows,
// and by path where several collections are meant (a permission's
// resource, a threat's about, a mitigation's on, a waiver's target):
// components["API Gateway"], flows["User → API: request"], "*" for every
// resource. Encode writes keys; ids are for files written by hand and are
// not kept. An element comes after the elements its declaration needs (a
// zone after the zone it is inside, a response after its request), as in
// Go; otherwise the order across collections is free.
//
// Decoding is strict: an unknown field, a value of the wrong type, an
// unknown enum token, a missing required field or a reference to nothing
// is an error. Decode reports every such problem (up to MaxErrors) as an
// Errors value of *Error, each with the JSON path ($.components[3].zone),
// line and column and what was expected, and returns no model: nothing is
// declared half-way. What the DSL itself finds wrong in a model that
// decodes (an empty name, a duplicate, a missing mitigation) is a finding
// of the model, as for one declared in Go.
//
// Each decoded element records the file and line of its JSON object as its
// declaration site (threatmodel.DeclaredAt and Model.DeclareAt), so
// findings, reports and SARIF results point at the JSON file.
//
// What the verified-mitigation evidence of threatmodel (a control that
// points at Go code and a test) states is not carried yet.
//
// # The analysis format
//
// EncodeAnalysis writes a render.Document as "format":
// "threatwright/analysis", "version": 1: the validation and analysis
// findings, the threats with their status, inherent and residual risk,
// controls and evidence (declared where, enforced where), the coverage
// matrix, the residual summary, the least-privilege findings, the reach of
// every component, role and secret (the assets reached and with what
// access) and the attack paths with their steps. schema/analysis.schema.json
// documents every field. Both encoders are deterministic.
package modeljson
