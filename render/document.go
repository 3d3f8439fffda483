package render

import (
	"context"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/threatwright/threatwright/reach"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// Document is everything a threat model report shows: the model, its
// validation findings, its STRIDE analysis and its reach. Build one with
// NewDocument, or fill the fields yourself to render results computed with
// other options.
type Document struct {
	// Model is the threat model the report describes.
	Model *threatmodel.Model
	// Findings are the model's validation findings (Model.Findings), shown at
	// the top of the report: a report of an incomplete model says so. The
	// report states the model complete when Findings and the STRIDE
	// report's findings hold no gap, so fill it when building a Document by
	// hand.
	Findings []*threatmodel.Finding
	// Threats is the STRIDE analysis.
	Threats *stride.Report
	// Reach is the blast radius, least-privilege and attack path analysis.
	Reach *reach.Result
}

// DocumentOption configures NewDocument.
type DocumentOption func(*docConfig)

type docConfig struct {
	stride   []stride.Option
	reach    []reach.Option
	progress func(stage string, took time.Duration)
}

// Progress makes NewDocument call report after each of its stages, with
// the stage's name ("validate", "stride", "reach") and how long it took,
// so that a command line can show a long run moving.
func Progress(report func(stage string, took time.Duration)) DocumentOption {
	return func(c *docConfig) { c.progress = report }
}

// STRIDEOptions passes options to the STRIDE analysis NewDocument runs, for
// example stride.At to judge acceptances at a date, or stride.WithRules.
func STRIDEOptions(opts ...stride.Option) DocumentOption {
	return func(c *docConfig) { c.stride = append(c.stride, opts...) }
}

// ReachOptions passes options to the reach analysis NewDocument runs, for
// example reach.WithPathsPerAsset.
func ReachOptions(opts ...reach.Option) DocumentOption {
	return func(c *docConfig) { c.reach = append(c.reach, opts...) }
}

// NewDocument validates and analyses a model for rendering, as a user's own
// code would: it runs stride.Analyze, then reach.Analyze with the STRIDE
// report (reach.WithThreats), each with the options given for it. It fails
// only when the model has structural errors or an option is invalid;
// completeness gaps are kept in Findings and shown in the report.
func NewDocument(m *threatmodel.Model, opts ...DocumentOption) (*Document, error) {
	return NewDocumentContext(context.Background(), m, opts...)
}

// NewDocumentContext is NewDocument, stopping when ctx is done: the two
// analyses it runs (stride.AnalyzeContext, reach.AnalyzeContext) check it,
// and it then returns an error that wraps ctx.Err().
func NewDocumentContext(ctx context.Context, m *threatmodel.Model, opts ...DocumentOption) (*Document, error) {
	if m == nil {
		return nil, ErrNilModel
	}
	var cfg docConfig
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	start := time.Now()
	done := func(stage string) {
		if cfg.progress != nil {
			cfg.progress(stage, time.Since(start))
		}
		start = time.Now()
	}
	findings := m.Findings()
	done("validate")
	rep, err := stride.AnalyzeContext(ctx, m, cfg.stride...)
	if err != nil {
		return nil, err
	}
	done("stride")
	rr, err := reach.AnalyzeContext(ctx, m, append([]reach.Option{reach.WithThreats(rep)}, cfg.reach...)...)
	if err != nil {
		return nil, err
	}
	done("reach")
	return &Document{Model: m, Findings: findings, Threats: rep, Reach: rr}, nil
}

// OpenRisk returns the highest risk among the open threats on a component or
// flow, or 0 when none is open (stride.Report.OpenRisk). Pass it to
// ColorByRisk to colour diagrams by residual risk.
func (d *Document) OpenRisk(el threatmodel.Element) threatmodel.Level {
	if d == nil || d.Threats == nil || el == nil {
		return 0
	}
	return d.Threats.OpenRisk(el)
}

func (d *Document) check() error {
	if d == nil || d.Model == nil {
		return ErrNilModel
	}
	if d.Threats == nil {
		return errors.New("render: the document has no STRIDE report: build it with NewDocument")
	}
	return nil
}

// Files returns the text documents of the report, named after base:
// base+".md" (Markdown), base+".dot" (Graphviz DOT) and base+".mmd"
// (Mermaid). Diagrams are coloured by open risk and take opts. Write them
// with WriteFiles; check them with Stale. Package render/graphviz adds SVG
// and PNG files.
//
// Large models get more files. Above the components of SplitAbove
// (DefaultSplitAbove unless set) the report is a summary: it keeps every
// section, with counts, the riskiest open threats and boundaries and the
// likeliest attack paths, and writes each long list (every component, flow,
// threat, role…) to base+"-"+list+".csv" beside it, linked from its
// section; its last appendix names every file. Above AutoOverview's
// threshold (DefaultOverviewAbove unless set), where the diagrams are the
// overview, each top-level zone that holds components also gets its own
// diagram, base+"-zone-"+number+"-"+name+".dot" and ".mmd" (OnlyZone),
// numbered in declaration order: at most 64 of them, those with the highest
// open risk, then the most components.
func (d *Document) Files(base string, opts ...Option) []File {
	return d.FilesContext(context.Background(), base, opts...)
}

// FilesContext is Files, with files whose rendering stops when ctx is done
// (MarkdownContext, DOTContext, MermaidContext).
func (d *Document) FilesContext(ctx context.Context, base string, opts ...Option) []File {
	dopts := append([]Option{ColorByRisk(d.OpenRisk)}, opts...)
	// Each rendering gets its own slice of options (slices.Concat), so that
	// files rendered at once do not write into one array.
	diagram := func(fn func(context.Context, io.Writer, *threatmodel.Model, ...Option) error, extra ...Option) func(io.Writer) error {
		return func(w io.Writer) error {
			if d == nil {
				return ErrNilModel
			}
			return fn(ctx, w, d.Model, slices.Concat(dopts, extra)...)
		}
	}
	report := File{Name: base + ".md", Render: func(w io.Writer) error { return MarkdownContext(ctx, w, d) }}
	files := []File{report, {Name: base + ".dot", Render: diagram(DOTContext)}, {Name: base + ".mmd", Render: diagram(MermaidContext)}}
	if d == nil || d.Model == nil {
		return files
	}
	cfg := newConfig(opts)
	overview := cfg.overview || cfg.overviewAbove > 0 && len(d.Model.Components()) > cfg.overviewAbove
	var zones []zoneDiagram
	topZones := 0
	if overview && cfg.zone == nil {
		zones, topZones = zoneDiagrams(d.Model, base, d.OpenRisk)
	}
	if len(zones) > 0 {
		// The zone diagrams share one snapshot of the model, taken when
		// the first is drawn.
		var once sync.Once
		var snap *snapshot
		zoneDiagram := func(fn func(context.Context, io.Writer, *threatmodel.Model, ...Option) error, z *threatmodel.Zone) func(io.Writer) error {
			return func(w io.Writer) error {
				once.Do(func() { snap = newSnapshot(d.Model) })
				return diagram(fn, OnlyZone(z), shared(snap))(w)
			}
		}
		for _, z := range zones {
			files = append(files, File{Name: z.base + ".dot", Render: zoneDiagram(DOTContext, z.zone)},
				File{Name: z.base + ".mmd", Render: zoneDiagram(MermaidContext, z.zone)})
		}
	}
	if cfg.splitAbove <= 0 || len(d.Model.Components()) <= cfg.splitAbove {
		return files
	}
	sr := &splitReport{ctx: ctx, d: d, sp: &split{base: base, above: cfg.splitAbove, csv: make(map[listID]*csvFile),
		zoneDiagrams: zones, topZones: topZones, overview: overview}}
	files[0].Render = func(w io.Writer) error { return sr.write(w, -1) }
	for id, l := range longLists {
		files = append(files, File{Name: base + "-" + l.name + ".csv", Render: func(w io.Writer) error { return sr.write(w, listID(id)) }})
	}
	return files
}

// HighlightPath draws an attack path emphasised and the rest of the diagram
// faded: the components it passes through and the flows it crosses, and the
// store or component that holds the asset at its end. A step over a flow
// emphasises that flow alone, not the other flows between the same two
// components; a step without a flow (using a role, obtaining an asset)
// emphasises its two ends and the flows between them, and a step that
// takes a process over through a role's permission (reach.StepTakeover)
// is drawn as a dashed edge of its own, labelled with the role and the
// escalation techniques it uses. The overview draws no such edge.
func HighlightPath(p reach.AttackPath) Option {
	var els []threatmodel.Element
	add := func(el threatmodel.Element) {
		switch el.(type) {
		case *threatmodel.Component, *threatmodel.Flow:
			els = append(els, el)
		}
	}
	if p.Source != nil {
		add(p.Source)
	}
	var steps []stepEdge
	for _, s := range p.Steps {
		// A nil element keeps Highlight from joining the components of
		// different steps with the flows between them.
		els = append(els, nil)
		if s.Flow != nil {
			add(s.Flow)
			continue
		}
		if s.From != nil {
			add(s.From)
		}
		if s.To != nil {
			add(s.To)
		}
		from, ok1 := s.From.(*threatmodel.Component)
		to, ok2 := s.To.(*threatmodel.Component)
		if ok1 && ok2 && s.Kind == reach.StepTakeover && from != to {
			steps = append(steps, stepEdge{from, to, takeoverLabel(s)})
		}
	}
	hl := Highlight(els...)
	return optionFunc(func(c *config) {
		hl.apply(c)
		c.steps = append(c.steps, steps...)
	})
}

// takeoverLabel names a takeover step on the diagram: "takes over as
// Deploy role (technique lambda-003)".
func takeoverLabel(s reach.Step) string {
	l := "takes over"
	if s.Role != nil {
		l += " as " + s.Role.Name()
	}
	switch len(s.Techniques) {
	case 0:
	case 1:
		l += " (technique " + s.Techniques[0] + ")"
	default:
		l += " (techniques " + techniqueList(s.Techniques) + ")"
	}
	return l
}

// techniqueList names technique IDs in the report and on diagrams: all of
// them up to four, else the first three and how many more, as the
// escalation finding's message does.
func techniqueList(ids []string) string {
	if n := len(ids); n > 4 {
		return strings.Join(ids[:3], ", ") + " and " + strconv.Itoa(n-3) + " more"
	}
	return strings.Join(ids, ", ")
}
