package threatmodel

import "testing"

// TestEnumTables checks every name table from the inside: display names and
// text tokens have one entry per value, the zero value is "unstated" with an
// empty token, and no two values share a name or a token. A text table
// shorter than its display table would make MarshalText index out of range.
func TestEnumTables(t *testing.T) {
	tables := []*enumNames{
		&severityNames, &atRestNames, &effectNames, &secretStorageNames, &dependencyKindNames,
		&pinningNames, &controlNames, &trustNames, &kindNames, &componentTypeNames, &levelNames,
		&criticalityNames, &classificationNames, &assetKindNames, &protocolNames, &encryptionNames,
		&authenticationNames, &authorizationNames, &categoryNames,
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

// TestControlSetCapacity checks that every control fits in the 64-bit set.
func TestControlSetCapacity(t *testing.T) {
	if n := len(controlNames.display); n > 64 {
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
// follows the code's range (TM0xx error, TM1xx gap, TM3xx warning).
func TestCodeTable(t *testing.T) {
	seen := map[Code]bool{}
	for i, info := range codeTable {
		if seen[info.Code] {
			t.Errorf("code %s listed twice", info.Code)
		}
		seen[info.Code] = true
		if i > 0 && codeTable[i-1].Code >= info.Code {
			t.Errorf("code %s listed after %s: keep the table in code order", info.Code, codeTable[i-1].Code)
		}
		var want Severity
		switch info.Code[:3] {
		case "TM0":
			want = SeverityError
		case "TM1":
			want = SeverityGap
		case "TM3":
			want = SeverityWarning
		}
		if info.Severity != want {
			t.Errorf("code %s has severity %v, want %v", info.Code, info.Severity, want)
		}
		if info.Summary == "" {
			t.Errorf("code %s has no summary", info.Code)
		}
	}
}
