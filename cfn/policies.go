package cfn

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"archway/model"
	"archway/model/iam"
)

// checkPolicies keeps an imported design analysable: a policy statement the
// IAM parser rejects (a principal Archway does not model, such as a
// CloudFront origin access identity; a Resource that is not an ARN) would
// make the whole design a problem. Such a statement is left out, and so is a
// misspelled AWS managed policy; the report says which and why.
func (b *builder) checkPolicies() {
	for _, n := range b.d.Nodes {
		switch n.Type {
		case model.TypeIAMRole, model.TypeIAMUser:
			b.checkManaged(n)
			b.checkPolicyMap(n)
			if raw := n.PermissionsBoundary; len(raw) > 0 && raw[0] == '{' {
				n.PermissionsBoundary = b.cleanDoc(n, "permissionsBoundary", raw)
			}
			if len(n.Trust) > 0 {
				n.Trust = b.cleanDoc(n, "trust", n.Trust)
			}
		case model.TypeLambda:
			if len(n.ResourcePolicy) > 0 {
				n.ResourcePolicy = b.cleanDoc(n, "resourcePolicy", n.ResourcePolicy)
			}
		case model.TypeDynamoDBTable, model.TypeS3Bucket, model.TypeSQSQueue, model.TypeSNSTopic,
			model.TypeEFSFileSystem, model.TypeVPCEndpoint:
			if len(n.Policy) > 0 {
				n.Policy = b.cleanDoc(n, "policy", n.Policy)
			}
		}
	}
}

// checkManaged drops managed policy references AWS has no policy for: a
// known name misspelled or given with the wrong path. Names Archway does not
// know stay: they may well exist, and the analysis warns about them.
func (b *builder) checkManaged(n *model.Node) {
	kept := n.ManagedPolicies[:0]
	for _, ref := range n.ManagedPolicies {
		if _, err := iam.Managed(ref); err != nil && (strings.Contains(err.Error(), "did you mean") || strings.Contains(err.Error(), "is not the ARN of")) {
			b.rep.skip(b.fieldSource(n, "managedPolicies"), "", "managed policy left out: %v", err)
			continue
		}
		kept = append(kept, ref)
	}
	n.ManagedPolicies = kept
	if len(kept) == 0 {
		n.ManagedPolicies = nil
	}
}

func (b *builder) checkPolicyMap(n *model.Node) {
	if len(n.Policies) == 0 {
		return
	}
	var docs map[string]json.RawMessage
	if json.Unmarshal(n.Policies, &docs) != nil {
		return
	}
	out := map[string]any{}
	for _, name := range sortedKeys(docs) {
		if clean := b.cleanDoc(n, "policies."+name, docs[name]); clean != nil {
			out[name] = clean
		}
	}
	n.Policies = nil
	if len(out) > 0 {
		n.Policies = canonical(out)
	}
}

var statementIndex = regexp.MustCompile(`^Statement(?:\[(\d+)\])?(?:[.\[]|$)`)

// cleanDoc removes the statements of a document the IAM parser rejects, one
// at a time; a document whose problem is not in a statement goes entirely.
func (b *builder) cleanDoc(n *model.Node, where string, raw json.RawMessage) json.RawMessage {
	src := b.fieldSource(n, strings.SplitN(where, ".", 2)[0])
	for {
		_, ps := iam.Parse(raw)
		if len(ps) == 0 {
			return raw
		}
		p := ps[0]
		var doc map[string]any
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.UseNumber()
		m := statementIndex.FindStringSubmatch(p.Path)
		if m == nil || dec.Decode(&doc) != nil {
			b.rep.skip(src, "", "the %s of %s is left out: %s", where, n.ID, p)
			return nil
		}
		stmts, isList := doc["Statement"].([]any)
		i := 0
		if m[1] != "" {
			i, _ = strconv.Atoi(m[1])
		}
		if !isList {
			stmts = []any{doc["Statement"]}
			i = 0
		}
		if i >= len(stmts) {
			b.rep.skip(src, "", "the %s of %s is left out: %s", where, n.ID, p)
			return nil
		}
		b.rep.skip(src, "", "statement %d of the %s of %s is left out: %s", i, where, n.ID, p)
		stmts = append(stmts[:i:i], stmts[i+1:]...)
		if len(stmts) == 0 {
			return nil
		}
		doc["Statement"] = stmts
		raw = canonical(doc)
	}
}

// fieldSource is the template path a node field came from, else the node's.
func (b *builder) fieldSource(n *model.Node, fieldName string) string {
	if s, ok := b.src[n.ID+"\x00"+fieldName]; ok {
		return s
	}
	return b.src[n.ID]
}
