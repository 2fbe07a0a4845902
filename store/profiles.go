package store

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// SaveProfiles records what Slack says of these people (a page of
// users.list, users.info, a team_join), all of one team, in one transaction
// of two statements: the kept profiles, and the members among them, whose
// name and timezone follow. It returns the user IDs of the members
// refreshed.
func (s *Store) SaveProfiles(ctx context.Context, teamID string, ps []Profile, now time.Time) ([]string, error) {
	return s.saveProfiles(ctx, teamID, ps, now, false)
}

// RefreshProfiles is SaveProfiles for people already known (a kept
// profile or a member) only: a user_change says nothing of whether its
// user is in the workspace.
func (s *Store) RefreshProfiles(ctx context.Context, teamID string, ps []Profile, now time.Time) ([]string, error) {
	return s.saveProfiles(ctx, teamID, ps, now, true)
}

func (s *Store) saveProfiles(ctx context.Context, teamID string, ps []Profile, now time.Time, knownOnly bool) ([]string, error) {
	if len(ps) == 0 {
		return nil, nil
	}
	ids, names, tzs := make([]string, len(ps)), make([]string, len(ps)), make([]string, len(ps))
	bots, gone := make([]bool, len(ps)), make([]bool, len(ps))
	homes, guests := make([]string, len(ps)), make([]string, len(ps))
	for i, p := range ps {
		ids[i], names[i], tzs[i], bots[i], gone[i] = p.UserID, p.DisplayName, p.TZ, p.IsBot, p.Deleted
		homes[i], guests[i] = homeTeam(p), p.Guest
	}
	var refreshed []string
	err := s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `
			INSERT INTO slack_profiles (team_id, user_id, display_name, tz, is_bot, deleted, home_team_id, guest, refreshed_at)
			SELECT $1, u.*, $7 FROM unnest($2::text[], $3::text[], $4::text[], $5::bool[], $6::bool[], $9::text[], $10::text[])
				AS u (id, name, tz, bot, gone, home, guest)
			WHERE NOT $8
			   OR EXISTS (SELECT 1 FROM slack_profiles sp WHERE sp.team_id = $1 AND sp.user_id = u.id)
			   OR EXISTS (SELECT 1 FROM members m WHERE m.team_id = $1 AND m.user_id = u.id)
			ON CONFLICT (team_id, user_id) DO UPDATE SET
				display_name = EXCLUDED.display_name, tz = EXCLUDED.tz, is_bot = EXCLUDED.is_bot,
				deleted = EXCLUDED.deleted, home_team_id = EXCLUDED.home_team_id, guest = EXCLUDED.guest,
				refreshed_at = EXCLUDED.refreshed_at`,
			teamID, pq.Array(ids), pq.Array(names), pq.Array(tzs), pq.Array(bots), pq.Array(gone), now, knownOnly,
			pq.Array(homes), pq.Array(guests))
		if err != nil {
			return fmt.Errorf("save %d profiles: %w", len(ps), err)
		}
		err = tx.tx.SelectContext(ctx, &refreshed, `
			UPDATE members m SET display_name = u.name, tz = u.tz, is_bot = u.bot, deleted = u.gone,
				home_team_id = u.home, guest = u.guest, refreshed_at = $7
			FROM unnest($2::text[], $3::text[], $4::text[], $5::bool[], $6::bool[], $8::text[], $9::text[])
				AS u (id, name, tz, bot, gone, home, guest)
			WHERE m.team_id = $1 AND m.user_id = u.id
			RETURNING m.user_id`,
			teamID, pq.Array(ids), pq.Array(names), pq.Array(tzs), pq.Array(bots), pq.Array(gone), now,
			pq.Array(homes), pq.Array(guests))
		if err != nil {
			return fmt.Errorf("refresh members from %d profiles: %w", len(ps), err)
		}
		return nil
	})
	return refreshed, err
}

// CachedProfile is what Slack last said of a person; ErrNotFound when
// nothing was heard of them.
func (r reader) CachedProfile(ctx context.Context, teamID, userID string) (Profile, error) {
	var row struct {
		TeamID      string `db:"team_id"`
		UserID      string `db:"user_id"`
		DisplayName string `db:"display_name"`
		TZ          string `db:"tz"`
		IsBot       bool   `db:"is_bot"`
		Deleted     bool   `db:"deleted"`
		HomeTeamID  string `db:"home_team_id"`
		Guest       string `db:"guest"`
	}
	err := r.q.GetContext(ctx, &row, `SELECT team_id, user_id, display_name, tz, is_bot, deleted, home_team_id, guest
		FROM slack_profiles WHERE team_id = $1 AND user_id = $2`, teamID, userID)
	if err != nil {
		return Profile{}, fmt.Errorf("get profile of %s: %w", userID, interpret(err))
	}
	return Profile{TeamID: row.TeamID, UserID: row.UserID, DisplayName: row.DisplayName, TZ: row.TZ, IsBot: row.IsBot, Deleted: row.Deleted,
		HomeTeamID: row.HomeTeamID, Guest: row.Guest}, nil
}
