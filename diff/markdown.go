package diff

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/internal/escape"
	"github.com/threatwright/threatwright/threatmodel"
)

// MaxMarkdownRows is how many rows each table of WriteMarkdown shows; the
// rest are counted. A pull-request comment has a size limit (65,536
// characters on GitHub).
const MaxMarkdownRows = 50

// WriteMarkdown writes the diff as Markdown a pull-request comment can
// carry: a one-line summary, then the threats opened and re-rated (most
// severe first), the new reach, the new and removed attack paths, the
// coverage gaps, the threats closed, and the elements changed. Empty
// sections are left out; a diff with nothing in it says so.
func (d *Diff) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(s ...string) {
		for _, x := range s {
			bw.WriteString(x)
		}
	}
	cell := func(s string) string { return escape.MarkdownCell(s) }
	title := "Threat model"
	if d != nil && d.Model != "" {
		title = d.Model
	}
	p("### Threat model changes: ", escape.MarkdownInline(title), "\n\n")
	if d.Empty() {
		p("No change to the model or its analysis.\n")
		return bw.Flush()
	}
	p(d.summary(), "\n")
	table := func(heading string, head []string, rows [][]string) {
		if len(rows) == 0 {
			return
		}
		p("\n#### ", heading, "\n\n| ", strings.Join(head, " | "), " |\n|", strings.Repeat(" --- |", len(head)), "\n")
		for i, r := range rows {
			if i == MaxMarkdownRows {
				p("\n", strconv.Itoa(len(rows)-i), " more not shown.\n")
				break
			}
			for j := range r {
				r[j] = cell(r[j])
			}
			p("| ", strings.Join(r, " | "), " |\n")
		}
	}
	opened, closed := d.threatRows()
	table("Threats opened or raised", []string{"Risk", "Threat", "Title", "Before"}, opened)
	rs, others := d.reachRows()
	table("New reach to assets", []string{"Who", "Can now", "Asset"}, rs)
	if others > 0 {
		p("\nAnd ", strconv.Itoa(others), " components, roles and secrets newly reached.\n")
	}
	table("Attack paths", []string{"Change", "Asset", "Path", "Likelihood"}, d.pathRows())
	table("Coverage gaps", []string{"Element", "Category", "Before"}, d.coverageRows())
	table("Threats closed", []string{"Threat", "Title", "Now"}, closed)
	table("Elements", []string{"Change", "Element", "What changed"}, d.elementRows())
	return bw.Flush()
}

// threatRows returns the rows of the threats opened or raised and of the
// threats closed.
func (d *Diff) threatRows() (opened, closed [][]string) {
	for _, c := range d.Opened(threatmodel.Low) {
		was := "new"
		if c.Kind == Rerated {
			was = "re-rated from " + c.Old.Risk.String()
		} else if c.Old != nil {
			was = "was " + c.Old.Status.String()
		}
		opened = append(opened, []string{c.Risk().String(), c.ID, c.New.Title, was})
	}
	for _, c := range d.Threats {
		if c.Kind == Closed {
			now := "gone"
			if c.New != nil {
				now = c.New.Status.String()
			}
			closed = append(closed, []string{c.ID, c.Old.Title, now})
		}
	}
	return opened, closed
}

// reachRows returns the rows of the new reach to assets, and how many
// other elements are newly reached.
func (d *Diff) reachRows() (rows [][]string, others int) {
	for _, c := range d.Reach {
		if !strings.HasPrefix(c.Element, "assets[") {
			others++
			continue
		}
		rows = append(rows, []string{display(c.Subject), c.Gained.String(), display(c.Element)})
	}
	return rows, others
}

func (d *Diff) pathRows() [][]string {
	var rows [][]string
	for _, c := range d.Paths {
		rows = append(rows, []string{c.Change.String(), display(c.Asset), c.Path, c.Likelihood.String()})
	}
	return rows
}

func (d *Diff) coverageRows() [][]string {
	var rows [][]string
	for _, c := range d.Coverage {
		before := "new element"
		if c.Old != 0 {
			before = c.Old.String()
		}
		rows = append(rows, []string{display(c.Path), c.Category.String(), before})
	}
	return rows
}

func (d *Diff) elementRows() [][]string {
	var rows [][]string
	for _, c := range d.Elements {
		var what []string
		for _, f := range c.Fields {
			what = append(what, f.Field+": "+orNone(f.Old)+" → "+orNone(f.New))
		}
		rows = append(rows, []string{c.Change.String(), display(c.Path), strings.Join(what, "; ")})
	}
	return rows
}

// summary counts what changed in one line.
func (d *Diff) summary() string {
	count := func(k ThreatChangeKind) int {
		n := 0
		for _, c := range d.Threats {
			if c.Kind == k {
				n++
			}
		}
		return n
	}
	added, removed := 0, 0
	for _, p := range d.Paths {
		if p.Change == Added {
			added++
		} else {
			removed++
		}
	}
	return strconv.Itoa(count(Opened)) + " threats opened, " + strconv.Itoa(count(Rerated)) + " re-rated, " +
		strconv.Itoa(count(Closed)) + " closed; " + strconv.Itoa(len(d.Reach)) + " new reach; " +
		strconv.Itoa(added) + " attack paths added, " + strconv.Itoa(removed) + " removed; " +
		strconv.Itoa(len(d.Coverage)) + " coverage gaps; " + strconv.Itoa(len(d.Elements)) + " elements changed."
}

// display turns an element's path into what a reader calls it: the
// collection in the singular and the name, "component API" for
// components["API"].
func display(path string) string {
	coll, rest, ok := strings.Cut(path, "[")
	name, err := strconv.Unquote(strings.TrimSuffix(rest, "]"))
	if !ok || err != nil {
		return path
	}
	switch {
	case strings.HasSuffix(coll, "ies"):
		coll = strings.TrimSuffix(coll, "ies") + "y"
	default:
		coll = strings.TrimSuffix(coll, "s")
	}
	return coll + " " + name
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
