//go:build faults

package main_test

import (
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

const (
	// fanOutRecipients is the fan-out's size: a reminders run to 2,000
	// owners, as in the benchmark.
	fanOutRecipients = 2000
	// digestTeams is how many coalitions share the database, each with its
	// weekly digest due at once.
	digestTeams = 24
	// digestKillAfter is how many digests Slack has received at the kill.
	digestKillAfter = 6
)

// TestFaultKillDuringFanOut kills backbone with SIGKILL at a random point of
// a reminders run to 2,000 people, and restarts it: see killDuringReminders.
func TestFaultKillDuringFanOut(t *testing.T) {
	t.Parallel()
	after := fanOutRecipients/10 + rand.IntN(fanOutRecipients*8/10)
	killDuringReminders(t, fanOutRecipients, after)
}

// TestFaultKillDuringDigest kills backbone with SIGKILL while it delivers
// the weekly digests of 24 coalitions, and restarts it: every digest
// reaches its steering channel, each slot runs once, and only digests in
// flight at the kill may arrive twice.
func TestFaultKillDuringDigest(t *testing.T) {
	t.Parallel()
	fake := slacktest.New(t)
	fake.SetLatency("chat.postMessage", 300*time.Millisecond)
	dbURL := storetest.NewURL(t)
	st := openStore(t, dbURL)
	channels := seedDigests(t, st, fake, time.Now())
	env := serveEnv(t, fake, dbURL)

	first := start(t, "backbone serve (killed)", t.TempDir(), env, "serve")
	// Killed while digests are in flight: Slack has received some, and the
	// worker holds others (each post takes 300 ms).
	first.eventually(startTimeout, fmt.Sprintf("%d digests delivered and more in flight", digestKillAfter), func() (bool, string) {
		n, leased := len(postsByChannel(fake, channels)), leasedDigestRows(t, st)
		return n >= digestKillAfter && leased > 0, fmt.Sprintf("%d delivered, %d in flight", n, leased)
	})
	first.signal(syscall.SIGKILL)
	first.wait(stopTimeout)
	killed := time.Now()
	atKill := len(postsByChannel(fake, channels))
	leased := leasedDigestRows(t, st)

	second := start(t, "backbone serve (restarted)", t.TempDir(), env, "serve")
	second.eventually(redeliveryTimeout, "every digest delivered, outbox drained", func() (bool, string) {
		got, pending := len(postsByChannel(fake, channels)), pendingRows(t, st)
		return got == digestTeams && pending == 0, fmt.Sprintf("%d channels got their digest, %d outbox rows pending", got, pending)
	})
	recovered := time.Since(killed)
	second.stop(syscall.SIGTERM)

	twice := checkDigests(t, fake, st, channels)
	t.Logf("killed after %d of %d digests were delivered; %d digest rows were leased (in flight) at the kill",
		atKill, digestTeams, leased)
	t.Logf("after the restart: every digest delivered %v after the kill; %d delivered twice", recovered.Round(time.Millisecond), twice)
	if twice > leased {
		t.Errorf("%d digests delivered twice, more than the %d in flight at the kill", twice, leased)
	}
}

// seedDigests creates digestTeams coalitions, each with a steering channel
// the fake knows and a daily digest whose slot fell two minutes before now;
// it returns the steering channels by team.
func seedDigests(t *testing.T, st *store.Store, fake *slacktest.Server, now time.Time) map[string]string {
	t.Helper()
	ctx := t.Context()
	slotAt := now.UTC().Truncate(time.Minute).Add(-2 * time.Minute)
	spec := fmt.Sprintf("%d %d * * *", slotAt.Minute(), slotAt.Hour())
	channels := map[string]string{}
	for i := range digestTeams {
		team, channel := fmt.Sprintf("T0DIGEST%02d", i), fmt.Sprintf("C0STEER%02d", i)
		channels[team] = channel
		fake.AddChannel(slacktest.Channel{ID: channel, Name: fmt.Sprintf("steering-%02d", i), BotIsMember: true})
		err := st.InTx(ctx, func(tx *store.Tx) error {
			return tx.SaveCoalition(ctx, store.Coalition{TeamID: team, Name: "Digest test " + team, Timezone: "UTC", SteeringChannel: channel})
		})
		if err != nil {
			t.Fatalf("seed %s: %v", team, err)
		}
		if err := st.EnsureSchedule(ctx, team, "digest", spec, slotAt.Add(-time.Hour)); err != nil {
			t.Fatalf("seed digest schedule: %v", err)
		}
	}
	return channels
}

// postsByChannel counts the digests (top-level posts) each steering channel
// received.
func postsByChannel(fake *slacktest.Server, channels map[string]string) map[string]int {
	steering := map[string]bool{}
	for _, c := range channels {
		steering[c] = true
	}
	got := map[string]int{}
	for _, m := range fake.Messages() {
		if m.Method == "chat.postMessage" && steering[m.Channel] && m.ThreadTS == "" {
			got[m.Channel]++
		}
	}
	return got
}

// leasedDigestRows counts the digest rows a worker had claimed and not yet
// recorded as sent: the messages in flight.
func leasedDigestRows(t *testing.T, st *store.Store) int {
	t.Helper()
	var n int
	err := st.DB().GetContext(t.Context(), &n, `SELECT count(*) FROM outbox
		WHERE dedupe_key LIKE 'digest:%' AND status = 'pending' AND locked_until > now()`)
	if err != nil {
		t.Fatalf("count leased digest rows: %v", err)
	}
	return n
}

// checkDigests wants one digest run per team, every digest row sent with
// the ts of a message the fake holds in the team's steering channel, and at
// most two copies of any digest; it returns how many arrived twice.
func checkDigests(t *testing.T, fake *slacktest.Server, st *store.Store, channels map[string]string) int {
	t.Helper()
	twice := 0
	for channel, n := range postsByChannel(fake, channels) {
		switch {
		case n == 2:
			twice++
		case n > 2:
			t.Errorf("%s got its digest %d times", channel, n)
		}
	}
	held := map[string]bool{}
	for _, m := range fake.Messages() {
		held[m.Channel+" "+m.TS] = true
	}
	var rows []struct {
		Team    string `db:"team_id"`
		Key     string `db:"dedupe_key"`
		Channel string `db:"channel"`
		Status  string `db:"status"`
		TS      string `db:"ts"`
		Method  string `db:"method"`
	}
	err := st.DB().SelectContext(t.Context(), &rows, `SELECT team_id, dedupe_key, channel, status, ts, method
		FROM outbox WHERE dedupe_key LIKE 'digest:%'`)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < digestTeams {
		t.Errorf("%d digest rows queued for %d teams", len(rows), digestTeams)
	}
	for _, r := range rows {
		if r.Status != "sent" || r.Method == store.MethodPostMessage && !held[r.Channel+" "+r.TS] {
			t.Errorf("digest row %s %s: %s with ts %q, not a message of %s", r.Team, r.Key, r.Status, r.TS, r.Channel)
		}
	}
	for team := range channels {
		runs, err := st.JobRuns(t.Context(), team, "digest", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 1 || runs[0].Status != "done" {
			t.Errorf("%s digest ledger: %+v, want one done run", team, runs)
		}
	}
	return twice
}
