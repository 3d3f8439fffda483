package threatmodel_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestAcceptsAndEncoded: a process states what it parses, a flow what it
// brings; Brings prefers the flow's own formats and falls back to the
// destination's; both lists come back in Format order, each format once.
func TestAcceptsAndEncoded(t *testing.T) {
	f := newFixture()
	worker := f.m.Process("Worker", f.vpc, tm.Accepts(tm.Documents, tm.JSON, tm.Archives, tm.JSON))
	plain := f.link(worker)
	upload := f.m.Flow(f.customer, worker, "Upload", tm.Encoded(tm.FileUploads, tm.Documents))

	if diff := cmp.Diff([]tm.Format{tm.JSON, tm.Archives, tm.Documents}, worker.Accepts()); diff != "" {
		t.Errorf("Accepts() (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]tm.Format{tm.FileUploads, tm.Documents}, upload.Formats()); diff != "" {
		t.Errorf("Formats() (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]tm.Format{tm.FileUploads, tm.Documents}, upload.Brings()); diff != "" {
		t.Errorf("Brings() of an encoded flow (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(worker.Accepts(), plain.Brings()); diff != "" {
		t.Errorf("Brings() of a flow that states no format (-want +got):\n%s", diff)
	}
	if got := f.m.Process("Silent", f.vpc).Accepts(); got != nil {
		t.Errorf("Accepts() of a process that states none = %v, want nil", got)
	}
	if got := f.m.Response(upload, "Receipt").Formats(); got != nil {
		t.Errorf("a response inherited its request's formats: %v", got)
	}
	var nc *tm.Component
	var nf *tm.Flow
	if nc.Accepts() != nil || nf.Formats() != nil || nf.Brings() != nil {
		t.Error("nil component or flow returned formats")
	}
}

// TestInvalidFormats: an out-of-range format, and Accepts on something that
// is not a process, are TM005 at the field; the valid formats stay.
func TestInvalidFormats(t *testing.T) {
	f := newFixture()
	p := f.m.Process("Parser", f.vpc, tm.Accepts(tm.XML, tm.Format(0), tm.Format(200)))
	f.m.DataStore("Files", f.data, tm.Accepts(tm.JSON))
	f.m.ExternalEntity("Partner", f.internet, tm.Accepts(tm.XML))
	fl := f.m.Flow(f.customer, p, "Send", tm.Encoded(tm.Format(99), tm.YAML))

	var got []tm.Finding
	for _, fd := range f.m.Findings() {
		if fd.Code == tm.CodeInvalidValue {
			got = append(got, *fd)
		}
	}
	var paths []string
	for _, fd := range got {
		paths = append(paths, fd.Path)
	}
	slices.Sort(paths)
	want := []string{
		`components["Files"].accepts`,
		`components["Parser"].accepts`,
		`components["Parser"].accepts`,
		`components["Partner"].accepts`,
		`flows["Customer → Parser: Send"].formats`,
	}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("TM005 paths (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]tm.Format{tm.XML}, p.Accepts()); diff != "" {
		t.Errorf("Accepts() kept (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]tm.Format{tm.YAML}, fl.Formats()); diff != "" {
		t.Errorf("Formats() kept (-want +got):\n%s", diff)
	}
}

// TestFormatText round-trips every format through its text token.
func TestFormatText(t *testing.T) {
	for _, f := range tm.AllFormats() {
		b, err := f.MarshalText()
		if err != nil {
			t.Fatalf("%v: %v", f, err)
		}
		var back tm.Format
		if err := back.UnmarshalText(b); err != nil || back != f {
			t.Errorf("%v: %q round-trips to %v, %v", f, b, back, err)
		}
	}
	if got := tm.XML.String(); got != "XML" {
		t.Errorf("XML.String() = %q", got)
	}
}
