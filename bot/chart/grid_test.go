package chart

import (
	"errors"
	"fmt"
	"image"
	"math"
	"strings"
	"testing"
)

// gridOf is a grid of n panels, each with a target at a different height
// and a definition change.
func gridOf(n int) Grid {
	var g Grid
	for i := range n {
		l := sample()
		target := 10 + float64(i)
		l.Target = &target
		g.Panels = append(g.Panels, Panel{Title: fmt.Sprintf("Indicador %d — niños con un nombre muy largo que se corta aquí porque no cabe en la anchura del panel, y aún más texto", i+1), Line: l})
	}
	return g
}

func TestGridDrawsEveryPanelWithItsTarget(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 2, 3, 4, MaxPanels} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			g := gridOf(n)
			raw, err := g.PNG()
			if err != nil {
				t.Fatal(err)
			}
			save(t, fmt.Sprintf("grid-%d.png", n), raw)
			if len(raw) > 1<<20 {
				t.Errorf("%d bytes, over 1 MB", len(raw))
			}
			img := decodePNG(t, raw)
			if b := img.Rect; b.Dx() < 600 || b.Dy() < 300 || b.Dx() > 1600 || b.Dy() > 1200 {
				t.Fatalf("size %v, want within 600×300 and 1600×1200", b)
			}
			// Each panel's target line: a long dashed row in its cell.
			cols, rows, _, _ := g.size()
			cw, ch := img.Rect.Dx()/cols, img.Rect.Dy()/rows
			for i := range g.Panels {
				cell := img.Rect.Intersect(imageRect(i%cols*cw, i/cols*ch, cw, ch))
				if len(rowsOf(img, cell, colTarget, cw/3)) == 0 {
					t.Errorf("panel %d: no target line in %v", i+1, cell)
				}
			}
			svg, err := g.SVG()
			if err != nil {
				t.Fatal(err)
			}
			texts := strings.Join(parseSVG(t, svg).Texts, "\n")
			if got := strings.Count(texts, "Target 1"); got != n {
				t.Errorf("%d target labels in the SVG, want %d", got, n)
			}
			if !strings.Contains(texts, "Indicador 1 — niños") || !strings.Contains(texts, "…") {
				t.Errorf("panel titles not drawn, or long ones not cut with an ellipsis:\n%s", texts)
			}
		})
	}
}

func TestGridRefusals(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		g    Grid
		want error
	}{
		"no panels":    {Grid{}, ErrEmpty},
		"too many":     {gridOf(MaxPanels + 1), ErrTooMany},
		"empty panel":  {Grid{Panels: []Panel{{Title: "x", Line: Line{Points: []Point{{Label: "2026", Value: math.NaN()}}}}}}, ErrEmpty},
		"empty of two": {Grid{Panels: append(gridOf(1).Panels, Panel{Title: "none"})}, ErrEmpty},
	} {
		if _, err := tc.g.PNG(); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
}

func BenchmarkGridPNG(b *testing.B) {
	for _, n := range []int{1, 4, MaxPanels} {
		g := gridOf(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := g.PNG(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkGridSVG(b *testing.B) {
	g := gridOf(MaxPanels)
	for b.Loop() {
		if _, err := g.SVG(); err != nil {
			b.Fatal(err)
		}
	}
}

func imageRect(x, y, w, h int) image.Rectangle { return image.Rect(x, y, x+w, y+h) }
