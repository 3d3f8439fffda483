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

func (g *generator) cell(i, workers int) {
	m := g.m
	z := g.zonesFor(i)
	c := " " + strconv.Itoa(i)

	lifecycle := tm.Lifecycle(tm.DataLifecycle{
		AtRest: "Encrypted volume with a customer-managed key", Encrypted: tm.CustomerManagedKey,
		InTransit: "TLS 1.3 from customers, TLS 1.2 inside the VPC", Deletion: "Deleted 30 days after account closure",
		Retention: 365 * day, AccessControl: "The cell's service and worker roles only",
	})
	records := m.DataAsset("Customer records"+c, tm.Value(tm.High), tm.RiskLevel(tm.Critical),
		tm.Classified(tm.Restricted), tm.PII(), lifecycle,
		tm.Description("Profiles and orders of the cell's customers."))
	requests := m.DataAsset("Requests"+c, tm.Value(tm.Medium), tm.RiskLevel(tm.Important),
		tm.Classified(tm.Confidential), lifecycle, tm.Description("Request bodies and tokens."))
	logs := m.Asset("Logs"+c, tm.AssetLogs, tm.Value(tm.Medium), tm.RiskLevel(tm.Moderate),
		tm.Description("Access and application logs."))

	customer := m.ExternalEntity("Customer"+c, g.internet, tm.Is(tm.Human), tm.Description("A customer of the cell."))
	gateway := m.Process("Gateway"+c, z.public, process("Managed API gateway", "Terminates TLS, authenticates, throttles.",
		tm.Is(tm.Gateway), tm.Infrastructure(), tm.Controls(tm.Authentication, tm.RateLimiting, tm.WAF))...)
	service := m.Process("Service"+c, z.private, process("Go on containers", "Business logic for the cell.",
		tm.Is(tm.Service), tm.Controls(tm.InputValidation, tm.LeastPrivilege))...)
	queue := m.DataStore("Queue"+c, z.private, tm.Is(tm.Queue), tm.Infrastructure(),
		tm.Technology("Managed message queue"), tm.Description("Jobs for the workers."), tm.Stores(requests))
	db := m.DataStore("Database"+c, z.data, tm.Is(tm.Database), tm.Infrastructure(),
		tm.Technology("Managed PostgreSQL"), tm.Description("The cell's records."), tm.Stores(records),
		tm.Controls(tm.EncryptionAtRest, tm.Backups))
	logStore := m.DataStore("Log store"+c, z.data, tm.Is(tm.LogStore), tm.Infrastructure(), tm.HoldsAuditLogs(),
		tm.Technology("Managed log service"), tm.Description("Access and application logs."), tm.Stores(logs))

	signIn := m.Flow(customer, gateway, "Sign-in",
		flow(tm.HTTPS, 443, tm.TLS13, tm.Password, tm.NoAuthorization, requests)...)
	m.Response(signIn, "Session token", tm.Carries(requests))
	call := m.Flow(customer, gateway, "API request",
		flow(tm.HTTPS, 443, tm.TLS13, tm.JWT, tm.Scopes, requests)...)
	m.Response(call, "API response", tm.Carries(records))
	forward := m.Flow(gateway, service, "Forward",
		flow(tm.GRPC, 8443, tm.MutualTLS, tm.ClientCertificate, tm.RoleBased, requests)...)
	m.Response(forward, "Result", tm.Carries(records))
	query := m.Flow(service, db, "Query",
		flow(tm.SQL, 5432, tm.TLS12, tm.IAMSignature, tm.IAMPolicy, records)...)
	m.Response(query, "Rows", tm.Carries(records))
	m.Flow(service, queue, "Enqueue job", flow(tm.AMQP, 5671, tm.TLS12, tm.IAMSignature, tm.IAMPolicy, requests)...)
	m.Flow(service, logStore, "Application logs", flow(tm.HTTPS, 443, tm.TLS12, tm.IAMSignature, tm.IAMPolicy, logs)...)
	m.Flow(gateway, logStore, "Access logs", flow(tm.HTTPS, 443, tm.TLS12, tm.IAMSignature, tm.IAMPolicy, logs)...)
	if g.prev != nil {
		peer := m.Flow(service, g.prev, "Peer call",
			flow(tm.GRPC, 8443, tm.MutualTLS, tm.WorkloadIdentity, tm.RoleBased, requests)...)
		m.Response(peer, "Peer result", tm.Carries(requests))
	}
	g.prev = service

	bound := m.Guardrail("Service boundary"+c, tm.Note("Only the cell's database, queue and log store"))
	bound.Allow(db, "rds-db:*")
	bound.Allow(queue, "sqs:*")
	bound.Allow(logStore, "logs:*")
	serviceRole := m.Role("Service role"+c, tm.Description("Assumed by the cell's service."),
		tm.WithPermissionBoundary(bound),
		tm.MitigatedBy("Scoped to the cell's resources; short-lived credentials"))
	serviceRole.Allow(db, "rds-db:connect")
	serviceRole.Allow(queue, "sqs:SendMessage")
	serviceRole.Allow(logStore, "logs:PutLogEvents")
	serviceRole.Deny(db, "rds:DeleteDBInstance")
	service.RunsAs(serviceRole)
	workerRole := m.Role("Worker role"+c, tm.Description("Assumed by the cell's workers."),
		tm.MitigatedBy("Scoped to the cell's queue and database"))
	workerRole.Allow(queue, "sqs:ReceiveMessage", "sqs:DeleteMessage")
	workerRole.Allow(db, "rds-db:connect")
	m.Asset("Service identity"+c, tm.AssetIdentity, tm.Value(tm.VeryHigh), tm.RiskLevel(tm.Critical),
		tm.Represents(serviceRole), tm.Description("What the service role can do."))

	users := []*tm.Component{service}
	for w := range workers {
		name := "Worker" + c
		if w > 0 {
			name += "." + strconv.Itoa(w)
		}
		worker := m.Process(name, z.private, process("Go on containers", "Processes queued jobs.",
			tm.Is(tm.Job), tm.Controls(tm.LeastPrivilege, tm.Timeouts))...)
		m.Flow(queue, worker, "Consume job", flow(tm.AMQP, 5671, tm.TLS12, tm.IAMSignature, tm.IAMPolicy, requests)...)
		m.Flow(worker, db, "Store result", flow(tm.SQL, 5432, tm.TLS12, tm.IAMSignature, tm.IAMPolicy, records)...)
		m.Flow(worker, logStore, "Worker logs", flow(tm.HTTPS, 443, tm.TLS12, tm.IAMSignature, tm.IAMPolicy, logs)...)
		worker.RunsAs(workerRole)
		users = append(users, worker)
	}

	m.Secret("Database password"+c, tm.Provisioned("Generated by Terraform into the secrets manager"),
		tm.Stored(tm.InSecretsManager), tm.Rotated(tm.Rotation{Every: 30 * day, Automated: true}),
		tm.UsedBy(users...), tm.Opens(db), tm.BlastRadius("Read and write the cell's records"))
	m.Dependency("Service modules"+c, tm.Package, tm.Pinned(tm.LockFile, "go.sum"),
		tm.Verified("Checksums in go.sum; govulncheck in CI"), tm.Risk("A malicious module update"),
		tm.MitigatedBy("Reviewed updates, pinned versions, SCA scanning"), tm.UsedBy(users...))

	threat := m.Threat("Record scraping through the API"+c, tm.InformationDisclosure,
		tm.About(gateway, service, records), tm.Impact(tm.Medium), tm.Likelihood(tm.Medium),
		tm.AttackPaths("A valid account pages through every record"))
	if i%4 == 3 {
		m.Accept(threat.ID(), tm.Justification("Per-tenant quotas bound the damage"), tm.Owner("Cell owner"),
			tm.Expires(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)))
	} else {
		m.Mitigation("Per-customer rate limits"+c, tm.Implements(tm.RateLimiting), tm.On(gateway, call),
			tm.Addresses(threat.ID()), tm.Description("Quotas per customer at the gateway."))
	}
}
