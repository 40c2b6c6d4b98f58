package cfn

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
)

// evaluator resolves intrinsic functions the way CloudFormation does when it
// creates a stack, with the parameters, conditions and mappings of one
// template. Values nobody knows before deployment become placeholders.
type evaluator struct {
	t *template
	// conds caches evaluated conditions: condTrue, condFalse, or condBusy
	// while one is being evaluated (to catch cycles).
	conds map[string]condState
	// guessed names the conditions that compared a placeholder, and so were
	// taken as false without knowing.
	guessed map[string]bool
	unknown int
	// names caches physical names; naming marks the ones being computed.
	names  map[string]string
	naming map[string]bool
	// collect, when not nil, receives the logical id of every resource an
	// evaluation refers to, also from inside Fn::Sub and Fn::Join strings.
	collect map[string]bool
	// holes are the placeholders made so far, in the order they were met.
	holes []Placeholder
	seen  map[string]bool
	// attrs gives the value of Ref and Fn::GetAtt on a resource.
	attrs func(r *resource, attr, path string) (any, error)
}

type condState uint8

const (
	condBusy condState = iota + 1
	condTrue
	condFalse
)

func newEvaluator(t *template) *evaluator {
	return &evaluator{
		t:       t,
		conds:   map[string]condState{},
		guessed: map[string]bool{},
		names:   map[string]string{},
		naming:  map[string]bool{},
		seen:    map[string]bool{},
	}
}

// stackUUID stands for the UUID at the end of AWS::StackId.
const stackUUID = "00000000-0000-0000-0000-000000000000"

// hole records a placeholder once per path and returns it.
func (ev *evaluator) hole(kind, name, text, path string) placeholder {
	if key := path + "\x00" + text; !ev.seen[key] {
		ev.seen[key] = true
		ev.holes = append(ev.holes, Placeholder{Path: path, Kind: kind, Name: name, Value: text})
	}
	return placeholder{text: text}
}

// eval resolves every intrinsic function in v. Mappings and lists are
// copied; AWS::NoValue removes the key or element it stands in.
func (ev *evaluator) eval(v any, path string) (any, error) {
	switch v := v.(type) {
	case *obj:
		if fn, arg, ok := intrinsic(v); ok {
			return ev.intrinsic(fn, arg, field(path, fn))
		}
		out := newObj()
		for _, k := range v.keys {
			e, err := ev.eval(v.vals[k], field(path, k))
			if err != nil {
				return nil, err
			}
			if _, gone := e.(noValue); !gone {
				out.set(k, e)
			}
		}
		return out, nil
	case []any:
		out := make([]any, 0, len(v))
		for i, e := range v {
			r, err := ev.eval(e, index(path, i))
			if err != nil {
				return nil, err
			}
			if _, gone := r.(noValue); !gone {
				out = append(out, r)
			}
		}
		return out, nil
	}
	return v, nil
}

// intrinsic reports whether a mapping is an intrinsic function call: one key,
// Ref or Fn::Something.
func intrinsic(o *obj) (string, any, bool) {
	if o.len() != 1 {
		return "", nil, false
	}
	k := o.keys[0]
	if k == "Ref" || strings.HasPrefix(k, "Fn::") {
		return k, o.vals[k], true
	}
	return "", nil, false
}

func (ev *evaluator) intrinsic(fn string, arg any, path string) (any, error) {
	switch fn {
	case "Ref":
		name, err := ev.name(arg, path)
		if err != nil {
			return nil, err
		}
		return ev.ref(name, path)
	case "Fn::GetAtt":
		return ev.getAtt(arg, path)
	case "Fn::Sub":
		return ev.sub(arg, path)
	case "Fn::Join":
		return ev.join(arg, path)
	case "Fn::Select":
		return ev.selectFn(arg, path)
	case "Fn::Split":
		return ev.split(arg, path)
	case "Fn::GetAZs":
		return ev.getAZs(arg, path)
	case "Fn::If":
		return ev.ifFn(arg, path)
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not":
		return ev.condExpr(mapOf(fn, arg), path)
	case "Fn::FindInMap":
		return ev.findInMap(arg, path)
	case "Fn::ImportValue":
		v, err := ev.eval(arg, path)
		if err != nil {
			return nil, err
		}
		name, ok := str(v)
		if !ok {
			return nil, errAt(path, "needs the name of an exported output, not %s", describe(v))
		}
		return ev.hole("import", name, "{{import:"+name+"}}", path), nil
	case "Fn::Base64":
		v, err := ev.eval(arg, path)
		if err != nil {
			return nil, err
		}
		s, ok := str(v)
		if !ok {
			return nil, errAt(path, "needs a string, not %s", describe(v))
		}
		return base64.StdEncoding.EncodeToString([]byte(s)), nil
	case "Fn::Cidr":
		return ev.cidrFn(arg, path)
	case "Fn::Length":
		v, err := ev.eval(arg, path)
		if err != nil {
			return nil, err
		}
		ls, ok := v.([]any)
		if !ok {
			return nil, errAt(path, "needs a list, not %s", describe(v))
		}
		return json.Number(strconv.Itoa(len(ls))), nil
	case "Fn::ToJsonString":
		v, err := ev.eval(arg, path)
		if err != nil {
			return nil, err
		}
		return string(canonical(v)), nil
	case "Fn::Transform":
		// A macro runs in CloudFormation; its output is not known here.
		name := "macro"
		if o, ok := arg.(*obj); ok {
			if n, ok := o.get("Name"); ok {
				name, _ = str(n)
			}
		}
		return ev.hole("transform", name, "{{transform:"+name+"}}", path), nil
	}
	return nil, errAt(path, "unknown intrinsic function %s", fn)
}

// name evaluates the argument of Ref: a literal name, or (with
// AWS::LanguageExtensions) an intrinsic that yields one.
func (ev *evaluator) name(arg any, path string) (string, error) {
	v, err := ev.eval(arg, path)
	if err != nil {
		return "", err
	}
	s, ok := v.(string)
	if !ok || s == "" {
		return "", errAt(path, "needs the name of a parameter or resource, not %s", describe(v))
	}
	return s, nil
}

// ref resolves Ref to a pseudo parameter, a parameter or a resource.
func (ev *evaluator) ref(name, path string) (any, error) {
	t := ev.t
	switch name {
	case pseudoAccount:
		return t.account, nil
	case pseudoRegion:
		return t.region, nil
	case "AWS::Partition":
		return partition(t.region), nil
	case "AWS::URLSuffix":
		if strings.HasPrefix(t.region, "cn-") {
			return "amazonaws.com.cn", nil
		}
		return "amazonaws.com", nil
	case pseudoStack:
		if t.stackName == defaultStackName && len(ev.naming) > 0 {
			// A stand-in stack name matters where it ends up in a name.
			t.assumed[pseudoStack] = defaultStackName
		}
		return t.stackName, nil
	case "AWS::StackId":
		// The id ends in a UUID CloudFormation picks; templates take it
		// apart with Fn::Split to get a unique suffix.
		if len(ev.naming) > 0 {
			t.assumed["AWS::StackId"] = stackUUID
		}
		return "arn:" + partition(t.region) + ":cloudformation:" + t.region + ":" + t.account + ":stack/" + t.stackName + "/" + stackUUID, nil
	case "AWS::NotificationARNs":
		return []any{}, nil
	case "AWS::NoValue":
		return noValue{}, nil
	}
	if p, ok := t.params[name]; ok {
		if h, isHole := p.value.(placeholder); isHole {
			kind := "parameter"
			if strings.HasPrefix(h.text, "{{ssm:") {
				kind = "ssm-parameter"
			}
			return ev.hole(kind, name, h.text, path), nil
		}
		return cloneValue(p.value), nil
	}
	if r, ok := t.byID[name]; ok {
		return ev.resourceAttr(r, "", path)
	}
	if strings.HasPrefix(name, "AWS::") {
		return nil, errAt(path, "unknown pseudo parameter %s", name)
	}
	return nil, errAt(path, "no parameter or resource named %q", name)
}

// resourceAttr resolves Ref (attr "") or Fn::GetAtt on a resource, noting the
// reference for inference. A resource left out by its condition stands as a
// placeholder: CloudFormation would refuse the template, Archway shows it.
func (ev *evaluator) resourceAttr(r *resource, attr, path string) (any, error) {
	if ev.collect != nil {
		ev.collect[r.id] = true
	}
	if r.skip != "" && r.node == nil {
		text := "{{" + r.id + "}}"
		if attr != "" {
			text = "{{" + r.id + "." + attr + "}}"
		}
		return ev.hole("skipped-resource", r.id, text, path), nil
	}
	return ev.attrs(r, attr, path)
}

func (ev *evaluator) getAtt(arg any, path string) (any, error) {
	var resName, attr string
	switch a := arg.(type) {
	case string:
		resName, attr, _ = strings.Cut(a, ".")
	case []any:
		if len(a) != 2 {
			return nil, errAt(path, "needs [logicalId, attribute]")
		}
		resName, _ = a[0].(string)
		av, err := ev.eval(a[1], index(path, 1))
		if err != nil {
			return nil, err
		}
		attr, _ = av.(string)
	default:
		return nil, errAt(path, "needs [logicalId, attribute], not %s", describe(arg))
	}
	if resName == "" || attr == "" {
		return nil, errAt(path, "needs a logical id and an attribute name")
	}
	r, ok := ev.t.byID[resName]
	if !ok {
		return nil, errAt(path, "no resource named %q", resName)
	}
	return ev.resourceAttr(r, attr, path)
}

// sub implements Fn::Sub: ${Name} is a variable, a parameter, a pseudo
// parameter or a resource's Ref; ${Res.Attr} is Fn::GetAtt; ${!Text} is the
// literal ${Text}.
func (ev *evaluator) sub(arg any, path string) (any, error) {
	var tmpl string
	vars := map[string]any{}
	switch a := arg.(type) {
	case string:
		tmpl = a
	case []any:
		if len(a) != 2 {
			return nil, errAt(path, "needs a string, or [string, {variables}]")
		}
		s, ok := a[0].(string)
		if !ok {
			return nil, errAt(index(path, 0), "must be a string, not %s", describe(a[0]))
		}
		tmpl = s
		m, ok := a[1].(*obj)
		if !ok {
			return nil, errAt(index(path, 1), "must be a mapping of variables, not %s", describe(a[1]))
		}
		for _, k := range m.keys {
			v, err := ev.eval(m.vals[k], field(index(path, 1), k))
			if err != nil {
				return nil, err
			}
			vars[k] = v
		}
	default:
		return nil, errAt(path, "needs a string, not %s", describe(arg))
	}
	var b strings.Builder
	for rest := tmpl; ; {
		i := strings.Index(rest, "${")
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		rest = rest[i:]
		j := strings.IndexByte(rest, '}')
		if j < 0 {
			b.WriteString(rest)
			break
		}
		name := rest[2:j]
		rest = rest[j+1:]
		if strings.HasPrefix(name, "!") {
			b.WriteString("${" + name[1:] + "}")
			continue
		}
		name = strings.TrimSpace(name)
		v, isVar := vars[name]
		var err error
		switch res, attr, dotted := strings.Cut(name, "."); {
		case isVar:
		case dotted && !strings.HasPrefix(name, "AWS::"):
			r, ok := ev.t.byID[res]
			if !ok {
				return nil, errAt(path, "${%s}: no resource named %q", name, res)
			}
			v, err = ev.resourceAttr(r, attr, path)
		default:
			v, err = ev.ref(name, path)
		}
		if err != nil {
			return nil, err
		}
		s, ok := str(v)
		if !ok {
			return nil, errAt(path, "${%s} is %s; Fn::Sub needs a string", name, describe(v))
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

func (ev *evaluator) join(arg any, path string) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 {
		return nil, errAt(path, "needs [delimiter, [values]]")
	}
	delim, ok := a[0].(string)
	if !ok {
		return nil, errAt(index(path, 0), "the delimiter must be a string, not %s", describe(a[0]))
	}
	v, err := ev.eval(a[1], index(path, 1))
	if err != nil {
		return nil, err
	}
	if h, isHole := v.(placeholder); isHole {
		return h.text, nil
	}
	items, ok := v.([]any)
	if !ok {
		return nil, errAt(index(path, 1), "must be a list, not %s", describe(v))
	}
	parts := make([]string, 0, len(items))
	for i, e := range items {
		s, ok := str(e)
		if !ok {
			return nil, errAt(index(index(path, 1), i), "Fn::Join joins strings, not %s", describe(e))
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, delim), nil
}

func (ev *evaluator) selectFn(arg any, path string) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 {
		return nil, errAt(path, "needs [index, list]")
	}
	iv, err := ev.eval(a[0], index(path, 0))
	if err != nil {
		return nil, err
	}
	i, ok := asInt(iv)
	if !ok || i < 0 {
		if h, isHole := iv.(placeholder); isHole {
			return h, nil
		}
		return nil, errAt(index(path, 0), "the index must be a number from 0, not %s", describe(iv))
	}
	v, err := ev.eval(a[1], index(path, 1))
	if err != nil {
		return nil, err
	}
	if h, isHole := v.(placeholder); isHole {
		// One element of a list nobody gave: still a placeholder.
		return placeholder{text: strings.TrimSuffix(h.text, "}}") + "[" + strconv.Itoa(i) + "]}}"}, nil
	}
	items, ok := v.([]any)
	if !ok {
		return nil, errAt(index(path, 1), "must be a list, not %s", describe(v))
	}
	if i >= len(items) {
		return nil, errAt(path, "index %d is out of range: the list has %d element(s)", i, len(items))
	}
	return items[i], nil
}

func (ev *evaluator) split(arg any, path string) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 2 {
		return nil, errAt(path, "needs [delimiter, string]")
	}
	delim, ok := a[0].(string)
	if !ok || delim == "" {
		return nil, errAt(index(path, 0), "the delimiter must be a non-empty string")
	}
	v, err := ev.eval(a[1], index(path, 1))
	if err != nil {
		return nil, err
	}
	if h, isHole := v.(placeholder); isHole && h.text == strings.TrimSpace(h.text) {
		return h, nil
	}
	s, ok := str(v)
	if !ok {
		return nil, errAt(index(path, 1), "must be a string, not %s", describe(v))
	}
	parts := strings.Split(s, delim)
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return out, nil
}

// azLetters are the zones Fn::GetAZs returns for every Region: the import
// cannot ask AWS which zones an account sees, so it names six, as us-east-1
// has, in order.
const azLetters = "abcdef"

func (ev *evaluator) getAZs(arg any, path string) (any, error) {
	v, err := ev.eval(arg, path)
	if err != nil {
		return nil, err
	}
	region := ev.t.region
	if s, ok := str(v); ok && s != "" {
		region = s
	}
	if !regionRE.MatchString(region) {
		return nil, errAt(path, "%q is not a Region name", region)
	}
	out := make([]any, len(azLetters))
	for i, l := range azLetters {
		out[i] = region + string(l)
	}
	return out, nil
}

func (ev *evaluator) ifFn(arg any, path string) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 3 {
		return nil, errAt(path, "needs [condition, value if true, value if false]")
	}
	name, ok := a[0].(string)
	if !ok {
		return nil, errAt(index(path, 0), "must name a condition, not %s", describe(a[0]))
	}
	b, err := ev.condition(name, index(path, 0))
	if err != nil {
		return nil, err
	}
	if b {
		return ev.eval(a[1], index(path, 1))
	}
	return ev.eval(a[2], index(path, 2))
}

// condition evaluates a named condition once.
func (ev *evaluator) condition(name, path string) (bool, error) {
	switch ev.conds[name] {
	case condTrue:
		return true, nil
	case condFalse:
		return false, nil
	case condBusy:
		return false, errAt(field("Conditions", name), "the condition refers to itself (a cycle)")
	}
	expr, ok := ev.t.conditions.get(name)
	if !ok {
		return false, errAt(path, "no condition named %q", name)
	}
	ev.conds[name] = condBusy
	before := ev.unknown
	v, err := ev.condExpr(expr, field("Conditions", name))
	if err != nil {
		delete(ev.conds, name)
		return false, err
	}
	if ev.unknown != before {
		ev.guessed[name] = true
	}
	if v {
		ev.conds[name] = condTrue
	} else {
		ev.conds[name] = condFalse
	}
	return v, nil
}

// condExpr evaluates a condition expression: Fn::Equals, Fn::And, Fn::Or,
// Fn::Not and {Condition: name}.
func (ev *evaluator) condExpr(expr any, path string) (bool, error) {
	o, ok := expr.(*obj)
	if !ok || o.len() != 1 {
		if b, ok := expr.(bool); ok {
			return b, nil
		}
		return false, errAt(path, "must be a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition), not %s", describe(expr))
	}
	fn := o.keys[0]
	arg := o.vals[fn]
	p := field(path, fn)
	switch fn {
	case "Condition":
		name, ok := arg.(string)
		if !ok {
			return false, errAt(p, "must name a condition")
		}
		return ev.condition(name, p)
	case "Fn::Equals":
		a, ok := arg.([]any)
		if !ok || len(a) != 2 {
			return false, errAt(p, "needs [value, value]")
		}
		var vals [2]string
		for i := range a {
			v, err := ev.eval(a[i], index(p, i))
			if err != nil {
				return false, err
			}
			if vals[i], ok = str(v); !ok {
				vals[i] = string(canonical(v))
			}
		}
		if strings.Contains(vals[0], "{{") || strings.Contains(vals[1], "{{") {
			// Comparing a value nobody gave: take the condition as false
			// and say so in the report.
			ev.unknown++
			return false, nil
		}
		return vals[0] == vals[1], nil
	case "Fn::And", "Fn::Or":
		a, ok := arg.([]any)
		if !ok || len(a) == 0 {
			return false, errAt(p, "needs a list of conditions")
		}
		for i, e := range a {
			b, err := ev.condExpr(e, index(p, i))
			if err != nil {
				return false, err
			}
			if fn == "Fn::And" && !b {
				return false, nil
			}
			if fn == "Fn::Or" && b {
				return true, nil
			}
		}
		return fn == "Fn::And", nil
	case "Fn::Not":
		a, ok := arg.([]any)
		if !ok || len(a) != 1 {
			return false, errAt(p, "needs [condition]")
		}
		b, err := ev.condExpr(a[0], index(p, 0))
		return !b, err
	}
	// Any other intrinsic must yield true or false.
	v, err := ev.eval(expr, path)
	if err != nil {
		return false, err
	}
	b, ok := asBool(v)
	if !ok {
		return false, errAt(path, "must be true or false, not %s", describe(v))
	}
	return b, nil
}

func (ev *evaluator) findInMap(arg any, path string) (any, error) {
	a, ok := arg.([]any)
	if !ok || (len(a) != 3 && len(a) != 4) {
		return nil, errAt(path, "needs [MapName, TopLevelKey, SecondLevelKey]")
	}
	var keys [3]string
	for i := range 3 {
		v, err := ev.eval(a[i], index(path, i))
		if err != nil {
			return nil, err
		}
		s, ok := str(v)
		if !ok {
			return nil, errAt(index(path, i), "must be a string, not %s", describe(v))
		}
		keys[i] = s
	}
	var def any
	if len(a) == 4 {
		o, ok := a[3].(*obj)
		if !ok {
			return nil, errAt(index(path, 3), "must be {DefaultValue: value}")
		}
		def, _ = o.get("DefaultValue")
	}
	var cur any = ev.t.mappings
	for i, k := range keys {
		o, ok := cur.(*obj)
		var next any
		if ok {
			next, ok = o.get(k)
		}
		if !ok {
			switch {
			case def != nil:
				return ev.eval(def, index(path, 3))
			case strings.Contains(k, "{{"):
				return placeholder{text: "{{" + strings.Join(keys[:], ".") + "}}"}, nil
			}
			where := "Mappings"
			if i > 0 {
				where = "Mappings." + strings.Join(keys[:i], ".")
			}
			return nil, errAt(path, "%s has no key %q", where, k)
		}
		cur = next
	}
	return ev.eval(cur, path)
}

func (ev *evaluator) cidrFn(arg any, path string) (any, error) {
	a, ok := arg.([]any)
	if !ok || len(a) != 3 {
		return nil, errAt(path, "needs [ipBlock, count, cidrBits]")
	}
	var vals [3]string
	for i := range a {
		v, err := ev.eval(a[i], index(path, i))
		if err != nil {
			return nil, err
		}
		if h, isHole := v.(placeholder); isHole {
			return h, nil
		}
		s, ok := str(v)
		if !ok {
			return nil, errAt(index(path, i), "must be a string or number, not %s", describe(v))
		}
		vals[i] = s
	}
	count, err1 := strconv.Atoi(vals[1])
	bits, err2 := strconv.Atoi(vals[2])
	if err1 != nil || err2 != nil {
		return nil, errAt(path, "count and cidrBits must be numbers, not %q and %q", vals[1], vals[2])
	}
	blocks, err := cidr(vals[0], count, bits)
	if err != nil {
		return nil, errAt(path, "%v", err)
	}
	out := make([]any, len(blocks))
	for i, b := range blocks {
		out[i] = b
	}
	return out, nil
}

// partition is the ARN partition of a Region.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// evalWith evaluates v while collecting the resources it refers to.
func (ev *evaluator) evalWith(v any, path string, into map[string]bool) (any, error) {
	saved := ev.collect
	ev.collect = into
	defer func() { ev.collect = saved }()
	return ev.eval(v, path)
}

// quietly evaluates v without collecting references: a name computed for one
// resource is not a reference made by the property being read.
func (ev *evaluator) quietly(v any, path string) (any, error) {
	return ev.evalWith(v, path, nil)
}
