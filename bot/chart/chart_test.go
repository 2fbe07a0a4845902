package chart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func sample() Line {
	target, baseline := 15.0, 24.0
	return Line{
		Title: "Niños en programas — Participación",
		Points: []Point{
			{Label: "2024-Q4", Value: 24}, {Label: "2025-Q1", Value: 23.1}, {Label: "2025-Q2", Value: math.NaN(), Suppressed: true},
			{Label: "2025-Q3", Value: 21.4}, {Label: "2025-Q4", Value: 20.2}, {Label: "2026-Q1", Value: 19.8},
			{Label: "2026-Q2", Value: 20.1}, {Label: "2026-Q3", Value: 18.5},
		},
		Target: &target, Baseline: &baseline, ChangedAt: 6,
		Format: func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "%" },
	}
}

// save writes raw under CHART_OUT, when set, to look at.
func save(t *testing.T, name string, raw []byte) {
	t.Helper()
	if dir := os.Getenv("CHART_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func decodePNG(t *testing.T, raw []byte) *image.RGBA {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	rgba := image.NewRGBA(img.Bounds())
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			rgba.Set(x, y, img.At(x, y))
		}
	}
	return rgba
}

// near is whether a is within a little of b on every channel (the edges
// of antialiased lines blend with the background).
func near(a, b color.RGBA) bool {
	d := func(x, y uint8) int { return max(int(x), int(y)) - min(int(x), int(y)) }
	return d(a.R, b.R) < 24 && d(a.G, b.G) < 24 && d(a.B, b.B) < 24
}

// rowsOf are the rows of img in rect with at least minRun pixels of col,
// as (y, pixels) pairs.
func rowsOf(img *image.RGBA, rect image.Rectangle, col color.RGBA, minRun int) map[int]int {
	out := map[int]int{}
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		n := 0
		for x := rect.Min.X; x < rect.Max.X; x++ {
			if near(img.RGBAAt(x, y), col) {
				n++
			}
		}
		if n >= minRun {
			out[y] = n
		}
	}
	return out
}

func TestLinePNGDrawsTargetBaselineAndMarker(t *testing.T) {
	t.Parallel()
	raw, err := sample().PNG()
	if err != nil {
		t.Fatal(err)
	}
	save(t, "line.png", raw)
	img := decodePNG(t, raw)
	if img.Rect.Dx() != 800 || img.Rect.Dy() != 400 {
		t.Fatalf("size %v, want 800×400", img.Rect)
	}
	// The target (15%) and the baseline (24%) are horizontal dashed lines
	// across most of the plot, the target below the baseline.
	target := rowsOf(img, img.Rect, colTarget, 300)
	baseline := rowsOf(img, img.Rect, colBaseline, 120)
	if len(target) == 0 || len(baseline) == 0 {
		t.Fatalf("target rows %v, baseline rows %v: a reference line is missing", target, baseline)
	}
	if minKey(target) <= maxKey(baseline) {
		t.Errorf("target at y=%v is not below the baseline at y=%v", target, baseline)
	}
	// Dashed, not solid: a dashed row leaves gaps between its dashes.
	for y, n := range target {
		if n > 640 {
			t.Errorf("target row %d has %d pixels: solid, want dashed", y, n)
		}
	}
	if len(columnsOf(img, colMarker, 100)) == 0 {
		t.Error("no vertical marker where the definition changed")
	}
	if len(rowsOf(img, img.Rect, colSuppress, 20)) < 100 {
		t.Error("the suppressed period is not shaded")
	}
}

// columnsOf are the columns with at least minRun pixels of col.
func columnsOf(img *image.RGBA, col color.RGBA, minRun int) []int {
	var out []int
	for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
		n := 0
		for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
			if near(img.RGBAAt(x, y), col) {
				n++
			}
		}
		if n >= minRun {
			out = append(out, x)
		}
	}
	return out
}

func minKey(m map[int]int) int {
	k := math.MaxInt
	for y := range m {
		k = min(k, y)
	}
	return k
}

func maxKey(m map[int]int) int {
	k := math.MinInt
	for y := range m {
		k = max(k, y)
	}
	return k
}

// titleBand is the top strip of a chart, where its title is drawn.
func titleBand(t *testing.T, l Line) *image.RGBA {
	t.Helper()
	raw, err := l.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, raw)
	return img.SubImage(image.Rect(0, 0, img.Rect.Dx(), 40)).(*image.RGBA)
}

// TestPNGTitleDrawsAccents draws the same title with "ñ", with "n" and
// with "?" (what the old bitmap font drew for anything not ASCII): three
// different images, so the tilde is drawn and nothing falls back to "?".
func TestPNGTitleDrawsAccents(t *testing.T) {
	t.Parallel()
	band := map[string]*image.RGBA{}
	for _, title := range []string{"Niños en programas", "Ninos en programas", "Ni?os en programas"} {
		l := sample()
		l.Title = title
		band[title] = titleBand(t, l)
		if len(rowsOf(band[title], band[title].Rect, colText, 3)) < 8 {
			t.Fatalf("%q: no title text drawn", title)
		}
	}
	if bytes.Equal(band["Niños en programas"].Pix, band["Ninos en programas"].Pix) {
		t.Error("ñ draws as n")
	}
	if bytes.Equal(band["Niños en programas"].Pix, band["Ni?os en programas"].Pix) {
		t.Error("ñ draws as ?")
	}
}

// svgDoc is what the tests read of an SVG: its texts and stroked paths.
type svgDoc struct {
	Texts []string `xml:"g>text"`
	Paths []struct {
		Style string `xml:"style,attr"`
	} `xml:"g>path"`
}

func parseSVG(t *testing.T, raw []byte) svgDoc {
	t.Helper()
	// Texts and paths nest in groups of any depth: read every element.
	dec := xml.NewDecoder(bytes.NewReader(raw))
	var doc svgDoc
	var inText bool
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return doc
		}
		if err != nil {
			t.Fatalf("not well-formed SVG: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			inText = el.Name.Local == "text"
			if inText {
				doc.Texts = append(doc.Texts, "")
			}
			if el.Name.Local == "path" {
				for _, a := range el.Attr {
					if a.Name.Local == "style" {
						doc.Paths = append(doc.Paths, struct {
							Style string `xml:"style,attr"`
						}{a.Value})
					}
				}
			}
		case xml.CharData:
			if inText {
				doc.Texts[len(doc.Texts)-1] += string(el)
			}
		case xml.EndElement:
			inText = false
		}
	}
}

func TestLineSVGHasTitleAndDashedTarget(t *testing.T) {
	t.Parallel()
	raw, err := sample().SVG()
	if err != nil {
		t.Fatal(err)
	}
	save(t, "line.svg", raw)
	doc := parseSVG(t, raw)
	texts := strings.Join(doc.Texts, "\n")
	for _, want := range []string{"Niños en programas — Participación", "Target 15%", "Baseline 24%", "New definition", "2026-Q3", "2025-Q2"} {
		if !strings.Contains(texts, want) {
			t.Errorf("no text %q in the SVG; texts:\n%s", want, texts)
		}
	}
	dashed := 0
	for _, p := range doc.Paths {
		if strings.Contains(p.Style, "stroke:#D55E00") && strings.Contains(p.Style, "stroke-dasharray") {
			dashed++
		}
	}
	if dashed == 0 {
		t.Error("no dashed target line in the SVG")
	}
}

func TestLineAxisSpansTheData(t *testing.T) {
	t.Parallel()
	l := sample()
	l.Title = ""
	for i := range 5 {
		l.Points[i] = Point{Label: l.Points[i].Label, Value: math.NaN()}
	}
	raw, err := l.SVG()
	if err != nil {
		t.Fatal(err)
	}
	texts := strings.Join(parseSVG(t, raw).Texts, " ")
	if strings.Contains(texts, "2024-Q4") || strings.Contains(texts, "2025-Q3") || !strings.Contains(texts, "2026-Q1") {
		t.Errorf("the x axis does not start at the first figure (2026-Q1): %s", texts)
	}
}

func TestLineRefusesNothingToDraw(t *testing.T) {
	t.Parallel()
	for name, l := range map[string]Line{
		"no points":           {},
		"only a gap":          {Points: []Point{{Label: "2026", Value: math.NaN()}}},
		"no points, a target": {Target: new(float64)},
	} {
		if _, err := l.PNG(); !errors.Is(err, ErrEmpty) {
			t.Errorf("%s: %v, want ErrEmpty", name, err)
		}
	}
}

func TestLineOnePointAndFlatValues(t *testing.T) {
	t.Parallel()
	for name, l := range map[string]Line{
		"one point": {Points: []Point{{Label: "2026", Value: 5}}},
		"flat":      {Points: []Point{{Label: "a", Value: 3}, {Label: "b", Value: 3}}},
		"negative":  {Points: []Point{{Label: "a", Value: -3}, {Label: "b", Value: 2}}},
	} {
		if _, err := l.PNG(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func BenchmarkLinePNG(b *testing.B) {
	l := sample()
	for b.Loop() {
		if _, err := l.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLineSVG(b *testing.B) {
	l := sample()
	for b.Loop() {
		if _, err := l.SVG(); err != nil {
			b.Fatal(err)
		}
	}
}
