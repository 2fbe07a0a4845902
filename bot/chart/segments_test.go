package chart

import (
	"errors"
	"image"
	"image/color"
	"math"
	"strings"
	"testing"
)

func sampleSegments() Segments {
	target := 15.0
	nan := math.NaN()
	return Segments{
		Title:  "Participación por pueblo",
		Labels: []string{"2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"},
		Series: []Series{
			{Name: "Greenfield", Values: []float64{nan, nan, 22, 21, 19.5, 18}},
			{Name: "Montague", Values: []float64{nan, nan, 26, nan, 24, 23}},
			{Name: "Orange", Values: []float64{nan, nan, 17, 16.5, 16, 15.5}},
		},
		Omitted: []string{"Erving", "Gill"},
		Target:  &target,
	}
}

func TestSegmentsDrawOneLinePerSegment(t *testing.T) {
	t.Parallel()
	s := sampleSegments()
	raw, err := s.PNG()
	if err != nil {
		t.Fatal(err)
	}
	save(t, "segments.png", raw)
	img := decodePNG(t, raw)
	for i := range s.Series {
		if n := pixels(img, segmentColor[i]); n < 150 {
			t.Errorf("segment %s barely drawn: %d pixels", s.Series[i].Name, n)
		}
	}
	if len(rowsOf(img, img.Rect, colTarget, 300)) == 0 {
		t.Error("no target line")
	}
	svg, err := s.SVG()
	if err != nil {
		t.Fatal(err)
	}
	save(t, "segments.svg", svg)
	texts := strings.Join(parseSVG(t, svg).Texts, "\n")
	for _, want := range []string{"Participación por pueblo", "Greenfield", "Montague", "Orange", "Not shown: Erving, Gill", "Target 15"} {
		if !strings.Contains(texts, want) {
			t.Errorf("no %q in the SVG:\n%s", want, texts)
		}
	}
	if strings.Contains(texts, "2025-Q3") {
		t.Error("the axis starts before the first figure")
	}
}

func TestSegmentsRefuseNothingToDraw(t *testing.T) {
	t.Parallel()
	s := Segments{Labels: []string{"2026"}, Series: []Series{{Name: "x", Values: []float64{math.NaN()}}}, Omitted: []string{"y"}}
	if _, err := s.PNG(); !errors.Is(err, ErrEmpty) {
		t.Errorf("%v, want ErrEmpty", err)
	}
}

func BenchmarkSegmentsPNG(b *testing.B) {
	s := sampleSegments()
	for b.Loop() {
		if _, err := s.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}

// pixels counts the pixels of img near col.
func pixels(img *image.RGBA, col color.RGBA) int {
	n := 0
	for _, c := range rowsOf(img, img.Rect, col, 1) {
		n += c
	}
	return n
}
