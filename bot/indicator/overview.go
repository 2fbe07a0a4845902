package indicator

import (
	"context"
	"slices"
	"time"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

// SparkPeriods is how many periods the overview's sparklines show.
const SparkPeriods = 8

// Summary is one indicator as the overview shows it.
type Summary struct {
	Ind store.Indicator
	// Last is the last closed period; figs the coalition figures by period.
	Last measure.Period
	Figs map[string]measure.Figure
	// Reported are the partners with a total for last.
	Reported []int64
}

// owed lists the reporting partners that have no total for the last
// closed period.
func (s Summary) owed() []int64 {
	var out []int64
	for _, p := range s.Ind.PartnerIDs {
		if !slices.Contains(s.Reported, p) {
			out = append(out, p)
		}
	}
	return out
}

func (s *Service) indicatorOverview(ctx context.Context, req kit.Request) (kit.Reply, error) {
	sums, err := s.Summaries(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	if len(sums) == 0 {
		return kit.Reply{Text: "No indicators yet. Backbone staff define them with `/indicators add`."}, nil
	}
	return kit.Reply{Text: "Shared indicators", Blocks: OverviewBlocks(sums, req.Actor)}, nil
}

// Summaries computes every active indicator's figures and coverage.
func (s *Service) Summaries(ctx context.Context, teamID string) ([]Summary, error) {
	now := s.dir.CoalitionNow(ctx, teamID)
	inds, err := s.Store.Indicators(ctx, teamID, store.IndicatorFilter{})
	if err != nil || len(inds) == 0 {
		return nil, err
	}
	return Summarize(ctx, s.Store, teamID, inds, now)
}

// figureReader computes figures: the store, or a transaction (the digest).
type figureReader interface {
	CoalitionFigures(ctx context.Context, teamID string, f store.FigureFilter) ([]store.PeriodFigure, error)
	LatestTotals(ctx context.Context, teamID string, ranges []store.FigureRange) (map[int64]time.Time, error)
	TotalReporters(ctx context.Context, teamID string, ranges []store.FigureRange) (map[int64][]int64, error)
}

// Summarize computes each indicator's figures, as the overview shows them,
// and its reporting coverage of the last closed period. It reads totals
// only, and only the periods shown: the sparkline's, and back to the one
// before the latest figure, for its trend.
func Summarize(ctx context.Context, fr figureReader, teamID string, inds []store.Indicator, now time.Time) ([]Summary, error) {
	figs, err := ReadTotals(ctx, fr, teamID, inds, now, SparkPeriods, true)
	if err != nil {
		return nil, err
	}
	lasts := make([]store.FigureRange, 0, len(inds))
	for _, ind := range inds {
		last := measure.LastClosed(ind.Cadence, now)
		lasts = append(lasts, store.FigureRange{IndicatorID: ind.ID, From: last.Start(), To: last.Start()})
	}
	reporters, err := fr.TotalReporters(ctx, teamID, lasts)
	if err != nil {
		return nil, err
	}
	out := make([]Summary, 0, len(inds))
	for _, ind := range inds {
		s := Summary{Ind: ind, Last: measure.LastClosed(ind.Cadence, now), Figs: figs[ind.ID]}
		for _, p := range reporters[ind.ID] {
			if ind.Reports(p) {
				s.Reported = append(s.Reported, p)
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// latestSearch is how many periods back a view looks for the latest
// figure when the last closed period has none.
const latestSearch = 40

// ReadTotals reads each indicator's total figures, by period, for its last
// shown closed periods; withLatest, also for the newest period with a
// figure within latestSearch periods, and the one before it (for the
// trend), however far back they are.
func ReadTotals(ctx context.Context, fr figureReader, teamID string, inds []store.Indicator, now time.Time, shown int, withLatest bool) (map[int64]map[string]measure.Figure, error) {
	ranges := make([]store.FigureRange, 0, len(inds))
	for _, ind := range inds {
		last := measure.LastClosed(ind.Cadence, now)
		ranges = append(ranges, store.FigureRange{IndicatorID: ind.ID, From: measure.Recent(last, shown)[0].Start(), To: last.Start()})
	}
	if withLatest {
		if err := widenToLatest(ctx, fr, teamID, inds, ranges); err != nil {
			return nil, err
		}
	}
	byPeriod := func(pf store.PeriodFigure) string { return pf.Period }
	return readFigures(ctx, fr, teamID, inds, store.FigureFilter{Ranges: ranges, Segment: new(string)}, byPeriod)
}

// widenToLatest starts each range (ending at its indicator's last closed
// period) no later than the period before its latest figure, found by one
// narrow query: a view looking back for it then finds it among what was
// read, as it did when every period was.
func widenToLatest(ctx context.Context, fr figureReader, teamID string, inds []store.Indicator, ranges []store.FigureRange) error {
	search := make([]store.FigureRange, 0, len(inds))
	for i, ind := range inds {
		last := measure.PeriodOf(ind.Cadence, ranges[i].To)
		search = append(search, store.FigureRange{IndicatorID: ind.ID, From: measure.Recent(last, latestSearch)[0].Start(), To: ranges[i].To})
	}
	latest, err := fr.LatestTotals(ctx, teamID, search)
	if err != nil {
		return err
	}
	for i, ind := range inds {
		if at, ok := latest[ind.ID]; ok {
			before := measure.PeriodOf(ind.Cadence, at).Prev().Start()
			ranges[i].From = minTime(ranges[i].From, before)
		}
	}
	return nil
}

// ReadSegments reads the figures of every segment of the indicators in at,
// for the one period at gives each, by indicator and segment.
func ReadSegments(ctx context.Context, fr figureReader, teamID string, inds []store.Indicator, at map[int64]measure.Period) (map[int64]map[string]measure.Figure, error) {
	var ranges []store.FigureRange
	for _, ind := range inds {
		if p, ok := at[ind.ID]; ok {
			ranges = append(ranges, store.FigureRange{IndicatorID: ind.ID, From: p.Start(), To: p.Start()})
		}
	}
	bySegment := func(pf store.PeriodFigure) string { return pf.Segment }
	return readFigures(ctx, fr, teamID, inds, store.FigureFilter{Ranges: ranges}, bySegment)
}

// readFigures computes the figures f asks for, by indicator and then by
// key, each by its indicator's method.
func readFigures(ctx context.Context, fr figureReader, teamID string, inds []store.Indicator, f store.FigureFilter, key func(store.PeriodFigure) string) (map[int64]map[string]measure.Figure, error) {
	method := make(map[int64]measure.Method, len(inds))
	for _, ind := range inds {
		method[ind.ID] = ind.Combine
	}
	pfs, err := fr.CoalitionFigures(ctx, teamID, f)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]map[string]measure.Figure, len(inds))
	for _, pf := range pfs {
		if out[pf.IndicatorID] == nil {
			out[pf.IndicatorID] = map[string]measure.Figure{}
		}
		out[pf.IndicatorID][key(pf)] = method[pf.IndicatorID].Figure(measure.Aggregate{Partners: pf.Partners,
			Sum: pf.Sum, Median: pf.Median, Latest: pf.Latest, Version: pf.Version})
	}
	return out, nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// LatestFigure is the newest period that has a figure, if any, within
// latestSearch periods of the last closed one.
func (s Summary) LatestFigure() (measure.Period, measure.Figure, bool) {
	for i, p := 0, s.Last; i < latestSearch; i, p = i+1, p.Prev() {
		if f, ok := s.Figs[p.String()]; ok {
			return p, f, true
		}
	}
	return measure.Period{}, measure.Figure{}, false
}
