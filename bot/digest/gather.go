package digest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/indicator"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/settings"
	"github.com/backbone-coalition/backbone/store"
)

// gatherDigest reads everything a digest for the 7 days before to shows;
// to is in the coalition's time. Every number comes from the store's
// digest queries, or for indicators from the figures the overview computes.
func (s *Service) gatherDigest(ctx context.Context, tx *store.Tx, co store.Coalition, to time.Time) (Digest, error) {
	raw, err := tx.Settings(ctx, co.TeamID)
	if err != nil {
		return Digest{}, err
	}
	set := settings.From(raw)
	w := store.DigestWindow{TeamID: co.TeamID, From: to.AddDate(0, 0, -7), To: to, Today: directory.Day(to), Zone: to.Location().String()}
	d := Digest{Goal: co.Goal, From: w.From, To: w.To, Today: w.Today,
		HealthDays: indicator.HealthDays, HealthGrace: set.PromptFollowupDays()}
	if d.Counts, err = tx.DigestCounts(ctx, w); err != nil {
		return d, err
	}
	if d.Lists, err = tx.DigestCommitments(ctx, w); err != nil {
		return d, err
	}
	if d.Unconfirmed, err = tx.ReportsBeforeConfirmation(ctx, w); err != nil {
		return d, err
	}
	if d.Missing, err = tx.MissingReports(ctx, w, indicator.LastClosedPeriods(to)); err != nil {
		return d, err
	}
	if d.Shoutouts, err = tx.DigestShoutouts(ctx, w); err != nil {
		return d, err
	}
	if d.Groups, err = tx.DigestGroups(ctx, w); err != nil {
		return d, err
	}
	if d.Health, err = indicator.CoalitionHealth(ctx, tx, co.TeamID, to, d.HealthGrace); err != nil {
		return d, err
	}
	d.Indicators, err = digestIndicators(ctx, tx, co.TeamID, to, set.SuppressionThreshold())
	return d, err
}

// digestIndicators are the overview's lines for each indicator, each with
// the figure it is compared with and the gaps between its segments, as
// the steering committee may see them (small counts hidden per the
// suppression threshold).
func digestIndicators(ctx context.Context, tx *store.Tx, teamID string, now time.Time, threshold int) ([]string, error) {
	inds, err := tx.Indicators(ctx, teamID, store.IndicatorFilter{})
	if err != nil || len(inds) == 0 {
		return nil, err
	}
	sums, err := indicator.Summarize(ctx, tx, teamID, inds, now)
	if err != nil {
		return nil, err
	}
	// Segment gaps are for the period of the latest figure only.
	at := map[int64]measure.Period{}
	for _, s := range sums {
		if p, _, ok := s.LatestFigure(); ok && len(s.Ind.Dimensions) > 0 {
			at[s.Ind.ID] = p
		}
	}
	segs, err := indicator.ReadSegments(ctx, tx, teamID, inds, at)
	if err != nil {
		return nil, err
	}
	v := indicator.Viewer{PerPartner: true, Threshold: threshold}
	var lines []string
	for _, s := range sums {
		text := indicator.SummaryText(s)
		if more := indicatorContext(s, segs[s.Ind.ID], v); more != "" {
			text += "\n" + more
		}
		lines = append(lines, text)
	}
	return lines, nil
}

// indicatorContext is the previous period's figure and the gaps between
// segments of the latest period with a figure (segs, by segment).
func indicatorContext(s indicator.Summary, segs map[string]measure.Figure, v indicator.Viewer) string {
	p, _, ok := s.LatestFigure()
	if !ok {
		return ""
	}
	var parts []string
	if prev, ok := s.Figs[p.Prev().String()]; ok {
		parts = append(parts, fmt.Sprintf("was *%s* in %s", measure.Format(prev.Value, s.Ind.Unit), p.Prev()))
	}
	for _, dim := range s.Ind.Dimensions {
		row := indicator.SegmentFigures(s.Ind, segs, dim, v)
		hidden := 0
		for _, val := range row.Values {
			if val.Value == "suppressed" || strings.HasPrefix(val.Value, "<") {
				hidden++
			}
		}
		gap := row.Gap
		if hidden > 0 {
			gap = strings.TrimSpace(gap + fmt.Sprintf(" (%d small %s hidden)", hidden, kit.PluralWord(hidden, "count", "counts")))
		}
		if gap != "" {
			parts = append(parts, fmt.Sprintf("by %s: %s", kit.Escape(dim.Name), gap))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "↳ " + strings.Join(parts, " · ")
}
