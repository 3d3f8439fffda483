package reach_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/threatwright/threatwright/reach"
	tm "github.com/threatwright/threatwright/threatmodel"
)

// serverless is the guide's serverless public API, in the shape of
// examples/serverless: API Gateway → Lambda → DynamoDB in an AWS account
// that is the blast-radius boundary, with IAM, CloudWatch and a Cognito
// user pool. It is built here so that the test stands alone.
type serverless struct {
	m                           *tm.Model
	internet, account           *tm.Zone
	user, gateway, handler, iam *tm.Component
	table                       *tm.Component
	userData, execRoleAsset     *tm.Asset
	execRole                    *tm.Role
	call                        *tm.Flow
	execWildcard                *tm.Permission
}

type serverlessOpts struct {
	publicAuth tm.AuthScheme // of the User → API Gateway request; JWT when 0
	wildcard   bool          // add Allow("*", "dynamodb:*") to the execution role
}

func newServerless(o serverlessOpts) *serverless {
	if o.publicAuth == 0 {
		o.publicAuth = tm.JWT
	}
	s := &serverless{m: tm.New("Serverless public API")}
	m := s.m
	s.internet = m.Zone("Internet", tm.Untrusted)
	s.account = m.Zone("AWS account", tm.Trusted, tm.ContainsBlastRadius())
	edge := m.Zone("API edge", tm.SemiTrusted, tm.Inside(s.account))
	compute := m.Zone("Lambda compute", tm.Trusted, tm.Inside(s.account))
	data := m.Zone("Data plane", tm.HighlyTrusted, tm.Inside(s.account))
	control := m.Zone("Control plane", tm.HighlyTrusted, tm.Inside(s.account))

	s.userData = m.DataAsset("User data in DynamoDB", tm.Value(tm.High), tm.RiskLevel(tm.Critical), tm.PII())
	s.execRoleAsset = m.Asset("Lambda execution role", tm.AssetIdentity, tm.Value(tm.VeryHigh), tm.RiskLevel(tm.Critical))
	endpoints := m.Asset("API endpoints", tm.AssetEndpoint, tm.Value(tm.MediumHigh), tm.RiskLevel(tm.Important))
	logs := m.Asset("Logs (CloudWatch)", tm.AssetLogs, tm.Value(tm.Medium), tm.RiskLevel(tm.Moderate))
	request := m.DataAsset("API request payload", tm.Value(tm.Medium), tm.RiskLevel(tm.Important))

	s.user = m.ExternalEntity("User", s.internet)
	cognito := m.Process("Cognito user pool", edge, tm.Infrastructure(),
		tm.Controls(tm.Authentication, tm.MFA, tm.RateLimiting, tm.AuditLogging))
	s.gateway = m.Process("API Gateway", edge, tm.Infrastructure(),
		tm.Controls(tm.Authentication, tm.Authorization, tm.InputValidation, tm.RateLimiting, tm.WAF))
	s.handler = m.Process("Lambda", compute,
		tm.Controls(tm.InputValidation, tm.ParameterizedQueries, tm.LeastPrivilege, tm.EgressFiltering))
	s.table = m.DataStore("DynamoDB", data, tm.Infrastructure(), tm.Stores(s.userData),
		tm.Controls(tm.EncryptionAtRest, tm.Authorization, tm.PrivateEndpoint))
	cloudwatch := m.DataStore("CloudWatch Logs", data, tm.Infrastructure(), tm.Stores(logs),
		tm.Controls(tm.EncryptionAtRest, tm.Authorization))
	s.iam = m.Process("IAM", control, tm.Infrastructure(),
		tm.Controls(tm.ShortLivedCredentials, tm.AuditLogging, tm.PermissionBoundary, tm.InputValidation))

	signIn := m.Flow(s.user, cognito, "Sign-in", tm.Encrypted(tm.TLS13), tm.AuthN(tm.Password), tm.Carries(request))
	m.Response(signIn, "ID token")
	s.call = m.Flow(s.user, s.gateway, "API request", tm.Encrypted(tm.TLS13), tm.AuthN(o.publicAuth), tm.Carries(request))
	m.Response(s.call, "API response", tm.Carries(s.userData))
	// Customers sign in with a password alone: a stolen token is the
	// modelled way past the JWT.
	m.Threat("Compromised customer credentials", tm.Spoofing, tm.About(s.call))
	invoke := m.Flow(s.gateway, s.handler, "Invoke", tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.Carries(request))
	m.Response(invoke, "Invocation result", tm.Carries(s.userData))
	query := m.Flow(s.handler, s.table, "Read and write user record", tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.Carries(s.userData))
	m.Response(query, "User record", tm.Carries(s.userData))
	m.Flow(s.handler, cloudwatch, "Application logs", tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.Carries(logs))
	m.Flow(s.gateway, cloudwatch, "Access logs", tm.Encrypted(tm.TLS12), tm.AuthN(tm.IAMSignature), tm.Carries(logs))
	creds := m.Flow(s.handler, s.iam, "Assume execution role", tm.Encrypted(tm.TLS12), tm.AuthN(tm.WorkloadIdentity), tm.Carries(s.execRoleAsset))
	m.Response(creds, "Temporary credentials", tm.Carries(s.execRoleAsset))
	_ = endpoints

	s.execRole = m.Role("Lambda execution role")
	s.execRole.Allow(s.table, "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query")
	s.execRole.Allow(cloudwatch, "logs:CreateLogStream", "logs:PutLogEvents")
	s.execRole.Deny(s.table, "dynamodb:DeleteTable", "dynamodb:Scan")
	if o.wildcard {
		s.execWildcard = s.execRole.Allow(tm.AnyResource(), "dynamodb:*")
	}
	s.handler.RunsAs(s.execRole)
	gwRole := m.Role("API Gateway logging role")
	gwRole.Allow(cloudwatch, "logs:CreateLogStream", "logs:PutLogEvents")
	s.gateway.RunsAs(gwRole)
	m.Secret("Lambda execution role credentials", tm.Stored(tm.InWorkloadIdentity),
		tm.UsedBy(s.handler), tm.Grants(s.execRole))
	return s
}

func TestServerlessExecutionRoleReachesUserData(t *testing.T) {
	s := newServerless(serverlessOpts{})
	res := analyze(t, s.m)
	rr := res.Role(s.execRole)
	e, ok := rr.Find(s.userData)
	if !ok {
		t.Fatalf("the execution role should reach the user data; it reaches %v", elPaths(rr.Reach))
	}
	if e.Access != tm.Read|tm.Write || e.Through != s.table || e.Wildcard {
		t.Errorf("user data: access %s through %v wildcard %v, want read/write through DynamoDB", e.Access, e.Through, e.Wildcard)
	}
	want := []string{"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"}
	if diff := cmp.Diff(want, e.Actions); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}
	wantReach := []string{`assets["Logs (CloudWatch)"]`, `assets["User data in DynamoDB"]`, `components["CloudWatch Logs"]`, `components["DynamoDB"]`}
	if diff := cmp.Diff(wantReach, elPaths(rr.Reach)); diff != "" {
		t.Errorf("execution role reach (-want +got):\n%s", diff)
	}
	if rr.MaxValue != tm.High || rr.MaxCriticality != tm.Critical || !rr.Contained() || len(rr.Wildcards) != 0 {
		t.Errorf("max %s %s, contained %v, wildcards %d", rr.MaxValue, rr.MaxCriticality, rr.Contained(), len(rr.Wildcards))
	}
	if len(res.Findings) != 0 {
		t.Errorf("the guide's roles are scoped to the flows; findings %v", codesAndPaths(res.Findings))
	}
	var exec []string
	for _, r := range res.Gate.ExecutionRoles {
		exec = append(exec, r.Role.Name())
	}
	if diff := cmp.Diff([]string{"API Gateway logging role", "Lambda execution role"}, exec); diff != "" {
		t.Errorf("execution roles (-want +got):\n%s", diff)
	}
	// The leaked credentials reach what the role reaches; they live in a
	// workload identity, so no attack path starts with their leak.
	for _, p := range res.Paths {
		if p.Source == nil {
			t.Errorf("unexpected leak path %s", p.String())
		}
	}
}

func TestServerlessAttackPathFromInternetToUserData(t *testing.T) {
	s := newServerless(serverlessOpts{})
	paths := analyze(t, s.m).PathsToAsset(s.userData)
	if len(paths) == 0 {
		t.Fatal("no attack path to the user data")
	}
	top := paths[0]
	want := []string{
		"start at User: untrusted source (High)",
		`User → API Gateway over "API request": open threat USR-compromised-customer-credentials (Medium)`,
		`API Gateway → Lambda over "Invoke": forwarded input (Low)`,
		`Lambda → DynamoDB over "Read and write user record": forwarded input (Low)`,
		"DynamoDB → User data in DynamoDB: served to caller (Low)",
	}
	if diff := cmp.Diff(want, stepStrings(top)); diff != "" {
		t.Errorf("top path (-want +got):\n%s", diff)
	}
	if top.Source != s.user || top.Source.Zone() != s.internet || top.Likelihood != tm.Low || top.Entry() != s.call {
		t.Errorf("top path: source %v likelihood %s entry %v", top.Source, top.Likelihood, top.Entry())
	}
}

// TestServerlessServiceWildcardStaysInService: "dynamodb:*" on every
// resource reaches the DynamoDB table and what it stores, not IAM, the
// other roles or the log stores: a wildcard stays within its service.
func TestServerlessServiceWildcardStaysInService(t *testing.T) {
	sb := newServerless(serverlessOpts{})
	s := newServerless(serverlessOpts{wildcard: true})
	after := analyze(t, s.m)
	rb, ra := analyze(t, sb.m).Role(sb.execRole), after.Role(s.execRole)
	if diff := cmp.Diff(elPaths(rb.Reach), elPaths(ra.Reach)); diff != "" {
		t.Errorf("dynamodb:* on every resource should reach what the role already reaches (-before +after):\n%s", diff)
	}
	if e, ok := ra.Find(s.iam); ok {
		t.Errorf("dynamodb:* should not reach IAM; it does with %s", e.Access)
	}
	if e, _ := ra.Find(s.userData); !e.Wildcard || e.Access&tm.Delete == 0 {
		t.Errorf("user data through the wildcard: wildcard %v access %s", e.Wildcard, e.Access)
	}
	if len(ra.Wildcards) != 1 || ra.Wildcards[0] != s.execWildcard {
		t.Errorf("Wildcards = %v, want the new statement", ra.Wildcards)
	}
	if diff := cmp.Diff([]string{`RCH002 roles["Lambda execution role"].permissions[3]`}, codesAndPaths(after.Findings)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	} else if sc := after.Findings[0].Scopes; len(sc) != 1 || sc[0].Resource != s.table {
		t.Errorf("the finding should scope the wildcard to the DynamoDB table, got %v", scopeViews(sc))
	}
}

func TestServerlessUnauthenticatedAPIChangesPaths(t *testing.T) {
	sa := newServerless(serverlessOpts{})
	authed := analyze(t, sa.m)
	s := newServerless(serverlessOpts{publicAuth: tm.NoAuthentication})
	open := analyze(t, s.m)
	if cmp.Equal(pathStrings(authed.Paths), pathStrings(open.Paths)) {
		t.Fatal("removing authentication from the public flow should change the attack paths")
	}
	before, after := authed.PathsToAsset(sa.userData), open.PathsToAsset(s.userData)
	if len(before) == 0 || len(after) == 0 {
		t.Fatal("no path to the user data")
	}
	top := after[0]
	if s := top.Steps[1]; s.Weakness != reach.UnauthenticatedFlow || s.Likelihood != tm.High || s.Flow != top.Entry() {
		t.Errorf("entry step = %s, want the unauthenticated API request", s)
	}
	if top.Cost >= before[0].Cost {
		t.Errorf("the unauthenticated path should be likelier (cheaper): cost %d, was %d", top.Cost, before[0].Cost)
	}
	// The gate helper: every path to a critical asset crosses an
	// authenticated flow only while the API authenticates.
	for _, p := range authed.PathsTo(tm.Critical) {
		if e := p.Entry(); e == nil || !reach.Authenticated(e) {
			t.Errorf("authenticated API: path %s enters unauthenticated", p.String())
		}
	}
	var unguarded int
	for _, p := range open.PathsTo(tm.Critical) {
		if !reach.Authenticated(p.Entry()) {
			unguarded++
		}
	}
	if unguarded == 0 {
		t.Error("unauthenticated API: some critical path should enter without authentication")
	}
	var edge *reach.BoundaryAnswer
	for i := range open.Gate.Boundaries {
		if open.Gate.Boundaries[i].Zone.Name() == "API edge" {
			edge = &open.Gate.Boundaries[i]
		}
	}
	if edge == nil || len(edge.Unauthenticated) != 1 || edge.Unauthenticated[0] != s.call {
		t.Errorf("the API edge should list the unauthenticated request: %+v", edge)
	}
}
