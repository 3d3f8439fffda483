package threatmodel

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
)

// CodeInfo documents one code.
type CodeInfo struct {
	Code     Code     // the stable code, such as TM121
	Severity Severity // error, gap or warning
	Summary  string   // what the code means, in one line
}

var codeTable = []CodeInfo{
	{CodeEmptyName, SeverityError, "a name (or a permission's action list) is empty"},
	{CodeDuplicateName, SeverityError, "two elements of one collection share a name"},
	{CodeNilReference, SeverityError, "a nil handle or option was passed"},
	{CodeForeignElement, SeverityError, "a handle from another model was passed"},
	{CodeInvalidValue, SeverityError, "an enum or number is out of range, or an option does not fit the element"},
	{CodeBadName, SeverityError, "a name contains control characters"},
	{CodeSelfFlow, SeverityError, "a flow goes from a component to itself"},
	{CodeNoThreatContext, SeverityGap, "the threat context (adversary interest, worst case) is not written"},
	{CodeNoOwner, SeverityGap, "the model has no owner"},
	{CodeNoComponents, SeverityGap, "the model declares no component: there is nothing to analyse"},
	{CodeNoDescription, SeverityGap, "a component has no description"},
	{CodeNoTechnology, SeverityGap, "a process or data store does not say what it is built with"},
	{CodeNoErrorHandling, SeverityGap, "an in-scope process has no error handling entry, or an entry lacks its risk or mitigation"},
	{CodeNoRuntime, SeverityGap, "an in-scope process has no runtime security entry, or an entry lacks its risk or mitigation"},
	{CodeNoProtocol, SeverityGap, "a boundary-crossing flow does not state its protocol"},
	{CodeNoEncryption, SeverityGap, "a boundary-crossing flow does not state its encryption"},
	{CodeNoAuthentication, SeverityGap, "a boundary-crossing flow does not state its authentication"},
	{CodeNoData, SeverityGap, "a boundary-crossing flow does not say which assets it carries"},
	{CodeNoAuthorization, SeverityGap, "a flow into a more trusted zone does not state its authorization"},
	{CodeNoPermissions, SeverityGap, "a role states no permissions"},
	{CodeRoleUnassumed, SeverityGap, "nothing runs as, assumes or holds a credential for a role"},
	{CodeEmptyGuardrail, SeverityGap, "a permission boundary or guardrail has no allow or deny statement: it limits nothing"},
	{CodeNoProvisioning, SeverityGap, "a secret does not say how it is provisioned"},
	{CodeNoRotation, SeverityGap, "a secret does not say how it is rotated"},
	{CodeNoBlastRadius, SeverityGap, "a secret does not say what a leak grants"},
	{CodeNoStorage, SeverityGap, "a secret does not say where it is kept"},
	{CodeSecretUnused, SeverityGap, "a secret does not say where it is used"},
	{CodeNoValue, SeverityGap, "an asset has no value"},
	{CodeNoRiskLevel, SeverityGap, "an asset has no risk level"},
	{CodeNoClassification, SeverityGap, "a data asset has no classification"},
	{CodeNoLifecycle, SeverityGap, "a data asset has no data lifecycle"},
	{CodeNoAtRest, SeverityGap, "a data lifecycle does not say how the data rests"},
	{CodeNoInTransit, SeverityGap, "a data lifecycle does not say how the data moves"},
	{CodeNoDeletion, SeverityGap, "a data lifecycle does not say how the data is deleted"},
	{CodeNoAccessControl, SeverityGap, "a data lifecycle does not say who may access the data"},
	{CodeNoDependencyRisk, SeverityGap, "a dependency states no risk"},
	{CodeNoDependencyMitigation, SeverityGap, "a dependency states no mitigation"},
	{CodeNoPinning, SeverityGap, "a dependency does not say how it is pinned"},
	{CodeNoImpact, SeverityGap, "a hand-written threat has no impact"},
	{CodeNoLikelihood, SeverityGap, "a hand-written threat has no likelihood"},
	{CodeThreatUnresolved, SeverityGap, "a hand-written threat is neither mitigated nor accepted"},
	{CodeThreatAboutNothing, SeverityGap, "a hand-written threat names no element"},
	{CodeNoJustification, SeverityGap, "an accepted risk has no justification"},
	{CodeNoAcceptanceOwner, SeverityGap, "an accepted risk has no owner"},
	{CodeNoExpiry, SeverityGap, "an accepted risk has no expiry date"},
	{CodeUnknownThreat, SeverityGap, "an acceptance or mitigation names a hand-written threat ID (USR-…) that no threat has"},
	{CodeNoWaiverReason, SeverityGap, "a waiver gives no reason"},
	{CodeStaleWaiver, SeverityGap, "a waiver matches no finding"},
	{CodeBadWaiver, SeverityGap, "a waiver names an unknown code or a structural error, or repeats another waiver"},
	{CodeNoOutOfScopeReason, SeverityGap, "something is out of scope without a reason"},
	{CodeMitigationUnapplied, SeverityGap, "a mitigation applies to no element and addresses no threat"},
	{CodeDFDViolation, SeverityWarning, "data moves between external entities or data stores without a process between them"},
	{CodeUnconnected, SeverityWarning, "a component has no flows"},
	{CodeAssetUnplaced, SeverityWarning, "an asset is not stored, carried or tied to any element"},
	{CodeEmptyZone, SeverityWarning, "a zone holds no components and no zones"},
	{CodeNoBoundaryFlow, SeverityWarning, "no flow crosses any trust boundary"},
	{CodeGuardrailIdle, SeverityWarning, "a guardrail is neither a role's permission boundary nor applied to a zone"},
}

// CodeInfos returns the documentation of every code, in code order.
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
