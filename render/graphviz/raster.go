package graphviz

import (
	"encoding/json"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// This file draws a PNG from Graphviz's own description of a laid-out
// graph: the JSON output format, whose _draw_ attributes list the drawing
// operations of xdot (polygons, Bézier curves, ellipses, text with font and
// colour). go-graphviz's built-in PNG renderer does not stroke filled
// shapes, misplaces text and fills some edges; drawing the operations here
// gives a PNG that matches the SVG.

// xgraph is the part of Graphviz's JSON output that is drawn.
type xgraph struct {
	BB       string `json:"bb"`
	Pad      string `json:"pad"`
	Draw     []xop  `json:"_draw_"`
	LDraw    []xop  `json:"_ldraw_"`
	Clusters int    `json:"_subgraph_cnt"`
	Objects  []xobj `json:"objects"`
	Edges    []xobj `json:"edges"`
}

type xobj struct {
	Draw   []xop `json:"_draw_"`
	LDraw  []xop `json:"_ldraw_"`
	HDraw  []xop `json:"_hdraw_"`
	TDraw  []xop `json:"_tdraw_"`
	HLDraw []xop `json:"_hldraw_"`
	TLDraw []xop `json:"_tldraw_"`
}

type xop struct {
	Op       string       `json:"op"`
	Color    string       `json:"color"`
	Points   [][2]float64 `json:"points"`
	Rect     [4]float64   `json:"rect"`
	Pt       [2]float64   `json:"pt"`
	Align    string       `json:"align"`
	Width    float64      `json:"width"`
	Text     string       `json:"text"`
	Size     float64      `json:"size"`
	Fontchar int          `json:"fontchar"`
	Style    string       `json:"style"`
}

var (
	fontsOnce sync.Once
	fonts     [4]*truetype.Font // regular, bold, italic, bold italic
	fontsErr  error
)

func loadFonts() error {
	fontsOnce.Do(func() {
		for i, ttf := range [][]byte{goregular.TTF, gobold.TTF, goitalic.TTF, gobolditalic.TTF} {
			f, err := truetype.Parse(ttf)
			if err != nil {
				fontsErr = fmt.Errorf("render/graphviz: loading the built-in font: %w", err)
				return
			}
			fonts[i] = f
		}
	})
	return fontsErr
}

// rasterize draws the JSON layout as a PNG at dpi, scaled down so that
// neither side exceeds maxPixels.
func rasterize(w io.Writer, layoutJSON []byte, dpi float64, maxPixels int) error {
	if err := loadFonts(); err != nil {
		return err
	}
	var g xgraph
	if err := json.Unmarshal(layoutJSON, &g); err != nil {
		return fmt.Errorf("render/graphviz: reading the layout: %w", err)
	}
	var bb [4]float64
	for i, f := range strings.Split(g.BB, ",") {
		if i < 4 {
			bb[i], _ = strconv.ParseFloat(strings.TrimSpace(f), 64)
		}
	}
	pad := 4.0
	if p, err := strconv.ParseFloat(strings.SplitN(g.Pad, ",", 2)[0], 64); err == nil {
		pad = p * 72
	}
	minX, maxY := bb[0]-pad, bb[3]+pad
	wPt, hPt := bb[2]-bb[0]+2*pad, bb[3]-bb[1]+2*pad
	scale := dpi / 72
	if s := float64(maxPixels) / math.Max(wPt, hPt); s < scale {
		scale = s
	}
	width, height := max(1, int(math.Ceil(wPt*scale))), max(1, int(math.Ceil(hPt*scale)))
	r := &rasterizer{
		dc:    gg.NewContext(width, height),
		scale: scale,
		minX:  minX,
		maxY:  maxY,
		faces: make(map[faceKey]font.Face),
	}
	r.dc.SetRGB(1, 1, 1)
	r.dc.Clear()
	r.ops(g.Draw)
	r.ops(g.LDraw)
	nc := min(max(g.Clusters, 0), len(g.Objects))
	for _, o := range g.Objects[:nc] {
		r.ops(o.Draw)
		r.ops(o.LDraw)
	}
	for _, e := range g.Edges {
		r.ops(e.Draw)
		r.ops(e.HDraw)
		r.ops(e.TDraw)
	}
	for _, o := range g.Objects[nc:] {
		r.ops(o.Draw)
		r.ops(o.LDraw)
	}
	for _, e := range g.Edges {
		r.ops(e.LDraw)
		r.ops(e.HLDraw)
		r.ops(e.TLDraw)
	}
	if err := r.dc.EncodePNG(w); err != nil {
		return fmt.Errorf("render/graphviz: encoding PNG: %w", err)
	}
	return nil
}

type faceKey struct {
	style int
	size  float64
}

type rasterizer struct {
	dc         *gg.Context
	scale      float64
	minX, maxY float64
	faces      map[faceKey]font.Face

	pen, fill color.NRGBA
	fillSet   bool // the list set a fill colour
	lineWidth float64
	dash      []float64
	invisible bool
	fontSize  float64
	fontStyle int
}

func (r *rasterizer) x(v float64) float64 { return (v - r.minX) * r.scale }
func (r *rasterizer) y(v float64) float64 { return (r.maxY - v) * r.scale }

// ops draws one xdot operation list; the drawing state starts afresh for
// each list, as in xdot.
func (r *rasterizer) ops(list []xop) {
	r.pen, r.fill, r.fillSet = color.NRGBA{A: 255}, color.NRGBA{A: 255}, false
	r.lineWidth, r.dash, r.invisible = 1, nil, false
	r.fontSize, r.fontStyle = 14, 0
	for i := range list {
		op := &list[i]
		switch op.Op {
		case "c":
			r.pen = parseColour(op.Color)
		case "C":
			r.fill, r.fillSet = parseColour(op.Color), true
		case "S":
			r.setStyle(op.Style)
		case "F":
			r.fontSize = op.Size
		case "t":
			r.fontStyle = op.Fontchar & 3 // bold 1, italic 2
		case "P", "p", "L", "B", "b":
			r.path(op.Op, op.Points)
		case "E", "e":
			r.dc.NewSubPath()
			r.dc.DrawEllipse(r.x(op.Rect[0]), r.y(op.Rect[1]), op.Rect[2]*r.scale, op.Rect[3]*r.scale)
			r.paint(op.Op == "E")
		case "T":
			r.text(op)
		}
	}
}

func (r *rasterizer) setStyle(s string) {
	switch {
	case s == "dashed":
		r.dash = []float64{6, 3}
	case s == "dotted":
		r.dash = []float64{1.5, 3}
	case s == "solid":
		r.dash = nil
	case s == "invis" || s == "invisible":
		r.invisible = true
	case s == "bold":
		r.lineWidth = 2
	case strings.HasPrefix(s, "setlinewidth(") && strings.HasSuffix(s, ")"):
		if v, err := strconv.ParseFloat(s[len("setlinewidth("):len(s)-1], 64); err == nil && v >= 0 {
			r.lineWidth = v
		}
	}
}

func (r *rasterizer) path(op string, pts [][2]float64) {
	if len(pts) == 0 {
		return
	}
	dc := r.dc
	dc.NewSubPath()
	dc.MoveTo(r.x(pts[0][0]), r.y(pts[0][1]))
	if op == "B" || op == "b" {
		for i := 1; i+2 < len(pts); i += 3 {
			dc.CubicTo(r.x(pts[i][0]), r.y(pts[i][1]), r.x(pts[i+1][0]), r.y(pts[i+1][1]), r.x(pts[i+2][0]), r.y(pts[i+2][1]))
		}
	} else {
		for _, p := range pts[1:] {
			dc.LineTo(r.x(p[0]), r.y(p[1]))
		}
	}
	// Graphviz's writers disagree with the xdot documentation on which of
	// "B" and "b" is filled, so a curve is filled when it is closed (a
	// shape, not an edge) and the list set a fill colour.
	closed := op == "P" || op == "p"
	if op == "B" || op == "b" {
		first, last := pts[0], pts[len(pts)-1]
		closed = math.Abs(first[0]-last[0]) < 0.01 && math.Abs(first[1]-last[1]) < 0.01
	}
	if closed {
		dc.ClosePath()
	}
	r.paint(op == "P" || (op == "B" || op == "b") && closed && r.fillSet)
}

// paint fills the current path when filled and then strokes it with the pen,
// as Graphviz's own renderers do.
func (r *rasterizer) paint(filled bool) {
	dc := r.dc
	if r.invisible {
		dc.ClearPath()
		return
	}
	if filled && r.fill.A > 0 {
		dc.SetColor(r.fill)
		if r.pen.A > 0 && r.lineWidth > 0 {
			dc.FillPreserve()
		} else {
			dc.Fill()
			return
		}
	}
	if r.pen.A == 0 || r.lineWidth <= 0 {
		dc.ClearPath()
		return
	}
	dc.SetColor(r.pen)
	dc.SetLineWidth(r.lineWidth * r.scale)
	if len(r.dash) > 0 {
		d := make([]float64, len(r.dash))
		for i, v := range r.dash {
			d[i] = v * r.scale * math.Max(1, r.lineWidth/2)
		}
		dc.SetDash(d...)
	} else {
		dc.SetDash()
	}
	dc.Stroke()
}

func (r *rasterizer) face() font.Face {
	k := faceKey{r.fontStyle, math.Round(r.fontSize*r.scale*4) / 4}
	if f, ok := r.faces[k]; ok {
		return f
	}
	f := truetype.NewFace(fonts[k.style], &truetype.Options{Size: k.size, Hinting: font.HintingNone})
	r.faces[k] = f
	return f
}

// text draws a text span at its baseline, squeezed horizontally when the
// built-in font is wider than the width Graphviz laid out.
func (r *rasterizer) text(op *xop) {
	if r.invisible || r.pen.A == 0 || op.Text == "" || r.fontSize <= 0 {
		return
	}
	s := strings.ReplaceAll(op.Text, "⚠", "!")
	dc := r.dc
	dc.SetFontFace(r.face())
	dc.SetColor(r.pen)
	w, _ := dc.MeasureString(s)
	x, y := r.x(op.Pt[0]), r.y(op.Pt[1])
	want := op.Width * r.scale
	k := 1.0
	if want > 0 && w > want*1.02 {
		k = want / w
	}
	switch op.Align {
	case "c":
		x -= w * k / 2
	case "r":
		x -= w * k
	}
	dc.Push()
	dc.ScaleAbout(k, 1, x, y)
	dc.DrawString(s, x, y)
	dc.Pop()
}

// parseColour reads Graphviz's "#rrggbb" and "#rrggbbaa" colours; the few
// names Graphviz writes in JSON are recognised, anything else is black.
func parseColour(s string) color.NRGBA {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "transparent", "none", "invis":
		return color.NRGBA{}
	case "white":
		return color.NRGBA{255, 255, 255, 255}
	}
	if len(s) == 7 || len(s) == 9 {
		if s[0] == '#' {
			v, err := strconv.ParseUint(s[1:], 16, 32)
			if err == nil {
				if len(s) == 7 {
					return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
				}
				return color.NRGBA{uint8(v >> 24), uint8(v >> 16), uint8(v >> 8), uint8(v)}
			}
		}
	}
	return color.NRGBA{A: 255}
}
