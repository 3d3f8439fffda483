package render

import (
	"bytes"
	"encoding/csv"
	"testing"
)

// checkCSV checks that a row written by csvFile is what encoding/csv
// writes, that fieldOf writes the cell its parts make, made safe, and
// that fieldBytes writes each cell made safe.
func checkCSV(t *testing.T, a, b, c string) {
	t.Helper()
	var want bytes.Buffer
	cw := csv.NewWriter(&want)
	cw.Write([]string{a, b, c})
	cw.Write([]string{safeCell(a + b + c)})
	cw.Write([]string{safeCell(a), safeCell(b), safeCell(c)})
	cw.Flush()
	var f csvFile
	f.record([]string{a, b, c})
	f.fieldOf(a, b, "", c)
	f.buf.appendByte('\n')
	for i, s := range [...]string{a, b, c} {
		if i > 0 {
			f.buf.appendByte(',')
		}
		f.fieldBytes([]byte(s))
	}
	f.buf.appendByte('\n')
	var got bytes.Buffer
	f.buf.WriteTo(&got)
	if got.String() != want.String() {
		t.Fatalf("csvFile(%q, %q, %q) wrote %q, encoding/csv %q", a, b, c, got.String(), want.String())
	}
}

func TestCSVLikeEncodingCSV(t *testing.T) {
	for _, p := range [][3]string{{"", "", ""}, {"a", "b", "c"}, {"a,b", `"q"`, "x\r\ny"}, {" lead", "\u00a0x", "\tt"},
		{`\.`, `\`, "."}, {"=1+1", "-", "@x"}, {"", "+", "1"}, {"é", "→", ""}, {"", "", `""`}} {
		checkCSV(t, p[0], p[1], p[2])
	}
}

func FuzzCSVLikeEncodingCSV(f *testing.F) {
	f.Add("Title", " (", "Gateway 1)")
	f.Add(`\`, ".", "")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		checkCSV(t, a, b, c)
	})
}
