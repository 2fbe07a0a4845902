package main_test

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

const (
	// killRecipients is how many members the interrupted reminders run
	// writes to.
	killRecipients = 500
	// killAfter is how many reminders Slack has received when the first
	// process is killed: not a multiple of the worker's batch of 20, so
	// that the kill falls in the middle of a batch.
	killAfter = 110
	// redeliveryTimeout bounds the restart's delivery of the rest: rows
	// leased by the dead process wait out their 30 s lease first.
	redeliveryTimeout = 90 * time.Second
)

// TestKillDuringReminders kills backbone with SIGKILL while it delivers a
// reminders run to 500 people, then restarts it: everybody gets their
// reminder, the slot is not run again, and only the messages in flight to
// Slack at the kill may arrive twice.
func TestKillDuringReminders(t *testing.T) {
	t.Parallel()
	killDuringReminders(t, killRecipients, killAfter)
}

// killDuringReminders runs the kill test with recipients members, killing
// backbone once after Slack has received `after` reminders.
func killDuringReminders(t *testing.T, recipients, after int) {
	fake := slacktest.New(t)
	// Slow enough that the 500 posts take seconds, four at a time.
	fake.SetLatency("chat.postMessage", 40*time.Millisecond)
	dbURL := storetest.NewURL(t)
	st := openStore(t, dbURL)
	team := fake.Options().TeamID
	run := seedReminderRun(t, st, fake, team, time.Now(), recipients)
	o := fake.Options()
	env := map[string]string{
		"DATABASE_URL":    dbURL,
		"DATA_DIR":        t.TempDir(), // unused with DATABASE_URL
		"HTTP_ADDR":       "127.0.0.1:0",
		"SLACK_BOT_TOKEN": o.BotToken,
		"SLACK_APP_TOKEN": o.AppToken,
		"SLACK_API_URL":   fake.APIURL(),
	}

	first := start(t, "backbone serve (killed)", t.TempDir(), env, "serve")
	// Timeouts grow with the run: the worker paces posts (20 a second by
	// default); these allow 10 a second.
	first.eventually(startTimeout+perMessage(after), fmt.Sprintf("%d reminders delivered", after), func() (bool, string) {
		n := len(remindersByUser(fake, run.users))
		return n >= after, fmt.Sprintf("%d delivered", n)
	})
	first.signal(syscall.SIGKILL)
	first.wait(stopTimeout)
	killed := time.Now()
	atKill := remindersByUser(fake, run.users)
	leased := leasedReminders(t, st, team)
	leasedSent := 0
	for _, user := range leased {
		if atKill[user] > 0 {
			leasedSent++
		}
	}

	second := start(t, "backbone serve (restarted)", t.TempDir(), env, "serve")
	second.eventually(redeliveryTimeout+perMessage(recipients), "every reminder delivered, outbox drained", func() (bool, string) {
		got, pending := len(remindersByUser(fake, run.users)), pendingRows(t, st)
		return got == recipients && pending == 0, fmt.Sprintf("%d recipients reminded, %d outbox rows pending", got, pending)
	})
	recovered := time.Since(killed)
	second.stop(syscall.SIGTERM)

	got := remindersByUser(fake, run.users)
	twice := 0
	for user, n := range got {
		switch {
		case n == 2:
			twice++
		case n > 2:
			t.Errorf("%s got %d reminders", user, n)
		}
	}
	t.Logf("killed after %d of %d reminders were delivered; %d outbox rows were leased (in flight) at the kill, %d of them already received by Slack",
		len(atKill), recipients, len(leased), leasedSent)
	t.Logf("after the restart: all %d reminded %v after the kill; %d got the reminder twice", recipients, recovered.Round(time.Millisecond), twice)
	if twice > len(leased) {
		t.Errorf("%d recipients got their reminder twice, more than the %d messages in flight at the kill", twice, len(leased))
	}
	checkLedger(t, st, run)
}

// perMessage is the time n paced posts may take, at 10 a second.
func perMessage(n int) time.Duration { return time.Duration(n) * time.Second / 10 }

// reminderRun is the seeded reminders slot and its recipients.
type reminderRun struct {
	team, zone, slot string
	users            []string
}

// seedReminderRun creates a coalition whose reminders slot fell two minutes
// before now, and recipients members, each with one open commitment due
// today, also known to the fake Slack.
func seedReminderRun(t *testing.T, st *store.Store, fake *slacktest.Server, team string, now time.Time, recipients int) reminderRun {
	t.Helper()
	loc := reminderZone(t, now)
	slotAt := now.In(loc).Truncate(time.Minute).Add(-2 * time.Minute)
	if day := startOfDay(now.In(loc)); slotAt.Before(day) {
		slotAt = day // a slot on yesterday would be missed, not run
	}
	run := reminderRun{team: team, zone: loc.String(), slot: slotAt.Format("2006-01-02 15:04")}
	today := startOfDay(now.In(loc))
	due := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	ctx := t.Context()
	err := st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SaveCoalition(ctx, store.Coalition{TeamID: team, Name: "Kill test coalition", Timezone: run.zone}); err != nil {
			return err
		}
		// Whatever day the test runs on, reminders are sent.
		if err := tx.SetSetting(ctx, team, "weekend_reminders", "on"); err != nil {
			return err
		}
		for i := range recipients {
			user := fmt.Sprintf("U0K%05d", i)
			run.users = append(run.users, user)
			if err := seedMember(ctx, tx, team, user, run.zone, due, now); err != nil {
				return err
			}
			fake.AddUser(slacktest.User{ID: user, Name: strings.ToLower(user), RealName: "Member " + user, TZ: run.zone})
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	// The schedule took effect an hour before its slot, so the slot is due.
	spec := fmt.Sprintf("%d %d * * *", slotAt.Minute(), slotAt.Hour())
	if err := st.EnsureSchedule(ctx, team, "reminders", spec, slotAt.Add(-time.Hour)); err != nil {
		t.Fatalf("seed reminders schedule: %v", err)
	}
	return run
}

// reminderZone is UTC, unless midnight is near there: then a zone twelve
// hours ahead, so that the slot and the runs fall on the same local day.
func reminderZone(t *testing.T, now time.Time) *time.Location {
	t.Helper()
	u := now.UTC()
	if !(u.Hour() == 23 && u.Minute() >= 50 || u.Hour() == 0 && u.Minute() < 3) {
		return time.UTC
	}
	loc, err := time.LoadLocation("Etc/GMT-12")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func startOfDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

func seedMember(ctx context.Context, tx *store.Tx, team, user, zone string, due, now time.Time) error {
	p := store.Profile{TeamID: team, UserID: user, DisplayName: "Member " + user, TZ: zone}
	if _, err := tx.SaveProfile(ctx, p, store.RolePartner, now); err != nil {
		return err
	}
	_, err := tx.AddCommitment(ctx, store.Commitment{TeamID: team, OwnerID: user, ChannelID: generalID,
		Text: "Send the survey to " + user, Due: &due, Acceptance: store.AcceptanceAccepted, CreatedBy: user, CreatedAt: now})
	return err
}

// remindersByUser counts the reminder DMs the fake received per recipient.
func remindersByUser(fake *slacktest.Server, users []string) map[string]int {
	known := make(map[string]bool, len(users))
	for _, u := range users {
		known[u] = true
	}
	got := map[string]int{}
	for _, m := range fake.Messages() {
		if m.Method == "chat.postMessage" && known[m.User] && strings.Contains(m.Text, "due soon") {
			got[m.User]++
		}
	}
	return got
}

// leasedReminders lists the recipients of the reminder rows a worker had
// claimed and not yet recorded as sent: the messages in flight.
func leasedReminders(t *testing.T, st *store.Store, team string) []string {
	t.Helper()
	var users []string
	err := st.DB().SelectContext(t.Context(), &users, `SELECT channel FROM outbox
		WHERE team_id = $1 AND dedupe_key LIKE 'reminder:%' AND status = 'pending' AND locked_until > now()`, team)
	if err != nil {
		t.Fatalf("read leased outbox rows: %v", err)
	}
	return users
}

func pendingRows(t *testing.T, st *store.Store) int {
	t.Helper()
	n, err := st.OutboxPending(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// checkLedger wants one run of the slot, done, which queued every reminder,
// and every reminder row sent.
func checkLedger(t *testing.T, st *store.Store, run reminderRun) {
	t.Helper()
	runs, err := st.JobRuns(t.Context(), run.team, "reminders", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || runs[0].Status != "done" || runs[0].Zone != run.zone || runs[0].Slot != run.slot || runs[0].Messages != len(run.users) {
		t.Errorf("reminders ledger: %+v, want one done run of %s %s with %d messages", runs, run.zone, run.slot, len(run.users))
	}
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	err = st.DB().SelectContext(t.Context(), &rows, `SELECT status, count(*) AS n FROM outbox
		WHERE team_id = $1 AND dedupe_key LIKE 'reminder:%' GROUP BY status`, run.team)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Status != "sent" || rows[0].N != len(run.users) {
		t.Errorf("reminder outbox rows by status: %+v, want %d sent", rows, len(run.users))
	}
}

// openStore opens the test database for the test's own reads and writes.
func openStore(t *testing.T, dbURL string) *store.Store {
	t.Helper()
	db, err := store.Open(t.Context(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return store.New(db)
}
