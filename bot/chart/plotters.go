package chart

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// grid draws light horizontal lines at the y axis's labelled ticks.
type grid struct{}

func (grid) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	sty := draw.LineStyle{Color: colGrid, Width: px(1)}
	for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if t.Label != "" {
			y := trY(t.Value)
			c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
		}
	}
}

// band shades the period at x: a suppressed figure.
type band struct{ x float64 }

func (b band) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	l, r := trX(b.x-0.5), trX(b.x+0.5)
	c.FillPolygon(colSuppress, []vg.Point{{X: l, Y: c.Min.Y}, {X: r, Y: c.Min.Y}, {X: r, Y: c.Max.Y}, {X: l, Y: c.Max.Y}})
}

// refLine is a horizontal line across the plot at y — a target or a
// baseline — labelled at its right end (at its left when left is set, so
// two close lines' labels do not overlap).
type refLine struct {
	y     float64
	label string
	style draw.LineStyle
	left  bool
	scale float64
}

func (r refLine) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(r.y)
	c.StrokeLine2(r.style, c.Min.X, y, c.Max.X, y)
	sty := textStyle(12*r.scale, r.style.Color)
	sty.YAlign = text.YBottom
	at := vg.Point{X: c.Max.X - px(4), Y: y + px(3)}
	sty.XAlign = text.XRight
	if r.left {
		at.X, sty.XAlign = c.Min.X+px(4), text.XLeft
	}
	c.FillText(sty, at, r.label)
}

// vLine is a vertical line at x, labelled at its top: where the
// definition changed.
type vLine struct {
	x     float64
	label string
	style draw.LineStyle
	scale float64
}

func (v vLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.x)
	c.StrokeLine2(v.style, x, c.Min.Y, x, c.Max.Y)
	sty := textStyle(11*v.scale, v.style.Color)
	sty.XAlign, sty.YAlign = text.XLeft, text.YTop
	c.FillText(sty, vg.Point{X: x + px(4), Y: c.Max.Y - px(2)}, v.label)
}

// series is a line through the values (x = index), broken where a value
// is NaN, with a glyph on every point.
type series struct {
	ys    []float64
	line  draw.LineStyle
	glyph draw.GlyphStyle
}

func (s series) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var run []vg.Point
	flush := func() {
		if len(run) > 1 {
			c.StrokeLines(s.line, run)
		}
		run = nil
	}
	for i, y := range s.ys {
		if math.IsNaN(y) {
			flush()
			continue
		}
		run = append(run, vg.Point{X: trX(float64(i)), Y: trY(y)})
	}
	flush()
	for i, y := range s.ys {
		if !math.IsNaN(y) {
			c.DrawGlyph(s.glyph, vg.Point{X: trX(float64(i)), Y: trY(y)})
		}
	}
}

// glyphStyle is the i-th glyph shape in col.
func glyphStyle(i int, col color.Color, scale float64) draw.GlyphStyle {
	return draw.GlyphStyle{Color: col, Radius: px(4 * scale), Shape: segmentGlyphs[i%len(segmentGlyphs)]}
}
