package api

import (
	"strings"
	"testing"
)

func TestLimiterRefusesBurst(t *testing.T) {
	l := &Limiter{Burst: 2}
	for i, want := range []bool{true, true, false} {
		if got := l.Allow("tenant-a"); got != want {
			t.Errorf("request %d: Allow = %v, want %v", i+1, got, want)
		}
	}
	t.Run("other key", func(t *testing.T) {
		if !l.Allow("tenant-b") {
			t.Error("tenant-b refused")
		}
	})
}

func TestValidateRejectsOversize(t *testing.T) {
	if Validate(strings.Repeat("x", 65)) == nil {
		t.Error("a 65-byte name was accepted")
	}
}

func TestAuthorizationAcrossTenants(t *testing.T) {
	t.Skip("needs a database")
}
