package indicator

import (
	"math"

	"github.com/backbone-coalition/backbone/bot/chart"
	"github.com/backbone-coalition/backbone/measure"
)

// WebSummary is one indicator's row of the scorecard's overview, as v may
// see it.
type WebSummary struct {
	Key, Name string
	// Latest is the newest figure shown ("" for none), in Period.
	Latest, Period   string
	Baseline, Target string
	Direction        string
	// Trend compares Latest with the period before; Status says whether
	// the curve is turning the right way.
	Trend, Status string
	OnTrack       bool
	Public        bool
	// Spark is the sparkline of the last SparkPeriods periods.
	Spark chart.Line
}

// Web is the summary as the scorecard shows it to v: for the public, a
// total made of one partner or a small count is hidden.
func (s Summary) Web(v Viewer) WebSummary {
	ind := s.Ind
	w := WebSummary{Key: ind.Key, Name: ind.Name, Direction: ind.Direction.Label(), Public: ind.Public, Baseline: "not set", Target: "not set"}
	if ind.BaselineValue != nil {
		w.Baseline = measure.Format(*ind.BaselineValue, ind.Unit) + " in " + ind.BaselinePeriod
	}
	if ind.TargetValue != nil {
		w.Target = measure.Format(*ind.TargetValue, ind.Unit) + " by " + ind.TargetPeriod
	}
	for _, p := range measure.Recent(s.Last, SparkPeriods) {
		pt := chart.Point{Label: p.String(), Value: math.NaN()}
		if f, ok := s.Figs[p.String()]; ok && !v.hidesTotal(ind, f) {
			pt.Value = f.Value
		}
		w.Spark.Points = append(w.Spark.Points, pt)
	}
	w.Spark.Target = ind.TargetValue
	p, f, ok := s.LatestFigure()
	if !ok || v.hidesTotal(ind, f) {
		return w
	}
	w.Latest, w.Period = measure.Format(f.Value, ind.Unit), p.String()
	prev, hasPrev := s.Figs[p.Prev().String()]
	hasPrev = hasPrev && comparable(ind, prev, f) && !v.hidesTotal(ind, prev)
	if hasPrev {
		w.Trend = measure.Trend(prev.Value, f.Value, ind.Direction)
	}
	switch {
	case ind.TargetValue != nil && measure.Reached(f.Value, *ind.TargetValue, ind.Direction):
		w.Status, w.OnTrack = "target reached", true
	case hasPrev && (f.Value > prev.Value) == (ind.Direction == measure.Up) && f.Value != prev.Value:
		w.Status, w.OnTrack = "turning the right way", true
	case hasPrev:
		w.Status = "not turning yet"
	}
	return w
}
