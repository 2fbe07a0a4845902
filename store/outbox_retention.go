package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// DeleteSentOutbox deletes up to limit of the team's rows sent before
// cutoff, oldest first, with the commitment links of the messages they
// posted, in one short statement of its own, and reports how many it
// deleted. It never waits for a row another session holds (SKIP LOCKED):
// the sender touches only pending rows, and a batch never holds it up.
func (s *Store) DeleteSentOutbox(ctx context.Context, teamID string, cutoff time.Time, limit int) (int, error) {
	res, err := s.db.ExecContext(ctx, `
		WITH doomed AS (
			SELECT id, dedupe_key FROM outbox
			WHERE team_id = $1 AND status = 'sent' AND sent_at < $2
			ORDER BY sent_at
			LIMIT $3
			FOR UPDATE SKIP LOCKED
		), links AS (
			DELETE FROM commitment_messages cm
			USING doomed d
			WHERE cm.team_id = $1 AND cm.dedupe_key = d.dedupe_key
		)
		DELETE FROM outbox o USING doomed d WHERE o.id = d.id`, teamID, cutoff, limit)
	if err != nil {
		return 0, fmt.Errorf("delete sent outbox rows: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("delete sent outbox rows: %w", err)
	}
	return int(n), nil
}

// FailedOutboxRow is a row that failed for good and waits for someone to
// retry or dismiss it.
type FailedOutboxRow struct {
	ID        int64     `db:"id"`
	DedupeKey string    `db:"dedupe_key"`
	Method    string    `db:"method"`
	Channel   string    `db:"channel"`
	Attempts  int       `db:"attempts"`
	LastError string    `db:"last_error"`
	CreatedAt time.Time `db:"created_at"`
	// FailedAt is when it failed; rows that failed before it was recorded
	// show when they were queued.
	FailedAt time.Time `db:"failed_at"`
}

// FailedOutbox lists the team's failed rows, newest first, at most limit.
func (s *Store) FailedOutbox(ctx context.Context, teamID string, limit int) ([]FailedOutboxRow, error) {
	var rows []FailedOutboxRow
	err := s.db.SelectContext(ctx, &rows, `
		SELECT id, dedupe_key, method, channel, attempts, last_error, created_at,
		       COALESCE(failed_at, created_at) AS failed_at
		FROM outbox
		WHERE team_id = $1 AND status = 'failed'
		ORDER BY id DESC
		LIMIT $2`, teamID, limit)
	if err != nil {
		return nil, fmt.Errorf("list failed outbox rows: %w", err)
	}
	return rows, nil
}

// RetryFailedOutbox puts the team's failed row id back in the queue, due at
// now, with its attempts reset; ErrNotFound when no such failed row exists.
func (tx *Tx) RetryFailedOutbox(ctx context.Context, teamID string, id int64, now time.Time) error {
	res, err := tx.tx.ExecContext(ctx, `
		UPDATE outbox
		SET status = 'pending', attempts = 0, next_attempt_at = $3, locked_until = NULL, failed_at = NULL
		WHERE team_id = $1 AND id = $2 AND status = 'failed'`, teamID, id, now)
	if err != nil {
		return fmt.Errorf("retry failed outbox row %d: %w", id, err)
	}
	return oneRow(res, fmt.Sprintf("retry failed outbox row %d", id))
}

// DismissFailedOutbox deletes the team's failed row id: someone handled it
// another way. ErrNotFound when no such failed row exists.
func (tx *Tx) DismissFailedOutbox(ctx context.Context, teamID string, id int64) error {
	res, err := tx.tx.ExecContext(ctx, `
		DELETE FROM outbox WHERE team_id = $1 AND id = $2 AND status = 'failed'`, teamID, id)
	if err != nil {
		return fmt.Errorf("dismiss failed outbox row %d: %w", id, err)
	}
	return oneRow(res, fmt.Sprintf("dismiss failed outbox row %d", id))
}

// oneRow turns "no row changed" into ErrNotFound.
func oneRow(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return nil
}

// OutboxStats is the outbox seen from outside, across every team.
type OutboxStats struct {
	// Pending counts the rows waiting to be sent, Failed those that failed
	// for good and wait to be handled.
	Pending int `db:"pending"`
	Failed  int `db:"failed"`
	// OldestPending is when the oldest pending row was queued; zero when
	// none is pending.
	OldestPending time.Time `db:"-"`
}

// OutboxStats counts pending and failed rows and finds the oldest pending
// one; every part reads a partial index, so sent rows cost nothing.
func (s *Store) OutboxStats(ctx context.Context) (OutboxStats, error) {
	var row struct {
		OutboxStats
		Oldest sql.NullTime `db:"oldest"`
	}
	err := s.db.GetContext(ctx, &row, `
		SELECT (SELECT count(*) FROM outbox WHERE status = 'pending') AS pending,
		       (SELECT min(created_at) FROM outbox WHERE status = 'pending') AS oldest,
		       (SELECT count(*) FROM outbox WHERE status = 'failed') AS failed`)
	if err != nil {
		return OutboxStats{}, fmt.Errorf("read outbox stats: %w", err)
	}
	row.OutboxStats.OldestPending = row.Oldest.Time
	return row.OutboxStats, nil
}
