package otm

// Version is the Open Threat Model version Export writes.
const Version = "0.2.0"

// attrPrefix starts the attribute keys that carry what OTM has no field for.
const attrPrefix = "threatwright."

// sourceRepresentation is the ID of the code representation every element's
// declaration site refers to.
const sourceRepresentation = "threatwright-source"

// The OTM 0.2.0 document (otm_schema.json of iriusrisk/OpenThreatModel).
// Field order is output order; the schema's required properties are never
// omitted.
type document struct {
	OTMVersion      string           `json:"otmVersion"`
	Project         project          `json:"project"`
	Representations []representation `json:"representations,omitempty"`
	TrustZones      []trustZone      `json:"trustZones"`
	Components      []component      `json:"components"`
	Dataflows       []dataflow       `json:"dataflows"`
	Assets          []asset          `json:"assets,omitempty"`
	Threats         []threat         `json:"threats,omitempty"`
	Mitigations     []mitigation     `json:"mitigations,omitempty"`
}

type attributes = map[string]any

type project struct {
	Name        string     `json:"name"`
	ID          string     `json:"id"`
	Description string     `json:"description,omitempty"`
	Owner       string     `json:"owner,omitempty"`
	Attributes  attributes `json:"attributes,omitempty"`
}

type representation struct {
	Name        string `json:"name"`
	ID          string `json:"id"`
	Type        string `json:"type"`
	Description string `json:"description,omitempty"`
}

type representationElement struct {
	Representation string `json:"representation"`
	ID             string `json:"id"`
	Name           string `json:"name,omitempty"`
	File           string `json:"file,omitempty"`
	Line           int    `json:"line,omitempty"`
}

type parent struct {
	TrustZone string `json:"trustZone,omitempty"`
	Component string `json:"component,omitempty"`
}

type trustZone struct {
	ID              string                  `json:"id"`
	Name            string                  `json:"name"`
	Type            string                  `json:"type,omitempty"`
	Description     string                  `json:"description,omitempty"`
	Risk            *trustRisk              `json:"risk"`
	Parent          *parent                 `json:"parent,omitempty"`
	Representations []representationElement `json:"representations,omitempty"`
	Attributes      attributes              `json:"attributes,omitempty"`
}

type trustRisk struct {
	TrustRating *float64 `json:"trustRating"`
}

type assetInstance struct {
	Processed []string `json:"processed,omitempty"`
	Stored    []string `json:"stored,omitempty"`
}

type threatInstance struct {
	Threat      string               `json:"threat"`
	State       string               `json:"state"`
	Mitigations []mitigationInstance `json:"mitigations,omitempty"`
}

type mitigationInstance struct {
	Mitigation string `json:"mitigation"`
	State      string `json:"state"`
}

type component struct {
	ID              string                  `json:"id"`
	Name            string                  `json:"name"`
	Type            string                  `json:"type"`
	Description     string                  `json:"description,omitempty"`
	Parent          *parent                 `json:"parent"`
	Representations []representationElement `json:"representations,omitempty"`
	Assets          *assetInstance          `json:"assets,omitempty"`
	Threats         []threatInstance        `json:"threats,omitempty"`
	Tags            []string                `json:"tags,omitempty"`
	Attributes      attributes              `json:"attributes,omitempty"`
}

type dataflow struct {
	ID              string                  `json:"id"`
	Name            string                  `json:"name"`
	Description     string                  `json:"description,omitempty"`
	Bidirectional   bool                    `json:"bidirectional,omitempty"`
	Source          string                  `json:"source"`
	Destination     string                  `json:"destination"`
	Assets          []string                `json:"assets,omitempty"`
	Threats         []threatInstance        `json:"threats,omitempty"`
	Tags            []string                `json:"tags,omitempty"`
	Representations []representationElement `json:"representations,omitempty"`
	Attributes      attributes              `json:"attributes,omitempty"`
}

type asset struct {
	Name            string                  `json:"name"`
	ID              string                  `json:"id"`
	Description     string                  `json:"description,omitempty"`
	Risk            *assetRisk              `json:"risk"`
	Representations []representationElement `json:"representations,omitempty"`
	Attributes      attributes              `json:"attributes,omitempty"`
}

type assetRisk struct {
	Confidentiality float64 `json:"confidentiality"`
	Integrity       float64 `json:"integrity"`
	Availability    float64 `json:"availability"`
	Comment         string  `json:"comment,omitempty"`
}

type threat struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Description string      `json:"description,omitempty"`
	Categories  []string    `json:"categories,omitempty"`
	CWEs        []string    `json:"cwes,omitempty"`
	Risk        *threatRisk `json:"risk"`
	Tags        []string    `json:"tags,omitempty"`
	Attributes  attributes  `json:"attributes,omitempty"`
}

type threatRisk struct {
	Likelihood       *float64 `json:"likelihood"`
	LikelihoodComent string   `json:"likelihoodComment,omitempty"`
	Impact           float64  `json:"impact"`
	ImpactComment    string   `json:"impactComment,omitempty"`
}

type mitigation struct {
	ID            string     `json:"id"`
	Name          string     `json:"name"`
	Description   string     `json:"description,omitempty"`
	RiskReduction float64    `json:"riskReduction"`
	Attributes    attributes `json:"attributes,omitempty"`
}
