package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"archway/model/iam"
)

const iamUsage = `Usage: archway iam eval < cases.jsonl

Evaluates IAM requests, one JSON object per line on stdin:
  {"id", "principal": ARN or {"Service": "sns.amazonaws.com"}, "action", "resource",
   "resourceAccount", "context": {...}, "identityPolicies": [docs],
   "resourcePolicy": doc or null, "permissionBoundaries": [docs]}
and writes one line per case: {"id", "decision", "statements"}, or {"id", "error"}
when a case cannot be evaluated (the run goes on).
`

// runIAM runs "archway iam eval".
func runIAM(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprint(stdout, iamUsage)
		return exitOK
	}
	if len(args) != 1 || args[0] != "eval" {
		fmt.Fprint(stderr, iamUsage)
		return exitProblems
	}
	in := bufio.NewReader(stdin)
	out := bufio.NewWriter(stdout)
	for {
		line, err := in.ReadBytes('\n')
		if line = bytes.TrimSpace(line); len(line) > 0 {
			out.Write(iam.EvalCase(line))
			out.WriteByte('\n')
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			out.Flush()
			fmt.Fprintf(stderr, "archway iam eval: reading stdin: %v\n", err)
			return exitProblems
		}
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "archway iam eval: %v\n", err)
		return exitProblems
	}
	return exitOK
}
