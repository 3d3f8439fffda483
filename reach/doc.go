// Package reach computes what a compromise can reach in a threat model: the
// blast radius of every role, component and secret, the least-privilege
// findings, the attack paths from untrusted positions to the most valuable
// assets, and the answers to the template's gate questions.
//
//	res, err := reach.Analyze(m)
//	role := res.Role(execRole)          // what the execution role reaches
//	paths := res.PathsTo(threatmodel.Critical)
//
// # Blast radius
//
// A role reaches what its allow statements name, less what its deny
// statements take away, and, transitively, what the roles it can act as
// reach: through Role.CanAssume, through an IAM or STS permission on a role
// (sts:AssumeRole, iam:PassRole, "*"), and through a secret it can read that
// grants a role. Cycles end where they close. A statement on a component
// reaches the component and the assets it stores or that represent it; on a
// zone, every component in it and in the zones nested in it; on
// threatmodel.AnyResource(), everything. Wildcards stay visible
// (Entry.Wildcard, BlastRadius.Wildcards). A deny takes away the allowed
// actions its patterns match on what it covers (a component covers the
// assets it stores; a zone what is in it); an allowed wildcard is only taken
// away by a deny as wide, so the reach errs wide.
//
// A component reaches what it stores, what its flows carry, what its roles
// and the secrets it uses reach, and it can make its outgoing calls (a pivot
// when the callee trusts the caller's identity). A secret's leak reaches the
// roles it grants and what it opens. Each reach says whether it stays inside
// the blast-radius boundary (threatmodel.ContainsBlastRadius) the subject
// sits in, and where it leaks out.
//
// # Least privilege
//
// A flow justifies the access of the components acting as a role: writing
// where one sends a request, reading where a response comes back from or
// where it receives from a data store. No data flow justifies deleting or
// administering. An allow statement that no flow of the components acting
// as its role justifies is unused (RCH001); a statement on a zone or on
// AnyResource() of which the flows use a part should be scoped to that part
// (RCH002); a wildcard action that grants more than the flows need should
// list the actions (RCH003); a role that can act as a role reaching more
// than itself escalates (RCH004). Each Finding carries the narrower
// permission set the flows justify.
//
// # Attack paths
//
// The attacker starts at external entities and in untrusted zones. A step
// goes over a flow into a component's input, forwards input from process
// to process, takes a process over through its input, uses a controlled
// component's identity, obtains an asset from a store or a controlled
// component, or uses a leaked secret. Each step exists only when a
// Weakness enables it, and takes that weakness's likelihood; a mitigated
// step breaks every path through it. Paths are ranked by the criticality
// and value of the asset and, per asset, by the sum of their steps' costs
// (High 1, Medium 2, Low 4).
//
// The search settles each node of the attack graph at most K times (the k
// shortest paths by label setting, K from WithPathsPerAsset), so it costs
// O(K·E·(H + log(K·E))) for E edges and paths of at most H steps instead of
// enumerating every path; a path that would come back to a component it has
// already reached is not followed. Ties are broken by name, so the result
// does not depend on declaration order.
//
// # Cost
//
// Analyze builds one index of the model and computes each role's and
// secret's own reach once; every subject's blast radius is then the union
// of the reaches it can act as, so the work grows with the model plus the
// size of the answer. A statement on AnyResource() reaches every element by
// definition, and its blast radius lists them all.
package reach
