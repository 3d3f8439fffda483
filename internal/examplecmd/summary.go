package examplecmd

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// Gaps counts the gaps the report states at its top: the validation
// findings other than warnings and the findings of the STRIDE analysis.
func Gaps(d *render.Document) int {
	n := len(d.Threats.Findings)
	for _, f := range d.Findings {
		if f.Severity != threatmodel.SeverityWarning {
			n++
		}
	}
	return n
}

// Summary prints the summary of an analysed model: its size, validation
// result, STRIDE threats and coverage, residual risk and top attack paths.
// Write errors are ignored: it writes to a terminal.
func Summary(w io.Writer, d *render.Document) {
	summarizeModel(w, d)
	summarizeThreats(w, d.Threats)
	summarizeCoverage(w, d.Threats)
	summarizeResidualRisk(w, d.Threats)
	if d.Reach == nil {
		return
	}
	summarizeReach(w, d)
}

// summarizeModel prints the model's size, its findings and whether it
// validates without gaps.
func summarizeModel(w io.Writer, d *render.Document) {
	m := d.Model
	fmt.Fprintf(w, "%s — %d zones, %d components, %d flows, %d assets, %d roles, %d secrets, %d dependencies\n",
		m.Name(), len(m.Zones()), len(m.Components()), len(m.Flows()), len(m.Assets()), len(m.Roles()),
		len(m.Secrets()), len(m.Dependencies()))

	for _, f := range slices.Concat(d.Findings, d.Threats.Findings) {
		fmt.Fprintf(w, "  %s %s: %s\n", f.Code, f.Path, f.Message)
	}
	if gaps := Gaps(d); gaps == 0 {
		fmt.Fprintln(w, "validation: no gaps")
	} else {
		fmt.Fprintf(w, "validation: %d gaps\n", gaps)
	}
}

// summarizeThreats prints the STRIDE threats by status, then per category.
func summarizeThreats(w io.Writer, rep *stride.Report) {
	fmt.Fprintf(w, "\nSTRIDE: %d threats — %d mitigated, %d accepted, %d open\n",
		rep.Residual.Threats, rep.Residual.Mitigated, rep.Residual.Accepted, rep.Residual.Open)
	for _, cat := range threatmodel.Categories() {
		var n, open int
		for _, t := range rep.Threats {
			if t.Category == cat {
				n++
				if t.Status == stride.Open {
					open++
				}
			}
		}
		fmt.Fprintf(w, "  %-24s %3d threats, %d open\n", cat.String(), n, open)
	}
}

// summarizeCoverage prints how many element × category cells the threats
// cover, and the first eight that none covers.
func summarizeCoverage(w io.Writer, rep *stride.Report) {
	cells, notCovered := 0, 0
	var gapsAt []string
	for _, row := range rep.Coverage {
		for _, c := range row.Cells {
			cells++
			if c.Status == stride.NotCovered {
				notCovered++
				gapsAt = append(gapsAt, row.Subject+" ("+c.Category.Letter()+")")
			}
		}
	}
	fmt.Fprintf(w, "coverage: %d of %d element × category cells covered\n", cells-notCovered, cells)
	if len(gapsAt) > 0 {
		more := ""
		if len(gapsAt) > 8 {
			more = fmt.Sprintf(" and %d more (see the report's coverage matrix)", len(gapsAt)-8)
			gapsAt = gapsAt[:8]
		}
		fmt.Fprintf(w, "  not covered: %s%s\n", strings.Join(gapsAt, ", "), more)
	}
}

// summarizeResidualRisk prints the open threats by risk, and the first ten
// of them.
func summarizeResidualRisk(w io.Writer, rep *stride.Report) {
	r := rep.Residual.OpenByRisk
	fmt.Fprintf(w, "residual risk: %d High, %d Medium, %d Low\n", r.High, r.Medium, r.Low)
	shown := 0
	for _, t := range rep.Threats {
		if t.Status == stride.Open {
			if shown == 10 {
				fmt.Fprintf(w, "  … and %d more open threats (see the report)\n", rep.Residual.Open-shown)
				break
			}
			fmt.Fprintf(w, "  open: %s [%s]\n", t.ID, t.Risk)
			shown++
		}
	}
}

// summarizeReach prints the reach analysis: the counts of least-privilege
// findings and attack paths, what each execution role reaches, and the
// likeliest attack path to each of the first five assets.
func summarizeReach(w io.Writer, d *render.Document) {
	fmt.Fprintf(w, "\nreach: %d least-privilege findings, %d attack paths\n", len(d.Reach.Findings), len(d.Reach.Paths))
	for _, r := range d.Reach.Gate.ExecutionRoles {
		var assets []string
		for _, e := range r.Assets() {
			assets = append(assets, e.Element.Name())
		}
		if len(assets) == 0 {
			// No asset: say which components it reaches, or that it reaches nothing.
			for _, e := range r.Reach {
				assets = append(assets, e.Element.Name())
			}
			if len(assets) == 0 {
				assets = []string{"nothing declared"}
			}
			fmt.Fprintf(w, "  %s reaches no asset; it can act on %s\n", r.Role.Name(), strings.Join(assets, ", "))
			continue
		}
		fmt.Fprintf(w, "  %s reaches %s\n", r.Role.Name(), strings.Join(assets, ", "))
	}
	paths := 0
	for _, p := range d.Reach.Paths {
		if p.Rank == 1 && paths < 5 {
			fmt.Fprintf(w, "  path to %s (%s): %s\n", p.Asset.Name(), p.Likelihood, p.String())
			paths++
		}
	}
}
