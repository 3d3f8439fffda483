package stride

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/threatwright/threatwright/internal/synth"
)

// TestIndexFields: every field of index is either shared by derive's
// workers, read-only while they run, or a cache each worker has its own of
// (forWorker). A new field must be put in one of the lists, and a cache in
// forWorker, or the workers would write to it at once.
func TestIndexFields(t *testing.T) {
	ty := reflect.TypeFor[index]()
	for i := range ty.NumField() {
		name := ty.Field(i).Name
		shared, own := slices.Contains(indexShared, name), slices.Contains(indexPerWorker, name)
		if shared == own {
			t.Errorf("index.%s is in %s of indexShared and indexPerWorker: put it in exactly one", name, map[bool]string{true: "both", false: "neither"}[shared])
		}
	}
	for _, name := range slices.Concat(indexShared, indexPerWorker) {
		if _, ok := ty.FieldByName(name); !ok {
			t.Errorf("%s is listed but index has no such field", name)
		}
	}
	// forWorker gives each cache afresh: after an analysis has filled
	// the original's, a worker's copy has none of it.
	m := synth.Model(60)
	a := analysis{ix: newIndex(m), cfg: &config{}, ctx: context.Background()}
	a.contradictions()
	if err := a.derive(builtinRules()); err != nil {
		t.Fatal(err)
	}
	a.ix.prepare()
	w := reflect.ValueOf(a.ix.forWorker()).Elem()
	orig := reflect.ValueOf(a.ix).Elem()
	filled := 0
	for _, name := range indexPerWorker {
		o, c := orig.FieldByName(name), w.FieldByName(name)
		switch c.Kind() {
		case reflect.Map:
			if o.Len() > 0 {
				filled++
			}
			if c.Len() > 0 {
				t.Errorf("a worker's index.%s has %d entries of the original's", name, c.Len())
			}
		case reflect.Pointer:
			if !o.IsNil() {
				filled++
			}
			if !c.IsNil() {
				t.Errorf("a worker's index.%s is the original's", name)
			}
		default:
			t.Errorf("index.%s is a %v: forWorker gives maps and pointers afresh", name, c.Kind())
		}
	}
	if filled < 4 {
		t.Errorf("the analysis filled %d of the caches: the check saw too little", filled)
	}
}

// TestDeriveOverflow: when the model derives more threats than derive made
// room for, the workers' overflow joins the rest, and the report is the
// one a roomy array gives.
func TestDeriveOverflow(t *testing.T) {
	m := synth.Model(80)
	want, err := Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	defer func(n int) { threatsPerElement = n }(threatsPerElement)
	threatsPerElement = 1
	got, err := Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Threats) != len(want.Threats) || len(want.Threats) < 2*(len(m.Components())+len(m.Flows())) {
		t.Fatalf("%d threats with little room, %d with enough, for %d elements", len(got.Threats), len(want.Threats), len(m.Components())+len(m.Flows()))
	}
	for i := range want.Threats {
		if g, w := &got.Threats[i], &want.Threats[i]; g.ID != w.ID || g.Status != w.Status || g.Risk != w.Risk || len(g.Evidence) != len(w.Evidence) {
			t.Errorf("threat %d: %s %v %v, want %s %v %v", i, g.ID, g.Status, g.Risk, w.ID, w.Status, w.Risk)
		}
	}
}
