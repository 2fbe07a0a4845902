package bot_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/bot/workspace"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// The replicas test's simulated time: 1,000 ticks 15 minutes apart, from
// Thursday 22 Oct 2026 to Sunday 1 Nov, across Europe's DST change (25 Oct).
// Ticks fall at :05, :20, :35 and :50, so no slot coincides with one.
const (
	replicaCount = 3
	replicaTicks = 1000
	replicaStep  = 15 * time.Minute
	leadDays     = 3 // reminder_lead_days, default
	escalateDays = 7 // escalation_days, default
)

var replicaStart = time.Date(2026, 10, 22, 0, 5, 0, 0, time.UTC)

// owner is a harness member with one commitment, and what happens to it.
type owner struct {
	id, zone string
	due      string // the commitment's due date
	away     string // the last day away; "" when never away
	done     time.Time
}

// replicaOwners covers one person per timezone: done halfway, overdue long
// enough to be escalated, away for two days, and plain.
var replicaOwners = []owner{
	{id: partnerID, zone: "America/Los_Angeles", due: "2026-10-27", done: time.Date(2026, 10, 29, 0, 0, 0, 0, time.UTC)},
	{id: steeringID, zone: "Asia/Kolkata", due: "2026-10-23"},
	{id: leadID, zone: "Europe/Berlin", due: "2026-10-28"},
	{id: adminID, zone: "America/New_York", due: "2026-10-30", away: "2026-10-28"},
}

// TestReplicasSendEveryDMOnce runs three schedulers, each with its own
// connections and outbox worker, on one database; they tick the same 1,000
// instants concurrently. Slack must get every expected DM once and no other.
func TestReplicasSendEveryDMOnce(t *testing.T) {
	t.Parallel()
	dbURL := storetest.NewURL(t)
	c := &clock{t: replicaStart}
	h := setup(t, func(o *harnessOptions) { o.dbURL, o.now = dbURL, c.now })
	for _, o := range replicaOwners {
		if got := h.command(o.id, generalID, "/commit", "Finish the "+o.zone+" report by "+o.due); !strings.Contains(got, "📌") {
			t.Fatalf("/commit as %s: %s", o.id, got)
		}
	}
	if got := h.command(adminID, generalID, "/backbone", "member <@U0ADMIN> away=2026-10-28"); !strings.Contains(got, "away until") {
		t.Fatalf("away not set: %s", got)
	}
	checkDueDates(t, h)
	firstMsg, firstRow := len(h.slack.Messages()), maxOutboxID(t, h)

	began := time.Now()
	replicas := startReplicas(t, h, dbURL, c)
	var last time.Time
	for i := range replicaTicks {
		last = replicaStart.Add(time.Duration(i) * replicaStep)
		markDone(t, h, last)
		c.set(last)
		replicas.tick(t, last)
		if t.Failed() {
			t.FailNow()
		}
	}
	ticked := time.Since(began)
	want := expectedDMs(t, replicaStart, last)
	waitDelivered(t, h, firstMsg, firstRow)
	got := deliveredDMs(t, h, firstMsg, firstRow)
	compareDMs(t, got, want)
	checkLedgerClean(t, h)
	t.Logf("%d replicas × %d ticks in %v; %d DMs expected, delivery over %v after the start",
		replicaCount, replicaTicks, ticked.Round(time.Millisecond), len(want), time.Since(began).Round(time.Millisecond))
}

// replicaSet is the scheduler replicas.
type replicaSet struct{ scheds []*schedules.Scheduler }

// startReplicas starts the replicas, each with its own pool and outbox
// worker, all on the harness bot's jobs; they stop when the test ends.
func startReplicas(t *testing.T, h *harness, dbURL string, c *clock) *replicaSet {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var stores []*store.Store
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		for _, st := range stores {
			st.DB().Close()
		}
	})
	o := h.slack.Options()
	rs := &replicaSet{}
	for range replicaCount {
		db, err := store.Open(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		st := store.New(db)
		stores = append(stores, st)
		rs.scheds = append(rs.scheds, schedules.New(st, discardLog(), c.now, time.UTC, append(h.bot.Jobs(), schedules.Housekeeping(schedules.DefaultOutboxRetention))...))
		api := slack.New(o.BotToken, slack.OptionAPIURL(h.slack.APIURL()))
		w := outbox.New(st, workspace.Single(api), discardLog(), time.Now, outbox.Options{Poll: 20 * time.Millisecond, BackoffBase: 20 * time.Millisecond})
		wg.Go(func() { _ = w.Run(ctx, nil) })
	}
	return rs
}

// tick has every replica tick now at once.
func (rs *replicaSet) tick(t *testing.T, now time.Time) {
	t.Helper()
	var wg sync.WaitGroup
	for i, s := range rs.scheds {
		wg.Go(func() {
			if err := s.Tick(context.Background(), now); err != nil {
				t.Errorf("replica %d, tick at %v: %v", i, now, err)
			}
		})
	}
	wg.Wait()
}

// markDone marks done, at its instant, the commitment of an owner who
// finishes it, as a click on Done would.
func markDone(t *testing.T, h *harness, now time.Time) {
	t.Helper()
	for _, o := range replicaOwners {
		if o.done.IsZero() || !tickAtOrAfter(o.done).Equal(now) {
			continue
		}
		if _, err := h.store.DB().Exec(`UPDATE commitments SET status = 'done', completed_at = $2 WHERE owner_id = $1`, o.id, o.done); err != nil {
			t.Fatal(err)
		}
	}
}

// checkDueDates makes sure /commit stored the due dates the expected DMs are
// computed from.
func checkDueDates(t *testing.T, h *harness) {
	t.Helper()
	for _, o := range replicaOwners {
		var due string
		if err := h.store.DB().Get(&due, `SELECT to_char(due, 'YYYY-MM-DD') FROM commitments WHERE owner_id = $1`, o.id); err != nil {
			t.Fatalf("commitment of %s: %v", o.id, err)
		}
		if due != o.due {
			t.Fatalf("commitment of %s due %s, want %s", o.id, due, o.due)
		}
	}
}

// expectedDMs computes, from the rules alone, the outbox key of every DM
// the ticks from start to last must produce.
func expectedDMs(t *testing.T, start, last time.Time) map[string]bool {
	t.Helper()
	want := map[string]bool{}
	for _, o := range replicaOwners {
		loc, err := time.LoadLocation(o.zone)
		if err != nil {
			t.Fatal(err)
		}
		for _, day := range slotDays(start, last, 9, 0, loc) {
			if remindedOn(o, day, tickAtOrAfter(day.at)) {
				want[fmt.Sprintf("reminder:%s:%s", o.id, day.date)] = true
			}
		}
	}
	// Escalations go to the only backbone staff member, at 09:30 in the
	// coalition's timezone (UTC without a setup), on weekdays.
	for _, day := range slotDays(start, last, 9, 30, time.UTC) {
		if escalatedOn(day, tickAtOrAfter(day.at)) {
			want[fmt.Sprintf("escalation:%s:%s", day.date, adminID)] = true
		}
	}
	return want
}

// slotDay is a local date and the instant of its slot.
type slotDay struct {
	date string
	at   time.Time
}

// slotDays lists the local dates whose hh:mm falls in (start, last].
func slotDays(start, last time.Time, hh, mm int, loc *time.Location) []slotDay {
	var days []slotDay
	s := start.In(loc)
	for d := time.Date(s.Year(), s.Month(), s.Day(), hh, mm, 0, 0, loc); !d.After(last); d = time.Date(d.Year(), d.Month(), d.Day()+1, hh, mm, 0, 0, loc) {
		if d.After(start) {
			days = append(days, slotDay{date: d.Format(time.DateOnly), at: d})
		}
	}
	return days
}

// tickAtOrAfter is the first tick at or after at: the one that runs a slot
// at that instant.
func tickAtOrAfter(at time.Time) time.Time {
	n := (at.Sub(replicaStart) + replicaStep - 1) / replicaStep
	return replicaStart.Add(n * replicaStep)
}

// remindedOn: a weekday (weekend_reminders is off by default), not away,
// still open when the slot runs, and due within the lead window or overdue.
func remindedOn(o owner, day slotDay, runs time.Time) bool {
	d, _ := time.Parse(time.DateOnly, day.date)
	switch {
	case d.Weekday() == time.Saturday || d.Weekday() == time.Sunday:
		return false
	case o.away != "" && day.date <= o.away:
		return false
	case !o.done.IsZero() && !runs.Before(o.done):
		return false
	}
	return o.due <= d.AddDate(0, 0, leadDays).Format(time.DateOnly)
}

// escalatedOn: a weekday with an open item overdue by escalateDays or more.
func escalatedOn(day slotDay, runs time.Time) bool {
	d, _ := time.Parse(time.DateOnly, day.date)
	if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		return false
	}
	for _, o := range replicaOwners {
		open := o.done.IsZero() || runs.Before(o.done)
		if open && o.due <= d.AddDate(0, 0, -escalateDays).Format(time.DateOnly) {
			return true
		}
	}
	return false
}

// maxOutboxID is the newest outbox row so far.
func maxOutboxID(t *testing.T, h *harness) int64 {
	t.Helper()
	var id int64
	if err := h.store.DB().Get(&id, `SELECT COALESCE(max(id), 0) FROM outbox`); err != nil {
		t.Fatal(err)
	}
	return id
}

// sentRow is an outbox row queued by the ticks.
type sentRow struct {
	Key     string `db:"dedupe_key"`
	Channel string `db:"channel"`
	Status  string `db:"status"`
	TS      string `db:"ts"`
}

func rowsAfter(t *testing.T, h *harness, firstRow int64) []sentRow {
	t.Helper()
	var rows []sentRow
	err := h.store.DB().Select(&rows, `SELECT dedupe_key, channel, status, COALESCE(ts, '') AS ts FROM outbox WHERE id > $1 ORDER BY id`, firstRow)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// waitDelivered waits until no row queued by the ticks is pending and Slack
// has a message for each sent one.
func waitDelivered(t *testing.T, h *harness, firstMsg int, firstRow int64) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		rows, pending := rowsAfter(t, h, firstRow), 0
		for _, r := range rows {
			if r.Status == "pending" {
				pending++
			}
		}
		got := len(h.slack.Messages()) - firstMsg
		if pending == 0 && got >= len(rows) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not delivered within 60s: %d rows queued, %d pending, %d messages", len(rows), pending, got)
		}
		time.Sleep(20 * time.Millisecond) // polling the outbox, not waiting for time to pass
	}
}

// deliveredDMs counts the messages Slack received since firstMsg by the
// outbox key that sent them; a message no row sent counts under "?".
func deliveredDMs(t *testing.T, h *harness, firstMsg int, firstRow int64) map[string]int {
	t.Helper()
	byTS := map[string]sentRow{}
	for _, r := range rowsAfter(t, h, firstRow) {
		if r.Status != "sent" {
			t.Errorf("outbox row %s is %s", r.Key, r.Status)
		}
		byTS[r.TS] = r
	}
	got := map[string]int{}
	for _, m := range h.slack.Messages()[firstMsg:] {
		r, ok := byTS[m.TS]
		if !ok || m.Method != "chat.postMessage" || m.User != r.Channel {
			t.Errorf("unexpected message: %s to %s (%s) %q", m.Method, m.User, m.Channel, m.Text)
			got["?"]++
			continue
		}
		if strings.HasPrefix(r.Key, "reminder:") && !strings.Contains(m.Text, "due soon") ||
			strings.HasPrefix(r.Key, "escalation:") && !strings.Contains(m.Text, "need your attention") {
			t.Errorf("%s says %q", r.Key, m.Text)
		}
		got[r.Key]++
	}
	return got
}

// compareDMs wants each expected DM delivered once, and nothing else.
func compareDMs(t *testing.T, got map[string]int, want map[string]bool) {
	t.Helper()
	keys := slices.Collect(maps.Keys(got))
	for k := range want {
		if got[k] == 0 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		switch n := got[k]; {
		case want[k] && n != 1:
			t.Errorf("%s delivered %d times, want once", k, n)
		case !want[k]:
			t.Errorf("%s delivered %d times, want never", k, n)
		}
	}
	if len(want) == 0 {
		t.Fatal("no DM expected: the scenario tests nothing")
	}
}

// checkLedgerClean wants no slot failed or missed by any replica.
func checkLedgerClean(t *testing.T, h *harness) {
	t.Helper()
	var bad []store.JobRun
	err := h.store.DB().Select(&bad, `SELECT team_id, job, zone, slot, status, slot_at, messages, error
		FROM job_runs WHERE status <> 'done' ORDER BY slot_at`)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range bad {
		t.Errorf("ledger: %s %s %s %s: %s", r.Job, r.Zone, r.Slot, r.Status, r.Error)
	}
}
