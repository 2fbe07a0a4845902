package chart

import (
	"image"
	"image/color"
	"image/draw"
	"unicode"
)

// canvas draws on an RGBA image; everything outside it is clipped.
type canvas struct{ img *image.RGBA }

func newCanvas(w, h int) canvas {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), &image.Uniform{C: colBackground}, image.Point{}, draw.Src)
	return canvas{img: img}
}

func (c canvas) set(x, y int, col color.RGBA) {
	if (image.Point{X: x, Y: y}).In(c.img.Rect) {
		c.img.SetRGBA(x, y, col)
	}
}

// disc fills a circle of radius r around (cx, cy).
func (c canvas) disc(cx, cy, r int, col color.RGBA) {
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			if dx*dx+dy*dy <= r*r {
				c.set(cx+dx, cy+dy, col)
			}
		}
	}
}

// line draws a straight line of the given thickness (Bresenham, with a
// square brush).
func (c canvas) line(x0, y0, x1, y1, thick int, col color.RGBA) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	e := dx + dy
	for {
		c.brush(x0, y0, thick, col)
		if x0 == x1 && y0 == y1 {
			return
		}
		if e2 := 2 * e; e2 >= dy {
			e += dy
			x0 += sx
		} else {
			e += dx
			y0 += sy
		}
	}
}

func (c canvas) brush(x, y, thick int, col color.RGBA) {
	from := -(thick - 1) / 2
	for dy := from; dy < from+thick; dy++ {
		for dx := from; dx < from+thick; dx++ {
			c.set(x+dx, y+dy, col)
		}
	}
}

// dashedH draws a horizontal dashed line from x0 to x1.
func (c canvas) dashedH(x0, x1, y, thick, on, off int, col color.RGBA) {
	for x := x0; x <= x1; x += on + off {
		c.line(x, y, min(x+on-1, x1), y, thick, col)
	}
}

// dashedV draws a vertical dashed line from y0 to y1.
func (c canvas) dashedV(x, y0, y1, thick, on, off int, col color.RGBA) {
	for y := y0; y <= y1; y += on + off {
		c.line(x, y, x, min(y+on-1, y1), thick, col)
	}
}

// text writes s with its top-left corner at (x, y), each font pixel a
// scale×scale square.
func (c canvas) text(x, y int, s string, scale int, col color.RGBA) {
	for _, r := range s {
		g := glyph(r)
		for row, bits := range g {
			for bit := 0; bit < 5; bit++ {
				if bits&(0x10>>bit) != 0 {
					c.square(x+bit*scale, y+row*scale, scale, col)
				}
			}
		}
		x += 6 * scale
	}
}

func (c canvas) square(x, y, size int, col color.RGBA) {
	for dy := range size {
		for dx := range size {
			c.set(x+dx, y+dy, col)
		}
	}
}

func glyph(r rune) [7]uint8 {
	if r == ' ' {
		return [7]uint8{}
	}
	if g, ok := glyphs[plain(unicode.ToUpper(r))]; ok {
		return g
	}
	return glyphs['?']
}

// textWidth is the width of s in pixels at scale.
func textWidth(s string, scale int) int {
	n := len([]rune(s))
	if n == 0 {
		return 0
	}
	return (6*n - 1) * scale
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func sign(v int) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
