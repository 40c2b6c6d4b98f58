package iam

import (
	"fmt"
	"strings"
)

// PrincipalType is the kind of caller making a request.
type PrincipalType uint8

// Principal types.
const (
	PrincipalAnonymous     PrincipalType = iota // an unauthenticated caller
	PrincipalRoleSession                        // an assumed-role session (a Lambda function's calls)
	PrincipalUser                               // an IAM user
	PrincipalRoot                               // an account's root user, or "some principal of that account"
	PrincipalService                            // an AWS service principal (sns.amazonaws.com)
	PrincipalFederatedUser                      // an STS federated-user session
)

func (t PrincipalType) String() string {
	return [...]string{"anonymous", "role session", "IAM user", "account root", "service", "federated user"}[t]
}

// Principal is the caller of a request. Build it with ParsePrincipal,
// SessionOf, Service, Root or Anonymous.
type Principal struct {
	Type    PrincipalType
	ARN     string // the caller's ARN; the service name for PrincipalService
	Account string // the caller's account; empty for services and anonymous
	// RoleARN is the role of a role session (with its path when known).
	RoleARN string
	// Name is the role's name for a session, the user's name for a user or
	// a federated user (without path).
	Name string
	// Session is the role session name.
	Session string
	// AnyOf marks a PrincipalRoot that stands for some principal of its
	// account whose own policies allow the call, not for the root user
	// itself: a resource policy naming any role, user or session of that
	// account lets it in (see AnyPrincipalOf).
	AnyOf bool
}

// Anonymous is an unauthenticated caller.
func Anonymous() Principal { return Principal{Type: PrincipalAnonymous} }

// Service is an AWS service principal such as "sns.amazonaws.com".
func Service(name string) Principal { return Principal{Type: PrincipalService, ARN: name} }

// Root is the root user of account, which also stands for "a principal of
// that account whose own policies allow the call".
func Root(account string) Principal {
	return Principal{Type: PrincipalRoot, ARN: "arn:aws:iam::" + account + ":root", Account: account}
}

// AnyPrincipalOf is "some principal of account whose own policies allow
// the call": a caller drawn as a whole account. It is evaluated like the
// account's root, except that a resource policy naming any role, user or
// role session of the account grants it too, since that principal may be
// the one calling.
func AnyPrincipalOf(account string) Principal {
	p := Root(account)
	p.AnyOf = true
	return p
}

// SessionOf is a session of the role roleARN named session, as Lambda
// creates for a function (the session name is the function's name).
func SessionOf(roleARN, session string) (Principal, error) {
	acct, path, ok := iamARN(roleARN, "iam", "role/")
	if !ok {
		return Principal{}, fmt.Errorf("%q is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)", roleARN)
	}
	name := path[strings.LastIndexByte(path, '/')+1:]
	return Principal{
		Type:    PrincipalRoleSession,
		ARN:     "arn:aws:sts::" + acct + ":assumed-role/" + name + "/" + session,
		Account: acct,
		RoleARN: roleARN,
		Name:    name,
		Session: session,
	}, nil
}

// ParsePrincipal reads a caller given as an ARN (role session, role, user,
// root, federated user), a 12-digit account id (its root), or "*" /
// "anonymous" for an unauthenticated caller. A role ARN stands for a session
// of that role whose name is unknown.
func ParsePrincipal(s string) (Principal, error) {
	switch {
	case s == "" || s == "*" || strings.EqualFold(s, "anonymous"):
		return Anonymous(), nil
	case isAccountID(s):
		return Root(s), nil
	}
	if acct, rest, ok := iamARN(s, "sts", "assumed-role/"); ok {
		role, session, ok := strings.Cut(rest, "/")
		if !ok || role == "" || session == "" {
			return Principal{}, fmt.Errorf("%q: an assumed-role ARN is arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION", s)
		}
		return Principal{Type: PrincipalRoleSession, ARN: s, Account: acct,
			RoleARN: "arn:aws:iam::" + acct + ":role/" + role, Name: role, Session: session}, nil
	}
	if acct, rest, ok := iamARN(s, "sts", "federated-user/"); ok && rest != "" {
		return Principal{Type: PrincipalFederatedUser, ARN: s, Account: acct, Name: rest}, nil
	}
	if acct, rest, ok := iamARN(s, "iam", "role/"); ok && rest != "" {
		p, err := SessionOf(s, "")
		p.ARN = "arn:aws:sts::" + acct + ":assumed-role/" + p.Name + "/"
		return p, err
	}
	if acct, rest, ok := iamARN(s, "iam", "user/"); ok && rest != "" {
		return Principal{Type: PrincipalUser, ARN: s, Account: acct, Name: rest[strings.LastIndexByte(rest, '/')+1:]}, nil
	}
	if acct, rest, ok := iamARN(s, "iam", ""); ok && rest == "root" {
		return Root(acct), nil
	}
	if strings.HasSuffix(s, ".amazonaws.com") {
		return Service(s), nil
	}
	return Principal{}, fmt.Errorf("%q is not a principal: use a role, role session, user or root ARN, an account id, or \"anonymous\"", s)
}

// iamARN splits "arn:PARTITION:SERVICE::ACCOUNT:PREFIXrest" and returns the
// account and rest.
func iamARN(s, service, prefix string) (account, rest string, ok bool) {
	var c [6]string
	if !splitARNInto(s, &c) || c[0] != "arn" || c[2] != service || c[3] != "" || !isAccountID(c[4]) {
		return "", "", false
	}
	rest, ok = strings.CutPrefix(c[5], prefix)
	return c[4], rest, ok
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isIAM reports whether identity policies and boundaries apply to p.
func (p *Principal) isIAM() bool {
	return p.Type == PrincipalRoleSession || p.Type == PrincipalUser || p.Type == PrincipalFederatedUser
}

// entryKind is what a Principal element entry names.
type entryKind uint8

const (
	eAll entryKind = iota
	eAccount
	eRole
	eUser
	eSession
	eFederatedUser
	eService
	eFederated
	eCanonical
)

type principalEntry struct {
	kind    entryKind
	account string
	name    string // role or user name (no path), "role/session", federated user name
	value   string // eService, eFederated, eCanonical: as written
}

// grant says how a Principal element matched a caller; it decides whether a
// same-account resource policy allows on its own (rule R40).
type grant uint8

const (
	gNone    grant = iota
	gAccount       // names the caller's account: delegation to its identity policies
	gRole          // names the caller's role: limited by the role's boundary
	gDirect        // names the caller itself (session, user, root, service) or everyone
)

// parseAWSPrincipal compiles one "AWS" principal value.
func parseAWSPrincipal(s string) (principalEntry, string) {
	if s == "*" {
		return principalEntry{kind: eAll}, ""
	}
	if isAccountID(s) {
		return principalEntry{kind: eAccount, account: s}, ""
	}
	if strings.Contains(s, "*") || strings.Contains(s, "?") {
		return principalEntry{}, fmt.Sprintf("%q: a principal cannot contain wildcards; use \"*\" with an aws:PrincipalArn condition", s)
	}
	if acct, rest, ok := iamARN(s, "iam", ""); ok {
		switch {
		case rest == "root":
			return principalEntry{kind: eAccount, account: acct}, ""
		case strings.HasPrefix(rest, "role/") && len(rest) > 5:
			return principalEntry{kind: eRole, account: acct, name: rest[strings.LastIndexByte(rest, '/')+1:]}, ""
		case strings.HasPrefix(rest, "user/") && len(rest) > 5:
			return principalEntry{kind: eUser, account: acct, name: rest[strings.LastIndexByte(rest, '/')+1:]}, ""
		}
	}
	if acct, rest, ok := iamARN(s, "sts", "assumed-role/"); ok {
		if r, sess, ok := strings.Cut(rest, "/"); ok && r != "" && sess != "" {
			return principalEntry{kind: eSession, account: acct, name: rest}, ""
		}
	}
	if acct, rest, ok := iamARN(s, "sts", "federated-user/"); ok && rest != "" {
		return principalEntry{kind: eFederatedUser, account: acct, name: rest}, ""
	}
	return principalEntry{}, fmt.Sprintf("%q is not an AWS principal: use an account id, or the ARN of an account root, role, role session or user", s)
}

// matchEntry says how one entry matches the caller.
func (e *principalEntry) match(p *Principal) grant {
	if p.AnyOf && p.Account == e.account {
		switch e.kind {
		case eRole, eUser, eSession, eFederatedUser:
			// Some principal of the account is the one named.
			return gDirect
		}
	}
	switch e.kind {
	case eAll:
		return gDirect
	case eAccount:
		if p.Account == "" || p.Account != e.account {
			return gNone
		}
		if p.Type == PrincipalRoot {
			return gDirect
		}
		return gAccount
	case eRole:
		if p.Type == PrincipalRoleSession && p.Account == e.account && p.Name == e.name {
			return gRole
		}
	case eUser:
		if p.Type == PrincipalUser && p.Account == e.account && p.Name == e.name {
			return gDirect
		}
	case eSession:
		if p.Type == PrincipalRoleSession && p.Account == e.account && p.Session != "" && e.name == p.Name+"/"+p.Session {
			return gDirect
		}
	case eFederatedUser:
		if p.Type == PrincipalFederatedUser && p.Account == e.account && p.Name == e.name {
			return gDirect
		}
	case eService:
		if p.Type == PrincipalService && strings.EqualFold(p.ARN, e.value) {
			return gDirect
		}
	case eFederated, eCanonical:
		// Web-identity and SAML callers arrive as role sessions, and
		// canonical user ids only appear in S3 ACL-era policies; neither
		// names a caller this evaluator is given.
	}
	return gNone
}

// principalSet is a compiled Principal or NotPrincipal element.
type principalSet struct {
	entries []principalEntry
}

// match returns the strongest grant any entry gives the caller.
func (s *principalSet) match(p *Principal) grant {
	best := gNone
	for i := range s.entries {
		if g := s.entries[i].match(p); g > best {
			best = g
		}
	}
	return best
}

// excludes reports whether a NotPrincipal element exempts the caller. AWS
// checks the account first, then the role, then the session, so a caller is
// exempt only when its account is listed too (for a session: the account and
// the role or the session).
func (s *principalSet) excludes(p *Principal) bool {
	var all, account, role, self bool
	for i := range s.entries {
		e := &s.entries[i]
		switch e.kind {
		case eAll:
			all = true
		case eAccount:
			account = account || e.account == p.Account && p.Account != ""
		case eRole:
			role = role || e.match(p) == gRole
		default:
			self = self || e.match(p) == gDirect
		}
	}
	switch p.Type {
	case PrincipalService:
		return all || self
	case PrincipalAnonymous:
		return all
	case PrincipalRoot:
		return all || account
	case PrincipalRoleSession:
		return all || account && (role || self)
	}
	return all || account && self
}
