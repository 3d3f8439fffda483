package threatmodel

// Format is a kind of input a process accepts and parses: what arrives in a
// request body, a message or a file. The STRIDE rules read it for the
// threats that live in parsers — XML external entities, unsafe
// deserialization, uploaded files, path traversal, archive extraction,
// template injection. The zero value means "not stated".
type Format uint8

// Formats, as a reviewer would name them.
const (
	JSON              Format = iota + 1 // JSON documents
	XML                                 // XML documents, SOAP, SAML, SVG
	YAML                                // YAML documents
	SerializedObjects                   // native serialized objects: Java serialization, .NET BinaryFormatter, pickle, PHP serialize
	FileUploads                         // files uploaded by callers (multipart form data, pre-signed uploads)
	Archives                            // zip, tar and other archives that are extracted
	FilePaths                           // file names or paths that the process opens
	Templates                           // template text that the process renders (Jinja, Freemarker, Handlebars)
	QueryText                           // SQL or another query language written by the caller
	Markup                              // Markdown or HTML that the process renders or sanitizes
	Documents                           // PDF and office documents that the process opens
	Images                              // images that the process decodes or transforms
	ProtocolBuffers                     // Protocol Buffers messages: gRPC and other protobuf encodings
	// NaturalLanguage is text a model reads as its prompt or context:
	// chat messages, retrieved documents and web pages, emails, tool
	// results. Instructions hidden in it can steer the model (prompt
	// injection), so where it comes from matters more than its syntax.
	NaturalLanguage
)

var formatNames = enumNames{"Format",
	[]string{"unstated", "JSON", "XML", "YAML", "Serialized objects", "File uploads", "Archives", "File paths",
		"Templates", "Query text", "Markdown or HTML", "Documents", "Images", "Protocol Buffers", "Natural language"},
	[]string{"", "json", "xml", "yaml", "serialized-objects", "file-uploads", "archives", "file-paths",
		"templates", "query-text", "markup", "documents", "images", "protobuf", "natural-language"}}

// String returns the Format's display name, or Format(N) for a value out of range.
func (f Format) String() string { return formatNames.str(uint8(f)) }

// MarshalText returns the Format's text token; the zero value, "unstated", is the empty token.
func (f Format) MarshalText() ([]byte, error) { return formatNames.marshal(uint8(f)) }

// UnmarshalText sets the Format from a token written by MarshalText.
func (f *Format) UnmarshalText(b []byte) error {
	v, err := formatNames.unmarshal(b)
	if err != nil {
		return err
	}
	*f = Format(v)
	return nil
}

// AllFormats lists every format in declaration order.
func AllFormats() []Format {
	out := make([]Format, 0, len(formatNames.display)-1)
	for i := 1; i < len(formatNames.display); i++ {
		out = append(out, Format(i))
	}
	return out
}

// formatSet is a bit set of formats.
type formatSet uint64

func (s formatSet) has(f Format) bool { return f > 0 && f < 64 && s&(1<<f) != 0 }

func (s formatSet) list() []Format {
	var out []Format
	for f := Format(1); f < 64; f++ {
		if s.has(f) {
			out = append(out, f)
		}
	}
	return out
}

// addFormats validates the formats and adds the valid ones to set; each
// invalid one is recorded as CodeInvalidValue at the element's path and
// field.
func addFormats(set *formatSet, formats []Format, el Element, field string) {
	n := el.base()
	for _, f := range formats {
		if f == 0 || !formatNames.valid(uint8(f)) {
			n.m.record(CodeInvalidValue, el.Path()+"."+field, n.at, el, "format "+f.String()+" is not a valid Format")
			continue
		}
		*set |= 1 << f
	}
}

// Accepts states the formats a process accepts and parses: what its
// requests, messages and files are written in. The rules about parsers
// (XML external entities, unsafe deserialization, uploaded files, path
// traversal, archive extraction, template injection) read it; a flow into
// the process may narrow it for that flow with Encoded. Only a process
// parses: on an external entity or a data store the option is
// CodeInvalidValue.
func Accepts(formats ...Format) ComponentOption {
	return componentFunc(func(c *Component) {
		if c.kind != Process {
			c.m.record(CodeInvalidValue, c.Path()+".accepts", c.at, c, "only a process accepts and parses input: state the formats on the process that reads it")
			return
		}
		addFormats(&c.accepts, formats, c, "accepts")
	})
}

// Encoded states the formats of what the flow carries: a partner's XML
// invoices, a user's multipart upload of documents. The destination parses
// them: for the rules about parsers, the flow brings exactly these formats,
// whatever else its destination Accepts from other flows.
func Encoded(formats ...Format) FlowOption {
	return flowFunc(func(f *Flow) { addFormats(&f.formats, formats, f, "formats") })
}

// Accepts returns the formats the process accepts (see the Accepts
// option), in Format order; nil when it states none, and for a nil
// component.
func (c *Component) Accepts() []Format {
	if c == nil {
		return nil
	}
	return c.accepts.list()
}

// Formats returns the formats the flow is encoded in (see Encoded), in
// Format order; nil when it states none, and for a nil flow.
func (f *Flow) Formats() []Format {
	if f == nil {
		return nil
	}
	return f.formats.list()
}

// Brings returns the formats the flow brings its destination to parse: the
// flow's own (Encoded) when it states them, else those its destination
// Accepts. Nil for a nil flow, or when neither says.
func (f *Flow) Brings() []Format {
	if f == nil {
		return nil
	}
	if f.formats != 0 {
		return f.formats.list()
	}
	return f.dst.Accepts()
}
