package stride_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/threatwright/threatwright/examples/platform/platform"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// exposureRules are the rules that judge "from outside" by what an
// attacker reaches: flooding, an unauthenticated caller, cross-site
// scripting.
func exposureRules(t *testing.T) stride.Option {
	return stride.OnlyRules(ruleByID(t, "TW-D-001"), ruleByID(t, "TW-S-001"), ruleByID(t, "TW-T-012"))
}

// behindLoadBalancer declares User → LB → Web, every hop unauthenticated,
// the load balancer and the web application in one zone (no boundary
// between them), and an internal Admin app that only an internal job
// calls.
func behindLoadBalancer(lb ...tm.ComponentOption) *fx {
	f := newFx()
	balancer := f.m.Process("LB", f.edge, append([]tm.ComponentOption{tm.Is(tm.LoadBalancer)}, lb...)...)
	web := f.m.Process("Web", f.edge, tm.Is(tm.WebApplication))
	admin := f.m.Process("Admin", f.app, tm.Is(tm.WebApplication))
	job := f.m.Process("Job", f.app, tm.Is(tm.Job))
	open := []tm.FlowOption{tm.AuthN(tm.NoAuthentication), tm.AuthZ(tm.NoAuthorization)}
	f.call(f.user(), balancer, "Browse", open...)
	f.call(balancer, web, "Forward", open...)
	f.call(job, admin, "Report", open...)
	return f
}

// TestExposureBehindALoadBalancer: a web application behind a load
// balancer that passes anonymous requests on faces the flood, the
// anonymous caller and the cross-site scripting its users' requests bring,
// as the load balancer does; a web application that only an internal job
// calls faces none of them.
func TestExposureBehindALoadBalancer(t *testing.T) {
	r := analyze(t, behindLoadBalancer().m, exposureRules(t))
	want := []string{
		"TW-D-001@LB → Web: Forward",
		"TW-D-001@User → LB: Browse",
		"TW-S-001@LB → Web: Forward",
		"TW-S-001@User → LB: Browse",
		"TW-T-012@LB → Web: Forward",
	}
	if diff := cmp.Diff(want, threatIDs(r)); diff != "" {
		t.Errorf("threats (-want +got):\n%s", diff)
	}
	for _, th := range r.Threats {
		if strings.Contains(th.ID, "Admin") || strings.Contains(th.ID, "Job") {
			t.Errorf("an internal web application derived %s", th.ID)
		}
	}
}

// TestExposureBehindALoadBalancerReachesInputAndErrors: behind a load
// balancer in its own zone, a web application still parses the outside
// caller's payload (TW-T-001), returns its errors to the caller (TW-I-003)
// and answers it with records (TW-I-009); the internal admin application
// faces none of them. Error pages replaced at the load balancer close the
// error threat, with the evidence naming where.
func TestExposureBehindALoadBalancerReachesInputAndErrors(t *testing.T) {
	rules := stride.OnlyRules(ruleByID(t, "TW-T-001"), ruleByID(t, "TW-I-003"), ruleByID(t, "TW-I-009"))
	withReplies := func(lb ...tm.ComponentOption) *fx {
		f := behindLoadBalancer(lb...)
		for _, fl := range f.m.Flows() {
			f.m.Response(fl, "Reply to "+fl.Name(), tm.Carries(f.record))
		}
		return f
	}
	r := analyze(t, withReplies().m, rules)
	want := []string{
		"TW-I-003@LB → Web: Forward",
		"TW-I-003@User → LB: Browse",
		"TW-I-009@LB → Web: Forward",
		"TW-T-001@LB → Web: Forward",
		"TW-T-001@User → LB: Browse",
	}
	if diff := cmp.Diff(want, threatIDs(r)); diff != "" {
		t.Errorf("threats (-want +got):\n%s", diff)
	}

	r = analyze(t, withReplies(tm.Controls(tm.ErrorSanitization)).m, rules)
	th, ok := r.Threat("TW-I-003@LB → Web: Forward")
	if !ok || th.Status != stride.Mitigated || !strings.Contains(props(th), "errors are replaced in front of it: Error sanitization in LB") {
		t.Errorf("behind a load balancer with custom error pages: %v %v, evidence %q", ok, th.Status, props(th))
	}
}

// threatIDs returns the IDs of the report's threats, in report order.
func threatIDs(r *stride.Report) []string {
	var out []string
	for _, th := range r.Threats {
		out = append(out, th.ID)
	}
	return out
}

// TestExposureAuthenticatedInFront: a gateway that authenticates its
// callers passes on no anonymous requests: the process behind it derives
// neither the flood nor the anonymous caller; the cross-site scripting an
// authenticated user can store stays.
func TestExposureAuthenticatedInFront(t *testing.T) {
	f := newFx()
	gw := f.m.Process("Gateway", f.edge, tm.Is(tm.Gateway))
	web := f.m.Process("Web", f.edge, tm.Is(tm.WebApplication))
	f.call(f.user(), gw, "Browse", tm.AuthN(tm.JWT))
	f.call(gw, web, "Forward", tm.AuthN(tm.NoAuthentication))
	r := analyze(t, f.m, exposureRules(t))
	for id, want := range map[string]bool{
		"TW-D-001@Gateway → Web: Forward": false,
		"TW-S-001@Gateway → Web: Forward": false,
		"TW-T-012@Gateway → Web: Forward": true,
	} {
		if _, ok := r.Threat(id); ok != want {
			t.Errorf("%s derived: %v, want %v", id, ok, want)
		}
	}
}

// TestFloodThrottledInFront: rate limiting at the load balancer closes
// the flood threat of the process behind it, and the evidence names it;
// rate limiting at a CDN in front of the load balancer does too.
func TestFloodThrottledInFront(t *testing.T) {
	r := analyze(t, behindLoadBalancer(tm.Controls(tm.RateLimiting)).m, exposureRules(t))
	th, ok := r.Threat("TW-D-001@LB → Web: Forward")
	if !ok || th.Status != stride.Mitigated || !strings.Contains(props(th), "throttled in front of it: Rate limiting in LB") {
		t.Errorf("behind a rate-limiting LB: %v %v, evidence %q", ok, th.Status, props(th))
	}

	f := newFx()
	cdn := f.m.Process("CDN", f.edge, tm.Is(tm.Gateway), tm.Controls(tm.DDoSProtection))
	lb := f.m.Process("LB", f.edge, tm.Is(tm.LoadBalancer))
	web := f.m.Process("Web", f.app, tm.Is(tm.Service))
	open := tm.AuthN(tm.NoAuthentication)
	f.call(f.user(), cdn, "Browse", open)
	f.call(cdn, lb, "Origin", open)
	f.call(lb, web, "Forward", open)
	r = analyze(t, f.m, exposureRules(t))
	th, ok = r.Threat("TW-D-001@LB → Web: Forward")
	if !ok || th.Status != stride.Mitigated || !strings.Contains(props(th), "DDoS protection in CDN") {
		t.Errorf("behind a CDN with DDoS protection: %v %v, evidence %q", ok, th.Status, props(th))
	}

	// A second way in around the CDN leaves the flood unthrottled.
	f.call(f.m.ExternalEntity("Bot", f.internet), lb, "Direct", open)
	r = analyze(t, f.m, exposureRules(t))
	if th, ok := r.Threat("TW-D-001@LB → Web: Forward"); !ok || th.Status != stride.Open {
		t.Errorf("with a way in around the CDN: %v %v, want Open", ok, th.Status)
	}
}

// TestThirdPartyServiceIsOutside: a third-party service calls in from
// outside the system whatever zone it is drawn in: a webhook it sends to
// a web application is cross-site scripting's input.
func TestThirdPartyServiceIsOutside(t *testing.T) {
	f := newFx()
	partner := f.m.Process("Partner", f.edge, tm.Is(tm.ThirdPartyService))
	web := f.m.Process("Web", f.app, tm.Is(tm.WebApplication))
	f.call(partner, web, "Webhook")
	r := analyze(t, f.m, stride.OnlyRules(ruleByID(t, "TW-T-012"), ruleByID(t, "TW-D-001")))
	for _, id := range []string{"TW-T-012@Partner → Web: Webhook", "TW-D-001@Partner → Web: Webhook"} {
		if _, ok := r.Threat(id); !ok {
			t.Errorf("%s not derived", id)
		}
	}
}

// TestCSRFBehindForwarders: a browser's session cookie reaches the web
// application through a CDN and a load balancer; the application faces
// cross-site request forgery as it would facing the browser, and its
// CSRF protection closes it. A session request from an internal job does
// not.
func TestCSRFBehindForwarders(t *testing.T) {
	only := stride.OnlyRules(ruleByID(t, "TW-S-010"))
	for _, protect := range []bool{false, true} {
		f := newFx()
		var opts []tm.ComponentOption
		if protect {
			opts = append(opts, tm.Controls(tm.CSRFProtection))
		}
		cdn := f.m.Process("CDN", f.edge, tm.Is(tm.Gateway))
		lb := f.m.Process("LB", f.edge, tm.Is(tm.LoadBalancer))
		web := f.m.Process("Web", f.app, append([]tm.ComponentOption{tm.Is(tm.WebApplication)}, opts...)...)
		session := tm.AuthN(tm.Session)
		f.call(f.m.ExternalEntity("Browser", f.internet, tm.Is(tm.Browser)), cdn, "Browse", session)
		f.call(cdn, lb, "Origin", session)
		f.call(lb, web, "Forward", session)
		f.call(f.m.Process("Job", f.app, tm.Is(tm.Job)), web, "Render", session)
		r := analyze(t, f.m, only)
		want := stride.Open
		if protect {
			want = stride.Mitigated
		}
		if th, ok := r.Threat("TW-S-010@LB → Web: Forward"); !ok || th.Status != want {
			t.Errorf("protected %v: TW-S-010@LB → Web: Forward found %v, %v; want %v", protect, ok, th.Status, want)
		}
		if _, ok := r.Threat("TW-S-010@Job → Web: Render"); ok {
			t.Error("a session request from an internal job derived cross-site request forgery")
		}
	}
}

// TestThirdPartyServiceExposes: what a third-party service calls is
// reachable from outside, wherever the model draws the service: a job it
// calls back with unauthenticated requests faces the unbounded compute a
// flood of callbacks costs (TW-D-002); the same job called only by an
// internal scheduler does not.
func TestThirdPartyServiceExposes(t *testing.T) {
	only := stride.OnlyRules(ruleByID(t, "TW-D-002"))
	for _, tc := range []struct {
		caller tm.ComponentType
		want   bool
	}{{tm.ThirdPartyService, true}, {tm.Job, false}} {
		f := newFx()
		caller := f.m.Process("Caller", f.edge, tm.Is(tc.caller))
		f.call(caller, f.m.Process("Worker", f.app, tm.Is(tm.Job)), "Callback", tm.AuthN(tm.NoAuthentication))
		if _, ok := analyze(t, f.m, only).Threat("TW-D-002@Worker"); ok != tc.want {
			t.Errorf("called by a %v: TW-D-002@Worker derived %v, want %v", tc.caller, ok, tc.want)
		}
	}
}

// TestNewConcernsOnExamples pins what the rules about unauthenticated
// stores and about exposure over paths derive on the two examples. The
// platform's frontend reaches Redis over plaintext RESP with no AUTH: open
// (the model accepts the hand-written threat about it, and states no
// control that closes this one). Its web frontend, behind CloudFront, the
// load balancer and the ingress, faces cross-site scripting, closed by its
// output encoding; the load balancer behind CloudFront faces the flood,
// throttled by CloudFront. The serverless Lambda signs its DynamoDB calls.
func TestNewConcernsOnExamples(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    *tm.Model
		want map[string]stride.Status
	}{
		{"platform", platform.Model(), map[string]stride.Status{
			"TW-I-013@Web frontend → Redis session cache: Session read and write":     stride.Open,
			"TW-T-012@Ingress controller → Web frontend: Web request":                 stride.Mitigated,
			"TW-D-001@CloudFront and WAF → Application Load Balancer: Origin request": stride.Mitigated,
		}},
		{"serverless", serverless.Model(), map[string]stride.Status{
			"TW-I-013@Lambda → DynamoDB: Read and write user record": stride.Mitigated,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := analyze(t, tc.m)
			for id, want := range tc.want {
				if th, ok := r.Threat(id); !ok || th.Status != want {
					t.Errorf("%s: found %v, %v; want %v", id, ok, th.Status, want)
				}
			}
		})
	}
}
