package schedules_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/schedules"
)

func TestHousekeepingForgetsOldDeliveriesOfItsTeamOnly(t *testing.T) {
	t.Parallel()
	b := setup(t)
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	db := b.store.DB()
	for _, row := range []struct {
		id, team string
		age      time.Duration
	}{
		{"Ev-old", team, 80 * time.Hour},
		{"envelope:old", team, 77 * time.Hour},
		{"Ev-recent", team, 70 * time.Hour},
		{"Ev-other-team", "T0OTHER", 200 * time.Hour},
	} {
		db.MustExec(`INSERT INTO slack_events (event_id, team_id, event_type, received_at) VALUES ($1, $2, 'x', $3)`,
			row.id, row.team, now.Add(-row.age))
	}
	// The 03:30 slot of the 25th, New York time, is 08:30 UTC.
	out, err := b.scheduler(now, schedules.Housekeeping(schedules.DefaultOutboxRetention)).RunAt(context.Background(), team, "housekeeping", now)
	if err != nil || len(out) != 1 || !out[0].Ran {
		t.Fatalf("RunAt = %+v, %v", out, err)
	}
	var left []string
	if err := db.Select(&left, `SELECT event_id FROM slack_events ORDER BY event_id`); err != nil {
		t.Fatal(err)
	}
	// At the 08:30 UTC slot the cutoff is 22 Nov 08:30: Ev-recent (22 Nov 14:00) stays.
	if want := []string{"Ev-other-team", "Ev-recent"}; !slices.Equal(left, want) {
		t.Errorf("left %v, want %v", left, want)
	}
}

// recorder keeps the job runs a scheduler reports.
type recorder struct {
	mu   sync.Mutex
	runs []string
}

func (r *recorder) JobRun(job, outcome string, _ time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.runs = append(r.runs, job+" "+outcome)
}

// The nightly housekeeping deletes sent outbox rows older than the
// retention, in batches, and keeps failed and pending ones whatever their
// age; the run is reported done.
func TestHousekeepingDeletesOldSentOutboxRows(t *testing.T) {
	t.Parallel()
	b := setup(t)
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	db := b.store.DB()
	day := 24 * time.Hour
	// 1,203 old sent rows: more than two batches.
	db.MustExec(`INSERT INTO outbox (team_id, dedupe_key, channel, payload, status, sent_at)
		SELECT $1, 'old-' || i, 'C1', '{}', 'sent', $2::timestamptz - i * interval '1 minute'
		FROM generate_series(1, 1203) AS i`, team, now.Add(-31*day))
	for _, row := range []struct {
		key, status string
		age         time.Duration
	}{
		{"recent", "sent", 29 * day},
		{"failed", "failed", 200 * day},
		{"pending", "pending", 200 * day},
	} {
		db.MustExec(`INSERT INTO outbox (team_id, dedupe_key, channel, payload, status, created_at, sent_at)
			VALUES ($1, $2, 'C1', '{}', $3, $4, CASE WHEN $3 = 'sent' THEN $4::timestamptz END)`, team, row.key, row.status, now.Add(-row.age))
	}
	rec := &recorder{}
	s := b.scheduler(now, schedules.Housekeeping(30*day))
	s.SetObserver(rec)
	if _, err := s.RunAt(context.Background(), team, "housekeeping", now); err != nil {
		t.Fatal(err)
	}
	var left []string
	if err := db.Select(&left, `SELECT dedupe_key FROM outbox ORDER BY dedupe_key`); err != nil {
		t.Fatal(err)
	}
	if want := []string{"failed", "pending", "recent"}; !slices.Equal(left, want) {
		t.Errorf("left %v, want %v", left, want)
	}
	if want := []string{"housekeeping done"}; !slices.Equal(rec.runs, want) {
		t.Errorf("observed %v, want %v", rec.runs, want)
	}
	if !strings.Contains(b.logs.String(), "swept=1203") {
		t.Errorf("the run does not log how many rows it deleted:\n%s", b.logs.String())
	}
}
