package reach

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
)

// TechniqueKind is how a privilege-escalation technique widens what its
// holder can do: the four kinds of the published AWS catalogues.
type TechniqueKind uint8

// Technique kinds.
const (
	// SelfEscalation: the principal widens its own permissions (a new
	// policy version, an inline or attached policy on itself, a group it
	// adds itself to).
	SelfEscalation TechniqueKind = iota + 1
	// PrincipalAccess: the principal obtains another principal's
	// credentials or trust (an access key, a console password, the role's
	// trust policy, sts:AssumeRole), possibly after widening that
	// principal's permissions.
	PrincipalAccess
	// NewPassRole: the principal passes a role to a new compute resource
	// it creates (a Lambda function, an EC2 instance, a stack, a job) and
	// runs its own code there as the role.
	NewPassRole
	// ExistingPassRole: the principal takes over an existing resource that
	// is already bound to a role (changes its code, runs commands in it,
	// opens a shell on it) and acts as that role without passing it.
	ExistingPassRole
)

var techniqueKindNames = names{
	typ:     "TechniqueKind",
	display: []string{"unstated", "self-escalation", "access to another principal", "pass a role to a new resource", "take over an existing resource"},
	text:    []string{"", "self-escalation", "principal-access", "new-passrole", "existing-passrole"},
}

// String returns the kind's display name, or TechniqueKind(N) for a value
// out of range.
func (k TechniqueKind) String() string { return techniqueKindNames.str(uint8(k)) }

// MarshalText returns the kind's token, as the catalogue writes it
// ("self-escalation", "principal-access", "new-passrole",
// "existing-passrole").
func (k TechniqueKind) MarshalText() ([]byte, error) { return techniqueKindNames.marshal(uint8(k)) }

// UnmarshalText sets the kind from a token written by MarshalText.
func (k *TechniqueKind) UnmarshalText(b []byte) error {
	v, err := techniqueKindNames.unmarshal(b)
	if err == nil {
		*k = TechniqueKind(v)
	}
	return err
}

// Platform is the platform whose actions a technique uses, and whose
// resources it applies to.
type Platform uint8

// Platforms.
const (
	AWS Platform = iota + 1
	Kubernetes
	GoogleCloud
)

var platformNames = names{
	typ:     "Platform",
	display: []string{"unstated", "AWS", "Kubernetes", "Google Cloud"},
	text:    []string{"", "aws", "kubernetes", "gcp"},
}

// String returns the platform's display name, or Platform(N) for a value
// out of range.
func (p Platform) String() string { return platformNames.str(uint8(p)) }

// MarshalText returns the platform's token ("aws", "kubernetes", "gcp").
func (p Platform) MarshalText() ([]byte, error) { return platformNames.marshal(uint8(p)) }

// UnmarshalText sets the platform from a token written by MarshalText.
func (p *Platform) UnmarshalText(b []byte) error {
	v, err := platformNames.unmarshal(b)
	if err == nil {
		*p = Platform(v)
	}
	return err
}

// Precondition is a set of what the model must hold, besides the
// permissions, for a technique to apply.
type Precondition uint8

// Preconditions.
const (
	// OnSelf: the permissions apply to the principal itself (a statement
	// on the role, or on AnyResource()).
	OnSelf Precondition = 1 << iota
	// OnOtherPrincipal: another role exists that the permissions apply
	// to; the principal gains it.
	OnOtherPrincipal
	// PassableRole: another role exists that the principal may pass
	// (iam:PassRole, or Google Cloud's iam.serviceAccounts.actAs, on it)
	// and that trusts Technique.Service. The other permissions create a
	// resource and may apply anywhere. A role that declares no trust
	// policy counts as trusting every service
	// (threatmodel.Role.TrustsService); Google Cloud service accounts
	// have none.
	PassableRole
	// BoundResource: an existing process runs as a role (RunsAs), and
	// every permission applies to it; the principal gains its roles. A
	// permission that passes a role (Google Cloud's actAs) applies to
	// one of the roles the process runs as instead.
	BoundResource
	// InNamespace: a process in a Kubernetes namespace the permissions
	// apply to (a zone around it, or the process) runs as a role: a
	// service account of that namespace. A new workload created there
	// can run as the same service account; the principal gains the
	// process's roles.
	InNamespace
)

// String lists the preconditions in words, joined with "; ".
func (p Precondition) String() string {
	var out []string
	for _, c := range []struct {
		bit  Precondition
		text string
	}{
		{OnSelf, "on the principal itself"},
		{OnOtherPrincipal, "on another principal"},
		{PassableRole, "a role the principal may pass (iam:PassRole on it) that the service trusts"},
		{BoundResource, "an existing process bound to a role (RunsAs) that the permissions cover"},
		{InNamespace, "a workload bound to a service account (RunsAs) in a namespace that the permissions cover"},
	} {
		if p&c.bit != 0 {
			out = append(out, c.text)
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, "; ")
}

// Technique is one privilege-escalation technique of a published
// catalogue, as reach applies it to a role's effective permissions
// (threatmodel.Role.Effective): it applies when every permission is
// effectively allowed where its preconditions say and the model holds
// what they need. A finding threatmodel.CodeEscalation cites the IDs of the
// techniques that lead to its target (Finding.Techniques).
type Technique struct {
	// ID is the catalogue's identifier: "lambda-001" for
	// pathfinding.cloud's paths, the method's name for a method only
	// Cloudsplaining lists, threatwright's own "k8s-001" and "gcp-001"
	// for Kubernetes and Google Cloud.
	ID string
	// Platform is the platform whose actions and resources it uses.
	Platform Platform
	// Kind is the catalogue's kind of technique.
	Kind TechniqueKind
	// Name says in a few words what the holder does.
	Name string
	// Permissions are the actions, as internal/iam writes them
	// ("iam:PassRole", "pods/exec:create", "iam.serviceAccounts.actAs"),
	// that are all required.
	Permissions []string
	// Preconditions are what the model must hold besides the permissions.
	Preconditions Precondition
	// Service is, for a technique that runs a new resource as a role,
	// what runs it: on AWS the service principal that must trust the
	// passed role ("lambda.amazonaws.com"), on Google Cloud the service
	// agent that runs the resource, on Kubernetes the controllers that
	// turn the object into pods; empty otherwise.
	Service string
	// References are where the technique is published.
	References []string

	// on are, for a technique that takes a resource over, the services
	// (action prefixes) whose resources it applies to besides those of
	// its permissions: Systems Manager's commands run on EC2 instances.
	on []string
}

// clone returns a copy of the technique that shares no slice with it.
func (t Technique) clone() Technique {
	t.Permissions = slices.Clone(t.Permissions)
	t.References = slices.Clone(t.References)
	t.on = slices.Clone(t.on)
	return t
}

// Techniques returns the built-in catalogue of privilege-escalation
// techniques, by ID; a copy the caller may change.
func Techniques() []Technique {
	out := make([]Technique, len(catalogue))
	for i, t := range catalogue {
		out[i] = t.clone()
	}
	return out
}

// LookupTechnique returns the built-in technique with the ID, and whether
// there is one.
func LookupTechnique(id string) (Technique, bool) {
	i, ok := slices.BinarySearchFunc(catalogue, id, func(t Technique, id string) int { return strings.Compare(t.ID, id) })
	if !ok {
		return Technique{}, false
	}
	return catalogue[i].clone(), true
}

// catalogue is the AWS, Kubernetes and Google Cloud techniques, each with
// its platform, sorted by ID.
var catalogue = func() []Technique {
	var ts []Technique
	for _, fam := range []struct {
		p  Platform
		ts []Technique
	}{{AWS, awsTechniques}, {Kubernetes, k8sTechniques}, {GoogleCloud, gcpTechniques}} {
		for _, t := range fam.ts {
			t.Platform = fam.p
			ts = append(ts, t)
		}
	}
	slices.SortFunc(ts, func(a, b Technique) int { return strings.Compare(a.ID, b.ID) })
	return ts
}()

// WriteTechniques writes a Markdown document of the techniques: a section
// per platform (AWS, Kubernetes, Google Cloud), and in each one row per
// technique with its ID, kind, name, required permissions, preconditions,
// what runs a new resource as the role, and its references, by kind and
// then ID. The output depends only on the techniques.
func WriteTechniques(w io.Writer, ts []Technique) error {
	ts = slices.Clone(ts)
	slices.SortStableFunc(ts, func(a, b Technique) int {
		if a.Platform != b.Platform {
			return int(a.Platform) - int(b.Platform)
		}
		if a.Kind != b.Kind {
			return int(a.Kind) - int(b.Kind)
		}
		return strings.Compare(a.ID, b.ID)
	})
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("# Privilege-escalation techniques\n\n")
	p("<!-- Generated by reach.WriteTechniques; do not edit. Regenerate with: THREATWRIGHT_UPDATE=1 go test ./reach -->\n\n")
	p("%d techniques. reach applies each to every role's effective permissions (allow ∩ boundary − deny): a technique\n", len(ts))
	p("applies when every permission is effectively allowed where its preconditions say and the model holds what they need;\n")
	p("the escalation finding (RCH004) then cites its ID. A technique that takes a process over applies only to one of its\n")
	p("platform: a Kubernetes technique to a Kubernetes workload, a Google Cloud one to its product's resources, an AWS one\n")
	p("to a resource whose name or technology names its service.\n")
	for k := 0; k < len(ts); {
		plat := ts[k].Platform
		n := k
		for n < len(ts) && ts[n].Platform == plat {
			n++
		}
		intro, svcHead := platformIntro(plat)
		p("\n## %s\n\n%d techniques. %s\n\n", plat, n-k, intro)
		p("| ID | Kind | Technique | Permissions (all required) | Preconditions | %s | Reference |\n", svcHead)
		p("| --- | --- | --- | --- | --- | --- | --- |\n")
		for _, t := range ts[k:n] {
			writeTechniqueRow(p, t)
		}
		k = n
	}
	return bw.Flush()
}

// writeTechniqueRow writes one technique's row of the table.
func writeTechniqueRow(p func(string, ...any), t Technique) {
	perms := make([]string, len(t.Permissions))
	for i, a := range t.Permissions {
		perms[i] = "`" + a + "`"
	}
	refs := make([]string, len(t.References))
	for i, r := range t.References {
		refs[i] = "<" + r + ">"
	}
	svc := ""
	if t.Service != "" {
		svc = cellText(t.Service)
		if t.Platform == AWS {
			svc = "`" + svc + "`"
		}
	}
	p("| %s | %s | %s | %s | %s | %s | %s |\n", cellText(t.ID), t.Kind, cellText(t.Name), strings.Join(perms, " + "),
		t.preconditionsText(), svc, strings.Join(refs, " "))
}

// resourceServices returns the services whose resources a take-over
// technique applies to: those of its permissions, then the others it
// names, once each.
func (t Technique) resourceServices() []string {
	var out []string
	for _, p := range t.Permissions {
		if svc, _, ok := strings.Cut(p, ":"); ok && !slices.Contains(out, svc) {
			out = append(out, svc)
		}
	}
	for _, svc := range t.on {
		if !slices.Contains(out, svc) {
			out = append(out, svc)
		}
	}
	return out
}

// cellText escapes a Markdown table cell.
func cellText(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
