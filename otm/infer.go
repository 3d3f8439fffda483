package otm

import (
	"strings"

	"github.com/threatwright/threatwright/threatmodel"
)

// Documents other tools write name a component's type in their own words
// (IriusRisk: "web-client", "rds", "docker-container"; Threat Dragon: a
// shape) and say nothing of its kind in a data flow diagram. These tables
// infer the kind and the type from words in the type and the tags.

// storeWords mark a data store.
var storeWords = []string{"database", "db", "rds", "dynamodb", "sql", "postgres", "mysql", "mongo", "redis",
	"store", "storage", "bucket", "s3", "queue", "sqs", "kafka", "broker", "topic", "cache", "table", "blob", "vault",
	"repository", "registry",
	"file-system", "filesystem", "log"}

// processWords mark a process, before any external word: a "user-service"
// is code that runs.
var processWords = []string{"service", "server", "api", "function", "lambda", "gateway", "worker", "backend",
	"microservice", "container", "job", "process", "app-service", "webapp", "web-application"}

// externalWords mark an external entity.
var externalWords = []string{"external", "client", "browser", "user", "actor", "human", "mobile", "third-party",
	"thirdparty", "saas", "partner", "internet", "customer"}

// typeWords infer a component type; the first match wins.
var typeWords = []struct {
	words []string
	typ   threatmodel.ComponentType
}{
	{[]string{"browser", "web-client"}, threatmodel.Browser},
	{[]string{"mobile"}, threatmodel.MobileApp},
	{[]string{"user", "human", "actor", "customer"}, threatmodel.Human},
	{[]string{"third-party", "thirdparty", "saas", "partner"}, threatmodel.ThirdPartyService},
	{[]string{"gateway"}, threatmodel.Gateway},
	{[]string{"load-balancer", "loadbalancer", "elb", "alb"}, threatmodel.LoadBalancer},
	{[]string{"lambda", "function"}, threatmodel.Function},
	{[]string{"container", "docker", "pod"}, threatmodel.Container},
	{[]string{"web-application", "webapp", "web-app"}, threatmodel.WebApplication},
	{[]string{"database", "db", "rds", "dynamodb", "sql", "postgres", "mysql", "mongo"}, threatmodel.Database},
	{[]string{"bucket", "s3", "blob", "object"}, threatmodel.ObjectStorage},
	{[]string{"queue", "sqs", "kafka", "broker"}, threatmodel.Queue},
	{[]string{"cache", "redis", "memcache"}, threatmodel.Cache},
	{[]string{"vault", "secret", "kms"}, threatmodel.SecretStore},
	{[]string{"log", "cloudwatch", "cloudtrail"}, threatmodel.LogStore},
	{[]string{"idp", "identity", "cognito", "oauth", "sso"}, threatmodel.IdentityProvider},
	{[]string{"service", "server", "api"}, threatmodel.Service},
}

// words splits an identifier into lower-case words, keeping the joined
// neighbours ("web-client" gives web, client, web-client).
func words(s string) []string {
	parts := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	out := append([]string(nil), parts...)
	for i := 0; i+1 < len(parts); i++ {
		out = append(out, parts[i]+"-"+parts[i+1])
	}
	return out
}

func hasWord(ws []string, list []string) bool {
	for _, w := range ws {
		for _, l := range list {
			if w == l {
				return true
			}
		}
	}
	return false
}

// inferKind returns the kind a component's type and tags suggest: a data
// store or a process when the type says so, else an external entity when
// the type or a tag says so ("external"), else a data store when a tag says
// so, else a process.
func inferKind(typ string, tags []string) threatmodel.Kind {
	tw := words(typ)
	all := words(typ + " " + strings.Join(tags, " "))
	switch {
	case hasWord(tw, storeWords):
		return threatmodel.DataStore
	case hasWord(tw, processWords):
		return threatmodel.Process
	case hasWord(all, externalWords):
		return threatmodel.ExternalEntity
	case hasWord(all, storeWords):
		return threatmodel.DataStore
	}
	return threatmodel.Process
}

// inferType returns the component type a type suggests for a component of
// the kind, 0 when none does.
func inferType(typ string, kind threatmodel.Kind) threatmodel.ComponentType {
	var t threatmodel.ComponentType
	if t.UnmarshalText([]byte(typ)) == nil && t != 0 {
		return t
	}
	ws := words(typ)
	for _, tw := range typeWords {
		if hasWord(ws, tw.words) && kindOfType(tw.typ) == kind {
			return tw.typ
		}
	}
	return 0
}

// kindOfType is the kind a component of the type usually is.
func kindOfType(t threatmodel.ComponentType) threatmodel.Kind {
	switch t {
	case threatmodel.Human, threatmodel.Browser, threatmodel.MobileApp, threatmodel.ThirdPartyService:
		return threatmodel.ExternalEntity
	case threatmodel.Database, threatmodel.ObjectStorage, threatmodel.Queue, threatmodel.Cache,
		threatmodel.SecretStore, threatmodel.LogStore:
		return threatmodel.DataStore
	}
	return threatmodel.Process
}

// category parses a STRIDE category as tools write it: "Spoofing",
// "information-disclosure", "Information Disclosure", "EoP", "DoS".
func category(s string) threatmodel.Category {
	key := strings.ToLower(strings.Join(strings.Fields(strings.ToLower(s)), " "))
	key = strings.NewReplacer("-", " ", "_", " ").Replace(key)
	switch key {
	case "s", "spoofing":
		return threatmodel.Spoofing
	case "t", "tampering":
		return threatmodel.Tampering
	case "r", "repudiation":
		return threatmodel.Repudiation
	case "i", "information disclosure", "disclosure":
		return threatmodel.InformationDisclosure
	case "d", "denial of service", "dos":
		return threatmodel.DenialOfService
	case "e", "elevation of privilege", "elevation of privileges", "eop":
		return threatmodel.ElevationOfPrivilege
	}
	return 0
}

// handLevel is a hand-written threat's impact or likelihood from a 0–100
// score: Low up to 33, Medium up to 66, High above; 0 when unstated.
func handLevel(score *float64) threatmodel.Level {
	switch {
	case score == nil || *score <= 0:
		return 0
	case *score <= 33:
		return threatmodel.Low
	case *score <= 66:
		return threatmodel.Medium
	}
	return threatmodel.High
}

// Attribute readers: an attribute of the wrong type reads as absent.

func attrString(a attributes, key string) string {
	s, _ := a[attrPrefix+key].(string)
	return s
}

func attrBool(a attributes, key string) bool {
	b, _ := a[attrPrefix+key].(bool)
	return b
}

func attrStrings(a attributes, key string) []string {
	vs, _ := a[attrPrefix+key].([]any)
	var out []string
	for _, v := range vs {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func attrInt(a attributes, key string) int {
	switch v := a[attrPrefix+key].(type) {
	case float64:
		return int(v)
	}
	return 0
}
