package chart

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// xAxis puts one tick per period, labelling as many as fit without
// overlapping; the newest period always has its label.
func xAxis(p *plot.Plot, labels []string, c draw.Canvas, scale float64) {
	n := len(labels)
	p.X.Min, p.X.Max = -0.5, float64(n)-0.5
	every := labelEvery(labels, c, scale)
	p.X.Tick.Marker = plot.TickerFunc(func(float64, float64) []plot.Tick {
		ticks := make([]plot.Tick, n)
		for i, l := range labels {
			ticks[i].Value = float64(i)
			if (n-1-i)%every == 0 {
				ticks[i].Label = l
			}
		}
		return ticks
	})
}

// labelEvery is how many ticks apart the x labels must be not to overlap.
func labelEvery(labels []string, c draw.Canvas, scale float64) int {
	sty := textStyle(12*scale, colMuted)
	var widest vg.Length
	for _, l := range labels {
		widest = max(widest, sty.Width(l))
	}
	// The y axis and its labels take about a tenth of the width.
	slot := (c.Max.X - c.Min.X) * 0.88 / vg.Length(max(1, len(labels)))
	return max(1, int(math.Ceil(float64((widest+px(16))/slot))))
}

// yAxis spans lo..hi with some room, ticks at round values written by
// format.
func yAxis(p *plot.Plot, lo, hi float64, format func(float64) string) {
	p.Y.Min, p.Y.Max = padRange(lo, hi)
	p.Y.Tick.Marker = plot.TickerFunc(func(min, max float64) []plot.Tick {
		ticks := plot.DefaultTicks{}.Ticks(min, max)
		for i := range ticks {
			if ticks[i].Label != "" {
				ticks[i].Label = format(ticks[i].Value)
			}
		}
		return ticks
	})
}

// padRange widens lo..hi so no point or line sits on an edge and the
// reference lines' labels fit above them; a range of positive values
// starts at zero rather than just below it.
func padRange(lo, hi float64) (float64, float64) {
	if hi-lo < 1e-9 {
		pad := math.Max(1, math.Abs(lo)*0.1)
		lo, hi = lo-pad, hi+pad
	}
	room := (hi - lo) * 0.08
	if lo >= 0 && lo-room < 0 {
		lo = 0
	} else {
		lo -= room
	}
	return lo, hi + 2*room
}
