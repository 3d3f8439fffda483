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
	a := strings.ToLower(strings.TrimSpace(action))
	var svc, rest string
	var sep byte
	for _, c := range []byte{':', '/', '.'} {
		if strings.IndexByte(a, c) >= 0 {
			svc, rest, _ = strings.Cut(a, string(c))
			sep = c
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

// glob matches s against a pattern whose only special character is '*'.
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
		case pi < len(p) && p[pi] == s[si]:
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

// coversAny reports whether the action, as a pattern, covers one of the
// rows: how a wildcard action ("sts:*", "lambda:Update*") is matched
// against a table of concrete actions.
func coversAny(action string, rows []string) bool {
	// Covers(action, row) for each row, with the action parsed once and the
	// rows parsed when the package loads: the analyses ask this of every
	// statement against tables of dozens of rows.
	p := strings.ToLower(strings.TrimSpace(action))
	if p == "" {
		return false
	}
	if everything(p) {
		return len(rows) > 0
	}
	pa := Parse(p)
	for _, r := range rows {
		ra, ok := parsedRows[r]
		if !ok {
			ra = Parse(r)
		}
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

// parsedRows holds every row of the package's tables, parsed once; it is
// only read after the package loads.
var parsedRows = func() map[string]Action {
	m := make(map[string]Action)
	for _, rows := range [][]string{actsAsRows, passRows, grantRows, launchRows, modifyingRows, gcpIAMChangeRows} {
		for _, r := range rows {
			m[r] = Parse(r)
		}
	}
	return m
}()
