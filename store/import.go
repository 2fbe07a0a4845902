package store

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// What imports and exports read and write: every row a coalition owns,
// archived ones included, and the bulk writes of an import.

// AllPartners lists the team's partners, archived ones included, by name.
func (r reader) AllPartners(ctx context.Context, teamID string) ([]Partner, error) {
	var ps []Partner
	err := r.q.SelectContext(ctx, &ps, `SELECT `+partnerColumns+` FROM partners p
		WHERE p.team_id = $1 ORDER BY lower(p.name)`, teamID)
	if err != nil {
		return nil, fmt.Errorf("list all partners: %w", err)
	}
	return ps, nil
}

// ImportPartner creates a partner with its short name and archived flag.
func (tx *Tx) ImportPartner(ctx context.Context, p Partner) (Partner, error) {
	var out Partner
	err := tx.tx.GetContext(ctx, &out, `
		INSERT INTO partners AS p (team_id, name, sector, short_name, archived) VALUES ($1, $2, $3, $4, $5)
		RETURNING `+partnerColumns, p.TeamID, p.Name, p.Sector, p.ShortName, p.Archived)
	if err != nil {
		return out, fmt.Errorf("import partner %q: %w", p.Name, interpret(err))
	}
	return out, nil
}

// UpdatePartner sets a partner's sector, short name and archived flag.
func (tx *Tx) UpdatePartner(ctx context.Context, p Partner) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE partners SET sector = $2, short_name = $3, archived = $4 WHERE id = $1`,
		p.ID, p.Sector, p.ShortName, p.Archived)
	if err != nil {
		return fmt.Errorf("update partner %d: %w", p.ID, interpret(err))
	}
	return nil
}

// AllGroups lists the team's working groups, archived ones included.
func (r reader) AllGroups(ctx context.Context, teamID string) ([]WorkingGroup, error) {
	var gs []WorkingGroup
	err := r.q.SelectContext(ctx, &gs, `SELECT `+groupColumns+` FROM working_groups
		WHERE team_id = $1 ORDER BY lower(name), id`, teamID)
	if err != nil {
		return nil, fmt.Errorf("list all groups: %w", err)
	}
	return gs, nil
}

// UpdateGroup sets a group's channel, lead, purpose and archived flag;
// ErrConflict when the channel belongs to another active group.
func (tx *Tx) UpdateGroup(ctx context.Context, g WorkingGroup) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE working_groups
		SET channel_id = $2, lead_user_id = $3, purpose = $4, archived = $5 WHERE id = $1`,
		g.ID, g.ChannelID, g.LeadUserID, g.Purpose, g.Archived)
	if err != nil {
		return fmt.Errorf("update group %d: %w", g.ID, interpret(err))
	}
	return nil
}

// MemberRow is a member as the members file shows them.
type MemberRow struct {
	Member
	// Groups are the names of the active groups they are in, by name.
	Groups pq.StringArray `db:"groups"`
}

// MemberRows lists the team's human members that are not deactivated,
// with their groups, by user ID.
func (r reader) MemberRows(ctx context.Context, teamID string) ([]MemberRow, error) {
	var ms []MemberRow
	err := r.q.SelectContext(ctx, &ms, `SELECT `+memberColumns+`,
		ARRAY(SELECT g.name FROM group_members gm JOIN working_groups g ON g.id = gm.group_id
		      WHERE gm.team_id = m.team_id AND gm.user_id = m.user_id AND NOT g.archived
		      ORDER BY lower(g.name)) AS groups`+memberFrom+`
		WHERE m.team_id = $1 AND NOT m.deleted AND NOT m.is_bot ORDER BY m.user_id`, teamID)
	if err != nil {
		return nil, fmt.Errorf("list member rows: %w", err)
	}
	return ms, nil
}

// ImportedMember is what a members file says of one person.
type ImportedMember struct {
	Profile
	Email      string
	PartnerID  *int64
	Role       string
	TZOverride string
}

// ImportMember creates the member, or updates the fields the file gives
// of an existing one: a partner set here is confirmed at once, as when
// staff set it. Empty fields keep what is there.
func (tx *Tx) ImportMember(ctx context.Context, m ImportedMember, now time.Time) error {
	tz := m.TZ
	if m.TZOverride != "" {
		tz = m.TZOverride
	}
	_, err := tx.tx.ExecContext(ctx, `
		INSERT INTO members AS m (team_id, user_id, display_name, tz, role, refreshed_at, home_team_id, guest,
		                          email, tz_override, partner_id, partner_confirmed_at)
		VALUES ($1, $2, $3, $4, COALESCE(NULLIF($5, ''), 'partner'), $6, $7, $8, $9, $10, $11,
		        CASE WHEN $11::bigint IS NULL THEN NULL ELSE $12::timestamptz END)
		ON CONFLICT (team_id, user_id) DO UPDATE SET
			role = COALESCE(NULLIF($5, ''), m.role),
			email = COALESCE(NULLIF($9, ''), m.email),
			tz_override = COALESCE(NULLIF($10, ''), m.tz_override),
			tz = CASE WHEN $10 <> '' THEN $10 ELSE m.tz END,
			partner_id = COALESCE($11, m.partner_id),
			partner_confirmed_at = CASE WHEN $11::bigint IS NULL OR m.partner_id IS NOT DISTINCT FROM $11
				AND m.partner_confirmed_at IS NOT NULL THEN m.partner_confirmed_at ELSE $12::timestamptz END`,
		m.TeamID, m.UserID, m.DisplayName, tz, m.Role, now, homeTeam(m.Profile), m.Guest,
		m.Email, m.TZOverride, m.PartnerID, now)
	if err != nil {
		return fmt.Errorf("import member %s: %w", m.UserID, interpret(err))
	}
	return nil
}

// AllIndicators lists the team's indicators, archived ones included, by key.
func (r reader) AllIndicators(ctx context.Context, teamID string) ([]Indicator, error) {
	var inds []Indicator
	err := r.q.SelectContext(ctx, &inds, `SELECT `+indicatorColumns+indicatorFrom+`
		WHERE i.team_id = $1 ORDER BY i.key`, teamID)
	if err != nil {
		return nil, fmt.Errorf("list all indicators: %w", err)
	}
	return inds, nil
}

// SetIndicatorArchived archives or restores an indicator.
func (tx *Tx) SetIndicatorArchived(ctx context.Context, id int64, archived bool) error {
	if _, err := tx.tx.ExecContext(ctx, `UPDATE indicators SET archived = $2 WHERE id = $1`, id, archived); err != nil {
		return fmt.Errorf("set archived of indicator %d: %w", id, err)
	}
	return nil
}

// AddReports records many values at once, each with its Revision (the
// next one of its cell). The cells must differ from one another; hold
// their indicators (LockIndicator) from before their newest revisions were
// read, so that no other revision comes in between.
func (tx *Tx) AddReports(ctx context.Context, rs []NewReport) error {
	if len(rs) == 0 {
		return nil
	}
	cols := newReportColumns(rs)
	_, err := tx.tx.ExecContext(ctx, `
		INSERT INTO reports (team_id, indicator_id, indicator_version, partner_id, period, period_start,
		                     segment, revision, value, note, reported_by, reported_at)
		SELECT $1, u.indicator_id, u.version, u.partner_id, u.period, u.period_start, u.segment,
		       u.revision, u.value, u.note, $10, $11
		FROM unnest($2::bigint[], $3::int[], $4::bigint[], $5::text[], $6::date[], $7::text[], $8::numeric[], $9::text[], $12::int[])
		     AS u (indicator_id, version, partner_id, period, period_start, segment, value, note, revision)`,
		rs[0].TeamID, cols.indicators, cols.versions, cols.partners, cols.periods, cols.starts, cols.segments,
		cols.values, cols.notes, rs[0].ReportedBy, rs[0].ReportedAt, cols.revisions)
	if err != nil {
		return fmt.Errorf("add %d reports: %w", len(rs), interpret(err))
	}
	return nil
}

type reportArrays struct {
	indicators, partners      pq.Int64Array
	versions, revisions       pq.Int64Array
	periods, starts, segments pq.StringArray
	notes                     pq.StringArray
	values                    pq.Float64Array
}

func newReportColumns(rs []NewReport) reportArrays {
	var a reportArrays
	for _, r := range rs {
		a.indicators = append(a.indicators, r.IndicatorID)
		a.versions = append(a.versions, int64(r.IndicatorVersion))
		a.revisions = append(a.revisions, int64(r.Revision))
		a.partners = append(a.partners, r.PartnerID)
		a.periods = append(a.periods, r.Period)
		a.starts = append(a.starts, r.PeriodStart.Format(time.DateOnly))
		a.segments = append(a.segments, r.Segment)
		a.values = append(a.values, r.Value)
		a.notes = append(a.notes, r.Note)
	}
	return a
}
