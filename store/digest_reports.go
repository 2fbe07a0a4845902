package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/measure"
	"github.com/lib/pq"
)

// CadencePeriod is one reporting period of a cadence, both as the bot's
// measure package spells them: {"quarterly", "2026-Q3"}. The store does not
// compute periods; the bot passes the ones a digest asks about.
type CadencePeriod struct {
	Cadence measure.Cadence
	Period  string
	// Closes is when the period closed, in the coalition's time: a
	// partner owes it when it was assigned the indicator then.
	Closes time.Time
}

func splitPeriods(ps []CadencePeriod) (cadences, periods pq.StringArray, closes []time.Time) {
	for _, p := range ps {
		cadences = append(cadences, string(p.Cadence))
		periods = append(periods, p.Period)
		closes = append(closes, p.Closes)
	}
	return cadences, periods, closes
}

// MissingReport is a total a reporting partner owes: the indicator, the
// period and the partner.
type MissingReport struct {
	IndicatorID   int64  `db:"indicator_id"`
	IndicatorKey  string `db:"indicator_key"`
	IndicatorName string `db:"indicator_name"`
	Period        string `db:"period"`
	PartnerID     int64  `db:"partner_id"`
	PartnerName   string `db:"partner_name"`
}

// MissingReports lists, for each active indicator, the active partners
// expected to report it that had sent no total for owed's period of its
// cadence before w.To; by indicator name, then partner name.
func (r reader) MissingReports(ctx context.Context, w DigestWindow, owed []CadencePeriod) ([]MissingReport, error) {
	cadences, periods, closes := splitPeriods(owed)
	var out []MissingReport
	err := r.q.SelectContext(ctx, &out, `
		WITH owed AS (SELECT * FROM unnest($2::text[], $3::text[], $5::timestamptz[]) AS o (cadence, period, closes)),
		grp AS (`+owedGroups+`)
		SELECT g.indicator_id, g.indicator_key, g.indicator_name, g.period, p.id AS partner_id, p.name AS partner_name
		FROM grp g
		CROSS JOIN LATERAL unnest(ARRAY(SELECT unnest(g.assigned) EXCEPT SELECT unnest(g.sent))) AS m (partner_id)
		JOIN partners p ON p.id = m.partner_id AND NOT p.archived
		ORDER BY lower(g.indicator_name), g.indicator_key, lower(p.name)`, w.TeamID, cadences, periods, w.To, pq.Array(closes))
	if err != nil {
		return nil, fmt.Errorf("list missing reports of %s: %w", w.TeamID, err)
	}
	return out, nil
}

// owedGroups is, for the digest queries' WITH clauses, one row per
// (indicator, period) owed (owed o: the periods asked about, with when
// each closed): the partners assigned when it closed, and those of them
// that had sent their total before the digest's run ($4), read from the
// reporters the figures' trigger keeps. The queries then compare two arrays
// per row with a hashed EXCEPT or INTERSECT, where they used to probe
// reports once per (indicator, partner, period), and no estimate can turn
// that comparison into a nested loop.
const owedGroups = `
			SELECT i.id AS indicator_id, i.key AS indicator_key, v.name AS indicator_name, o.period,
			       ARRAY(SELECT ip.partner_id FROM indicator_assignments ip
			             WHERE ip.indicator_id = i.id AND ip.assigned_from < o.closes
			               AND (ip.assigned_until IS NULL OR ip.assigned_until >= o.closes)) AS assigned,
			       ARRAY(SELECT u.partner_id FROM coalition_figures f
			             CROSS JOIN LATERAL unnest(f.reporters, f.reported_at) AS u (partner_id, first_at)
			             WHERE f.indicator_id = i.id AND f.segment = '' AND f.period = o.period AND f.team_id = $1
			               AND u.first_at < $4) AS sent
			FROM indicators i
			JOIN indicator_versions v ON v.indicator_id = i.id AND v.version = i.version
			JOIN owed o ON o.cadence = v.cadence
			WHERE i.team_id = $1 AND NOT i.archived`

// PartnerHealth is one partner's record over a span: reports owed and
// sent, commitments due and done on time.
type PartnerHealth struct {
	PartnerID int64  `db:"partner_id"`
	Name      string `db:"name"`
	// Owed counts the (indicator, period) totals the partner was expected
	// to report for the periods asked about; Sent those it had reported
	// before the digest's run.
	Owed int `db:"owed"`
	Sent int `db:"sent"`
	// Due counts the partner's commitments (by the owner's organization
	// when made) due in the span, dropped ones left out; OnTime those
	// marked done, before the run, no later than their due date in the
	// coalition's time.
	Due    int `db:"due"`
	OnTime int `db:"on_time"`
}

// PartnerHealth computes each active partner's reporting and on-time
// completion over the span: reports owed for the closed periods, and
// commitments due in [since, w.Today). Partners with nothing owed or due
// are left out; by name.
func (r reader) PartnerHealth(ctx context.Context, w DigestWindow, since time.Time, closed []CadencePeriod) ([]PartnerHealth, error) {
	cadences, periods, closes := splitPeriods(closed)
	var out []PartnerHealth
	err := r.q.SelectContext(ctx, &out, `
		WITH closed AS (SELECT * FROM unnest($2::text[], $3::text[], $8::timestamptz[]) AS o (cadence, period, closes)),
		grp AS (`+strings.ReplaceAll(owedGroups, "owed o", "closed o")+`),
		owed AS (
			SELECT unnest(g.assigned) AS partner_id, false AS sent FROM grp g
			UNION ALL
			SELECT unnest(ARRAY(SELECT unnest(g.assigned) INTERSECT SELECT unnest(g.sent))), true FROM grp g),
		due AS (
			SELECT c.partner_id, c.status = 'done' AND c.completed_at < $4
			       AND (c.completed_at AT TIME ZONE $7)::date <= c.due AS on_time
			FROM commitments c
			WHERE c.team_id = $1 AND c.partner_id IS NOT NULL AND c.status <> 'dropped'
			  AND c.created_at < $4 AND c.due >= $5 AND c.due < $6)
		SELECT p.id AS partner_id, p.name,
		       COALESCE(o.owed, 0) AS owed, COALESCE(o.sent, 0) AS sent,
		       COALESCE(d.due, 0) AS due, COALESCE(d.on_time, 0) AS on_time
		FROM partners p
		LEFT JOIN (SELECT partner_id, count(*) FILTER (WHERE NOT sent) AS owed, count(*) FILTER (WHERE sent) AS sent
		           FROM owed GROUP BY partner_id) o ON o.partner_id = p.id
		LEFT JOIN (SELECT partner_id, count(*) AS due, count(*) FILTER (WHERE on_time) AS on_time
		           FROM due GROUP BY partner_id) d ON d.partner_id = p.id
		WHERE p.team_id = $1 AND NOT p.archived AND (o.owed > 0 OR d.due > 0)
		ORDER BY lower(p.name)`, w.TeamID, cadences, periods, w.To, since, w.Today, w.zone(), pq.Array(closes))
	if err != nil {
		return nil, fmt.Errorf("compute partner health of %s: %w", w.TeamID, err)
	}
	return out, nil
}

// ReportsBeforeConfirmation counts the figures received in the window (first
// revisions, as DigestCounts counts them, read by reports_received) whose
// reporter's link to the partner was confirmed only after them. A pending
// member cannot report, so this is an exception for the steering digest.
func (r reader) ReportsBeforeConfirmation(ctx context.Context, w DigestWindow) (int, error) {
	var n int
	err := r.q.GetContext(ctx, &n, `
		SELECT count(*) FROM reports r
		JOIN members m ON m.team_id = r.team_id AND m.user_id = r.reported_by
		WHERE r.team_id = $1 AND r.reported_at >= $2 AND r.reported_at < $3 AND r.revision = 1
		  AND m.partner_id = r.partner_id AND m.partner_confirmed_at > r.reported_at`, w.TeamID, w.From, w.To)
	if err != nil {
		return 0, fmt.Errorf("count reports made before their link was confirmed: %w", err)
	}
	return n, nil
}
