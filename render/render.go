// Package render draws a design, with the verdicts of its analysis, as SVG
// for the editor and for export, and as PNG.
//
// Both outputs come from one scene: shapes, paths and text runs in absolute
// diagram coordinates, laid out once. The SVG writer emits it with ids and
// data attributes for the editor; the rasterizer fills the same outlines
// (x/image/vector, rasterx for strokes and dashes, sfnt glyph outlines of
// the embedded Go fonts), so the PNG matches what a browser shows.
//
// The API:
//
//	Layout(d) *model.Design       positions for every node drawn as a box
//	Route(d) *model.Design        those positions and every arrow's route
//	RouteSVG(d, a, o)             Route(d) and its SVG, routed once for both
//	SVG(d, a, o) ([]byte, error)  the diagram as SVG
//	PNG(d, a, o) ([]byte, error)  the diagram as PNG
//	FontFamily, FontRegular, FontBold  the fonts, for a page showing live SVG
//
// a may be nil: the diagram is then drawn without verdicts. The SVG for the
// editor (Standalone false) names its font family and relies on the page
// to declare it with @font-face from FontRegular and FontBold; exported
// files (Standalone true) embed the glyphs they use.
//
// Every node is a <g> with data-node-id, data-type, role="img", <title>
// (its full label) and <desc>; every edge a <g> with data-edge-id,
// data-verdict (allowed, blocked, partial, unchecked, unknown), data-from
// and data-to. Element ids are namespaced per diagram (Options.ID, or a
// hash of the design). Route tables, security groups and network ACLs are
// chips: groups with data-node-id but no id, as one may appear several
// times.
//
// Layout puts VPCs in the middle with Availability Zones as columns and
// subnets in rows (public, then private, then isolated), the internet
// gateway on the VPC's top border and gateway endpoints on its right
// border; a resource with interfaces in several subnets is drawn in the
// first and marked in the others. Functions outside VPCs stand left of the
// VPCs with their roles beside them; services that trigger functions stand
// left, services that are called right, and external accounts and
// internet hosts outside the AWS cloud frame. Positions the document gives
// are kept; the rest is filled in without overlapping them.
package render

import (
	"math"

	"archway/model"
)

// Options control how a diagram is drawn. The zero value draws the light
// theme at scale 1 without callouts or legend.
type Options struct {
	// Annotations adds numbered callouts on failing edges and on nodes with
	// findings, and the findings legend beside the diagram.
	Annotations bool
	// Select highlights one edge by id: its path's hops are numbered and
	// outlined, the blocking node outlined in red, other edges dimmed.
	Select string
	// Theme is "light" (default) or "dark".
	Theme string
	// Scale multiplies the output size (default 1). PNGs are scaled down
	// if a side would exceed 8,000 pixels.
	Scale float64
	// Transparent leaves the background unpainted.
	Transparent bool
	// Padding around the drawing, in diagram units; 0 means the default
	// (24), a negative value none.
	Padding float64
	// Standalone embeds subsets of the fonts, for files that leave the app.
	Standalone bool
	// ID is the prefix of every element id; default: derived from the
	// design. Only letters, digits and '-' are kept.
	ID string
}

// Route returns a copy of d in which every node is positioned as Layout
// positions it and every drawn edge carries its route, and every function
// drawn with its role the route of the dotted line from the role: a stored
// route that still fits the drawing is kept as it is, the others are
// routed. Drawing the result draws each arrow and role link along its
// stored route, without routing, and routing the result again changes
// nothing. After a node moves, routing again changes only the routes that
// no longer fit: those of the node's edges and role link and those now
// running through it. A stored route running through something is
// replaced only by a clear straight, one- or two-bend route, and is kept
// when there is none (the router could not clear it either). Edges and
// role links that are not drawn (a repeated id, an end that is not drawn)
// keep what they had. d is not modified.
func Route(d *model.Design) *model.Design {
	out, g := layoutRouted(d)
	dr, err := drawerFor(g, out, nil, &lightTheme, Options{})
	if err != nil {
		panic("render: " + err.Error()) // only the options can fail, and these are the defaults
	}
	dr.drawShapes()
	dr.routeAll()
	return dr.routed(d, out)
}

// RouteSVG returns what Route(d) and SVG(Route(d), a, o) return, laying
// the design out and routing its arrows once for both: for an editor that
// stores the routes of what it draws. It fails as SVG does, returning
// neither.
func RouteSVG(d *model.Design, a *model.Analysis, o Options) (*model.Design, []byte, error) {
	scale, err := checkScale(o.Scale)
	if err != nil {
		return nil, nil, err
	}
	if d == nil {
		return nil, nil, errNoDesign
	}
	if o.Annotations && a != nil {
		// callouts widen the container labels routes keep off: the routes
		// drawn then are not the ones Route stores
		r := Route(d)
		svg, err := SVG(r, a, o)
		if err != nil {
			return nil, nil, err
		}
		return r, svg, nil
	}
	th, err := themeOf(o)
	if err != nil {
		return nil, nil, err
	}
	out, g := layoutRouted(d)
	dr, err := drawerFor(g, out, a, th, o)
	if err != nil {
		return nil, nil, err
	}
	dr.draw()
	return dr.routed(d, out), writeSVG(dr.c.s, scale), nil
}

// routed completes out, d laid out, as Route returns it, from the routes
// dr drew out with.
func (dr *drawer) routed(d, out *model.Design) *model.Design {
	out.Edges = make([]*model.Edge, len(d.Edges))
	k := 0 // e's position in the edges dr drew, which are d's without the nil ones
	for i, e := range d.Edges {
		if e == nil {
			continue
		}
		c := *e
		if pts := dr.routes[k]; pts != nil && !dr.kept[k] {
			c.Route = points(pts)
		}
		k++
		out.Edges[i] = &c
	}
	// Layout copied the nodes: the drawn functions' copies take their
	// links. A geometry of d itself (layoutRouted) finds them by position.
	for _, l := range dr.roleLinks {
		n := dr.g.ix.Nodes[l.fn]
		if dr.g.ix.Design == d && n != nil {
			n = out.Nodes[dr.g.ix.Pos[l.fn]]
		}
		if n != nil && !l.kept && len(l.pts) >= 2 {
			n.RoleRoute = points(l.pts)
		}
	}
	return out
}

// points converts a route to the document's points.
func points(pts []pt) []model.Point {
	out := make([]model.Point, len(pts))
	for j, p := range pts {
		out[j] = model.Point{p.X, p.Y}
	}
	return out
}

// SVG draws the design. It fails for an unknown theme, a scale that is not
// positive and finite, or a selected edge the design does not have.
func SVG(d *model.Design, a *model.Analysis, o Options) ([]byte, error) {
	scale, err := checkScale(o.Scale)
	if err != nil {
		return nil, err
	}
	s, err := build(d, a, o)
	if err != nil {
		return nil, err
	}
	return writeSVG(s, scale), nil
}

// PNG draws the design as a PNG image. It fails as SVG does.
func PNG(d *model.Design, a *model.Analysis, o Options) ([]byte, error) {
	scale, err := checkScale(o.Scale)
	if err != nil {
		return nil, err
	}
	s, err := build(d, a, o)
	if err != nil {
		return nil, err
	}
	img, err := rasterize(s, scale)
	if err != nil {
		return nil, err
	}
	return encodePNG(img), nil
}

func checkScale(s float64) (float64, error) {
	switch {
	case s == 0:
		return 1, nil
	case s < 0 || math.IsNaN(s) || math.IsInf(s, 0) || s > 100:
		return 0, errScale(s)
	}
	return s, nil
}
