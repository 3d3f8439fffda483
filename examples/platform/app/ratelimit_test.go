package app

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestLimiterRefusesBurstThenRefills: the per-tenant rate limiting the
// threat model cites for the API service (Rate limiting).
func TestLimiterRefusesBurstThenRefills(t *testing.T) {
	clock := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	l := NewLimiter(2, 3)
	l.now = func() time.Time { return clock }
	for i := range 3 {
		if !l.Allow("tenant-a") {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	if l.Allow("tenant-a") {
		t.Error("the fourth request at once was allowed, beyond the burst of 3")
	}
	if !l.Allow("tenant-b") {
		t.Error("another tenant was refused: buckets are per key")
	}
	clock = clock.Add(500 * time.Millisecond) // one token back at 2 per second
	if !l.Allow("tenant-a") || l.Allow("tenant-a") {
		t.Error("after half a second exactly one more request should pass")
	}

	h := l.Middleware(func(r *http.Request) string { return r.Header.Get("X-Tenant") },
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/documents", nil)
	req.Header.Set("X-Tenant", "tenant-a")
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Errorf("an empty bucket answered %d, want 429 with Retry-After", rec.Code)
	}
}
