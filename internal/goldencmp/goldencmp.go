// Package goldencmp is what golden files and the public test helpers
// (stride/stridetest, render/rendertest) share: the update switch, read
// without defining a flag, and the comparison of generated documents — text
// byte for byte, SVG by its structure, PNG decoded.
//
// It defines no flag, so that a helper package a user imports can use it.
// The -update flag of this repository's own tests is defined by
// internal/golden.
package goldencmp

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// EnvUpdate is the environment variable that asks golden-file helpers to
// rewrite their files: THREATWRIGHT_UPDATE=1.
const EnvUpdate = "THREATWRIGHT_UPDATE"

// Updating reports whether golden files should be rewritten: the
// environment variable THREATWRIGHT_UPDATE is 1 (or another true value of
// strconv.ParseBool), or the running binary has a boolean flag named update
// that is set to true. The flag is looked up at the time of the call and is
// never defined here.
func Updating() bool {
	if b, err := strconv.ParseBool(os.Getenv(EnvUpdate)); err == nil && b {
		return true
	}
	f := flag.Lookup("update")
	if f == nil {
		return false
	}
	if g, ok := f.Value.(flag.Getter); ok {
		b, ok := g.Get().(bool)
		return ok && b
	}
	return false
}

// Diff compares the golden content want with got, as a file named name:
// an .svg file by its structure (see SVG), a .png file decoded (see PNG),
// any other byte for byte (see Text). It returns "" when they match, and
// otherwise says where they differ.
func Diff(name string, want, got []byte) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".svg":
		return SVG(want, got)
	case ".png":
		return PNG(want, got)
	}
	return Text(want, got)
}

// Text compares want and got byte for byte and names the first line that
// differs.
func Text(want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	wl := strings.SplitAfter(string(want), "\n")
	gl := strings.SplitAfter(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d: want %q, got %q (%d lines want, %d got)", i+1, w, g, len(wl), len(gl))
		}
	}
	return "the contents differ" // not reached: equal lines make equal bytes
}

// SVG compares two SVG documents by their structure, not their bytes,
// which depend on the Graphviz build: both must parse as XML with an svg
// root, and have the same graph, cluster, node and edge groups in the same
// order, each with the same id, title and text. Coordinates, sizes, colours
// and the XML prolog are ignored.
func SVG(want, got []byte) string {
	g, err := SVGItems(got)
	if err != nil {
		return "got: " + err.Error()
	}
	w, err := SVGItems(want)
	if err != nil {
		return "want: " + err.Error()
	}
	for i := 0; i < len(w) || i < len(g); i++ {
		switch {
		case i >= len(w):
			return fmt.Sprintf("got has %d more elements, the first: %s", len(g)-len(w), g[i])
		case i >= len(g):
			return fmt.Sprintf("got lacks %d elements, the first: %s", len(w)-len(g), w[i])
		case w[i] != g[i]:
			return fmt.Sprintf("element %d: want %s, got %s", i+1, w[i], g[i])
		}
	}
	return ""
}

// SVGItems parses an SVG document written by Graphviz and returns one line
// per group of class graph, cluster, node or edge, in document order:
// its class, id, title and text, for example
//
//	node node3 "n2" "Lambda AWS Lambda"
func SVGItems(svg []byte) ([]string, error) {
	type item struct {
		class, id string
		title     []string
		text      []string
	}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	var (
		items []*item
		open  []*item // the item each open element belongs to
		names []string
		root  string
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
			var cur *item
			if len(open) > 0 {
				cur = open[len(open)-1]
			}
			if tok.Name.Local == "g" {
				var class, id string
				for _, a := range tok.Attr {
					switch a.Name.Local {
					case "class":
						class = a.Value
					case "id":
						id = a.Value
					}
				}
				switch class {
				case "graph", "cluster", "node", "edge":
					cur = &item{class: class, id: id}
					items = append(items, cur)
				}
			}
			open = append(open, cur)
			names = append(names, tok.Name.Local)
		case xml.EndElement:
			open, names = open[:len(open)-1], names[:len(names)-1]
		case xml.CharData:
			n := len(open)
			if n == 0 || open[n-1] == nil {
				continue
			}
			s := strings.Join(strings.Fields(string(tok)), " ")
			if s == "" {
				continue
			}
			switch names[n-1] {
			case "title":
				open[n-1].title = append(open[n-1].title, s)
			case "text":
				open[n-1].text = append(open[n-1].text, s)
			}
		}
	}
	if root != "svg" {
		return nil, fmt.Errorf("the root element is %q, want svg", root)
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.class + " " + it.id + " " + strconv.Quote(strings.Join(it.title, " ")) + " " + strconv.Quote(strings.Join(it.text, " "))
	}
	return out, nil
}

// maxPNGSide bounds a sane PNG's width and height.
const maxPNGSide = 20000

// PNG compares two PNG images by what survives a different rasteriser:
// both must decode, got must have a sane size (1 to 20,000 pixels a side),
// and each of its sides must be within a quarter of want's.
func PNG(want, got []byte) string {
	gc, err := png.DecodeConfig(bytes.NewReader(got))
	if err != nil {
		return "got does not decode as PNG: " + err.Error()
	}
	if gc.Width < 1 || gc.Height < 1 || gc.Width > maxPNGSide || gc.Height > maxPNGSide {
		return fmt.Sprintf("got is %dx%d pixels", gc.Width, gc.Height)
	}
	if _, err := png.Decode(bytes.NewReader(got)); err != nil {
		return "got does not decode as PNG: " + err.Error()
	}
	wc, err := png.DecodeConfig(bytes.NewReader(want))
	if err != nil {
		return "want does not decode as PNG: " + err.Error()
	}
	near := func(w, g int) bool { return 4*abs(w-g) <= w }
	if !near(wc.Width, gc.Width) || !near(wc.Height, gc.Height) {
		return fmt.Sprintf("want %dx%d pixels, got %dx%d", wc.Width, wc.Height, gc.Width, gc.Height)
	}
	return ""
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
