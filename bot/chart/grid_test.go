package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
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
		g.Panels = append(g.Panels, Panel{Title: fmt.Sprintf("Indicator %d with a long name that gets cut short here, and more", i+1), Line: l})
	}
	return g
}

// targetRow is the image row the target line of panel i is drawn on.
func targetRow(g Grid, frames []image.Rectangle, i int) (y, left, right int) {
	l := g.Panels[i].Line
	l.Width, l.Height = frames[i].Dx(), frames[i].Dy()
	l.defaults()
	lo, hi, _ := l.span()
	ly := l.layout(lo, hi)
	return frames[i].Min.Y + ly.y(*l.Target), frames[i].Min.X + ly.left, frames[i].Min.X + ly.right
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
			if dir := os.Getenv("CHART_OUT"); dir != "" {
				_ = os.WriteFile(fmt.Sprintf("%s/grid-%d.png", dir, n), raw, 0o644)
			}
			if len(raw) > 1<<20 {
				t.Errorf("%d bytes, over 1 MB", len(raw))
			}
			decoded, err := png.Decode(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			img := toRGBA(decoded)
			if b := img.Rect; b.Dx() < 600 || b.Dy() < 300 || b.Dx() > 1600 || b.Dy() > 1200 {
				t.Fatalf("size %v, want within 600×300 and 1600×1200", b)
			}
			frames, _ := g.frames()
			for i := range g.Panels {
				y, left, right := targetRow(g, frames, i)
				onLine := 0
				for x := left; x < right; x++ {
					if img.RGBAAt(x, y) == colTarget {
						onLine++
					}
				}
				if onLine < (right-left)/3 {
					t.Errorf("panel %d: target line at y=%d covers %d of %d pixels", i+1, y, onLine, right-left)
				}
				if frames[i].Dy() < 200 {
					t.Errorf("panel %d is %d pixels high: unreadable", i+1, frames[i].Dy())
				}
			}
		})
	}
}

func TestGridPanelsDoNotOverlap(t *testing.T) {
	t.Parallel()
	g := gridOf(MaxPanels)
	frames, size := g.frames()
	whole := image.Rect(0, 0, size.X, size.Y)
	for i, f := range frames {
		title := image.Rect(f.Min.X, f.Min.Y-gridTitle, f.Max.X, f.Min.Y)
		if !f.In(whole) || !title.In(whole) {
			t.Errorf("panel %d at %v is outside the image %v", i+1, f, whole)
		}
		for j, o := range frames[:i] {
			if f.Union(title).Overlaps(o) {
				t.Errorf("panels %d and %d overlap: %v, %v", j+1, i+1, o, f)
			}
		}
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
		"empty panel":  {Grid{Panels: []Panel{{Title: "x", Line: Line{Points: []Point{{"2026", math.NaN()}}}}}}, ErrEmpty},
		"empty of two": {Grid{Panels: append(gridOf(1).Panels, Panel{Title: "none"})}, ErrEmpty},
	} {
		if _, err := tc.g.PNG(); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
}

func TestFitTextAndFoldedLetters(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"Youth served", 400, "Youth served"},
		{"Youth binge drinking", 120, "Youth b..."},
		{"Youth binge drinking", 110, "Youth..."},
	} {
		if got := fitText(tc.in, tc.width, 2); got != tc.want || textWidth(got, 2) > tc.width {
			t.Errorf("fitText(%q, %d) = %q", tc.in, tc.width, got)
		}
	}
	if glyph('é') != glyphs['E'] || glyph('—') != glyphs['-'] || glyph('’') != glyphs['\''] || glyph('€') != glyphs['?'] {
		t.Error("accents, dashes and quotes do not fold to the font's letters")
	}
}

func toRGBA(img image.Image) *image.RGBA {
	if rgba, ok := img.(*image.RGBA); ok {
		return rgba
	}
	rgba := image.NewRGBA(img.Bounds())
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			rgba.Set(x, y, img.At(x, y))
		}
	}
	return rgba
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
