package bot

import (
	"context"
	"slices"
	"time"

	"github.com/backbone-coalition/backbone/bot/measure"
	"github.com/backbone-coalition/backbone/store"
)

// sparkPeriods is how many periods the overview's sparklines show.
const sparkPeriods = 8

// indicatorSummary is one indicator as the overview shows it.
type indicatorSummary struct {
	ind store.Indicator
	// last is the last closed period; figs the coalition figures by period.
	last measure.Period
	figs map[string]measure.Figure
	// reported are the partners with a total for last.
	reported []int64
}

// owed lists the reporting partners that have no total for the last
// closed period.
func (s indicatorSummary) owed() []int64 {
	var out []int64
	for _, p := range s.ind.PartnerIDs {
		if !slices.Contains(s.reported, p) {
			out = append(out, p)
		}
	}
	return out
}

func (b *Bot) indicatorOverview(ctx context.Context, req request) (reply, error) {
	sums, err := b.indicatorSummaries(ctx, req.TeamID)
	if err != nil {
		return reply{}, err
	}
	if len(sums) == 0 {
		return reply{Text: "No indicators yet. Backbone staff define them with `/indicators add`."}, nil
	}
	return reply{Text: "Shared indicators", Blocks: OverviewBlocks(sums, req.actor)}, nil
}

// indicatorSummaries computes every active indicator's figures and coverage.
func (b *Bot) indicatorSummaries(ctx context.Context, teamID string) ([]indicatorSummary, error) {
	now := b.localNow(ctx, teamID)
	inds, err := b.store.Indicators(ctx, teamID, store.IndicatorFilter{})
	if err != nil || len(inds) == 0 {
		return nil, err
	}
	rs, err := b.store.LatestReports(ctx, teamID, store.ReportFilter{From: historyStart(now)})
	if err != nil {
		return nil, err
	}
	return summarize(inds, rs, now), nil
}

// summarize computes each indicator's figures and reporting coverage.
func summarize(inds []store.Indicator, rs []store.Report, now time.Time) []indicatorSummary {
	byInd := map[int64][]store.Report{}
	for _, r := range rs {
		byInd[r.IndicatorID] = append(byInd[r.IndicatorID], r)
	}
	out := make([]indicatorSummary, 0, len(inds))
	for _, ind := range inds {
		s := indicatorSummary{ind: ind, last: measure.LastClosed(measure.Cadence(ind.Cadence), now)}
		s.figs = measure.Figures(measure.Method(ind.Combine), records(byInd[ind.ID]), "")
		for _, r := range byInd[ind.ID] {
			if r.Period == s.last.String() && r.Segment == "" && ind.Reports(r.PartnerID) {
				s.reported = append(s.reported, r.PartnerID)
			}
		}
		out = append(out, s)
	}
	return out
}

// latestFigure is the newest period that has a figure, if any.
func (s indicatorSummary) latestFigure() (measure.Period, measure.Figure, bool) {
	for i, p := 0, s.last; i < 40; i, p = i+1, p.Prev() {
		if f, ok := s.figs[p.String()]; ok {
			return p, f, true
		}
	}
	return measure.Period{}, measure.Figure{}, false
}
