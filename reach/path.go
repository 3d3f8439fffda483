package reach

import (
	"slices"
	"strings"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// Weakness is what enables one step of an attack path. The zero value
// means "none".
type Weakness uint8

// Weaknesses, each with the likelihood the step gets.
const (
	// UntrustedSource: the attacker starts at an external entity or in an
	// untrusted zone (High; Medium from a semi-trusted zone, Low from a
	// trusted one: an insider).
	UntrustedSource Weakness = iota + 1
	// UnauthenticatedFlow: the flow does not authenticate its sender, or
	// does not say (High).
	UnauthenticatedFlow
	// UnencryptedFlow: an outsider captures the credentials of a flow sent
	// in plaintext or over outdated TLS (Medium).
	UnencryptedFlow
	// StolenCredentials: a secret of the model that opens the destination
	// (threatmodel.Opens), or that the sender uses and that grants a role,
	// leaks (see LeakedSecret: as likely as its storage and rotation make
	// it), and the attacker presents it on the flow. A declared
	// authentication is passed only so, through an open or accepted
	// Spoofing threat on the flow (OpenThreat), or by an insider
	// (InsiderAccess).
	StolenCredentials
	// TrustedCaller: the attacker controls the sender, a component of the
	// system, and the destination trusts the sender's identity (High;
	// Medium for a credential the sender only relays), or the sender
	// answers a request of the destination, which takes the answer of
	// whoever it called (High). An external entity is never a trusted
	// caller: the attacker stands in its place without its credentials.
	TrustedCaller
	// ForwardedInput: a process passes the attacker's input on to the next
	// one (Medium; Low when the process or the flow validates input).
	ForwardedInput
	// MissingInputValidation: a process without the InputValidation control
	// is taken over by its input (High when it receives from a less
	// trusted zone, Medium otherwise). A provider-managed process
	// (threatmodel.ProviderManaged) never is: the provider runs its code;
	// what an attacker does to it is abuse its configuration, through a
	// role that can change it, or an open threat.
	MissingInputValidation
	// OpenThreat: a threat that gives the step's access is left open or
	// accepted (Medium): a Spoofing threat on the flow lets the attacker
	// through its authentication; a Tampering or Elevation of privilege
	// threat on a process takes it over; a Tampering, Information
	// disclosure or Elevation of privilege threat on a data store serves
	// what it holds. A threat about a role's permission (a role among the
	// threat's elements) opens no step to the process's input: the
	// Escalation step of whoever holds the role stands for it.
	OpenThreat
	// MissingAuthorization: a data store without the Authorization control
	// serves all it holds to whoever reaches it (High).
	MissingAuthorization
	// ServedToCaller: a data store with authorization serves the records
	// the caller it believes in may see (Low).
	ServedToCaller
	// IdentityAccess: the controlled component's roles and secrets grant
	// access (High).
	IdentityAccess
	// OverBroadRole: as IdentityAccess, through permissions the flows do
	// not justify (a least-privilege finding) (High).
	OverBroadRole
	// LeakedSecret: a secret kept in source code (High), a configuration
	// file, an environment variable or CI variables, or somewhere not
	// stated (Medium; High when never rotated), leaks and grants what it
	// grants. Secrets in a secrets manager, an HSM or a workload identity
	// do not leak on their own.
	LeakedSecret
	// HeldAsset: the controlled component stores the asset, represents
	// it, or carries it in a flow (High).
	HeldAsset
	// Insider: the attacker is a person the model declares (an external
	// entity of type threatmodel.Human, in any zone) acting maliciously, or
	// whose account is compromised (Low: the assumption, not a weakness of
	// the system).
	Insider
	// InsiderAccess: the insider sends a request over a flow of their own,
	// with the credentials they legitimately hold (High, after the Low of
	// Insider).
	InsiderAccess
	// CompromisedDependency: a dependency a process is built from
	// (threatmodel.Dependency, UsedBy) ships malicious code (Medium when it
	// is neither pinned to an exact version, a lock file or a digest, nor
	// verified; Low otherwise).
	CompromisedDependency
	// CompromisedPipeline: a CI/CD pipeline (threatmodel.Pipeline) is
	// compromised through its platform or runners (Low).
	CompromisedPipeline
	// PipelineInput: a CI/CD pipeline runs the code and configuration
	// pushed to it, and a source repository holds it for whatever deploys
	// from it: whoever reaches its input controls what is built and
	// deployed (Medium; Low when it requires code review).
	PipelineInput
	// Escalation: a role the controlled component acts as can take a
	// process over, a least-privilege finding
	// (threatmodel.CodeEscalation) (High).
	Escalation
	// PromptInjection: an agent reads natural language an attacker can
	// write (AgentReach.Injection), and instructions hidden in it steer
	// what it does: it calls its tools and uses its identity for the
	// attacker (High; Medium when the agent filters content).
	PromptInjection
	// PoisonedContent: content an attacker wrote into a store is retrieved
	// into an agent's context (Medium).
	PoisonedContent
	// MisledApprover: a person approves each call of the agent to the tool
	// (threatmodel.HumanApproval), and the attacker must get a hijacked
	// request past them (Low).
	MisledApprover
)

var weaknessNames = names{"Weakness",
	[]string{"none", "untrusted source", "unauthenticated flow", "unencrypted flow", "stolen credentials",
		"trusted caller", "forwarded input", "missing input validation", "open threat", "missing authorization",
		"served to caller", "identity access", "over-broad role", "leaked secret", "held asset",
		"insider", "insider access", "compromised dependency", "compromised pipeline", "pipeline input", "escalation",
		"prompt injection", "poisoned content", "misled approver"},
	[]string{"", "untrusted-source", "unauthenticated-flow", "unencrypted-flow", "stolen-credentials",
		"trusted-caller", "forwarded-input", "missing-input-validation", "open-threat", "missing-authorization",
		"served-to-caller", "identity-access", "over-broad-role", "leaked-secret", "held-asset",
		"insider", "insider-access", "compromised-dependency", "compromised-pipeline", "pipeline-input", "escalation",
		"prompt-injection", "poisoned-content", "misled-approver"}}

// String returns the weakness in words, for example "stolen credentials".
func (w Weakness) String() string { return weaknessNames.str(uint8(w)) }

// MarshalText returns the weakness's stable token, for example
// "stolen-credentials".
func (w Weakness) MarshalText() ([]byte, error) { return weaknessNames.marshal(uint8(w)) }

// UnmarshalText parses the text form of a weakness, as MarshalText writes it.
func (w *Weakness) UnmarshalText(b []byte) error {
	v, err := weaknessNames.unmarshal(b)
	*w = Weakness(v)
	return err
}

// StepKind says what a step of an attack path does. The zero value means
// "not stated".
type StepKind uint8

// Step kinds.
const (
	// StepStart: the attacker starts at a component: an external entity or
	// a component in an untrusted zone (UntrustedSource), a person acting
	// as an insider (Insider), or a process compromised through its supply
	// chain (CompromisedDependency, CompromisedPipeline).
	StepStart StepKind = iota + 1
	// StepEnter: from a component the attacker controls, over a flow, to
	// one that acts on the attacker's input.
	StepEnter
	// StepForward: the attacker's input goes on, over a flow, from one
	// process to the next.
	StepForward
	// StepCompromise: the attacker's input takes a process over.
	StepCompromise
	// StepUseAccess: the controlled component's roles or secrets reach an
	// asset, take another process over (Entry.Takeover), or call another
	// process, which then acts on the attacker's input.
	StepUseAccess
	// StepLeak: a leaked secret reaches an asset, takes a process over, or
	// lets the attacker call a process.
	StepLeak
	// StepObtain: the asset is obtained: a data store serves it, or a
	// controlled component holds it.
	StepObtain
	// StepTakeover: a role the controlled component acts as takes another
	// process over through a permission that changes what it runs
	// (Escalation: the least-privilege finding threatmodel.CodeEscalation
	// names it); the path goes on with the process's roles and secrets.
	StepTakeover
)

var stepKindNames = names{"StepKind",
	[]string{"unstated", "start", "enter", "forward", "compromise", "use access", "leak", "obtain", "takeover"},
	[]string{"", "start", "enter", "forward", "compromise", "use-access", "leak", "obtain", "takeover"}}

// String returns the step kind in words, for example "use access".
func (k StepKind) String() string { return stepKindNames.str(uint8(k)) }

// MarshalText returns the step kind's stable token, for example
// "use-access".
func (k StepKind) MarshalText() ([]byte, error) { return stepKindNames.marshal(uint8(k)) }

// UnmarshalText parses the text form of a step kind, as MarshalText writes
// it.
func (k *StepKind) UnmarshalText(b []byte) error {
	v, err := stepKindNames.unmarshal(b)
	*k = StepKind(v)
	return err
}

// Step is one step of an attack path and the weakness that enables it.
type Step struct {
	Kind StepKind
	// From is where the step starts (a component), nil for the first step.
	From tm.Element
	// To is where it ends: a component, or the asset on the last step.
	To tm.Element
	// Flow is the flow the step crosses, for StepEnter and StepForward.
	Flow *tm.Flow
	// Role is the role whose permission the step uses, if any.
	Role *tm.Role
	// Secret is the secret the step uses or leaks, if any.
	Secret *tm.Secret
	// Permission is, for StepTakeover, the allow statement of Role that
	// takes the process over.
	Permission *tm.Permission
	// Dependency is, for a start through CompromisedDependency, the
	// dependency that ships the attacker's code.
	Dependency *tm.Dependency
	// Weakness is what enables the step, and Likelihood how likely it is
	// (see the Weakness constants).
	Weakness   Weakness
	Likelihood tm.Level
	// Threats are the IDs of the open threats, for OpenThreat.
	Threats []string
	// Techniques are, for StepTakeover, the IDs of the privilege-escalation
	// techniques the escalation finding cites (Finding.Techniques).
	Techniques []string
}

// String describes the step in one line, for example
// `User → API Gateway over "API request": stolen credentials (Low)`.
func (s Step) String() string {
	var b strings.Builder
	b.Grow(96)
	w := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(p)
		}
	}
	name := func(el tm.Element) string {
		if el == nil {
			return "attacker"
		}
		return el.Name()
	}
	switch s.Kind {
	case StepStart:
		w("start at ", name(s.To))
		if s.Dependency != nil {
			w(" through \"", s.Dependency.Name(), "\"")
		}
	case StepTakeover:
		w("take over ", name(s.To), " from ", name(s.From))
	case StepCompromise:
		w("take over ", name(s.To))
	case StepLeak:
		w("leak of ", name(s.Secret), " → ", name(s.To))
	default:
		w(name(s.From), " → ", name(s.To))
	}
	if s.Flow != nil {
		w(" over \"", s.Flow.Name(), "\"")
	}
	switch {
	case s.Kind == StepTakeover && s.Role != nil:
		w(" through \"", s.Role.Name(), "\"")
		if s.Permission != nil {
			w(" (")
			for i, a := range actionsOf(s.Permission) {
				if i > 0 {
					w(", ")
				}
				w(a)
			}
			w(")")
		}
	case s.Role != nil:
		w(" as \"", s.Role.Name(), "\"")
	case s.Secret != nil && s.Kind != StepLeak:
		w(" with \"", s.Secret.Name(), "\"")
	}
	w(": ", s.Weakness.String())
	if s.Weakness == Escalation {
		w(" ", string(tm.CodeEscalation))
		if len(s.Techniques) > 0 {
			w(" ", techniquesText(s.Techniques))
		}
	}
	for i, t := range s.Threats {
		if i == 0 {
			w(" ")
		} else {
			w(", ")
		}
		w(t)
	}
	w(" (", s.Likelihood.String(), ")")
	return b.String()
}

// AttackPath is a way from an untrusted position to an asset: each step
// names the weakness that enables it; a step without one is mitigated and
// the path does not exist.
type AttackPath struct {
	// Asset is the asset the path reaches.
	Asset *tm.Asset
	// Rank is 1 for the most likely path to the asset, 2 for the next.
	Rank int
	// Source is where the attacker starts: the external entity, the
	// insider, or the component compromised through its supply chain; nil
	// when the path starts with a leaked secret.
	Source *tm.Component
	// Steps are the steps from the start to the asset.
	Steps []Step
	// Likelihood is the likelihood of the least likely step.
	Likelihood tm.Level
	// Cost sums the steps' costs (High 1, Medium 2, Low 4): lower is
	// likelier. Paths to one asset are ranked by it.
	Cost int
}

// Flows returns the flows the path crosses, in order.
func (p *AttackPath) Flows() []*tm.Flow {
	var out []*tm.Flow
	for _, s := range p.Steps {
		if s.Flow != nil {
			out = append(out, s.Flow)
		}
	}
	return out
}

// Entry returns the flow the attacker enters the system through (the first
// flow of the path), or nil for a path without flows.
func (p *AttackPath) Entry() *tm.Flow {
	for _, s := range p.Steps {
		if s.Flow != nil {
			return s.Flow
		}
	}
	return nil
}

// Crosses reports whether the path crosses a flow for which ok is true, for
// example Crosses(reach.Authenticated).
func (p *AttackPath) Crosses(ok func(*tm.Flow) bool) bool {
	if ok == nil {
		return false
	}
	return slices.ContainsFunc(p.Flows(), ok)
}

// String returns the path's elements joined with arrows, for example
// "User → API Gateway → Lambda → DynamoDB → User data".
func (p *AttackPath) String() string {
	var b strings.Builder
	b.Grow(16 * len(p.Steps))
	n := 0
	part := func(s string) {
		if n > 0 {
			b.WriteString(" → ")
		}
		b.WriteString(s)
		n++
	}
	last := ""
	for _, s := range p.Steps {
		if s.Kind == StepLeak {
			part("leak of " + s.Secret.Name())
		}
		if s.Kind == StepStart && s.Dependency != nil {
			part(s.Dependency.Name())
		}
		if s.To != nil && s.To.Name() != last {
			last = s.To.Name()
			part(last)
		}
	}
	return b.String()
}

// Escalates reports whether the path takes a process over through a
// role's permission (a StepTakeover step: the least-privilege finding
// threatmodel.CodeEscalation on the attack path).
func (p *AttackPath) Escalates() bool {
	return slices.ContainsFunc(p.Steps, func(s Step) bool { return s.Kind == StepTakeover })
}

// Authenticated reports whether a flow authenticates its sender; use it
// with AttackPath.Crosses.
func Authenticated(f *tm.Flow) bool { return f != nil && f.Authentication().Authenticated() }
