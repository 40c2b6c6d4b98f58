package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"archway/cfn"
	"archway/model"
)

const importUsage = `Usage: archway import TEMPLATE.yaml|TEMPLATE.json [-o design.json] [--param Key=Value ...]

Turns a CloudFormation or SAM template ("-" reads standard input) into an
archway/v1 design. The design goes to -o, or standard output; the import
report (counts, inferred arrows, skipped resources, placeholders) goes to
standard error.

Options:
  -o, --output FILE     write the design to FILE
  --param Key=Value     a parameter value (repeat for several); AWS::AccountId,
                        AWS::Region and AWS::StackName set the pseudo parameters
                        (defaults 111111111111, us-east-1, "stack")

Values nobody knows before deployment (a parameter without a value,
Fn::ImportValue) become placeholders such as {{param:Name}}, listed in the
report. Then "archway validate" checks the design's arrows.

Exit status: 0 imported, 2 bad usage or a template that cannot be imported
(the message names the template path, such as Resources.Fn.Properties.Role).
`

// runImport implements "archway import".
func runImport(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var file, output string
	params := map[string]string{}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "archway import: "+format+"\n", a...)
		return exitProblems
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		value := func() (string, bool) {
			if _, v, ok := strings.Cut(a, "="); ok {
				return v, true
			}
			if i+1 < len(args) {
				i++
				return args[i], true
			}
			return "", false
		}
		switch name, _, _ := strings.Cut(a, "="); name {
		case "-h", "--help", "-help":
			fmt.Fprint(stdout, importUsage)
			return exitOK
		case "-o", "--output", "-output":
			v, ok := value()
			if !ok || v == "" {
				return fail("%s needs a file name\n\n%s", name, importUsage)
			}
			output = v
		case "--param", "-param":
			v, ok := value()
			key, val, hasEq := strings.Cut(v, "=")
			if !ok || !hasEq || key == "" {
				return fail("--param needs Key=Value, not %q\n\n%s", v, importUsage)
			}
			params[key] = val
		default:
			if strings.HasPrefix(a, "-") && a != "-" {
				return fail("unknown flag %s\n\n%s", a, importUsage)
			}
			if file != "" {
				return fail("import one template at a time (got %s and %s)", file, a)
			}
			file = a
		}
	}
	if file == "" {
		return fail("name a template file (\"-\" for standard input)\n\n%s", importUsage)
	}
	data, err := readInput(file, stdin)
	if err != nil {
		return fail("%s: %v", file, err)
	}
	d, rep, err := cfn.Import(data, params)
	if err != nil {
		return fail("%s: %v", file, err)
	}
	out := model.Encode(d)
	if output == "" {
		stdout.Write(out)
	} else if err := os.WriteFile(output, out, 0o644); err != nil {
		return fail("cannot write %s: %v", output, unwrapPathError(err))
	}
	fmt.Fprintf(stderr, "%s: ", file)
	rep.WriteText(stderr)
	return exitOK
}
