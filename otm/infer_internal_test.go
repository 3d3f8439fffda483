package otm

import (
	"testing"

	"github.com/threatwright/threatwright/threatmodel"
)

// TestInfer covers component types as IriusRisk, StartLeft and threatcl
// users write them.
func TestInfer(t *testing.T) {
	cases := []struct {
		typ  string
		tags []string
		kind threatmodel.Kind
		ct   threatmodel.ComponentType
	}{
		{"web-client", nil, threatmodel.ExternalEntity, threatmodel.Browser},
		{"generic-client", nil, threatmodel.ExternalEntity, 0},
		{"empty-component", []string{"external"}, threatmodel.ExternalEntity, 0},
		{"empty-component", nil, threatmodel.Process, 0},
		{"user-service", nil, threatmodel.Process, threatmodel.Service},
		{"aws-lambda-function", []string{"aws_lambda_function"}, threatmodel.Process, threatmodel.Function},
		{"docker-container", nil, threatmodel.Process, threatmodel.Container},
		{"api-gateway", nil, threatmodel.Process, threatmodel.Gateway},
		{"dynamodb", nil, threatmodel.DataStore, threatmodel.Database},
		{"rds", []string{"postgres"}, threatmodel.DataStore, threatmodel.Database},
		{"s3", nil, threatmodel.DataStore, threatmodel.ObjectStorage},
		{"kafka", nil, threatmodel.DataStore, threatmodel.Queue},
		{"CD-MSG-BROKER", nil, threatmodel.DataStore, threatmodel.Queue},
		{"other", []string{"mysql"}, threatmodel.DataStore, 0},
		{"data-store", nil, threatmodel.DataStore, 0},
		{"log-store", nil, threatmodel.DataStore, threatmodel.LogStore},
	}
	for _, c := range cases {
		kind := inferKind(c.typ, c.tags)
		if kind != c.kind {
			t.Errorf("inferKind(%q, %q) = %v, want %v", c.typ, c.tags, kind, c.kind)
		}
		if ct := inferType(c.typ, kind); ct != c.ct {
			t.Errorf("inferType(%q) = %v, want %v", c.typ, ct, c.ct)
		}
	}
}

func TestCategory(t *testing.T) {
	for s, want := range map[string]threatmodel.Category{
		"Spoofing": threatmodel.Spoofing, "information-disclosure": threatmodel.InformationDisclosure,
		"Information Disclosure": threatmodel.InformationDisclosure, "Denial of Service": threatmodel.DenialOfService,
		"EoP": threatmodel.ElevationOfPrivilege, "elevation_of_privilege": threatmodel.ElevationOfPrivilege,
		"Injection": 0, "Confidentiality": 0,
	} {
		if got := category(s); got != want {
			t.Errorf("category(%q) = %v, want %v", s, got, want)
		}
	}
}
