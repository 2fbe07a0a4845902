package bot_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/schedules"
)

// clock is a settable test clock shared by the bot and the scheduler.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// scheduled is a harness whose bot runs on a test clock, with the real jobs.
func scheduled(t *testing.T, start time.Time) (*harness, *clock, *schedules.Scheduler) {
	t.Helper()
	c := &clock{t: start}
	h := setup(t, func(o *harnessOptions) { o.now = c.now })
	return h, c, h.sched
}

// reminderKeys lists the reminder outbox keys queued so far.
func reminderKeys(t *testing.T, h *harness) []string {
	t.Helper()
	var keys []string
	if err := h.store.DB().Select(&keys, `SELECT dedupe_key FROM outbox WHERE dedupe_key LIKE 'reminder:%' ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestRemindersAt0900InEachPersonsTimezone(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) // Monday
	h, c, s := scheduled(t, start)
	for _, u := range []string{partnerID, steeringID} { // Los Angeles, Kolkata
		if got := h.command(u, generalID, "/commit", "Send the flyers by Wednesday"); !strings.Contains(got, "📌") {
			t.Fatalf("/commit as %s: %s", u, got)
		}
	}
	want := map[string]time.Time{
		"reminder:" + steeringID + ":2026-11-23": time.Date(2026, 11, 23, 3, 30, 0, 0, time.UTC), // 09:00 IST
		"reminder:" + partnerID + ":2026-11-23":  time.Date(2026, 11, 23, 17, 0, 0, 0, time.UTC), // 09:00 PST
		"reminder:" + steeringID + ":2026-11-24": time.Date(2026, 11, 24, 3, 30, 0, 0, time.UTC),
		"reminder:" + partnerID + ":2026-11-24":  time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC),
	}
	firstSeen := map[string]time.Time{}
	for now := start; now.Before(start.Add(42 * time.Hour)); now = now.Add(15 * time.Minute) {
		c.set(now)
		if err := s.Tick(context.Background(), now); err != nil {
			t.Fatalf("tick at %v: %v", now, err)
		}
		for _, k := range reminderKeys(t, h) {
			if _, ok := firstSeen[k]; !ok {
				firstSeen[k] = now
			}
		}
	}
	for k, at := range want {
		if got, ok := firstSeen[k]; !ok || got.Before(at) || got.Sub(at) >= 15*time.Minute {
			t.Errorf("%s queued at %v, want at the first tick after %v", k, got, at)
		}
		delete(firstSeen, k)
	}
	for k := range firstSeen {
		t.Errorf("unexpected reminder %s", k)
	}
	// The DM itself lists the item with its buttons.
	ctx, cancel := h.timeout()
	defer cancel()
	m, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool { return m.User == partnerID && strings.Contains(m.Text, "due soon") })
	if err != nil {
		t.Fatalf("no reminder DM delivered: %v", err)
	}
	mustContain(t, flatten(m), "Send the flyers", "Done")
}

func TestNoRemindersOnWeekendsHolidaysOrWhileAway(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC) // Friday
	h, c, s := scheduled(t, start)
	h.command(partnerID, generalID, "/commit", "Book the hall by 2026-11-30")
	h.command(adminID, generalID, "/backbone", `holiday add 2026-11-30 "Staff day"`)
	h.command(steeringID, generalID, "/commit", "Call the sheriff by 2026-11-28")
	if got := h.command(adminID, generalID, "/backbone", "member <@U0STEER> away=2026-12-05"); !strings.Contains(got, "away until") {
		t.Fatalf("away not set: %s", got)
	}
	for now := start; now.Before(start.Add(5 * 24 * time.Hour)); now = now.Add(time.Hour) {
		c.set(now)
		if err := s.Tick(context.Background(), now); err != nil {
			t.Fatal(err)
		}
	}
	keys := strings.Join(reminderKeys(t, h), " ")
	for _, day := range []string{"2026-11-27", "2026-12-01"} {
		if !strings.Contains(keys, partnerID+":"+day) {
			t.Errorf("no reminder on %s: %s", day, keys)
		}
	}
	if strings.Contains(keys, steeringID) {
		t.Errorf("a member away got reminders: %s", keys)
	}
	for _, day := range []string{"2026-11-28", "2026-11-29", "2026-11-30"} {
		if strings.Contains(keys, day) {
			t.Errorf("a reminder on %s (weekend or holiday): %s", day, keys)
		}
	}
}

func TestEscalationNudgesTheOwner(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	h, c, _ := scheduled(t, start)
	h.command(partnerID, generalID, "/commit", "Draft the MOU by 2026-11-24")
	later := time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC) // eight days overdue
	c.set(later)
	got := h.command(adminID, generalID, "/backbone", "job run escalations")
	mustContain(t, got, "ran, 1 message queued")
	again := h.command(adminID, generalID, "/backbone", "job run escalations")
	mustContain(t, again, "already ran")
	ctx, cancel := h.timeout()
	defer cancel()
	esc, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool {
		return m.User == adminID && strings.Contains(m.Text, "need your attention")
	})
	if err != nil {
		t.Fatalf("no escalation DM to staff: %v", err)
	}
	mustContain(t, flatten(esc), "Draft the MOU", "Nudge")
	var blocks []map[string]any
	_ = jsonUnmarshal(esc.Blocks, &blocks)
	actionID, value := findButton(blocks, "Nudge")
	if _, err := h.slack.BlockAction(ctx, slacktest.BlockActionReq{UserID: adminID, ChannelID: esc.Channel, MessageTS: esc.TS, ActionID: actionID, Value: value}); err != nil {
		t.Fatal(err)
	}
	nudge, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool {
		return m.User == partnerID && strings.Contains(m.Text, "asked me to check in")
	})
	if err != nil {
		t.Fatalf("no nudge DM: %v", err)
	}
	mustContain(t, flatten(nudge), "<@"+adminID+">", "Draft the MOU")
}

func TestCheckinHalfwayBetweenMeetings(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC) // Monday
	h, c, s := scheduled(t, start)
	h.command(adminID, generalID, "/backbone", `group add "Youth recognition" <#C0YOUTH> lead=<@U0LEAD>`)
	h.command(leadID, youthID, "/meeting", "start November")
	h.command(partnerID, youthID, "/commit", "Collect nominations by 2026-12-10")
	h.command(steeringID, youthID, "/commit", "Book the awards hall by 2026-12-10")
	h.command(leadID, youthID, "/meeting", "end next=2026-12-03")
	// Done before the check-in: no question for that owner.
	var id int64
	if err := h.store.DB().Get(&id, `SELECT id FROM commitments WHERE owner_id = $1`, steeringID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.DB().Exec(`UPDATE commitments SET status = 'done', completed_at = now() WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	for now := start; now.Before(start.Add(10 * 24 * time.Hour)); now = now.Add(time.Hour) {
		c.set(now)
		if err := s.Tick(context.Background(), now); err != nil {
			t.Fatal(err)
		}
	}
	var keys []string
	if err := h.store.DB().Select(&keys, `SELECT dedupe_key FROM outbox WHERE dedupe_key LIKE 'checkin:%'`); err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || !strings.HasSuffix(keys[0], ":"+partnerID) {
		t.Fatalf("check-ins queued: %v, want one, to %s", keys, partnerID)
	}
	var slot string
	if err := h.store.DB().Get(&slot, `SELECT slot FROM job_runs WHERE job = 'checkins' AND messages = 1`); err != nil {
		t.Fatal(err)
	}
	// Ended Mon 23 Nov, next meeting Thu 3 Dec: ten days, halfway is Sat 28 Nov.
	if slot != "2026-11-28 10:00" {
		t.Errorf("check-in sent in slot %s, want 2026-11-28 10:00", slot)
	}
}
