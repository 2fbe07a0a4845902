package store

import (
	"context"
	"fmt"
	"time"
)

// Shoutout is public thanks to members and partners.
type Shoutout struct {
	ID     int64  `db:"id"`
	TeamID string `db:"team_id"`
	// GiverID is the member who gave it; "" when the bot thanks on its own.
	GiverID   string    `db:"giver_id"`
	ChannelID string    `db:"channel_id"`
	Message   string    `db:"message"`
	CreatedAt time.Time `db:"created_at"`
	// PlusOnes counts the people who joined in (read queries only).
	PlusOnes int `db:"plus_ones"`
}

// Credit is one person or partner a shout-out thanks: a member (with their
// partner at the time, if known), or a partner alone (UserID "").
type Credit struct {
	UserID      string `db:"user_id"`
	PartnerID   *int64 `db:"partner_id"`
	PartnerName string `db:"partner_name"`
}

// AddShoutout records a shout-out and everyone it credits.
func (tx *Tx) AddShoutout(ctx context.Context, s Shoutout, credits []Credit) (Shoutout, error) {
	err := tx.tx.GetContext(ctx, &s.ID, `
		INSERT INTO shoutouts (team_id, giver_id, channel_id, message, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, s.TeamID, s.GiverID, s.ChannelID, s.Message, s.CreatedAt)
	if err != nil {
		return s, fmt.Errorf("add shoutout: %w", interpret(err))
	}
	for _, c := range credits {
		_, err := tx.tx.ExecContext(ctx, `
			INSERT INTO shoutout_credits (shoutout_id, team_id, user_id, partner_id) VALUES ($1, $2, $3, $4)`,
			s.ID, s.TeamID, c.UserID, c.PartnerID)
		if err != nil {
			return s, fmt.Errorf("credit shoutout %d: %w", s.ID, interpret(err))
		}
	}
	return s, nil
}

// AddPlusOne records that userID joined in on a shout-out. It reports false
// when they had already, and returns the number of people who have.
func (tx *Tx) AddPlusOne(ctx context.Context, teamID string, shoutoutID int64, userID string, at time.Time) (bool, int, error) {
	// Two people clicking at once must not both count "1" and queue the
	// same redraw: the row lock makes the second wait for the first.
	var locked int64
	err := tx.tx.GetContext(ctx, &locked, `SELECT id FROM shoutouts WHERE team_id = $1 AND id = $2 FOR UPDATE`, teamID, shoutoutID)
	if err != nil {
		return false, 0, fmt.Errorf("lock shoutout %d: %w", shoutoutID, interpret(err))
	}
	res, err := tx.tx.ExecContext(ctx, `
		INSERT INTO shoutout_plus_ones (shoutout_id, team_id, user_id, at)
		SELECT id, team_id, $3, $4 FROM shoutouts WHERE team_id = $1 AND id = $2
		ON CONFLICT (shoutout_id, user_id) DO NOTHING`, teamID, shoutoutID, userID, at)
	if err != nil {
		return false, 0, fmt.Errorf("add +1 to shoutout %d: %w", shoutoutID, interpret(err))
	}
	added, err := res.RowsAffected()
	if err != nil {
		return false, 0, fmt.Errorf("add +1 to shoutout %d: %w", shoutoutID, err)
	}
	var n int
	err = tx.tx.GetContext(ctx, &n, `SELECT count(*) FROM shoutout_plus_ones WHERE team_id = $1 AND shoutout_id = $2`, teamID, shoutoutID)
	if err != nil {
		return false, 0, fmt.Errorf("count +1s of shoutout %d: %w", shoutoutID, err)
	}
	return added == 1, n, nil
}

const shoutoutColumns = `s.id, s.team_id, s.giver_id, s.channel_id, s.message, s.created_at,
	(SELECT count(*) FROM shoutout_plus_ones p WHERE p.shoutout_id = s.id) AS plus_ones`

// Shoutout returns one shout-out; ErrNotFound when the team has none such.
func (r reader) Shoutout(ctx context.Context, teamID string, id int64) (Shoutout, error) {
	var s Shoutout
	err := r.q.GetContext(ctx, &s, `SELECT `+shoutoutColumns+` FROM shoutouts s WHERE s.team_id = $1 AND s.id = $2`, teamID, id)
	if err != nil {
		return s, fmt.Errorf("get shoutout %d: %w", id, interpret(err))
	}
	return s, nil
}

// ShoutoutCredits lists whom a shout-out thanks, members first.
func (r reader) ShoutoutCredits(ctx context.Context, teamID string, id int64) ([]Credit, error) {
	var cs []Credit
	err := r.q.SelectContext(ctx, &cs, `
		SELECT c.user_id, c.partner_id, COALESCE(p.name, '') AS partner_name
		FROM shoutout_credits c LEFT JOIN partners p ON p.id = c.partner_id
		WHERE c.team_id = $1 AND c.shoutout_id = $2
		ORDER BY c.user_id = '', c.id`, teamID, id)
	if err != nil {
		return nil, fmt.Errorf("list credits of shoutout %d: %w", id, err)
	}
	return cs, nil
}

// ShoutoutFilter narrows ShoutoutsBetween; nil fields do not filter.
type ShoutoutFilter struct {
	// To keeps the shout-outs crediting this member.
	To *string
	// Limit caps the rows, newest first; 0 for no cap.
	Limit int
}

// Shoutouts lists the shout-outs made in [from, to), newest first.
func (r reader) Shoutouts(ctx context.Context, teamID string, from, to time.Time, f ShoutoutFilter) ([]Shoutout, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 1 << 30
	}
	var ss []Shoutout
	err := r.q.SelectContext(ctx, &ss, `SELECT `+shoutoutColumns+` FROM shoutouts s
		WHERE s.team_id = $1 AND s.created_at >= $2 AND s.created_at < $3
		  AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM shoutout_credits c WHERE c.shoutout_id = s.id AND c.user_id = $4))
		ORDER BY s.created_at DESC, s.id DESC LIMIT $5`, teamID, from, to, f.To, limit)
	if err != nil {
		return nil, fmt.Errorf("list shoutouts: %w", err)
	}
	return ss, nil
}
