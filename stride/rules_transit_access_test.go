package stride_test

import (
	"strings"
	"testing"

	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// internalCall declares API → Worker inside the app zone, carrying the
// record, with the options given and nothing else stated about encryption.
func (f *fx) internalCall(opts ...tm.FlowOption) *tm.Flow {
	api := f.api()
	worker := f.m.Process("Worker", f.app, tm.Is(tm.Service))
	base := []tm.FlowOption{tm.AuthN(tm.WorkloadIdentity), tm.AuthZ(tm.IAMPolicy), tm.Carries(f.record)}
	return f.m.Flow(api, worker, "Call", append(base, opts...)...)
}

// cacheCall declares API → Cache (a cache in the data zone holding the
// record) over RESP, with the options given.
func (f *fx) cacheCall(cache ...tm.ComponentOption) (*tm.Component, *tm.Component) {
	api := f.api()
	c := f.m.DataStore("Cache", f.data, append([]tm.ComponentOption{tm.Is(tm.Cache), tm.Stores(f.record)}, cache...)...)
	return api, c
}

// transitAccessCases test TW-I-012 (sensitive data on a flow of unknown
// encryption) and TW-I-013 (a data store reached without authentication).
var transitAccessCases = []ruleCase{
	{
		id: "TW-I-012",
		trigger: func() *tm.Model {
			f := newFx()
			f.internalCall(tm.Over(tm.GRPC, 8080))
			return f.m
		},
		want: []string{"TW-I-012@API → Worker: Call"},
		// Stated, or implied plaintext (TW-I-001's), or nothing sensitive:
		// nothing unknown to report.
		quiet: func() *tm.Model {
			f := newFx()
			f.internalCall(tm.Over(tm.GRPC, 8080), tm.Encrypted(tm.TLS13))
			f.m.Flow(f.m.Process("Job", f.app), f.m.Process("Other", f.app), "Plain", tm.Over(tm.HTTP, 80), tm.Carries(f.record))
			f.m.Flow(f.m.Process("Tick", f.app), f.m.Process("Tock", f.app), "Ping", tm.Over(tm.TCP, 7))
			return f.m
		},
		// HTTPS is encrypted whatever the flow states.
		closed: func() *tm.Model {
			f := newFx()
			f.internalCall(tm.Over(tm.HTTPS, 443))
			return f.m
		},
	},
	{
		id: "TW-I-013",
		trigger: func() *tm.Model {
			f := newFx()
			api, cache := f.cacheCall()
			f.m.Flow(api, cache, "Session", tm.Over(tm.RESP, 6379), tm.Encrypted(tm.TLS13), tm.AuthN(tm.NoAuthentication))
			return f.m
		},
		want: []string{"TW-I-013@API → Cache: Session"},
		// A store that holds nothing confidential, fed nothing confidential.
		quiet: func() *tm.Model {
			f := newFx()
			api := f.api()
			public := f.m.DataAsset("Banner", tm.Classified(tm.Public))
			cache := f.m.DataStore("Cache", f.data, tm.Is(tm.Cache), tm.Stores(public))
			f.m.Flow(api, cache, "Session", tm.Over(tm.RESP, 6379), tm.Encrypted(tm.TLS13), tm.AuthN(tm.NoAuthentication),
				tm.Carries(public))
			return f.m
		},
		// The store authenticates its callers: a scheme on the flow.
		closed: func() *tm.Model {
			f := newFx()
			api, cache := f.cacheCall()
			f.m.Flow(api, cache, "Session", tm.Over(tm.RESP, 6379), tm.Encrypted(tm.TLS13), tm.AuthN(tm.Password))
			return f.m
		},
	},
}

// TestStoreAuthenticationEnforcedAtTheStore: the Authentication control
// closes TW-I-013 on the store that states it, for a flow that states no
// scheme; on the calling process it does not.
func TestStoreAuthenticationEnforcedAtTheStore(t *testing.T) {
	only := stride.OnlyRules(ruleByID(t, "TW-I-013"))
	for _, tc := range []struct {
		name       string
		atStore    bool
		wantStatus stride.Status
	}{
		{"control at the store", true, stride.Mitigated},
		{"control at the caller", false, stride.Open},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFx()
			var api, cache *tm.Component
			if tc.atStore {
				api, cache = f.cacheCall(tm.Controls(tm.Authentication))
			} else {
				api = f.api(tm.Controls(tm.Authentication))
				cache = f.m.DataStore("Cache", f.data, tm.Is(tm.Cache), tm.Stores(f.record))
			}
			f.m.Flow(api, cache, "Session", tm.Over(tm.RESP, 6379), tm.Encrypted(tm.TLS13))
			th, ok := analyze(t, f.m, only).Threat("TW-I-013@API → Cache: Session")
			if !ok || th.Status != tc.wantStatus {
				t.Fatalf("TW-I-013 = %v (found %v), want %v", th.Status, ok, tc.wantStatus)
			}
		})
	}
}

// TestProtocolImpliesEncryption: a flow that states no encryption is read
// through its protocol. HTTPS closes interception and tampering with the
// evidence saying so (and answers TW-I-012); HTTP, SQL and RESP are plaintext, so sensitive data on
// them is intercepted even inside one zone; gRPC says nothing, and the
// data on it is TW-I-012's.
func TestProtocolImpliesEncryption(t *testing.T) {
	rules := stride.OnlyRules(ruleByID(t, "TW-I-001"), ruleByID(t, "TW-T-006"), ruleByID(t, "TW-I-012"))
	for _, tc := range []struct {
		p        tm.Protocol
		want     map[string]stride.Status
		evidence string
	}{
		{tm.HTTPS, map[string]stride.Status{"TW-I-012": stride.Mitigated, "TW-T-006": stride.Mitigated}, "encrypted: implied by the protocol (HTTPS)"},
		{tm.SSH, map[string]stride.Status{"TW-I-012": stride.Mitigated, "TW-T-006": stride.Mitigated}, "encrypted: implied by the protocol (SSH)"},
		{tm.HTTP, map[string]stride.Status{"TW-I-001": stride.Open, "TW-T-006": stride.Open}, ""},
		{tm.SQL, map[string]stride.Status{"TW-I-001": stride.Open, "TW-T-006": stride.Open}, ""},
		{tm.RESP, map[string]stride.Status{"TW-I-001": stride.Open, "TW-T-006": stride.Open}, ""},
		{tm.GRPC, map[string]stride.Status{"TW-I-012": stride.Open, "TW-T-006": stride.Open}, ""},
	} {
		t.Run(tc.p.String(), func(t *testing.T) {
			f := newFx()
			f.internalCall(tm.Over(tc.p, 0))
			r := analyze(t, f.m, rules)
			got := make(map[string]stride.Status)
			for _, th := range r.Threats {
				got[th.RuleID] = th.Status
				if tc.evidence != "" && th.Status == stride.Mitigated && !strings.Contains(props(th), tc.evidence) {
					t.Errorf("%s: evidence %q, want %q", th.ID, props(th), tc.evidence)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("threats %v, want %v", got, tc.want)
			}
			for id, st := range tc.want {
				if got[id] != st {
					t.Errorf("%s = %v, want %v", id, got[id], st)
				}
			}
		})
	}
}

// TestStatedEncryptionOverridesTheProtocol: a flow that states its
// encryption is judged by what it states, whatever its protocol implies.
func TestStatedEncryptionOverridesTheProtocol(t *testing.T) {
	rules := stride.OnlyRules(ruleByID(t, "TW-I-001"), ruleByID(t, "TW-T-006"))
	f := newFx()
	f.internalCall(tm.Over(tm.HTTPS, 443), tm.Encrypted(tm.Plaintext))
	r := analyze(t, f.m, rules)
	for _, id := range []string{"TW-I-001@API → Worker: Call", "TW-T-006@API → Worker: Call"} {
		if th, ok := r.Threat(id); !ok || th.Status != stride.Open {
			t.Errorf("%s = %v (found %v), want Open: the flow states Plaintext", id, th.Status, ok)
		}
	}
}
