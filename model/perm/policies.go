package perm

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"archway/model"
	"archway/model/iam"
)

// nodePolicies are the compiled policies a node holds.
type nodePolicies struct {
	identity []iam.NamedPolicy // iam-role, iam-user: inline and managed
	boundary []iam.NamedPolicy // iam-role, iam-user
	trust    []iam.NamedPolicy // iam-role
	resource []iam.NamedPolicy // lambda resourcePolicy; policy of services, EFS and endpoints
	// inline are the documents the author wrote (not AWS managed ones), with
	// their kind, for the checks on how broad they are.
	inline []inlinePolicy
	// unknown are managed policy names Archway does not know.
	unknown []string
	// rejected are identity policies and boundaries AWS would refuse.
	rejected []rejectedPolicy
}

// rejectedPolicy is an identity policy or boundary that names principals,
// with the first statement that does.
type rejectedPolicy struct {
	label string
	stmt  iam.StatementRef
	elem  string // "Principal" or "NotPrincipal"
}

type inlinePolicy struct {
	np   iam.NamedPolicy
	kind iam.PolicyKind
}

// Policy labels.
const (
	labelTrust          = "trust"
	labelBoundary       = "permissionsBoundary"
	labelResourcePolicy = "resourcePolicy"
	labelPolicy         = "policy"
	// labelDefaultRole holds the policy of the role the Lambda console
	// creates for a function drawn without one.
	labelDefaultRole = "role (console default)"
)

// defaultTrustDoc is what an iam-role without trust gets: Lambda may assume it.
const defaultTrustDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// defaultEndpointDoc is a VPC endpoint's policy when none is given:
// full access.
const defaultEndpointDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`

// The defaults are compiled once: like the managed policies they are
// read-only, and every node without its own document shares them.
var (
	defaultTrustPolicy    = mustParse(defaultTrustDoc)
	defaultEndpointPolicy = mustParse(defaultEndpointDoc)
)

func mustParse(doc string) *iam.Policy {
	pol, ps := iam.Parse([]byte(doc))
	if len(ps) > 0 {
		panic(fmt.Sprintf("perm: default policy %s: %v", doc, ps))
	}
	return pol
}

// compiler parses every policy of a design once.
type compiler struct {
	ix       *model.Index
	problems []model.Problem
	pols     map[string]*nodePolicies
	// parser reads the documents one after another into the same buffers.
	parser iam.Parser
}

func compile(ix *model.Index) *compiler {
	nodes := ix.Design.Nodes
	c := &compiler{ix: ix, pols: make(map[string]*nodePolicies, len(nodes))}
	// Most nodes hold no policy: they share one empty nodePolicies, which
	// like the others is only read once compiled. The rest are copied into
	// chunks of a few, rather than each node getting its own.
	none := &nodePolicies{}
	var chunk []nodePolicies
	for _, n := range nodes {
		if ix.Nodes[n.ID] != n {
			continue
		}
		var np nodePolicies
		c.node(n, &np)
		if np.empty() {
			c.pols[n.ID] = none
			continue
		}
		if len(chunk) == cap(chunk) {
			chunk = make([]nodePolicies, 0, 16)
		}
		chunk = append(chunk, np)
		c.pols[n.ID] = &chunk[len(chunk)-1]
	}
	return c
}

// empty reports whether np holds nothing at all.
func (np *nodePolicies) empty() bool {
	return len(np.identity)+len(np.boundary)+len(np.trust)+len(np.resource)+len(np.inline)+len(np.unknown)+len(np.rejected) == 0
}

// node compiles the policies of n into np. The paths of problems are
// built only for problems: most designs have none.
func (c *compiler) node(n *model.Node, np *nodePolicies) {
	switch n.Type {
	case model.TypeIAMRole, model.TypeIAMUser:
		for i, ref := range n.ManagedPolicies {
			if pol := c.managed(n, "managedPolicies["+itoa(i)+"]", ref, np); pol != nil {
				np.identity = append(np.identity, iam.NamedPolicy{Node: n.ID, Label: "managedPolicies[" + ref + "]", Policy: pol})
			}
		}
		names, docs, _ := model.InlinePolicies(n.Policies) // the model has checked its form
		for i, raw := range docs {
			label := "policies[" + itoa(i) + "]"
			if names != nil {
				label = field("policies", names[i])
			}
			if pol := c.parseIdentity(n, label, raw, np); pol != nil {
				p := iam.NamedPolicy{Node: n.ID, Label: label, Policy: pol}
				np.identity = append(np.identity, p)
				np.inline = append(np.inline, inlinePolicy{p, iam.IdentityPolicy})
			}
		}
		if b := n.PermissionsBoundary; len(b) > 0 {
			var ref string
			if json.Unmarshal(b, &ref) == nil {
				if pol := c.managed(n, labelBoundary, ref, np); pol != nil {
					np.boundary = append(np.boundary, iam.NamedPolicy{Node: n.ID, Label: labelBoundary + "[" + ref + "]", Policy: pol})
				}
			} else if pol := c.parseIdentity(n, labelBoundary, b, np); pol != nil {
				np.boundary = append(np.boundary, iam.NamedPolicy{Node: n.ID, Label: labelBoundary, Policy: pol})
			}
		}
		if n.Type == model.TypeIAMRole {
			if len(n.Trust) == 0 {
				np.trust = append(np.trust, iam.NamedPolicy{Node: n.ID, Label: labelTrust + " (default)", Policy: defaultTrustPolicy})
			} else if pol := c.parse(n, labelTrust, n.Trust); pol != nil {
				np.trust = append(np.trust, iam.NamedPolicy{Node: n.ID, Label: labelTrust, Policy: pol})
			}
		}
	case model.TypeLambda:
		c.resource(n, labelResourcePolicy, n.ResourcePolicy, np)
	case model.TypeDynamoDBTable, model.TypeS3Bucket, model.TypeSQSQueue, model.TypeSNSTopic, model.TypeEFSFileSystem:
		c.resource(n, labelPolicy, n.Policy, np)
	case model.TypeVPCEndpoint:
		if len(n.Policy) == 0 {
			np.resource = append(np.resource, iam.NamedPolicy{Node: n.ID, Label: labelPolicy + " (default)", Policy: defaultEndpointPolicy})
		} else if pol := c.parse(n, labelPolicy, n.Policy); pol != nil {
			np.resource = append(np.resource, iam.NamedPolicy{Node: n.ID, Label: labelPolicy, Policy: pol})
		}
	}
}

func (c *compiler) resource(n *model.Node, label string, raw json.RawMessage, np *nodePolicies) {
	if len(raw) == 0 {
		return
	}
	if pol := c.parse(n, label, raw); pol != nil {
		p := iam.NamedPolicy{Node: n.ID, Label: label, Policy: pol}
		np.resource = append(np.resource, p)
		np.inline = append(np.inline, inlinePolicy{p, iam.ResourcePolicy})
	}
}

// parse compiles a document, the field label of n, reporting its problems
// under the field's path.
func (c *compiler) parse(n *model.Node, label string, raw json.RawMessage) *iam.Policy {
	pol, ps := c.parser.Parse(raw)
	for _, p := range ps {
		c.problems = append(c.problems, model.Problem{Path: joinPath(c.path(n, label), p.Path), Message: p.Message})
	}
	return pol
}

// path is the design path of field label of n.
func (c *compiler) path(n *model.Node, label string) string {
	return field(c.ix.Path(n.ID), label)
}

// parseIdentity compiles an identity policy or boundary. AWS refuses one
// whose statements name principals ("Has prohibited field Principal": it
// applies to whoever it is attached to), so the role or user cannot have
// it: it is recorded in np.rejected and left out of the evaluation.
func (c *compiler) parseIdentity(n *model.Node, label string, raw json.RawMessage, np *nodePolicies) *iam.Policy {
	pol := c.parse(n, label, raw)
	if pol == nil {
		return nil
	}
	for i := range pol.Statements {
		if st := &pol.Statements[i]; st.HasPrincipal() {
			elem := "Principal"
			if st.UsesNotPrincipal() {
				elem = "NotPrincipal"
			}
			np.rejected = append(np.rejected, rejectedPolicy{label: label, stmt: iam.StatementRef{Sid: st.Sid, Index: st.Index}, elem: elem})
			return nil
		}
	}
	return pol
}

// managed looks up a managed policy. A name Archway does not know is
// recorded for a warning (it may well exist in AWS); a known policy
// misspelled, or given by an ARN with the wrong path, is a problem, since
// AWS has no such policy.
func (c *compiler) managed(n *model.Node, label, ref string, np *nodePolicies) *iam.Policy {
	mp, err := iam.Managed(ref)
	if err == nil {
		return mp.Policy
	}
	if strings.Contains(err.Error(), "did you mean") || strings.Contains(err.Error(), "is not the ARN of") {
		c.problems = append(c.problems, model.Problem{Path: c.path(n, label), Message: err.Error()})
		return nil
	}
	np.unknown = append(np.unknown, ref)
	return nil
}

// field joins a design path and a key, as the model writes paths.
func field(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// joinPath appends a path relative to a policy document to the document's
// path in the design.
func joinPath(base, rel string) string {
	switch {
	case rel == "":
		return base
	case strings.HasPrefix(rel, "["):
		return base + rel
	}
	return base + "." + rel
}

func itoa(i int) string { return strconv.Itoa(i) }
