package otm

import (
	"io"
	"slices"

	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	"github.com/threatwright/threatwright/threatmodel"
)

// TMBOMSchema is the schema a TM-BOM document names: version 1.0.0 of the
// OWASP Threat Model Library's threat-model.schema.json, the version
// OWASP Threat Dragon bundles.
const TMBOMSchema = "https://github.com/OWASP/www-project-threat-model-library/blob/v1.0.0/threat-model.schema.json"

// The TM-BOM document. Field order is output order; required properties are
// never omitted. Actors and data stores carry trust_zone as Threat Dragon
// writes and reads it, to place them in their zone.
type bom struct {
	Schema          string          `json:"$schema"`
	Version         string          `json:"version"`
	Scope           bomScope        `json:"scope"`
	Description     string          `json:"description,omitempty"`
	TrustZones      []bomZone       `json:"trust_zones"`
	TrustBoundaries []bomBoundary   `json:"trust_boundaries"`
	Actors          []bomActor      `json:"actors"`
	Components      []bomComponent  `json:"components"`
	DataStores      []bomStore      `json:"data_stores"`
	DataSets        []bomDataSet    `json:"data_sets"`
	DataFlows       []bomFlow       `json:"data_flows"`
	Assumptions     []bomAssumption `json:"assumptions,omitempty"`
	ThreatPersonas  []bomPersona    `json:"threat_personas,omitempty"`
	Threats         []bomThreat     `json:"threats,omitempty"`
	Controls        []bomControl    `json:"controls,omitempty"`
}

type bomScope struct {
	Title               string   `json:"title"`
	Description         string   `json:"description"`
	BusinessCriticality string   `json:"business_criticality"`
	DataSensitivity     []string `json:"data_sensitivity"`
	Exposure            string   `json:"exposure"`
	Tier                string   `json:"tier"`
}

type bomZone struct {
	SymbolicName string `json:"symbolic_name"`
	Title        string `json:"title"`
	Description  string `json:"description"`
}

type bomBoundary struct {
	A string `json:"trust_zone_a"`
	B string `json:"trust_zone_b"`
}

type bomActor struct {
	SymbolicName string `json:"symbolic_name"`
	Title        string `json:"title"`
	Description  string `json:"description"`
	Type         string `json:"type"`
	TrustZone    string `json:"trust_zone,omitempty"`
}

type bomComponent struct {
	SymbolicName string `json:"symbolic_name"`
	Title        string `json:"title"`
	Description  string `json:"description"`
	TrustZone    string `json:"trust_zone"`
}

type bomStore struct {
	SymbolicName string `json:"symbolic_name"`
	Title        string `json:"title"`
	Description  string `json:"description"`
	Type         string `json:"type"`
	TrustZone    string `json:"trust_zone,omitempty"`
	Product      string `json:"product,omitempty"`
}

type bomDataSet struct {
	SymbolicName    string         `json:"symbolic_name"`
	Title           string         `json:"title"`
	Description     string         `json:"description"`
	Placements      []bomPlacement `json:"placements"`
	DataSensitivity []string       `json:"data_sensitivity"`
}

type bomPlacement struct {
	DataStore string `json:"data_store"`
	Encrypted bool   `json:"encrypted"`
}

type bomRef struct {
	Type   string `json:"type"`
	Object string `json:"object"`
}

type bomFlow struct {
	SymbolicName     string `json:"symbolic_name"`
	Title            string `json:"title"`
	Description      string `json:"description"`
	Source           bomRef `json:"source"`
	Destination      bomRef `json:"destination"`
	HasSensitiveData bool   `json:"has_sensitive_data"`
	Encrypted        bool   `json:"encrypted"`
}

type bomAssumption struct {
	Description string `json:"description"`
	Validity    string `json:"validity"`
}

type bomPersona struct {
	SymbolicName       string `json:"symbolic_name"`
	Title              string `json:"title"`
	Description        string `json:"description"`
	IsPerson           bool   `json:"is_person"`
	SkillLevel         string `json:"skill_level"`
	AccessLevel        string `json:"access_level"`
	MaliciousIntent    bool   `json:"malicious_intent"`
	ApplicabilityToOrg string `json:"applicability_to_org"`
}

type bomThreat struct {
	SymbolicName       string      `json:"symbolic_name"`
	Title              string      `json:"title"`
	Description        string      `json:"description"`
	ComponentsAffected []string    `json:"components_affected,omitempty"`
	ThreatPersona      string      `json:"threat_persona"`
	Event              string      `json:"event"`
	Sources            []string    `json:"sources"`
	AttackMechanisms   []bomCAPEC  `json:"attack_mechanisms,omitempty"`
	Weaknesses         []bomCWERef `json:"weaknesses,omitempty"`
}

type bomCAPEC struct {
	ID int `json:"capec_id"`
}

type bomCWERef struct {
	ID int `json:"cwe_id"`
}

type bomControl struct {
	SymbolicName string   `json:"symbolic_name"`
	Title        string   `json:"title"`
	Description  string   `json:"description"`
	Threats      []string `json:"threats"`
	Status       string   `json:"status"`
	Priority     string   `json:"priority"`
}

// persona is the one threat persona a TM-BOM threat names: threatwright
// does not model personas, so it stands for the attacker of the STRIDE
// analysis.
const persona = "attacker"

// ExportTMBOM writes the document in the OWASP Threat Model Library format
// (TM-BOM), which OWASP Threat Dragon imports: the scope (criticality and
// tier from the assets' risk levels, exposure external when an external
// entity sits in an untrusted zone), the trust zones and the boundaries
// flows cross between them, the external entities as actors, the
// processes as components, the data stores, the assets as data sets placed
// on the data stores that hold them, the data flows, the assumptions, the
// threats with their CAPEC and CWE references, and as controls the declared
// mitigations and controls that close threats (status active) and the
// recommendations for open ones (status suggested). Output depends only on
// the document.
func ExportTMBOM(w io.Writer, d *render.Document) error {
	if d == nil || d.Model == nil {
		return render.ErrNilModel
	}
	return writeJSON(w, newBOMExporter(d).bom())
}

type bomExporter struct {
	d     *render.Document
	names *namer
	ids   map[threatmodel.Element]string
}

func newBOMExporter(d *render.Document) *bomExporter {
	b := &bomExporter{d: d, names: newNamer(), ids: map[threatmodel.Element]string{}}
	b.names.used[persona] = true
	m := d.Model
	for _, z := range m.Zones() {
		b.ids[z] = b.names.id("", z.Name())
	}
	for _, c := range m.Components() {
		b.ids[c] = b.names.id("", c.Name())
	}
	for _, f := range m.Flows() {
		b.ids[f] = b.names.id("", f.Key())
	}
	for _, a := range m.Assets() {
		b.ids[a] = b.names.id("", a.Name())
	}
	return b
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

func (b *bomExporter) bom() *bom {
	m := b.d.Model
	out := &bom{Schema: TMBOMSchema, Version: "1", Scope: b.scope(), Description: m.Description(),
		TrustZones: []bomZone{}, TrustBoundaries: b.boundaries(), Actors: []bomActor{},
		Components: []bomComponent{}, DataStores: []bomStore{}, DataSets: []bomDataSet{}, DataFlows: []bomFlow{}}
	for _, z := range m.Zones() {
		desc := z.Trust().String() + " zone."
		if p := z.Parent(); p != nil {
			desc = z.Trust().String() + " zone inside " + p.Name() + "."
		}
		out.TrustZones = append(out.TrustZones, bomZone{b.ids[z], z.Name(), or(z.Description(), desc)})
	}
	for _, c := range m.Components() {
		b.addComponent(out, c)
	}
	for _, a := range m.Assets() {
		out.DataSets = append(out.DataSets, b.dataSet(a))
	}
	for _, f := range m.Flows() {
		out.DataFlows = append(out.DataFlows, b.flow(f))
	}
	for _, s := range m.Assumptions() {
		out.Assumptions = append(out.Assumptions, bomAssumption{Description: s, Validity: "unconfirmed"})
	}
	if b.d.Threats != nil && len(b.d.Threats.Threats) > 0 {
		out.ThreatPersonas = []bomPersona{{SymbolicName: persona, Title: "Attacker",
			Description: "Stands for every attacker of the STRIDE analysis: threatwright does not model personas, so skill, access and applicability are placeholders.",
			IsPerson:    true, SkillLevel: "engineer", AccessLevel: "anonymous", MaliciousIntent: true, ApplicabilityToOrg: "moderate"}}
		out.Threats, out.Controls = b.threats(b.d.Threats.Threats)
	}
	return out
}

func (b *bomExporter) addComponent(out *bom, c *threatmodel.Component) {
	desc := or(c.Description(), c.Kind().String()+".")
	zone := b.ids[c.Zone()]
	switch c.Kind() {
	case threatmodel.ExternalEntity:
		typ := "system"
		switch {
		case c.IsA(threatmodel.Human):
			typ = "user"
		case c.IsA(threatmodel.ThirdPartyService), c.IsA(threatmodel.LLM):
			typ = "third_party"
		}
		out.Actors = append(out.Actors, bomActor{b.ids[c], c.Name(), desc, typ, zone})
	case threatmodel.DataStore:
		out.DataStores = append(out.DataStores, bomStore{b.ids[c], c.Name(), desc, storeType(c), zone, c.Technology()})
	default:
		out.Components = append(out.Components, bomComponent{b.ids[c], c.Name(), desc, zone})
	}
}

// storeType is the TM-BOM data store type, "object" when none fits.
func storeType(c *threatmodel.Component) string {
	switch {
	case c.IsA(threatmodel.Database):
		return "sql"
	case c.IsA(threatmodel.Cache), c.IsA(threatmodel.SecretStore):
		return "key_value"
	case c.IsA(threatmodel.VectorStore):
		return "document"
	case c.IsA(threatmodel.LogStore):
		return "time_series"
	}
	return "object"
}

// refType is the TM-BOM type of a flow's end.
func refType(c *threatmodel.Component) string {
	switch c.Kind() {
	case threatmodel.ExternalEntity:
		return "actor"
	case threatmodel.DataStore:
		return "data_store"
	}
	return "component"
}

func (b *bomExporter) flow(f *threatmodel.Flow) bomFlow {
	return bomFlow{SymbolicName: b.ids[f], Title: f.Name(), Description: or(f.Description(), f.Key()),
		Source:           bomRef{refType(f.Source()), b.ids[f.Source()]},
		Destination:      bomRef{refType(f.Destination()), b.ids[f.Destination()]},
		HasSensitiveData: len(f.Carries()) > 0,
		Encrypted:        f.Encryption().Encrypted() || f.Protocol().AlwaysEncrypted()}
}

func (b *bomExporter) dataSet(a *threatmodel.Asset) bomDataSet {
	out := bomDataSet{SymbolicName: b.ids[a], Title: a.Name(), Description: or(a.Description(), a.Kind().String()+" asset."),
		Placements: []bomPlacement{}, DataSensitivity: sensitivity(a)}
	for _, c := range a.StoredIn() {
		if c.Kind() != threatmodel.DataStore {
			continue // a placement is on a data store
		}
		enc := c.Has(threatmodel.EncryptionAtRest)
		if l := a.Lifecycle(); l != nil && l.Encrypted >= threatmodel.ProviderManagedKey {
			enc = true
		}
		out.Placements = append(out.Placements, bomPlacement{b.ids[c], enc})
	}
	return out
}

// sensitivity is the TM-BOM data sensitivity of an asset.
func sensitivity(a *threatmodel.Asset) []string {
	var out []string
	if a.PII() {
		out = append(out, "pii")
	}
	switch a.Kind() {
	case threatmodel.AssetCredential, threatmodel.AssetIdentity:
		out = append(out, "cred")
	case threatmodel.AssetCode:
		out = append(out, "ip")
	case threatmodel.AssetLogs, threatmodel.AssetService, threatmodel.AssetEndpoint:
		out = append(out, "op")
	}
	if len(out) == 0 {
		out = append(out, "biz")
	}
	return out
}

func (b *bomExporter) scope() bomScope {
	m := b.d.Model
	interest, _ := m.Context()
	s := bomScope{Title: m.Name(), Description: or(m.Description(), or(interest, m.Name())),
		DataSensitivity: []string{}, Exposure: "internal"}
	var top threatmodel.Criticality
	for _, a := range m.Assets() {
		top = max(top, a.Criticality())
		for _, x := range sensitivity(a) {
			if !slices.Contains(s.DataSensitivity, x) {
				s.DataSensitivity = append(s.DataSensitivity, x)
			}
		}
	}
	slices.Sort(s.DataSensitivity)
	for _, c := range m.Components() {
		if c.Kind() == threatmodel.ExternalEntity && c.Zone() != nil && c.Zone().Trust() == threatmodel.Untrusted {
			s.Exposure = "external"
		}
	}
	switch top {
	case threatmodel.Critical:
		s.BusinessCriticality, s.Tier = "maximal", "mission_critical"
	case threatmodel.Important:
		s.BusinessCriticality, s.Tier = "high", "business_critical"
	case threatmodel.Moderate:
		s.BusinessCriticality, s.Tier = "moderate", "important"
	default:
		s.BusinessCriticality, s.Tier = "low", "non_critical"
	}
	return s
}

// boundaries lists each pair of zones a flow crosses between, once.
func (b *bomExporter) boundaries() []bomBoundary {
	out := []bomBoundary{}
	seen := map[bomBoundary]bool{}
	for _, f := range b.d.Model.Flows() {
		za, zb := f.Source().Zone(), f.Destination().Zone()
		if za == nil || zb == nil || za == zb {
			continue
		}
		pair := bomBoundary{b.ids[za], b.ids[zb]}
		if pair.A > pair.B {
			pair.A, pair.B = pair.B, pair.A
		}
		if !seen[pair] {
			seen[pair] = true
			out = append(out, pair)
		}
	}
	return out
}

// priorities of a control, by the highest inherent risk of its threats.
var priorities = map[threatmodel.Level]string{threatmodel.Low: "low", threatmodel.Medium: "medium",
	threatmodel.MediumHigh: "high", threatmodel.High: "high", threatmodel.VeryHigh: "critical"}

func (b *bomExporter) threats(ts []stride.Threat) ([]bomThreat, []bomControl) {
	var out []bomThreat
	var controls []bomControl
	index := map[string]int{} // control title and status → position in controls
	risk := map[int]threatmodel.Level{}
	addControl := func(title, desc, status, threatName string, l threatmodel.Level) {
		key := status + "\x00" + title
		i, ok := index[key]
		if !ok {
			i = len(controls)
			index[key] = i
			controls = append(controls, bomControl{SymbolicName: b.names.id("control-", title), Title: title,
				Description: desc, Status: status})
		}
		if !slices.Contains(controls[i].Threats, threatName) {
			controls[i].Threats = append(controls[i].Threats, threatName)
		}
		risk[i] = max(risk[i], l)
	}
	for i := range ts {
		t := &ts[i]
		name := b.names.id("", t.ID)
		bt := bomThreat{SymbolicName: name, Title: t.Title, Description: or(t.Description, t.Title),
			ThreatPersona: persona, Event: t.Category.String() + ": " + t.Title, Sources: []string{"adversary"}}
		for _, el := range t.Involved {
			if c, ok := el.(*threatmodel.Component); ok && !slices.Contains(bt.ComponentsAffected, b.ids[c]) {
				bt.ComponentsAffected = append(bt.ComponentsAffected, b.ids[c])
			}
		}
		for _, id := range t.CAPEC {
			bt.AttackMechanisms = append(bt.AttackMechanisms, bomCAPEC{id})
		}
		for _, id := range t.CWE {
			bt.Weaknesses = append(bt.Weaknesses, bomCWERef{id})
		}
		out = append(out, bt)
		switch t.Status {
		case stride.Mitigated:
			for _, title := range t.AppliedMitigations {
				addControl(title, "Declared mitigation: "+title+".", "active", name, t.InherentRisk)
			}
			for _, c := range t.Controls {
				addControl(c.String(), "The control "+c.String()+", stated where it acts.", "active", name, t.InherentRisk)
			}
		case stride.Open:
			for _, rec := range t.Mitigations {
				addControl(rec, rec, "suggested", name, t.InherentRisk)
			}
		}
	}
	for i := range controls {
		controls[i].Priority = or(priorities[risk[i]], "none")
	}
	return out, controls
}
