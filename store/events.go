package store

import (
	"context"
	"fmt"
	"time"
)

// FirstDelivery records an Events API delivery and reports whether it is the
// first time eventID was seen; a redelivery reports false.
func (s *Store) FirstDelivery(ctx context.Context, teamID, eventID, eventType string) (bool, error) {
	res, err := s.db.ExecContext(ctx, `
		INSERT INTO slack_events (event_id, team_id, event_type) VALUES ($1, $2, $3)
		ON CONFLICT (event_id) DO NOTHING`, eventID, teamID, eventType)
	if err != nil {
		return false, fmt.Errorf("record event %s: %w", eventID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record event %s: %w", eventID, err)
	}
	return n == 1, nil
}

// ForgetDeliveries deletes the team's remembered deliveries received
// before: Slack redelivers within minutes, so older ones only take space
// (every Socket Mode command and click adds one).
func (tx *Tx) ForgetDeliveries(ctx context.Context, teamID string, before time.Time) (int64, error) {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM slack_events WHERE team_id = $1 AND received_at < $2`, teamID, before)
	if err != nil {
		return 0, fmt.Errorf("forget deliveries of %s: %w", teamID, err)
	}
	return res.RowsAffected()
}
