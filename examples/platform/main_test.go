package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"Container platform web application",
		"deepest zone: ingress-nginx namespace ⊂ Private app subnet ⊂ Production VPC ⊂ AWS production account",
		"1 accepted risk, 2 waivers",
		"validation: no gaps",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	// Findings print as "… [TMnnn]"; a complete model prints none.
	if strings.Contains(got, "[TM") {
		t.Errorf("output reports findings:\n%s", got)
	}
}
