package schedules_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/schedules"
)

// TestRunThroughRunsEverySlotPassed: moving a simulated clock from Monday
// 08:00 to Tuesday 11:00 in New York runs every slot on the way, in time
// order, each at its own time — reminders in each member's zone,
// escalations, check-ins — where Tick at the new time would have recorded
// most of them as missed.
func TestRunThroughRunsEverySlotPassed(t *testing.T) {
	t.Parallel()
	b := setup(t, "America/New_York", "America/Chicago", "America/Los_Angeles")
	ny, _ := time.LoadLocation("America/New_York")
	from, to := time.Date(2026, 11, 2, 8, 0, 0, 0, ny), time.Date(2026, 11, 3, 11, 0, 0, 0, ny)
	jobs := []schedules.Job{b.job("reminders", "0 9 * * *", true), b.job("escalations", "30 9 * * 1-5", false), b.job("checkins", "0 10 * * *", false)}
	s := b.scheduler(from, jobs...)
	var clock []time.Time
	ran, err := s.RunThrough(context.Background(), from, to, func(at time.Time) { clock = append(clock, at) })
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, r := range ran {
		got = append(got, r.Job+" "+r.Zone+" "+r.Slot)
		if !r.At.Equal(clock[i]) {
			t.Errorf("%s ran at %v, but the clock was moved to %v", got[i], r.At, clock[i])
		}
	}
	want := []string{
		"reminders America/New_York 2026-11-02 09:00", "escalations America/New_York 2026-11-02 09:30",
		"reminders America/Chicago 2026-11-02 09:00", "checkins America/New_York 2026-11-02 10:00",
		"reminders America/Los_Angeles 2026-11-02 09:00",
		"reminders America/New_York 2026-11-03 09:00", "escalations America/New_York 2026-11-03 09:30",
		"reminders America/Chicago 2026-11-03 09:00", "checkins America/New_York 2026-11-03 10:00",
	}
	if !slices.Equal(got, want) {
		t.Errorf("ran, in order:\n%q\nwant:\n%q", got, want)
	}
	if !slices.IsSortedFunc(clock, func(a, b time.Time) int { return a.Compare(b) }) {
		t.Errorf("the clock went back: %v", clock)
	}
	// The same move again runs nothing: the ledger has every slot.
	again, err := b.scheduler(to, jobs...).RunThrough(context.Background(), from, to, func(time.Time) {})
	if err != nil || len(again) != 0 {
		t.Errorf("a second pass ran %v (err %v)", again, err)
	}
	if st := b.status(t, "reminders", "America/Los_Angeles", "2026-11-02 09:00"); st != "done" {
		t.Errorf("Los Angeles's Monday reminders: ledger status %q, want done", st)
	}
}
