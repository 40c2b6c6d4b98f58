package cfn

import (
	"regexp"
	"strconv"
	"strings"

	"archway/model"
)

// resource is one entry of the template's Resources section, or one the SAM
// transform generated.
type resource struct {
	id    string
	typ   string
	props *obj // raw, unevaluated Properties; never nil
	cond  string
	path  string // "Resources.<id>"
	// sam is the logical id of the AWS::Serverless resource this one was
	// generated from, "" for resources written in the template.
	sam string
	// skip says why the resource is not in the design; "" when it is.
	skip string
	// node is the design node made from the resource, if any.
	node *model.Node
}

// param is a template parameter with its resolved value.
type param struct {
	typ   string
	value any // string, []any or placeholder
	given bool
}

// template is a parsed template: its sections, resources in document order,
// and the pseudo parameters it is imported with.
type template struct {
	description string
	params      map[string]*param
	conditions  *obj
	mappings    *obj
	globals     *obj
	resources   []*resource
	byID        map[string]*resource
	transforms  []string
	account     string
	region      string
	stackName   string
	// assumed lists the pseudo parameters whose stand-in value ended up in
	// a resource name.
	assumed map[string]string
}

var (
	accountRE = regexp.MustCompile(`^[0-9]{12}$`)
	regionRE  = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$`)
)

// pseudo parameters that --param can set.
const (
	pseudoAccount = "AWS::AccountId"
	pseudoRegion  = "AWS::Region"
	pseudoStack   = "AWS::StackName"
)

// defaultStackName stands for AWS::StackName when no value is given; names
// built from it ("${AWS::StackName}-queue") then read "stack-queue".
const defaultStackName = "stack"

// loadTemplate checks the template's shape and resolves its parameters.
func loadTemplate(top *obj, given map[string]string) (*template, error) {
	t := &template{
		params:    map[string]*param{},
		byID:      map[string]*resource{},
		account:   model.DefaultAccount,
		region:    model.DefaultRegion,
		stackName: defaultStackName,
		assumed:   map[string]string{},
	}
	if v, ok := top.get("Description"); ok {
		if s, ok := v.(string); ok {
			t.description = s
		}
	}
	for _, key := range []string{"Conditions", "Mappings", "Globals"} {
		v, ok := top.get(key)
		if !ok || v == nil {
			continue
		}
		o, isObj := v.(*obj)
		if !isObj {
			return nil, errAt(key, "must be a mapping, not %s", describe(v))
		}
		switch key {
		case "Conditions":
			t.conditions = o
		case "Mappings":
			t.mappings = o
		case "Globals":
			t.globals = o
		}
	}
	if v, ok := top.get("Transform"); ok {
		for i, e := range list(v) {
			switch e := e.(type) {
			case string:
				t.transforms = append(t.transforms, e)
			case *obj:
				// {Name: AWS::Include, Parameters: ...}
				name, _ := e.get("Name")
				s, _ := str(name)
				t.transforms = append(t.transforms, s)
			default:
				return nil, errAt(index("Transform", i), "must be a transform name, not %s", describe(e))
			}
		}
	}
	if err := t.loadParams(top, given); err != nil {
		return nil, err
	}
	if err := t.loadResources(top); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *template) loadParams(top *obj, given map[string]string) error {
	declared := newObj()
	if v, ok := top.get("Parameters"); ok && v != nil {
		o, isObj := v.(*obj)
		if !isObj {
			return errAt("Parameters", "must be a mapping, not %s", describe(v))
		}
		declared = o
	}
	for _, k := range sortedKeys(given) {
		if strings.HasPrefix(k, "AWS::") {
			continue
		}
		if _, ok := declared.get(k); !ok {
			return errAt("Parameters", "the template has no parameter %q (it declares: %s)", k, strings.Join(declared.keys, ", "))
		}
	}
	if v, ok := given[pseudoAccount]; ok {
		if !accountRE.MatchString(v) {
			return errAt("", "%s=%q is not an AWS account id: use 12 digits", pseudoAccount, v)
		}
		t.account = v
	}
	if v, ok := given[pseudoRegion]; ok {
		if !regionRE.MatchString(v) {
			return errAt("", "%s=%q is not an AWS Region name such as us-east-1", pseudoRegion, v)
		}
		t.region = v
	}
	if v, ok := given[pseudoStack]; ok && v != "" {
		t.stackName = v
	}
	for _, name := range declared.keys {
		path := field("Parameters", name)
		def, isObj := declared.vals[name].(*obj)
		if !isObj {
			return errAt(path, "must be a mapping with a Type, not %s", describe(declared.vals[name]))
		}
		p := &param{}
		if tv, ok := def.get("Type"); ok {
			p.typ, _ = str(tv)
		}
		raw, hasValue := given[name]
		p.given = hasValue
		if !hasValue {
			if d, ok := def.get("Default"); ok && d != nil {
				if ls, isList := d.([]any); isList {
					// A list default is not valid CloudFormation, but its
					// meaning is plain: join it as the list parameter it is.
					parts := make([]string, 0, len(ls))
					for _, e := range ls {
						s, _ := str(e)
						parts = append(parts, s)
					}
					raw, hasValue = strings.Join(parts, ","), true
				} else if s, ok := str(d); ok {
					raw, hasValue = s, true
				}
			}
		}
		switch {
		case !hasValue:
			p.value = placeholder{text: "{{param:" + name + "}}"}
		case strings.HasPrefix(p.typ, "AWS::SSM::Parameter::Value<"):
			// The value is the parameter's name in Systems Manager; what it
			// holds is known only when the stack is deployed.
			p.value = placeholder{text: "{{ssm:" + raw + "}}"}
		case isListType(p.typ):
			items := []any{}
			if raw != "" {
				for _, s := range strings.Split(raw, ",") {
					items = append(items, strings.TrimSpace(s))
				}
			}
			p.value = items
		default:
			p.value = raw
		}
		t.params[name] = p
	}
	return nil
}

func isListType(typ string) bool {
	return typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<")
}

func (t *template) loadResources(top *obj) error {
	v, ok := top.get("Resources")
	if !ok || v == nil {
		return errAt("", "not a CloudFormation template: it has no Resources section")
	}
	res, isObj := v.(*obj)
	if !isObj {
		return errAt("Resources", "must be a mapping of logical ids to resources, not %s", describe(v))
	}
	if res.len() == 0 {
		return errAt("Resources", "the template declares no resources")
	}
	for _, id := range res.keys {
		path := field("Resources", id)
		if strings.HasPrefix(id, "Fn::ForEach::") {
			// AWS::LanguageExtensions loops are expanded by CloudFormation;
			// they are reported as skipped.
			t.add(&resource{id: id, typ: "Fn::ForEach", props: newObj(), path: path,
				skip: "Fn::ForEach loops (AWS::LanguageExtensions) are not expanded by the import"})
			continue
		}
		if !logicalIDRE.MatchString(id) {
			return errAt(path, "%q is not a logical id: use letters and digits only", id)
		}
		def, isObj := res.vals[id].(*obj)
		if !isObj {
			return errAt(path, "a resource must be a mapping with a Type, not %s", describe(res.vals[id]))
		}
		tv, ok := def.get("Type")
		typ, isStr := tv.(string)
		if !ok || !isStr || typ == "" {
			return errAt(field(path, "Type"), "required: the resource type, such as AWS::Lambda::Function")
		}
		r := &resource{id: id, typ: typ, props: newObj(), path: path}
		if pv, ok := def.get("Properties"); ok && pv != nil {
			p, isObj := pv.(*obj)
			if !isObj {
				return errAt(field(path, "Properties"), "must be a mapping, not %s", describe(pv))
			}
			r.props = p
		}
		if cv, ok := def.get("Condition"); ok {
			c, isStr := cv.(string)
			if !isStr {
				return errAt(field(path, "Condition"), "must be the name of a condition, not %s", describe(cv))
			}
			if _, exists := t.conditions.get(c); !exists {
				return errAt(field(path, "Condition"), "no condition named %q in the Conditions section", c)
			}
			r.cond = c
		}
		t.add(r)
	}
	return nil
}

var logicalIDRE = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// add appends a resource; a generated resource never replaces one the author
// wrote.
func (t *template) add(r *resource) bool {
	if _, dup := t.byID[r.id]; dup {
		return false
	}
	t.resources = append(t.resources, r)
	t.byID[r.id] = r
	return true
}

// field joins a template path and a key.
func field(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// index joins a template path and a list index.
func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }
