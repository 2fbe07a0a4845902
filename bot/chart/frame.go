package chart

import (
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// frame is what surrounds a plot: its title above, and below it a legend
// (each line's style with its name) and notes.
type frame struct {
	title string
	keys  []legendKey
	notes []string
	scale float64
}

// legendKey is one entry of the legend: a line sample, a glyph, a name.
type legendKey struct {
	name  string
	line  draw.LineStyle
	glyph draw.GlyphStyle
}

func (f frame) draw(c draw.Canvas, p *plot.Plot) {
	pad := px(10 * f.scale)
	c = draw.Crop(c, pad, -pad, pad, -pad)
	if f.title != "" {
		sty := textStyle(16*f.scale, colText)
		sty.XAlign, sty.YAlign = text.XLeft, text.YTop
		title := fit(f.title, sty, c.Max.X-c.Min.X)
		c.FillText(sty, vg.Point{X: c.Min.X, Y: c.Max.Y}, title)
		c.Max.Y -= sty.Height(title) + pad
	}
	note := textStyle(11*f.scale, colMuted)
	note.XAlign, note.YAlign = text.XLeft, text.YBottom
	line := note.Height("Ág") * 1.3
	for i := len(f.notes) - 1; i >= 0; i-- {
		c.FillText(note, vg.Point{X: c.Min.X, Y: c.Min.Y}, fit(f.notes[i], note, c.Max.X-c.Min.X))
		c.Min.Y += line
	}
	c.Min.Y = f.legend(c) + pad/2
	p.Draw(c)
}

// legend draws the keys in rows at the bottom of c, as many to a row as
// fit, and returns the height above them.
func (f frame) legend(c draw.Canvas) vg.Length {
	sty := textStyle(12*f.scale, colText)
	sty.XAlign, sty.YAlign = text.XLeft, text.YCenter
	swatch, gap := px(30*f.scale), px(18*f.scale)
	row := sty.Height("Ág") * 1.4
	var rows [][]legendKey
	var width vg.Length
	for _, k := range f.keys {
		w := swatch + px(6) + sty.Width(k.name) + gap
		if len(rows) == 0 || width+w > c.Max.X-c.Min.X {
			rows, width = append(rows, nil), 0
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], k)
		width += w
	}
	y := c.Min.Y + row/2
	for i := len(rows) - 1; i >= 0; i-- {
		x := c.Min.X
		for _, k := range rows[i] {
			c.StrokeLine2(k.line, x, y, x+swatch, y)
			if k.glyph.Shape != nil {
				c.DrawGlyph(k.glyph, vg.Point{X: x + swatch/2, Y: y})
			}
			c.FillText(sty, vg.Point{X: x + swatch + px(6), Y: y}, k.name)
			x += swatch + px(6) + sty.Width(k.name) + gap
		}
		y += row
	}
	return y - row/2
}

// fit cuts s to width in sty, marking the cut with an ellipsis.
func fit(s string, sty text.Style, width vg.Length) string {
	if sty.Width(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && sty.Width(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}
