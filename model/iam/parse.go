package iam

import (
	"slices"
	"strings"
)

// Problem is something in a policy document that AWS would reject or that
// cannot be evaluated. Path is a JSON path relative to the document
// ("Statement[1].Effect", "Statement.Action"); empty for the document as a
// whole.
type Problem struct {
	Path    string
	Message string
}

func (p Problem) String() string {
	if p.Path == "" {
		return p.Message
	}
	return p.Path + ": " + p.Message
}

// Effect is a statement's effect.
type Effect uint8

// Effects.
const (
	Allow Effect = iota + 1
	Deny
)

func (e Effect) String() string {
	switch e {
	case Allow:
		return "Allow"
	case Deny:
		return "Deny"
	}
	return ""
}

// Language versions of the policy grammar.
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// Policy is a parsed, compiled policy document. It is read-only and safe
// for concurrent use.
type Policy struct {
	Version    string // as written; empty when absent (AWS then reads 2008-10-17)
	ID         string
	Statements []Statement

	// byService indexes statements by the lower-cased service prefix of
	// their actions; anyService lists those that can match any service
	// (NotAction, "*", a wildcard in the prefix). Both hold ascending
	// statement indexes, so a request only visits statements of its service.
	byService  map[string][]int
	anyService []int
}

// indexMin is the number of statements from which the service index pays
// for its map lookup; smaller policies are scanned.
const indexMin = 5

// buildIndex fills byService and anyService.
func (p *Policy) buildIndex() {
	if len(p.Statements) < indexMin {
		return
	}
	p.byService = map[string][]int{}
	for i := range p.Statements {
		s := &p.Statements[i]
		var svcs []string
		wild := s.notAction
		for _, a := range s.rawActions {
			svc, _, _ := strings.Cut(strings.ToLower(a), ":")
			if strings.ContainsAny(svc, "*?") {
				wild = true
			} else if !slices.Contains(svcs, svc) {
				svcs = append(svcs, svc)
			}
		}
		if wild {
			p.anyService = append(p.anyService, i)
			continue
		}
		for _, svc := range svcs {
			p.byService[svc] = append(p.byService[svc], i)
		}
	}
}

// Statement is one compiled statement.
type Statement struct {
	Sid    string
	Effect Effect
	Index  int    // position in the Statement array (0 for a single object)
	Path   string // "Statement[2]" or "Statement"

	principal    *principalSet // nil when the statement has no Principal/NotPrincipal
	notPrincipal bool
	actions      []pattern
	notAction    bool
	resources    []pattern // nil with hasResource false: no Resource element
	notResource  bool
	hasResource  bool
	conds        []condition

	rawActions    []string
	rawResources  []string
	rawPrincipals map[string][]string
}

// HasPrincipal reports whether the statement has a Principal or NotPrincipal
// element (required in resource policies, forbidden in identity policies).
func (s *Statement) HasPrincipal() bool { return s.principal != nil }

// UsesNotPrincipal reports whether the principals are given with NotPrincipal.
func (s *Statement) UsesNotPrincipal() bool { return s.notPrincipal }

// UsesNotAction reports whether the actions are given with NotAction.
func (s *Statement) UsesNotAction() bool { return s.notAction }

// UsesNotResource reports whether the resources are given with NotResource.
func (s *Statement) UsesNotResource() bool { return s.notResource }

// Actions returns the Action (or NotAction) values as written.
func (s *Statement) Actions() []string { return s.rawActions }

// Resources returns the Resource (or NotResource) values as written; nil
// when the statement has neither.
func (s *Statement) Resources() []string { return s.rawResources }

// Principals returns the Principal (or NotPrincipal) values by type ("AWS",
// "Service", "Federated", "CanonicalUser"; "*" for the bare wildcard).
func (s *Statement) Principals() map[string][]string { return s.rawPrincipals }

// AllowsAllActions reports whether an Action is "*" (every action of every service).
func (s *Statement) AllowsAllActions() bool {
	return !s.notAction && slices.ContainsFunc(s.actions, func(p pattern) bool { return p.mode == mAny })
}

// IsPublic reports whether the Principal element names everyone ("*" or
// {"AWS": "*"}).
func (s *Statement) IsPublic() bool {
	if s.principal == nil || s.notPrincipal {
		return false
	}
	return slices.ContainsFunc(s.principal.entries, func(e principalEntry) bool { return e.kind == eAll })
}

// ServicePrincipals returns the service principals the statement names.
func (s *Statement) ServicePrincipals() []string {
	if s.notPrincipal {
		return nil
	}
	return s.rawPrincipals["Service"]
}

// ConditionKeys returns the condition keys the statement tests, as written.
func (s *Statement) ConditionKeys() []string {
	ks := make([]string, 0, len(s.conds))
	for i := range s.conds {
		_, k, _ := strings.Cut(s.conds[i].desc, " ")
		ks = append(ks, k)
	}
	return ks
}

// HasConditionKey reports whether the statement tests key (case-insensitive).
func (s *Statement) HasConditionKey(key string) bool {
	k := strings.ToLower(key)
	return slices.ContainsFunc(s.conds, func(c condition) bool { return c.key == k })
}

var (
	policyElements    = []string{"Version", "Id", "Statement"}
	statementElements = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
	principalTypes    = []string{"AWS", "Service", "Federated", "CanonicalUser"}
)

// Parse parses and compiles a policy document. It reports every problem it
// finds, each with its JSON path; the policy is nil when there is any.
func Parse(doc []byte) (*Policy, []Problem) {
	var p Parser
	return p.Parse(doc)
}

// Parser parses policy documents one after another, reading each into the
// buffers of the one before: a caller with many documents (a design's
// policies) allocates for the largest rather than for each. The zero value
// is ready to use; a Parser is not safe for concurrent use.
type Parser struct{ r fastReader }

// Parse is Parse using p's buffers.
func (p *Parser) Parse(doc []byte) (*Policy, []Problem) {
	var ps problems
	root := decodeJSON(&p.r, doc, &ps)
	if root == nil {
		return nil, ps.list
	}
	quiet := problems{quiet: true}
	pol := parseTree(root, &quiet)
	if len(quiet.list) > 0 {
		// the problems need their paths and messages: read it again
		parseTree(root, &ps)
	}
	if len(ps.list) > 0 {
		return nil, ps.list
	}
	pol.buildIndex()
	return pol, nil
}

func parseTree(root *jnode, ps *problems) *Policy {
	if root.kind != jObject {
		ps.add("", "a policy must be a JSON object with a Statement, not %s", root.kind)
		return nil
	}
	pol := &Policy{}
	unknownKeys(root, "", policyElements, "a policy has Version, Id and Statement", ps)
	if v := root.get("Version"); v != nil {
		if s, ok := str(v, "Version", ps); ok {
			if s != Version2012 && s != Version2008 {
				ps.add("Version", "Version must be %q (or the old %q); it names the policy language, not a date you choose", Version2012, Version2008)
			}
			pol.Version = s
		}
	}
	if v := root.get("Id"); v != nil {
		pol.ID, _ = str(v, "Id", ps)
	}
	vars := pol.Version == Version2012
	st := root.get("Statement")
	switch {
	case st == nil:
		ps.add("", "a policy needs a Statement")
	case st.kind == jObject:
		pol.Statements = append(pol.Statements, parseStatement(st, "Statement", 0, vars, ps))
	case st.kind == jArray:
		pol.Statements = make([]Statement, 0, len(st.vals))
		for i, s := range st.vals {
			p := statementPath(i)
			if s.kind != jObject {
				ps.add(p, "a statement must be an object, not %s", s.kind)
				continue
			}
			pol.Statements = append(pol.Statements, parseStatement(s, p, i, vars, ps))
		}
	default:
		ps.add("Statement", "Statement must be an object or an array of objects, not %s", st.kind)
	}
	return pol
}

// statementPaths are the paths of the first statements of an array, which
// every policy names: written once rather than for each.
var statementPaths = func() (out [16]string) {
	for i := range out {
		out[i] = index("Statement", i)
	}
	return out
}()

// statementPath is index("Statement", i).
func statementPath(i int) string {
	if i < len(statementPaths) {
		return statementPaths[i]
	}
	return index("Statement", i)
}

func parseStatement(n *jnode, path string, idx int, vars bool, ps *problems) Statement {
	s := Statement{Index: idx, Path: path}
	unknownKeys(n, path, statementElements, "a statement has Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition", ps)
	if v := n.get("Sid"); v != nil {
		s.Sid, _ = str(v, ps.field(path, "Sid"), ps)
	}
	switch v := n.get("Effect"); {
	case v == nil:
		ps.add(path, "a statement needs an Effect (\"Allow\" or \"Deny\")")
	default:
		p := ps.field(path, "Effect")
		if e, ok := str(v, p, ps); ok {
			switch e {
			case "Allow":
				s.Effect = Allow
			case "Deny":
				s.Effect = Deny
			default:
				if strings.EqualFold(e, "allow") || strings.EqualFold(e, "deny") {
					ps.add(p, "Effect %q must be written exactly \"Allow\" or \"Deny\" (it is case-sensitive)", e)
				} else {
					ps.add(p, "Effect must be \"Allow\" or \"Deny\", not %q", e)
				}
			}
		}
	}
	s.parsePrincipal(n, path, ps)
	s.parseActions(n, path, ps)
	s.parseResources(n, path, vars, ps)
	if v := n.get("Condition"); v != nil {
		s.conds = parseConditions(v, ps.field(path, "Condition"), vars, ps)
	}
	return s
}

func (s *Statement) parsePrincipal(n *jnode, path string, ps *problems) {
	pr, np := n.get("Principal"), n.get("NotPrincipal")
	if pr != nil && np != nil {
		ps.add(path, "a statement has either Principal or NotPrincipal, not both")
		return
	}
	name := "Principal"
	if np != nil {
		pr, name, s.notPrincipal = np, "NotPrincipal", true
		if s.Effect == Allow {
			ps.add(field(path, name), "NotPrincipal can only be used with \"Effect\": \"Deny\"; use Principal, or \"*\" with an aws:PrincipalArn condition")
		}
	}
	if pr == nil {
		return
	}
	p := ps.field(path, name)
	set := &principalSet{}
	s.principal = set
	s.rawPrincipals = map[string][]string{}
	if pr.kind == jString {
		if pr.s != "*" {
			ps.add(p, "%s must be \"*\" or an object such as {\"AWS\": \"123456789012\"} or {\"Service\": \"sns.amazonaws.com\"}, not %q", name, pr.s)
			return
		}
		set.entries = append(set.entries, principalEntry{kind: eAll})
		s.rawPrincipals["*"] = []string{"*"}
		return
	}
	if pr.kind != jObject {
		ps.add(p, "%s must be \"*\" or an object, not %s", name, pr.kind)
		return
	}
	if len(pr.keys) == 0 {
		ps.add(p, "%s names no principal", name)
	}
	unknownKeys(pr, p, principalTypes, "principal types are AWS, Service, Federated and CanonicalUser", ps)
	for i, typ := range pr.keys {
		if !slices.Contains(principalTypes, typ) {
			continue
		}
		tp := ps.field(p, typ)
		vals := strList(pr.vals[i], tp, ps)
		s.rawPrincipals[typ] = vals
		for j, v := range vals {
			switch {
			case v == "":
				ps.add(elemPath(tp, pr.vals[i], j), "a principal cannot be empty")
			case typ == "AWS":
				e, msg := parseAWSPrincipal(v)
				if msg != "" {
					ps.add(elemPath(tp, pr.vals[i], j), "%s", msg)
					continue
				}
				set.entries = append(set.entries, e)
			case typ == "Service":
				if v == "*" {
					set.entries = append(set.entries, principalEntry{kind: eAll})
				} else {
					set.entries = append(set.entries, principalEntry{kind: eService, value: v})
				}
			case typ == "Federated":
				set.entries = append(set.entries, principalEntry{kind: eFederated, value: v})
			default:
				set.entries = append(set.entries, principalEntry{kind: eCanonical, value: v})
			}
		}
	}
}

func (s *Statement) parseActions(n *jnode, path string, ps *problems) {
	a, na := n.get("Action"), n.get("NotAction")
	switch {
	case a != nil && na != nil:
		ps.add(path, "a statement has either Action or NotAction, not both")
		return
	case a == nil && na == nil:
		ps.add(path, "a statement needs an Action (or NotAction), such as \"dynamodb:GetItem\"")
		return
	}
	name := "Action"
	if na != nil {
		a, name, s.notAction = na, "NotAction", true
	}
	p := ps.field(path, name)
	s.rawActions = strList(a, p, ps)
	s.actions = make([]pattern, 0, len(s.rawActions))
	for i, v := range s.rawActions {
		if msg := checkAction(v); msg != "" {
			ps.add(elemPath(p, a, i), "%s", msg)
			continue
		}
		pat, _ := compilePattern(v, patOpts{wildcards: true, fold: true})
		s.actions = append(s.actions, pat)
	}
}

// elemPath is the path of the i-th value of n at path: n itself when it is
// a single value rather than an array. It is built only for a problem.
func elemPath(path string, n *jnode, i int) string {
	if n.kind == jArray {
		return index(path, i)
	}
	return path
}

// checkAction validates "service:Action" or "*".
func checkAction(v string) string {
	if v == "*" {
		return ""
	}
	svc, name, ok := strings.Cut(v, ":")
	if !ok || svc == "" || name == "" || strings.Contains(name, ":") {
		return "action " + strconvQuote(v) + " must be \"service:Action\" (such as \"dynamodb:GetItem\") or \"*\""
	}
	for _, c := range svc {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return "action " + strconvQuote(v) + ": the service prefix " + strconvQuote(svc) + " can only have letters, digits and '-'"
		}
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '*' || c == '?') {
			return "action " + strconvQuote(v) + ": an action name can only have letters, digits, '-', '_' and the wildcards * and ?"
		}
	}
	return ""
}

func (s *Statement) parseResources(n *jnode, path string, vars bool, ps *problems) {
	r, nr := n.get("Resource"), n.get("NotResource")
	switch {
	case r != nil && nr != nil:
		ps.add(path, "a statement has either Resource or NotResource, not both")
		return
	case r == nil && nr == nil:
		// Trust policies have no Resource: the statement covers any resource.
		return
	}
	name := "Resource"
	if nr != nil {
		r, name, s.notResource = nr, "NotResource", true
	}
	s.hasResource = true
	p := ps.field(path, name)
	s.rawResources = strList(r, p, ps)
	s.resources = make([]pattern, 0, len(s.rawResources))
	for i, v := range s.rawResources {
		if v != "*" && !strings.HasPrefix(v, "arn:") {
			ps.add(elemPath(p, r, i), "resource %q must be an ARN (\"arn:aws:...\") or \"*\"", v)
			continue
		}
		pat, msg := compilePattern(v, patOpts{wildcards: true, vars: vars, arn: true})
		if msg != "" {
			ps.add(elemPath(p, r, i), "%s", msg)
			continue
		}
		s.resources = append(s.resources, pat)
	}
}

func parseConditions(n *jnode, path string, vars bool, ps *problems) []condition {
	if n.kind != jObject {
		ps.add(path, "Condition must be an object of operators, such as {\"StringEquals\": {\"aws:SourceAccount\": \"123456789012\"}}, not %s", n.kind)
		return nil
	}
	var conds []condition
	for i, opName := range n.keys {
		op, set, ifExists, msg := parseOperator(opName)
		opPath := ps.field(path, opName)
		if msg != "" {
			ps.add(opPath, "%s", msg)
			continue
		}
		block := n.vals[i]
		if block.kind != jObject {
			ps.add(opPath, "%s must be an object of condition keys and values, not %s", opName, block.kind)
			continue
		}
		if len(block.keys) == 0 {
			ps.add(opPath, "%s tests no condition key", opName)
		}
		for j, key := range block.keys {
			kp := ps.field(opPath, key)
			if svc, name, ok := strings.Cut(key, ":"); !ok || svc == "" || name == "" {
				ps.add(kp, "condition key %q must be \"service:Key\", such as \"aws:SourceArn\"", key)
				continue
			}
			c := condition{desc: opName + " " + key, op: op, set: set, ifExists: ifExists, key: strings.ToLower(key)}
			v := block.vals[j]
			vals := condValues(v, kp, ps)
			for k, val := range vals {
				if msg := c.compileValue(val, vars); msg != "" {
					ps.add(elemPath(kp, v, k), "%s: %s", opName, msg)
				}
			}
			conds = append(conds, c)
		}
	}
	return conds
}

// condValues reads a condition value: a string, number or boolean, or a
// non-empty array of them.
func condValues(v *jnode, path string, ps *problems) []string {
	// scalar reads the i-th value (i < 0: v itself)
	scalar := func(n *jnode, i int) (string, bool) {
		switch n.kind {
		case jString, jNumber:
			return n.s, true
		case jBool:
			if n.b {
				return "true", true
			}
			return "false", true
		}
		p := path
		if i >= 0 {
			p = index(path, i)
		}
		ps.add(p, "a condition value must be a string, number or boolean, not %s", n.kind)
		return "", false
	}
	if v.kind != jArray {
		s, ok := scalar(v, -1)
		if !ok {
			return nil
		}
		return []string{s}
	}
	if len(v.vals) == 0 {
		ps.add(path, "a condition key needs at least one value")
	}
	var out []string
	for i, e := range v.vals {
		if s, ok := scalar(e, i); ok {
			out = append(out, s)
		}
	}
	return out
}

// str reads a string element.
func str(n *jnode, path string, ps *problems) (string, bool) {
	if n.kind != jString {
		ps.add(path, "must be a string, not %s", n.kind)
		return "", false
	}
	return n.s, true
}

// strList reads "a string or an array of strings", as AWS allows for
// Action, Resource and principals.
func strList(n *jnode, path string, ps *problems) []string {
	switch n.kind {
	case jString:
		return []string{n.s}
	case jArray:
		if len(n.vals) == 0 {
			ps.add(path, "needs at least one value")
		}
		out := make([]string, 0, len(n.vals))
		for i, e := range n.vals {
			if e.kind != jString {
				ps.add(index(path, i), "must be a string, not %s", e.kind)
				continue
			}
			out = append(out, e.s)
		}
		return out
	}
	ps.add(path, "must be a string or an array of strings, not %s", n.kind)
	return nil
}

// unknownKeys reports object keys that are not in known, with a hint when
// only the case differs (element names are case-sensitive).
func unknownKeys(n *jnode, path string, known []string, help string, ps *problems) {
	for _, k := range n.keys {
		if slices.Contains(known, k) {
			continue
		}
		if i := slices.IndexFunc(known, func(x string) bool { return strings.EqualFold(x, k) }); i >= 0 {
			ps.add(field(path, k), "unknown element %q: element names are case-sensitive, did you mean %q?", k, known[i])
			continue
		}
		if i := slices.IndexFunc(known, func(x string) bool { return editDistance(x, k) <= 2 }); i >= 0 {
			ps.add(field(path, k), "unknown element %q: did you mean %q? (%s)", k, known[i], help)
			continue
		}
		ps.add(field(path, k), "unknown element %q (%s)", k, help)
	}
}

// editDistance is the Levenshtein distance between two short strings, to
// suggest the element a typo meant.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
