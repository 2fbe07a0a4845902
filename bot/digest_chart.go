package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/bot/chart"
	"github.com/backbone-coalition/backbone/bot/measure"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
)

// maxAltText is the longest alt text Slack takes for a file.
const maxAltText = 1000

// withDigestChart appends to msgs the upload of the indicators' trends
// chart into the thread of the digest queued under parentKey, when some
// indicator has figures to draw. Its dedupe key holds the slot's, so a
// slot's chart is uploaded once.
func (b *Bot) withDigestChart(ctx context.Context, tx *store.Tx, r schedules.Run, channel, parentKey string, msgs []store.OutboxMessage) ([]store.OutboxMessage, error) {
	now := r.At.In(r.Loc)
	trends, all, err := trendsAt(ctx, tx, r.TeamID, now)
	if err != nil || len(trends) == 0 {
		return msgs, err
	}
	png, err := trendGrid(trends).PNG()
	if err != nil {
		// The chart only illustrates the digest's own figures: the digest
		// goes without it rather than not at all.
		b.log.Warn("digest chart not drawn", "team_id", r.TeamID, "slot", r.Slot, "err", err)
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
func trendsAt(ctx context.Context, tx *store.Tx, teamID string, now time.Time) ([]indicatorDetail, int, error) {
	inds, err := tx.Indicators(ctx, teamID, store.IndicatorFilter{})
	if err != nil || len(inds) == 0 {
		return nil, 0, err
	}
	figs, err := readTotals(ctx, tx, teamID, inds, now, chartPeriods, false)
	if err != nil {
		return nil, 0, err
	}
	sums := make([]indicatorSummary, 0, len(inds))
	for _, ind := range inds {
		sums = append(sums, indicatorSummary{ind: ind, last: measure.LastClosed(measure.Cadence(ind.Cadence), now), figs: figs[ind.ID]})
	}
	return digestTrends(sums), len(inds), nil
}

// digestTrends are the indicators with a figure in their chart's window,
// each cut to that window, at most chart.MaxPanels of them.
func digestTrends(sums []indicatorSummary) []indicatorDetail {
	var out []indicatorDetail
	for _, s := range sums {
		d := indicatorDetail{ind: s.ind, periods: measure.Recent(s.last, chartPeriods), figs: s.figs}
		for _, p := range d.periods {
			if _, ok := s.figs[p.String()]; ok {
				d.latest = p
			}
		}
		if !d.latest.IsZero() && len(out) < chart.MaxPanels {
			out = append(out, d)
		}
	}
	return out
}

// trendGrid draws each indicator as in `/indicators show`, one panel each.
func trendGrid(trends []indicatorDetail) chart.Grid {
	var g chart.Grid
	for _, d := range trends {
		g.Panels = append(g.Panels, chart.Panel{Title: d.ind.Name, Line: trendChart(d)})
	}
	return g
}

// trendsComment is the message the chart is shared with.
func trendsComment(trends []indicatorDetail, all int) string {
	s := fmt.Sprintf("📈 *Indicator trends*: each indicator over its last %d periods; the dashed green line is its target.", chartPeriods)
	if all > len(trends) {
		s += fmt.Sprintf(" It shows %d of the %d indicators; `/indicators show KEY` charts any one.", len(trends), all)
	}
	return s
}

// trendsAltText says in words what the chart shows, for screen readers.
func trendsAltText(trends []indicatorDetail) string {
	parts := []string{fmt.Sprintf("Line charts of %d indicators over their last %d periods, with targets as dashed lines.", len(trends), chartPeriods)}
	for _, d := range trends {
		unit := measure.Unit(d.ind.Unit)
		s := fmt.Sprintf("%s: %s in %s", d.ind.Name, measure.Format(d.figs[d.latest.String()].Value, unit), d.latest)
		if d.ind.TargetValue != nil {
			s += fmt.Sprintf(", target %s by %s", measure.Format(*d.ind.TargetValue, unit), d.ind.TargetPeriod)
		}
		parts = append(parts, s+".")
	}
	return truncate(strings.Join(parts, " "), maxAltText)
}
