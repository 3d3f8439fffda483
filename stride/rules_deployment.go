package stride

import (
	"slices"
	"strings"
	"time"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// deploymentRules are the rules about how code reaches production: a
// build system outside the runtime that pushes into it with a credential
// that outlives its runs (TW-E-012), and a source repository that people
// or systems outside its zone change without review (TW-T-018). A
// container's base image is TW-T-102's, once the model names it (TM163
// asks for it).
//
// It is a table of rules, one Rule literal per rule, which is why it is
// long: each rule reads, and is edited, on its own.
func deploymentRules() []Rule {
	return []Rule{
		{
			ID:       "TW-E-012",
			Category: ElevationOfPrivilege,
			Title:    "Build system holds standing production credentials (push deployment)",
			Description: "The build system, outside the account or cluster it deploys to, pushes into it, so it holds a credential that changes " +
				"production; unless that credential is issued per run and expires with it, whoever reads the build " +
				"system's settings, a runner's disk or a leaked log deploys whatever they like, whenever they like, from anywhere.",
			AttackPaths: []string{
				"A malicious pull request or a compromised third-party action prints or sends the deploy credential",
				"Read access to the CI settings, a self-hosted runner or a build cache exposes a long-lived key",
				"A leaked key is used long after the build that held it, from outside the build system",
			},
			Mitigations: []string{
				"Short-lived, per-run credentials (OIDC federation to the cloud account) scoped to deployment, trusted only for the protected branch",
				"Pull-based deployment: an agent inside the runtime fetches signed artefacts, and the build system holds no production credential",
			},
			MitigatedWhen: shortLivedDeployCredential,
			CAPEC:         []int{560},
			CWE:           []int{522, 263},
			Kinds:         []tm.Kind{tm.Process},
			Scope:         PerOutgoingFlow,
			Enforced:      EnforcedAtElementOrFlow,
			Match: func(t *Target) bool {
				d := t.Destination
				return t.Component.IsA(tm.Pipeline) && isRequest(t.Flow) && t.Flow.Deploys() && d != nil &&
					!d.IsA(tm.SourceRepository) && !d.IsA(tm.Registry) && entersBlastRadius(t.Crossing)
			},
		},
		{
			ID:       "TW-T-018",
			Category: Tampering,
			Title:    "Source repository changed from outside its zone without review",
			Description: "Code reaches the repository from outside its trust zone — a developer's laptop, a " +
				"contractor, another organisation's automation — and nothing requires a second person to review it " +
				"before it lands on the branch that is built and deployed: whoever holds one account with write " +
				"access ships code to production.",
			AttackPaths: []string{
				"A phished or leaked developer token pushes straight to the deployed branch",
				"A malicious insider or a compromised contractor account merges its own change",
				"A force-push rewrites the history that the build trusts",
			},
			Mitigations: []string{
				"Branch protection on the deployed branches: pull requests with a required review by a code owner, no force-push, no bypass for administrators",
				"Signed commits and status checks required before merge",
			},
			MitigatedBy: []tm.Control{tm.CodeReview},
			CAPEC:       []int{444},
			CWE:         []int{284, 1357},
			Kinds:       []tm.Kind{tm.Process, tm.DataStore},
			Scope:       PerIncomingFlow,
			Match: func(t *Target) bool {
				return t.Component.IsA(tm.SourceRepository) && isRequest(t.Flow) && t.Source != nil &&
					(isOutside(t.Source) || t.Crossing.Crosses()) && pushesCode(t.Flow)
			},
		},
	}
}

// pushesCode reports whether the request brings code to its destination:
// it carries an asset of kind Code and no answer carries code back (which
// would make it a fetch that names what it fetches).
func pushesCode(f *tm.Flow) bool {
	code := func(a *tm.Asset) bool { return a != nil && a.Kind() == tm.AssetCode }
	return flowCarries(f, code) && !slices.ContainsFunc(responses(f), func(r *tm.Flow) bool { return flowCarries(r, code) })
}

// entersBlastRadius reports whether the flow comes into a zone that
// contains blast radius (a cloud account, a cluster) from outside it: a
// build system outside the account that deploys into it pushes.
func entersBlastRadius(c tm.Crossing) bool {
	return slices.ContainsFunc(c.Enters, func(z *tm.Zone) bool { return z.ContainsBlastRadius() })
}

// maxRunCredential is the longest lifetime of a credential that counts as
// issued per run: a day.
const maxRunCredential = 24 * time.Hour

// shortLivedDeployCredential is the evidence that the deployment flow's
// credentials are issued per run: every secret backing it is a workload
// identity, or rotated automatically within a day; when the flow names no
// secret, the Short-lived credentials control on the flow or the build
// system.
func shortLivedDeployCredential(t *Target) string {
	creds := t.Flow.Credentials()
	if len(creds) == 0 {
		if t.Has(tm.ShortLivedCredentials) {
			return "the build system deploys with short-lived credentials (Short-lived credentials control)"
		}
		return ""
	}
	names := make([]string, 0, len(creds))
	for _, s := range creds {
		r := s.Rotation()
		if s.Storage() != tm.InWorkloadIdentity && !(r.Automated && r.Every > 0 && r.Every <= maxRunCredential) {
			return ""
		}
		names = append(names, s.Name()+" ("+r.String()+")")
	}
	slices.Sort(names)
	return "deploys with credentials issued per run: " + strings.Join(names, ", ")
}
