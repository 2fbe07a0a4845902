package bot

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/chart"
	"github.com/backbone-coalition/backbone/bot/measure"
	"github.com/backbone-coalition/backbone/store"
)

// chartPeriods is how many periods the chart and the table cover.
const chartPeriods = 12

// indicatorDetail is everything `/indicators show` says of one indicator,
// already cut to what the viewer may see.
type indicatorDetail struct {
	ind      store.Indicator
	versions []store.IndicatorDef
	// periods is the window shown, oldest first, ending at the last closed
	// period; figs the coalition figures by period.
	periods []measure.Period
	figs    map[string]measure.Figure
	// latest is the newest period with a figure (zero when none).
	latest   measure.Period
	partners []partnerRow
	segments []segmentRow
	viewer   viewer
}

// partnerRow is one partner's value for the latest period, as shown.
type partnerRow struct{ name, value string }

// segmentRow is one dimension's figures for the latest period.
type segmentRow struct {
	dimension string
	values    []partnerRow // segment value → shown figure
	gap       string
}

func (b *Bot) indicatorShow(ctx context.Context, req request, rest string) (reply, error) {
	key, err := oneKey(rest, "/indicators show youth-binge-drinking")
	if err != nil {
		return reply{}, err
	}
	ind, err := b.findAnyIndicator(ctx, req.TeamID, key)
	if err != nil {
		return reply{}, err
	}
	v, err := b.viewerOf(ctx, req.actor)
	if err != nil {
		return reply{}, err
	}
	now := b.localNow(ctx, req.TeamID)
	in, err := b.detailInputs(ctx, ind, now)
	if err != nil {
		return reply{}, err
	}
	versions, err := b.store.IndicatorVersions(ctx, ind.ID)
	if err != nil {
		return reply{}, err
	}
	partners, err := b.store.Partners(ctx, req.TeamID)
	if err != nil {
		return reply{}, err
	}
	d := buildDetail(ind, versions, in, partners, v, now)
	return reply{Text: ind.Name, Blocks: IndicatorBlocks(d, b.sendChart(ctx, req.actor, d))}, nil
}

// detailInputs are the figures and values `/indicators show` draws on.
type detailInputs struct {
	// figs are the totals by period: the chart's and back to the latest
	// figure; segs the latest figure's period's figures by segment.
	figs, segs map[string]measure.Figure
	// totals are each partner's newest total for that period.
	totals []store.Report
}

// detailInputs reads what the detail shows, and no more: the totals of
// the charted periods (and of the latest figure's), then the segments and
// partner values of the latest figure's period alone.
func (b *Bot) detailInputs(ctx context.Context, ind store.Indicator, now time.Time) (detailInputs, error) {
	inds := []store.Indicator{ind}
	figs, err := readTotals(ctx, b.store, ind.TeamID, inds, now, chartPeriods, true)
	if err != nil {
		return detailInputs{}, err
	}
	in := detailInputs{figs: figs[ind.ID]}
	p, ok := latestPeriod(in.figs, measure.LastClosed(measure.Cadence(ind.Cadence), now))
	if !ok {
		return in, nil
	}
	segs, err := readSegments(ctx, b.store, ind.TeamID, inds, map[int64]measure.Period{ind.ID: p})
	if err != nil {
		return in, err
	}
	in.segs = segs[ind.ID]
	start := p.Start()
	in.totals, err = b.store.LatestReports(ctx, ind.TeamID, store.ReportFilter{IndicatorID: &ind.ID, Segment: new(string), From: &start, To: &start})
	return in, err
}

// latestPeriod is the newest period with a figure, within latestSearch
// periods of last.
func latestPeriod(figs map[string]measure.Figure, last measure.Period) (measure.Period, bool) {
	p, _, ok := indicatorSummary{last: last, figs: figs}.latestFigure()
	return p, ok
}

// buildDetail puts together the figures, per-partner values and segment
// gaps of the latest period, applying what v may see.
func buildDetail(ind store.Indicator, versions []store.IndicatorDef, in detailInputs, partners []store.Partner, v viewer, now time.Time) indicatorDetail {
	last := measure.LastClosed(measure.Cadence(ind.Cadence), now)
	d := indicatorDetail{ind: ind, versions: versions, periods: measure.Recent(last, chartPeriods), figs: in.figs, viewer: v}
	p, ok := latestPeriod(in.figs, last)
	if !ok {
		return d
	}
	d.latest = p
	d.partners = partnerRows(ind, in.totals, partners, d.latest, v)
	for _, dim := range ind.Dimensions {
		d.segments = append(d.segments, segmentFigures(ind, in.segs, dim, v))
	}
	return d
}

// partnerRows lists each reporting partner's total for period p: every
// partner for those who may see them, else only the viewer's own.
func partnerRows(ind store.Indicator, rs []store.Report, partners []store.Partner, p measure.Period, v viewer) []partnerRow {
	unit := measure.Unit(ind.Unit)
	values := map[int64]float64{}
	names := map[int64]string{}
	for _, r := range rs {
		if r.Period == p.String() && r.Segment == "" {
			values[r.PartnerID], names[r.PartnerID] = r.Value, r.PartnerName
		}
	}
	var rows []partnerRow
	for _, pt := range partners {
		val, reported := values[pt.ID]
		if !ind.Reports(pt.ID) && !reported || !v.perPartner && !v.ownPartner(pt.ID) {
			continue
		}
		shown := "_not reported_"
		switch {
		case reported && !v.ownPartner(pt.ID) && measure.SmallCount(val, unit, v.threshold):
			shown = measure.SuppressedLabel(v.threshold)
		case reported:
			shown = measure.Format(val, unit)
		}
		rows = append(rows, partnerRow{name: names[pt.ID], value: shown})
		if rows[len(rows)-1].name == "" {
			rows[len(rows)-1].name = pt.Name
		}
	}
	return rows
}

// segmentFigures is one dimension's figures for a period, with the gap
// between the highest and lowest shown. A figure that would reveal one
// partner's value to someone who may not see it is "suppressed", and a
// small count "<10"; neither counts toward the gap. segs are the period's
// figures by segment.
func segmentFigures(ind store.Indicator, segs map[string]measure.Figure, dim store.Dimension, v viewer) segmentRow {
	unit := measure.Unit(ind.Unit)
	row := segmentRow{dimension: dim.Name}
	lo, hi := math.Inf(1), math.Inf(-1)
	var loName, hiName string
	for _, val := range dim.Values {
		f, ok := segs[dim.Name+"="+val]
		shown := "no value"
		switch {
		case !ok:
		case f.Partners < 2 && !v.perPartner:
			shown = "suppressed"
		case measure.SmallCount(f.Value, unit, v.threshold):
			shown = measure.SuppressedLabel(v.threshold)
		default:
			shown = measure.Format(f.Value, unit)
			if f.Value < lo {
				lo, loName = f.Value, val
			}
			if f.Value > hi {
				hi, hiName = f.Value, val
			}
		}
		row.values = append(row.values, partnerRow{name: val, value: shown})
	}
	if loName != "" && loName != hiName {
		row.gap = fmt.Sprintf("gap %s between %s and %s", gapText(hi-lo, unit), escape(hiName), escape(loName))
	}
	return row
}

// gapText is a difference in the unit's terms: percentage points for
// percents.
func gapText(diff float64, u measure.Unit) string {
	if u == measure.Percent {
		return measure.Plain(diff) + " points"
	}
	return measure.Format(diff, u)
}

// sendChart uploads the trend chart to the viewer's DM and returns the line
// the answer shows about it.
func (b *Bot) sendChart(ctx context.Context, to store.Member, d indicatorDetail) string {
	if d.latest.IsZero() {
		return ""
	}
	png, err := trendChart(d).PNG()
	if err == nil {
		first, last := d.periods[0], d.periods[len(d.periods)-1]
		err = b.sendFile(ctx, to.UserID, d.ind.Key+".png", fmt.Sprintf("%s, %s to %s", d.ind.Name, first, last),
			fmt.Sprintf("📈 *%s*, %s to %s, with the target line.", escape(d.ind.Name), first, last), png)
	}
	if err != nil {
		b.log.Error("indicator chart not sent", "indicator", d.ind.Key, "user_id", to.UserID, "err", err)
		return "⚠️ I couldn't send you the chart just now; try again in a minute."
	}
	return "📈 I sent you the chart in our DM."
}

// trendChart is the line chart of the window's figures.
func trendChart(d indicatorDetail) chart.Line {
	unit := measure.Unit(d.ind.Unit)
	l := chart.Line{Target: d.ind.TargetValue, Baseline: d.ind.BaselineValue, Format: func(v float64) string {
		if unit == measure.RatePer1000 {
			return measure.Plain(v)
		}
		return measure.Format(v, unit)
	}}
	prevVersion := 0
	for i, p := range d.periods {
		pt := chart.Point{Label: p.String(), Value: math.NaN()}
		if f, ok := d.figs[p.String()]; ok {
			pt.Value = f.Value
			if prevVersion > 0 && f.Version > prevVersion {
				l.ChangedAt = i
			}
			prevVersion = f.Version
		}
		l.Points = append(l.Points, pt)
	}
	return l
}

// sendFile uploads content to userID's DM with the bot, with files upload
// v2 (files.getUploadURLExternal, then files.completeUploadExternal).
func (b *Bot) sendFile(ctx context.Context, userID, filename, title, comment string, content []byte) error {
	ch, _, _, err := b.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{userID}})
	if err != nil {
		return fmt.Errorf("open DM with %s: %w", userID, err)
	}
	_, err = b.api.UploadFileContext(ctx, slack.UploadFileParameters{
		Reader: bytes.NewReader(content), FileSize: len(content), Filename: filename,
		Title: title, InitialComment: comment, Channel: ch.ID,
	})
	if err != nil {
		return fmt.Errorf("upload %s: %w", filename, err)
	}
	return nil
}
