package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/threatwright/threatwright/modeljson"
	"github.com/threatwright/threatwright/otm"
	"github.com/threatwright/threatwright/threatmodel"
)

// LoadFile reads a model file for WithLoader: threatwright's JSON model
// (modeljson, "format": "threatwright/model") or an Open Threat Model
// document ("otmVersion"), told apart by their content. What an OTM import
// could not keep is written to warn, one line each, when it is not nil.
func LoadFile(path string, warn io.Writer) (*threatmodel.Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		// Let the decoder say where: it reports the line and column.
		return modeljson.Unmarshal(data, path)
	}
	if _, ok := top["otmVersion"]; ok {
		m, warnings, err := otm.ImportFrom(bytes.NewReader(data), path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for _, w := range warnings {
			if warn != nil {
				fmt.Fprintf(warn, "%s:%d:%d: %s: %s\n", path, w.Line, w.Column, w.Path, w.Message)
			}
		}
		return m, nil
	}
	return modeljson.Unmarshal(data, path)
}

// runExport writes the model as threatwright JSON, Open Threat Model or
// TM-BOM.
func runExport(ctx context.Context, c *config, args []string) (int, error) {
	fs := c.flags("export")
	format := fs.String("format", "json", "json (threatwright's model), otm (Open Threat Model 0.2.0) or tmbom (OWASP TM-BOM, for Threat Dragon)")
	out := fs.String("o", "", "the file to write (standard output if empty)")
	root := fs.String("root", ".", "for otm: the repository root declaration sites are relative to")
	at := fs.String("at", "", "judge accepted risks at this date (YYYY-MM-DD) instead of today")
	if err := fs.Parse(args); err != nil {
		return ExitError, err
	}
	arg, err := oneArg(fs)
	if err != nil {
		return ExitError, err
	}
	m, err := c.loadModel(arg)
	if err != nil {
		return ExitError, err
	}
	var write func(w io.Writer) error
	switch strings.ToLower(*format) {
	case "json":
		write = func(w io.Writer) error { return modeljson.Encode(w, m) }
	case "otm", "tmbom":
		d, err := c.document(ctx, m, *at)
		if err != nil {
			return ExitError, err
		}
		write = func(w io.Writer) error { return otm.Export(w, d, otm.Root(*root)) }
		if strings.EqualFold(*format, "tmbom") {
			write = func(w io.Writer) error { return otm.ExportTMBOM(w, d) }
		}
	default:
		return ExitError, fmt.Errorf("-format %q: want json, otm or tmbom", *format)
	}
	return ExitOK, c.output(*out, write)
}

// runImport reads an Open Threat Model document (or any model file the
// loader reads) and writes it as threatwright's JSON model.
func runImport(_ context.Context, c *config, args []string) (int, error) {
	fs := c.flags("import")
	out := fs.String("o", "", "the file to write (standard output if empty)")
	if err := fs.Parse(args); err != nil {
		return ExitError, err
	}
	if fs.NArg() != 1 {
		return ExitError, fmt.Errorf("name one model file to import")
	}
	m, err := c.loadModel(fs.Arg(0))
	if err != nil {
		return ExitError, err
	}
	return ExitOK, c.output(*out, func(w io.Writer) error { return modeljson.Encode(w, m) })
}

// output writes with write to the file, or to standard output when file
// is "".
func (c *config) output(file string, write func(io.Writer) error) error {
	if file == "" {
		return write(c.stdout)
	}
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	return os.WriteFile(file, b.Bytes(), 0o644)
}
