package stride

import "github.com/threatwright/threatwright/threatmodel"

// Category is a STRIDE threat category. It is threatmodel.Category, so that
// hand-written threats in a model and derived threats share one type.
type Category = threatmodel.Category

// The six STRIDE categories, re-exported from threatmodel.
const (
	Spoofing              = threatmodel.Spoofing
	Tampering             = threatmodel.Tampering
	Repudiation           = threatmodel.Repudiation
	InformationDisclosure = threatmodel.InformationDisclosure
	DenialOfService       = threatmodel.DenialOfService
	ElevationOfPrivilege  = threatmodel.ElevationOfPrivilege
)

// Categories lists the six STRIDE categories in order.
func Categories() []Category { return threatmodel.Categories() }

// Meaning returns the one-line meaning of a category: the security property
// it violates and what the attacker does. It returns "" for a value that is
// not a category.
func Meaning(c Category) string {
	switch c {
	case Spoofing:
		return "Authentication: pretending to be someone or something else."
	case Tampering:
		return "Integrity: modifying data, code or messages without permission."
	case Repudiation:
		return "Non-repudiation: performing an action that cannot be traced back to its author."
	case InformationDisclosure:
		return "Confidentiality: reading data one is not authorised to see."
	case DenialOfService:
		return "Availability: degrading or denying service to legitimate users."
	case ElevationOfPrivilege:
		return "Authorization: gaining capabilities one was not granted."
	}
	return ""
}

// chart is the Microsoft SDL STRIDE-per-element chart, indexed by kind and
// category. Repudiation on data stores is decided per element.
var chart = [5][7]bool{
	threatmodel.ExternalEntity: {Spoofing: true, Repudiation: true},
	threatmodel.Process: {Spoofing: true, Tampering: true, Repudiation: true,
		InformationDisclosure: true, DenialOfService: true, ElevationOfPrivilege: true},
	threatmodel.DataStore: {Tampering: true, InformationDisclosure: true, DenialOfService: true},
	threatmodel.DataFlow:  {Tampering: true, InformationDisclosure: true, DenialOfService: true},
}

// AppliesToKind reports whether the category applies to elements of the kind
// in the Microsoft SDL STRIDE-per-element chart:
//
//	external entity  S . R . . .
//	process          S T R I D E
//	data store       . T ? I D .
//	data flow        . T . I D .
//
// For data stores Repudiation ("?") depends on the store: see Applies. This
// function answers false for it, since a store does not hold audit logs
// unless it says so.
func AppliesToKind(c Category, k threatmodel.Kind) bool {
	if int(k) >= len(chart) || int(c) >= len(chart[0]) {
		return false
	}
	return chart[k][c]
}

// Applies reports whether the category applies to a model element: a
// component or a flow. It follows the Microsoft SDL chart (see
// AppliesToKind), with Repudiation applying to a data store only when the
// store holds audit logs (threatmodel.HoldsAuditLogs).
//
// The OWASP Threat Dragon chart gives data stores Repudiation always. We
// follow the SDL: repudiation is about evidence, and a store can only be the
// place where accountability fails when it holds the evidence — a users table
// that loses a row is tampering or denial of service; a log store that loses a
// row lets someone deny what they did. Marking the log stores keeps the
// coverage matrix free of Repudiation cells nobody can meaningfully answer.
//
// Applies returns false for nil and for elements that are not components or
// flows (zones, assets, roles …).
func Applies(c Category, el threatmodel.Element) bool {
	switch e := el.(type) {
	case *threatmodel.Component:
		if e == nil {
			return false
		}
		if e.Kind() == threatmodel.DataStore && c == Repudiation {
			return e.HoldsAuditLogs()
		}
		return AppliesToKind(c, e.Kind())
	case *threatmodel.Flow:
		return e != nil && AppliesToKind(c, threatmodel.DataFlow)
	}
	return false
}

// allCategories are the STRIDE categories, in order.
var allCategories = threatmodel.Categories()

// appendApplicable appends the categories that apply to the element to
// out, in STRIDE order.
func appendApplicable(out []Category, el threatmodel.Element) []Category {
	for _, c := range allCategories {
		if Applies(c, el) {
			out = append(out, c)
		}
	}
	return out
}
