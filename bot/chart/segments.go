package chart

import (
	"math"
	"strings"

	"gonum.org/v1/plot/vg/draw"
)

// Segments is a line chart of an indicator's figures by segment (by town,
// by grade…): one line per segment over the same periods.
type Segments struct {
	Title string
	// Labels are the periods, oldest first.
	Labels []string
	Series []Series
	// Omitted are the segments the viewer may not see, named in a footnote
	// instead of drawn.
	Omitted []string
	Target  *float64
	// Format writes the values on the y axis; default: up to two decimals.
	Format func(float64) string
	// Width and Height in pixels; default 800×440.
	Width, Height int
}

// Series is one segment's figures, one per label; NaN for none.
type Series struct {
	Name   string
	Values []float64
}

// PNG draws the chart as a PNG image.
func (s Segments) PNG() ([]byte, error) {
	fig, err := s.figure()
	if err != nil {
		return nil, err
	}
	return fig.png()
}

// SVG draws the chart as an SVG document.
func (s Segments) SVG() ([]byte, error) {
	fig, err := s.figure()
	if err != nil {
		return nil, err
	}
	return fig.svg()
}

func (s Segments) figure() (figure, error) {
	s.defaults()
	if _, _, ok := s.span(); !ok {
		return figure{}, ErrEmpty
	}
	return figure{w: s.Width, h: s.Height, draw: s.draw}, nil
}

func (s *Segments) defaults() {
	if s.Width <= 0 || s.Height <= 0 {
		s.Width, s.Height = 800, 440
	}
	if s.Format == nil {
		s.Format = plain
	}
	s.trim()
}

// trim drops the periods before any segment has a figure.
func (s *Segments) trim() {
	first := len(s.Labels)
	for _, sr := range s.Series {
		for i, v := range sr.Values {
			if !math.IsNaN(v) {
				first = min(first, i)
				break
			}
		}
	}
	if first == 0 || first == len(s.Labels) {
		return
	}
	s.Labels = s.Labels[first:]
	trimmed := make([]Series, len(s.Series))
	for i, sr := range s.Series {
		trimmed[i] = Series{Name: sr.Name, Values: sr.Values[min(first, len(sr.Values)):]}
	}
	s.Series = trimmed
}

func (s Segments) span() (lo, hi float64, ok bool) {
	var all []float64
	for _, sr := range s.Series {
		all = append(all, sr.Values...)
	}
	if _, _, any := spanOf(all); !any || len(s.Labels) == 0 {
		return 0, 0, false
	}
	if s.Target != nil {
		all = append(all, *s.Target)
	}
	return spanOf(all)
}

func (s Segments) draw(c draw.Canvas) {
	p := newPlot(1)
	xAxis(p, s.Labels, c, 1)
	lo, hi, _ := s.span()
	yAxis(p, lo, hi, s.Format)
	p.Add(grid{})
	var keys []legendKey
	if s.Target != nil {
		p.Add(refLine{y: *s.Target, label: "Target " + s.Format(*s.Target), style: styleTarget, scale: 1})
	}
	for i, sr := range s.Series {
		line := draw.LineStyle{Color: segmentColor[i%len(segmentColor)], Width: px(2.5), Dashes: segmentDashes[i%len(segmentDashes)]}
		glyph := glyphStyle(i, line.Color, 1)
		values := make([]float64, len(s.Labels))
		for j := range values {
			values[j] = math.NaN()
			if j < len(sr.Values) {
				values[j] = sr.Values[j]
			}
		}
		p.Add(series{ys: values, line: line, glyph: glyph})
		keys = append(keys, legendKey{name: sr.Name, line: line, glyph: glyph})
	}
	if s.Target != nil {
		keys = append(keys, legendKey{name: "Target", line: styleTarget})
	}
	frame{title: s.Title, keys: keys, notes: s.notes(), scale: 1}.draw(c, p)
}

// notes name the segments left out.
func (s Segments) notes() []string {
	if len(s.Omitted) == 0 {
		return nil
	}
	return []string{"Not shown: " + strings.Join(s.Omitted, ", ") + " (suppressed: too few to show safely)."}
}
