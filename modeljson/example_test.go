package modeljson_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/threatwright/threatwright/modeljson"
	"github.com/threatwright/threatwright/render"
)

// A model read from JSON is analysed like one declared in Go; a mistake in
// the file comes back with its path, line and column.
func ExampleUnmarshal() {
	file := `{
  "format": "threatwright/model",
  "version": 1,
  "name": "Shop",
  "owner": "Shop team",
  "zones": [
    {"name": "Internet", "trust": "untrusted"},
    {"name": "VPC", "trust": "trusted"}
  ],
  "components": [
    {"name": "Customer", "kind": "external-entity", "zone": "Internet"},
    {"name": "API", "kind": "process", "zone": "VPC", "technology": "Go"}
  ],
  "flows": [
    {"source": "Customer", "destination": "API", "name": "order", "protocol": "https", "port": 443}
  ]
}`
	m, err := modeljson.Unmarshal([]byte(file), "shop.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := render.NewDocument(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Component("API").Pos(), len(d.Threats.Threats) > 0)

	_, err = modeljson.Unmarshal([]byte(strings.Replace(file, `"zone": "VPC"`, `"zone": "DMZ"`, 1)), "shop.json")
	fmt.Println(err)

	if err := modeljson.Encode(os.Stdout, m); err != nil {
		fmt.Println(err)
	}
	// Output:
	// shop.json:12 true
	// shop.json:12:48: $.components[1].zone: expected a zone declared in zones, got "DMZ"
	// {
	//   "format": "threatwright/model",
	//   "version": 1,
	//   "name": "Shop",
	//   "owner": "Shop team",
	//   "zones": [
	//     {
	//       "name": "Internet",
	//       "trust": "untrusted"
	//     },
	//     {
	//       "name": "VPC",
	//       "trust": "trusted"
	//     }
	//   ],
	//   "components": [
	//     {
	//       "name": "Customer",
	//       "kind": "external-entity",
	//       "zone": "Internet"
	//     },
	//     {
	//       "name": "API",
	//       "kind": "process",
	//       "zone": "VPC",
	//       "technology": "Go"
	//     }
	//   ],
	//   "flows": [
	//     {
	//       "source": "Customer",
	//       "destination": "API",
	//       "name": "order",
	//       "protocol": "https",
	//       "port": 443
	//     }
	//   ]
	// }
}
