package diff

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/threatwright/threatwright/threatmodel"
)

// field is one attribute of an element as the diff compares it.
type field struct{ name, value string }

// described is an element and its attributes.
type described struct {
	el     threatmodel.Element
	fields []field
}

// describe returns every element of a model that the diff compares, by
// path, with the attributes a reviewer cares about.
func describe(m *threatmodel.Model) map[string]described {
	out := map[string]described{}
	if m == nil {
		return out
	}
	add := func(el threatmodel.Element, fs ...field) { out[el.Path()] = described{el, fs} }
	for _, z := range m.Zones() {
		add(z, field{"trust", z.Trust().String()}, field{"parent", pathOr(z.Parent())},
			field{"blast-radius boundary", strconv.FormatBool(z.ContainsBlastRadius())},
			field{"guardrails", names(z.Guardrails())})
	}
	for _, c := range m.Components() {
		add(c, componentFields(c)...)
	}
	for _, f := range m.Flows() {
		add(f, flowFields(f)...)
	}
	for _, a := range m.Assets() {
		add(a, field{"kind", a.Kind().String()}, field{"value", a.Value().String()},
			field{"criticality", a.Criticality().String()}, field{"classification", a.Classification().String()},
			field{"stored in", names(a.StoredIn())})
	}
	for _, r := range m.Roles() {
		add(r, roleFields(r)...)
	}
	for _, s := range m.Secrets() {
		add(s, field{"storage", s.Storage().String()}, field{"rotation", s.Rotation().String()},
			field{"used by", names(s.UsedBy())}, field{"grants", names(s.Grants())})
	}
	for _, d := range m.Dependencies() {
		add(d, field{"pinning", d.Pinning().String()}, field{"ref", d.Ref()}, field{"used by", names(d.UsedBy())})
	}
	return out
}

func componentFields(c *threatmodel.Component) []field {
	var types []string
	for _, t := range c.Types() {
		types = append(types, t.String())
	}
	var formats []string
	for _, f := range c.Accepts() {
		formats = append(formats, f.String())
	}
	scope := "in scope"
	if !c.InScope() {
		scope = "out of scope: " + c.OutOfScopeReason()
	}
	return []field{
		{"kind", c.Kind().String()}, {"types", strings.Join(types, ", ")}, {"zone", pathOr(c.Zone())},
		{"technology", c.Technology()}, {"scope", scope}, {"provider-managed", strconv.FormatBool(c.ProviderManaged())},
		{"controls", controls(c.Controls())}, {"accepts", strings.Join(formats, ", ")},
		{"stores", names(c.Stores())}, {"runs as", names(c.Roles())},
	}
}

func flowFields(f *threatmodel.Flow) []field {
	port := ""
	if f.Port() > 0 {
		port = strconv.Itoa(f.Port())
	}
	return []field{
		{"protocol", f.Protocol().String()}, {"port", port}, {"encryption", f.Encryption().String()},
		{"authentication", f.Authentication().String()}, {"authorization", f.Authorization().String()},
		{"controls", controls(f.Controls())}, {"carries", names(f.Carries())},
	}
}

func roleFields(r *threatmodel.Role) []field {
	var perms []string
	for _, p := range r.Permissions() {
		res := "?"
		if p.Resource() != nil {
			res = p.Resource().Name()
		}
		perms = append(perms, p.Effect().String()+" "+strings.Join(p.Actions(), ", ")+" on "+res)
	}
	var grants []string
	for _, p := range r.ResourceGrants() {
		grants = append(grants, p.Effect().String()+" "+strings.Join(p.Actions(), ", ")+" in "+p.PolicyOf().Path())
	}
	boundary := ""
	if g := r.PermissionBoundary(); g != nil {
		boundary = g.Path()
	}
	return []field{
		{"permissions", strings.Join(perms, "; ")}, {"resource policies", strings.Join(grants, "; ")},
		{"permission boundary", boundary}, {"can assume", names(r.Assumes())},
		{"trust policy", strings.Join(append(r.TrustedServices(), paths(r.TrustedRoles())...), ", ")},
	}
}

// compareElements matches the elements of both models by path.
func compareElements(before, after *threatmodel.Model) []ElementChange {
	o, n := describe(before), describe(after)
	var out []ElementChange
	for p, nd := range n {
		od, ok := o[p]
		if !ok {
			out = append(out, ElementChange{Change: Added, Path: p, New: nd.el})
			continue
		}
		var fs []FieldChange
		for i, f := range nd.fields {
			if i < len(od.fields) && od.fields[i].value != f.value {
				fs = append(fs, FieldChange{f.name, od.fields[i].value, f.value})
			}
		}
		if len(fs) > 0 {
			out = append(out, ElementChange{Change: Changed, Path: p, Old: od.el, New: nd.el, Fields: fs})
		}
	}
	for p, od := range o {
		if _, ok := n[p]; !ok {
			out = append(out, ElementChange{Change: Removed, Path: p, Old: od.el})
		}
	}
	slices.SortFunc(out, func(a, b ElementChange) int {
		return cmp.Or(cmp.Compare(a.Change, b.Change), cmp.Compare(a.Path, b.Path))
	})
	return out
}

// names joins the names of elements, in their order.
func names[E interface{ Name() string }](els []E) string {
	s := make([]string, len(els))
	for i, e := range els {
		s[i] = e.Name()
	}
	return strings.Join(s, ", ")
}

// paths returns the paths of elements, in their order.
func paths[E interface{ Path() string }](els []E) []string {
	s := make([]string, len(els))
	for i, e := range els {
		s[i] = e.Path()
	}
	return s
}

// pathOr returns a zone's path, or "" for none.
func pathOr(z *threatmodel.Zone) string {
	if z == nil {
		return ""
	}
	return z.Path()
}

// controls names controls, sorted by name.
func controls(cs []threatmodel.Control) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = c.String()
	}
	slices.Sort(s)
	return strings.Join(s, ", ")
}
