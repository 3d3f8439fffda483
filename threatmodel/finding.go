package threatmodel

import (
	"cmp"
	"errors"
	"slices"
	"strings"
)

// Severity says how serious a finding is.
type Severity uint8

// Severities.
const (
	// SeverityError is a structural problem: the model is malformed. Errors
	// cannot be waived.
	SeverityError Severity = iota + 1
	// SeverityGap is a completeness gap: something the template asks for is
	// not stated.
	SeverityGap
	// SeverityWarning is worth a look but does not fail Validate.
	SeverityWarning
)

var severityNames = enumNames{"Severity",
	[]string{"unstated", "error", "gap", "warning"},
	[]string{"", "error", "gap", "warning"}}

// String returns the Severity's display name, or Severity(N) for a value out of range.
func (s Severity) String() string { return severityNames.str(uint8(s)) }

// MarshalText returns the Severity's text token; the zero value, "unstated", is the empty token.
func (s Severity) MarshalText() ([]byte, error) { return severityNames.marshal(uint8(s)) }

// UnmarshalText sets the Severity from a token written by MarshalText.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := severityNames.unmarshal(b)
	if err != nil {
		return err
	}
	*s = Severity(v)
	return nil
}

// Finding is one problem in a model: a stable code, a path in the model's
// own words, the declaration site and a message saying what to add. It is an
// error; Validate joins findings with errors.Join, so errors.As finds them.
type Finding struct {
	// Code is the stable code of the check, documented in CodeInfos.
	Code Code
	// Severity is the code's severity: SeverityError, SeverityGap or
	// SeverityWarning.
	Severity Severity
	// Path locates the problem, for example
	// flows["User → API Gateway: API request"].encryption.
	Path string
	// Pos is where the element at fault was declared.
	Pos Pos
	// Message says what is wrong and what to add.
	Message string
	// Subject is the element at fault, or nil for the model itself.
	Subject Element
	// Related are the other declarations involved, for a finding that
	// joins two (a mitigation and the flow that contradicts it): each
	// with its path and position.
	Related []Location

	at site
}

// Location is a declaration a finding refers to besides its own: a path in
// the model's words and where it was declared.
type Location struct {
	Path string
	Pos  Pos
}

// Error returns "file:line: path: message [CODE]".
func (f *Finding) Error() string {
	return f.Pos.String() + ": " + f.Path + ": " + f.Message + " [" + string(f.Code) + "]"
}

// record adds a structural finding found while declaring.
func (m *Model) record(code Code, path string, at site, subject Element, msg string) {
	if m == nil {
		return
	}
	m.misuse = append(m.misuse, &Finding{Code: code, Severity: code.Severity(), Path: path, Message: msg, Subject: subject, at: at})
}

// Validate checks the model for structural errors and completeness gaps and
// returns them all, sorted by declaration site and joined with errors.Join,
// or nil when there are none. Warnings are not included; see Findings.
func (m *Model) Validate() error {
	var errs []error
	for _, f := range m.Findings() {
		if f.Severity != SeverityWarning {
			errs = append(errs, f)
		}
	}
	return errors.Join(errs...)
}

// Findings returns every finding, warnings included, with waived ones
// removed, sorted by file, line, path and code, without duplicates.
func (m *Model) Findings() []*Finding {
	if m == nil {
		return []*Finding{{Code: CodeNilReference, Severity: SeverityError, Path: "model", Message: "the model is nil: create it with threatmodel.New"}}
	}
	v := validator{m: m}
	v.run()
	out := v.applyWaivers()
	// An element with several findings shares one site: resolve it once.
	var last site
	var lastPos Pos
	for _, f := range out {
		if !f.Pos.IsValid() {
			if f.at != last || !lastPos.IsValid() {
				last, lastPos = f.at, f.at.pos()
			}
			f.Pos = lastPos
		}
	}
	slices.SortFunc(out, compareFindings)
	return slices.CompactFunc(out, func(a, b *Finding) bool {
		return a.Code == b.Code && a.Path == b.Path && a.Message == b.Message && a.Pos == b.Pos
	})
}

// FindingsOf returns the findings in an error returned by Validate (or any
// error that wraps findings, alone or joined), in order. It returns nil for a
// nil error or one that holds no finding.
func FindingsOf(err error) []*Finding {
	var out []*Finding
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case *Finding:
			out = append(out, e)
		case interface{ Unwrap() []error }:
			for _, inner := range e.Unwrap() {
				walk(inner)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	walk(err)
	return out
}

func compareFindings(a, b *Finding) int {
	return cmp.Or(
		strings.Compare(a.Pos.File, b.Pos.File),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		strings.Compare(a.Path, b.Path),
		strings.Compare(string(a.Code), string(b.Code)),
		strings.Compare(a.Message, b.Message),
	)
}
