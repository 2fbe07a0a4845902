package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// Outbox methods: the Slack Web API calls an outbox row can make.
const (
	MethodPostMessage   = "chat.postMessage"
	MethodUpdate        = "chat.update"
	MethodPostEphemeral = "chat.postEphemeral"
	// MethodUpload is files upload v2: files.getUploadURLExternal, the
	// upload, then files.completeUploadExternal sharing the file.
	MethodUpload = "files.uploadV2"
)

// OutboxMessage is a message to send later, queued with the change that
// caused it.
type OutboxMessage struct {
	TeamID string `db:"team_id"`
	// DedupeKey names the logical message; queueing it again is a no-op.
	DedupeKey string `db:"dedupe_key"`
	Method    string `db:"method"`
	// Channel is a channel ID, or a user ID for a direct message.
	Channel string          `db:"channel"`
	Payload json.RawMessage `db:"payload"`
	// NotifyUser is told by DM if the message fails for good; "" for nobody.
	NotifyUser string `db:"notify_user"`
}

// OutboxRow is a queued message claimed by a worker.
type OutboxRow struct {
	ID int64 `db:"id"`
	OutboxMessage
	Attempts int `db:"attempts"`
}

// Enqueue queues m in the transaction. It reports false when a message with
// the same dedupe key was queued before.
func (tx *Tx) Enqueue(ctx context.Context, m OutboxMessage) (bool, error) {
	if m.Method == "" {
		m.Method = MethodPostMessage
	}
	res, err := tx.tx.NamedExecContext(ctx, `
		INSERT INTO outbox (team_id, dedupe_key, method, channel, payload, notify_user)
		VALUES (:team_id, :dedupe_key, :method, :channel, :payload, :notify_user)
		ON CONFLICT (team_id, dedupe_key) DO NOTHING`, m)
	if err != nil {
		return false, fmt.Errorf("enqueue %s: %w", m.DedupeKey, interpret(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("enqueue %s: %w", m.DedupeKey, err)
	}
	if n == 0 {
		return false, nil
	}
	// Wakes idle workers at commit; they also poll, so a lost notice only delays.
	if _, err := tx.tx.ExecContext(ctx, `SELECT pg_notify('outbox', '')`); err != nil {
		return false, fmt.Errorf("notify outbox: %w", err)
	}
	return true, nil
}

// EnqueueAll queues every message of ms in the transaction with one
// statement, and wakes the workers once: a reminders run queues thousands,
// and a round trip each would take seconds. It returns the dedupe keys
// queued now; a key queued before is left out, as Enqueue reports false.
func (tx *Tx) EnqueueAll(ctx context.Context, ms []OutboxMessage) (map[string]bool, error) {
	if len(ms) == 0 {
		return map[string]bool{}, nil
	}
	cols := make([][]string, 6)
	for _, m := range ms {
		if m.Method == "" {
			m.Method = MethodPostMessage
		}
		for i, v := range []string{m.TeamID, m.DedupeKey, m.Method, m.Channel, string(m.Payload), m.NotifyUser} {
			cols[i] = append(cols[i], v)
		}
	}
	var keys []string
	err := tx.tx.SelectContext(ctx, &keys, `
		INSERT INTO outbox (team_id, dedupe_key, method, channel, payload, notify_user)
		SELECT t, k, m, c, p::jsonb, n
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u (t, k, m, c, p, n)
		ON CONFLICT (team_id, dedupe_key) DO NOTHING
		RETURNING dedupe_key`,
		pq.StringArray(cols[0]), pq.StringArray(cols[1]), pq.StringArray(cols[2]),
		pq.StringArray(cols[3]), pq.StringArray(cols[4]), pq.StringArray(cols[5]))
	if err != nil {
		return nil, fmt.Errorf("enqueue %d messages: %w", len(ms), interpret(err))
	}
	queued := make(map[string]bool, len(keys))
	for _, k := range keys {
		queued[k] = true
	}
	if len(keys) > 0 {
		if _, err := tx.tx.ExecContext(ctx, `SELECT pg_notify('outbox', '')`); err != nil {
			return nil, fmt.Errorf("notify outbox: %w", err)
		}
	}
	return queued, nil
}

// Enqueue queues one message in its own transaction.
func (s *Store) Enqueue(ctx context.Context, m OutboxMessage) (bool, error) {
	var queued bool
	err := s.InTx(ctx, func(tx *Tx) (err error) {
		queued, err = tx.Enqueue(ctx, m)
		return err
	})
	return queued, err
}

// ClaimOutbox leases up to limit due rows to the caller until now+lease.
// At most one row per channel is claimed, and none for a channel that was
// posted to within the last perChannel, which keeps chat.postMessage near
// Slack's one message per second per channel across every replica.
// SKIP LOCKED lets several workers claim at once without waiting or overlap.
func (s *Store) ClaimOutbox(ctx context.Context, now time.Time, lease, perChannel time.Duration, limit int) ([]OutboxRow, error) {
	var rows []OutboxRow
	err := s.db.SelectContext(ctx, &rows, `
		WITH candidate AS (
			SELECT DISTINCT ON (o.team_id, o.channel) o.id
			FROM outbox o
			WHERE o.status = 'pending' AND o.next_attempt_at <= $1
			  AND (o.locked_until IS NULL OR o.locked_until <= $1)
			  -- Not posted to within perChannel: a short range of an index
			  -- per candidate. (One probe asking "sent lately OR in flight"
			  -- read every row the channel ever had: 20 times slower with
			  -- 1,000,000 old sent rows, BenchmarkClaimWithOldSentRows.)
			  AND NOT EXISTS (
				SELECT 1 FROM outbox busy
				WHERE busy.team_id = o.team_id AND busy.channel = o.channel
				  AND busy.sent_at > $1 - $3 * interval '1 microsecond' AND busy.status = 'sent')
			  -- No row in flight on the channel: the leased rows, a few per
			  -- worker, read once into a hash (team_id and channel are NOT NULL).
			  AND (o.team_id, o.channel) NOT IN (
				SELECT team_id, channel FROM outbox WHERE status = 'pending' AND locked_until > $1)
			ORDER BY o.team_id, o.channel, o.id
		), claimable AS (
			SELECT id FROM outbox
			WHERE id IN (SELECT id FROM candidate)
			  AND status = 'pending' AND (locked_until IS NULL OR locked_until <= $1)
			ORDER BY next_attempt_at, id
			LIMIT $4
			FOR UPDATE SKIP LOCKED
		)
		UPDATE outbox o
		SET locked_until = $1 + $2 * interval '1 microsecond', attempts = o.attempts + 1
		FROM claimable c
		WHERE o.id = c.id
		RETURNING o.id, o.team_id, o.dedupe_key, o.method, o.channel, o.payload, o.notify_user, o.attempts`,
		now, lease.Microseconds(), perChannel.Microseconds(), limit)
	if err != nil {
		return nil, fmt.Errorf("claim outbox rows: %w", interpret(err))
	}
	return rows, nil
}

// MarkOutboxSent records a delivered row, the conversation Slack posted it
// in and the ts Slack gave it.
func (s *Store) MarkOutboxSent(ctx context.Context, id int64, channel, ts string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `
		UPDATE outbox SET status = 'sent', sent_channel = $2, ts = $3, sent_at = $4, locked_until = NULL, last_error = ''
		WHERE id = $1`, id, channel, ts, now)
	if err != nil {
		return fmt.Errorf("mark outbox row %d sent: %w", id, err)
	}
	return nil
}

// RetryOutbox releases a row to be tried again at next.
func (s *Store) RetryOutbox(ctx context.Context, id int64, next time.Time, reason string) error {
	_, err := s.db.ExecContext(ctx, `
		UPDATE outbox SET next_attempt_at = $2, last_error = $3, locked_until = NULL
		WHERE id = $1 AND status = 'pending'`, id, next, reason)
	if err != nil {
		return fmt.Errorf("reschedule outbox row %d: %w", id, err)
	}
	return nil
}

// DeferOutbox releases a claimed row until next without counting its claim
// as an attempt: the row was not tried (a Retry-After held, or its thread's
// parent is not sent yet), or Slack only asked us to wait (a 429). Counted,
// such waits would stretch the row's backoff and, under sustained rate
// limits, fail it after MaxAttempts although nothing was wrong with it.
func (s *Store) DeferOutbox(ctx context.Context, id int64, next time.Time, reason string) error {
	_, err := s.db.ExecContext(ctx, `
		UPDATE outbox SET next_attempt_at = $2, last_error = $3, locked_until = NULL, attempts = greatest(attempts - 1, 0)
		WHERE id = $1 AND status = 'pending'`, id, next, reason)
	if err != nil {
		return fmt.Errorf("defer outbox row %d: %w", id, err)
	}
	return nil
}

// FailOutbox marks a row as permanently failed; it is never tried again.
func (s *Store) FailOutbox(ctx context.Context, id int64, reason string) error {
	_, err := s.db.ExecContext(ctx, `
		UPDATE outbox SET status = 'failed', last_error = $2, locked_until = NULL, failed_at = now()
		WHERE id = $1`, id, reason)
	if err != nil {
		return fmt.Errorf("mark outbox row %d failed: %w", id, err)
	}
	return nil
}

// FailOutbox marks a row as permanently failed inside tx, so the note
// telling its notify_user can be queued with it.
func (tx *Tx) FailOutbox(ctx context.Context, id int64, reason string) error {
	_, err := tx.tx.ExecContext(ctx, `
		UPDATE outbox SET status = 'failed', last_error = $2, locked_until = NULL, failed_at = now()
		WHERE id = $1`, id, reason)
	if err != nil {
		return fmt.Errorf("mark outbox row %d failed: %w", id, err)
	}
	return nil
}

// OutboxStatus is a row's delivery state, for tests and operators.
type OutboxStatus struct {
	ID        int64  `db:"id"`
	DedupeKey string `db:"dedupe_key"`
	Channel   string `db:"channel"`
	Status    string `db:"status"`
	Attempts  int    `db:"attempts"`
	LastError string `db:"last_error"`
	TS        string `db:"ts"`
	// SentChannel is the conversation the row was posted in, once sent.
	SentChannel string `db:"sent_channel"`
}

// OutboxByKey returns the state of the row queued under dedupeKey.
func (s *Store) OutboxByKey(ctx context.Context, teamID, dedupeKey string) (OutboxStatus, error) {
	var st OutboxStatus
	err := s.db.GetContext(ctx, &st, `
		SELECT id, dedupe_key, channel, status, attempts, last_error, ts, sent_channel
		FROM outbox WHERE team_id = $1 AND dedupe_key = $2`, teamID, dedupeKey)
	if err != nil {
		return st, fmt.Errorf("get outbox row %s: %w", dedupeKey, interpret(err))
	}
	return st, nil
}

// Queued reports whether a message was queued under dedupeKey (and not yet
// deleted by retention).
func (r reader) Queued(ctx context.Context, teamID, dedupeKey string) (bool, error) {
	var queued bool
	err := r.q.GetContext(ctx, &queued, `
		SELECT EXISTS (SELECT 1 FROM outbox WHERE team_id = $1 AND dedupe_key = $2)`, teamID, dedupeKey)
	if err != nil {
		return false, fmt.Errorf("look up outbox row %s: %w", dedupeKey, err)
	}
	return queued, nil
}

// OutboxPending counts the rows still waiting to be sent.
func (s *Store) OutboxPending(ctx context.Context) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM outbox WHERE status = 'pending'`); err != nil {
		return 0, fmt.Errorf("count pending outbox rows: %w", err)
	}
	return n, nil
}
