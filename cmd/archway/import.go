package main

import (
	"fmt"
	"io"
)

// runImport is replaced by the issue that builds this verb.
func runImport(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "archway: this verb is not built yet")
	return exitProblems
}
