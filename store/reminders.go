package store

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// DueItem is one commitment a reminders run names: its owner and ID.
type DueItem struct {
	OwnerID string `db:"owner_id"`
	ID      int64  `db:"id"`
}

// ReminderDueIDs lists, by owner then due date, the open accepted
// commitments due by until of the owners living in zone who are not away
// today: what a reminders run names. The DM itself is rendered at send time
// (ReminderItems).
func (r reader) ReminderDueIDs(ctx context.Context, teamID, zone string, today, until time.Time) ([]DueItem, error) {
	var items []DueItem
	err := r.q.SelectContext(ctx, &items, `SELECT c.owner_id, c.id FROM commitments c
		JOIN members m ON m.team_id = c.team_id AND m.user_id = c.owner_id
		WHERE c.team_id = $1 AND c.status = 'open' AND c.acceptance = 'accepted'
		  AND c.due IS NOT NULL AND c.due <= $3 AND m.tz = $2 AND NOT m.deleted
		  AND (m.away_until IS NULL OR m.away_until < $4)
		ORDER BY c.owner_id, c.due, c.id`, teamID, zone, until.Format(time.DateOnly), today.Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("list reminders due: %w", err)
	}
	return items, nil
}

// RelinkMessage makes the commitments of the message queued under key
// exactly ids, in that order (the positions replies in its thread name),
// as the message shows them when it is rendered.
func (tx *Tx) RelinkMessage(ctx context.Context, teamID, key string, ids []int64) error {
	_, err := tx.tx.ExecContext(ctx, `DELETE FROM commitment_messages WHERE team_id = $1 AND dedupe_key = $2`, teamID, key)
	if err != nil {
		return fmt.Errorf("relink message %s: %w", key, interpret(err))
	}
	_, err = tx.tx.ExecContext(ctx, `
		INSERT INTO commitment_messages (team_id, dedupe_key, commitment_id, position)
		SELECT $1, $2, id, ord FROM unnest($3::bigint[]) WITH ORDINALITY AS u (id, ord)`,
		teamID, key, pq.Int64Array(ids))
	if err != nil {
		return fmt.Errorf("relink message %s: %w", key, interpret(err))
	}
	return nil
}
