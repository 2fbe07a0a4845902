package store

import (
	"context"
	"fmt"
)

// Settings returns the values set for the team, by key; keys never set are
// absent and take their defaults.
func (r reader) Settings(ctx context.Context, teamID string) (map[string]string, error) {
	var rows []struct {
		Key   string `db:"key"`
		Value string `db:"value"`
	}
	if err := r.q.SelectContext(ctx, &rows, `SELECT key, value FROM settings WHERE team_id = $1`, teamID); err != nil {
		return nil, fmt.Errorf("list settings: %w", err)
	}
	m := make(map[string]string, len(rows))
	for _, row := range rows {
		m[row.Key] = row.Value
	}
	return m, nil
}

// SetSetting stores one setting's value.
func (tx *Tx) SetSetting(ctx context.Context, teamID, key, value string) error {
	_, err := tx.tx.ExecContext(ctx, `
		INSERT INTO settings (team_id, key, value) VALUES ($1, $2, $3)
		ON CONFLICT (team_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
		teamID, key, value)
	if err != nil {
		return fmt.Errorf("set setting %s: %w", key, err)
	}
	return nil
}
