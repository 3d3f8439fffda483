package render

import "github.com/threatwright/threatwright/threatmodel"

// DefaultOverviewAbove is the number of components above which DOT and
// Mermaid draw the overview (zones collapsed) instead of every component,
// unless AutoOverview says otherwise. A full data flow diagram with more
// components than this is no longer readable on a page.
const DefaultOverviewAbove = 150

// Option configures a diagram: DOT, Mermaid, and the SVG and PNG of package
// render/graphviz; and the set of documents Document.Files returns
// (SplitAbove, and the per-zone diagrams it adds above AutoOverview's
// threshold). Options are made by the functions of this package.
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// config holds the options of one rendering.
type config struct {
	risk          func(threatmodel.Element) threatmodel.Level
	zone          *threatmodel.Zone
	zoneSet       bool
	highlight     []threatmodel.Element
	steps         []stepEdge // HighlightPath: the steps over no flow
	overview      bool
	overviewAbove int
	legend        bool
	splitAbove    int
	snapshot      *snapshot // see shared
}

func newConfig(opts []Option) *config {
	c := &config{overviewAbove: DefaultOverviewAbove, legend: true, splitAbove: DefaultSplitAbove}
	for _, o := range opts {
		if o != nil {
			o.apply(c)
		}
	}
	return c
}

// ColorByRisk fills each component with the colour of the level that rate
// returns for it, and writes the level on each flow's label; the legend gains
// a risk scale. A zero Level leaves the element uncoloured. rate is called
// once per drawn component and flow, in declaration order;
// Document.OpenRisk rates elements by the open threats of the STRIDE
// analysis.
func ColorByRisk(rate func(threatmodel.Element) threatmodel.Level) Option {
	return optionFunc(func(c *config) { c.risk = rate })
}

// OnlyZone draws one trust boundary: the components inside the zone (nested
// zones included), every flow to or from them, and the components at the
// other end of those flows, greyed, in their own zones. A nil zone or a zone
// of another model is an error.
func OnlyZone(z *threatmodel.Zone) Option {
	return optionFunc(func(c *config) { c.zone, c.zoneSet = z, true })
}

// Highlight draws the given elements emphasised and everything else faded,
// to show an attack path or the elements of one threat. It takes:
//   - components, drawn emphasised;
//   - flows, emphasised with their two ends;
//   - zones, whose boundary is emphasised;
//   - threats, which stand for the elements they are about;
//   - assets, which stand for the components that store them and the flows
//     that carry them.
//
// A flow between two components given one after the other is emphasised too,
// so Highlight(user, gateway, lambda) shows the path User → API Gateway →
// Lambda. Nil elements, elements of another model and other kinds are
// ignored. Several Highlight options add up.
func Highlight(elements ...threatmodel.Element) Option {
	els := append([]threatmodel.Element(nil), elements...)
	return optionFunc(func(c *config) {
		// A nil separator keeps the consecutive-components rule from joining
		// the last element of one Highlight with the first of the next.
		c.highlight = append(append(c.highlight, els...), nil)
	})
}

// stepEdge is a step of a highlighted attack path that crosses no flow
// between two components, such as taking a process over through a role's
// permission: the diagram draws it as an edge of its own.
type stepEdge struct {
	from, to *threatmodel.Component
	label    string
}

// Overview collapses every zone into one node that counts its components,
// and draws one edge per pair of zones that exchange data, labelled with the
// number of flows and of flows without authentication or encryption.
func Overview() Option { return optionFunc(func(c *config) { c.overview = true }) }

// AutoOverview draws the overview when the diagram would have more than n
// components; n <= 0 never switches automatically. The default is
// DefaultOverviewAbove.
func AutoOverview(n int) Option {
	return optionFunc(func(c *config) { c.overviewAbove = n })
}

// WithoutLegend leaves out the legend.
func WithoutLegend() Option { return optionFunc(func(c *config) { c.legend = false }) }

// SplitAbove sets the number of components above which Document.Files
// writes the report as a summary with its long lists in CSV files beside it
// (see Document.Files); n <= 0 never splits. The default is
// DefaultSplitAbove. Diagrams ignore it.
func SplitAbove(n int) Option {
	return optionFunc(func(c *config) { c.splitAbove = n })
}
