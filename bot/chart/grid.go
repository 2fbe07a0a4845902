package chart

import (
	"fmt"
	"image"
	"image/draw"
	"strings"
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

// The grid's geometry. Slack scales big images down in the thread, so the
// whole image stays within 1600×1200 whatever the number of panels.
const (
	gridMargin     = 16
	gridTitle      = 32 // the band above each chart holding its title
	gridCellWidth  = 776
	gridMaxHeight  = 1200
	gridCellHeight = 400 // a chart's height when there is room
)

// ErrTooMany is returned for a grid with more than MaxPanels panels.
var ErrTooMany = fmt.Errorf("chart: more than %d panels", MaxPanels)

// PNG draws the grid.
func (g Grid) PNG() ([]byte, error) {
	if len(g.Panels) == 0 {
		return nil, ErrEmpty
	}
	if len(g.Panels) > MaxPanels {
		return nil, ErrTooMany
	}
	frames, size := g.frames()
	c := newCanvas(size.X, size.Y)
	for i, p := range g.Panels {
		f := frames[i]
		p.Line.Width, p.Line.Height = f.Dx(), f.Dy()
		img, err := p.Line.image()
		if err != nil {
			return nil, fmt.Errorf("panel %q: %w", p.Title, err)
		}
		c.text(f.Min.X+4, f.Min.Y-gridTitle+8, fitText(p.Title, f.Dx()-8, 2), 2, colAxis)
		draw.Draw(c.img, f, img, image.Point{}, draw.Src)
	}
	return encode(c.img)
}

// frames are the rectangles the panels' charts are drawn in (their titles
// sit just above), and the size of the whole image.
func (g Grid) frames() ([]image.Rectangle, image.Point) {
	n := len(g.Panels)
	cols := min(n, 2)
	rows := (n + cols - 1) / cols
	h := min(gridCellHeight, (gridMaxHeight-gridMargin)/rows-gridTitle-gridMargin)
	out := make([]image.Rectangle, n)
	for i := range out {
		x := gridMargin + (i%cols)*(gridCellWidth+gridMargin)
		y := gridMargin + (i/cols)*(gridTitle+h+gridMargin) + gridTitle
		out[i] = image.Rect(x, y, x+gridCellWidth, y+h)
	}
	return out, image.Pt(gridMargin+cols*(gridCellWidth+gridMargin), gridMargin+rows*(gridTitle+h+gridMargin))
}

// fitText cuts s to fit width pixels at scale, marking the cut with "...".
func fitText(s string, width, scale int) string {
	r := []rune(s)
	if textWidth(s, scale) <= width {
		return s
	}
	for len(r) > 0 && textWidth(string(r)+"...", scale) > width {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "..."
}
