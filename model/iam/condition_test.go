package iam

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// condPolicy is an Allow statement with one condition operator on key.
func condPolicy(op, key string, values ...string) string {
	vs, _ := json.Marshal(values)
	return `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"` + op + `":{"` + key + `":` + string(vs) + `}}}}`
}

// R43: every operator, its negation, IfExists, set qualifiers, missing keys.
func TestConditionOperators(t *testing.T) {
	const k = "test:Key"
	none := []string(nil) // the key is absent from the request
	tests := []struct {
		op     string
		policy []string
		req    []string
		want   bool
	}{
		// String
		{"StringEquals", []string{"abc"}, []string{"abc"}, true},
		{"StringEquals", []string{"abc"}, []string{"ABC"}, false},
		{"StringEquals", []string{"a*"}, []string{"abc"}, false},
		{"StringEquals", []string{"x", "abc"}, []string{"abc"}, true},
		{"StringEquals", []string{"abc"}, none, false},
		{"StringNotEquals", []string{"abc"}, []string{"abd"}, true},
		{"StringNotEquals", []string{"abc"}, []string{"abc"}, false},
		{"StringNotEquals", []string{"x", "abc"}, []string{"abc"}, false},
		{"StringNotEquals", []string{"abc"}, none, true},
		{"StringEqualsIgnoreCase", []string{"abc"}, []string{"ABC"}, true},
		{"StringEqualsIgnoreCase", []string{"Straße"}, []string{"STRASSE"}, false},
		{"StringEqualsIgnoreCase", []string{"abc"}, none, false},
		{"StringNotEqualsIgnoreCase", []string{"abc"}, []string{"ABC"}, false},
		{"StringNotEqualsIgnoreCase", []string{"abc"}, []string{"abd"}, true},
		{"StringNotEqualsIgnoreCase", []string{"abc"}, none, true},
		{"StringLike", []string{"home/*"}, []string{"home/carlos/x"}, true},
		{"StringLike", []string{"h?me"}, []string{"home"}, true},
		{"StringLike", []string{"home/*"}, []string{"HOME/x"}, false},
		{"StringLike", []string{"a:*"}, []string{"a:b:c"}, true},
		{"StringLike", []string{"home/*"}, none, false},
		{"StringNotLike", []string{"home/*"}, []string{"tmp/x"}, true},
		{"StringNotLike", []string{"home/*"}, []string{"home/x"}, false},
		{"StringNotLike", []string{"home/*"}, none, true},
		// Numeric
		{"NumericEquals", []string{"10"}, []string{"10.0"}, true},
		{"NumericEquals", []string{"10"}, []string{"11"}, false},
		{"NumericEquals", []string{"10"}, []string{"ten"}, false},
		{"NumericEquals", []string{"10"}, none, false},
		{"NumericNotEquals", []string{"10"}, []string{"11"}, true},
		{"NumericNotEquals", []string{"10"}, []string{"10"}, false},
		{"NumericNotEquals", []string{"10"}, none, true},
		{"NumericLessThan", []string{"10"}, []string{"9"}, true},
		{"NumericLessThan", []string{"10"}, []string{"10"}, false},
		{"NumericLessThan", []string{"10"}, none, false},
		{"NumericLessThanEquals", []string{"10"}, []string{"10"}, true},
		{"NumericLessThanEquals", []string{"10"}, []string{"10.5"}, false},
		{"NumericGreaterThan", []string{"10"}, []string{"10.5"}, true},
		{"NumericGreaterThan", []string{"10"}, []string{"10"}, false},
		{"NumericGreaterThanEquals", []string{"10"}, []string{"10"}, true},
		{"NumericGreaterThanEquals", []string{"10"}, []string{"-3"}, false},
		{"NumericGreaterThanEquals", []string{"10"}, none, false},
		// Date
		{"DateEquals", []string{"2020-01-01T00:00:00Z"}, []string{"1577836800"}, true},
		{"DateEquals", []string{"2020-01-01"}, []string{"2020-01-01T00:00:00Z"}, true},
		{"DateEquals", []string{"2020-01-01T00:00:00Z"}, none, false},
		{"DateNotEquals", []string{"2020-01-01T00:00:00Z"}, []string{"2021-01-01T00:00:00Z"}, true},
		{"DateNotEquals", []string{"2020-01-01T00:00:00Z"}, none, true},
		{"DateLessThan", []string{"2020-01-01T00:00:00Z"}, []string{"2019-12-31T23:59:59Z"}, true},
		{"DateLessThan", []string{"2020-01-01T00:00:00Z"}, []string{"2020-01-01T01:00:00+01:00"}, false},
		{"DateLessThanEquals", []string{"2020-01-01T00:00:00Z"}, []string{"2020-01-01T01:00:00+01:00"}, true},
		{"DateGreaterThan", []string{"2020-01-01T00:00:00Z"}, []string{"2020-06-01T00:00:00.5Z"}, true},
		{"DateGreaterThan", []string{"2020-01-01T00:00:00Z"}, []string{"yesterday"}, false},
		{"DateGreaterThanEquals", []string{"2020"}, []string{"2020-01-01T00:00:00Z"}, true},
		{"DateGreaterThanEquals", []string{"2020"}, none, false},
		// Bool
		{"Bool", []string{"true"}, []string{"true"}, true},
		{"Bool", []string{"true"}, []string{"TRUE"}, true},
		{"Bool", []string{"false"}, []string{"true"}, false},
		{"Bool", []string{"false"}, none, false},
		// Binary
		{"BinaryEquals", []string{"QmluYXJ5"}, []string{"QmluYXJ5"}, true},
		{"BinaryEquals", []string{"QmluYXJ5"}, []string{"QmluYXJ6"}, false},
		{"BinaryEquals", []string{"QmluYXJ5"}, none, false},
		// IP
		{"IpAddress", []string{"203.0.113.0/24"}, []string{"203.0.113.7"}, true},
		{"IpAddress", []string{"203.0.113.0/24"}, []string{"203.0.114.7"}, false},
		{"IpAddress", []string{"203.0.113.7"}, []string{"203.0.113.7"}, true},
		{"IpAddress", []string{"2001:DB8:1234:5678::/64"}, []string{"2001:db8:1234:5678::1"}, true},
		{"IpAddress", []string{"203.0.113.0/24"}, none, false},
		{"NotIpAddress", []string{"203.0.113.0/24"}, []string{"198.51.100.1"}, true},
		{"NotIpAddress", []string{"203.0.113.0/24"}, []string{"203.0.113.1"}, false},
		{"NotIpAddress", []string{"203.0.113.0/24"}, none, true},
		// ARN
		{"ArnEquals", []string{"arn:aws:sns:us-east-1:111111111111:t"}, []string{"arn:aws:sns:us-east-1:111111111111:t"}, true},
		{"ArnLike", []string{"arn:aws:sns:*:111111111111:t*"}, []string{"arn:aws:sns:us-east-1:111111111111:topic"}, true},
		{"ArnLike", []string{"arn:aws:sns:*:111111111111:t"}, []string{"arn:aws:sns:us-east-1:222222222222:t"}, false},
		{"ArnLike", []string{"arn:aws:sns:*:111111111111:t"}, none, false},
		{"ArnNotEquals", []string{"arn:aws:sns:us-east-1:111111111111:t"}, []string{"arn:aws:sns:us-east-1:111111111111:u"}, true},
		{"ArnNotLike", []string{"arn:aws:sns:*:*:t"}, []string{"arn:aws:sns:us-east-1:111111111111:t"}, false},
		{"ArnNotLike", []string{"arn:aws:sns:*:*:t"}, none, true},
		// Null tests presence.
		{"Null", []string{"true"}, none, true},
		{"Null", []string{"true"}, []string{"x"}, false},
		{"Null", []string{"false"}, []string{"x"}, true},
		{"Null", []string{"false"}, none, false},
		// IfExists: a missing key is true, a present key is tested.
		{"StringEqualsIfExists", []string{"abc"}, none, true},
		{"StringEqualsIfExists", []string{"abc"}, []string{"abd"}, false},
		{"StringNotEqualsIfExists", []string{"abc"}, none, true},
		{"StringNotEqualsIfExists", []string{"abc"}, []string{"abc"}, false},
		{"NumericLessThanIfExists", []string{"10"}, none, true},
		{"BoolIfExists", []string{"true"}, none, true},
		{"ArnLikeIfExists", []string{"arn:aws:sns:*:*:t"}, []string{"arn:aws:sns:us-east-1:1:t"}, true},
		{"IpAddressIfExists", []string{"10.0.0.0/8"}, none, true},
		{"DateLessThanIfExists", []string{"2020-01-01"}, none, true},
		{"BinaryEqualsIfExists", []string{"QmluYXJ5"}, none, true},
		// ForAnyValue: some request value matches; false on a missing key.
		{"ForAnyValue:StringEquals", []string{"a", "b"}, []string{"c", "b"}, true},
		{"ForAnyValue:StringEquals", []string{"a", "b"}, []string{"c", "d"}, false},
		{"ForAnyValue:StringEquals", []string{"a"}, none, false},
		{"ForAnyValue:StringNotEquals", []string{"a"}, []string{"a", "c"}, true},
		{"ForAnyValue:StringNotEquals", []string{"a"}, []string{"a"}, false},
		{"ForAnyValue:StringNotEquals", []string{"a"}, none, false},
		// ForAllValues: every request value matches; true on a missing key.
		{"ForAllValues:StringEquals", []string{"a", "b"}, []string{"a", "b"}, true},
		{"ForAllValues:StringEquals", []string{"a", "b"}, []string{"a", "c"}, false},
		{"ForAllValues:StringEquals", []string{"a", "b"}, none, true},
		{"ForAllValues:StringLike", []string{"Created*"}, []string{"CreatedBy", "CreatedAt"}, true},
		// The AWS doc's ForAllValues:StringNotLike table.
		{"ForAllValues:StringNotLike", []string{"key1*"}, []string{"key1:legal"}, false},
		{"ForAllValues:StringNotLike", []string{"key1*"}, []string{"key1:hr", "key1:personnel"}, false},
		{"ForAllValues:StringNotLike", []string{"key1*"}, []string{"key2:audit"}, true},
		{"ForAllValues:StringNotLike", []string{"key1*"}, none, true},
		{"ForAllValues:NumericLessThan", []string{"5"}, []string{"1", "4"}, true},
		{"ForAllValues:NumericLessThan", []string{"5"}, []string{"1", "6"}, false},
		{"ForAnyValue:ArnLike", []string{"arn:aws:sns:*:*:t"}, []string{"x", "arn:aws:sns:r:1:t"}, true},
		{"ForAnyValue:IpAddress", []string{"10.0.0.0/8"}, []string{"192.168.0.1", "10.1.1.1"}, true},
		{"ForAllValues:StringEqualsIfExists", []string{"a"}, none, true},
		{"ForAnyValue:StringEqualsIfExists", []string{"a"}, none, true},
		// Without a qualifier, several request values: positive = any, negated = none.
		{"StringEquals", []string{"a"}, []string{"b", "a"}, true},
		{"StringNotEquals", []string{"a"}, []string{"b", "a"}, false},
	}
	for _, tt := range tests {
		name := tt.op + " " + strings.Join(tt.policy, ",") + " vs " + strings.Join(tt.req, ",")
		if tt.req == nil {
			name += "(missing)"
		}
		t.Run(name, func(t *testing.T) {
			pol := mustParse(t, condPolicy(tt.op, k, tt.policy...))
			var c Context
			c.Set("TEST:key", tt.req...)
			assert.Equal(t, tt.want, pol.Statements[0].ConditionsHold(&c))
		})
	}
}

func TestConditionBlocks(t *testing.T) {
	pol := mustParse(t, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{
		"StringEquals":{"aws:SourceAccount":"111111111111","aws:PrincipalTag/team":["blue","green"]},
		"ArnLike":{"aws:SourceArn":"arn:aws:s3:::uploads"}}}}`)
	s := &pol.Statements[0]
	tests := []struct {
		name string
		c    Context
		want bool
	}{
		{"all keys match (AND of operators and keys, OR of values)", ctx("aws:sourceaccount", "111111111111", "AWS:PRINCIPALTAG/TEAM", "green", "aws:SourceArn", "arn:aws:s3:::uploads"), true},
		{"one key mismatched", ctx("aws:SourceAccount", "222222222222", "aws:PrincipalTag/team", "green", "aws:SourceArn", "arn:aws:s3:::uploads"), false},
		{"one key missing", ctx("aws:SourceAccount", "111111111111", "aws:SourceArn", "arn:aws:s3:::uploads"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, s.ConditionsHold(&tt.c))
		})
	}
	t.Run("failed condition is named", func(t *testing.T) {
		c := ctx("aws:SourceAccount", "111111111111", "aws:PrincipalTag/team", "blue")
		i := s.failedCondition(&c)
		require.GreaterOrEqual(t, i, 0)
		assert.Equal(t, "ArnLike aws:SourceArn", s.conds[i].desc)
	})
	t.Run("variables in condition values", func(t *testing.T) {
		p := mustParse(t, condPolicy("StringLike", "s3:prefix", "home/${aws:username}/*"))
		c := ctx("aws:username", "carlos", "s3:prefix", "home/carlos/docs")
		assert.True(t, p.Statements[0].ConditionsHold(&c))
		c = ctx("aws:username", "maria", "s3:prefix", "home/carlos/docs")
		assert.False(t, p.Statements[0].ConditionsHold(&c))
	})
}

func TestContext(t *testing.T) {
	var c Context
	c.Set("AWS:SourceArn", "a")
	c.Add("aws:sourcearn", "b")
	c.Set("aws:Empty")
	vals, ok := c.Get("aws:SOURCEARN")
	assert.True(t, ok)
	assert.Equal(t, []string{"a", "b"}, vals)
	_, ok = c.Get("aws:Empty")
	assert.False(t, ok, "a key without values is absent")
	assert.Equal(t, []string{"aws:sourcearn"}, c.Keys())
	c.Set("aws:SourceArn", "c")
	vals, _ = c.Get("aws:sourceArn")
	assert.Equal(t, []string{"c"}, vals)
}
