package threatmodel

// flowSecrets records CodeNoFlowSecret for each request flow from one of
// the system's processes that authenticates with a credential someone must
// keep (AuthScheme.PresentsStoredSecret) and that no declared secret backs
// (Authenticates). A person's password and a third party's key are theirs
// to keep; responses answer a request and present nothing.
func (v *validator) flowSecrets() {
	for _, f := range v.m.flows {
		src := f.src
		if f.responseTo != nil || src == nil || src.kind != Process || !src.InScope() ||
			!f.authentication.PresentsStoredSecret() || len(f.rare().credentials) > 0 {
			continue
		}
		v.add(CodeNoFlowSecret, f, f.at, f.Path()+".credentials",
			"the flow authenticates with "+f.authentication.String()+" and no secret backs it: declare the credential "+
				src.name+" presents with threatmodel.Authenticates on a secret")
	}
}

// baseImages records CodeNoBaseImage for each in-scope container the team
// builds (not provider-managed) that no base-image dependency is used by.
func (v *validator) baseImages() {
	var based map[*Component]bool
	for _, c := range v.m.components {
		if !c.IsA(Container) || !c.InScope() || c.providerManaged {
			continue
		}
		if based == nil {
			based = make(map[*Component]bool)
			for _, d := range v.m.dependencies {
				if d.kind == BaseImage {
					for _, u := range d.usedBy {
						based[u] = true
					}
				}
			}
		}
		if !based[c] {
			v.add(CodeNoBaseImage, c, c.at, c.Path()+".dependencies",
				"the container names no base image: declare it with m.Dependency(name, threatmodel.BaseImage, threatmodel.UsedBy(container))")
		}
	}
}
