package measure

import (
	"math"
	"time"
)

// Record is one stored report, newest revision only, reduced to what
// figures need.
type Record struct {
	Period  string
	Partner int64
	Segment string
	Value   float64
	At      time.Time
	// Version is the definition version the value was reported under.
	Version int
}

// Figure is the coalition figure of one period and segment.
type Figure struct {
	Value float64
	// Partners is how many partners' values it combines.
	Partners int
	// Version is the newest definition version among those values.
	Version int
}

// Figures combines the records of one segment into a figure per period.
func Figures(m Method, records []Record, segment string) map[string]Figure {
	byPeriod := map[string][]Contribution{}
	version := map[string]int{}
	for _, r := range records {
		if r.Segment != segment {
			continue
		}
		byPeriod[r.Period] = append(byPeriod[r.Period], Contribution{Partner: r.Partner, Value: r.Value, At: r.At})
		version[r.Period] = max(version[r.Period], r.Version)
	}
	out := make(map[string]Figure, len(byPeriod))
	for p, cs := range byPeriod {
		v, _ := m.Combine(cs)
		out[p] = Figure{Value: v, Partners: len(cs), Version: version[p]}
	}
	return out
}

// Series is the figures of the given periods in order, NaN where a period
// has none: what sparklines and charts draw.
func Series(figs map[string]Figure, periods []Period) []float64 {
	out := make([]float64, len(periods))
	for i, p := range periods {
		out[i] = math.NaN()
		if f, ok := figs[p.String()]; ok {
			out[i] = f.Value
		}
	}
	return out
}

var sparks = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws values as block characters from ▁ (the lowest) to █ (the
// highest); NaN, a period without a figure, is "·". Equal values sit in
// the middle.
func Sparkline(values []float64) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	out := make([]rune, len(values))
	for i, v := range values {
		switch {
		case math.IsNaN(v):
			out[i] = '·'
		case hi-lo < 1e-12:
			out[i] = sparks[3]
		default:
			out[i] = sparks[int(math.Round((v-lo)/(hi-lo)*float64(len(sparks)-1)))]
		}
	}
	return string(out)
}

// SmallCount reports whether a per-partner or segment figure of unit u
// must be hidden from a shared view: a count below threshold (0 turns
// suppression off). Hidden figures show as SuppressedLabel.
func SmallCount(v float64, u Unit, threshold int) bool {
	return u == Count && threshold > 0 && v < float64(threshold)
}

// SuppressedLabel is what a hidden small count shows: "<10".
func SuppressedLabel(threshold int) string { return "<" + Plain(float64(threshold)) }

// Aggregate is what a period's figure is made of, whatever the method:
// computed once over the partners' newest values (by the database, for
// coalitions too large to read value by value).
type Aggregate struct {
	Partners int
	Sum      float64
	Median   float64
	// Latest is the value Latest would take: reported last, the larger
	// partner id winning a tie, as Combine does.
	Latest float64
	// Version is the newest definition version among the values.
	Version int
}

// Figure is the coalition figure m makes of a: the same as Combine over
// the values a was computed from.
func (m Method) Figure(a Aggregate) Figure {
	f := Figure{Value: a.Sum, Partners: a.Partners, Version: a.Version}
	switch m {
	case Mean:
		f.Value = a.Sum / float64(a.Partners)
	case Median:
		f.Value = a.Median
	case Latest:
		f.Value = a.Latest
	}
	return f
}
