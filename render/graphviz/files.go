package graphviz

import (
	"context"
	"io"

	"github.com/threatwright/threatwright/render"
)

// Files returns every document of a model, ready for render.WriteFiles or
// render/rendertest.Docs:
//
//   - threat-model.md, threat-model.dot and threat-model.mmd, the text
//     documents of d.FilesContext(ctx, "threat-model"), with, for a large
//     model, the CSV lists of its split report and the diagrams of its
//     top-level zones (see render.Document.Files);
//   - threat-model.svg, the data flow diagram coloured by open risk, as in
//     the DOT;
//   - attack-path.svg, the diagram with the likeliest attack path to the
//     most critical asset highlighted (render.HighlightPath), when the
//     reach analysis found a path;
//   - escalation-path.svg, the same for the first path that takes a
//     process over through a role's permission
//     (reach.Result.EscalationPaths), its takeover drawn as a dashed edge
//     labelled with the escalation techniques, when there is one.
//
// The files render when they are written; ctx bounds the SVG layouts. A
// Document with no model gives files whose rendering fails with
// render.ErrNilModel.
//
//	d, err := render.NewDocument(m)
//	...
//	err = render.WriteFiles("docs", graphviz.Files(ctx, d)...)
func Files(ctx context.Context, d *render.Document) []render.File {
	files := d.FilesContext(ctx, "threat-model")
	if d == nil || d.Model == nil {
		return append(files, render.File{Name: "threat-model.svg", Render: func(io.Writer) error {
			return render.ErrNilModel
		}})
	}
	files = append(files, render.File{Name: "threat-model.svg", Render: func(w io.Writer) error {
		return SVG(ctx, w, d.Model, render.ColorByRisk(d.OpenRisk))
	}})
	if d.Reach != nil && len(d.Reach.Paths) > 0 {
		p := d.Reach.Paths[0] // the most critical asset's likeliest path
		files = append(files, render.File{Name: "attack-path.svg", Render: func(w io.Writer) error {
			return SVG(ctx, w, d.Model, render.HighlightPath(p))
		}})
	}
	if esc := d.Reach.EscalationPaths(); len(esc) > 0 {
		p := esc[0]
		files = append(files, render.File{Name: "escalation-path.svg", Render: func(w io.Writer) error {
			return SVG(ctx, w, d.Model, render.HighlightPath(p))
		}})
	}
	return files
}
