// Package api is a fixture: the code behind three controls of a threat
// model, with one deliberate bug for the verify package's tests.
package api

import "errors"

// Limiter allows at most Burst requests per key.
type Limiter struct {
	Burst int
	seen  map[string]int
}

// Allow reports whether one more request from key is allowed.
func (l *Limiter) Allow(key string) bool {
	if l.seen == nil {
		l.seen = make(map[string]int)
	}
	l.seen[key]++
	return l.seen[key] <= l.Burst
}

// Validate checks a name; its size check is off by one on purpose.
func Validate(name string) error {
	if len(name) > 65 { // the policy says 64
		return errors.New("name too long")
	}
	return nil
}
