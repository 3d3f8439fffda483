package modeljson

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"time"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// Encode writes m as a model file: indented JSON, fields in a fixed order,
// elements in declaration order, ending with a newline. The same model
// always gives the same bytes. Declaration positions are not written: a
// decoded model records the lines of the file it was read from.
func Encode(w io.Writer, m *tm.Model) error {
	if m == nil {
		return errors.New("modeljson: nil model")
	}
	return writeJSON(w, encodeModel(m))
}

// Marshal returns Encode's output as bytes.
func Marshal(m *tm.Model) ([]byte, error) {
	var b bytes.Buffer
	err := Encode(&b, m)
	return b.Bytes(), err
}

func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

func encodeModel(m *tm.Model) *model {
	base := ""
	if p := m.Pos(); p.IsValid() && filepath.IsAbs(p.File) {
		base = filepath.Dir(p.File)
	}
	out := &model{Format: Format, Version: Version, Name: m.Name(), Description: m.Description(), Owner: m.Owner(),
		Scope: m.ScopeItems(), Assumptions: m.Assumptions()}
	if interest, worst := m.Context(); interest != "" || worst != "" {
		out.ThreatContext = &threatCtx{Interest: interest, WorstCase: worst}
	}
	for _, o := range m.OutOfScopeItems() {
		out.OutOfScope = append(out.OutOfScope, outOfScope{Item: o.Item, Reason: o.Reason})
	}
	for _, z := range m.Zones() {
		out.Zones = append(out.Zones, encodeZone(z))
	}
	for _, g := range m.Guardrails() {
		out.Guardrails = append(out.Guardrails, guardrail{Name: g.Name(), Description: g.Description(), Note: g.Note(),
			Statements: statements(g.Statements())})
	}
	for _, r := range m.Roles() {
		out.Roles = append(out.Roles, encodeRole(r))
	}
	for _, a := range m.Assets() {
		out.Assets = append(out.Assets, encodeAsset(a))
	}
	for _, c := range m.Components() {
		out.Components = append(out.Components, encodeComponent(c, base))
	}
	for _, f := range m.Flows() {
		out.Flows = append(out.Flows, encodeFlow(f, base))
	}
	for _, s := range m.Secrets() {
		out.Secrets = append(out.Secrets, encodeSecret(s))
	}
	for _, d := range m.Dependencies() {
		out.Dependencies = append(out.Dependencies, dependency{Name: d.Name(), Kind: d.Kind(), Description: d.Description(),
			Pinning: d.Pinning(), Ref: d.Ref(), Verification: d.Verification(), Risk: d.Risk(), MitigatedBy: d.Mitigation(),
			UsedBy: names(d.UsedBy())})
	}
	for _, t := range m.Threats() {
		out.Threats = append(out.Threats, threat{Title: t.Name(), Category: t.Category(), Description: t.Description(),
			About: refs(t.About()), Impact: t.Impact(), Likelihood: t.Likelihood(), AttackPaths: t.AttackPaths(),
			MitigatedBy: t.Mitigation()})
	}
	for _, mi := range m.Mitigations() {
		impls, proofs := encodeBacking(mi.Backing(), base)
		out.Mitigations = append(out.Mitigations, mitigation{Title: mi.Name(), Description: mi.Description(),
			Implements: mi.Implements(), On: refs(mi.On()), Covers: names(mi.Covers()), Addresses: mi.Addresses(),
			ImplementedBy: impls, ProvedBy: proofs})
	}
	for _, a := range m.Acceptances() {
		ac := acceptance{Threat: a.ThreatID(), Justification: a.Justification(), Owner: a.Owner()}
		if !a.Expires().IsZero() {
			d := date(a.Expires())
			ac.Expires = &d
		}
		out.Acceptances = append(out.Acceptances, ac)
	}
	for _, w := range m.Waivers() {
		wv := waiver{Code: w.Code(), Reason: w.Reason()}
		if w.Target() != nil {
			wv.Target = ref(w.Target())
		}
		out.Waivers = append(out.Waivers, wv)
	}
	return out
}

func encodeZone(z *tm.Zone) zone {
	out := zone{Name: z.Name(), Trust: z.Trust(), Description: z.Description(), ContainsBlastRadius: z.ContainsBlastRadius(),
		Guardrails: names(z.Guardrails())}
	if p := z.Parent(); p != nil {
		out.Inside = p.Name()
	}
	return out
}

func encodeRole(r *tm.Role) role {
	out := role{Name: r.Name(), Description: r.Description(), MitigatedBy: r.Mitigation(),
		Permissions: statements(r.Permissions()), CanAssume: names(r.Assumes())}
	if g := r.PermissionBoundary(); g != nil {
		out.PermissionBoundary = g.Name()
	}
	if r.DeclaresTrust() {
		out.Trust = &trust{Services: r.TrustedServices(), Roles: names(r.TrustedRoles())}
	}
	return out
}

func encodeAsset(a *tm.Asset) asset {
	out := asset{Name: a.Name(), Kind: a.Kind(), Description: a.Description(), Value: a.Value(), RiskLevel: a.Criticality(),
		Classification: a.Classification(), PII: a.PII()}
	if el := a.Represents(); el != nil {
		out.Represents = ref(el)
	}
	if l := a.Lifecycle(); l != nil {
		out.Lifecycle = &lifecycle{AtRest: l.AtRest, Encrypted: l.Encrypted, InTransit: l.InTransit,
			TransitEncryption: l.TransitEncryption, Deletion: l.Deletion, Retention: duration(l.Retention),
			AccessControl: l.AccessControl}
	}
	return out
}

func encodeComponent(c *tm.Component, base string) component {
	out := component{Name: c.Name(), Kind: c.Kind(), Description: c.Description(), Technology: c.Technology(),
		Infrastructure: c.Infrastructure(), ProviderManaged: c.ProviderManaged(), NotInScope: c.OutOfScopeReason(),
		RunBy: c.RunBy(), BilledPerRequest: c.BilledPerRequest(), Accepts: c.Accepts(), Stores: names(c.Stores()),
		HoldsAuditLogs: c.HoldsAuditLogs(), DataEventsAuditedIn: names(c.DataEventsIn()), RunsAs: names(c.Roles()),
		Policy: statements(c.Policy()), ErrorHandling: riskEntries(c.ErrorHandling()), Runtime: riskEntries(c.Runtime())}
	if z := c.Zone(); z != nil {
		out.Zone = z.Name()
	}
	if t := c.Type(); t != 0 {
		out.Types = append([]tm.ComponentType{t}, slices.DeleteFunc(c.Types(), func(o tm.ComponentType) bool { return o == t })...)
	}
	events := c.DataEventsIn()
	for _, st := range c.AuditedInDirectly() {
		if !slices.Contains(events, st) {
			out.AuditedIn = append(out.AuditedIn, st.Name())
		}
	}
	for _, o := range c.SharesHost() {
		if o.Index() > c.Index() {
			out.SharesHostWith = append(out.SharesHostWith, o.Name())
		}
	}
	out.Controls, out.ControlsFor = controls(c.ControlSources(0), base)
	return out
}

// controls splits an element's own control sources (not those its
// mitigations provide) into the controls that cover every caller and
// groups of controls limited to principals.
//
// Controls backed by code or proofs go in a group of their own, with the
// backing, even when they cover every caller. Consecutive sources with the
// same principals and the same backing (one Controls option) share a group.
func controls(src []tm.ControlSource, base string) (all []tm.Control, scoped []controlsFor) {
	var last tm.Backing
	for _, s := range src {
		switch {
		case s.Mitigation != nil:
		case len(s.For) == 0 && !backed(s.Backing):
			all = append(all, s.Control)
		case len(scoped) > 0 && slices.Equal(scoped[len(scoped)-1].For, names(s.For)) && sameBacking(last, s.Backing):
			scoped[len(scoped)-1].Controls = append(scoped[len(scoped)-1].Controls, s.Control)
		default:
			cf := controlsFor{Controls: []tm.Control{s.Control}, For: names(s.For)}
			cf.ImplementedBy, cf.ProvedBy = encodeBacking(s.Backing, base)
			scoped = append(scoped, cf)
			last = s.Backing
		}
	}
	return all, scoped
}

// sameBacking reports whether two backings declare the same code and
// proofs.
func sameBacking(a, b tm.Backing) bool {
	return slices.Equal(a.Implementations, b.Implementations) && slices.Equal(a.Proofs, b.Proofs)
}

func encodeFlow(f *tm.Flow, base string) flow {
	out := flow{Name: f.Name(), Description: f.Description(), Protocol: f.Protocol(), Port: f.Port(),
		Encryption: f.Encryption(), Authentication: f.Authentication(), Authorization: f.Authorization(),
		Identity: f.Identity(), Deploys: f.Deploys(), Formats: f.Formats(), Carries: names(f.Carries())}
	if s := f.Source(); s != nil {
		out.Source = s.Name()
	}
	if d := f.Destination(); d != nil {
		out.Destination = d.Name()
	}
	if r := f.ResponseTo(); r != nil {
		out.ResponseTo = r.Key()
	}
	out.Controls, out.ControlsFor = controls(f.ControlSources(0), base)
	return out
}

func encodeSecret(s *tm.Secret) secret {
	out := secret{Name: s.Name(), Description: s.Description(), Provisioned: s.Provisioning(), Storage: s.Storage(),
		UsedBy: names(s.UsedBy()), Grants: names(s.Grants()), Opens: refs(s.Accesses()), BlastRadius: s.BlastRadius()}
	if c := s.StoredIn(); c != nil {
		out.StoredIn = c.Name()
	}
	if r := s.Rotation(); r != (tm.Rotation{}) {
		out.Rotation = &rotation{Every: duration(r.Every), Automated: r.Automated, Never: r.Never}
	}
	for _, f := range s.Authenticates() {
		out.Authenticates = append(out.Authenticates, f.Key())
	}
	return out
}

func statements(ps []*tm.Permission) []statement {
	var out []statement
	for _, p := range ps {
		st := statement{Effect: p.Effect(), Actions: p.Actions()}
		if st.Actions == nil {
			st.Actions = []string{}
		}
		if p.PolicyOf() != nil {
			if r := p.Role(); r != nil {
				st.Principal = r.Name()
			}
		} else if res := p.Resource(); res != nil {
			st.Resource = ref(res)
		}
		out = append(out, st)
	}
	return out
}

func riskEntries(es []tm.RiskEntry) []riskEntry {
	var out []riskEntry
	for _, e := range es {
		out = append(out, riskEntry{Risk: e.Risk, Mitigation: e.Mitigation})
	}
	return out
}

// ref writes a reference to any element: its path, components["API
// Gateway"], or "*" for AnyResource.
func ref(el tm.Element) string {
	if el == tm.AnyResource() {
		return "*"
	}
	return el.Path()
}

func refs(els []tm.Element) []string {
	var out []string
	for _, el := range els {
		out = append(out, ref(el))
	}
	return out
}

func names[T interface{ Name() string }](els []T) []string {
	var out []string
	for _, el := range els {
		out = append(out, el.Name())
	}
	return out
}

// MarshalText writes the duration as Go does, "2160h0m0s".
func (d duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// MarshalText writes a date, or an RFC 3339 time when the time is not
// midnight UTC.
func (d date) MarshalText() ([]byte, error) {
	t := time.Time(d)
	if t.Equal(t.UTC().Truncate(24*time.Hour)) && t.Location() == time.UTC {
		return []byte(t.Format(time.DateOnly)), nil
	}
	return t.MarshalText()
}
