package store

import (
	"context"
	"fmt"
	"time"
)

// Holiday is a coalition day off: no reminders.
type Holiday struct {
	TeamID string    `db:"team_id" json:"-"`
	Day    time.Time `db:"day" json:"day"`
	Name   string    `db:"name" json:"name"`
}

// AddHoliday records a day off; ErrConflict when the day has one already.
func (tx *Tx) AddHoliday(ctx context.Context, h Holiday) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO holidays (team_id, day, name) VALUES ($1, $2, $3)`,
		h.TeamID, h.Day.Format(time.DateOnly), h.Name)
	if err != nil {
		return fmt.Errorf("add holiday: %w", interpret(err))
	}
	return nil
}

// RemoveHoliday deletes a day off; ErrNotFound when there was none.
func (tx *Tx) RemoveHoliday(ctx context.Context, teamID string, day time.Time) error {
	res, err := tx.tx.ExecContext(ctx, `DELETE FROM holidays WHERE team_id = $1 AND day = $2`, teamID, day.Format(time.DateOnly))
	if err != nil {
		return fmt.Errorf("remove holiday: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("remove holiday: %w", ErrNotFound)
	}
	return nil
}

// Holidays lists the team's days off from a date on.
func (r reader) Holidays(ctx context.Context, teamID string, from time.Time) ([]Holiday, error) {
	var hs []Holiday
	err := r.q.SelectContext(ctx, &hs, `SELECT team_id, day, name FROM holidays
		WHERE team_id = $1 AND day >= $2 ORDER BY day`, teamID, from.Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("list holidays: %w", err)
	}
	return hs, nil
}

// IsHoliday reports whether a civil date is a day off.
func (r reader) IsHoliday(ctx context.Context, teamID string, day time.Time) (bool, error) {
	var n int
	err := r.q.GetContext(ctx, &n, `SELECT count(*) FROM holidays WHERE team_id = $1 AND day = $2`,
		teamID, day.Format(time.DateOnly))
	if err != nil {
		return false, fmt.Errorf("check holiday: %w", err)
	}
	return n > 0, nil
}
