package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/lib/pq"
)

// Member roles.
const (
	RoleBackbone = "backbone"
	RoleSteering = "steering"
	RolePartner  = "partner"
)

// Member is a Slack user known to the coalition.
type Member struct {
	TeamID      string `db:"team_id" json:"-"`
	UserID      string `db:"user_id" json:"user_id"`
	DisplayName string `db:"display_name" json:"display_name"`
	TZ          string `db:"tz" json:"tz"`
	// PartnerID is nil while the member's organization is unknown.
	PartnerID   *int64 `db:"partner_id" json:"partner_id"`
	PartnerName string `db:"partner_name" json:"partner,omitempty"`
	// PartnerConfirmedAt is when the link to the partner was confirmed;
	// nil while a link the member claimed waits (see PartnerPending).
	PartnerConfirmedAt *time.Time `db:"partner_confirmed_at" json:"partner_confirmed_at,omitempty"`
	Role               string     `db:"role" json:"role"`
	AwayUntil          *time.Time `db:"away_until" json:"away_until,omitempty"`
	IsBot              bool       `db:"is_bot" json:"-"`
	Deleted            bool       `db:"deleted" json:"-"`
	RefreshedAt        time.Time  `db:"refreshed_at" json:"-"`
	// Email is the address the member was imported by; "" otherwise.
	Email string `db:"email" json:"email,omitempty"`
	// TZOverride is the timezone staff set, winning over Slack's; "" for none.
	TZOverride string `db:"tz_override" json:"tz_override,omitempty"`
	// HomeTeamID is the member's own workspace when it is not the app's
	// (a Slack Connect person); "" otherwise.
	HomeTeamID string `db:"home_team_id" json:"home_team_id,omitempty"`
	// Guest is "single_channel" or "multi_channel" for Slack guests.
	Guest string `db:"guest" json:"guest,omitempty"`
	// DMRefusedAt is when Slack last refused the bot a DM with them.
	DMRefusedAt *time.Time `db:"dm_refused_at" json:"-"`
}

// External reports whether the member is from another workspace.
func (m Member) External() bool { return m.HomeTeamID != "" && m.HomeTeamID != m.TeamID }

const memberColumns = `m.team_id, m.user_id, m.display_name, m.tz, m.partner_id,
	COALESCE(p.name, '') AS partner_name, m.partner_confirmed_at, m.role, m.away_until, m.is_bot, m.deleted, m.refreshed_at,
	m.email, m.tz_override, m.home_team_id, m.guest, m.dm_refused_at`

// PartnerPending reports whether the member's link to their partner waits
// for confirmation.
func (m Member) PartnerPending() bool { return m.PartnerID != nil && m.PartnerConfirmedAt == nil }

// SpeaksFor reports whether the member's confirmed partner is partnerID.
func (m Member) SpeaksFor(partnerID int64) bool {
	return m.PartnerID != nil && *m.PartnerID == partnerID && m.PartnerConfirmedAt != nil
}

const memberFrom = ` FROM members m LEFT JOIN partners p ON p.id = m.partner_id `

// Member returns one member; ErrNotFound for a user never seen.
func (r reader) Member(ctx context.Context, teamID, userID string) (Member, error) {
	var m Member
	err := r.q.GetContext(ctx, &m, `SELECT `+memberColumns+memberFrom+`
		WHERE m.team_id = $1 AND m.user_id = $2`, teamID, userID)
	if err != nil {
		return m, fmt.Errorf("get member %s: %w", userID, interpret(err))
	}
	return m, nil
}

// MemberFilter narrows Members; nil fields do not filter.
type MemberFilter struct {
	PartnerID *int64
	Role      *string
	// Confirmed keeps only members whose link to their partner is confirmed.
	Confirmed bool
}

// Members lists the team's active human members, by partner then name.
func (r reader) Members(ctx context.Context, teamID string, f MemberFilter) ([]Member, error) {
	var ms []Member
	err := r.q.SelectContext(ctx, &ms, `SELECT `+memberColumns+memberFrom+`
		WHERE m.team_id = $1 AND NOT m.deleted AND NOT m.is_bot
		  AND ($2::bigint IS NULL OR m.partner_id = $2)
		  AND ($3::text IS NULL OR m.role = $3)
		  AND (NOT $4 OR m.partner_confirmed_at IS NOT NULL)
		ORDER BY lower(COALESCE(p.name, '')), lower(m.display_name)`, teamID, f.PartnerID, f.Role, f.Confirmed)
	if err != nil {
		return nil, fmt.Errorf("list members: %w", err)
	}
	return ms, nil
}

// Profile is what Slack's users.info tells about a user.
type Profile struct {
	TeamID, UserID, DisplayName, TZ string
	IsBot, Deleted                  bool
	// HomeTeamID is the user's own workspace when not TeamID (Slack
	// Connect); Guest is their guest kind ("" for full members).
	HomeTeamID, Guest string
}

// SaveProfile creates the member from p, with role for a newcomer, or
// refreshes an existing member's profile, keeping their role and partner;
// a timezone staff set (tz_override) wins over Slack's. It reports whether
// the member is new.
func (tx *Tx) SaveProfile(ctx context.Context, p Profile, role string, now time.Time) (bool, error) {
	var created bool
	err := tx.tx.GetContext(ctx, &created, `
		INSERT INTO members (team_id, user_id, display_name, tz, role, is_bot, deleted, refreshed_at, home_team_id, guest)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (team_id, user_id) DO UPDATE SET
			display_name = EXCLUDED.display_name,
			tz = CASE WHEN members.tz_override <> '' THEN members.tz_override ELSE EXCLUDED.tz END,
			is_bot = EXCLUDED.is_bot, deleted = EXCLUDED.deleted, refreshed_at = EXCLUDED.refreshed_at,
			home_team_id = EXCLUDED.home_team_id, guest = EXCLUDED.guest
		RETURNING (xmax = 0)`, p.TeamID, p.UserID, p.DisplayName, p.TZ, role, p.IsBot, p.Deleted, now, homeTeam(p), p.Guest)
	if err != nil {
		return false, fmt.Errorf("save profile of %s: %w", p.UserID, err)
	}
	return created, nil
}

// SetMemberPartner sets (or, with nil, clears) the member's organization,
// as backbone staff do: the link is confirmed at once.
func (tx *Tx) SetMemberPartner(ctx context.Context, teamID, userID string, partnerID *int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE members
		SET partner_id = $3, partner_confirmed_at = CASE WHEN $3::bigint IS NULL THEN NULL ELSE now() END
		WHERE team_id = $1 AND user_id = $2`,
		teamID, userID, partnerID)
	if err != nil {
		return fmt.Errorf("set partner of %s: %w", userID, err)
	}
	return nil
}

// LinkMemberIfNone links a member who has no partner yet to partnerID, as
// claimed by the member: the link waits for confirmation. It reports false,
// changing nothing, when they already have one: the check is the UPDATE's
// own, so of concurrent links only the first succeeds.
func (tx *Tx) LinkMemberIfNone(ctx context.Context, teamID, userID string, partnerID int64) (bool, error) {
	return tx.changed(ctx, "link "+userID, `UPDATE members SET partner_id = $3, partner_confirmed_at = NULL
		WHERE team_id = $1 AND user_id = $2 AND partner_id IS NULL`, teamID, userID, partnerID)
}

// ConfirmMemberPartner confirms the member's waiting link to partnerID. It
// reports false when there is no such link waiting.
func (tx *Tx) ConfirmMemberPartner(ctx context.Context, teamID, userID string, partnerID int64) (bool, error) {
	return tx.changed(ctx, "confirm partner of "+userID, `UPDATE members SET partner_confirmed_at = now()
		WHERE team_id = $1 AND user_id = $2 AND partner_id = $3 AND partner_confirmed_at IS NULL`, teamID, userID, partnerID)
}

// UnlinkPendingMember removes the member's waiting link to partnerID; a
// confirmed link stays. It reports false when there is no such link waiting.
func (tx *Tx) UnlinkPendingMember(ctx context.Context, teamID, userID string, partnerID int64) (bool, error) {
	return tx.changed(ctx, "unlink "+userID, `UPDATE members SET partner_id = NULL
		WHERE team_id = $1 AND user_id = $2 AND partner_id = $3 AND partner_confirmed_at IS NULL`, teamID, userID, partnerID)
}

// MemberForShare reads a member and holds their row until the transaction
// ends, so their partner cannot change under what it records for them.
func (tx *Tx) MemberForShare(ctx context.Context, teamID, userID string) (Member, error) {
	var m Member
	err := tx.tx.GetContext(ctx, &m, `SELECT `+memberColumns+memberFrom+`
		WHERE m.team_id = $1 AND m.user_id = $2 FOR SHARE OF m`, teamID, userID)
	if err != nil {
		return m, fmt.Errorf("get member %s: %w", userID, interpret(err))
	}
	return m, nil
}

// PartnerConfirmers lists who may confirm a link to partnerID: backbone
// staff and the partner's confirmed members, active humans only, staff
// first.
func (r reader) PartnerConfirmers(ctx context.Context, teamID string, partnerID int64) ([]Member, error) {
	var ms []Member
	err := r.q.SelectContext(ctx, &ms, `SELECT `+memberColumns+memberFrom+`
		WHERE m.team_id = $1 AND NOT m.deleted AND NOT m.is_bot
		  AND (m.role = 'backbone' OR (m.partner_id = $2 AND m.partner_confirmed_at IS NOT NULL))
		ORDER BY m.role <> 'backbone', lower(m.display_name), m.user_id`, teamID, partnerID)
	if err != nil {
		return nil, fmt.Errorf("list confirmers of partner %d: %w", partnerID, err)
	}
	return ms, nil
}

// changed runs an UPDATE and reports whether it changed a row.
func (tx *Tx) changed(ctx context.Context, what, query string, args ...any) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, query, args...)
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	return n > 0, nil
}

// SetMemberRole changes the member's role.
func (tx *Tx) SetMemberRole(ctx context.Context, teamID, userID, role string) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE members SET role = $3 WHERE team_id = $1 AND user_id = $2`,
		teamID, userID, role)
	if err != nil {
		return fmt.Errorf("set role of %s: %w", userID, err)
	}
	return nil
}

// PromoteAdmins gives the backbone role to these users wherever they are
// already members of the SLACK_BOT_TOKEN workspace (a team with no
// installation): an installed workspace names its own staff, and on
// Enterprise Grid a user ID is the same in every workspace of the org. It
// returns the members changed.
func (s *Store) PromoteAdmins(ctx context.Context, userIDs []string) (int64, error) {
	if len(userIDs) == 0 {
		return 0, nil
	}
	res, err := s.db.ExecContext(ctx, `
		UPDATE members SET role = 'backbone'
		WHERE user_id = ANY($1) AND role <> 'backbone'
		  AND team_id NOT IN (SELECT team_id FROM installations WHERE bot_token <> '')`,
		pq.Array(userIDs))
	if err != nil {
		return 0, fmt.Errorf("promote %s: %w", strings.Join(userIDs, ","), err)
	}
	return res.RowsAffected()
}

// SetMemberAway sets the last day a member is away (no reminders until the
// day after), or clears it with nil.
func (tx *Tx) SetMemberAway(ctx context.Context, teamID, userID string, until *time.Time) error {
	var day any
	if until != nil {
		day = until.Format(time.DateOnly)
	}
	_, err := tx.tx.ExecContext(ctx, `UPDATE members SET away_until = $3 WHERE team_id = $1 AND user_id = $2`, teamID, userID, day)
	if err != nil {
		return fmt.Errorf("set away of %s: %w", userID, err)
	}
	return nil
}

// homeTeam is the profile's home workspace when it differs from the app's.
func homeTeam(p Profile) string {
	if p.HomeTeamID == p.TeamID {
		return ""
	}
	return p.HomeTeamID
}
