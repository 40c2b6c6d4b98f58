package main

import (
	"fmt"
	"io"
)

// runRender is replaced by the issue that builds this verb.
func runRender(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "archway: this verb is not built yet")
	return exitProblems
}
