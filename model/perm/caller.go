package perm

import (
	"strings"

	"archway/model"
	"archway/model/iam"
)

// caller is who makes a request, as IAM sees it.
type caller struct {
	node      *model.Node
	principal iam.Principal
	// role is the node holding the caller's identity policies: the
	// function's execution role, the role or user itself; nil for services,
	// accounts and anonymous callers (and for a function without a role,
	// whose console-default role is not drawn).
	role     *model.Node
	identity []iam.NamedPolicy
	boundary []iam.NamedPolicy
	// ctx are the context keys AWS derives from the caller; idCtx those only
	// identity policies see.
	ctx   iam.Context
	idCtx iam.Context
	desc  string // "categram-fn (as role categram-fn-role)"
}

// callerOf returns the principal a node calls as, or nil for nodes that
// make no IAM requests of their own (instances and databases, whose
// credentials the design does not draw). The caller is built once per node
// and shared: it must not be modified.
func (e *engine) callerOf(n *model.Node) *caller {
	if c, ok := e.callers[n]; ok {
		return c
	}
	var p *caller
	if c, ok := e.newCaller(n); ok {
		p = &c
	}
	e.callers[n] = p
	return p
}

// newCaller is callerOf without the cache.
func (e *engine) newCaller(n *model.Node) (caller, bool) {
	d := e.ix.Design
	c := caller{node: n}
	switch n.Type {
	case model.TypeLambda:
		role := e.ix.NodeOfType(n.Role, model.TypeIAMRole)
		var roleARN string
		if role != nil {
			roleARN = e.arn(role)
			c.role = role
			c.identity, c.boundary = e.pols[role.ID].identity, e.pols[role.ID].boundary
			c.desc = n.ID + " (as its execution role " + role.ID + ")"
		} else {
			roleARN = e.defaultRoleARN(n)
			c.identity = []iam.NamedPolicy{e.defaultRolePolicy(n)}
			c.desc = n.ID + " (as the role the Lambda console creates for it)"
		}
		p, err := iam.SessionOf(roleARN, n.ResourceName())
		if err != nil {
			return c, false
		}
		c.principal = p
		e.principalKeys(&c.ctx, p, roleARN)
		c.idCtx.Reserve(1)
		c.idCtx.Set("lambda:SourceFunctionArn", e.arn(n))
	case model.TypeIAMRole:
		p, err := iam.SessionOf(e.arn(n), n.ResourceName())
		if err != nil {
			return c, false
		}
		c.principal, c.role = p, n
		c.identity, c.boundary = e.pols[n.ID].identity, e.pols[n.ID].boundary
		c.desc = "a session of role " + n.ID
		e.principalKeys(&c.ctx, p, e.arn(n))
	case model.TypeIAMUser:
		p, err := iam.ParsePrincipal(e.arn(n))
		if err != nil {
			return c, false
		}
		c.principal, c.role = p, n
		c.identity, c.boundary = e.pols[n.ID].identity, e.pols[n.ID].boundary
		c.desc = "IAM user " + n.ID
		e.principalKeys(&c.ctx, p, e.arn(n))
		c.ctx.Set("aws:username", n.ResourceName()[strings.LastIndex(n.ResourceName(), "/")+1:])
	case model.TypeExternalAccount:
		acct := n.AccountID(d)
		// "Some principal in that account whose own policies allow the
		// call" (format.md): a grant to any of its roles or users fits.
		c.principal = iam.AnyPrincipalOf(acct)
		c.desc = "account " + acct + " (" + n.ID + ")"
		e.principalKeys(&c.ctx, c.principal, c.principal.ARN)
	case model.TypeInternetHost:
		c.principal = iam.Anonymous()
		c.desc = "an anonymous caller on the internet (" + n.ID + ")"
		if a, ok := d.PublicAddress(n); ok {
			c.ctx.Set("aws:SourceIp", a.String())
		}
	default:
		svc := model.ServiceOf(n.Type)
		if svc == "" || svc == "monitoring" || svc == "xray" {
			return c, false
		}
		name := svc + ".amazonaws.com"
		c.principal = iam.Service(name)
		c.desc = name + " (for " + n.ID + ")"
		c.ctx.Set("aws:PrincipalServiceName", name)
		c.ctx.Set("aws:PrincipalIsAWSService", valTrue...)
		c.ctx.Set("aws:SourceArn", e.arn(n))
		c.ctx.Set("aws:SourceAccount", n.AccountID(d))
	}
	c.ctx.Set("aws:SecureTransport", valTrue...)
	e.requestTime(&c.ctx)
	return c, true
}

// Context values every caller of their kind has: contexts share their value
// lists (read-only; a list of one is full, so Add copies it).
var (
	valFalse       = []string{"false"}
	valTrue        = []string{"true"}
	valAssumedRole = []string{"AssumedRole"}
	valUser        = []string{"User"}
	valAccount     = []string{"Account"}
)

// principalKeys sets the global condition keys AWS derives from an IAM
// principal (principalARN is the role ARN for a session, as AWS reports it).
func (e *engine) principalKeys(ctx *iam.Context, p iam.Principal, principalARN string) {
	ctx.Set("aws:PrincipalArn", principalARN)
	ctx.Set("aws:PrincipalAccount", p.Account)
	ctx.Set("aws:PrincipalIsAWSService", valFalse...)
	switch p.Type {
	case iam.PrincipalRoleSession:
		ctx.Set("aws:PrincipalType", valAssumedRole...)
		// A role session's temporary credentials say whether MFA was used
		// (a function's never did); long-term keys carry no such key.
		ctx.Set("aws:MultiFactorAuthPresent", valFalse...)
		ctx.Set("aws:ViaAWSService", valFalse...)
	case iam.PrincipalUser:
		ctx.Set("aws:PrincipalType", valUser...)
		ctx.Set("aws:ViaAWSService", valFalse...)
	case iam.PrincipalRoot:
		ctx.Set("aws:PrincipalType", valAccount...)
	}
}

// defaultRoleARN is the role the Lambda console creates with a function
// ("Create a new role with basic Lambda permissions").
func (e *engine) defaultRoleARN(fn *model.Node) string {
	d := e.ix.Design
	return "arn:" + model.Partition(fn.RegionName(d)) + ":iam::" + fn.AccountID(d) + ":role/service-role/" + fn.ResourceName() + "-role"
}

// defaultRolePolicy is the policy of that role: the console's "basic
// Lambda permissions" (create log groups in the account, write the
// function's logs), plus what the console adds when the function is
// configured with a VPC (the network-interface actions) or Active tracing
// (the X-Ray write actions).
func (e *engine) defaultRolePolicy(fn *model.Node) iam.NamedPolicy {
	d := e.ix.Design
	region, acct := fn.RegionName(d), fn.AccountID(d)
	logs := "arn:" + model.Partition(region) + ":logs:" + region + ":" + acct
	stmts := []string{
		`{"Effect":"Allow","Action":"logs:CreateLogGroup","Resource":"` + logs + `:*"}`,
		`{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":["` + logs + `:log-group:` + model.FunctionLogGroup(fn) + `:*"]}`,
	}
	if fn.InVPC() {
		stmts = append(stmts, `{"Effect":"Allow","Action":["`+strings.Join(eniActions, `","`)+`"],"Resource":"*"}`)
	}
	if fn.TracingMode() == "Active" {
		stmts = append(stmts, `{"Effect":"Allow","Action":["`+strings.Join(xrayActions, `","`)+`"],"Resource":"*"}`)
	}
	pol, _ := iam.Parse([]byte(`{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`))
	return iam.NamedPolicy{Node: fn.ID, Label: labelDefaultRole, Policy: pol}
}
