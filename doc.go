// Package threatwright is the home of threatwright, a library and DSL for
// threat models as code.
//
// Security and platform teams declare a system's trust boundaries, components,
// data flows, assets, roles, secrets, dependencies and mitigations as Go
// values. threatwright checks that the model is complete, derives STRIDE
// threats, and renders the reports a security review reads.
//
// The pipeline:
//
//		declare (threatmodel) → Validate → stride.Analyze → render
//
//	  - [github.com/threatwright/threatwright/threatmodel] holds the model
//	    types and the DSL. Elements are created through the model and returned
//	    as typed handles, so a flow to an undeclared component does not compile.
//	    Model.Validate returns every structural error and completeness gap at
//	    once, each a *threatmodel.Finding with a stable code, a path such as
//	    flows["User → API Gateway: API request"].encryption and the file:line of
//	    the declaration.
//	  - [github.com/threatwright/threatwright/threatmodel/threatmodeltest] has
//	    helpers for users' tests: Check for any caller, Run for a *testing.T.
//
// A quick start is the Example of package threatmodel; examples/serverless
// models the serverless public API of the threat modeling guide in full.
package threatwright
