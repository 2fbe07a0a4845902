package chart

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// dpi is the resolution of the PNGs: sizes are given in CSS pixels, so a
// Width of 800 is an 800-pixel image and an 800px-wide SVG.
const dpi = 96

// px is n CSS pixels as a vg length (1/72 inch).
func px(n float64) vg.Length { return vg.Length(n * 72 / dpi) }

// Colours from the Okabe–Ito palette, told apart by people with every common
// kind of colour blindness; each line also has its own dash pattern and
// label, so none is known by its colour alone.
var (
	colText      = color.RGBA{31, 41, 55, 255}
	colMuted     = color.RGBA{75, 85, 99, 255}
	colGrid      = color.RGBA{229, 231, 235, 255}
	colSeries    = color.RGBA{0, 114, 178, 255} // blue
	colTarget    = color.RGBA{213, 94, 0, 255}  // vermillion
	colBaseline  = color.RGBA{102, 102, 102, 255}
	colMarker    = color.RGBA{204, 121, 167, 255} // reddish purple
	colSuppress  = color.RGBA{238, 238, 238, 255}
	segmentColor = []color.RGBA{
		{0, 114, 178, 255}, {230, 159, 0, 255}, {0, 158, 115, 255}, {204, 121, 167, 255},
		{86, 180, 233, 255}, {213, 94, 0, 255}, {0, 0, 0, 255}, {240, 228, 66, 255},
	}
)

// Line styles: the target is long dashes, the baseline dots, a definition
// change short dashes.
var (
	styleSeries   = draw.LineStyle{Color: colSeries, Width: px(2.5)}
	styleTarget   = draw.LineStyle{Color: colTarget, Width: px(2), Dashes: []vg.Length{px(10), px(5)}}
	styleBaseline = draw.LineStyle{Color: colBaseline, Width: px(2.5), Dashes: []vg.Length{px(3), px(4)}}
	styleMarker   = draw.LineStyle{Color: colMarker, Width: px(2), Dashes: []vg.Length{px(5), px(3)}}
)

// segmentDashes are the segments' dash patterns, in turn with their
// colours and glyphs, so two segments differ in three ways.
var segmentDashes = [][]vg.Length{nil, {px(8), px(4)}, {px(2), px(3)}, {px(8), px(3), px(2), px(3)}}

var segmentGlyphs = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{},
	draw.RingGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, draw.PlusGlyph{},
}

// sans is Liberation Sans, the TrueType font gonum/plot embeds: it covers
// Latin (ñ, ó, ç…), Greek and Cyrillic, so names draw as typed.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// textStyle is sans at size points in col.
func textStyle(size float64, col color.Color) text.Style {
	return text.Style{Color: col, Font: font.From(sans, px(size)), Handler: plot.DefaultTextHandler}
}

// newPlot is a plot with the project's fonts and colours; frame draws
// the title and the footer around it.
func newPlot(fontScale float64) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle = textStyle(12*fontScale, colMuted)
		a.Tick.Label = textStyle(12*fontScale, colMuted)
		a.Tick.Label.XAlign, a.Tick.Label.YAlign = text.XCenter, text.YTop
		a.LineStyle.Color = colMuted
		a.Tick.LineStyle.Color = colMuted
	}
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = text.XRight, text.YCenter
	p.X.Padding, p.Y.Padding = 0, 0
	return p
}
