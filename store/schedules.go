package store

import (
	"context"
	"fmt"
	"time"
)

// Schedule is when a job runs for a coalition.
type Schedule struct {
	TeamID  string    `db:"team_id" json:"-"`
	Job     string    `db:"job" json:"job"`
	Spec    string    `db:"spec" json:"spec"`
	Enabled bool      `db:"enabled" json:"enabled"`
	Since   time.Time `db:"since" json:"-"`
}

// EnsureSchedule creates a job's schedule with its default spec, once;
// an existing schedule is left as the coalition set it.
func (s *Store) EnsureSchedule(ctx context.Context, teamID, job, spec string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO schedules (team_id, job, spec, since) VALUES ($1, $2, $3, $4)
		ON CONFLICT (team_id, job) DO NOTHING`, teamID, job, spec, now)
	if err != nil {
		return fmt.Errorf("create schedule %s: %w", job, err)
	}
	return nil
}

// Schedules lists the team's schedules by job.
func (r reader) Schedules(ctx context.Context, teamID string) ([]Schedule, error) {
	var ss []Schedule
	err := r.q.SelectContext(ctx, &ss, `SELECT team_id, job, spec, enabled, since FROM schedules
		WHERE team_id = $1 ORDER BY job`, teamID)
	if err != nil {
		return nil, fmt.Errorf("list schedules: %w", err)
	}
	return ss, nil
}

// SetSchedule changes a job's spec and enabled flag. Slots before now are
// then neither run nor reported missed.
func (tx *Tx) SetSchedule(ctx context.Context, s Schedule, now time.Time) error {
	res, err := tx.tx.ExecContext(ctx, `UPDATE schedules SET spec = $3, enabled = $4, since = $5, updated_at = $5
		WHERE team_id = $1 AND job = $2`, s.TeamID, s.Job, s.Spec, s.Enabled, now)
	if err != nil {
		return fmt.Errorf("set schedule %s: %w", s.Job, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("set schedule %s: %w", s.Job, ErrNotFound)
	}
	return nil
}

// Teams lists every workspace the bot knows and is still installed in.
func (s *Store) Teams(ctx context.Context) ([]string, error) {
	var teams []string
	err := s.db.SelectContext(ctx, &teams, `
		(SELECT team_id FROM coalitions UNION SELECT team_id FROM members)
		EXCEPT SELECT team_id FROM installations WHERE uninstalled_at IS NOT NULL
		ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("list teams: %w", err)
	}
	return teams, nil
}

// MemberZones lists the timezones of the team's active people.
func (s *Store) MemberZones(ctx context.Context, teamID string) ([]string, error) {
	var zones []string
	err := s.db.SelectContext(ctx, &zones, `SELECT DISTINCT tz FROM members
		WHERE team_id = $1 AND NOT deleted AND NOT is_bot ORDER BY tz`, teamID)
	if err != nil {
		return nil, fmt.Errorf("list member timezones: %w", err)
	}
	return zones, nil
}

// JobRun is one slot of one job in the ledger.
type JobRun struct {
	TeamID   string    `db:"team_id"`
	Job      string    `db:"job"`
	Zone     string    `db:"zone"`
	Slot     string    `db:"slot"`
	Status   string    `db:"status"`
	SlotAt   time.Time `db:"slot_at"`
	Messages int       `db:"messages"`
	Error    string    `db:"error"`
}

// ClaimSlot records the run in the ledger inside the transaction that does
// its work; false means the slot was run (or given up) already. A replica
// claiming the same slot at once waits for this transaction and then sees
// it taken.
func (tx *Tx) ClaimSlot(ctx context.Context, r JobRun) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `
		INSERT INTO job_runs (team_id, job, zone, slot, status, slot_at, messages)
		VALUES ($1, $2, $3, $4, 'done', $5, $6) ON CONFLICT DO NOTHING`,
		r.TeamID, r.Job, r.Zone, r.Slot, r.SlotAt, r.Messages)
	if err != nil {
		return false, fmt.Errorf("claim %s %s: %w", r.Job, r.Slot, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetRunMessages records how many messages a claimed run queued.
func (tx *Tx) SetRunMessages(ctx context.Context, r JobRun, n int) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE job_runs SET messages = $5
		WHERE team_id = $1 AND job = $2 AND zone = $3 AND slot = $4`, r.TeamID, r.Job, r.Zone, r.Slot, n)
	if err != nil {
		return fmt.Errorf("record messages of %s %s: %w", r.Job, r.Slot, err)
	}
	return nil
}

// RecordSlot writes a slot that did not run (missed or failed), unless the
// ledger already has it; it reports whether it wrote.
func (s *Store) RecordSlot(ctx context.Context, r JobRun) (bool, error) {
	res, err := s.db.ExecContext(ctx, `
		INSERT INTO job_runs (team_id, job, zone, slot, status, slot_at, error)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
		r.TeamID, r.Job, r.Zone, r.Slot, r.Status, r.SlotAt, r.Error)
	if err != nil {
		return false, fmt.Errorf("record %s %s: %w", r.Job, r.Slot, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// LedgerSlots returns the "zone slot" keys the ledger holds for a job with
// instants in [from, to].
func (s *Store) LedgerSlots(ctx context.Context, teamID, job string, from, to time.Time) (map[string]bool, error) {
	var rows []struct {
		Zone string `db:"zone"`
		Slot string `db:"slot"`
	}
	err := s.db.SelectContext(ctx, &rows, `SELECT zone, slot FROM job_runs
		WHERE team_id = $1 AND job = $2 AND slot_at BETWEEN $3 AND $4`, teamID, job, from, to)
	if err != nil {
		return nil, fmt.Errorf("read ledger of %s: %w", job, err)
	}
	keys := make(map[string]bool, len(rows))
	for _, r := range rows {
		keys[r.Zone+" "+r.Slot] = true
	}
	return keys, nil
}

// JobRuns lists a job's ledger, newest slot first.
func (r reader) JobRuns(ctx context.Context, teamID, job string, limit int) ([]JobRun, error) {
	var runs []JobRun
	err := r.q.SelectContext(ctx, &runs, `SELECT team_id, job, zone, slot, status, slot_at, messages, error
		FROM job_runs WHERE team_id = $1 AND job = $2 ORDER BY slot_at DESC, zone LIMIT $3`, teamID, job, limit)
	if err != nil {
		return nil, fmt.Errorf("list runs of %s: %w", job, err)
	}
	return runs, nil
}
