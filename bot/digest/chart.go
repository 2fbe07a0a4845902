package digest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/bot/chart"
	"github.com/backbone-coalition/backbone/bot/indicator"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
)

// maxAltText is the longest alt text Slack takes for a file.
const maxAltText = 1000

// withDigestChart appends to msgs the upload of the indicators' trends
// chart into the thread of the digest queued under parentKey, when some
// indicator has figures to draw. Its dedupe key holds the slot's, so a
// slot's chart is uploaded once.
func (s *Service) withDigestChart(ctx context.Context, tx *store.Tx, r schedules.Run, channel, parentKey string, msgs []store.OutboxMessage) ([]store.OutboxMessage, error) {
	now := r.At.In(r.Loc)
	trends, all, err := trendsAt(ctx, tx, r.TeamID, now)
	if err != nil || len(trends) == 0 {
		return msgs, err
	}
	png, err := trendGrid(trends).PNG()
	if err != nil {
		// The chart only illustrates the digest's own figures: the digest
		// goes without it rather than not at all.
		s.Log.Warn("digest chart not drawn", "team_id", r.TeamID, "slot", r.Slot, "err", err)
		return msgs, nil
	}
	f := outbox.File{Name: "indicator-trends-" + now.Format("2006-01-02") + ".png",
		Title: "Indicator trends to " + now.Format("2 Jan 2006"), AltText: trendsAltText(trends), Content: png}
	m, err := outbox.Upload(r.TeamID, parentKey+":chart", channel, parentKey, f, trendsComment(trends, all))
	if err != nil {
		return msgs, err
	}
	return append(msgs, m), nil
}

// trendsAt reads the indicators and the totals of the periods charted, and
// returns those to chart and how many indicators there are in all.
func trendsAt(ctx context.Context, tx *store.Tx, teamID string, now time.Time) ([]indicator.Detail, int, error) {
	inds, err := tx.Indicators(ctx, teamID, store.IndicatorFilter{})
	if err != nil || len(inds) == 0 {
		return nil, 0, err
	}
	figs, err := indicator.ReadTotals(ctx, tx, teamID, inds, now, indicator.ChartPeriods, false)
	if err != nil {
		return nil, 0, err
	}
	sums := make([]indicator.Summary, 0, len(inds))
	for _, ind := range inds {
		sums = append(sums, indicator.Summary{Ind: ind, Last: measure.LastClosed(ind.Cadence, now), Figs: figs[ind.ID]})
	}
	return digestTrends(sums), len(inds), nil
}

// digestTrends are the indicators with a figure in their chart's window,
// each cut to that window, at most chart.MaxPanels of them.
func digestTrends(sums []indicator.Summary) []indicator.Detail {
	var out []indicator.Detail
	for _, s := range sums {
		d := indicator.Detail{Ind: s.Ind, Periods: measure.Recent(s.Last, indicator.ChartPeriods), Figs: s.Figs}
		for _, p := range d.Periods {
			if _, ok := s.Figs[p.String()]; ok {
				d.Latest = p
			}
		}
		if !d.Latest.IsZero() && len(out) < chart.MaxPanels {
			out = append(out, d)
		}
	}
	return out
}

// trendGrid draws each indicator as in `/indicators show`, one panel each.
func trendGrid(trends []indicator.Detail) chart.Grid {
	var g chart.Grid
	for _, d := range trends {
		g.Panels = append(g.Panels, chart.Panel{Title: d.Ind.Name, Line: indicator.TrendChart(d)})
	}
	return g
}

// trendsComment is the message the chart is shared with.
func trendsComment(trends []indicator.Detail, all int) string {
	s := fmt.Sprintf("📈 *Indicator trends*: each indicator over its last %d periods; the dashed line marked Target is its target.", indicator.ChartPeriods)
	if all > len(trends) {
		s += fmt.Sprintf(" It shows %d of the %d indicators; `/indicators show KEY` charts any one.", len(trends), all)
	}
	return s
}

// trendsAltText says in words what the chart shows, for screen readers.
func trendsAltText(trends []indicator.Detail) string {
	parts := []string{fmt.Sprintf("Line charts of %d indicators over their last %d periods, with targets as dashed lines.", len(trends), indicator.ChartPeriods)}
	for _, d := range trends {
		unit := d.Ind.Unit
		s := fmt.Sprintf("%s: %s in %s", d.Ind.Name, measure.Format(d.Figs[d.Latest.String()].Value, unit), d.Latest)
		if d.Ind.TargetValue != nil {
			s += fmt.Sprintf(", target %s by %s", measure.Format(*d.Ind.TargetValue, unit), d.Ind.TargetPeriod)
		}
		parts = append(parts, s+".")
	}
	return kit.Truncate(strings.Join(parts, " "), maxAltText)
}
