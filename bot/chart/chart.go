// Package chart draws an indicator's trend as a PNG line chart — axes with
// labelled ticks, the figure of each period as a point, the target as a
// dashed line, and a marker where the definition changed — with the
// standard library only (labels use a small built-in bitmap font).
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
)

// Point is one period on the chart.
type Point struct {
	Label string
	// Value is the period's figure; NaN when it has none (a gap).
	Value float64
}

// Line is a line chart of an indicator's figures.
type Line struct {
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

// Colors of the chart.
var (
	colBackground = color.RGBA{255, 255, 255, 255}
	colGrid       = color.RGBA{229, 231, 235, 255}
	colAxis       = color.RGBA{55, 65, 81, 255}
	colSeries     = color.RGBA{37, 99, 235, 255}
	colTarget     = color.RGBA{22, 163, 74, 255}
	colBaseline   = color.RGBA{156, 163, 175, 255}
	colMarker     = color.RGBA{245, 158, 11, 255}
)

// ErrEmpty is returned for a chart with nothing to draw.
var ErrEmpty = errors.New("chart: no values and no target to draw")

// layout is where things go on the canvas.
type layout struct {
	left, right, top, bottom int
	lo, hi, step             float64
	n                        int
}

func (ly layout) x(i int) int {
	if ly.n == 1 {
		return (ly.left + ly.right) / 2
	}
	const pad = 24
	return ly.left + pad + i*(ly.right-ly.left-2*pad)/(ly.n-1)
}

func (ly layout) y(v float64) int {
	return ly.bottom - int(math.Round((v-ly.lo)/(ly.hi-ly.lo)*float64(ly.bottom-ly.top)))
}

// PNG draws the chart.
func (l Line) PNG() ([]byte, error) {
	img, err := l.image()
	if err != nil {
		return nil, err
	}
	return encode(img)
}

// image draws the chart on a canvas of its own.
func (l Line) image() (*image.RGBA, error) {
	l.defaults()
	lo, hi, ok := l.span()
	if !ok || len(l.Points) == 0 {
		return nil, ErrEmpty
	}
	c := newCanvas(l.Width, l.Height)
	ly := l.layout(lo, hi)
	l.drawAxes(c, ly)
	l.drawReference(c, ly, l.Baseline, colBaseline, "BASELINE")
	l.drawReference(c, ly, l.Target, colTarget, "TARGET")
	l.drawMarker(c, ly)
	l.drawSeries(c, ly)
	return c.img, nil
}

func encode(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return buf.Bytes(), nil
}

func (l *Line) defaults() {
	if l.Width <= 0 || l.Height <= 0 {
		l.Width, l.Height = 800, 400
	}
	if l.Format == nil {
		l.Format = func(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }
	}
}

// span is the range of every value to draw; false when there is none.
func (l Line) span() (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	add := func(v float64) {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	for _, p := range l.Points {
		add(p.Value)
	}
	for _, ref := range []*float64{l.Target, l.Baseline} {
		if ref != nil {
			add(*ref)
		}
	}
	return lo, hi, lo <= hi
}

// layout rounds the range out to tick steps and places the plot area.
func (l Line) layout(lo, hi float64) layout {
	if hi-lo < 1e-9 {
		pad := math.Max(1, math.Abs(lo)*0.1)
		lo, hi = lo-pad, hi+pad
		if lo < 0 && hi-pad >= 0 {
			lo = 0
		}
	}
	// A little room above and below, so no point or line sits on an edge.
	room := (hi - lo) * 0.06
	if lo-room >= 0 || lo < 0 {
		lo -= room
	} else {
		lo = 0
	}
	hi += room
	step := niceStep(hi-lo, 4)
	ly := layout{lo: math.Floor(lo/step) * step, hi: math.Ceil(hi/step) * step, step: step, n: len(l.Points)}
	widest := 0
	for v := ly.lo; v <= ly.hi+step/2; v += step {
		widest = max(widest, textWidth(l.Format(v), 2))
	}
	ly.left, ly.right = 16+widest+10, l.Width-24
	ly.top, ly.bottom = 24, l.Height-40
	return ly
}

// niceStep is a round step (1, 2, 2.5 or 5 times a power of ten) that cuts
// span into about n parts.
func niceStep(span float64, n int) float64 {
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if raw <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

func (l Line) drawAxes(c canvas, ly layout) {
	for v := ly.lo; v <= ly.hi+ly.step/2; v += ly.step {
		y := ly.y(v)
		c.line(ly.left, y, ly.right, y, 1, colGrid)
		label := l.Format(v)
		c.text(ly.left-10-textWidth(label, 2), y-7, label, 2, colAxis)
	}
	c.line(ly.left, ly.top, ly.left, ly.bottom, 2, colAxis)
	c.line(ly.left, ly.bottom, ly.right, ly.bottom, 2, colAxis)
	every := labelEvery(l.Points, ly)
	for i, p := range l.Points {
		x := ly.x(i)
		c.line(x, ly.bottom, x, ly.bottom+5, 2, colAxis)
		if (len(l.Points)-1-i)%every == 0 {
			w := textWidth(p.Label, 2)
			c.text(min(x-w/2, l.Width-w-4), ly.bottom+12, p.Label, 2, colAxis)
		}
	}
}

// labelEvery is how many ticks apart x labels must be not to overlap; the
// newest period always has its label.
func labelEvery(points []Point, ly layout) int {
	widest := 0
	for _, p := range points {
		widest = max(widest, textWidth(p.Label, 2))
	}
	if len(points) < 2 {
		return 1
	}
	slot := float64(ly.x(1) - ly.x(0))
	return max(1, int(math.Ceil(float64(widest+28)/slot)))
}

func (l Line) drawReference(c canvas, ly layout, v *float64, col color.RGBA, name string) {
	if v == nil {
		return
	}
	y := ly.y(*v)
	c.dashedH(ly.left, ly.right, y, 2, 10, 6, col)
	label := name + " " + l.Format(*v)
	c.text(ly.right-textWidth(label, 2), y-18, label, 2, col)
}

func (l Line) drawMarker(c canvas, ly layout) {
	if l.ChangedAt <= 0 || l.ChangedAt >= len(l.Points) {
		return
	}
	x := (ly.x(l.ChangedAt-1) + ly.x(l.ChangedAt)) / 2
	c.dashedV(x, ly.top, ly.bottom, 2, 6, 6, colMarker)
	c.text(x+6, ly.bottom-14, "NEW DEFINITION", 1, colMarker)
}

func (l Line) drawSeries(c canvas, ly layout) {
	prev := -1
	for i, p := range l.Points {
		if math.IsNaN(p.Value) {
			prev = -1
			continue
		}
		if prev >= 0 {
			c.line(ly.x(prev), ly.y(l.Points[prev].Value), ly.x(i), ly.y(p.Value), 3, colSeries)
		}
		prev = i
	}
	for i, p := range l.Points {
		if !math.IsNaN(p.Value) {
			c.disc(ly.x(i), ly.y(p.Value), 6, colSeries)
			c.disc(ly.x(i), ly.y(p.Value), 3, colBackground)
		}
	}
}
