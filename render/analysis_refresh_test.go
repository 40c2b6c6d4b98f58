//go:build refresh

package render

import (
	"archway/model"
	"archway/model/analyze"
)

// With -tags refresh, -update also rewrites the analysis snapshots from the
// engines. Without the tag the renderer's tests do not build the engines.
const canRefresh = true

func freshAnalysis(d *model.Design) *model.Analysis { return analyze.Analyze(d) }
