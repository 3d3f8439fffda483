package modeljson

import (
	"bytes"
	"io"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// Format and Version identify the model format. Version changes when a
// model file that decodes today would decode differently, or not at all;
// fields added later that old files lack do not change it.
const (
	Format  = "threatwright/model"
	Version = 1
)

// MaxSize is the largest model file Decode reads, in bytes.
const MaxSize = 32 << 20

// Decode reads a model file and declares the model it describes, each
// element recording file and its line as its declaration site (file may be
// ""). The model is not validated: call Validate or Findings on it, as on a
// model declared in Go. On any problem Decode returns a nil model and an
// Errors value that lists each problem with its JSON path, line and
// column; nothing is declared half-way.
func Decode(r io.Reader, file string) (*tm.Model, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	return Unmarshal(data, file)
}

// ReadFile decodes the model file at path.
func ReadFile(path string) (*tm.Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Unmarshal(data, path)
}

// Unmarshal is Decode over bytes.
func Unmarshal(data []byte, file string) (*tm.Model, error) {
	d := &decoder{data: data, file: file}
	m := d.decode()
	if len(d.r.errs) > 0 {
		for _, e := range d.r.errs {
			e.File = file
			e.Line, e.Column = lineCol(data, e.Offset)
		}
		slices.SortStableFunc(d.r.errs, func(a, b *Error) int { return int(a.Offset - b.Offset) })
		return nil, d.r.errs
	}
	return m, nil
}

type decoder struct {
	data []byte
	file string
	r    reader
	in   model
	x    index
	deps map[id][]id
	tmm  *tm.Model
	// lines holds the offset at which each line starts.
	lines []int64
}

func (d *decoder) decode() *tm.Model {
	if len(d.data) > MaxSize {
		d.r.fail("$", 0, "the file is larger than "+strconv.Itoa(MaxSize>>20)+" MiB")
		return nil
	}
	root, err := parse(d.data)
	if err != nil {
		if err.Path == "" {
			err.Path = "$"
		}
		d.r.errs = append(d.r.errs, err)
		return nil
	}
	if !d.header(root) {
		return nil
	}
	d.r.read(root, reflect.ValueOf(&d.in).Elem(), "$", nil, "")
	if len(d.r.errs) > 0 {
		return nil
	}
	d.check()
	if len(d.r.errs) > 0 {
		return nil
	}
	order := d.order()
	if len(d.r.errs) > 0 {
		return nil
	}
	return d.build(order)
}

// header checks format and version first, so that a file of another format
// or a later version says so rather than listing unknown fields.
func (d *decoder) header(root *value) bool {
	if root.kind != 'o' {
		d.r.fail("$", root.off, "expected an object with \"format\": "+strconv.Quote(Format)+", got "+root.kindName())
		return false
	}
	var format, version *value
	for i, k := range root.keys {
		switch k {
		case "format":
			format = root.vals[i]
		case "version":
			version = root.vals[i]
		}
	}
	switch {
	case format == nil:
		d.r.fail("$", root.off, "missing field \"format\": expected "+strconv.Quote(Format))
	case format.kind != 's' || format.str != Format:
		d.r.fail("$.format", format.off, "expected "+strconv.Quote(Format)+", got "+describe(format))
	case version == nil:
		d.r.fail("$", root.off, "missing field \"version\": expected "+strconv.Itoa(Version))
	case version.kind != 'n' || version.str != strconv.Itoa(Version):
		d.r.fail("$.version", version.off, "this package reads version "+strconv.Itoa(Version)+" of the format, got "+describe(version))
	}
	return len(d.r.errs) == 0
}

// resolve finds a reference by name in collection c, recording a
// dependency of from on it when from is set.
func (d *decoder) resolve(from *id, el *meta, field string, c coll, name string) (id, bool) {
	target, ok := d.x.find(c, name)
	if !ok {
		what := collSingular[c] + " declared in " + collNames[c]
		if c == cFlows {
			what = "the key (\"Source → Destination: name\") or the id of a flow declared in flows"
		}
		d.r.fail(el.Path+field, el.Offs[field], "expected "+what+", got "+strconv.Quote(name))
		return id{}, false
	}
	if from != nil {
		d.deps[*from] = append(d.deps[*from], target)
	}
	return target, true
}

// resolveRef finds a reference written as a path (components["X"]) to an
// element of one of the collections allowed, or "*" when wildcard.
func (d *decoder) resolveRef(from *id, el *meta, field string, s string, wildcard bool, allowed ...coll) {
	c, name, ok := parseRef(s)
	if ok && c == nColls && wildcard {
		return
	}
	if !ok || c == nColls || !slices.Contains(allowed, c) {
		var want []string
		for _, a := range allowed {
			want = append(want, collNames[a]+`["name"]`)
		}
		if wildcard {
			want = append(want, `"*"`)
		}
		d.r.fail(el.Path+field, el.Offs[field], "expected a reference "+strings.Join(want, ", ")+", got "+strconv.Quote(s))
		return
	}
	d.resolve(from, el, field, c, name)
}

func (d *decoder) names(from *id, el *meta, field string, c coll, list []string) {
	for i, n := range list {
		d.resolve(from, el, field+"["+strconv.Itoa(i)+"]", c, n)
	}
}

func (d *decoder) refList(from *id, el *meta, field string, list []string, wildcard bool, allowed ...coll) {
	for i, s := range list {
		d.resolveRef(from, el, field+"["+strconv.Itoa(i)+"]", s, wildcard, allowed...)
	}
}

// resources are the collections a permission or a secret may name.
var resources = []coll{cComponents, cAssets, cSecrets, cRoles, cZones}

// everything is every collection a reference may name.
var everything = []coll{cZones, cGuardrails, cRoles, cAssets, cComponents, cFlows, cSecrets, cDependencies, cThreats, cMitigations}

// order works out an order of declaration in which each element comes after
// the elements its declaration names, and each collection keeps its order.
func (d *decoder) order() []id {
	lens := d.lens()
	var next [nColls]int
	done := map[id]bool{}
	var out []id
	for progress := true; progress; {
		progress = false
		for c := range nColls {
			for next[c] < lens[c] {
				el := id{c, next[c]}
				if !d.ready(el, done) {
					break
				}
				done[el] = true
				out = append(out, el)
				next[c]++
				progress = true
			}
		}
	}
	for c := range nColls {
		if next[c] < lens[c] {
			m := d.metaOf(id{c, next[c]})
			d.r.fail(m.Path, m.Off, "the element names an element declared after it that needs it first (or itself): reorder the elements so that each comes after what it names")
		}
	}
	return out
}

func (d *decoder) ready(el id, done map[id]bool) bool {
	for _, dep := range d.deps[el] {
		if !done[dep] {
			return false
		}
	}
	return true
}

func (d *decoder) lens() [nColls]int {
	in := &d.in
	return [nColls]int{len(in.Zones), len(in.Guardrails), len(in.Roles), len(in.Assets), len(in.Components),
		len(in.Flows), len(in.Secrets), len(in.Dependencies), len(in.Threats), len(in.Mitigations)}
}

func (d *decoder) metaOf(el id) *meta {
	in := &d.in
	switch el.c {
	case cZones:
		return &in.Zones[el.i].meta
	case cGuardrails:
		return &in.Guardrails[el.i].meta
	case cRoles:
		return &in.Roles[el.i].meta
	case cAssets:
		return &in.Assets[el.i].meta
	case cComponents:
		return &in.Components[el.i].meta
	case cFlows:
		return &in.Flows[el.i].meta
	case cSecrets:
		return &in.Secrets[el.i].meta
	case cDependencies:
		return &in.Dependencies[el.i].meta
	case cThreats:
		return &in.Threats[el.i].meta
	}
	return &in.Mitigations[el.i].meta
}

// pos returns the position of a JSON value, for DeclareAt.
func (d *decoder) pos(off int64) tm.Pos {
	if d.lines == nil {
		d.lines = []int64{0}
		for i, b := range d.data {
			if b == '\n' {
				d.lines = append(d.lines, int64(i+1))
			}
		}
	}
	line, _ := slices.BinarySearch(d.lines, off+1)
	file := d.file
	if file == "" {
		file = "model.json"
	}
	return tm.Pos{File: file, Line: line}
}

// at makes the next declarations record the line of offset off.
func (d *decoder) at(off int64) { d.tmm.DeclareAt(d.pos(off)) }

// UnmarshalText reads a duration: Go's syntax ("720h", "1h30m") or a whole
// number of days ("90d").
func (p *duration) UnmarshalText(b []byte) error {
	s := string(b)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.ParseUint(n, 10, 16)
		if err == nil {
			*p = duration(time.Duration(days) * 24 * time.Hour)
			return nil
		}
	}
	v, err := time.ParseDuration(s)
	*p = duration(v)
	return err
}

// UnmarshalText reads a date ("2027-03-31", midnight UTC) or an RFC 3339
// time.
func (p *date) UnmarshalText(b []byte) error {
	if t, err := time.Parse(time.DateOnly, string(b)); err == nil {
		*p = date(t)
		return nil
	}
	var t time.Time
	err := t.UnmarshalText(bytes.TrimSpace(b))
	*p = date(t)
	return err
}
