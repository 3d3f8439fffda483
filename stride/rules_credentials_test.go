package stride_test

import (
	"time"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// dbCallers declares API and Worker, each sending SQL to the database with
// a password, and returns their flows.
func (f *fx) dbCallers() (*tm.Flow, *tm.Flow) {
	db := f.db()
	auth := tm.AuthN(tm.Password)
	api := f.call(f.api(), db, "Query", auth)
	worker := f.call(f.m.Process("Worker", f.app, tm.Is(tm.Job)), db, "Update", auth)
	return api, worker
}

// ciDeploy declares a build system outside the account that deploys to
// the API with an API key, and returns the deployment flow.
func (f *fx) ciDeploy(opts ...tm.FlowOption) *tm.Flow {
	ci := f.m.Process("CI", f.m.Zone("CI provider", tm.SemiTrusted), tm.Is(tm.Pipeline))
	return f.call(ci, f.api(), "Deploy", append([]tm.FlowOption{tm.AuthN(tm.APIKey)}, opts...)...)
}

// credentialCases test the rules about the credentials flows present:
// TW-S-103, TW-I-106 and TW-E-012.
var credentialCases = []ruleCase{
	{
		id: "TW-S-103",
		trigger: func() *tm.Model {
			f := newFx()
			api, worker := f.dbCallers()
			f.m.Secret("DB password", tm.Authenticates(api, worker))
			return f.m
		},
		want: []string{"TW-S-103@API (DB password)", "TW-S-103@Worker (DB password)"},
		// One credential per caller.
		quiet: func() *tm.Model {
			f := newFx()
			api, worker := f.dbCallers()
			f.m.Secret("API password", tm.Authenticates(api))
			f.m.Secret("Worker password", tm.Authenticates(worker))
			return f.m
		},
	},
	{
		id: "TW-I-106",
		trigger: func() *tm.Model {
			f := newFx()
			repo := f.m.DataStore("Repo", f.app, tm.Is(tm.SourceRepository))
			f.m.Secret("Token", tm.Stored(tm.InConfigFile), tm.StoredIn(repo), tm.UsedBy(f.api()))
			return f.m
		},
		want: []string{"TW-I-106@Repo (Token)"},
		// CI/CD variables are the repository host's encrypted store, and a
		// configuration file in a database is not in a repository.
		quiet: func() *tm.Model {
			f := newFx()
			repo := f.m.DataStore("Repo", f.app, tm.Is(tm.SourceRepository))
			f.m.Secret("Token", tm.Stored(tm.InCIVariables), tm.StoredIn(repo), tm.UsedBy(f.api()))
			f.m.Secret("Config", tm.Stored(tm.InConfigFile), tm.StoredIn(f.db()))
			return f.m
		},
	},
	{
		id: "TW-E-012",
		trigger: func() *tm.Model {
			f := newFx()
			deploy := f.ciDeploy(tm.Deploys())
			f.m.Secret("Deploy key", tm.Stored(tm.InCIVariables), tm.Rotated(tm.Rotation{Every: 365 * 24 * time.Hour}),
				tm.Authenticates(deploy))
			return f.m
		},
		want: []string{"TW-E-012@CI → API: Deploy"},
		// Pull-based: an agent inside the account fetches the manifests and
		// applies them; and a call from the build system that deploys
		// nothing.
		quiet: func() *tm.Model {
			f := newFx()
			f.ciDeploy()
			agent := f.m.Process("Agent", f.ops, tm.Is(tm.Pipeline))
			repo := f.m.DataStore("Repo", f.m.Zone("Git host", tm.SemiTrusted), tm.Is(tm.SourceRepository))
			f.call(agent, repo, "Fetch manifests")
			f.call(agent, f.m.Process("Worker", f.app, tm.Is(tm.Job)), "Apply", tm.Deploys())
			return f.m
		},
		// The key is issued per run.
		closed: func() *tm.Model {
			f := newFx()
			deploy := f.ciDeploy(tm.Deploys())
			f.m.Secret("Deploy session", tm.Stored(tm.InWorkloadIdentity), tm.Rotated(tm.Rotation{Every: time.Hour, Automated: true}),
				tm.Authenticates(deploy))
			return f.m
		},
	},
}
