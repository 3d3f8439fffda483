package otm

import (
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/threatmodel"
)

// Import reads an Open Threat Model document (0.2.0, and 0.1.0 documents
// that use the same fields) and builds a model through the DSL. It fails
// with Errors, each naming a JSON path, its line and column and what was
// expected there, when the document is not JSON, lacks a property the
// schema requires, or refers to an element it does not declare; it then
// returns no model. ImportReport also returns what the import left out.
func Import(r io.Reader) (*threatmodel.Model, error) {
	m, _, err := ImportReport(r)
	return m, err
}

// ImportReport is Import, returning besides the model the warnings: what
// the document holds that the model could not keep, in document order.
//
// Trust zones keep their parents; their trust comes from the trust rating
// (below 30 untrusted, below 60 semi-trusted, below 90 trusted, else highly
// trusted). Components keep their trust zone, and their kind is inferred
// from their type and tags unless a threatwright.kind attribute states it.
// Data flows connect components; a bidirectional flow gains a response.
// Assets keep their risk as a risk level. Threats that a threatwright rule
// derived (a threatwright.rule attribute) are left to the analysis, which
// derives them again; other threats become hand-written threats about the
// elements that list them, with their first STRIDE category, and the
// mitigations implemented on them become declared mitigations on those
// elements.
func ImportReport(r io.Reader) (*threatmodel.Model, []Warning, error) {
	return ImportFrom(r, "")
}

// ImportFrom is ImportReport for a document read from a file: every element
// of the model records the file and the line of the document that declares
// it (threatmodel.Model.DeclareAt), so that validation findings, the report
// and SARIF point at the document rather than at this package. An empty
// file name records no position, as ImportReport does.
func ImportFrom(r io.Reader, file string) (*threatmodel.Model, []Warning, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportSize+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > MaxImportSize {
		return nil, nil, Errors{{Path: "$", Line: 1, Column: 1, Message: "the document is larger than " + strconv.Itoa(MaxImportSize>>20) + " MiB"}}
	}
	pos, perr := index(data)
	if perr != nil {
		return nil, nil, Errors{perr}
	}
	var doc document
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, nil, Errors{pos.typeError(err)}
	}
	im := newImporter(pos, &doc)
	im.file = file
	im.run()
	if im.m != nil {
		im.m.DeclareAt(threatmodel.Pos{})
	}
	if len(im.errs) > 0 {
		slices.SortStableFunc(im.errs, func(a, b *Error) int {
			if a.Line != b.Line {
				return a.Line - b.Line
			}
			return a.Column - b.Column
		})
		return nil, nil, im.errs
	}
	return im.m, im.warns, nil
}

// importer builds a model from a decoded document.
type importer struct {
	pos   *positions
	doc   *document
	file  string // the document's file, for declaration sites; "" for none
	ours  bool   // written by Export: its attributes say everything
	m     *threatmodel.Model
	errs  Errors
	warns []Warning

	zoneAt, compAt, flowAt, assetAt, threatAt, mitigationAt map[string]int

	zones  map[string]*threatmodel.Zone
	comps  map[string]*threatmodel.Component
	flows  map[string]*threatmodel.Flow
	assets map[string]*threatmodel.Asset
	// uses are the threats listed on components and flows.
	uses []use
	// threatIDs maps a document threat's id to the ID the model knows it by.
	threatIDs map[string]string
}

// use is a threat listed on an element.
type use struct {
	el   threatmodel.Element
	path string
	inst threatInstance
}

// posOf returns where the value at path starts in the document's file,
// or the zero Pos when the document has no file name.
func (im *importer) posOf(path string) threatmodel.Pos {
	if im.file == "" {
		return threatmodel.Pos{}
	}
	line, _ := im.pos.lineCol(im.pos.offsetOf(path))
	return threatmodel.Pos{File: im.file, Line: line}
}

// declareAt makes the model's next declarations record the line of the
// value at path (posOf), when the document has a file name.
func (im *importer) declareAt(path string) {
	if im.file != "" {
		im.m.DeclareAt(im.posOf(path))
	}
}

func newImporter(pos *positions, doc *document) *importer {
	return &importer{pos: pos, doc: doc, ours: attrString(doc.Project.Attributes, "generator") == "threatwright",
		zones: map[string]*threatmodel.Zone{}, comps: map[string]*threatmodel.Component{},
		flows: map[string]*threatmodel.Flow{}, assets: map[string]*threatmodel.Asset{}, threatIDs: map[string]string{}}
}

func (im *importer) fail(path, msg string) { im.errs = append(im.errs, im.pos.errorOn(path, msg)) }

func (im *importer) warn(path, msg string) { im.warns = append(im.warns, im.pos.warningOn(path, msg)) }

func at(coll string, i int) string { return "$." + coll + "[" + strconv.Itoa(i) + "]" }

func (im *importer) run() {
	im.project()
	if im.m == nil {
		return
	}
	im.zoneAt = im.ids("trustZones", len(im.doc.TrustZones), func(i int) (string, string) {
		return im.doc.TrustZones[i].ID, im.doc.TrustZones[i].Name
	})
	im.compAt = im.ids("components", len(im.doc.Components), func(i int) (string, string) {
		return im.doc.Components[i].ID, im.doc.Components[i].Name
	})
	im.flowAt = im.ids("dataflows", len(im.doc.Dataflows), func(i int) (string, string) {
		return im.doc.Dataflows[i].ID, "-"
	})
	im.assetAt = im.ids("assets", len(im.doc.Assets), func(i int) (string, string) {
		return im.doc.Assets[i].ID, im.doc.Assets[i].Name
	})
	im.threatAt = im.ids("threats", len(im.doc.Threats), func(i int) (string, string) {
		return im.doc.Threats[i].ID, "-" // a repeated title is one threat on several elements
	})
	im.mitigationAt = im.ids("mitigations", len(im.doc.Mitigations), func(i int) (string, string) {
		return im.doc.Mitigations[i].ID, im.doc.Mitigations[i].Name
	})
	if len(im.errs) > 0 {
		return
	}
	im.importAssets()
	im.importZones()
	im.importComponents()
	im.importFlows()
	im.checkUses()
	im.importThreats()
	im.importMitigations()
	im.processedWarnings()
	for _, f := range im.m.Findings() {
		if f.Severity == threatmodel.SeverityError {
			im.fail("$", "the model built from the document is malformed: "+f.Message+" ("+f.Path+")")
		}
	}
}

func (im *importer) project() {
	p := im.doc.Project
	if im.doc.OTMVersion == "" {
		im.fail("$.otmVersion", "expected otmVersion, the OTM version the document follows (0.2.0)")
	} else if !strings.HasPrefix(im.doc.OTMVersion, "0.") {
		im.warn("$.otmVersion", "OTM "+im.doc.OTMVersion+" is not a version this importer knows (0.1.0, 0.2.0): read as 0.2.0")
	}
	if strings.TrimSpace(p.Name) == "" {
		im.fail("$.project.name", "expected the project's name, a string that is not empty")
		return
	}
	opts := []threatmodel.ModelOption{threatmodel.Description(p.Description)}
	if p.Owner != "" {
		opts = append(opts, threatmodel.Owner(p.Owner))
	}
	if pos := im.posOf("$"); pos.IsValid() {
		opts = append(opts, threatmodel.DeclaredAt(pos))
	}
	im.m = threatmodel.New(p.Name, opts...)
	interest, worst := attrString(p.Attributes, "adversaryInterest"), attrString(p.Attributes, "worstCase")
	if interest != "" || worst != "" {
		im.m.ThreatContext(interest, worst)
	}
}

// ids indexes a collection by id, failing on an empty or repeated id and
// on an empty or repeated name (name "-" is not checked).
func (im *importer) ids(coll string, n int, get func(int) (id, name string)) map[string]int {
	byID := map[string]int{}
	byName := map[string]int{}
	for i := range n {
		id, name := get(i)
		path := at(coll, i)
		switch j, dup := byID[id]; {
		case id == "":
			im.fail(path+".id", "expected an id, a string that is not empty")
		case dup:
			im.fail(path+".id", "the id "+strconv.Quote(id)+" is already used by "+at(coll, j))
		default:
			byID[id] = i
		}
		if name == "-" {
			continue
		}
		switch j, dup := byName[name]; {
		case strings.TrimSpace(name) == "":
			im.fail(path+".name", "expected a name, a string that is not empty")
		case dup:
			im.fail(path+".name", "the name "+strconv.Quote(name)+" is already used by "+at(coll, j)+"; the model needs unique names")
		default:
			byName[name] = i
		}
	}
	return byID
}

// parseToken reads a threatwright token attribute into v, warning when the
// token is not one v knows.
func (im *importer) parseToken(path string, a attributes, key string, v interface{ UnmarshalText([]byte) error }) bool {
	s := attrString(a, key)
	if s == "" {
		return false
	}
	if err := v.UnmarshalText([]byte(s)); err != nil {
		im.warn(path+".attributes[\""+attrPrefix+key+"\"]", "unknown value "+strconv.Quote(s)+": left out")
		return false
	}
	return true
}

// controls reads a threatwright.controls attribute.
func (im *importer) controls(path string, a attributes) []threatmodel.Control {
	var out []threatmodel.Control
	for _, s := range attrStrings(a, "controls") {
		var c threatmodel.Control
		if err := c.UnmarshalText([]byte(s)); err != nil {
			im.warn(path+".attributes[\""+attrPrefix+"controls\"]", "unknown control "+strconv.Quote(s)+": left out")
			continue
		}
		out = append(out, c)
	}
	return out
}
