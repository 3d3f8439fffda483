package reach

// The Google Cloud techniques follow Rhino Security Labs' research on
// privilege escalation in Google Cloud (its scanner's methods and the
// permissions each requires), with the ATT&CK technique each is an
// instance of, and a few the research does not list that Google's own
// documentation describes. iam.serviceAccounts.actAs is Google Cloud's
// iam:PassRole: it attaches a service account to a resource the holder
// creates or changes. The IDs ("gcp-001"…) are threatwright's own.

const (
	rhinoGCP       = "https://rhinosecuritylabs.com/gcp/privilege-escalation-google-cloud-platform-part-1/"
	rhinoGCPMethod = "https://github.com/RhinoSecurityLabs/GCP-IAM-Privilege-Escalation"
	actAs          = "iam.serviceAccounts.actAs"
)

// gcpNew is a technique that attaches a service account (actAs on it) to a
// resource it creates, which the service agent runs as that account.
func gcpNew(id, agent, name string, perms ...string) Technique {
	return Technique{ID: id, Kind: NewPassRole, Name: name, Permissions: append([]string{actAs}, perms...),
		Preconditions: PassableRole, Service: agent, References: []string{rhinoGCP, rhinoGCPMethod, attack("T1548.005")}}
}

// gcpPrincipal is a technique that gets another service account's
// credentials or trust.
func gcpPrincipal(id, mitre, name string, perms ...string) Technique {
	return Technique{ID: id, Kind: PrincipalAccess, Name: name, Permissions: perms, Preconditions: OnOtherPrincipal,
		References: []string{rhinoGCP, rhinoGCPMethod, attack(mitre)}}
}

// gcpSelf is a technique that widens the principal's own roles.
func gcpSelf(id, name string, perms ...string) Technique {
	return Technique{ID: id, Kind: SelfEscalation, Name: name, Permissions: perms, Preconditions: OnSelf,
		References: []string{rhinoGCP, rhinoGCPMethod, attack("T1098.003")}}
}

// gcpExisting is a technique that changes what an existing resource runs;
// Google Cloud asks for actAs on the service account the resource runs as.
func gcpExisting(id, name string, refs []string, perms ...string) Technique {
	return Technique{ID: id, Kind: ExistingPassRole, Name: name, Permissions: append([]string{actAs}, perms...),
		Preconditions: BoundResource, References: refs}
}

// gcpTechniques is the Google Cloud part of the catalogue.
var gcpTechniques = []Technique{
	// A new resource that runs as the service account.
	gcpNew("gcp-001", "Compute Engine service agent (service-PROJECT_NUMBER@compute-system.iam.gserviceaccount.com)",
		"Create a Compute Engine VM with the service account and read its token from the metadata server",
		"compute.disks.create", "compute.instances.create", "compute.instances.setMetadata", "compute.instances.setServiceAccount",
		"compute.subnetworks.use", "compute.subnetworks.useExternalIp"),
	gcpNew("gcp-002", "Cloud Functions service agent (service-PROJECT_NUMBER@gcf-admin-robot.iam.gserviceaccount.com)",
		"Create a Cloud Function that runs as the service account and call it",
		"cloudfunctions.functions.create", "cloudfunctions.functions.sourceCodeSet", "cloudfunctions.functions.call"),
	gcpNew("gcp-003", "Cloud Functions service agent (service-PROJECT_NUMBER@gcf-admin-robot.iam.gserviceaccount.com)",
		"Create a Cloud Function that runs as the service account and let anyone call it",
		"cloudfunctions.functions.create", "cloudfunctions.functions.sourceCodeSet", "cloudfunctions.functions.setIamPolicy"),
	gcpNew("gcp-004", "Cloud Run service agent (service-PROJECT_NUMBER@serverless-robot-prod.iam.gserviceaccount.com)",
		"Create a Cloud Run service that runs as the service account and invoke it", "run.services.create", "run.routes.invoke"),
	gcpNew("gcp-005", "Cloud Run service agent (service-PROJECT_NUMBER@serverless-robot-prod.iam.gserviceaccount.com)",
		"Create a Cloud Run service that runs as the service account and let anyone invoke it", "run.services.create", "run.services.setIamPolicy"),
	gcpNew("gcp-006", "Cloud Build service agent (service-PROJECT_NUMBER@gcp-sa-cloudbuild.iam.gserviceaccount.com)",
		"Start a Cloud Build build that runs its own steps as the service account", "cloudbuild.builds.create"),
	gcpNew("gcp-007", "Cloud Scheduler service agent (service-PROJECT_NUMBER@gcp-sa-cloudscheduler.iam.gserviceaccount.com)",
		"Create a Cloud Scheduler job that sends the service account's token to a URL it chooses",
		"cloudscheduler.jobs.create", "cloudscheduler.locations.list"),
	{ID: "gcp-008", Kind: NewPassRole, Name: "Launch a Dataflow job whose workers run its own code as the service account",
		Permissions: []string{actAs, "dataflow.jobs.create"}, Preconditions: PassableRole,
		Service:    "Dataflow service agent (service-PROJECT_NUMBER@dataflow-service-producer-prod.iam.gserviceaccount.com)",
		References: []string{"https://cloud.google.com/dataflow/docs/concepts/security-and-permissions", attack("T1548.005")}},

	// Another service account's credentials or trust.
	gcpPrincipal("gcp-009", "T1548.005", "Create an access token for the service account", "iam.serviceAccounts.getAccessToken"),
	gcpPrincipal("gcp-010", "T1548.005", "Sign a JWT as the service account and exchange it for an access token", "iam.serviceAccounts.signJwt"),
	gcpPrincipal("gcp-011", "T1548.005", "Sign a token request as the service account and exchange it for an access token", "iam.serviceAccounts.signBlob"),
	gcpPrincipal("gcp-012", "T1548.005", "Create tokens through the service account for the accounts it may impersonate",
		"iam.serviceAccounts.implicitDelegation"),
	gcpPrincipal("gcp-013", "T1098.001", "Create a key for the service account", "iam.serviceAccountKeys.create"),
	gcpPrincipal("gcp-014", "T1098.003", "Grant itself a role on the service account (Token Creator), then act as it", "iam.serviceAccounts.setIamPolicy"),

	// Widening its own roles.
	gcpSelf("gcp-015", "Grant itself a role in the project's IAM policy", "resourcemanager.projects.setIamPolicy"),
	gcpSelf("gcp-016", "Grant itself a role in the folder's IAM policy", "resourcemanager.folders.setIamPolicy"),
	gcpSelf("gcp-017", "Grant itself a role in the organization's IAM policy", "resourcemanager.organizations.setIamPolicy"),
	gcpSelf("gcp-018", "Add permissions to a custom role it holds", "iam.roles.update"),

	// Changing what an existing resource runs, as its service account.
	gcpExisting("gcp-019", "Replace the source of an existing Cloud Function", []string{rhinoGCP, rhinoGCPMethod, attack("T1548.005")},
		"cloudfunctions.functions.sourceCodeSet", "cloudfunctions.functions.update"),
	gcpExisting("gcp-020", "Set a VM's startup script or SSH keys through its metadata",
		[]string{"https://cloud.google.com/compute/docs/instances/startup-scripts/linux", attack("T1098.004"), rhinoGCP},
		"compute.instances.setMetadata"),
	gcpExisting("gcp-021", "Deploy a new revision of a Cloud Run service with its own image",
		[]string{"https://cloud.google.com/run/docs/securing/service-identity", attack("T1548.005")}, "run.services.update"),
}
