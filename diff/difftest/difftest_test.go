package difftest_test

import (
	"testing"

	"github.com/threatwright/threatwright/diff/difftest"
	"github.com/threatwright/threatwright/examples/serverless/serverless"
	"github.com/threatwright/threatwright/internal/examplecmd"
	"github.com/threatwright/threatwright/internal/golden"
	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/stride"
	tm "github.com/threatwright/threatwright/threatmodel"
)

var _ = golden.Update

// recorder records what a helper reports instead of failing the test.
type recorder struct {
	testing.TB
	errors int
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.errors++ }
func (r *recorder) Log(...any)            {}

func doc(t *testing.T, m *tm.Model) *render.Document {
	d, err := render.NewDocument(m, render.STRIDEOptions(stride.At(examplecmd.Reviewed)))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestNoNewRisk: granting the logging role "*" opens a High elevation
// threat; the helper fails at High and at Medium, and passes for the model
// against itself.
func TestNoNewRisk(t *testing.T) {
	before := doc(t, serverless.Model())
	m := serverless.Model()
	m.RoleNamed("API Gateway logging role").Allow(tm.AnyResource(), "*")
	after := doc(t, m)
	for _, min := range []tm.Level{tm.Medium, tm.High} {
		r := &recorder{TB: t}
		difftest.NoNewRisk(r, before, after, min)
		if r.errors == 0 {
			t.Errorf("at %s: the wildcard opens nothing", min)
		}
	}
	r := &recorder{TB: t}
	difftest.NoNewRisk(r, before, doc(t, serverless.Model()), tm.Low)
	if r.errors != 0 {
		t.Errorf("the same model: %d errors", r.errors)
	}
}
