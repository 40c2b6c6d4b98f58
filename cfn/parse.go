package cfn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"archway/model"
)

// MaxTemplateBytes is the largest template Import reads: CloudFormation's
// own limit for a template in S3 is 1 MB; this leaves room for comments.
const MaxTemplateBytes = 2 << 20

// maxValues bounds how many values a template may hold, and maxAliased how
// many of them YAML aliases may repeat, so that a small file cannot explode
// in memory ("billion laughs").
const (
	maxValues  = 1 << 20
	maxAliased = 1 << 16
)

// Error is the error Import returns: a template that cannot be imported,
// with the template path where the problem is. It wraps a model.Error of
// kind model.ErrInvalid whose message is "Path: Reason", so callers that
// know only model errors show the path too.
type Error struct {
	// Path is the template path ("Resources.Fn.Properties.VpcConfig"), ""
	// for the file as a whole.
	Path string
	// Reason says what is wrong there.
	Reason string
	err    *model.Error
}

func (e *Error) Error() string { return e.err.Msg }

// Unwrap returns the model.Error, so errors.Is(err, model.ErrInvalid) holds.
func (e *Error) Unwrap() error { return e.err }

func errAt(path, format string, args ...any) error {
	reason := fmt.Sprintf(format, args...)
	msg := reason
	if path != "" {
		msg = path + ": " + reason
	}
	return &Error{Path: path, Reason: reason, err: &model.Error{Kind: model.ErrInvalid, Msg: msg}}
}

// shortTags maps the YAML short-form intrinsic tags to their long names.
var shortTags = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!Sub": "Fn::Sub", "!Join": "Fn::Join", "!Select": "Fn::Select", "!GetAZs": "Fn::GetAZs",
	"!If": "Fn::If", "!Equals": "Fn::Equals", "!And": "Fn::And", "!Or": "Fn::Or", "!Not": "Fn::Not",
	"!FindInMap": "Fn::FindInMap", "!ImportValue": "Fn::ImportValue", "!Split": "Fn::Split",
	"!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr", "!GetAtt": "Fn::GetAtt", "!Transform": "Fn::Transform",
	"!Length": "Fn::Length", "!ToJsonString": "Fn::ToJsonString",
}

// parseTemplate reads a JSON or YAML template into values. JSON is read with
// encoding/json (YAML parsers trip over tabs that JSON allows); everything
// else goes through yaml.Node, so short-form tags keep their meaning.
func parseTemplate(data []byte) (*obj, error) {
	if len(data) > MaxTemplateBytes {
		return nil, errAt("", "the template is %d bytes; the limit is %d bytes", len(data), MaxTemplateBytes)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, errAt("", "the file is empty; expected a CloudFormation template")
	}
	var v any
	var err error
	if trimmed[0] == '{' {
		v, err = parseJSON(trimmed)
	} else {
		v, err = parseYAML(data)
	}
	if err != nil {
		return nil, err
	}
	top, ok := v.(*obj)
	if !ok {
		return nil, errAt("", "not a CloudFormation template: the file holds %s, not a mapping with a Resources section", describe(v))
	}
	return top, nil
}

func parseJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	count := 0
	v, err := jsonValue(dec, &count)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errors.New("unexpected data after the template")
		}
	}
	if err != nil {
		return nil, errAt("", "not valid JSON at byte %d: %s", dec.InputOffset(), strings.TrimPrefix(err.Error(), "json: "))
	}
	return v, nil
}

// jsonValue reads one value token by token, so mappings keep their key order.
func jsonValue(dec *json.Decoder, count *int) (any, error) {
	if *count++; *count > maxValues {
		return nil, errors.New("the template holds too many values")
	}
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := newObj()
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := jsonValue(dec, count)
				if err != nil {
					return nil, err
				}
				o.set(k, v)
			}
			_, err := dec.Token()
			return o, err
		case '[':
			out := []any{}
			for dec.More() {
				v, err := jsonValue(dec, count)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			_, err := dec.Token()
			return out, err
		}
		return nil, fmt.Errorf("unexpected %q", t)
	case string, json.Number, bool, nil:
		return t, nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

func parseYAML(data []byte) (any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, errAt("", "not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, errAt("", "the file is empty; expected a CloudFormation template")
	}
	c := &yamlConverter{}
	return c.value(doc.Content[0], 0)
}

// yamlConverter turns yaml.Nodes into template values, counting them.
type yamlConverter struct {
	count   int
	aliased int
	inAlias int
}

func (c *yamlConverter) value(n *yaml.Node, depth int) (any, error) {
	c.count++
	if c.inAlias > 0 {
		c.aliased++
	}
	if c.count > maxValues || c.aliased > maxAliased || depth > 200 {
		return nil, errAt("", "line %d: the template expands to too many values (aliases nested too deep?)", n.Line)
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return nil, errAt("", "line %d: an alias without its anchor", n.Line)
		}
		c.inAlias++
		defer func() { c.inAlias-- }()
		return c.value(n.Alias, depth+1)
	}
	tag := n.Tag
	if long, ok := shortTags[tag]; ok {
		inner, err := c.untagged(n, depth)
		if err != nil {
			return nil, err
		}
		if long == "Fn::GetAtt" {
			// !GetAtt Res.Attr.Sub splits at the first dot; the attribute may
			// itself contain dots (Endpoint.Address).
			if s, ok := inner.(string); ok {
				res, attr, _ := strings.Cut(s, ".")
				inner = []any{res, attr}
			}
		}
		return mapOf(long, inner), nil
	}
	if strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!") {
		return nil, errAt("", "line %d: unknown tag %s; CloudFormation knows !Ref, !GetAtt, !Sub, !Join, !Select, !Split, !If, !Equals, !And, !Or, !Not, !Condition, !FindInMap, !GetAZs, !ImportValue, !Base64, !Cidr", n.Line, tag)
	}
	return c.untagged(n, depth)
}

// untagged converts a node by its kind, ignoring a short-form tag on it.
func (c *yamlConverter) untagged(n *yaml.Node, depth int) (any, error) {
	switch n.Kind {
	case yaml.MappingNode:
		o := newObj()
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, vn := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge" {
				if err := c.merge(o, vn, depth); err != nil {
					return nil, err
				}
				continue
			}
			if k.Kind != yaml.ScalarNode {
				return nil, errAt("", "line %d: a mapping key must be a plain string", k.Line)
			}
			v, err := c.value(vn, depth+1)
			if err != nil {
				return nil, err
			}
			o.set(k.Value, v)
		}
		return o, nil
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, e := range n.Content {
			v, err := c.value(e, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.ScalarNode:
		return scalar(n), nil
	case yaml.AliasNode:
		return c.value(n, depth)
	}
	return nil, errAt("", "line %d: unexpected YAML node", n.Line)
}

// merge applies a YAML merge key (<<: *anchor): keys already present win.
func (c *yamlConverter) merge(o *obj, n *yaml.Node, depth int) error {
	v, err := c.value(n, depth+1)
	if err != nil {
		return err
	}
	for _, m := range list(v) {
		src, ok := m.(*obj)
		if !ok {
			return errAt("", "line %d: a merge key (<<) needs a mapping", n.Line)
		}
		for _, k := range src.keys {
			if _, exists := o.get(k); !exists {
				o.set(k, src.vals[k])
			}
		}
	}
	return nil
}

// scalar types a YAML scalar: numbers stay numbers (as JSON writes them),
// booleans become bool, and everything else — dates such as a policy's
// Version: 2012-10-17 included — stays the text the author wrote.
func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		if b, err := strconv.ParseBool(strings.ToLower(n.Value)); err == nil {
			return b
		}
	case "!!int", "!!float":
		if json.Valid([]byte(n.Value)) {
			return json.Number(n.Value)
		}
	}
	return n.Value
}

// describe names the kind of a value for messages.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "nothing"
	case string:
		return fmt.Sprintf("the text %q", clip(v, 40))
	case json.Number:
		return "the number " + string(v)
	case bool:
		return "true/false"
	case []any:
		return "a list"
	case *obj:
		return "a mapping"
	case placeholder:
		return "an unresolved value " + v.text
	}
	return "a value"
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
