package stride_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// parserCase is the case of a rule about a parser: it derives its threat on
// a process that accepts the format from the internet (trigger), not on one
// whose internet callers send another format while only an internal,
// unreachable job sends this one (quiet), and the control on the process
// closes it (closed).
func parserCase(id string, format tm.Format, closing tm.Control) ruleCase {
	return ruleCase{
		id: id,
		trigger: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(tm.Accepts(format)), "Send")
			return f.m
		},
		want: []string{id + "@API"},
		quiet: func() *tm.Model {
			f := newFx()
			api := f.api(tm.Accepts(format))
			f.call(f.user(), api, "Send", tm.Encoded(tm.JSON))
			f.call(f.m.Process("Job", f.ops), api, "Feed")
			return f.m
		},
		closed: func() *tm.Model {
			f := newFx()
			f.call(f.user(), f.api(tm.Accepts(format), tm.Controls(closing)), "Send")
			return f.m
		},
	}
}

// parserCases test the rules about what processes parse: TW-T-014, TW-T-015,
// TW-T-016, TW-T-017, TW-I-010, TW-I-011, TW-D-009, TW-E-010 and TW-E-011.
var parserCases = []ruleCase{
	parserCase("TW-T-014", tm.FileUploads, tm.FileTypeValidation),
	parserCase("TW-T-015", tm.Documents, tm.MalwareScanning),
	parserCase("TW-T-016", tm.Archives, tm.SafeExtraction),
	parserCase("TW-T-017", tm.Markup, tm.HTMLSanitization),
	parserCase("TW-I-010", tm.XML, tm.XMLHardening),
	parserCase("TW-I-011", tm.FilePaths, tm.PathCanonicalization),
	parserCase("TW-D-009", tm.Archives, tm.SafeExtraction),
	parserCase("TW-E-010", tm.SerializedObjects, tm.SafeDeserialization),
	parserCase("TW-E-011", tm.Templates, tm.TemplateSandboxing),
}

// parserRules returns the built-in rules about parsers.
func parserRules(t *testing.T) stride.Option {
	var rules []stride.Rule
	for _, c := range parserCases {
		rules = append(rules, ruleByID(t, c.id))
	}
	return stride.OnlyRules(rules...)
}

// TestParserRulesFollowTheFile: a worker that reads uploaded documents back
// from a bucket, which an internet-facing API writes, parses what users
// uploaded: the reply from the bucket brings the worker's formats, and the
// bucket is reachable from the internet through the API. A format that
// also fits another rule (office documents are XML inside) derives both.
func TestParserRulesFollowTheFile(t *testing.T) {
	f := newFx()
	api := f.api(tm.Accepts(tm.JSON, tm.FileUploads))
	bucket := f.m.DataStore("Bucket", f.data, tm.Is(tm.ObjectStorage), tm.Stores(f.record))
	worker := f.m.Process("Worker", f.app, tm.Is(tm.Job), tm.Accepts(tm.Documents, tm.Archives))
	f.call(f.user(), api, "Upload", tm.AuthN(tm.JWT))
	f.call(api, bucket, "Store")
	f.m.Response(f.call(worker, bucket, "Read"), "Document")
	r := analyze(t, f.m, parserRules(t))
	var got []string
	for _, th := range r.Threats {
		got = append(got, th.ID)
	}
	want := []string{"TW-D-009@Worker", "TW-I-010@Worker", "TW-T-014@API", "TW-T-015@Worker", "TW-T-016@Worker"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("threats (-want +got):\n%s", diff)
	}
}

// TestParserRulesEnforcedAtTheParser: the control closes the threat only on
// the process that parses; on the flow or on the sender it does not, and a
// provider-managed service derives nothing.
func TestParserRulesEnforcedAtTheParser(t *testing.T) {
	f := newFx()
	gw := f.m.Process("Gateway", f.edge, tm.Is(tm.Gateway), tm.Controls(tm.XMLHardening))
	api := f.api(tm.Accepts(tm.XML))
	managed := f.m.Process("Managed", f.app, tm.ProviderManaged(), tm.Accepts(tm.XML))
	f.call(f.user(), gw, "Request")
	f.call(gw, api, "Forward", tm.Controls(tm.XMLHardening))
	f.call(gw, managed, "Forward")
	r := analyze(t, f.m, parserRules(t))
	th, ok := r.Threat("TW-I-010@API")
	if !ok || th.Status != stride.Open {
		t.Errorf("TW-I-010@API = %+v, %v; want an open threat", th.Status, ok)
	}
	if _, ok := r.Threat("TW-I-010@Managed"); ok {
		t.Error("a provider-managed service derived TW-I-010")
	}
}

// TestParserRulesOnExamples pins what the rules about parsers derive on the
// two examples. The serverless API takes JSON only: nothing. The platform's
// frontend and API take uploaded files with no file type validation stated
// (open), and the upload worker opens PDF and office documents and images:
// its ClamAV scan closes the malware threat, and nothing it states hardens
// its XML parsers against external entities (open).
func TestParserRulesOnExamples(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    *tm.Model
		want map[string]stride.Status
	}{
		{"serverless", serverless.Model(), map[string]stride.Status{}},
		{"platform", platform.Model(), map[string]stride.Status{
			"TW-I-010@Upload worker": stride.Open,
			"TW-T-014@API service":   stride.Open,
			"TW-T-014@Web frontend":  stride.Open,
			"TW-T-015@Upload worker": stride.Mitigated,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string]stride.Status{}
			for _, th := range analyze(t, tc.m, parserRules(t)).Threats {
				if th.RuleID == "" {
					continue // hand-written
				}
				got[th.ID] = th.Status
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("threats (-want +got):\n%s", diff)
			}
		})
	}
}
