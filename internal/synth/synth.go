// Package synth generates synthetic threat models for benchmarks and scale
// tests. The models are deterministic (the same n gives the same model, with
// no randomness) and complete: every element is fully described, so
// Validate returns nil and Findings is empty.
package synth

import (
	"strconv"
	"time"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// Shape of the generated system. A cell is one service stack: a customer on
// the internet, a gateway in a public subnet, a service, a queue and a
// worker in a private subnet, a database and a log store in a data subnet.
// Cells share VPCs, and VPCs share accounts.
const (
	cellComponents = 7
	cellsPerVPC    = 4
	vpcsPerAccount = 4
	day            = 24 * time.Hour
)

// MinComponents is the smallest model Model builds: one cell.
const MinComponents = cellComponents

// Model returns a complete model with exactly n components (MinComponents
// when n is smaller) spread over nested zones: the internet, then accounts
// holding VPCs holding each cell's public, private and data subnets. A cell
// of seven components has about sixteen flows, most of them crossing a trust
// boundary: requests and their responses, logs, queue traffic, and a call
// from each service to the previous cell's service, across VPCs and
// accounts. Each cell also has two data assets with their lifecycle, a logs
// asset, an identity asset, two roles with permissions, a secret, a
// dependency and a hand-written threat, mitigated or (one cell in four)
// accepted. Components beyond a multiple of seven are extra workers in the
// last cell, each with three flows.
func Model(n int) *tm.Model {
	n = max(n, MinComponents)
	cells, extra := n/cellComponents, n%cellComponents
	g := &generator{m: tm.New("Synthetic platform ("+strconv.Itoa(n)+" components)",
		tm.Owner("Platform security"),
		tm.Description("A generated multi-account platform of service cells, for benchmarks."))}
	m := g.m
	m.ThreatContext("Every cell holds customer records and is reachable from the internet.",
		"Worst case: a compromised service role reads every cell's records across accounts.")
	m.Scope("Every cell's gateway, services, workers, queues, databases and logs.")
	m.Assume("The cloud provider isolates accounts and VPCs as documented.")
	m.OutOfScope("Customer devices", "Outside the platform's control.")
	g.internet = m.Zone("Internet", tm.Untrusted, tm.Description("Anyone."))
	for i := range cells {
		workers := 1
		if i == cells-1 {
			workers += extra
		}
		g.cell(i, workers)
	}
	return m
}

type generator struct {
	m        *tm.Model
	internet *tm.Zone
	account  *tm.Zone
	vpc      *tm.Zone
	prev     *tm.Component // the previous cell's service
}

// subnets of one VPC.
type subnets struct{ public, private, data *tm.Zone }

// zonesFor declares the subnets of cell i, after its account and VPC when
// the cell is the first in them.
func (g *generator) zonesFor(i int) subnets {
	m := g.m
	vpcIndex := i / cellsPerVPC
	if i%(cellsPerVPC*vpcsPerAccount) == 0 {
		a := strconv.Itoa(i / (cellsPerVPC * vpcsPerAccount))
		g.account = m.Zone("Account "+a, tm.Trusted, tm.ContainsBlastRadius(),
			tm.Description("A production cloud account: the blast-radius boundary."))
	}
	v := strconv.Itoa(vpcIndex)
	if i%cellsPerVPC == 0 {
		g.vpc = m.Zone("VPC "+v, tm.Trusted, tm.Inside(g.account), tm.Description("A virtual network."))
	}
	// Each cell has its own subnets, so that every zone holds components.
	c := strconv.Itoa(i)
	return subnets{
		public: m.Zone("Public subnet "+c, tm.SemiTrusted, tm.Inside(g.vpc),
			tm.Description("Load balancers and gateways.")),
		private: m.Zone("Private subnet "+c, tm.Trusted, tm.Inside(g.vpc),
			tm.Description("Services and workers, no inbound internet route.")),
		data: m.Zone("Data subnet "+c, tm.HighlyTrusted, tm.Inside(g.vpc),
			tm.Description("Databases and log stores, reachable from the private subnet only.")),
	}
}

// process returns options that describe a process completely.
func process(tech, desc string, opts ...tm.ComponentOption) []tm.ComponentOption {
	return append(opts, tm.Technology(tech), tm.Description(desc),
		tm.ErrorHandling("Errors expose internal paths", "Generic errors outside; details in structured logs"),
		tm.Runtime("A vulnerable dependency runs attacker code", "Read-only filesystem, non-root user, pinned dependencies"))
}

// flow states everything a boundary-crossing flow must state.
func flow(p tm.Protocol, port int, e tm.Encryption, a tm.AuthScheme, z tm.AuthzScheme, carries ...*tm.Asset) []tm.FlowOption {
	return []tm.FlowOption{tm.Over(p, port), tm.Encrypted(e), tm.AuthN(a), tm.AuthZ(z), tm.Carries(carries...)}
}

// cellParts are the zones and elements of one cell that its later stages
// refer to; suffix (" 3") ends the name of every element of cell 3.
type cellParts struct {
	suffix                     string
	zones                      subnets
	records, requests, logs    *tm.Asset
	customer, gateway, service *tm.Component
	queue, db, logStore        *tm.Component
	call                       *tm.Flow // the API request, which a mitigation is on
	workerRole                 *tm.Role
	users                      []*tm.Component // the service and the workers
}

// cell declares cell i with the given number of workers, stage by stage in
// a fixed order, since declaration order is the model's order.
func (g *generator) cell(i, workers int) {
	p := &cellParts{suffix: " " + strconv.Itoa(i), zones: g.zonesFor(i)}
	g.cellAssets(p)
	g.cellComponents(p)
	g.cellFlows(p)
	g.cellRoles(p)
	g.cellWorkers(p, workers)
	g.cellSecretAndDependency(p)
	g.cellThreat(p, i)
}

// cellAssets declares the cell's customer records and requests, with their
// lifecycle, and its logs.
func (g *generator) cellAssets(p *cellParts) {
	m, c := g.m, p.suffix
	lifecycle := tm.Lifecycle(tm.DataLifecycle{
		AtRest: "Encrypted volume with a customer-managed key", Encrypted: tm.CustomerManagedKey,
		InTransit: "TLS 1.3 from customers, TLS 1.2 inside the VPC", Deletion: "Deleted 30 days after account closure",
		Retention: 365 * day, AccessControl: "The cell's service and worker roles only",
	})
	p.records = m.DataAsset("Customer records"+c, tm.Value(tm.High), tm.RiskLevel(tm.Critical),
		tm.Classified(tm.Restricted), tm.PII(), lifecycle,
		tm.Description("Profiles and orders of the cell's customers."))
	p.requests = m.DataAsset("Requests"+c, tm.Value(tm.Medium), tm.RiskLevel(tm.Important),
		tm.Classified(tm.Confidential), lifecycle, tm.Description("Request bodies and tokens."))
	p.logs = m.Asset("Logs"+c, tm.AssetLogs, tm.Value(tm.Medium), tm.RiskLevel(tm.Moderate),
		tm.Description("Access and application logs."))
}

// cellComponents declares the customer on the internet, the gateway in the
// public subnet, the service and queue in the private subnet, and the
// database and log store in the data subnet.
func (g *generator) cellComponents(p *cellParts) {
	m, c, z := g.m, p.suffix, p.zones
	p.customer = m.ExternalEntity("Customer"+c, g.internet, tm.Is(tm.Human), tm.Description("A customer of the cell."))
	p.gateway = m.Process("Gateway"+c, z.public, process("Managed API gateway", "Terminates TLS, authenticates, throttles.",
		tm.Is(tm.Gateway), tm.Infrastructure(), tm.Controls(tm.Authentication, tm.RateLimiting, tm.WAF))...)
	p.service = m.Process("Service"+c, z.private, process("Go on containers", "Business logic for the cell.",
		tm.Is(tm.Service), tm.Controls(tm.InputValidation, tm.LeastPrivilege))...)
	p.queue = m.DataStore("Queue"+c, z.private, tm.Is(tm.Queue), tm.Infrastructure(),
		tm.Technology("Managed message queue"), tm.Description("Jobs for the workers."), tm.Stores(p.requests))
	p.db = m.DataStore("Database"+c, z.data, tm.Is(tm.Database), tm.Infrastructure(),
		tm.Technology("Managed PostgreSQL"), tm.Description("The cell's records."), tm.Stores(p.records),
		tm.Controls(tm.EncryptionAtRest, tm.Backups))
	p.logStore = m.DataStore("Log store"+c, z.data, tm.Is(tm.LogStore), tm.Infrastructure(), tm.HoldsAuditLogs(),
		tm.Technology("Managed log service"), tm.Description("Access and application logs."), tm.Stores(p.logs))
}

// cellFlows declares the cell's requests and their responses, its logs and
// queue traffic, and the service's call to the previous cell's service.
func (g *generator) cellFlows(p *cellParts) {
	m := g.m
	records, requests, logs := p.records, p.requests, p.logs
	signIn := m.Flow(p.customer, p.gateway, "Sign-in",
		flow(tm.HTTPS, 443, tm.TLS13, tm.Password, tm.NoAuthorization, requests)...)
	m.Response(signIn, "Session token", tm.Carries(requests))
	p.call = m.Flow(p.customer, p.gateway, "API request",
		flow(tm.HTTPS, 443, tm.TLS13, tm.JWT, tm.Scopes, requests)...)
	m.Response(p.call, "API response", tm.Carries(records))
	forward := m.Flow(p.gateway, p.service, "Forward",
		flow(tm.GRPC, 8443, tm.MutualTLS, tm.WorkloadIdentity, tm.RoleBased, requests)...)
	m.Response(forward, "Result", tm.Carries(records))
	query := m.Flow(p.service, p.db, "Query",
		flow(tm.SQL, 5432, tm.TLS12, tm.IAMSignature, tm.IAMPolicy, records)...)
	m.Response(query, "Rows", tm.Carries(records))
	m.Flow(p.service, p.queue, "Enqueue job", flow(tm.AMQP, 5671, tm.TLS12, tm.IAMSignature, tm.IAMPolicy, requests)...)
	m.Flow(p.service, p.logStore, "Application logs", flow(tm.HTTPS, 443, tm.TLS12, tm.IAMSignature, tm.IAMPolicy, logs)...)
	m.Flow(p.gateway, p.logStore, "Access logs", flow(tm.HTTPS, 443, tm.TLS12, tm.IAMSignature, tm.IAMPolicy, logs)...)
	if g.prev != nil {
		peer := m.Flow(p.service, g.prev, "Peer call",
			flow(tm.GRPC, 8443, tm.MutualTLS, tm.WorkloadIdentity, tm.RoleBased, requests)...)
		m.Response(peer, "Peer result", tm.Carries(requests))
	}
	g.prev = p.service
}

// cellRoles declares the service's role with its permissions, the workers'
// role, and the identity asset the service role represents.
func (g *generator) cellRoles(p *cellParts) {
	m, c := g.m, p.suffix
	bound := m.Guardrail("Service boundary"+c, tm.Note("Only the cell's database, queue and log store"))
	bound.Allow(p.db, "rds-db:*")
	bound.Allow(p.queue, "sqs:*")
	bound.Allow(p.logStore, "logs:*")
	serviceRole := m.Role("Service role"+c, tm.Description("Assumed by the cell's service."),
		tm.WithPermissionBoundary(bound),
		tm.MitigatedBy("Scoped to the cell's resources; short-lived credentials"))
	serviceRole.Allow(p.db, "rds-db:connect")
	serviceRole.Allow(p.queue, "sqs:SendMessage")
	serviceRole.Allow(p.logStore, "logs:PutLogEvents")
	serviceRole.Deny(p.db, "rds:DeleteDBInstance")
	p.service.RunsAs(serviceRole)
	p.workerRole = m.Role("Worker role"+c, tm.Description("Assumed by the cell's workers."),
		tm.MitigatedBy("Scoped to the cell's queue and database"))
	p.workerRole.Allow(p.queue, "sqs:ReceiveMessage", "sqs:DeleteMessage")
	p.workerRole.Allow(p.db, "rds-db:connect")
	m.Asset("Service identity"+c, tm.AssetIdentity, tm.Value(tm.VeryHigh), tm.RiskLevel(tm.Critical),
		tm.Represents(serviceRole), tm.Description("What the service role can do."))
}

// cellWorkers declares the cell's workers in the private subnet, each with
// its three flows and the workers' role.
func (g *generator) cellWorkers(p *cellParts, workers int) {
	m, c := g.m, p.suffix
	p.users = []*tm.Component{p.service}
	for w := range workers {
		name := "Worker" + c
		if w > 0 {
			name += "." + strconv.Itoa(w)
		}
		worker := m.Process(name, p.zones.private, process("Go on containers", "Processes queued jobs.",
			tm.Is(tm.Job), tm.Controls(tm.LeastPrivilege, tm.Timeouts))...)
		m.Flow(p.queue, worker, "Consume job", flow(tm.AMQP, 5671, tm.TLS12, tm.IAMSignature, tm.IAMPolicy, p.requests)...)
		m.Flow(worker, p.db, "Store result", flow(tm.SQL, 5432, tm.TLS12, tm.IAMSignature, tm.IAMPolicy, p.records)...)
		m.Flow(worker, p.logStore, "Worker logs", flow(tm.HTTPS, 443, tm.TLS12, tm.IAMSignature, tm.IAMPolicy, p.logs)...)
		worker.RunsAs(p.workerRole)
		p.users = append(p.users, worker)
	}
}

// cellSecretAndDependency declares the database password the service and
// workers use, and the modules they depend on.
func (g *generator) cellSecretAndDependency(p *cellParts) {
	m, c := g.m, p.suffix
	m.Secret("Database password"+c, tm.Provisioned("Generated by Terraform into the secrets manager"),
		tm.Stored(tm.InSecretsManager), tm.Rotated(tm.Rotation{Every: 30 * day, Automated: true}),
		tm.UsedBy(p.users...), tm.Opens(p.db), tm.BlastRadius("Read and write the cell's records"))
	m.Dependency("Service modules"+c, tm.Package, tm.Pinned(tm.LockFile, "go.sum"),
		tm.Verified("Checksums in go.sum; govulncheck in CI"), tm.Risk("A malicious module update"),
		tm.MitigatedBy("Reviewed updates, pinned versions, SCA scanning"), tm.UsedBy(p.users...))
}

// cellThreat declares the cell's hand-written threat, accepted in one cell
// in four (cell i with i%4 == 3) and mitigated at the gateway in the others.
func (g *generator) cellThreat(p *cellParts, i int) {
	m, c := g.m, p.suffix
	threat := m.Threat("Record scraping through the API"+c, tm.InformationDisclosure,
		tm.About(p.gateway, p.service, p.records), tm.Impact(tm.Medium), tm.Likelihood(tm.Medium),
		tm.AttackPaths("A valid account pages through every record"))
	if i%4 == 3 {
		m.Accept(threat.ID(), tm.Justification("Per-tenant quotas bound the damage"), tm.Owner("Cell owner"),
			tm.Expires(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)))
	} else {
		m.Mitigation("Per-customer rate limits"+c, tm.Implements(tm.RateLimiting), tm.On(p.gateway, p.call),
			tm.Addresses(threat.ID()), tm.Description("Quotas per customer at the gateway."))
	}
}
