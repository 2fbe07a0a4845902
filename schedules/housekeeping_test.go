package schedules_test

import (
	"context"
	"slices"
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
	out, err := b.scheduler(now, schedules.Housekeeping()).RunAt(context.Background(), team, "housekeeping", now)
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
