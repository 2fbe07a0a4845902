package store

import (
	"context"
	"fmt"
	"time"
)

// SaveOAuthState records the state of one "Add to Slack" click and the
// hash of the nonce in the clicking browser's cookie.
func (s *Store) SaveOAuthState(ctx context.Context, state string, browser []byte, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO oauth_states (state, browser, created_at) VALUES ($1, $2, $3)`, state, browser, now)
	if err != nil {
		return fmt.Errorf("save oauth state: %w", interpret(err))
	}
	return nil
}

// UseOAuthState consumes a state made after since for that browser: it
// reports true once, false for an unknown, expired, used or other browser's
// state. Old states are deleted on the way.
func (s *Store) UseOAuthState(ctx context.Context, state string, browser []byte, since, now time.Time) (bool, error) {
	var ok bool
	err := s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM oauth_states WHERE created_at < $1::timestamptz - interval '1 day'`, since); err != nil {
			return fmt.Errorf("forget old oauth states: %w", err)
		}
		res, err := tx.tx.ExecContext(ctx, `
			UPDATE oauth_states SET used_at = $4
			WHERE state = $1 AND browser = $2 AND created_at >= $3 AND used_at IS NULL`, state, browser, since, now)
		if err != nil {
			return fmt.Errorf("use oauth state: %w", err)
		}
		n, err := res.RowsAffected()
		ok = n == 1
		return err
	})
	return ok, err
}
