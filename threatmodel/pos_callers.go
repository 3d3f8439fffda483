//go:build !amd64 || !gc || purego

package threatmodel

// caller records the site of the user's call; see pos.go.
func caller(skip int) site { return callersSite(skip + 1) }
