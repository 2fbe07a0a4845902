package indicator

import (
	"context"
	"math"

	"github.com/backbone-coalition/backbone/bot/chart"
	"github.com/backbone-coalition/backbone/measure"
	"github.com/backbone-coalition/backbone/settings"
	"github.com/backbone-coalition/backbone/store"
)

// PublicViewer is the anonymous reader of the public scorecard: coalition
// figures only, with the coalition's suppression threshold always applied.
func (s *Service) PublicViewer(ctx context.Context, teamID string) (Viewer, error) {
	raw, err := s.Store.Settings(ctx, teamID)
	if err != nil {
		return Viewer{}, err
	}
	return Viewer{Member: store.Member{TeamID: teamID}, Threshold: settings.From(raw).SuppressionThreshold(), Public: true}, nil
}

// Partners are the partners' values for the latest period, as v may see them.
func (d Detail) Partners() []PartnerRow { return d.partners }

// Segments are each dimension's figures for the latest period.
func (d Detail) Segments() []SegmentRow { return d.segments }

// OwnSegments are the viewer's organization's own segment values.
func (d Detail) OwnSegments() []PartnerRow { return d.ownSegments }

// Viewer is whom the detail was cut for.
func (d Detail) Viewer() Viewer { return d.viewer }

// PeriodRow is one period of the indicator page's table.
type PeriodRow struct {
	Period string
	// Value is the figure as shown: "" for none, the suppressed label when
	// hidden from the viewer.
	Value    string
	Partners int
	// Version is the definition the figure was reported under; Older marks
	// an earlier one than the current.
	Version int
	Older   bool
}

// PeriodRows are the window's periods, newest first, from the first with
// a figure.
func (d Detail) PeriodRows() []PeriodRow {
	var rows []PeriodRow
	for i := len(d.Periods) - 1; i >= 0; i-- {
		p := d.Periods[i]
		f, ok := d.Figs[p.String()]
		row := PeriodRow{Period: p.String()}
		switch {
		case !ok:
		case d.viewer.hidesTotal(d.Ind, f):
			row.Value, row.Partners = "suppressed", f.Partners
		default:
			row.Value, row.Partners, row.Version, row.Older = measure.Format(f.Value, d.Ind.Unit), f.Partners, f.Version, f.Version < d.Ind.Version
		}
		rows = append(rows, row)
	}
	for len(rows) > 1 && rows[len(rows)-1].Value == "" {
		rows = rows[:len(rows)-1]
	}
	return rows
}

// SegmentCharts are the indicator's figures by segment over the window,
// one chart per dimension, each segment's figure hidden where v may not
// see it, and a segment hidden in every period named as omitted.
func (s *Service) SegmentCharts(ctx context.Context, d Detail) ([]chart.Segments, error) {
	if len(d.Ind.Dimensions) == 0 || d.Latest.IsZero() {
		return nil, nil
	}
	first, last := d.Periods[0], d.Periods[len(d.Periods)-1]
	figs, err := readFigures(ctx, s.Store, d.Ind.TeamID, []store.Indicator{d.Ind},
		store.FigureFilter{Ranges: []store.FigureRange{{IndicatorID: d.Ind.ID, From: first.Start(), To: last.Start()}}},
		func(pf store.PeriodFigure) string { return pf.Segment + "@" + pf.Period })
	if err != nil {
		return nil, err
	}
	out := make([]chart.Segments, 0, len(d.Ind.Dimensions))
	for _, dim := range d.Ind.Dimensions {
		out = append(out, segmentChart(d, dim, figs[d.Ind.ID]))
	}
	return out, nil
}

// segmentChart is one dimension's chart; figs are keyed "dim=value@period".
func segmentChart(d Detail, dim store.Dimension, figs map[string]measure.Figure) chart.Segments {
	c := chart.Segments{Title: d.Ind.Name + " by " + dim.Name, Target: d.Ind.TargetValue, Format: trendFormat(d.Ind.Unit)}
	for _, p := range d.Periods {
		c.Labels = append(c.Labels, p.String())
	}
	for _, val := range dim.Values {
		sr := chart.Series{Name: val}
		shown, hidden := false, false
		for _, p := range d.Periods {
			f, ok := figs[dim.Name+"="+val+"@"+p.String()]
			v := math.NaN()
			switch {
			case !ok:
			case d.viewer.hidesSegment(d.Ind, f):
				hidden = true
			default:
				v, shown = f.Value, true
			}
			sr.Values = append(sr.Values, v)
		}
		switch {
		case shown:
			c.Series = append(c.Series, sr)
		case hidden:
			c.Omitted = append(c.Omitted, val)
		}
	}
	return c
}

// hidesSegment reports whether a segment's figure f is hidden from v, by
// the rules of SegmentFigures: one partner's cell from those who may not
// see each partner, a small count below the threshold.
func (v Viewer) hidesSegment(ind store.Indicator, f measure.Figure) bool {
	return f.Partners < 2 && !v.PerPartner || measure.SmallCount(f.Value, ind.Unit, v.Threshold)
}

// trendFormat writes a chart's axis values in the unit.
func trendFormat(unit measure.Unit) func(float64) string {
	return func(v float64) string {
		if unit == measure.RatePer1000 {
			return measure.Plain(v)
		}
		return measure.Format(v, unit)
	}
}

// Health is each partner's coalition health now, as the Home tab and the
// digest count it; the scorecard shows it to staff and steering only.
func (s *Service) Health(ctx context.Context, teamID string) ([]store.PartnerHealth, error) {
	raw, err := s.Store.Settings(ctx, teamID)
	if err != nil {
		return nil, err
	}
	now := s.Now().In(s.dir.CoalitionLoc(ctx, teamID))
	return CoalitionHealth(ctx, s.Store, teamID, now, settings.From(raw).PromptFollowupDays())
}
