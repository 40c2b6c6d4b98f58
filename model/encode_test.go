package model

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// assertRoundTrip checks the two properties of the canonical encoding:
// Decode(Encode(d)) equals d, and encoding again gives the same bytes.
func assertRoundTrip(t *testing.T, d *Design) {
	t.Helper()
	first := Encode(d)
	again, _ := Decode(first)
	require.NotNil(t, again, "%s", first)
	assert.Equal(t, d, again)
	assert.Equal(t, string(first), string(Encode(again)))
}

func TestEncodeExamplesRoundTrip(t *testing.T) {
	for name, data := range exampleFiles(t) {
		t.Run(name, func(t *testing.T) {
			d, ps := Decode(data)
			require.Empty(t, ps)
			assertRoundTrip(t, d)
		})
	}
}

// TestEncodeCanonical checks that documents that say the same thing in
// different ways encode to the same bytes: whitespace, key order, null for
// a missing field, [] for a missing list, numbers for port strings.
func TestEncodeCanonical(t *testing.T) {
	for name, data := range exampleFiles(t) {
		t.Run(name, func(t *testing.T) {
			d, ps := Decode(data)
			require.Empty(t, ps)
			want := Encode(d)
			for _, variant := range []func(map[string]any){
				func(map[string]any) {},
				nullOptionalFields,
				emptyLists,
				portsAsNumbers,
			} {
				var doc map[string]any
				require.NoError(t, json.Unmarshal(data, &doc))
				variant(doc)
				for _, indent := range []string{"", "\t"} {
					b, err := json.MarshalIndent(doc, "", indent) // sorts keys
					require.NoError(t, err)
					d2, ps := Decode(b)
					require.Empty(t, ps, "%s", b)
					assert.Equal(t, string(want), string(Encode(d2)))
					assert.Equal(t, d, d2)
				}
			}
		})
	}
}

func nullOptionalFields(doc map[string]any) {
	for _, n := range doc["nodes"].([]any) {
		node := n.(map[string]any)
		for _, f := range []string{"label", "name", "x", "y", "account", "region"} {
			if _, ok := node[f]; !ok {
				node[f] = nil
			}
		}
	}
	for _, e := range doc["edges"].([]any) {
		if edge := e.(map[string]any); edge["qualifier"] == nil {
			edge["qualifier"] = nil
		}
	}
}

func emptyLists(doc map[string]any) {
	for _, n := range doc["nodes"].([]any) {
		node := n.(map[string]any)
		switch node["type"] {
		case TypeLambda:
			if node["aliases"] == nil {
				node["aliases"] = []any{}
			}
		case TypeIAMRole, TypeIAMUser:
			if node["managedPolicies"] == nil {
				node["managedPolicies"] = []any{}
			}
		case TypeSecurityGroup:
			if node["ingress"] == nil {
				node["ingress"] = []any{}
			}
		}
	}
	if doc["prefixLists"] == nil {
		doc["prefixLists"] = map[string]any{}
	}
}

func portsAsNumbers(doc map[string]any) {
	for _, n := range doc["nodes"].([]any) {
		for _, dir := range []string{"ingress", "egress"} {
			rules, _ := n.(map[string]any)[dir].([]any)
			for _, r := range rules {
				rule := r.(map[string]any)
				if p, err := strconv.Atoi(rule["ports"].(string)); err == nil {
					rule["ports"] = p
				}
			}
		}
	}
}

// TestEncodeGenerated checks the round trip on random designs that set
// every field each node type accepts to a random value of its Go type.
func TestEncodeGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		d := randomDesign(r)
		if !assert.NotPanics(t, func() { assertRoundTrip(t, d) }, "design %d", i) || t.Failed() {
			t.Logf("design %d:\n%s", i, Encode(d))
			return
		}
	}
}

// TestEncodeMutatedExamples changes the examples at random (one field of
// one node at a time) and checks the round trip of each result.
func TestEncodeMutatedExamples(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for name, data := range exampleFiles(t) {
		d, ps := Decode(data)
		require.Empty(t, ps)
		for i := range 40 {
			n := d.Nodes[r.IntN(len(d.Nodes))]
			fields := fieldsByType[n.Type]
			if len(fields) == 0 {
				continue
			}
			f, ok := structFields[reflect.TypeFor[Node]()][fields[r.IntN(len(fields))]]
			require.True(t, ok)
			randomValue(r, reflect.ValueOf(n).Elem().Field(f.index))
			if i%7 == 0 {
				d.Nodes = append(d.Nodes[1:], d.Nodes[0]) // order is kept, not sorted
			}
			assertRoundTrip(t, d)
			if t.Failed() {
				t.Logf("%s after %d mutations:\n%s", name, i+1, Encode(d))
				return
			}
		}
	}
}

func TestEncodeForm(t *testing.T) {
	d := &Design{Format: FormatV1, Title: "a <b> & c"}
	got := string(Encode(d))
	assert.Equal(t, "{\n  \"format\": \"archway/v1\",\n  \"title\": \"a <b> & c\",\n  \"nodes\": [],\n  \"edges\": []\n}\n", got,
		"two-space indentation, no HTML escaping, empty nodes and edges written out")
	assert.Nil(t, d.Nodes, "Encode does not change its input")

	d2, ps := Decode([]byte(`{"format": "archway/v1", "nodes": [{"id": "r", "type": "iam-role", "trust": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}]}`))
	require.Empty(t, ps)
	enc := Encode(d2)
	assert.True(t, bytes.Contains(enc, []byte(`"Action": "sts:AssumeRole",`+"\n")), "embedded documents have sorted keys:\n%s", enc)
	assert.Less(t, bytes.Index(enc, []byte(`"Action"`)), bytes.Index(enc, []byte(`"Effect"`)))
}

// randomDesign builds a design whose nodes set every field of their type.
func randomDesign(r *rand.Rand) *Design {
	d := &Design{Format: FormatV1, Nodes: []*Node{}, Edges: []*Edge{}}
	if r.IntN(2) == 0 {
		d.Title, d.Account, d.Region = randomString(r), randomString(r), randomString(r)
	}
	if r.IntN(3) == 0 {
		randomValue(r, reflect.ValueOf(&d.PrefixLists).Elem())
	}
	types := Types()
	for range r.IntN(12) {
		n := &Node{Type: types[r.IntN(len(types))]}
		v := reflect.ValueOf(n).Elem()
		for _, name := range Fields(n.Type) {
			if name == "type" || r.IntN(4) == 0 {
				continue
			}
			randomValue(r, v.Field(structFields[v.Type()][name].index))
		}
		d.Nodes = append(d.Nodes, n)
	}
	for range r.IntN(5) {
		e := &Edge{}
		randomValue(r, reflect.ValueOf(e).Elem())
		d.Edges = append(d.Edges, e)
	}
	return d
}

// randomValue sets v to a random value of its type, in the form Decode
// produces: lists are nil or non-empty, embedded documents canonical.
func randomValue(r *rand.Rand, v reflect.Value) {
	t := v.Type()
	switch {
	case t == rawMessageType:
		v.SetBytes(canonicalJSON(randomJSON(r, 3)))
	case t == reflect.TypeFor[*Ports]():
		from := r.IntN(65536)
		v.Set(reflect.ValueOf(&Ports{from, from + r.IntN(65536-from)}))
	case t.Kind() == reflect.String:
		v.SetString(randomString(r))
	case t.Kind() == reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case t.Kind() == reflect.Int:
		v.SetInt(int64(r.IntN(140000) - 70000))
	case t.Kind() == reflect.Float64:
		v.SetFloat(r.NormFloat64() * 1000)
	case t.Kind() == reflect.Pointer:
		p := reflect.New(t.Elem())
		randomValue(r, p.Elem())
		if t.Elem().Kind() == reflect.Slice && p.Elem().IsNil() {
			p.Elem().Set(reflect.MakeSlice(t.Elem(), 0, 0)) // egress: [] means none
		}
		v.Set(p)
	case t.Kind() == reflect.Slice:
		n := r.IntN(4)
		if n == 0 {
			v.SetZero()
			return
		}
		s := reflect.MakeSlice(t, n, n)
		for i := range n {
			randomValue(r, s.Index(i))
		}
		v.Set(s)
	case t.Kind() == reflect.Map:
		m := reflect.MakeMap(t)
		for range 1 + r.IntN(2) {
			e := reflect.New(t.Elem()).Elem()
			randomValue(r, e)
			if e.Kind() == reflect.Slice && e.IsNil() {
				e.Set(reflect.MakeSlice(e.Type(), 0, 0)) // map values keep [] as written
			}
			m.SetMapIndex(reflect.ValueOf(randomString(r)), e)
		}
		v.Set(m)
	case t.Kind() == reflect.Array: // a route's point
		for i := range t.Len() {
			randomValue(r, v.Index(i))
		}
	case t.Kind() == reflect.Struct:
		for i := range t.NumField() {
			if r.IntN(4) != 0 {
				randomValue(r, v.Field(i))
			}
		}
	default:
		panic("randomValue: no generator for " + t.String())
	}
}

// randomString mixes ASCII, characters JSON escapes and non-ASCII text.
func randomString(r *rand.Rand) string {
	pieces := []string{"a", "Z", "0", "-", "/", ":", "*", " ", "\"", "\\", "<", ">", "&", "\n", "\t", "\u2028", "é", "猫", "🐈", "$LATEST", "10.0.0.0/16"}
	var b strings.Builder
	for range 1 + r.IntN(6) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// randomJSON builds a JSON value as Decode reads one (numbers as json.Number).
func randomJSON(r *rand.Rand, depth int) any {
	kind := r.IntN(6)
	if depth == 3 {
		kind = 0 // the top of a policy field is an object
	}
	switch {
	case kind == 0 && depth > 0:
		m := map[string]any{}
		for range r.IntN(4) {
			m[randomString(r)] = randomJSON(r, depth-1)
		}
		return m
	case kind == 1 && depth > 0:
		a := []any{}
		for range r.IntN(4) {
			a = append(a, randomJSON(r, depth-1))
		}
		return a
	case kind == 2:
		numbers := []string{"0", "-1", "1.50", "1e3", "12345678901234567890"}
		return json.Number(numbers[r.IntN(len(numbers))])
	case kind == 3:
		return r.IntN(2) == 0
	case kind == 4:
		return nil
	}
	return randomString(r)
}

// TestEncodeRoute checks the form of stored routes: one line per edge or
// role link, after the other fields, and an exact round trip of its
// numbers.
func TestEncodeRoute(t *testing.T) {
	d := &Design{Format: FormatV1, Nodes: []*Node{
		{ID: "r", Type: TypeIAMRole, Policies: json.RawMessage(`{"roleRoute":[3,4],"route":[1,2]}`)},
		{ID: "f", Type: TypeLambda, Role: "r", Runtime: "python3.12", RoleRoute: []Point{{1.5, 2}, {1.5, 40}}},
	}, Edges: []*Edge{
		{ID: "a", From: "x", To: "y", FromSubnet: "s", Route: []Point{{10, 20.25}, {-1e21, 20.25}, {-1e21, 1e-7}, {0.1, 1.0 / 3}}},
		{ID: "b", From: "x", To: "y"},
		{ID: "c", From: "y", To: "x", Route: []Point{{0, 0}, {0, 5}}},
	}}
	enc := string(Encode(d))
	assert.Contains(t, enc, "\"fromSubnet\": \"s\",\n      \"route\": [[10,20.25],[-1e+21,20.25],[-1e+21,1e-7],[0.1,0.3333333333333333]]\n    },")
	assert.Contains(t, enc, "\"route\": [[0,0],[0,5]]\n    }\n  ]\n}\n")
	assert.Contains(t, enc, "\"runtime\": \"python3.12\",\n      \"roleRoute\": [[1.5,2],[1.5,40]]\n    }\n  ],")
	assert.Contains(t, enc, "\"policies\": {\n        \"roleRoute\": [\n", "a key named roleRoute in an embedded document stays indented")
	assert.Contains(t, enc, "        ],\n        \"route\": [\n", "a key named route in an embedded document stays indented")
	assertRoundTrip(t, d)
}
