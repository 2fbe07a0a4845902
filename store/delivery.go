package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Where the messages of people the bot may not DM go (Slack Connect people
// whose organization refuses DMs from other workspaces' apps).

// MarkDMRefused records that Slack refused the bot a DM with the member.
func (tx *Tx) MarkDMRefused(ctx context.Context, teamID, userID string, at time.Time) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE members SET dm_refused_at = $3 WHERE team_id = $1 AND user_id = $2`, teamID, userID, at)
	if err != nil {
		return fmt.Errorf("mark DM refused for %s: %w", userID, err)
	}
	return nil
}

// ClearDMRefused forgets a refusal: a DM to the member went through.
func (s *Store) ClearDMRefused(ctx context.Context, teamID, userID string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE members SET dm_refused_at = NULL
		WHERE team_id = $1 AND user_id = $2 AND dm_refused_at IS NOT NULL`, teamID, userID)
	if err != nil {
		return fmt.Errorf("clear DM refused for %s: %w", userID, err)
	}
	return nil
}

// FallbackChannel is where a member the bot can't DM gets their messages:
// the channel of the first active working group they joined, else the
// coalition's connect_channel setting; "" when there is neither.
func (r reader) FallbackChannel(ctx context.Context, teamID, userID string) (string, error) {
	var ch string
	err := r.q.GetContext(ctx, &ch, `
		SELECT channel FROM (
			SELECT g.channel_id AS channel, 0 AS rank, gm.joined_at AS at, g.id
			FROM group_members gm JOIN working_groups g ON g.id = gm.group_id
			WHERE gm.team_id = $1 AND gm.user_id = $2 AND NOT g.archived
			UNION ALL
			SELECT value, 1, now(), 0 FROM settings WHERE team_id = $1 AND key = 'connect_channel' AND value <> 'none'
		) c ORDER BY rank, at, id LIMIT 1`, teamID, userID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("fallback channel of %s: %w", userID, err)
	}
	return ch, nil
}

// MarkOutboxRerouted closes a row whose message went another way (a DM
// refused, posted in a channel thread instead): sent, with a note.
func (tx *Tx) MarkOutboxRerouted(ctx context.Context, id int64, note string, now time.Time) error {
	_, err := tx.tx.ExecContext(ctx, `
		UPDATE outbox SET status = 'sent', sent_at = $3, locked_until = NULL, last_error = $2 WHERE id = $1`, id, note, now)
	if err != nil {
		return fmt.Errorf("mark outbox row %d rerouted: %w", id, err)
	}
	return nil
}
