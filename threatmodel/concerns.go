package threatmodel

import "slices"

// Declarations the rules about credentials, deployment, identity
// propagation, co-located workloads, audit data events and pay-per-request
// billing read. Each is optional: a model that does not say is analysed as
// before, and the completeness checks ask only for what a rule needs.

// Authenticates names the flows whose authentication the secret backs: the
// caller presents it (a password, an API key, a client certificate, a
// deploy key) or signs with it. A flow's credential is then known, so the
// rules about secrets see the flow (a credential shared by several callers,
// a push deployment's credential) and a leak of the secret reaches the
// flow's destination in the blast radius. A request flow whose source is
// one of the system's processes and whose scheme presents a stored secret
// must have one: see CodeNoFlowSecret.
func Authenticates(flows ...*Flow) SecretOption {
	return secretFunc(func(s *Secret) {
		for _, f := range flows {
			if !s.m.owns(f, s, ".authenticates", s.at, "flow") {
				continue
			}
			if !f.authentication.Authenticated() {
				s.m.record(CodeInvalidValue, s.Path()+".authenticates", s.at, s,
					f.Path()+" states no authentication: state its scheme with threatmodel.AuthN before naming its secret")
				continue
			}
			if slices.Contains(s.authn, f) {
				continue
			}
			s.authn = append(s.authn, f)
			f.rareSet().credentials = append(f.rare().credentials, s)
		}
	})
}

// Authenticates returns the flows whose authentication the secret backs
// (see the Authenticates option), in the order named.
func (s *Secret) Authenticates() []*Flow { return clone(s.authn) }

// Credentials returns the secrets that back the flow's authentication (see
// the Authenticates option), in declaration order; nil when none is named.
func (f *Flow) Credentials() []*Secret {
	if f == nil {
		return nil
	}
	return clone(f.rare().credentials)
}

// PresentsStoredSecret reports whether the scheme authenticates the caller
// with a credential that someone must keep somewhere: a password, an API
// key, a shared secret, a client certificate, an SSH key or OAuth 2.0 client
// credentials. Workload identities and IAM signatures are issued by the
// platform; sessions and JWTs are issued per sign-in.
func (a AuthScheme) PresentsStoredSecret() bool {
	switch a {
	case Password, APIKey, SharedSecret, ClientCertificate, SSHKey, OAuth2:
		return true
	}
	return false
}

// Deploys marks the flow as a deployment: it puts new code, images or
// configuration into its destination. A build system (a component of type
// Pipeline) outside the cloud account or cluster it deploys to that sends
// such a flow into it pushes: it holds credentials that change production.
// In a pull deployment an agent inside the runtime (Argo CD, Flux) fetches
// what to deploy and applies it; its apply flow is a deployment too, from
// inside.
func Deploys() FlowOption { return flowFunc(func(f *Flow) { f.deploys = true }) }

// Deploys reports whether the flow is a deployment (see the Deploys
// option).
func (f *Flow) Deploys() bool { return f != nil && f.deploys }

// CallerIdentity is whose identity a request carries to its destination:
// the calling service's own, or the end user's on whose behalf it calls.
// The zero value means "not stated".
type CallerIdentity uint8

// Caller identities.
const (
	// TechnicalUser: the caller acts with its own service identity (a
	// database user, an IAM role, an API key); the destination cannot tell
	// the end users apart.
	TechnicalUser CallerIdentity = iota + 1
	// EndUserIdentity: the caller forwards the end user's own credential
	// (the user's access token), and the destination authorizes the user.
	EndUserIdentity
	// OnBehalfOf: a delegated credential names both the caller and the end
	// user (OAuth 2.0 token exchange, Kerberos constrained delegation).
	OnBehalfOf
)

var callerIdentityNames = enumNames{"CallerIdentity",
	[]string{"unstated", "Technical user", "End user's identity", "On behalf of the end user"},
	[]string{"", "technical-user", "end-user", "on-behalf-of"}}

// String returns the CallerIdentity's display name, or CallerIdentity(N) for a value out of range.
func (c CallerIdentity) String() string { return callerIdentityNames.str(uint8(c)) }

// MarshalText returns the CallerIdentity's text token; the zero value, "unstated", is the empty token.
func (c CallerIdentity) MarshalText() ([]byte, error) { return callerIdentityNames.marshal(uint8(c)) }

// UnmarshalText sets the CallerIdentity from a token written by MarshalText.
func (c *CallerIdentity) UnmarshalText(b []byte) error {
	v, err := callerIdentityNames.unmarshal(b)
	if err != nil {
		return err
	}
	*c = CallerIdentity(v)
	return nil
}

// Propagates reports whether the end user's identity reaches the
// destination: EndUserIdentity or OnBehalfOf.
func (c CallerIdentity) Propagates() bool { return c == EndUserIdentity || c == OnBehalfOf }

// Identity states whose identity the flow's requests carry: TechnicalUser,
// EndUserIdentity or OnBehalfOf.
func Identity(c CallerIdentity) FlowOption {
	return flowFunc(func(f *Flow) {
		setEnum(&f.identity, c, &callerIdentityNames, f, "identity", "caller identity")
	})
}

// Identity returns whose identity the flow's requests carry; zero when not
// stated.
func (f *Flow) Identity() CallerIdentity {
	if f == nil {
		return 0
	}
	return f.identity
}

// SharesHostWith records that the component runs on the same host, node,
// node pool or runtime as the others: a container escape or a kernel
// exploit in one reaches the others. The relation is symmetric. Workloads
// isolated from each other (separate node pools, separate accounts) do not
// share a host.
func (c *Component) SharesHostWith(others ...*Component) {
	at := c.pin(caller(1))
	if c == nil {
		return
	}
	for _, o := range others {
		if !c.m.owns(o, c, ".sharesHostWith", at, "component") {
			continue
		}
		if o == c {
			c.m.record(CodeInvalidValue, c.Path()+".sharesHostWith", at, c, "a component does not share a host with itself")
			continue
		}
		if slices.Contains(c.rare().sharesHost, o) {
			continue
		}
		c.rareSet().sharesHost = append(c.rare().sharesHost, o)
		o.rareSet().sharesHost = append(o.rare().sharesHost, c)
	}
}

// SharesHost returns the components that run on the same host, node or
// runtime as the component (see SharesHostWith), in the order declared.
func (c *Component) SharesHost() []*Component {
	if c == nil {
		return nil
	}
	return clone(c.rare().sharesHost)
}

// DataEventsAuditedIn records, like AuditedIn, that the stores record the
// component's security events, and also its data events: every read and
// write of the items, objects or messages it holds, with the caller. A
// provider's audit trail records configuration (management) events by
// default; data events (CloudTrail data events for DynamoDB items and S3
// objects) are recorded only where they are turned on for the resource.
func (c *Component) DataEventsAuditedIn(stores ...*Component) {
	at := c.pin(caller(1))
	if c == nil {
		return
	}
	for _, st := range stores {
		if !c.m.owns(st, c, ".dataEventsIn", at, "audit trail") {
			continue
		}
		if st.kind != DataStore || !st.auditLogs {
			c.m.record(CodeInvalidValue, c.Path()+".dataEventsIn", at, c, st.Path()+" does not hold audit logs: declare it a data store with HoldsAuditLogs")
			continue
		}
		more := c.rareSet()
		if !slices.Contains(more.auditedIn, st) {
			more.auditedIn = append(more.auditedIn, st)
		}
		if !slices.Contains(more.dataEventsIn, st) {
			more.dataEventsIn = append(more.dataEventsIn, st)
		}
	}
}

// DataEventsIn returns the audit trails that record the component's data
// events (see DataEventsAuditedIn).
func (c *Component) DataEventsIn() []*Component {
	if c == nil {
		return nil
	}
	return clone(c.rare().dataEventsIn)
}

// AuditedInDirectly returns the audit trails named with AuditedIn or
// DataEventsAuditedIn: those its provider delivers events to without a flow
// of the model.
func (c *Component) AuditedInDirectly() []*Component {
	if c == nil {
		return nil
	}
	return clone(c.rare().auditedIn)
}

// BilledPerRequest marks the component as billed for each request or unit
// of work it serves (on-demand DynamoDB capacity, S3 requests, per-request
// API pricing): a flood of requests is a bill, not only an outage.
func BilledPerRequest() ComponentOption {
	return componentFunc(func(c *Component) { c.perRequestBill = true })
}

// BilledPerRequest reports whether the component is billed per request
// (see the BilledPerRequest option).
func (c *Component) BilledPerRequest() bool { return c != nil && c.perRequestBill }
