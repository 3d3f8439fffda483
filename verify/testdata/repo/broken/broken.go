package broken

// Answer does not compile: the fixture of a package that fails to build.
func Answer() int { return "42" }
