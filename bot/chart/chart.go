// Package chart draws indicators as line charts — an indicator's trend
// against its baseline and target, its figures by segment, and a grid of
// trends for the digest — in PNG for Slack and SVG for the web, with
// gonum.org/v1/plot and the TrueType fonts it embeds.
package chart

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot/vg/draw"
)

// Point is one period on the chart.
type Point struct {
	Label string
	// Value is the period's figure; NaN when it has none (a gap).
	Value float64
	// Suppressed marks a period whose figure the viewer may not see: a gap
	// that is shaded and named in a note, unlike a period nobody reported.
	Suppressed bool
}

// Line is a line chart of an indicator's figures.
type Line struct {
	// Title is drawn above the chart; none when empty.
	Title  string
	Points []Point
	// Target and Baseline, when set, are drawn as horizontal lines.
	Target, Baseline *float64
	// ChangedAt is the index of the first point reported under a newer
	// definition, marked with a vertical line; 0 or less for none.
	ChangedAt int
	// Format writes the values on the y axis; default: up to two decimals.
	Format func(float64) string
	// Width and Height in pixels; default 800×400.
	Width, Height int
}

// ErrEmpty is returned for a chart with nothing to draw.
var ErrEmpty = errors.New("chart: no values and no target to draw")

// PNG draws the chart as a PNG image.
func (l Line) PNG() ([]byte, error) {
	fig, err := l.figure()
	if err != nil {
		return nil, err
	}
	return fig.png()
}

// SVG draws the chart as an SVG document.
func (l Line) SVG() ([]byte, error) {
	fig, err := l.figure()
	if err != nil {
		return nil, err
	}
	return fig.svg()
}

func (l Line) figure() (figure, error) {
	l.defaults()
	if _, _, ok := l.span(); !ok || len(l.Points) == 0 {
		return figure{}, ErrEmpty
	}
	return figure{w: l.Width, h: l.Height, draw: func(c draw.Canvas) { l.draw(c, 1) }}, nil
}

func (l *Line) defaults() {
	if l.Width <= 0 || l.Height <= 0 {
		l.Width, l.Height = 800, 400
	}
	if l.Format == nil {
		l.Format = plain
	}
	l.trim()
}

// plain writes v with up to two decimals.
func plain(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// trim drops the periods before the first one with a figure (or a
// suppressed one), so the x axis spans the data: a quarterly indicator first
// reported in 2025-Q4 starts there, not eleven quarters earlier.
func (l *Line) trim() {
	first := 0
	for first < len(l.Points)-1 && math.IsNaN(l.Points[first].Value) && !l.Points[first].Suppressed {
		first++
	}
	if first == 0 {
		return
	}
	l.Points = l.Points[first:]
	l.ChangedAt -= first
}

// span is the range of every value to draw; false when there is none.
func (l Line) span() (lo, hi float64, ok bool) {
	values := make([]float64, 0, len(l.Points)+2)
	for _, p := range l.Points {
		values = append(values, p.Value)
	}
	for _, ref := range []*float64{l.Target, l.Baseline} {
		if ref != nil {
			values = append(values, *ref)
		}
	}
	return spanOf(values)
}

// spanOf is the range of the finite values; false when there is none.
func spanOf(values []float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	return lo, hi, lo <= hi
}

// notes are the lines under the chart: what the gaps are.
func (l Line) notes() []string {
	var hidden []string
	for _, p := range l.Points {
		if p.Suppressed {
			hidden = append(hidden, p.Label)
		}
	}
	if len(hidden) == 0 {
		return nil
	}
	return []string{"Shaded, no point: " + strings.Join(hidden, ", ") + " (suppressed: too few to show safely)."}
}

// draw draws the chart, its title and its legend in c.
func (l Line) draw(c draw.Canvas, scale float64) {
	p := newPlot(scale)
	xAxis(p, labels(l.Points), c, scale)
	lo, hi, _ := l.span()
	yAxis(p, lo, hi, l.Format)
	var keys []legendKey
	for i, pt := range l.Points {
		if pt.Suppressed {
			p.Add(band{x: float64(i)})
		}
	}
	p.Add(grid{})
	if l.Baseline != nil {
		p.Add(refLine{y: *l.Baseline, label: "Baseline " + l.Format(*l.Baseline), style: styleBaseline, left: true, scale: scale})
		keys = append(keys, legendKey{name: "Baseline", line: styleBaseline})
	}
	if l.Target != nil {
		p.Add(refLine{y: *l.Target, label: "Target " + l.Format(*l.Target), style: styleTarget, scale: scale})
		keys = append(keys, legendKey{name: "Target", line: styleTarget})
	}
	if l.ChangedAt > 0 && l.ChangedAt < len(l.Points) {
		p.Add(vLine{x: float64(l.ChangedAt) - 0.5, label: "New definition", style: styleMarker, scale: scale})
		keys = append(keys, legendKey{name: "Definition changed", line: styleMarker})
	}
	p.Add(series{ys: values(l.Points), line: styleSeries, glyph: glyphStyle(0, colSeries, scale)})
	keys = append([]legendKey{{name: "Figure", line: styleSeries, glyph: glyphStyle(0, colSeries, scale)}}, keys...)
	frame{title: l.Title, keys: keys, notes: l.notes(), scale: scale}.draw(c, p)
}

func labels(points []Point) []string {
	out := make([]string, len(points))
	for i, p := range points {
		out[i] = p.Label
	}
	return out
}

func values(points []Point) []float64 {
	out := make([]float64, len(points))
	for i, p := range points {
		out[i] = p.Value
	}
	return out
}

// SparkSVG draws only the line and the target, w×h pixels, for a table
// cell; no axes, no text.
func (l Line) SparkSVG(w, h int) ([]byte, error) {
	l.Width, l.Height, l.Title = w, h, ""
	l.defaults()
	lo, hi, ok := l.span()
	if !ok || len(l.Points) == 0 {
		return nil, ErrEmpty
	}
	fig := figure{w: w, h: h, draw: func(c draw.Canvas) {
		p := newPlot(1)
		p.HideAxes()
		p.X.Min, p.X.Max = -0.5, float64(len(l.Points))-0.5
		p.Y.Min, p.Y.Max = padRange(lo, hi)
		if l.Target != nil {
			p.Add(refLine{y: *l.Target, style: draw.LineStyle{Color: colTarget, Width: px(1.5), Dashes: styleTarget.Dashes}, scale: 1})
		}
		p.Add(series{ys: values(l.Points), line: draw.LineStyle{Color: colSeries, Width: px(2)},
			glyph: draw.GlyphStyle{Color: colSeries, Radius: px(2), Shape: draw.CircleGlyph{}}})
		p.Draw(draw.Crop(c, px(3), -px(3), px(3), -px(3)))
	}}
	return fig.svg()
}
