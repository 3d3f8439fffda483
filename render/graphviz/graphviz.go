// Package graphviz renders threat model diagrams as SVG and PNG without a
// system Graphviz: it lays out the DOT of [render.DOT] with Graphviz compiled
// to WebAssembly (github.com/goccy/go-graphviz, run by the wazero runtime).
//
// It is a package of its own so that a program that imports render for
// Markdown, DOT or Mermaid does not link the WebAssembly module (about
// 1.5 MB) or pay for its start-up.
//
// # Cost and concurrency
//
// The WebAssembly module is compiled when the program starts (go-graphviz
// does it in its package initialisation, and caches the compiled code in the
// system's temporary directory); the first SVG or PNG call then creates one
// Graphviz context that later calls share. go-graphviz holds a single module
// instance for the whole process, so this package lays out one diagram at a
// time: concurrent calls wait their turn, and honour their context while
// they wait. Other users of go-graphviz in the same program are not
// serialised with these calls.
//
// # Cancellation
//
// SVG and PNG check the context before they start, while they wait for the
// layout engine, and after the layout. Graphviz itself cannot be interrupted:
// when the context is cancelled during a layout, the call returns the
// context's error at once and writes nothing, the layout runs to completion
// in the background, its output is discarded, and the next call starts when
// it has finished.
package graphviz

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	gv "github.com/goccy/go-graphviz"

	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/threatmodel"
)

// SVG writes the model's data flow diagram as an SVG document: the layout of
// render.DOT(m, opts...) by Graphviz's dot engine. Node titles are the DOT
// node IDs and every component's name appears in the node's text; elements'
// descriptions are tooltips.
func SVG(ctx context.Context, w io.Writer, m *threatmodel.Model, opts ...render.Option) error {
	return renderTo(ctx, w, m, gv.SVG, opts)
}

// PNG writes the model's data flow diagram as a PNG image at 144 dots per
// inch. A diagram larger than MaxPNGPixels on a side is scaled down to fit;
// for large models prefer SVG or the overview (render.Overview).
//
// Graphviz lays the diagram out; this package draws the PNG from the
// layout with the Go fonts (golang.org/x/image/font/gofont), which cover
// Latin, Greek and Cyrillic scripts but not every symbol: the warning sign of
// unprotected flows is drawn as "!", and characters the fonts lack show as
// boxes.
func PNG(ctx context.Context, w io.Writer, m *threatmodel.Model, opts ...render.Option) error {
	return renderTo(ctx, w, m, gv.PNG, opts)
}

// MaxPNGPixels bounds the width and height of a PNG, which bounds the memory
// the image takes (4 bytes a pixel).
const MaxPNGPixels = 8000

// pngDPI is the resolution of PNG output: 1.5 times Graphviz's 96, so that
// 8-point edge labels stay legible.
const pngDPI = 144

// engine is the shared Graphviz context. Holding the semaphore gives the
// right to use it; a nil context is created on first use and dropped after
// a failure, so that a broken context is not reused.
var (
	sem    = make(chan struct{}, 1)
	engine *gv.Graphviz
)

func renderTo(ctx context.Context, w io.Writer, m *threatmodel.Model, format gv.Format, opts []render.Option) error {
	if ctx == nil {
		return errors.New("render/graphviz: nil context")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var dot bytes.Buffer
	if err := render.DOT(&dot, m, opts...); err != nil {
		return err
	}
	src := dot.Bytes()
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	type result struct {
		out []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() { <-sem }()
		out, err := layout(ctx, src, format)
		done <- result{out, err}
	}()
	var res result
	select {
	case res = <-done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if res.err != nil {
		return res.err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := w.Write(res.out); err != nil {
		return fmt.Errorf("render/graphviz: writing %s: %w", format, err)
	}
	return nil
}

// layout parses and renders src; the caller holds the semaphore. The layout
// gets a context that is never cancelled: go-graphviz cannot stop a layout
// part way, and a half-finished call could leave its state inconsistent.
func layout(ctx context.Context, src []byte, format gv.Format) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("render/graphviz: Graphviz failed: %v", r)
		}
		if err != nil && engine != nil {
			_ = engine.Close()
			engine = nil
		}
	}()
	bg := context.WithoutCancel(ctx)
	if engine == nil {
		g, err := gv.New(bg)
		if err != nil {
			return nil, fmt.Errorf("render/graphviz: starting Graphviz: %w", err)
		}
		engine = g
	}
	graph, err := gv.ParseBytes(src)
	if err != nil {
		return nil, fmt.Errorf("render/graphviz: Graphviz rejected the DOT: %w", err)
	}
	// Closing frees the graph; its error is ignored, because go-graphviz
	// reports there the last message Graphviz printed, which may be a
	// warning about the layout (such as an estimated character width).
	defer func() { _ = graph.Close() }()
	// A PNG is drawn here from Graphviz's JSON description of the layout,
	// see raster.go.
	as := format
	if format == gv.PNG {
		as = "json"
	}
	var buf bytes.Buffer
	if err := engine.Render(bg, graph, as, &buf); err != nil {
		return nil, fmt.Errorf("render/graphviz: rendering %s: %w", format, err)
	}
	if format != gv.PNG {
		return buf.Bytes(), nil
	}
	var png bytes.Buffer
	if err := rasterize(&png, buf.Bytes(), pngDPI, MaxPNGPixels); err != nil {
		return nil, err
	}
	return png.Bytes(), nil
}
