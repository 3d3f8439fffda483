package iam

import "strings"

// InService reports whether an action can apply to a resource described by
// text (its name, the technology it is built with, where it is kept): the
// action names no service or a wildcard one ("*", "*:get", "SELECT"), or
// the text names the action's service — its prefix ("dynamodb",
// "secretsmanager") or the product it belongs to ("cognito-idp" and
// "Amazon Cognito", "logs" and "CloudWatch Logs", "execute-api" and
// "API Gateway"). It is how a statement on every resource stays within its
// service: "dynamodb:*" on every resource reaches the DynamoDB tables, not
// IAM, Cognito or the pipeline. Case, spaces, dots, hyphens and
// underscores do not matter.
func InService(action, text string) bool {
	svc := Parse(action).Service
	if svc == "" || strings.Contains(svc, "*") {
		return true
	}
	t := squash(text)
	if strings.Contains(t, squash(svc)) {
		return true
	}
	for _, alias := range serviceNames[svc] {
		if strings.Contains(t, alias) {
			return true
		}
	}
	return false
}

// squash lower-cases s and drops spaces, dots, hyphens, underscores and
// slashes.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '-', '_', '/', '\t':
			return -1
		}
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// serviceNames are the words, squashed, by which a resource's name or
// technology names a service whose action prefix it does not contain.
var serviceNames = map[string][]string{
	"cognito-idp":          {"cognito"},
	"cognito-identity":     {"cognito"},
	"logs":                 {"cloudwatch"},
	"cloudwatch":           {"cloudwatch"},
	"execute-api":          {"apigateway"},
	"apigateway":           {"apigateway"},
	"states":               {"stepfunctions"},
	"sts":                  {"iam", "role"},
	"iam":                  {"role", "serviceaccount"},
	"serviceaccounts":      {"role", "serviceaccount"},
	"es":                   {"opensearch", "elasticsearch"},
	"elasticloadbalancing": {"loadbalancer", "elb"},
	"rds":                  {"aurora", "postgres", "mysql"},
	"ssm":                  {"systemsmanager", "parameterstore"},
	"kms":                  {"keymanagement"},
	"events":               {"eventbridge"},
	"ecr":                  {"containerregistry"},
	"storage":              {"cloudstorage", "gcs"},
	"secrets":              {"secret"},
	// Who may do what: Kubernetes RBAC objects and impersonation, and a
	// Google Cloud project's, folder's or organization's IAM policy,
	// apply to the principals (roles) they bind or name.
	"roles":                 {"role", "serviceaccount"},
	"clusterroles":          {"role", "serviceaccount"},
	"rolebindings":          {"role", "serviceaccount"},
	"clusterrolebindings":   {"role", "serviceaccount"},
	"users":                 {"role", "serviceaccount"},
	"serviceaccounts/token": {"role", "serviceaccount"},
	"groups":                {"role", "serviceaccount"},
	"resourcemanager":       {"role", "serviceaccount", "project"},
}
