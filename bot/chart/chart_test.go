package chart

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"strconv"
	"testing"
)

func sample() Line {
	target, baseline := 15.0, 24.0
	return Line{
		Points: []Point{
			{"2024-Q4", 24}, {"2025-Q1", 23.1}, {"2025-Q2", math.NaN()}, {"2025-Q3", 21.4},
			{"2025-Q4", 20.2}, {"2026-Q1", 19.8}, {"2026-Q2", 20.1}, {"2026-Q3", 18.5},
		},
		Target: &target, Baseline: &baseline, ChangedAt: 6,
		Format: func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "%" },
	}
}

func decode(t *testing.T, l Line) *image.RGBA {
	t.Helper()
	raw, err := l.PNG()
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("CHART_OUT"); dir != "" {
		_ = os.WriteFile(dir+"/chart.png", raw, 0o644)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	rgba, ok := img.(*image.RGBA)
	if !ok {
		rgba = image.NewRGBA(img.Bounds())
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
			for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
				rgba.Set(x, y, img.At(x, y))
			}
		}
	}
	return rgba
}

func count(img *image.RGBA, col color.RGBA) int {
	n := 0
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			if img.RGBAAt(x, y) == col {
				n++
			}
		}
	}
	return n
}

func TestLineChart(t *testing.T) {
	t.Parallel()
	l := sample()
	img := decode(t, l)
	if img.Rect.Dx() != 800 || img.Rect.Dy() != 400 {
		t.Fatalf("size %v", img.Rect)
	}
	for name, col := range map[string]color.RGBA{"series": colSeries, "target": colTarget, "baseline": colBaseline, "marker": colMarker, "axis": colAxis} {
		if count(img, col) < 50 {
			t.Errorf("%s is barely drawn: %d pixels", name, count(img, col))
		}
	}
	// The target line runs across the plot at the target's height.
	l.defaults()
	lo, hi, _ := l.span()
	ly := l.layout(lo, hi)
	y := ly.y(*l.Target)
	onLine := 0
	for x := ly.left; x < ly.right; x++ {
		if img.RGBAAt(x, y) == colTarget {
			onLine++
		}
	}
	if onLine < (ly.right-ly.left)/3 {
		t.Errorf("target line at y=%d covers %d pixels", y, onLine)
	}
	// No segment bridges the missing period: halfway between its
	// neighbours' points there is no series colour.
	mid := (ly.x(1) + ly.x(3)) / 2
	for yy := ly.top; yy < ly.bottom; yy++ {
		if img.RGBAAt(mid, yy) == colSeries {
			t.Fatalf("a line crosses the gap at x=%d", mid)
		}
	}
}

func TestLineChartEdgeCases(t *testing.T) {
	t.Parallel()
	if _, err := (Line{Points: []Point{{"2026", math.NaN()}}}).PNG(); !errors.Is(err, ErrEmpty) {
		t.Errorf("nothing to draw: %v", err)
	}
	target := 10.0
	for _, l := range []Line{
		{Points: []Point{{"2026-Q3", 7}}},
		{Points: []Point{{"2026-Q3", math.NaN()}}, Target: &target},
		{Points: []Point{{"a", 0}, {"b", 0}, {"c", 0}}},
		{Points: []Point{{"a", -5}, {"b", 1e9}}},
	} {
		if img := decode(t, l); count(img, colAxis) == 0 {
			t.Errorf("%+v: no axes", l)
		}
	}
}

func TestNiceStep(t *testing.T) {
	t.Parallel()
	for span, want := range map[float64]float64{10: 2.5, 9: 2.5, 100: 25, 4: 1, 0.3: 0.1, 7000: 2000} {
		if got := niceStep(span, 4); math.Abs(got-want) > 1e-9 {
			t.Errorf("niceStep(%v) = %v, want %v", span, got, want)
		}
	}
}
