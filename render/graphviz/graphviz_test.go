package graphviz_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/escape"
	"github.com/threatwright/threatwright/internal/synth"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/render/graphviz"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// The tests share the package's one Graphviz instance: it starts on the
// first call and every later call reuses it.

// svgText parses an SVG document with encoding/xml and returns the text of
// its <text> and <title> elements, one space between runs.
func svgText(t *testing.T, svg []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var texts []string
	var stack []string
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
			stack = append(stack, tok.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if n := len(stack); n > 0 && (stack[n-1] == "text" || stack[n-1] == "title") {
				texts = append(texts, string(tok))
			}
		}
	}
	if root != "svg" {
		t.Fatalf("root element is %q, want svg", root)
	}
	return strings.Join(strings.Fields(strings.Join(texts, " ")), " ")
}

func renderSVG(t *testing.T, m *tm.Model, opts ...render.Option) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := graphviz.SVG(context.Background(), &b, m, opts...); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSVGNamesEveryComponentAndZone(t *testing.T) {
	m := serverless.Model()
	text := svgText(t, renderSVG(t, m))
	for _, c := range m.Components() {
		if !strings.Contains(text, c.Name()) {
			t.Errorf("SVG lacks component %q", c.Name())
		}
	}
	for _, z := range m.Zones() {
		if !strings.Contains(text, z.Name()) {
			t.Errorf("SVG lacks zone %q", z.Name())
		}
	}
	for _, f := range m.Flows() {
		if f.ResponseTo() == nil && !strings.Contains(text, f.Name()) {
			t.Errorf("SVG lacks flow %q", f.Name())
		}
	}
	if !strings.Contains(text, "Legend") {
		t.Error("SVG has no legend")
	}
}

func TestSVGHostileNames(t *testing.T) {
	for _, name := range []string{`"quoted" \N`, "<b>bold</b> & <script>", "line\nbreak", "\xff\xfe bytes", "⚠ 日本語 🔐"} {
		m := tm.New(name)
		z := m.Zone(name, tm.Untrusted)
		a := m.ExternalEntity(name, z, tm.Description(name))
		b := m.DataStore(name+"!", m.Zone(name+"?", tm.Trusted))
		m.Flow(a, b, name, tm.Over(tm.HTTP, 80))
		svg := renderSVG(t, m)
		text := svgText(t, svg)
		want := strings.Join(strings.Fields(escape.Clean(name)), " ")
		if !strings.Contains(text, want) {
			t.Errorf("SVG of %q does not show the name as written; text: %q", name, text)
		}
		if bytes.Contains(svg, []byte("<script")) || bytes.Contains(svg, []byte("<b>")) {
			t.Errorf("SVG of %q contains markup from the name", name)
		}
	}
}

func TestPNG(t *testing.T) {
	var b bytes.Buffer
	if err := graphviz.PNG(context.Background(), &b, serverless.Model()); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	r := img.Bounds()
	if r.Dx() < 800 || r.Dy() < 400 || r.Dx() > graphviz.MaxPNGPixels || r.Dy() > graphviz.MaxPNGPixels {
		t.Errorf("PNG is %dx%d", r.Dx(), r.Dy())
	}
	// Something is drawn, and crossing flows are red.
	var ink, red int
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if cr < 0xf000 || cg < 0xf000 || cb < 0xf000 {
				ink++
			}
			if cr > 0xa000 && cg < 0x5000 && cb < 0x5000 {
				red++
			}
		}
	}
	if total := r.Dx() * r.Dy() / 4; ink < total/10 {
		t.Errorf("PNG is nearly blank: %d of %d sampled pixels drawn", ink, total)
	}
	if red < 100 {
		t.Errorf("PNG shows no red crossing flows (%d red pixels)", red)
	}
}

func TestPNGLargeModelIsBounded(t *testing.T) {
	var b bytes.Buffer
	if err := graphviz.PNG(context.Background(), &b, synth.Model(400), render.AutoOverview(0)); err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(&b)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width > graphviz.MaxPNGPixels || cfg.Height > graphviz.MaxPNGPixels {
		t.Errorf("PNG is %dx%d, above MaxPNGPixels", cfg.Width, cfg.Height)
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	if err := graphviz.SVG(ctx, io.Discard, nil); !errors.Is(err, render.ErrNilModel) {
		t.Errorf("SVG(nil model) = %v, want ErrNilModel", err)
	}
	if err := graphviz.PNG(ctx, io.Discard, serverless.Model(), render.OnlyZone(nil)); err == nil {
		t.Error("PNG with OnlyZone(nil): no error")
	}
	errWrite := errors.New("disk full")
	if err := graphviz.SVG(ctx, failingWriter{errWrite}, serverless.Model()); !errors.Is(err, errWrite) {
		t.Errorf("SVG to a failing writer = %v, want it to wrap %v", err, errWrite)
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

func TestCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var b bytes.Buffer
	for _, fn := range []func(context.Context, io.Writer, *tm.Model, ...render.Option) error{graphviz.SVG, graphviz.PNG} {
		if err := fn(ctx, &b, serverless.Model()); !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
	}
	if b.Len() != 0 {
		t.Error("a cancelled call wrote output")
	}
}

// TestCancelledDuringLayout cancels while Graphviz lays out a large
// diagram: the call returns at once without output, and the next call
// works once the abandoned layout has finished.
func TestCancelledDuringLayout(t *testing.T) {
	m := synth.Model(1000)
	ctx, cancel := context.WithCancel(context.Background())
	var b bytes.Buffer
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- graphviz.SVG(ctx, &b, m, render.AutoOverview(0)) }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	err := <-done
	returned := time.Since(start)
	if !errors.Is(err, context.Canceled) {
		// The layout beat the cancellation on a fast machine.
		t.Skipf("layout finished in %v before the cancellation: %v", returned, err)
	}
	if b.Len() != 0 {
		t.Error("a cancelled call wrote output")
	}
	text := svgText(t, renderSVG(t, serverless.Model()))
	if !strings.Contains(text, "API Gateway") {
		t.Error("the call after a cancelled one did not render")
	}
	t.Logf("cancelled call returned after %v; the next call finished after %v", returned, time.Since(start))
}

func TestConcurrentCalls(t *testing.T) {
	m := serverless.Model()
	want := renderSVG(t, m)
	errs := make(chan error, 4)
	outs := make(chan []byte, 4)
	for range 4 {
		go func() {
			var b bytes.Buffer
			errs <- graphviz.SVG(context.Background(), &b, m)
			outs <- b.Bytes()
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		if got := <-outs; !bytes.Equal(got, want) {
			t.Error("concurrent calls gave different SVG")
		}
	}
}

func benchmarkSVG(b *testing.B, m *tm.Model, opts ...render.Option) {
	b.ReportAllocs()
	for b.Loop() {
		if err := graphviz.SVG(context.Background(), io.Discard, m, opts...); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSVGServerless(b *testing.B)   { benchmarkSVG(b, serverless.Model()) }
func BenchmarkSVG100(b *testing.B)          { benchmarkSVG(b, synth.Model(100)) }
func BenchmarkSVG1000Overview(b *testing.B) { benchmarkSVG(b, synth.Model(1000)) }
func BenchmarkSVG1000Full(b *testing.B)     { benchmarkSVG(b, synth.Model(1000), render.AutoOverview(0)) }

// BenchmarkSVG1000OverviewByRisk draws the overview of the 1,000-component
// model coloured by open risk, as Files writes threat-model.svg; the
// document is built once, outside the timed loop.
func BenchmarkSVG1000OverviewByRisk(b *testing.B) {
	d, err := render.NewDocument(synth.Model(1000))
	if err != nil {
		b.Fatal(err)
	}
	benchmarkSVG(b, d.Model, render.ColorByRisk(d.OpenRisk))
}
func BenchmarkPNGServerless(b *testing.B) {
	m := serverless.Model()
	b.ReportAllocs()
	for b.Loop() {
		if err := graphviz.PNG(context.Background(), io.Discard, m); err != nil {
			b.Fatal(err)
		}
	}
}
