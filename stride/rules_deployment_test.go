package stride_test

import (
	"time"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// ciDeploy declares a build system outside the account that deploys to
// the API with an API key, and returns the deployment flow.
func (f *fx) ciDeploy(opts ...tm.FlowOption) *tm.Flow {
	ci := f.m.Process("CI", f.m.Zone("CI provider", tm.SemiTrusted), tm.Is(tm.Pipeline))
	return f.call(ci, f.api(), "Deploy", append([]tm.FlowOption{tm.AuthN(tm.APIKey)}, opts...)...)
}

// repo declares a source repository in the ops zone holding the code.
func (f *fx) repo(opts ...tm.ComponentOption) (*tm.Component, *tm.Asset) {
	code := f.m.Asset("Code", tm.AssetCode, tm.Value(tm.High))
	return f.m.Process("Repo", f.ops, append([]tm.ComponentOption{tm.Is(tm.SourceRepository)}, opts...)...), code
}

// deploymentCases test TW-E-012 (push deployment with standing
// credentials) and TW-T-018 (a repository changed from outside without
// review).
var deploymentCases = []ruleCase{
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
	{
		id: "TW-T-018",
		trigger: func() *tm.Model {
			f := newFx()
			repo, code := f.repo()
			f.m.Flow(f.m.ExternalEntity("Developer", f.internet, tm.Is(tm.Human)), repo, "Push",
				tm.AuthN(tm.SSHKey), tm.Carries(code))
			return f.m
		},
		want: []string{"TW-T-018@Developer → Repo: Push"},
		// A fetch names what it reads in its answer; a push from inside the
		// repository's zone does not cross it.
		quiet: func() *tm.Model {
			f := newFx()
			repo, code := f.repo()
			fetch := f.m.Flow(f.api(), repo, "Fetch", tm.AuthN(tm.SSHKey), tm.Carries(code))
			f.m.Response(fetch, "Tree", tm.Carries(code))
			f.m.Flow(f.m.Process("Bot", f.ops), repo, "Bump", tm.AuthN(tm.SSHKey), tm.Carries(code))
			return f.m
		},
		// Branch protection requires a review.
		closed: func() *tm.Model {
			f := newFx()
			repo, code := f.repo(tm.Controls(tm.CodeReview))
			f.m.Flow(f.m.ExternalEntity("Developer", f.internet, tm.Is(tm.Human)), repo, "Push",
				tm.AuthN(tm.SSHKey), tm.Carries(code))
			return f.m
		},
	},
}
