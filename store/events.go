package store

import (
	"context"
	"fmt"
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
