package reach

import "strings"

// actionCovers reports whether a deny's action pattern takes away an allowed
// action: the pattern matches the allowed action as written, '*' in the
// pattern matching any run of characters and '*' in the allowed action only
// itself, without regard to case (cloud providers' actions are
// case-insensitive). So a deny of "s3:*" takes away "s3:GetObject" and
// "s3:Get*", while a deny of "s3:GetObject" leaves an allowed "s3:*" in
// place: the reach errs wide.
func actionCovers(pattern, action string) bool {
	return glob(strings.ToLower(strings.TrimSpace(pattern)), strings.ToLower(strings.TrimSpace(action)))
}

// glob matches s against a pattern whose only special character is '*'.
// It runs in O(len(p)·len(s)) at worst, without recursion.
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

// escalates reports whether an action lets its holder act as the role it
// applies to: "*", any IAM or STS action other than a read (Get, List,
// Describe, Simulate, Generate), such as sts:AssumeRole, iam:PassRole or
// iam:PutRolePolicy.
func escalates(action string) bool {
	a := strings.ToLower(strings.TrimSpace(action))
	if a == "*" || a == "*:*" {
		return true
	}
	svc, verb, ok := strings.Cut(a, ":")
	if !ok || svc != "iam" && svc != "sts" {
		return false
	}
	for _, ro := range []string{"get", "list", "describe", "simulate", "generate", "decode"} {
		if strings.HasPrefix(verb, ro) {
			return false
		}
	}
	return true
}

// hasWildcardAction reports whether any action contains '*'.
func hasWildcardAction(actions []string) bool {
	for _, a := range actions {
		if strings.Contains(a, "*") {
			return true
		}
	}
	return false
}
