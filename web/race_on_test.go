//go:build race

package web

// raceEnabled reports a -race build, where timings say nothing about the
// product: the race detector slows Go code several times over.
const raceEnabled = true
