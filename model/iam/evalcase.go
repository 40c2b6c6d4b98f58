package iam

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// evalCase is one line of `archway iam eval` input.
type evalCase struct {
	Principal            json.RawMessage            `json:"principal"`
	Action               string                     `json:"action"`
	Resource             string                     `json:"resource"`
	ResourceAccount      string                     `json:"resourceAccount"`
	Context              map[string]json.RawMessage `json:"context"`
	IdentityPolicies     []json.RawMessage          `json:"identityPolicies"`
	ResourcePolicy       json.RawMessage            `json:"resourcePolicy"`
	PermissionBoundaries []json.RawMessage          `json:"permissionBoundaries"`
}

// CaseStatement is a deciding statement in the output of EvalCase.
type CaseStatement struct {
	Node      string `json:"node,omitempty"`
	Policy    string `json:"policy"`
	Sid       string `json:"sid"`
	Index     int    `json:"index"`
	Effect    string `json:"effect"`
	Condition string `json:"condition,omitempty"`
}

type caseResult struct {
	ID         json.RawMessage `json:"id"`
	Decision   Decision        `json:"decision"`
	Statements []CaseStatement `json:"statements"`
}

type caseError struct {
	ID    json.RawMessage `json:"id"`
	Error string          `json:"error"`
}

// EvalCase evaluates one JSON Lines case of `archway iam eval`:
//
//	{"id", "principal": ARN or {"Service": "sns.amazonaws.com"}, "action",
//	 "resource", "resourceAccount", "context": {...}, "identityPolicies": [docs],
//	 "resourcePolicy": doc or null, "permissionBoundaries": [docs]}
//
// and returns the output line (without newline): {"id", "decision",
// "statements"}, or {"id", "error"} when the case cannot be evaluated. A
// policy may also be given as the name or ARN of an AWS managed policy.
func EvalCase(line []byte) []byte {
	var head struct {
		ID json.RawMessage `json:"id"`
	}
	_ = json.Unmarshal(line, &head)
	id := head.ID
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	res, err := evalCaseLine(line)
	var out []byte
	if err != nil {
		out, _ = json.Marshal(caseError{ID: id, Error: err.Error()})
		return out
	}
	stmts := make([]CaseStatement, 0, len(res.Statements))
	for _, s := range res.Statements {
		stmts = append(stmts, CaseStatement{Node: s.Node, Policy: s.Policy, Sid: s.Sid, Index: s.Index,
			Effect: s.Effect.String(), Condition: s.Condition})
	}
	out, _ = json.Marshal(caseResult{ID: id, Decision: res.Decision, Statements: stmts})
	return out
}

func evalCaseLine(line []byte) (Result, error) {
	var c evalCase
	dec := json.NewDecoder(bytes.NewReader(line))
	if err := dec.Decode(&c); err != nil {
		return Result{}, fmt.Errorf("not a valid case: %v", err)
	}
	req := Request{Action: c.Action, Resource: c.Resource, ResourceAccount: c.ResourceAccount}
	if c.Action == "" {
		return Result{}, errors.New("the case has no action")
	}
	if c.Resource == "" {
		return Result{}, errors.New("the case has no resource")
	}
	p, err := casePrincipal(c.Principal)
	if err != nil {
		return Result{}, err
	}
	req.Principal = p
	for k, raw := range c.Context {
		vals, err := contextValues(raw)
		if err != nil {
			return Result{}, fmt.Errorf("context.%s: %v", k, err)
		}
		req.Context.Set(k, vals...)
	}
	var set PolicySet
	var errs []string
	add := func(dst *[]NamedPolicy, label string, raw json.RawMessage) {
		pol, msgs := casePolicy(raw)
		for _, m := range msgs {
			errs = append(errs, label+m)
		}
		*dst = append(*dst, NamedPolicy{Label: label, Policy: pol})
	}
	for i, raw := range c.IdentityPolicies {
		add(&set.Identity, fmt.Sprintf("identityPolicies[%d]", i), raw)
	}
	for i, raw := range c.PermissionBoundaries {
		add(&set.Boundary, fmt.Sprintf("permissionBoundaries[%d]", i), raw)
	}
	if len(c.ResourcePolicy) > 0 && string(c.ResourcePolicy) != "null" {
		add(&set.Resource, "resourcePolicy", c.ResourcePolicy)
	}
	if len(errs) > 0 {
		return Result{}, errors.New(strings.Join(errs, "; "))
	}
	return Evaluate(&req, &set), nil
}

// casePrincipal reads an ARN or account string, or {"Service": name} /
// {"AWS": arn}.
func casePrincipal(raw json.RawMessage) (Principal, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return Principal{}, errors.New("the case has no principal")
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return ParsePrincipal(s)
	}
	var m map[string]string
	if err := json.Unmarshal(raw, &m); err != nil || len(m) != 1 {
		return Principal{}, errors.New("principal must be an ARN string, {\"Service\": \"sns.amazonaws.com\"} or {\"AWS\": ARN}")
	}
	if svc, ok := m["Service"]; ok {
		return Service(svc), nil
	}
	if arn, ok := m["AWS"]; ok {
		return ParsePrincipal(arn)
	}
	return Principal{}, errors.New("principal must be an ARN string, {\"Service\": \"sns.amazonaws.com\"} or {\"AWS\": ARN}")
}

// casePolicy reads a policy document, or a managed policy name or ARN; the
// messages are ready to append to the policy's label.
func casePolicy(raw json.RawMessage) (*Policy, []string) {
	var name string
	if json.Unmarshal(raw, &name) == nil {
		mp, err := Managed(name)
		if err != nil {
			return nil, []string{": " + err.Error()}
		}
		return mp.Policy, nil
	}
	pol, ps := Parse(raw)
	msgs := make([]string, 0, len(ps))
	for _, p := range ps {
		if p.Path == "" {
			msgs = append(msgs, ": "+p.Message)
		} else {
			msgs = append(msgs, "."+p.Path+": "+p.Message)
		}
	}
	return pol, msgs
}

// contextValues reads a context value: a string, number or boolean, an array
// of them, or null (absent).
func contextValues(raw json.RawMessage) ([]string, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	scalar := func(x any) (string, error) {
		switch t := x.(type) {
		case string:
			return t, nil
		case json.Number:
			return t.String(), nil
		case bool:
			if t {
				return "true", nil
			}
			return "false", nil
		}
		return "", errors.New("a context value must be a string, number, boolean or an array of them")
	}
	switch t := v.(type) {
	case nil:
		return nil, nil
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			s, err := scalar(e)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	}
	s, err := scalar(v)
	if err != nil {
		return nil, err
	}
	return []string{s}, nil
}
