package threatmodel

import "strings"

// Code is a finding's stable code. Codes are documented below and in
// CodeInfos; a code is never reused for another meaning. Tests and waivers
// match on codes, never on message text.
type Code string

// Structural errors (TM0xx): the model is malformed. They cannot be waived.
const (
	CodeEmptyName      Code = "TM001" // a name (or a permission's action list) is empty
	CodeDuplicateName  Code = "TM002" // two elements of one collection share a name
	CodeNilReference   Code = "TM003" // a nil handle or option was passed
	CodeForeignElement Code = "TM004" // a handle from another model was passed
	CodeInvalidValue   Code = "TM005" // an enum or number is out of range, or an option does not fit
	CodeBadName        Code = "TM006" // a name contains control characters
	CodeSelfFlow       Code = "TM007" // a flow goes from a component to itself
	CodeNameTooLong    Code = "TM008" // a name is longer than MaxNameLength characters
	CodeBadEvidence    Code = "TM009" // ImplementedBy is given something other than a function, or a proof is not well formed
)

// Completeness gaps (TM1xx): something the template asks for is not stated.
const (
	CodeNoThreatContext        Code = "TM101" // the threat context is not written
	CodeNoOwner                Code = "TM102" // the model has no owner
	CodeNoComponents           Code = "TM103" // the model declares no component
	CodeNoDescription          Code = "TM110" // a component has no description
	CodeNoTechnology           Code = "TM111" // a process or data store does not say what it is built with
	CodeNoErrorHandling        Code = "TM112" // an in-scope process has no error handling entry, or an entry lacks its risk or mitigation
	CodeNoRuntime              Code = "TM113" // an in-scope process has no runtime security entry, or an entry lacks its risk or mitigation
	CodeNoProtocol             Code = "TM120" // a boundary-crossing flow does not state its protocol
	CodeNoEncryption           Code = "TM121" // a boundary-crossing flow does not state its encryption
	CodeNoAuthentication       Code = "TM122" // a boundary-crossing flow does not state its authentication
	CodeNoData                 Code = "TM123" // a boundary-crossing flow does not say what it carries
	CodeNoAuthorization        Code = "TM124" // a flow into a more trusted zone does not state its authorization
	CodeNoPermissions          Code = "TM130" // a role states no permissions
	CodeRoleUnassumed          Code = "TM131" // nothing runs as, assumes or holds a credential for a role
	CodeEmptyGuardrail         Code = "TM132" // a permission boundary or guardrail has no allow or deny statement
	CodeNoProvisioning         Code = "TM140" // a secret does not say how it is provisioned
	CodeNoRotation             Code = "TM141" // a secret does not say how it is rotated
	CodeNoBlastRadius          Code = "TM142" // a secret does not say what a leak grants
	CodeNoStorage              Code = "TM143" // a secret does not say where it is kept
	CodeSecretUnused           Code = "TM144" // a secret does not say where it is used
	CodeNoFlowSecret           Code = "TM145" // a process authenticates a request with a stored credential (password, key, certificate) that no declared secret backs
	CodeNoValue                Code = "TM150" // an asset has no value
	CodeNoRiskLevel            Code = "TM151" // an asset has no risk level
	CodeNoClassification       Code = "TM152" // a data asset has no classification
	CodeNoLifecycle            Code = "TM153" // a data asset has no data lifecycle
	CodeNoAtRest               Code = "TM154" // a data lifecycle does not say how data rests
	CodeNoInTransit            Code = "TM155" // a data lifecycle does not say how data moves
	CodeNoDeletion             Code = "TM156" // a data lifecycle does not say how data is deleted
	CodeNoAccessControl        Code = "TM157" // a data lifecycle does not say who may access the data
	CodeNoDependencyRisk       Code = "TM160" // a dependency states no risk
	CodeNoDependencyMitigation Code = "TM161" // a dependency states no mitigation
	CodeNoPinning              Code = "TM162" // a dependency does not say how it is pinned
	CodeNoBaseImage            Code = "TM163" // a container the team builds names no base image it is built from
	CodeNoImpact               Code = "TM170" // a hand-written threat has no impact
	CodeNoLikelihood           Code = "TM171" // a hand-written threat has no likelihood
	CodeThreatUnresolved       Code = "TM172" // a hand-written threat is neither mitigated nor accepted
	CodeThreatAboutNothing     Code = "TM173" // a hand-written threat names no element
	CodeNoJustification        Code = "TM180" // an accepted risk has no justification
	CodeNoAcceptanceOwner      Code = "TM181" // an accepted risk has no owner
	CodeNoExpiry               Code = "TM182" // an accepted risk has no expiry date
	CodeUnknownThreat          Code = "TM183" // an acceptance or mitigation names a hand-written threat ID that no threat has
	CodeNoWaiverReason         Code = "TM190" // a waiver gives no reason
	CodeStaleWaiver            Code = "TM191" // a waiver matches no finding
	CodeBadWaiver              Code = "TM192" // a waiver names an unknown code or a structural error, or repeats another
	CodeNoOutOfScopeReason     Code = "TM193" // something is out of scope without a reason
	CodeMitigationUnapplied    Code = "TM194" // a mitigation applies to no element and addresses no threat
)

// Warnings (TM3xx): worth a look; they do not fail Validate.
const (
	CodeDFDViolation   Code = "TM301" // data moves between external entities or stores without a process
	CodeUnconnected    Code = "TM302" // a component has no flows
	CodeAssetUnplaced  Code = "TM303" // an asset is not stored, carried or tied to any element
	CodeEmptyZone      Code = "TM304" // a zone holds no components and no zones
	CodeNoBoundaryFlow Code = "TM305" // no flow crosses any trust boundary
	CodeGuardrailIdle  Code = "TM306" // a guardrail is neither a role's permission boundary nor applied to a zone
	CodeNoFormats      Code = "TM307" // a process takes input from outside the system and does not say what it parses
	CodeUntrusted      Code = "TM310" // a declared assumption or a component's service is not in the role's trust policy
)

// Analysis findings (ST0xx): problems stride.Analyze finds with the
// model's acceptances, mitigations and overrides. They are in
// stride.Report.Findings.
const (
	CodeAcceptanceExpired   Code = "ST001" // an acceptance has expired
	CodeAcceptanceUnmatched Code = "ST002" // an acceptance names no threat in the report
	CodeMitigationUnmatched Code = "ST003" // a mitigation addresses a threat ID that no threat in the report has
	CodeOverrideUnmatched   Code = "ST004" // a rating override names no threat in the report
	CodeContradicted        Code = "ST005" // the model's structure contradicts a declared control, mitigation, lifecycle promise or secret storage
	CodeProofFailing        Code = "ST006" // a test named as a control's or mitigation's proof failed in the verification run
	CodeProofMissing        Code = "ST007" // a test, package or policy file named as a proof does not exist
)

// Least-privilege findings (RCH0xx): what reach.Analyze finds in the roles'
// permissions. They are in reach.Result.Findings.
const (
	CodeUnusedPermission Code = "RCH001" // an allow statement reaches nothing the role's flows touch
	CodeBroadResource    Code = "RCH002" // an allow statement on a zone or on every resource, where the flows touch only some of it
	CodeBroadActions     Code = "RCH003" // a wildcard action grants access levels the flows do not need
	CodeEscalation       Code = "RCH004" // a role can act as a role, change its own permissions, read a secret or take over a process that reaches more than the role itself (the escalation techniques it uses cited)
)

// Stage is the step of the pipeline that reports a code.
type Stage uint8

// Stages.
const (
	// StageValidate: Model.Validate and Model.Findings (TM codes).
	StageValidate Stage = iota + 1
	// StageAnalyze: stride.Analyze, in Report.Findings (ST codes).
	StageAnalyze
	// StageReach: reach.Analyze, in Result.Findings (RCH codes).
	StageReach
)

var stageNames = enumNames{"Stage",
	[]string{"unstated", "validate", "analyze", "reach"},
	[]string{"", "validate", "analyze", "reach"}}

// String returns the Stage's display name, or Stage(N) for a value out of range.
func (s Stage) String() string { return stageNames.str(uint8(s)) }

// CodeInfo documents one code.
type CodeInfo struct {
	Code     Code     // the stable code, such as TM121
	Severity Severity // error, gap or warning
	Summary  string   // what the code means, in one line
	Fix      string   // how to fix it, in one line
}

// Stage returns the step of the pipeline that reports the code.
func (i CodeInfo) Stage() Stage { return i.Code.Stage() }

var codeTable = []CodeInfo{
	{CodeEmptyName, SeverityError, "a name (or a permission's action list) is empty", "Give the element a name; give a permission at least one action."},
	{CodeDuplicateName, SeverityError, "two elements of one collection share a name", "Rename one of the two, or reuse the first handle instead of declaring it again."},
	{CodeNilReference, SeverityError, "a nil handle or option was passed", "Pass a handle returned by the model (m.Process, m.Flow, …), not nil."},
	{CodeForeignElement, SeverityError, "a handle from another model was passed", "Declare the element in this model, or pass this model's handle for it."},
	{CodeInvalidValue, SeverityError, "an enum or number is out of range, or an option does not fit the element", "Use one of the package's constants for the value, and only options meant for that kind of element."},
	{CodeBadName, SeverityError, "a name contains control characters", "Remove tabs, newlines and other control characters from the name."},
	{CodeSelfFlow, SeverityError, "a flow goes from a component to itself", "Model the internal step as a separate process, or drop the flow."},
	{CodeNameTooLong, SeverityError, "a name is longer than MaxNameLength (256) characters", "Shorten the name; put the detail in a Description."},
	{CodeBadEvidence, SeverityError, "ImplementedBy is given something other than a function (a string, a struct, nil), or a proof is not well formed: GoTest without a package path or a test function's name, PolicyFile without a path from the repository's root, External without a reference or a date", "Pass the function or method itself to ImplementedBy (a method expression such as (*Limiter).Allow records its file:line); name a test as GoTest(\"import/path\", \"TestName\"), a policy file by its path from the repository's root, an external proof with its date."},
	{CodeNoThreatContext, SeverityGap, "the threat context (adversary interest, worst case) is not written", "Call m.ThreatContext with what an adversary wants and the worst case."},
	{CodeNoOwner, SeverityGap, "the model has no owner", "Pass threatmodel.Owner(\"team\") to threatmodel.New."},
	{CodeNoComponents, SeverityGap, "the model declares no component: there is nothing to analyse", "Declare the system's external entities, processes and data stores."},
	{CodeNoDescription, SeverityGap, "a component has no description", "Add threatmodel.Description(\"…\") saying what the component does."},
	{CodeNoTechnology, SeverityGap, "a process or data store does not say what it is built with", "Add threatmodel.Technology(\"…\") naming the product or language."},
	{CodeNoErrorHandling, SeverityGap, "an in-scope process has no error handling entry, or an entry lacks its risk or mitigation", "Add threatmodel.ErrorHandling(risk, mitigation) to the process."},
	{CodeNoRuntime, SeverityGap, "an in-scope process has no runtime security entry, or an entry lacks its risk or mitigation", "Add threatmodel.Runtime(risk, mitigation) to the process."},
	{CodeNoProtocol, SeverityGap, "a boundary-crossing flow does not state its protocol", "Add threatmodel.Over(protocol, port) to the flow."},
	{CodeNoEncryption, SeverityGap, "a boundary-crossing flow does not state its encryption", "Add threatmodel.Encrypted(…) to the flow; Encrypted(threatmodel.Plaintext) when it is not encrypted."},
	{CodeNoAuthentication, SeverityGap, "a boundary-crossing flow does not state its authentication", "Add threatmodel.AuthN(…) to the flow; AuthN(threatmodel.NoAuthentication) when the caller is not authenticated."},
	{CodeNoData, SeverityGap, "a boundary-crossing flow does not say which assets it carries", "Add threatmodel.Carries(asset…) naming what the flow moves."},
	{CodeNoAuthorization, SeverityGap, "a flow into a more trusted zone does not state its authorization", "Add threatmodel.AuthZ(…) saying how the receiver decides what the caller may do."},
	{CodeNoPermissions, SeverityGap, "a role states no permissions", "Grant the role its actions with role.Allow (and role.Deny where needed)."},
	{CodeRoleUnassumed, SeverityGap, "nothing runs as, assumes or holds a credential for a role", "Say who acts as the role: component.RunsAs(role), role.CanAssume, or a secret that grants it; or remove the role."},
	{CodeEmptyGuardrail, SeverityGap, "a permission boundary or guardrail has no allow or deny statement: it limits nothing", "Add the statements the guardrail allows or denies (g.Allow, g.Deny), or remove it."},
	{CodeNoProvisioning, SeverityGap, "a secret does not say how it is provisioned", "Say how the secret is created and delivered (threatmodel.Provisioned)."},
	{CodeNoRotation, SeverityGap, "a secret does not say how it is rotated", "Say how and how often the secret is rotated (threatmodel.Rotated), or that it never is."},
	{CodeNoBlastRadius, SeverityGap, "a secret does not say what a leak grants", "Say what a leak grants: threatmodel.Grants(role…), threatmodel.Opens(element…) or threatmodel.BlastRadius(text)."},
	{CodeNoStorage, SeverityGap, "a secret does not say where it is kept", "Say where the secret is kept (threatmodel.Stored, threatmodel.StoredIn)."},
	{CodeSecretUnused, SeverityGap, "a secret does not say where it is used", "Say which components use the secret (threatmodel.UsedBy), or remove it."},
	{CodeNoFlowSecret, SeverityGap, "one of the system's processes authenticates a request with a credential someone must keep (a password, an API key, a shared secret, a client certificate, an SSH key, OAuth 2.0 client credentials) and no declared secret backs the flow: where the credential lives, how it is rotated and what a leak opens are unknown, and the blast-radius analysis cannot follow it", "Declare the secret with m.Secret(…, threatmodel.Authenticates(flow), threatmodel.UsedBy(caller), …), saying where it is stored and how it is rotated."},
	{CodeNoValue, SeverityGap, "an asset has no value", "Add threatmodel.Value(level) to the asset."},
	{CodeNoRiskLevel, SeverityGap, "an asset has no risk level", "Add threatmodel.RiskLevel(…) to the asset."},
	{CodeNoClassification, SeverityGap, "a data asset has no classification", "Add threatmodel.Classified(…) to the data asset."},
	{CodeNoLifecycle, SeverityGap, "a data asset has no data lifecycle", "Add threatmodel.Lifecycle(…) to the data asset."},
	{CodeNoAtRest, SeverityGap, "a data lifecycle does not say how the data rests", "State how the data is stored at rest in its lifecycle."},
	{CodeNoInTransit, SeverityGap, "a data lifecycle does not say how the data moves", "State how the data is protected in transit in its lifecycle."},
	{CodeNoDeletion, SeverityGap, "a data lifecycle does not say how the data is deleted", "State how and when the data is deleted in its lifecycle."},
	{CodeNoAccessControl, SeverityGap, "a data lifecycle does not say who may access the data", "State who may access the data in its lifecycle."},
	{CodeNoDependencyRisk, SeverityGap, "a dependency states no risk", "State what goes wrong if the dependency is compromised or unavailable."},
	{CodeNoDependencyMitigation, SeverityGap, "a dependency states no mitigation", "State what limits the dependency's risk."},
	{CodeNoPinning, SeverityGap, "a dependency does not say how it is pinned", "State how the dependency's version is pinned (a digest, a lock file, a tag)."},
	{CodeNoBaseImage, SeverityGap, "an in-scope container (ComponentType Container) that is not provider-managed names no base image: whether the image is pinned, scanned and patched is unknown", "Declare its base image with m.Dependency(name, threatmodel.BaseImage, threatmodel.Pinned(…), threatmodel.UsedBy(container))."},
	{CodeNoImpact, SeverityGap, "a hand-written threat has no impact", "Give the hand-written threat its impact."},
	{CodeNoLikelihood, SeverityGap, "a hand-written threat has no likelihood", "Give the hand-written threat its likelihood."},
	{CodeThreatUnresolved, SeverityGap, "a hand-written threat is neither mitigated nor accepted", "Declare a mitigation that addresses the threat, or accept it with m.Accept."},
	{CodeThreatAboutNothing, SeverityGap, "a hand-written threat names no element", "Name the elements the threat is about."},
	{CodeNoJustification, SeverityGap, "an accepted risk has no justification", "Say why the risk is accepted."},
	{CodeNoAcceptanceOwner, SeverityGap, "an accepted risk has no owner", "Name who owns the accepted risk."},
	{CodeNoExpiry, SeverityGap, "an accepted risk has no expiry date", "Give the acceptance an expiry date so it is reviewed."},
	{CodeUnknownThreat, SeverityGap, "an acceptance or mitigation names a hand-written threat ID (USR-…) that no threat has", "Correct the threat ID, or declare the hand-written threat it names."},
	{CodeNoWaiverReason, SeverityGap, "a waiver gives no reason", "Say why the check does not apply."},
	{CodeStaleWaiver, SeverityGap, "a waiver matches no finding", "Remove the waiver: the finding it was written for is gone."},
	{CodeBadWaiver, SeverityGap, "a waiver names an unknown code or a structural error, or repeats another waiver", "Name a documented code that is not a structural error, once per element."},
	{CodeNoOutOfScopeReason, SeverityGap, "something is out of scope without a reason", "Say why the element is out of scope."},
	{CodeMitigationUnapplied, SeverityGap, "a mitigation applies to no element and addresses no threat", "Apply the mitigation to the elements that enforce it (On), or name the threats it addresses."},
	{CodeDFDViolation, SeverityWarning, "data moves between external entities or data stores without a process between them", "Put the process that moves the data between the two, or check the flow's direction."},
	{CodeUnconnected, SeverityWarning, "a component has no flows", "Add the component's flows, or remove it."},
	{CodeAssetUnplaced, SeverityWarning, "an asset is not stored, carried or tied to any element", "Say where the asset lives: a store that Stores it, a flow that Carries it."},
	{CodeEmptyZone, SeverityWarning, "a zone holds no components and no zones", "Put the components that run there in the zone, or remove it."},
	{CodeNoBoundaryFlow, SeverityWarning, "no flow crosses any trust boundary", "Put each component in the zone it really runs in; a system with no crossing has no trust boundary to analyse."},
	{CodeGuardrailIdle, SeverityWarning, "a guardrail is neither a role's permission boundary nor applied to a zone", "Apply it with WithPermissionBoundary or zone.Guardrail, or remove it."},
	{CodeNoFormats, SeverityWarning, "an in-scope process (not a gateway or load balancer, not provider-managed) takes input from an external entity or an untrusted zone and does not say what it parses: the rules about parsers (XML external entities, deserialization, uploads, archives, paths, templates) cannot see it", "State what it parses: threatmodel.Accepts(format…) on the process, or threatmodel.Encoded(format…) on each flow from outside."},
	{CodeUntrusted, SeverityWarning, "a role may assume another (CanAssume) whose trust policy does not name it, or a component is run by a service (RunBy) as a role whose trust policy does not name that service: the platform refuses the assumption, so the model says two things that cannot both hold", "Add the role or service to the trust policy (Role.Trusts, threatmodel.TrustsServices), or drop the assumption or the role."},
	{CodeAcceptanceExpired, SeverityGap, "an acceptance expired before the date the analysis judges it at", "Review the risk: renew the acceptance with a new expiry, mitigate the threat, or remove the acceptance."},
	{CodeAcceptanceUnmatched, SeverityGap, "an acceptance names a threat ID that no threat in the report has", "Correct the threat ID (copy it from the report), or remove the acceptance if the threat is gone."},
	{CodeMitigationUnmatched, SeverityGap, "a mitigation addresses a threat ID that no threat in the report has", "Correct the threat ID in Addresses (copy it from the report), or remove it if the threat is gone."},
	{CodeOverrideUnmatched, SeverityGap, "a rating override names a threat ID that no threat in the report has", "Correct the threat ID in stride.Override, or remove the override."},
	{CodeContradicted, SeverityGap, "the model's structure contradicts a declared control, mitigation, lifecycle promise or secret storage: a private endpoint reached from the internet, authentication on an element an unauthenticated flow reaches, a plaintext flow carrying data promised encrypted in transit, a secrets manager on a component whose secret sits in an environment variable", "Fix the structure (the flow, the storage) or the claim; the contradicted control no longer closes threats where it is contradicted."},
	{CodeProofFailing, SeverityGap, "a Go test named as the proof of a control or mitigation (ProvedBy) failed in the verification run, or its package did not build: the control is shown not to work, so the evidence no longer closes threats", "Fix the code or the test until the test passes; the finding names the declaration and the test."},
	{CodeProofMissing, SeverityGap, "a Go test, its package or a policy file named as the proof of a control or mitigation (ProvedBy) does not exist: the proof was renamed, moved or never written, so the evidence no longer closes threats", "Correct the package path, test name or file path in ProvedBy, or write the test."},
	{CodeUnusedPermission, SeverityWarning, "an allow statement reaches nothing that a declared flow of the components acting as the role touches", "Remove the statement, or declare the flow that needs it."},
	{CodeBroadResource, SeverityWarning, "an allow statement on a zone or on every resource, where the role's flows touch only some of what it reaches", "Grant on the resources the finding's scopes list instead of the zone or *."},
	{CodeBroadActions, SeverityWarning, "a wildcard action grants access levels the role's flows do not need", "List the actions the flows need instead of the wildcard."},
	{CodeEscalation, SeverityWarning, "a role can act as another role, change its own permissions, read a secret or take over a process that reaches more than the role's own permissions; the published escalation techniques it uses are cited by ID", "Remove or narrow the statement, deny the action in a permission boundary, or accept the escalation with an owner."},
}

// CodeInfos returns the documentation of every code: the TM codes of
// validation, then the ST codes of the STRIDE analysis, then the RCH codes of
// reach, each family in code order. CODES.md is generated from it.
func CodeInfos() []CodeInfo { return clone(codeTable) }

// codeSeverity indexes codeTable by code.
var codeSeverity = func() map[Code]Severity {
	m := make(map[Code]Severity, len(codeTable))
	for _, i := range codeTable {
		m[i.Code] = i.Severity
	}
	return m
}()

// Severity returns the code's severity, or 0 for an unknown code.
func (c Code) Severity() Severity { return codeSeverity[c] }

// Stage returns the step of the pipeline that reports the code, or 0 for a
// code that is not documented.
func (c Code) Stage() Stage {
	if codeSeverity[c] == 0 {
		return 0
	}
	switch {
	case strings.HasPrefix(string(c), "ST"):
		return StageAnalyze
	case strings.HasPrefix(string(c), "RCH"):
		return StageReach
	}
	return StageValidate
}
