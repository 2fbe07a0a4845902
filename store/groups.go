package store

import (
	"context"
	"fmt"
	"time"
)

// WorkingGroup is a group of members around one strategy, bound to a channel.
type WorkingGroup struct {
	ID         int64     `db:"id" json:"id"`
	TeamID     string    `db:"team_id" json:"-"`
	Name       string    `db:"name" json:"name"`
	ChannelID  string    `db:"channel_id" json:"channel_id"`
	LeadUserID string    `db:"lead_user_id" json:"lead_user_id"`
	Purpose    string    `db:"purpose" json:"purpose"`
	Archived   bool      `db:"archived" json:"archived"`
	CreatedAt  time.Time `db:"created_at" json:"-"`
}

const groupColumns = `id, team_id, name, channel_id, lead_user_id, purpose, archived, created_at`

// AddGroup creates a working group; ErrConflict when its name is taken or
// its channel already belongs to an active group.
func (tx *Tx) AddGroup(ctx context.Context, g WorkingGroup) (WorkingGroup, error) {
	var out WorkingGroup
	err := tx.tx.GetContext(ctx, &out, `
		INSERT INTO working_groups (team_id, name, channel_id, lead_user_id, purpose)
		VALUES ($1, $2, $3, $4, $5) RETURNING `+groupColumns,
		g.TeamID, g.Name, g.ChannelID, g.LeadUserID, g.Purpose)
	if err != nil {
		return out, fmt.Errorf("add group: %w", interpret(err))
	}
	return out, nil
}

// ArchiveGroup retires a group; its channel may then get a new group.
func (tx *Tx) ArchiveGroup(ctx context.Context, id int64) error {
	if _, err := tx.tx.ExecContext(ctx, `UPDATE working_groups SET archived = true WHERE id = $1`, id); err != nil {
		return fmt.Errorf("archive group %d: %w", id, err)
	}
	return nil
}

// GroupByName finds an active group by name, ignoring case.
func (r reader) GroupByName(ctx context.Context, teamID, name string) (WorkingGroup, error) {
	var g WorkingGroup
	err := r.q.GetContext(ctx, &g, `SELECT `+groupColumns+` FROM working_groups
		WHERE team_id = $1 AND lower(name) = lower($2) AND NOT archived`, teamID, name)
	if err != nil {
		return g, fmt.Errorf("find group %q: %w", name, interpret(err))
	}
	return g, nil
}

// GroupByChannel finds the active group bound to a channel.
func (r reader) GroupByChannel(ctx context.Context, teamID, channelID string) (WorkingGroup, error) {
	var g WorkingGroup
	err := r.q.GetContext(ctx, &g, `SELECT `+groupColumns+` FROM working_groups
		WHERE team_id = $1 AND channel_id = $2 AND NOT archived`, teamID, channelID)
	if err != nil {
		return g, fmt.Errorf("find group of channel %s: %w", channelID, interpret(err))
	}
	return g, nil
}

// Groups lists the team's active groups by name.
func (r reader) Groups(ctx context.Context, teamID string) ([]WorkingGroup, error) {
	var gs []WorkingGroup
	err := r.q.SelectContext(ctx, &gs, `SELECT `+groupColumns+` FROM working_groups
		WHERE team_id = $1 AND NOT archived ORDER BY lower(name)`, teamID)
	if err != nil {
		return nil, fmt.Errorf("list groups: %w", err)
	}
	return gs, nil
}

// JoinGroup records that the user is in the group; it reports false when
// they already were.
func (tx *Tx) JoinGroup(ctx context.Context, groupID int64, teamID, userID string) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `
		INSERT INTO group_members (group_id, team_id, user_id) VALUES ($1, $2, $3)
		ON CONFLICT DO NOTHING`, groupID, teamID, userID)
	if err != nil {
		return false, fmt.Errorf("join group %d: %w", groupID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
