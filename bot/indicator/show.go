package indicator

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/chart"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/store"
)

// ChartPeriods is how many periods the chart and the table cover.
const ChartPeriods = 12

// Detail is everything `/indicators show` says of one indicator,
// already cut to what the viewer may see.
type Detail struct {
	Ind      store.Indicator
	versions []store.IndicatorDef
	// Periods is the window shown, oldest first, ending at the last closed
	// period; figs the coalition figures by period.
	Periods []measure.Period
	Figs    map[string]measure.Figure
	// Latest is the newest period with a figure (zero when none).
	Latest   measure.Period
	partners []PartnerRow
	segments []SegmentRow
	// ownSegments are the viewer's organization's own segment values,
	// shown to it in full whatever the others' cells hide.
	ownSegments []PartnerRow
	viewer      Viewer
}

// PartnerRow is one partner's value for the latest period, as shown.
type PartnerRow struct{ Name, Value string }

// SegmentRow is one dimension's figures for the latest period.
type SegmentRow struct {
	Dimension string
	Values    []PartnerRow // segment value → shown figure
	Gap       string
}

func (s *Service) indicatorShow(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	key, err := oneKey(rest, "/indicators show youth-binge-drinking")
	if err != nil {
		return kit.Reply{}, err
	}
	ind, err := s.findAnyIndicator(ctx, req.TeamID, key)
	if err != nil {
		return kit.Reply{}, err
	}
	v, err := s.ViewerOf(ctx, req.Actor)
	if err != nil {
		return kit.Reply{}, err
	}
	d, err := s.DetailOf(ctx, ind, v)
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: kit.Escape(ind.Name), Blocks: IndicatorBlocks(d, s.sendChart(ctx, req.Actor, d))}, nil
}

// DetailOf is what v may see of ind: `/indicators show`, and the
// scorecard's indicator page.
func (s *Service) DetailOf(ctx context.Context, ind store.Indicator, v Viewer) (Detail, error) {
	now := s.dir.CoalitionNow(ctx, ind.TeamID)
	in, err := s.detailInputs(ctx, ind, now, v)
	if err != nil {
		return Detail{}, err
	}
	versions, err := s.Store.IndicatorVersions(ctx, ind.ID)
	if err != nil {
		return Detail{}, err
	}
	partners, err := s.Store.Partners(ctx, ind.TeamID)
	if err != nil {
		return Detail{}, err
	}
	return buildDetail(ind, versions, in, partners, v, now), nil
}

// detailInputs are the figures and values `/indicators show` draws on.
type detailInputs struct {
	// figs are the totals by period: the chart's and back to the latest
	// figure; segs the latest figure's period's figures by segment.
	figs, segs map[string]measure.Figure
	// totals are each partner's newest total for that period.
	totals []store.Report
	// own are the viewer's organization's newest segment values for that
	// period, when it may not see every partner's (it may see its own).
	own []store.Report
}

// detailInputs reads what the detail shows, and no more: the totals of
// the charted periods (and of the latest figure's), then the segments and
// partner values of the latest figure's period alone.
func (s *Service) detailInputs(ctx context.Context, ind store.Indicator, now time.Time, v Viewer) (detailInputs, error) {
	inds := []store.Indicator{ind}
	figs, err := ReadTotals(ctx, s.Store, ind.TeamID, inds, now, ChartPeriods, true)
	if err != nil {
		return detailInputs{}, err
	}
	in := detailInputs{figs: figs[ind.ID]}
	p, ok := latestPeriod(in.figs, measure.LastClosed(ind.Cadence, now))
	if !ok {
		return in, nil
	}
	segs, err := ReadSegments(ctx, s.Store, ind.TeamID, inds, map[int64]measure.Period{ind.ID: p})
	if err != nil {
		return in, err
	}
	in.segs = segs[ind.ID]
	start := p.Start()
	in.totals, err = s.Store.LatestReports(ctx, ind.TeamID, store.ReportFilter{IndicatorID: &ind.ID, Segment: new(string), From: &start, To: &start})
	if err != nil || v.PerPartner || v.Member.PartnerID == nil || len(ind.Dimensions) == 0 {
		return in, err
	}
	in.own, err = s.Store.LatestReports(ctx, ind.TeamID, store.ReportFilter{IndicatorID: &ind.ID, PartnerID: v.Member.PartnerID, From: &start, To: &start})
	return in, err
}

// latestPeriod is the newest period with a figure, within latestSearch
// periods of last.
func latestPeriod(figs map[string]measure.Figure, last measure.Period) (measure.Period, bool) {
	p, _, ok := Summary{Last: last, Figs: figs}.LatestFigure()
	return p, ok
}

// buildDetail puts together the figures, per-partner values and segment
// gaps of the latest period, applying what v may see.
func buildDetail(ind store.Indicator, versions []store.IndicatorDef, in detailInputs, partners []store.Partner, v Viewer, now time.Time) Detail {
	last := measure.LastClosed(ind.Cadence, now)
	d := Detail{Ind: ind, versions: versions, Periods: measure.Recent(last, ChartPeriods), Figs: in.figs, viewer: v}
	p, ok := latestPeriod(in.figs, last)
	if !ok {
		return d
	}
	d.Latest = p
	d.partners = partnerRows(ind, in.totals, partners, d.Latest, v)
	for _, dim := range ind.Dimensions {
		d.segments = append(d.segments, SegmentFigures(ind, in.segs, dim, v))
	}
	for _, r := range in.own {
		if r.Segment != "" {
			d.ownSegments = append(d.ownSegments, PartnerRow{Name: r.Segment, Value: measure.Format(r.Value, r.Unit)})
		}
	}
	return d
}

// partnerRows lists each reporting partner's total for period p: every
// partner for those who may see them, else only the viewer's own.
func partnerRows(ind store.Indicator, rs []store.Report, partners []store.Partner, p measure.Period, v Viewer) []PartnerRow {
	unit := ind.Unit
	values := map[int64]float64{}
	names := map[int64]string{}
	for _, r := range rs {
		if r.Period == p.String() && r.Segment == "" {
			values[r.PartnerID], names[r.PartnerID] = r.Value, r.PartnerName
		}
	}
	var rows []PartnerRow
	for _, pt := range partners {
		val, reported := values[pt.ID]
		if !ind.Reports(pt.ID) && !reported || !v.PerPartner && !v.ownPartner(pt.ID) {
			continue
		}
		shown := "_not reported_"
		switch {
		case reported && !v.ownPartner(pt.ID) && measure.SmallCount(val, unit, v.Threshold):
			shown = measure.SuppressedLabel(v.Threshold)
		case reported:
			shown = measure.Format(val, unit)
		}
		rows = append(rows, PartnerRow{Name: names[pt.ID], Value: shown})
		if rows[len(rows)-1].Name == "" {
			rows[len(rows)-1].Name = pt.Name
		}
	}
	return rows
}

// SegmentFigures is one dimension's figures for a period, with the gap
// between the highest and lowest shown. A figure that would reveal one
// partner's value to someone who may not see it is "suppressed", and a
// small count "<10"; neither counts toward the gap. segs are the period's
// figures by segment.
func SegmentFigures(ind store.Indicator, segs map[string]measure.Figure, dim store.Dimension, v Viewer) SegmentRow {
	unit := ind.Unit
	row := SegmentRow{Dimension: dim.Name}
	lo, hi := math.Inf(1), math.Inf(-1)
	var loName, hiName string
	for _, val := range dim.Values {
		f, ok := segs[dim.Name+"="+val]
		shown := "no value"
		switch {
		case !ok:
		case f.Partners < 2 && !v.PerPartner:
			shown = "suppressed"
		case measure.SmallCount(f.Value, unit, v.Threshold):
			shown = measure.SuppressedLabel(v.Threshold)
		default:
			shown = measure.Format(f.Value, unit)
			if f.Value < lo {
				lo, loName = f.Value, val
			}
			if f.Value > hi {
				hi, hiName = f.Value, val
			}
		}
		row.Values = append(row.Values, PartnerRow{Name: val, Value: shown})
	}
	if loName != "" && loName != hiName {
		row.Gap = fmt.Sprintf("gap %s between %s and %s", gapText(hi-lo, unit), kit.Escape(hiName), kit.Escape(loName))
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
func (s *Service) sendChart(ctx context.Context, to store.Member, d Detail) string {
	if d.Latest.IsZero() {
		return ""
	}
	png, err := TrendChart(d).PNG()
	if err == nil {
		first, last := d.Periods[0], d.Periods[len(d.Periods)-1]
		err = s.sendFile(ctx, to.TeamID, to.UserID, d.Ind.Key+".png", fmt.Sprintf("%s, %s to %s", d.Ind.Name, first, last),
			fmt.Sprintf("📈 *%s*, %s to %s, with the target line.", kit.Escape(d.Ind.Name), first, last), png)
	}
	if err != nil {
		s.Log.Error("indicator chart not sent", "indicator", d.Ind.Key, "user_id", to.UserID, "err", err)
		return "⚠️ I couldn't send you the chart just now; try again in a minute."
	}
	return "📈 I sent you the chart in our DM."
}

// TrendChart is the line chart of the window's figures.
func TrendChart(d Detail) chart.Line {
	l := chart.Line{Title: d.Ind.Name, Target: d.Ind.TargetValue, Baseline: d.Ind.BaselineValue, Format: trendFormat(d.Ind.Unit)}
	prevVersion := 0
	for i, p := range d.Periods {
		pt := chart.Point{Label: p.String(), Value: math.NaN()}
		if f, ok := d.Figs[p.String()]; ok {
			pt.Value, pt.Suppressed = f.Value, d.viewer.hidesTotal(d.Ind, f)
			if pt.Suppressed {
				pt.Value = math.NaN()
			}
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
func (s *Service) sendFile(ctx context.Context, teamID, userID, filename, title, comment string, content []byte) error {
	api, err := s.Client(ctx, teamID)
	if err != nil {
		return err
	}
	ch, _, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{userID}})
	if err != nil {
		return fmt.Errorf("open DM with %s: %w", userID, err)
	}
	_, err = api.UploadFileContext(ctx, slack.UploadFileParameters{
		Reader: bytes.NewReader(content), FileSize: len(content), Filename: filename,
		Title: title, InitialComment: comment, Channel: ch.ID,
	})
	if err != nil {
		return fmt.Errorf("upload %s: %w", filename, err)
	}
	return nil
}
