// Package otm writes and reads Open Threat Model (OTM) 0.2.0 documents,
// the JSON format IriusRisk published for exchanging threat models between
// tools, and writes the OWASP Threat Model Library format (TM-BOM) that
// OWASP Threat Dragon imports.
//
// Export writes a model and its analysis as OTM: trust zones with their
// parents and a trust rating, components with their trust zone, data flows,
// assets with a confidentiality, integrity and availability risk, the
// STRIDE threats with their categories and CWEs, and the mitigations with
// their state on each threat. Every element carries a code representation
// naming the file and line that declared it. What OTM has no field for
// (a flow's protocol, encryption and authentication, a component's kind and
// controls, an asset's classification) goes into the element's attributes
// under "threatwright." keys, so that Import gives the same model back.
//
// Import builds a model from an OTM document through the public DSL, as a
// user's code would. A reference to an element the document does not
// declare is an error that names its JSON path
// ($.dataflows[2].destination) and its line and column; on any error
// Import returns no model. ImportReport also returns warnings: what the
// document holds that the model cannot (a CWE on a hand-written threat, a
// component nested in a component, a category outside STRIDE), so that a
// user sees what the import lost. Elements of a document written by another
// tool get their kind inferred from their type and tags: a "database" or a
// "bucket" is a data store, a "web-client" or an element tagged "external"
// is an external entity, anything else a process.
//
// ExportTMBOM writes the document as a TM-BOM (threat-model.schema.json of
// the OWASP Threat Model Library): trust zones and the boundaries between
// them, actors, components, data stores, data sets, data flows, threats
// with their CAPEC and CWE references, and the controls that close them.
//
// Imported elements are declared by this package's code: their positions
// name the importer, not the document.
package otm
