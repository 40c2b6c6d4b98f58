package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"archway/model"
	"archway/model/analyze"
)

const validateUsage = `Usage: archway validate [--json] FILE...

Checks each design document ("-" reads standard input) and prints its problems
or its analysis. With --json it prints the analysis object of the format
(one line per file when several are given).

Checks:
  document   format, fields and their types, ids, references, CIDRs, overlapping
             subnets, main route tables, limits (2 MiB, 5,000 nodes, 10,000 edges)
  network    per arrow and per subnet: DNS, security groups, routes, gateways,
             NAT, VPC endpoints, network ACLs both ways (rules R1-R38, R63-R67)
  permission per arrow: identity policies, boundaries, resource policies,
             endpoint policies, Lambda's execution role, trust, logs, X-Ray,
             invocations and function URLs (rules R39-R62)

Exit status: 0 no error findings, 1 an error finding, 2 problems or bad usage.
`

// runValidate implements "archway validate".
func runValidate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	asJSON := false
	var files []string
	for _, a := range args {
		switch a {
		case "--json", "-json":
			asJSON = true
		case "-h", "--help", "-help":
			fmt.Fprint(stdout, validateUsage)
			return exitOK
		default:
			if strings.HasPrefix(a, "-") && a != "-" {
				fmt.Fprintf(stderr, "archway validate: unknown flag %s\n\n%s", a, validateUsage)
				return exitProblems
			}
			files = append(files, a)
		}
	}
	if len(files) == 0 {
		fmt.Fprint(stderr, "archway validate: name at least one file (\"-\" for standard input)\n\n"+validateUsage)
		return exitProblems
	}
	code := exitOK
	for _, name := range files {
		data, err := readInput(name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			code = exitProblems
			continue
		}
		_, a := analyze.Validate(data)
		if asJSON {
			out, _ := json.Marshal(a)
			fmt.Fprintf(stdout, "%s\n", out)
		} else {
			printAnalysis(stdout, name, a)
		}
		code = max(code, exitCode(a))
	}
	return code
}

// readInput reads a named file, or standard input for "-".
func readInput(name string, stdin io.Reader) ([]byte, error) {
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("cannot read: %w", unwrapPathError(err))
		}
		defer f.Close()
		r = f
	}
	// Read one byte past the limit so an oversized document is reported as such.
	data, err := io.ReadAll(io.LimitReader(r, model.MaxDocumentBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPathError(err))
	}
	return data, nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// exitCode is 2 for problems, 1 for an error finding, 0 otherwise.
func exitCode(a *model.Analysis) int {
	if len(a.Problems) > 0 {
		return exitProblems
	}
	for _, f := range a.Findings {
		if f.Severity == model.SeverityError {
			return exitFindings
		}
	}
	return exitOK
}

// printAnalysis writes the short human form: a summary line, then one line
// per problem, failing arrow and finding.
func printAnalysis(w io.Writer, name string, a *model.Analysis) {
	if len(a.Problems) > 0 {
		printProblems(w, name, a.Problems, "the design was not analysed")
		return
	}
	counts := map[model.Verdict]int{}
	for _, e := range a.Edges {
		counts[e.Verdict]++
	}
	severities := map[string]int{}
	for _, f := range a.Findings {
		severities[f.Severity]++
	}
	fmt.Fprintf(w, "%s: %d arrow%s: %d allowed, %d blocked, %d partial; %d error%s, %d warning%s, %d info\n",
		name, len(a.Edges), plural(len(a.Edges)), counts[model.Allowed], counts[model.Blocked], counts[model.Partial],
		severities[model.SeverityError], plural(severities[model.SeverityError]),
		severities[model.SeverityWarning], plural(severities[model.SeverityWarning]), severities[model.SeverityInfo])
	for _, e := range a.Edges {
		if e.Verdict == model.Allowed {
			continue
		}
		where := ""
		if e.Network.BlockedAt != nil {
			where = " at " + *e.Network.BlockedAt
		}
		if dec := e.Permission.Decision; dec != nil && *dec != model.DecisionAllowed {
			where += " (" + string(*dec) + ")"
		}
		fmt.Fprintf(w, "  %-8s %s%s\n", e.Verdict, e.ID, where)
	}
	for _, f := range a.Findings {
		about := strings.Join(append(append([]string{}, f.Edges...), f.Nodes...), ", ")
		fmt.Fprintf(w, "  %-8s %s [%s] %s\n", f.Severity, f.Code, about, f.Message)
	}
}

// printProblems writes a summary line ending in outcome, what became of the
// document, then one line per problem.
func printProblems(w io.Writer, name string, ps []model.Problem, outcome string) {
	fmt.Fprintf(w, "%s: %d problem%s; %s\n", name, len(ps), plural(len(ps)), outcome)
	for _, p := range ps {
		fmt.Fprintf(w, "  problem  %s\n", p)
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
