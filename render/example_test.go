package render_test

import (
	"fmt"
	"os"

	"github.com/threatwright/threatwright/render"
	"github.com/threatwright/threatwright/threatmodel"
)

func exampleModel() *threatmodel.Model {
	m := threatmodel.New("Orders API")
	internet := m.Zone("Internet", threatmodel.Untrusted)
	vpc := m.Zone("VPC", threatmodel.Trusted)
	user := m.ExternalEntity("Customer", internet)
	api := m.Process("Orders service", vpc, threatmodel.Technology("Go"))
	db := m.DataStore("Orders DB", vpc)
	m.Flow(user, api, "Place order",
		threatmodel.Over(threatmodel.HTTPS, 443),
		threatmodel.Encrypted(threatmodel.TLS13),
		threatmodel.AuthN(threatmodel.JWT))
	m.Flow(api, db, "Store order",
		threatmodel.Over(threatmodel.SQL, 5432),
		threatmodel.Encrypted(threatmodel.Plaintext),
		threatmodel.AuthN(threatmodel.Password))
	return m
}

// DOT draws zones as clusters, components by kind, and flows with their
// protocol; the flow into the VPC crosses a trust boundary (red), the
// database connection is unencrypted (dashed, with a warning).
func ExampleDOT() {
	if err := render.DOT(os.Stdout, exampleModel(), render.WithoutLegend()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// digraph "Orders API" {
	// 	graph [rankdir=TB, fontname="Helvetica", fontsize=14, label=<<B>Orders API</B><BR/><FONT POINT-SIZE="10" COLOR="#546e7a">Data flow diagram</FONT>>, labelloc=t, labeljust=l, nodesep=1.2, ranksep=0.9, pad=0.3, outputorder=edgesfirst, forcelabels=true, tooltip="Orders API"]
	// 	node [fontname="Helvetica", fontsize=10, style=filled, fillcolor="#ffffff", color="#263238", fontcolor="#263238", margin="0.12,0.06"]
	// 	edge [fontname="Helvetica", fontsize=8, color="#607d8b", fontcolor="#263238", arrowsize=0.7]
	// 	subgraph cluster_z0 {
	// 		graph [label=<<B>Internet</B><BR/><FONT POINT-SIZE="9">Untrusted</FONT>>, labeljust=l, style="filled,rounded", fillcolor="#fdecea", color="#e57373", penwidth=1, fontcolor="#263238", tooltip="Internet"]
	// 		n0 [label=<<B>Customer</B>>, shape=box, tooltip="External entity"]
	// 	}
	// 	subgraph cluster_z1 {
	// 		graph [label=<<B>VPC</B><BR/><FONT POINT-SIZE="9">Trusted</FONT>>, labeljust=l, style="filled,rounded", fillcolor="#e3f2fd", color="#64b5f6", penwidth=1, fontcolor="#263238", tooltip="VPC"]
	// 		n1 [label=<<B>Orders service</B><BR/><FONT POINT-SIZE="8" COLOR="#546e7a">Go</FONT>>, shape=box, style="filled,rounded", tooltip="Process"]
	// 		n2 [label=<<B>Orders DB</B>>, shape=cylinder, tooltip="Data store"]
	// 	}
	// 	n0 -> n1 [xlabel=<<B>Place order</B><BR/>HTTPS:443 · TLS 1.3 · JWT>, color="#c62828", penwidth=2, tooltip="Customer → Orders service: Place order"]
	// 	n1 -> n2 [xlabel=<<B>Store order</B><BR/>SQL:5432 · Password<BR/><FONT COLOR="#c62828">⚠ unencrypted</FONT>>, style=dashed, tooltip="Orders service → Orders DB: Store order"]
	// }
}

// Mermaid writes the same diagram for a ```mermaid block.
func ExampleMermaid() {
	if err := render.Mermaid(os.Stdout, exampleModel(), render.WithoutLegend()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// flowchart LR
	//     subgraph z0["Internet<br/>Untrusted"]
	//         n0["Customer"]
	//     end
	//     subgraph z1["VPC<br/>Trusted"]
	//         n1("Orders service")
	//         n2[("Orders DB")]
	//     end
	//     n0 ==>|"Place order<br/>HTTPS:443 · TLS 1.3 · JWT"| n1
	//     n1 -.->|"Store order<br/>SQL:5432 · Password<br/>⚠ unencrypted"| n2
	//     classDef default fill:#ffffff,stroke:#263238,color:#263238
	//     style z0 fill:#fdecea,stroke:#e57373,stroke-width:1px,color:#263238
	//     style z1 fill:#e3f2fd,stroke:#64b5f6,stroke-width:1px,color:#263238
	//     linkStyle 0 stroke:#c62828,stroke-width:2px
}
