package stride

import (
	"slices"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// credentialRules are the rules about the credentials flows present (the
// secrets threatmodel.Authenticates names): one credential presented by
// several callers (TW-S-103), and a secret kept where everyone who reads a
// source repository or pulls an image reads it (TW-I-106). A build system's
// deploy credential is TW-E-012's (rules_deployment.go).
//
// It is a table of rules, one Rule literal per rule, which is why it is
// long: each rule reads, and is edited, on its own.
func credentialRules() []Rule {
	return []Rule{
		{
			ID:       "TW-S-103",
			Foothold: true, // the attacker needs the other caller first
			Category: Spoofing,
			Title:    "Credential shared with another caller",
			Description: "The component authenticates with a secret that another component presents too. The " +
				"destination cannot tell the two apart: whoever compromises either one acts as both, the destination's " +
				"logs cannot say which of them acted, and revoking the secret after a leak stops both.",
			AttackPaths: []string{
				"A compromise of the other caller (a job, a sidecar, a second service) yields this component's identity at the destination",
				"A leak from the less protected holder — its logs, its environment, its image — is used where the more protected one is trusted",
			},
			Mitigations: []string{
				"One credential per caller: separate database users, separate API keys, separate service accounts",
				"Scope each caller's credential to what that caller needs at the destination",
			},
			CAPEC:     []int{560},
			CWE:       []int{653, 522},
			Kinds:     []tm.Kind{tm.Process},
			MatchEach: sharedCredentials,
		},
		{
			ID:       "TW-I-106",
			Category: InformationDisclosure,
			Title:    "Secret kept in a source repository or image",
			Description: "The secret is stored in a source repository (a committed configuration or .env file) or in a " +
				"container image (a file or an ENV instruction in a layer): everyone who can clone the repository, read " +
				"its history or forks, or pull the image reads it, and deleting it later leaves it in the history and the old layers.",
			AttackPaths: []string{
				"Cloning the repository, or reading a fork or an old commit",
				"Pulling the image and reading its layers or its configuration (docker history, docker inspect)",
				"A leaked CI cache or build context that holds the file",
			},
			Mitigations: []string{
				"Keep secrets in a secrets manager and fetch them at run time; reference them from the repository, never copy them in",
				"Secret scanning on push and on images; rotate every secret that was ever committed or baked into a layer",
			},
			// Scanning finds the secret; only moving it and rotating it
			// closes the threat, so no control does.
			CAPEC: []int{191},
			CWE:   []int{540, 538},
			Kinds: []tm.Kind{tm.DataStore, tm.Process},
			MatchEach: func(t *Target) []tm.Element {
				c := t.Component
				if !c.IsA(tm.SourceRepository) && !c.IsA(tm.Registry) {
					return nil
				}
				var out []tm.Element
				for _, s := range t.SecretsHeld() {
					if s != nil && keptInFiles(s.Storage()) {
						out = append(out, s)
					}
				}
				return out
			},
		},
	}
}

// sharedCredentials returns the secrets that back a request the component
// sends and also a request another component sends. The secrets back a
// request of the component, so another source is another caller.
func sharedCredentials(t *Target) []tm.Element {
	c := t.Component
	var out []tm.Element
	for _, f := range outgoing(c) {
		if !isRequest(f) {
			continue
		}
		for _, s := range f.Credentials() {
			if t.ix.sharedSecret(s) && !slices.Contains(out, tm.Element(s)) {
				out = append(out, s)
			}
		}
	}
	return out
}

// sharedSecret reports whether requests from more than one component
// present the secret (threatmodel.Secret.Authenticates). Each secret is
// worked out once.
func (ix *index) sharedSecret(s *tm.Secret) bool {
	if v, ok := ix.sharedBy[s]; ok {
		return v
	}
	var first *tm.Component
	shared := false
	for _, f := range s.Authenticates() {
		src := f.Source()
		if !isRequest(f) || src == nil {
			continue
		}
		if first == nil {
			first = src
		} else if src != first {
			shared = true
			break
		}
	}
	if ix.sharedBy == nil {
		ix.sharedBy = make(map[*tm.Secret]bool)
	}
	ix.sharedBy[s] = shared
	return shared
}

// keptInFiles reports whether a secret stored in a repository or an image
// sits in its files: a configuration file, an environment file or
// instruction, or storage the model does not state. Source code is
// TW-I-101's; CI/CD variables and a secrets manager are encrypted stores
// of their own, not files anyone who clones or pulls reads.
func keptInFiles(s tm.SecretStorage) bool {
	switch s {
	case tm.InConfigFile, tm.InEnvironment, 0:
		return true
	}
	return false
}
