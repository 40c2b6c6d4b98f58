// Command archway serves the Archway editor and offers the command-line verbs
// that check, draw and import architecture designs.
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes shared by every verb.
const (
	exitOK       = 0 // success; for validate: no error finding
	exitFindings = 1 // validate: at least one finding of severity error
	exitProblems = 2 // bad input: usage, unreadable file, problems in a document
)

const usage = `archway: draw AWS network and serverless designs and check every arrow.

Usage:
  archway serve    [--addr :8080] [--db ./data/archway.db]   serve the editor and the HTTP API
  archway validate [--json] FILE...                          check designs ("-" reads stdin)
  archway render   FILE -o OUT.svg|OUT.png [options]          draw a design
  archway import   TEMPLATE.yaml|.json [-o design.json]       turn a CloudFormation/SAM template into a design
  archway iam eval                                            evaluate IAM requests given as JSON Lines on stdin

Run "archway VERB --help" for a verb's options.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches to a verb and returns the process exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitProblems
	}
	verbs := map[string]func([]string, io.Reader, io.Writer, io.Writer) int{
		"serve":    runServe,
		"validate": runValidate,
		"render":   runRender,
		"import":   runImport,
		"iam":      runIAM,
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	verb, ok := verbs[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "archway: unknown verb %q\n\n%s", args[0], usage)
		return exitProblems
	}
	return verb(args[1:], stdin, stdout, stderr)
}
