package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"archway/model/analyze"
	"archway/render"
)

const renderUsage = `Usage: archway render FILE -o OUT.svg|OUT.png [options]

Draws a design document ("-" reads standard input) with the verdicts of its
analysis: arrows marked allowed, blocked or partial, numbered callouts and a
findings legend. The output format follows the extension of OUT; SVG files
embed the glyphs of the fonts they use, so they look the same anywhere.

Options:
  -o FILE            where to write the picture (.svg or .png); required
  --scale N          size multiplier (default 1; PNGs stay within 8,000 px a side)
  --no-annotations   leave out the callouts and the findings legend
  --select EDGE      highlight one arrow: every hop of its path, the blocking node
  --theme dark       dark background (default light)
  --transparent      no background
  --padding N        space around the drawing, in diagram units (default 24)

Exit status: 0 the picture was written, 2 bad usage, an unreadable file or a
document with problems (which are printed with their paths).
`

// runRender implements "archway render".
func runRender(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("o", "", "")
	scale := fs.Float64("scale", 1, "")
	noAnnotations := fs.Bool("no-annotations", false, "")
	sel := fs.String("select", "", "")
	theme := fs.String("theme", "light", "")
	transparent := fs.Bool("transparent", false, "")
	padding := fs.Float64("padding", 0, "")
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "archway render: "+format+"\n\n%s", append(a, renderUsage)...)
		return exitProblems
	}

	// flags may come before or after the file
	var files []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, renderUsage)
				return exitOK
			}
			return usageErr("%v", err)
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	switch {
	case len(files) != 1:
		return usageErr("name one design file (\"-\" for standard input)")
	case *out == "":
		return usageErr("name the output with -o OUT.svg or -o OUT.png")
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if ext != ".svg" && ext != ".png" {
		return usageErr("%s: the output must end in .svg or .png", *out)
	}

	name := files[0]
	data, err := readInput(name, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return exitProblems
	}
	d, a := analyze.Validate(data)
	if len(a.Problems) > 0 {
		printProblems(stderr, name, a.Problems, "nothing was drawn")
		return exitProblems
	}
	o := render.Options{
		Annotations: !*noAnnotations,
		Select:      *sel,
		Theme:       *theme,
		Scale:       *scale,
		Transparent: *transparent,
		Padding:     *padding,
		Standalone:  true,
	}
	var pic []byte
	if ext == ".svg" {
		pic, err = render.SVG(d, a, o)
	} else {
		pic, err = render.PNG(d, a, o)
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, strings.TrimPrefix(err.Error(), "render: "))
		return exitProblems
	}
	if err := os.WriteFile(*out, pic, 0o644); err != nil {
		fmt.Fprintf(stderr, "%s: cannot write: %v\n", *out, unwrapPathError(err))
		return exitProblems
	}
	fmt.Fprintf(stdout, "%s: wrote %s (%d bytes)\n", name, *out, len(pic))
	return exitOK
}
