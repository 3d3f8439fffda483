// Package iam is the one vocabulary of cloud and cluster actions that the
// threatmodel, stride and reach packages share: for an action as a platform
// writes it, what it reads, writes, deletes or administers, whether it acts
// as another principal, passes a role to a service, makes a service run as
// a passed role, changes who may do what, or changes a workload's code or
// configuration; and how a wildcard action covers another, within its
// service.
//
// Actions are written as the platforms write them:
//
//   - AWS: "service:Verb" ("dynamodb:GetItem", "iam:PassRole", "s3:*");
//   - Kubernetes, as this module writes RBAC rules: "resource:verb" or
//     "resource/subresource:verb" ("pods:get", "pods/exec:create",
//     "clusterrolebindings:*", "serviceaccounts:impersonate");
//   - Google Cloud: "service.resource.verb" ("storage.objects.get",
//     "iam.serviceAccounts.actAs");
//   - Azure: "Microsoft.Provider/resource/.../verb"
//     ("Microsoft.Web/sites/write");
//   - anything else (SQL privileges such as "SELECT") is a bare verb.
//
// Every comparison is case-insensitive and ignores surrounding space. The
// package imports only the standard library.
package iam

import "strings"

// Access is a set of access levels an action grants. The bits are those of
// threatmodel.Access, which converts from it.
type Access uint8

// Access levels.
const (
	Read   Access = 1 << iota // reads data or configuration
	Write                     // creates or changes
	Delete                    // deletes or destroys
	Admin                     // administers: changes who may do what, or acts as another principal
	Pass                      // passes a role to a service (iam:PassRole): not a change to the role
)

// All is every access level.
const All = Read | Write | Delete | Admin | Pass

// Action is an action split into its service and its verb, lower-cased.
type Action struct {
	// Service is "dynamodb" for "dynamodb:GetItem", "pods/exec" for
	// "pods/exec:create", "storage" for "storage.objects.get",
	// "microsoft.web" for "Microsoft.Web/sites/write"; "" for a bare
	// verb or "*".
	Service string
	// Rest is what follows the service: "getitem", "create",
	// "objects.get", "sites/write"; the whole action for a bare verb.
	Rest string
	// Verb is the last word of Rest: "getitem", "create", "get",
	// "write".
	Verb string
	// Sep is the separator after the service: ':' (AWS, Kubernetes), '.'
	// (Google Cloud), '/' (Azure), or 0 for a bare verb.
	Sep byte
}

// Parse splits an action into its service and verb; see Action.
func Parse(action string) Action {
	return split(strings.ToLower(strings.TrimSpace(action)))
}

// Wildcard reports whether the action contains '*'.
func Wildcard(action string) bool { return strings.Contains(action, "*") }

// All reports whether the action is every action of every service: "*" or
// "*:*".
func everything(a string) bool {
	a = strings.TrimSpace(a)
	return a == "*" || a == "*:*"
}

// Covers reports whether an action pattern, such as a deny's or a
// boundary's, covers an action: '*' in the pattern matches any run of
// characters, '*' in the action only itself. The service must match
// before the rest is compared, so a wildcard stays within its service:
// "dynamodb:*" covers "dynamodb:GetItem" and "dynamodb:Get*" but never
// "iam:PassRole", and "pods:*" does not cover the subresource
// "pods/exec:create". "*" and "*:*" cover everything. An empty pattern
// covers nothing.
func Covers(pattern, action string) bool {
	p := strings.ToLower(strings.TrimSpace(pattern))
	if p == "" {
		return false
	}
	if everything(p) {
		return true
	}
	a := strings.ToLower(strings.TrimSpace(action))
	pa, aa := Parse(p), Parse(a)
	if pa.Service == "" && aa.Service == "" {
		return glob(pa.Rest, aa.Rest)
	}
	return pa.Sep == aa.Sep && glob(pa.Service, aa.Service) && glob(pa.Rest, aa.Rest)
}

// Overlaps reports whether two action patterns can match a common action:
// one covers the other, or both are wildcards of one service. It errs
// towards an overlap when two wildcards of the same service might meet
// ("s3:Get*" and "s3:*Object").
func Overlaps(a, b string) bool {
	if Covers(a, b) || Covers(b, a) {
		return true
	}
	if !Wildcard(a) || !Wildcard(b) {
		return false
	}
	pa, pb := Parse(a), Parse(b)
	return pa.Sep == pb.Sep && pa.Service == pb.Service
}

// glob matches s against a pattern whose only special character is '*',
// the pattern's ASCII letters compared lower-cased (s is lower-case).
// It keeps one backtracking point and no recursion: linear in the sum of
// the lengths for the patterns actions use (one star, or stars at the
// ends), and at worst O(len(p)·len(s)).
func glob(p, s string) bool {
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case pi < len(p) && lowerASCII(p[pi]) == s[si]:
			pi++
			si++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// table is a list of concrete actions parsed once, grouped by service, so
// that coversAny compares an action only with the rows of its own service.
type table struct {
	rows  []string
	all   []Action
	bySvc map[string][]Action
}

func newTable(rows []string) *table {
	t := &table{rows: rows, all: make([]Action, len(rows)), bySvc: make(map[string][]Action)}
	for i, r := range rows {
		a := Parse(r)
		t.all[i] = a
		t.bySvc[a.Service] = append(t.bySvc[a.Service], a)
	}
	return t
}

// coversAny reports whether the action, as a pattern, covers one of the
// table's rows: how a wildcard action ("sts:*", "lambda:Update*") is
// matched against a table of concrete actions. It is Covers(action, row)
// for each row, with the action split once and compared without case, and
// only the rows of its service compared when its service has no wildcard:
// the analyses ask this of every statement of every role.
func coversAny(action string, t *table) bool {
	p := strings.TrimSpace(action)
	if p == "" {
		return false
	}
	if everything(p) {
		return len(t.all) > 0
	}
	if !isASCII(p) {
		p = strings.ToLower(p)
	}
	pa := split(p)
	rows := t.all
	if strings.IndexByte(pa.Service, '*') < 0 {
		var buf [64]byte
		rows = t.bySvc[string(appendLower(buf[:0], pa.Service))]
	}
	for _, ra := range rows {
		if pa.Service == "" && ra.Service == "" {
			if glob(pa.Rest, ra.Rest) {
				return true
			}
			continue
		}
		if pa.Sep == ra.Sep && glob(pa.Service, ra.Service) && glob(pa.Rest, ra.Rest) {
			return true
		}
	}
	return false
}

// tables of the package, parsed when it loads and only read after.
var (
	actsAsTable       = newTable(actsAsRows)
	stsTable          = newTable(stsRows)
	gcpIAMChangeTable = newTable(gcpIAMChangeRows)
	passTable         = newTable(passRows)
	grantTable        = newTable(grantRows)
	launchTable       = newTable(launchRows)
	modifyingTable    = newTable(modifyingRows)
)

// isASCII reports whether s has only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// lowerASCII lower-cases an ASCII letter.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// appendLower appends s, its ASCII letters lower-cased.
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		b = append(b, lowerASCII(s[i]))
	}
	return b
}

// split is Parse without lower-casing: the parts of the action as written.
func split(a string) Action {
	var svc, rest string
	var sep byte
	for _, c := range []byte{':', '/', '.'} {
		if i := strings.IndexByte(a, c); i >= 0 {
			svc, rest, sep = a[:i], a[i+1:], c
			break
		}
	}
	if sep == 0 {
		rest = a
	}
	verb := rest
	if i := strings.LastIndexAny(verb, "./"); i >= 0 {
		verb = verb[i+1:]
	}
	return Action{Service: svc, Rest: rest, Verb: verb, Sep: sep}
}
