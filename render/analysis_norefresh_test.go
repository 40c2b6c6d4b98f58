//go:build !refresh

package render

import "archway/model"

// canRefresh is false without -tags refresh: -update then rewrites the
// goldens from the analysis snapshots as they are.
const canRefresh = false

func freshAnalysis(*model.Design) *model.Analysis { return nil }
