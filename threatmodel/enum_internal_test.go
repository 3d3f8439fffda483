package threatmodel

import (
	"strings"
	"testing"
)

// TestEnumTables checks every name table from the inside: display names and
// text tokens have one entry per value, the zero value is "unstated" with an
// empty token, and no two values share a name or a token. A text table
// shorter than its display table would make MarshalText index out of range.
func TestEnumTables(t *testing.T) {
	tables := []*enumNames{
		&severityNames, &stageNames, &atRestNames, &effectNames, &secretStorageNames, &dependencyKindNames,
		&pinningNames, &controlNames, &trustNames, &kindNames, &componentTypeNames, &levelNames,
		&criticalityNames, &classificationNames, &assetKindNames, &protocolNames, &encryptionNames,
		&authenticationNames, &authorizationNames, &categoryNames, &formatNames,
	}
	for _, n := range tables {
		if len(n.display) != len(n.text) {
			t.Errorf("%s: %d display names, %d text tokens", n.typ, len(n.display), len(n.text))
			continue
		}
		if len(n.display) > 256 {
			t.Errorf("%s: %d values do not fit in a uint8", n.typ, len(n.display))
		}
		if n.display[0] != "unstated" || n.text[0] != "" {
			t.Errorf("%s: zero value is %q/%q, want \"unstated\"/\"\"", n.typ, n.display[0], n.text[0])
		}
		seenDisplay, seenText := map[string]int{}, map[string]int{}
		for i := range n.display {
			if j, ok := seenDisplay[n.display[i]]; ok {
				t.Errorf("%s: values %d and %d share the display name %q", n.typ, j, i, n.display[i])
			}
			if j, ok := seenText[n.text[i]]; ok {
				t.Errorf("%s: values %d and %d share the text token %q", n.typ, j, i, n.text[i])
			}
			seenDisplay[n.display[i]], seenText[n.text[i]] = i, i
		}
	}
}

// TestControlSetCapacity checks that every control fits in the set.
func TestControlSetCapacity(t *testing.T) {
	if n := len(controlNames.display); n > 256 {
		t.Fatalf("%d controls (with the zero value) do not fit in controlSet", n)
	}
	var s controlSet
	for _, c := range AllControls() {
		s.add(c)
	}
	if got, want := len(s.list()), len(AllControls()); got != want {
		t.Errorf("controlSet holds %d controls, want %d", got, want)
	}
}

// TestCodeTable checks that codes are unique, ordered, and that the severity
// follows the code's range (TM0xx error, TM1xx gap, TM3xx warning, ST0xx
// gap, RCH0xx warning), and that the families come in pipeline order.
func TestCodeTable(t *testing.T) {
	seen := map[Code]bool{}
	for i, info := range codeTable {
		if seen[info.Code] {
			t.Errorf("code %s listed twice", info.Code)
		}
		seen[info.Code] = true
		if i > 0 {
			prev := codeTable[i-1]
			if prev.Stage() > info.Stage() || prev.Stage() == info.Stage() && prev.Code >= info.Code {
				t.Errorf("code %s listed after %s: keep the table in stage, then code order", info.Code, prev.Code)
			}
		}
		var want Severity
		var stage Stage
		switch {
		case strings.HasPrefix(string(info.Code), "TM0"):
			want, stage = SeverityError, StageValidate
		case strings.HasPrefix(string(info.Code), "TM1"):
			want, stage = SeverityGap, StageValidate
		case strings.HasPrefix(string(info.Code), "TM3"):
			want, stage = SeverityWarning, StageValidate
		case strings.HasPrefix(string(info.Code), "ST0"):
			want, stage = SeverityGap, StageAnalyze
		case strings.HasPrefix(string(info.Code), "RCH0"):
			want, stage = SeverityWarning, StageReach
		}
		if info.Severity != want || info.Stage() != stage {
			t.Errorf("code %s has severity %v and stage %v, want %v and %v", info.Code, info.Severity, info.Stage(), want, stage)
		}
		if info.Fix == "" {
			t.Errorf("code %s says nothing of how to fix it", info.Code)
		}
		if info.Summary == "" {
			t.Errorf("code %s has no summary", info.Code)
		}
	}
}
