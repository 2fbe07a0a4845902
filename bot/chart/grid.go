package chart

import (
	"fmt"

	"gonum.org/v1/plot/vg/draw"
)

// Panel is one line chart of a Grid, under its title.
type Panel struct {
	Title string
	Line  Line
}

// Grid draws several line charts side by side ("small multiples"), two to
// a row, so one image shows every indicator with its own scale and target.
type Grid struct {
	Panels []Panel
}

// MaxPanels is the most panels a Grid draws: past it each chart gets too
// small to read within the image's size cap.
const MaxPanels = 8

// The grid's geometry in pixels. Slack scales big images down in the
// thread, so the whole image stays within 1600×1200 whatever the number of
// panels.
const (
	gridMargin     = 16
	gridCellWidth  = 776
	gridMaxHeight  = 1200
	gridCellHeight = 420 // a panel's height when there is room
	gridScale      = 0.9 // the panels' text, a little smaller
)

// ErrTooMany is returned for a grid with more than MaxPanels panels.
var ErrTooMany = fmt.Errorf("chart: more than %d panels", MaxPanels)

// PNG draws the grid as a PNG image.
func (g Grid) PNG() ([]byte, error) {
	fig, err := g.figure()
	if err != nil {
		return nil, err
	}
	return fig.png()
}

// SVG draws the grid as an SVG document.
func (g Grid) SVG() ([]byte, error) {
	fig, err := g.figure()
	if err != nil {
		return nil, err
	}
	return fig.svg()
}

func (g Grid) figure() (figure, error) {
	if len(g.Panels) == 0 {
		return figure{}, ErrEmpty
	}
	if len(g.Panels) > MaxPanels {
		return figure{}, ErrTooMany
	}
	lines := make([]Line, len(g.Panels))
	for i, p := range g.Panels {
		l := p.Line
		l.Title = p.Title
		l.defaults()
		if _, _, ok := l.span(); !ok || len(l.Points) == 0 {
			return figure{}, fmt.Errorf("panel %q: %w", p.Title, ErrEmpty)
		}
		lines[i] = l
	}
	cols, rows, w, h := g.size()
	tiles := draw.Tiles{Cols: cols, Rows: rows, PadX: px(gridMargin), PadY: px(gridMargin),
		PadTop: px(gridMargin), PadBottom: px(gridMargin), PadLeft: px(gridMargin), PadRight: px(gridMargin)}
	return figure{w: w, h: h, draw: func(c draw.Canvas) {
		for i, l := range lines {
			l.draw(tiles.At(c, i%cols, i/cols), gridScale)
		}
	}}, nil
}

// size is the grid's columns and rows and the image's size in pixels.
func (g Grid) size() (cols, rows, w, h int) {
	n := len(g.Panels)
	cols = min(n, 2)
	rows = (n + cols - 1) / cols
	cell := min(gridCellHeight, (gridMaxHeight-gridMargin)/rows-gridMargin)
	return cols, rows, gridMargin + cols*(gridCellWidth+gridMargin), gridMargin + rows*(cell+gridMargin)
}
