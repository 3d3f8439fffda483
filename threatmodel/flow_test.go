package threatmodel_test

import (
	"slices"
	"strconv"
	"testing"

	tm "github.com/threatwright/threatwright/threatmodel"
)

// TestDuplicateFlowOfHub: a component with many outgoing flows still has
// each duplicate reported, citing the first flow of that name, before and
// after it has enough flows to be indexed.
func TestDuplicateFlowOfHub(t *testing.T) {
	m := tm.New("Hub")
	z := m.Zone("Net", tm.Trusted)
	hub := m.Process("Hub", z)
	store := func(i int) *tm.Component { return m.DataStore("Store "+strconv.Itoa(i), z) }
	one := store(1)
	first := m.Flow(hub, one, "Write")
	small := m.Flow(hub, one, "Write") // a duplicate while the hub has few flows
	var last *tm.Flow
	for i := 2; i < 40; i++ {
		last = m.Flow(hub, store(i), "Write")
	}
	large := m.Flow(hub, one, "Write") // a duplicate once it has many
	m.Flow(hub, one, "Read")           // not a duplicate
	again := m.Flow(hub, last.Destination(), "Write")
	var got []string
	for _, f := range m.Findings() {
		if f.Code == tm.CodeDuplicateName {
			got = append(got, f.Pos.String()+" "+f.Message)
		}
	}
	msg := " another flow between the same components has this name (declared at "
	want := []string{
		small.Pos().String() + msg + first.Pos().String() + ")",
		large.Pos().String() + msg + first.Pos().String() + ")",
		again.Pos().String() + msg + last.Pos().String() + ")",
	}
	if !slices.Equal(got, want) {
		t.Errorf("duplicate findings:\n got %q\nwant %q", got, want)
	}
}
