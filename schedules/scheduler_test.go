package schedules_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/internal/testkit"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const team = "T0TEAM"

type bundle struct {
	store *store.Store
	logs  *testkit.SyncBuffer
	calls *atomic.Int64
}

// setup gives a coalition in New York whose members live in zones.
func setup(t *testing.T, zones ...string) bundle {
	t.Helper()
	st := store.New(storetest.NewDB(t))
	ctx := context.Background()
	err := st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SaveCoalition(ctx, store.Coalition{TeamID: team, Name: "Test", Timezone: "America/New_York"}); err != nil {
			return err
		}
		for i, z := range zones {
			p := store.Profile{TeamID: team, UserID: fmt.Sprintf("U%d", i), DisplayName: "m", TZ: z}
			if _, err := tx.SaveProfile(ctx, p, store.RolePartner, time.Now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return bundle{store: st, logs: &testkit.SyncBuffer{}, calls: &atomic.Int64{}}
}

// job queues one outbox row per execution, keyed by a counter, so a double
// run would show as two rows rather than be hidden by outbox dedupe.
func (b bundle) job(name, spec string, perMember bool) schedules.Job {
	return schedules.Job{Name: name, DefaultSpec: spec, PerMember: perMember,
		Run: func(ctx context.Context, tx *store.Tx, r schedules.Run) (int, error) {
			n := b.calls.Add(1)
			_, err := tx.Enqueue(ctx, store.OutboxMessage{TeamID: r.TeamID, DedupeKey: fmt.Sprintf("run-%d %s %s", n, r.Zone, r.Slot),
				Channel: "C1", Payload: []byte(`{"text":"x"}`)})
			return 1, err
		}}
}

func (b bundle) scheduler(now time.Time, jobs ...schedules.Job) *schedules.Scheduler {
	log := slog.New(slog.NewTextHandler(b.logs, nil))
	return schedules.New(b.store, log, func() time.Time { return now }, time.UTC, jobs...)
}

// runs lists the outbox keys the job queued ("run-N zone slot" → zone slot).
func (b bundle) runs(t *testing.T) []string {
	t.Helper()
	var keys []string
	if err := b.store.DB().Select(&keys, `SELECT dedupe_key FROM outbox ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	for i, k := range keys {
		_, rest, _ := strings.Cut(k, " ")
		keys[i] = rest
	}
	return keys
}

func (b bundle) status(t *testing.T, job, zone, slot string) string {
	t.Helper()
	var s string
	_ = b.store.DB().Get(&s, `SELECT status FROM job_runs WHERE job = $1 AND zone = $2 AND slot = $3`, job, zone, slot)
	return s
}

var start = time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC) // a Monday

func TestThreeReplicasRunEachSlotOnce(t *testing.T) {
	t.Parallel()
	b := setup(t, "America/Los_Angeles", "Asia/Kolkata", "Europe/Berlin", "America/Los_Angeles")
	ny, _ := time.LoadLocation("America/New_York")
	ensure := b.scheduler(start, b.job("reminders", "0 9 * * 1-5", true), b.job("digest", "0 8 * * 1", false))
	if err := ensure.Tick(context.Background(), start); err != nil {
		t.Fatal(err)
	}
	// 1,000 ticks of 13 minutes: about nine days, Monday 2 to Wednesday 11 November.
	const ticks = 1000
	var wg sync.WaitGroup
	for replica := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 1; i <= ticks; i++ {
				now := start.Add(time.Duration(i) * 13 * time.Minute)
				s := b.scheduler(now, b.job("reminders", "0 9 * * 1-5", true), b.job("digest", "0 8 * * 1", false))
				if err := s.Tick(context.Background(), now); err != nil {
					t.Errorf("replica %d tick %d: %v", replica, i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	end := start.Add(ticks * 13 * time.Minute)
	var want []string
	for _, z := range []string{"America/Los_Angeles", "Asia/Kolkata", "Europe/Berlin"} {
		loc, _ := time.LoadLocation(z)
		for d := start.AddDate(0, 0, -1); d.Before(end.AddDate(0, 0, 1)); d = d.AddDate(0, 0, 1) {
			at := time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, loc)
			if at.After(start) && !at.After(end) && at.Weekday() != time.Saturday && at.Weekday() != time.Sunday {
				want = append(want, z+" "+at.Format("2006-01-02 15:04"))
			}
		}
	}
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		at := time.Date(d.Year(), d.Month(), d.Day(), 8, 0, 0, 0, ny)
		if at.Weekday() == time.Monday && at.After(start) && !at.After(end) {
			want = append(want, "America/New_York "+at.Format("2006-01-02 15:04"))
		}
	}
	got := map[string]int{}
	for _, k := range b.runs(t) {
		got[k]++
	}
	for _, w := range want {
		if got[w] != 1 {
			t.Errorf("slot %s ran %d times, want once", w, got[w])
		}
		delete(got, w)
	}
	for k, n := range got {
		t.Errorf("unexpected run %s (%d times)", k, n)
	}
	t.Logf("%d slots over %d ticks by 3 replicas, each run once", len(want), ticks)
}

func TestDowntimeCatchUpAndMissedSlots(t *testing.T) {
	t.Parallel()
	b := setup(t, "America/New_York")
	job := b.job("reminders", "0 9 * * *", true)
	ny, _ := time.LoadLocation("America/New_York")
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, ny) }
	// Running at 08:00 on the 2nd, then down until 15:00: one catch-up run.
	if err := b.scheduler(day(2, 8), job).Tick(context.Background(), day(2, 8)); err != nil {
		t.Fatal(err)
	}
	for _, now := range []time.Time{day(2, 15), day(2, 15).Add(time.Minute)} {
		if err := b.scheduler(now, job).Tick(context.Background(), now); err != nil {
			t.Fatal(err)
		}
	}
	if runs := b.runs(t); len(runs) != 1 || runs[0] != "America/New_York 2026-11-02 09:00" {
		t.Fatalf("after 6 hours down: runs %v, want one catch-up run", runs)
	}
	// Down for three days: 3rd, 4th and 5th are missed and logged, not sent.
	now := day(6, 8)
	if err := b.scheduler(now, job).Tick(context.Background(), now); err != nil {
		t.Fatal(err)
	}
	if runs := b.runs(t); len(runs) != 1 {
		t.Errorf("missed slots were sent: %v", runs)
	}
	for _, d := range []string{"2026-11-03", "2026-11-04", "2026-11-05"} {
		if st := b.status(t, "reminders", "America/New_York", d+" 09:00"); st != "missed" {
			t.Errorf("%s: status %q, want missed", d, st)
		}
	}
	if n := strings.Count(b.logs.String(), "slot missed"); n != 3 {
		t.Errorf("%d missed slots logged, want 3:\n%s", n, b.logs.String())
	}
}

func TestAPanickingJobRunsAgainOnTheNextSlot(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var first atomic.Bool
	first.Store(true)
	inner := b.job("escalations", "0 10 * * *", false)
	job := inner
	job.Run = func(ctx context.Context, tx *store.Tx, r schedules.Run) (int, error) {
		if first.Swap(false) {
			panic("boom")
		}
		return inner.Run(ctx, tx, r)
	}
	ny, _ := time.LoadLocation("America/New_York")
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, ny)
	b.scheduler(t0, job).Tick(context.Background(), t0)
	day1 := t0.Add(2 * time.Hour)
	if err := b.scheduler(day1, job).Tick(context.Background(), day1); err == nil {
		t.Error("the panic was not reported")
	}
	if !strings.Contains(b.logs.String(), "panic in job escalations") {
		t.Errorf("the panic was not logged with the job name:\n%s", b.logs.String())
	}
	if st := b.status(t, "escalations", "America/New_York", "2026-11-02 10:00"); st != "failed" {
		t.Errorf("panicked slot status %q, want failed", st)
	}
	day2 := day1.AddDate(0, 0, 1)
	if err := b.scheduler(day2, job).Tick(context.Background(), day2); err != nil {
		t.Fatalf("the next slot failed: %v", err)
	}
	if runs := b.runs(t); len(runs) != 1 || runs[0] != "America/New_York 2026-11-03 10:00" {
		t.Errorf("runs %v, want the next day's slot only", runs)
	}
}

func TestDSTDaysRunOncePerLocalDay(t *testing.T) {
	t.Parallel()
	for _, zone := range []string{"America/New_York", "Europe/Berlin"} {
		for _, hm := range []string{"30 1", "30 2", "0 9"} {
			t.Run(zone+" "+hm, func(t *testing.T) {
				t.Parallel()
				b := setup(t, zone)
				job := b.job("reminders", hm+" * * *", true)
				loc, _ := time.LoadLocation(zone)
				for _, d := range [][2]int{{3, 6}, {10, 23}} { // spring and fall 2026, both zones within
					t0 := time.Date(2026, time.Month(d[0]), d[1], 0, 0, 0, 0, loc)
					for i := 0; i <= 4*24*4; i++ { // every 15 minutes for four days
						now := t0.Add(time.Duration(i) * 15 * time.Minute)
						if err := b.scheduler(now, job).Tick(context.Background(), now); err != nil {
							t.Fatal(err)
						}
					}
				}
				perDay := map[string]int{}
				for _, k := range b.runs(t) {
					perDay[strings.Fields(k)[1]]++
				}
				if len(perDay) < 7 {
					t.Errorf("runs on %d days, want 8: %v", len(perDay), perDay)
				}
				for d, n := range perDay {
					if n != 1 {
						t.Errorf("%s ran %d times", d, n)
					}
				}
			})
		}
	}
}

func TestManualRunUsesTheLedger(t *testing.T) {
	t.Parallel()
	b := setup(t)
	job := b.job("digest", "0 8 * * 1", false)
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	s := b.scheduler(now, job)
	at := time.Date(2026, 11, 23, 20, 0, 0, 0, time.UTC)
	for i, wantRan := range []bool{true, false} {
		out, err := s.RunAt(context.Background(), team, "digest", at)
		if err != nil || len(out) != 1 || out[0].Ran != wantRan || out[0].Slot != "2026-11-23 08:00" {
			t.Errorf("run %d: %+v %v, want ran=%v for 2026-11-23 08:00", i, out, err, wantRan)
		}
	}
	if _, err := s.RunAt(context.Background(), team, "nope", at); err == nil {
		t.Error("an unknown job ran")
	}
}
