package store

import (
	"context"
	"fmt"
	"time"

	"github.com/backbone-coalition/backbone/measure"
	"github.com/lib/pq"
)

// Report is one revision of one partner's value of an indicator for a
// period and segment.
type Report struct {
	ID           int64  `db:"id" json:"id"`
	TeamID       string `db:"team_id" json:"-"`
	IndicatorID  int64  `db:"indicator_id" json:"indicator_id"`
	IndicatorKey string `db:"indicator_key" json:"indicator"`
	// IndicatorVersion is the definition in force when it was reported.
	IndicatorVersion int    `db:"indicator_version" json:"indicator_version"`
	PartnerID        int64  `db:"partner_id" json:"partner_id"`
	PartnerName      string `db:"partner_name" json:"partner"`
	// Period is canonical ("2026-Q3"); PeriodStart is its first day.
	Period      string    `db:"period" json:"period"`
	PeriodStart time.Time `db:"period_start" json:"-"`
	// Unit is the unit of the definition it was reported under.
	Unit measure.Unit `db:"unit" json:"-"`
	// Segment is "" for the total, or "town=Greenfield".
	Segment  string  `db:"segment" json:"segment"`
	Revision int     `db:"revision" json:"revision"`
	Value    float64 `db:"value" json:"value"`
	Note     string  `db:"note" json:"note"`
	// ReportedBy is the Slack user ID; ReportedByName their display name.
	ReportedBy     string    `db:"reported_by" json:"reported_by"`
	ReportedByName string    `db:"reported_by_name" json:"-"`
	ReportedAt     time.Time `db:"reported_at" json:"reported_at"`
	// ConfirmedAfter is set when the reporter's link to the partner was
	// confirmed only after this report: it should never happen (a pending
	// member cannot report), and the export says so if it does.
	ConfirmedAfter bool `db:"confirmed_after" json:"-"`
}

// NewReport is a value to record.
type NewReport struct {
	TeamID           string
	IndicatorID      int64
	IndicatorVersion int
	PartnerID        int64
	Period           string
	PeriodStart      time.Time
	Segment          string
	Value            float64
	Note             string
	ReportedBy       string
	ReportedAt       time.Time
	// Revision is set only for AddReports; AddReport picks the next one.
	Revision int
}

const reportColumns = `r.id, r.team_id, r.indicator_id, i.key AS indicator_key, r.indicator_version, r.partner_id,
	p.name AS partner_name, r.period, r.period_start, v.unit, r.segment, r.revision, r.value, r.note, r.reported_by,
	COALESCE(m.display_name, '') AS reported_by_name, r.reported_at,
	(m.partner_id = r.partner_id AND m.partner_confirmed_at > r.reported_at) IS TRUE AS confirmed_after`

const reportFrom = ` FROM reports r
	JOIN indicators i ON i.id = r.indicator_id
	JOIN indicator_versions v ON v.indicator_id = r.indicator_id AND v.version = r.indicator_version
	JOIN partners p ON p.id = r.partner_id
	LEFT JOIN members m ON m.team_id = r.team_id AND m.user_id = r.reported_by `

// AddReport records a value as the next revision of its cell (indicator,
// partner, period, segment): the first report is revision 1, and a
// correction never overwrites. Hold the indicator (LockIndicator) first, so
// two reports of one cell cannot claim the same revision.
func (tx *Tx) AddReport(ctx context.Context, n NewReport) (Report, error) {
	var id int64
	err := tx.tx.GetContext(ctx, &id, `
		INSERT INTO reports (team_id, indicator_id, indicator_version, partner_id, period, period_start,
		                     segment, revision, value, note, reported_by, reported_at)
		SELECT $1, $2, $3, $4, $5, $6, $7, COALESCE(max(revision), 0) + 1, $8, $9, $10, $11
		FROM reports WHERE indicator_id = $2 AND partner_id = $4 AND period = $5 AND segment = $7
		RETURNING id`,
		n.TeamID, n.IndicatorID, n.IndicatorVersion, n.PartnerID, n.Period, n.PeriodStart,
		n.Segment, n.Value, n.Note, n.ReportedBy, n.ReportedAt)
	if err != nil {
		return Report{}, fmt.Errorf("add report of indicator %d: %w", n.IndicatorID, interpret(err))
	}
	var r Report
	if err := tx.tx.GetContext(ctx, &r, `SELECT `+reportColumns+reportFrom+` WHERE r.id = $1`, id); err != nil {
		return Report{}, fmt.Errorf("read report %d: %w", id, interpret(err))
	}
	return r, nil
}

// ReportFilter narrows report queries; nil fields do not filter.
type ReportFilter struct {
	IndicatorID *int64
	PartnerID   *int64
	// Segment keeps one segment ("" is the total).
	Segment *string
	// From and To keep periods starting within [From, To].
	From, To *time.Time
}

// LatestReports returns the newest revision of every cell matching f: the
// values figures, digests and charts use. They come by indicator key,
// period, partner name and segment.
func (r reader) LatestReports(ctx context.Context, teamID string, f ReportFilter) ([]Report, error) {
	var rs []Report
	err := r.q.SelectContext(ctx, &rs, `
		SELECT id, team_id, indicator_id, indicator_key, indicator_version, partner_id, partner_name, period,
		       period_start, unit, segment, revision, value, note, reported_by, reported_by_name, reported_at
		FROM (
			SELECT DISTINCT ON (r.indicator_id, r.partner_id, r.period, r.segment) `+reportColumns+reportFrom+
		reportWhere+`
			ORDER BY r.indicator_id, r.partner_id, r.period, r.segment, r.revision DESC
		) newest
		ORDER BY indicator_key, period_start, lower(partner_name), segment`,
		teamID, f.IndicatorID, f.PartnerID, f.Segment, f.From, f.To)
	if err != nil {
		return nil, fmt.Errorf("list latest reports: %w", err)
	}
	return rs, nil
}

// ReportRevisions returns every revision of the cells matching f, each
// cell's oldest first: the full history exports carry.
func (r reader) ReportRevisions(ctx context.Context, teamID string, f ReportFilter) ([]Report, error) {
	var rs []Report
	err := r.q.SelectContext(ctx, &rs, `SELECT `+reportColumns+reportFrom+reportWhere+`
		ORDER BY i.key, r.period_start, lower(p.name), r.segment, r.revision`,
		teamID, f.IndicatorID, f.PartnerID, f.Segment, f.From, f.To)
	if err != nil {
		return nil, fmt.Errorf("list report revisions: %w", err)
	}
	return rs, nil
}

const reportWhere = `
	WHERE r.team_id = $1
	  AND ($2::bigint IS NULL OR r.indicator_id = $2)
	  AND ($3::bigint IS NULL OR r.partner_id = $3)
	  AND ($4::text IS NULL OR r.segment = $4)
	  AND ($5::date IS NULL OR r.period_start >= $5)
	  AND ($6::date IS NULL OR r.period_start <= $6)`

// OwedPeriod is an indicator and the period a partner reports it for.
type OwedPeriod struct {
	IndicatorID int64
	Period      string
}

// PartnerReports returns what the report form shows of one partner: for
// each indicator, the newest revision of its values for the period owed,
// every segment, and then its newest total before that period, however
// old. Within an indicator, periods sort as their canonical names do (its
// cadence never changes once values exist), so both are read through the
// unique index of cells, a few rows each.
func (r reader) PartnerReports(ctx context.Context, teamID string, partnerID int64, owed []OwedPeriod) ([]Report, error) {
	ids, periods := make([]int64, len(owed)), make([]string, len(owed))
	for i, o := range owed {
		ids[i], periods[i] = o.IndicatorID, o.Period
	}
	var rs []Report
	err := r.q.SelectContext(ctx, &rs, `SELECT `+reportColumns+reportFrom+`
		WHERE r.id IN (
			SELECT c.id
			FROM unnest($3::bigint[], $4::text[]) AS q (indicator_id, period)
			CROSS JOIN LATERAL (
				SELECT DISTINCT ON (x.segment) x.id FROM reports x
				WHERE x.team_id = $1 AND x.indicator_id = q.indicator_id AND x.partner_id = $2 AND x.period = q.period
				ORDER BY x.segment, x.revision DESC
			) c
			UNION ALL
			SELECT b.id
			FROM unnest($3::bigint[], $4::text[]) AS q (indicator_id, period)
			CROSS JOIN LATERAL (
				SELECT x.id FROM reports x
				WHERE x.team_id = $1 AND x.indicator_id = q.indicator_id AND x.partner_id = $2
				  AND x.period < q.period AND x.segment = ''
				ORDER BY x.period DESC, x.segment DESC, x.revision DESC
				LIMIT 1
			) b
		)
		ORDER BY i.key, r.period_start, r.segment`,
		teamID, partnerID, pq.Array(ids), pq.Array(periods))
	if err != nil {
		return nil, fmt.Errorf("list reports of partner %d: %w", partnerID, err)
	}
	return rs, nil
}
