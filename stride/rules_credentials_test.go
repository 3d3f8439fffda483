package stride_test

import (
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

// credentialCases test the rules about the credentials flows present:
// TW-S-103 and TW-I-106.
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
			api := f.api()
			f.m.Secret("Token", tm.Stored(tm.InConfigFile), tm.StoredIn(repo), tm.UsedBy(api))
			registry := f.m.DataStore("Registry", f.app, tm.Is(tm.Registry))
			f.m.Secret("Baked key", tm.Stored(tm.InEnvironment), tm.StoredIn(registry), tm.UsedBy(api)) // ENV in a layer
			return f.m
		},
		want: []string{"TW-I-106@Registry (Baked key)", "TW-I-106@Repo (Token)"},
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
}
