package platform_test

import (
	"testing"

	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/stride"
)

// TestDeclaredConcerns pins what the platform states about credentials,
// deployment, identity and co-location, and what the rules make of it. The
// API and the upload worker share the app_rw database password: each can
// act as the other at PostgreSQL (open). Argo CD pulls from inside the
// cluster, so no build system holds a production credential. The API
// queries PostgreSQL and S3 as itself, after its per-tenant check. The
// internet-facing ingress controller shares the service node group with
// the frontend and the API, confined by the restricted Pod Security
// profile (seccomp): closed by that sandbox, as the model states it. The
// developers' pushes to GitHub need a review.
func TestDeclaredConcerns(t *testing.T) {
	r, err := stride.Analyze(platform.Model())
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]stride.Status{
		"TW-S-103@API service (PostgreSQL application credentials)":                  stride.Open,
		"TW-S-103@Upload worker (PostgreSQL application credentials)":                stride.Open,
		"TW-E-013@API service → PostgreSQL: SQL queries":                             stride.Mitigated,
		"TW-E-013@API service → Document bucket: Store and fetch documents":          stride.Mitigated,
		"TW-E-014@API service (Ingress controller)":                                  stride.Mitigated,
		"TW-E-014@Web frontend (Ingress controller)":                                 stride.Mitigated,
		"TW-T-018@Developer → GitHub repositories: Push and review changes":          stride.Mitigated,
		"TW-I-003@CloudFront and WAF → Application Load Balancer: Origin request":    stride.Mitigated,
		"TW-I-003@Application Load Balancer → Ingress controller: Forwarded request": stride.Mitigated,
	} {
		if th, ok := r.Threat(id); !ok || th.Status != want {
			t.Errorf("%s: found %v, %v; want %v", id, ok, th.Status, want)
		}
	}
	for _, th := range r.Threats {
		switch th.RuleID {
		case "TW-E-012", "TW-I-106", "TW-D-010", "TW-R-011":
			t.Errorf("%s derived on a platform that pulls its deployments, keeps no secret in Git or images, states no per-request billing and no provider-delivered trail", th.ID)
		}
	}
}
