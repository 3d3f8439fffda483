package render_test

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
)

// splitFiles renders the serverless example's documents with the report
// split above three components, keyed by file name.
func splitFiles(t *testing.T) (*render.Document, map[string][]byte, []string) {
	t.Helper()
	review := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	d, err := render.NewDocument(serverless.Model(), render.STRIDEOptions(stride.At(review)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var names []string
	for _, f := range d.Files("threat-model", render.SplitAbove(3)) {
		b, err := f.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = b
		names = append(names, f.Name)
	}
	return d, files, names
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestSplitReport splits the serverless example's report: the summary
// keeps every section of the whole report, says what it left out and
// links the file it went to, and the lists hold every component, flow and
// threat. The summary is a golden file.
func TestSplitReport(t *testing.T) {
	d, files, names := splitFiles(t)
	md := string(files["threat-model.md"])
	checkGolden(t, "split/threat-model.md", files["threat-model.md"])
	checkGolden(t, "split/threat-model-threats.csv", files["threat-model-threats.csv"])

	var whole bytes.Buffer
	if err := render.Markdown(&whole, d); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(whole.String(), "\n") {
		if strings.HasPrefix(l, "## ") && !strings.Contains(md, "\n"+l+"\n") {
			t.Errorf("the split report lacks the section %q", l)
		}
	}
	if len(md) >= whole.Len() {
		t.Errorf("the split report is %d bytes, the whole one %d", len(md), whole.Len())
	}
	for _, want := range []string{
		"**This report is a summary.**",
		"Left out of this report: the " + strconv.Itoa(len(d.Model.Components())) + " components, listed in [threat-model-components.csv](threat-model-components.csv).",
		"Left out of this report: the " + strconv.Itoa(len(d.Threats.Threats)) + " threats, each with the trust boundary it arises at, listed in [threat-model-threats.csv](threat-model-threats.csv).",
		"## Appendix J: Lists Beside This Report",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the split report lacks %q", want)
		}
	}
	listed := 0
	for _, name := range names {
		if !strings.HasSuffix(name, ".csv") {
			continue
		}
		listed++
		if !strings.Contains(md, "]("+name+")") {
			t.Errorf("the split report does not link %s", name)
		}
		if recs := readCSV(t, files[name]); len(recs) == 0 {
			t.Errorf("%s has no header", name)
		}
	}
	if listed < 20 {
		t.Errorf("%d lists beside the report, want one per long list", listed)
	}
	for list, want := range map[string]int{
		"threat-model-components.csv":   len(d.Model.Components()),
		"threat-model-flows.csv":        len(d.Model.Flows()),
		"threat-model-threats.csv":      len(d.Threats.Threats),
		"threat-model-roles.csv":        len(d.Model.Roles()),
		"threat-model-coverage.csv":     len(d.Threats.Coverage),
		"threat-model-attack-paths.csv": len(d.Reach.Paths),
	} {
		if got := len(readCSV(t, files[list])) - 1; got != want {
			t.Errorf("%s has %d rows, want %d", list, got, want)
		}
	}
	ids := map[string]bool{}
	for _, r := range readCSV(t, files["threat-model-threats.csv"])[1:] {
		ids[r[5]] = true
	}
	for _, th := range d.Threats.Threats {
		if !ids[th.ID] {
			t.Errorf("threat %s is not in the threats list", th.ID)
		}
	}
}

// TestSplitAboveThreshold: the serverless example stays one report under
// the default threshold and with SplitAbove(0), and splits just above its
// size.
func TestSplitAboveThreshold(t *testing.T) {
	d, err := render.NewDocument(serverless.Model())
	if err != nil {
		t.Fatal(err)
	}
	n := len(d.Model.Components())
	for _, c := range []struct {
		opts  []render.Option
		split bool
	}{{nil, false}, {[]render.Option{render.SplitAbove(0)}, false}, {[]render.Option{render.SplitAbove(n)}, false},
		{[]render.Option{render.SplitAbove(n - 1)}, true}} {
		files := d.Files("tm", c.opts...)
		csvs := 0
		for _, f := range files {
			if strings.HasSuffix(f.Name, ".csv") {
				csvs++
			}
		}
		if (csvs > 0) != c.split {
			t.Errorf("%d components, options %v: %d CSV files, want split %v", n, c.opts, csvs, c.split)
		}
	}
}

// TestSplitCSVIsSafe: a model name that a spreadsheet would run as a
// formula is written with an apostrophe in front.
func TestSplitCSVIsSafe(t *testing.T) {
	m := synth.Model(14)
	m.Process("=HYPERLINK(\"http://evil\")", m.Zones()[0])
	d, err := render.NewDocument(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range d.Files("tm", render.SplitAbove(1)) {
		if f.Name != "tm-components.csv" {
			continue
		}
		b, err := f.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		recs := readCSV(t, b)
		last := recs[len(recs)-1]
		if last[0] != "'=HYPERLINK(\"http://evil\")" {
			t.Errorf("the component's cell is %q, want it behind an apostrophe", last[0])
		}
		return
	}
	t.Fatal("no components list")
}

// TestZoneDiagrams: above the overview's threshold, Files adds a DOT and a
// Mermaid diagram per top-level zone that holds components, and the split
// report links them.
func TestZoneDiagrams(t *testing.T) {
	m := synth.Model(300)
	d, err := render.NewDocument(m)
	if err != nil {
		t.Fatal(err)
	}
	top := 0
	for _, z := range m.Zones() {
		if z.Parent() == nil {
			top++
		}
	}
	files := d.Files("tm", render.SplitAbove(100))
	var zoneFiles []render.File
	for _, f := range files {
		if strings.HasPrefix(f.Name, "tm-zone-") {
			zoneFiles = append(zoneFiles, f)
		}
	}
	if len(zoneFiles) != 2*top {
		t.Fatalf("%d zone diagrams for %d top-level zones, want a DOT and a Mermaid each", len(zoneFiles), top)
	}
	if zoneFiles[0].Name != "tm-zone-1-internet.dot" {
		t.Errorf("first zone diagram %q, want tm-zone-1-internet.dot", zoneFiles[0].Name)
	}
	b, err := zoneFiles[2].Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "One trust boundary and its peers") {
		t.Errorf("%s is not a one-zone diagram", zoneFiles[2].Name)
	}
	md, err := files[0].Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "("+zoneFiles[2].Name+")") {
		t.Errorf("the split report does not link %s", zoneFiles[2].Name)
	}
	if got := d.Files("tm", render.AutoOverview(0)); len(got) != 3 {
		t.Errorf("AutoOverview(0) gave %d files, want the three without zone diagrams", len(got))
	}
}

// TestSplitReportGaps: a split report of an incomplete model lists the
// first twenty gaps in its status, says how many there are, and writes
// every one to its findings list.
func TestSplitReportGaps(t *testing.T) {
	m := synth.Model(14)
	from, to := m.Components()[0], m.Components()[1]
	for i := range 30 {
		m.Flow(from, to, "Undescribed "+strconv.Itoa(i))
	}
	d, err := render.NewDocument(m)
	if err != nil {
		t.Fatal(err)
	}
	n := len(d.Findings) + len(d.Threats.Findings)
	if n <= 20 {
		t.Fatalf("the model has %d findings, want more than twenty", n)
	}
	files := map[string][]byte{}
	for _, f := range d.Files("tm", render.SplitAbove(1)) {
		b, err := f.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = b
	}
	md := string(files["tm.md"])
	want := "> 20 of the " + strconv.Itoa(n) + " findings are listed here; all " + strconv.Itoa(n) + " are in [tm-findings.csv](tm-findings.csv)."
	if !strings.Contains(md, want) {
		t.Errorf("the split report lacks %q", want)
	}
	if got := strings.Count(md, "\n> - `"); got != 20 {
		t.Errorf("the status lists %d findings, want 20", got)
	}
	if got := len(readCSV(t, files["tm-findings.csv"])) - 1; got != n {
		t.Errorf("the findings list has %d rows, want %d", got, n)
	}
}

// TestFilesRenderConcurrently renders the documents of a large model from
// several goroutines at once, as a caller may: each file comes out as it
// does alone (run with -race to see the files share nothing they write).
func TestFilesRenderConcurrently(t *testing.T) {
	d, err := render.NewDocument(synth.Model(300))
	if err != nil {
		t.Fatal(err)
	}
	files := d.Files("tm", render.SplitAbove(100))
	want := make([][]byte, len(files))
	for i, f := range files {
		if want[i], err = f.Bytes(); err != nil {
			t.Fatal(err)
		}
	}
	files = d.Files("tm", render.SplitAbove(100))
	got := make([][]byte, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = f.Bytes()
		}()
	}
	wg.Wait()
	for i, f := range files {
		if errs[i] != nil {
			t.Errorf("%s: %v", f.Name, errs[i])
		} else if !bytes.Equal(got[i], want[i]) {
			t.Errorf("%s differs when rendered beside the others", f.Name)
		}
	}
}
