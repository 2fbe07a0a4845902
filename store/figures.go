package store

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// FigureRange asks for one indicator's periods starting within [From, To].
type FigureRange struct {
	IndicatorID int64
	From, To    time.Time
}

// FigureFilter says which figures to compute.
type FigureFilter struct {
	Ranges []FigureRange
	// Segment keeps one segment ("" is the total); nil computes every
	// segment, the total among them.
	Segment *string
}

// PeriodFigure is what the coalition figure of one indicator, period and
// segment is made of, over the newest revision of each partner's value:
// every combining method's result, so callers pick theirs without reading
// partner rows.
type PeriodFigure struct {
	IndicatorID int64     `db:"indicator_id"`
	Period      string    `db:"period"`
	PeriodStart time.Time `db:"period_start"`
	Segment     string    `db:"segment"`
	// Partners is how many partners have a value.
	Partners int     `db:"partners"`
	Sum      float64 `db:"sum"`
	Median   float64 `db:"median"`
	// Latest is the value reported last; of two reported at the same
	// instant, the one of the partner with the larger id.
	Latest float64 `db:"latest"`
	// Version is the newest definition version among the values.
	Version int `db:"version"`
}

// CoalitionFigures returns the figures of the periods and segments f asks
// for, kept in coalition_figures by the database as reports are inserted
// (migrations/00012_coalition_figures.sql): reading one is a primary key
// lookup, however many partners and revisions it is made of.
// Figures come by indicator (in f's order), segment and period.
func (r reader) CoalitionFigures(ctx context.Context, teamID string, f FigureFilter) ([]PeriodFigure, error) {
	if len(f.Ranges) == 0 {
		return nil, nil
	}
	ids, froms, tos := rangeArrays(f.Ranges)
	var out []PeriodFigure
	err := r.q.SelectContext(ctx, &out, `
		SELECT q.indicator_id, g.period, g.period_start, g.segment, g.partners, g.sum, g.median, g.latest, g.version
		FROM unnest($2::bigint[], $3::date[], $4::date[]) WITH ORDINALITY AS q (indicator_id, from_start, to_start, n)
		JOIN coalition_figures g ON g.indicator_id = q.indicator_id
		     AND g.period_start BETWEEN q.from_start AND q.to_start
		     AND ($5::text IS NULL OR g.segment = $5)
		WHERE g.team_id = $1
		ORDER BY q.n, g.segment, g.period_start`,
		teamID, pq.Array(ids), pq.Array(froms), pq.Array(tos), f.Segment)
	if err != nil {
		return nil, fmt.Errorf("read coalition figures: %w", err)
	}
	return out, nil
}

// LatestTotals returns, for each range's indicator, the start of the
// newest period within the range that has a total: where a figure exists.
// Indicators without one are left out.
func (r reader) LatestTotals(ctx context.Context, teamID string, ranges []FigureRange) (map[int64]time.Time, error) {
	if len(ranges) == 0 {
		return map[int64]time.Time{}, nil
	}
	ids, froms, tos := rangeArrays(ranges)
	var rows []struct {
		IndicatorID int64     `db:"indicator_id"`
		Start       time.Time `db:"period_start"`
	}
	err := r.q.SelectContext(ctx, &rows, `
		SELECT q.indicator_id, l.period_start
		FROM unnest($2::bigint[], $3::date[], $4::date[]) AS q (indicator_id, from_start, to_start)
		CROSS JOIN LATERAL (
			SELECT g.period_start FROM coalition_figures g
			WHERE g.indicator_id = q.indicator_id AND g.segment = ''
			  AND g.period_start BETWEEN q.from_start AND q.to_start AND g.team_id = $1
			ORDER BY g.period_start DESC
			LIMIT 1
		) l`,
		teamID, pq.Array(ids), pq.Array(froms), pq.Array(tos))
	if err != nil {
		return nil, fmt.Errorf("find latest totals: %w", err)
	}
	out := make(map[int64]time.Time, len(rows))
	for _, row := range rows {
		out[row.IndicatorID] = row.Start
	}
	return out, nil
}

// TotalReporters returns, for each range's indicator, the partners with a
// total for a period within the range. Callers ask for one period; its
// cells are one range of the reports_cells index, read for each indicator
// on its own (a join over the ranges let the planner read every total of
// a fresh large coalition) and without visiting the table once vacuumed.
func (r reader) TotalReporters(ctx context.Context, teamID string, ranges []FigureRange) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(ranges) == 0 {
		return out, nil
	}
	ids, froms, tos := rangeArrays(ranges)
	var rows []struct {
		IndicatorID int64 `db:"indicator_id"`
		PartnerID   int64 `db:"partner_id"`
	}
	err := r.q.SelectContext(ctx, &rows, `
		SELECT q.indicator_id, c.partner_id
		FROM unnest($2::bigint[], $3::date[], $4::date[]) AS q (indicator_id, from_start, to_start)
		CROSS JOIN LATERAL (
			SELECT DISTINCT r.partner_id FROM reports r
			WHERE r.indicator_id = q.indicator_id AND r.segment = ''
			  AND r.period_start BETWEEN q.from_start AND q.to_start AND r.team_id = $1
		) c
		ORDER BY q.indicator_id, c.partner_id`,
		teamID, pq.Array(ids), pq.Array(froms), pq.Array(tos))
	if err != nil {
		return nil, fmt.Errorf("list partners with totals: %w", err)
	}
	for _, row := range rows {
		out[row.IndicatorID] = append(out[row.IndicatorID], row.PartnerID)
	}
	return out, nil
}

func rangeArrays(rs []FigureRange) ([]int64, []string, []string) {
	ids := make([]int64, len(rs))
	froms, tos := make([]string, len(rs)), make([]string, len(rs))
	for i, x := range rs {
		ids[i], froms[i], tos[i] = x.IndicatorID, x.From.Format(time.DateOnly), x.To.Format(time.DateOnly)
	}
	return ids, froms, tos
}
