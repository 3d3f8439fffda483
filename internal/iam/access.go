package iam

import "strings"

// AccessOf classifies one action by its verb:
//
//   - "*", "*:*", a service-wide wildcard ("s3:*") or a verb that starts
//     with '*' ("dynamodb:*Item") is read, write, delete and admin, and
//     pass where it covers iam:PassRole;
//   - passing a role (iam:PassRole) is pass, and only pass;
//   - acting as another principal (sts:AssumeRole, impersonate) and
//     changing permissions (IAM writes, policies, grants, Kubernetes RBAC
//     writes, escalate, bind) is admin, and only admin;
//   - Get, List, Watch, Describe, Query, Scan, Read, Select, Head,
//     BatchGet, View, Download, Decrypt, Receive, Subscribe and Consume are
//     read (iam:GetRole included);
//   - Put, Create, Update, Write, Post, Insert, Send, Publish, Invoke,
//     BatchWrite, Upload, Encrypt, Modify, Set, Tag, Restore, Import,
//     Start, Run, Execute and Patch are write;
//   - Delete, Remove, Terminate, Purge, Drop, Destroy and Truncate are
//     delete.
//
// A verb with a trailing wildcard ("Get*", "B*") counts as every verb it
// can match. A verb that is none of these counts as write, so the reach
// errs wide.
func AccessOf(action string) Access {
	a := Parse(action)
	t := strings.TrimSpace(action)
	if t == "" {
		return Read | Write | Delete | Admin // nothing said: err wide
	}
	if everything(t) || a.Rest == "" || a.Rest == "*" || strings.HasPrefix(a.Verb, "*") {
		acc := Read | Write | Delete | Admin
		if everything(t) || coversAny(action, passTable) {
			acc |= Pass
		}
		return acc
	}
	if PassesRole(action) {
		return Pass
	}
	if ActsAs(action) {
		return Admin
	}
	if hasReadVerb(a.Verb) && !Wildcard(a.Verb) {
		if a.Service == "iam" || a.Service == "sts" || strings.Contains(a.Verb, "policy") || rbacResource(a.Service) {
			return Read
		}
	}
	if changesPermissions(action, a) {
		acc := Admin
		if Wildcard(a.Verb) && coversAny(action, passTable) {
			acc |= Pass
		}
		return acc
	}
	var acc Access
	prefix := strings.TrimSuffix(a.Verb, "*")
	wild := strings.HasSuffix(a.Verb, "*")
	match := func(words []string) bool {
		for _, w := range words {
			if strings.HasPrefix(prefix, w) || wild && strings.HasPrefix(w, prefix) {
				return true
			}
		}
		return false
	}
	if match(readVerbs) {
		acc |= Read
	}
	if match(writeVerbs) {
		acc |= Write
	}
	if match(deleteVerbs) {
		acc |= Delete
	}
	if acc == 0 {
		acc = Write
	}
	return acc
}

var (
	readVerbs = []string{"get", "list", "watch", "describe", "query", "scan", "read", "select", "head", "batchget", "view",
		"download", "decrypt", "receive", "subscribe", "consume"}
	writeVerbs = []string{"put", "create", "update", "write", "post", "insert", "send", "publish", "invoke", "batchwrite",
		"upload", "encrypt", "modify", "set", "tag", "restore", "import", "start", "run", "execute", "patch"}
	deleteVerbs = []string{"delete", "remove", "terminate", "purge", "drop", "destroy", "truncate"}
	// readingVerbs are the read words and the verbs IAM names that read
	// without one: Simulate, Generate, Decode.
	readingVerbs = append(readVerbs[:len(readVerbs):len(readVerbs)], "simulate", "generate", "decode")
)

// hasReadVerb reports whether a verb (lower case) reads: it starts with a
// read word, or, as IAM names them, Simulate, Generate or Decode.
func hasReadVerb(v string) bool {
	v = strings.TrimSuffix(v, "*")
	for _, w := range readingVerbs {
		if strings.HasPrefix(v, w) {
			return true
		}
	}
	return false
}
