package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// figure is a drawing of w×h pixels, written as PNG or SVG.
type figure struct {
	w, h int
	draw func(draw.Canvas)
}

// png rasterises the figure. Best-speed compression: charts are flat
// colours, so it costs little in size and halves the encoding time.
func (f figure) png() ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseDPI(dpi), vgimg.UseWH(px(float64(f.w)), px(float64(f.h))), vgimg.UseBackgroundColor(color.White))
	f.draw(draw.New(c))
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, c.Image()); err != nil {
		return nil, fmt.Errorf("encode chart png: %w", err)
	}
	return buf.Bytes(), nil
}

// svgFonts are the fonts an SVG's text asks for: Liberation Sans where
// installed, else one of the same widths, else the browser's sans-serif.
const svgFonts = "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"

// svg writes the figure as SVG. The fonts are named, not embedded: a
// browser draws the text with its own fonts, and the page stays small.
func (f figure) svg() ([]byte, error) {
	c := vgsvg.NewWith(vgsvg.UseWH(px(float64(f.w)), px(float64(f.h))))
	dc := draw.New(c)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	f.draw(dc)
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encode chart svg: %w", err)
	}
	return bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"), []byte(svgFonts)), nil
}
