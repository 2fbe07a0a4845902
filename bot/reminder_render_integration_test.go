package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
)

// TestReminderIsRenderedAtSendTime: a reminders run queues each DM as the
// IDs of its commitments; what the DM says is read when it is sent. A
// commitment completed after the run queued the DM is left out of it, and
// a DM whose every commitment was completed is not sent at all.
func TestReminderIsRenderedAtSendTime(t *testing.T) {
	t.Parallel()
	h := setup(t)
	for _, c := range []struct{ user, text string }{
		{partnerID, "Send the flyers tomorrow"}, {partnerID, "Book the room tomorrow"}, {steeringID, "Print the posters tomorrow"},
	} {
		if got := h.command(c.user, generalID, "/commit", c.text); !strings.Contains(got, "📌") {
			t.Fatalf("/commit %s: %s", c.text, got)
		}
	}
	ctx, cancel := h.timeout()
	defer cancel()
	team := h.slack.Options().TeamID
	owned := func(user string) []store.Commitment {
		cs, err := h.store.Commitments(ctx, team, store.CommitmentFilter{OwnerID: &user})
		if err != nil {
			t.Fatal(err)
		}
		return cs
	}
	flyers, posters := owned(partnerID)[0], owned(steeringID)[0]
	if !strings.Contains(flyers.Text, "flyers") {
		flyers = owned(partnerID)[1]
	}
	now := time.Now()
	err := h.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetSetting(ctx, team, "weekend_reminders", "on"); err != nil { // whatever day the test runs
			return err
		}
		for _, zone := range []string{"America/Los_Angeles", "Asia/Kolkata"} {
			loc, _ := time.LoadLocation(zone)
			n, err := runJob(ctx, h, tx, "reminders", schedules.Run{TeamID: team, Job: "reminders", Zone: zone, Loc: loc, At: now})
			if err != nil || n != 1 {
				t.Fatalf("reminders in %s: %d queued, %v", zone, n, err)
			}
		}
		// Done after the run, before the worker can send (it sees this
		// transaction's rows only once it commits).
		for _, c := range []store.Commitment{flyers, posters} {
			locked, err := tx.LockCommitment(ctx, team, c.ID)
			if err != nil {
				return err
			}
			locked.Status = store.StatusDone
			completed := now
			locked.CompletedAt = &completed
			if err := tx.SaveCommitmentState(ctx, locked, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var payload string
	if err := h.store.DB().Get(&payload, `SELECT payload::text FROM outbox WHERE dedupe_key LIKE 'reminder:`+partnerID+`:%'`); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(payload, "flyers") || !strings.Contains(payload, `"render"`) || len(payload) > 200 {
		t.Errorf("the run queued %d bytes %s, want the commitments' IDs only", len(payload), payload)
	}
	m, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool { return m.User == partnerID && strings.Contains(m.Text, "due soon") })
	if err != nil {
		t.Fatalf("no reminder DM to the partner: %v", err)
	}
	shown := flatten(m)
	if !strings.Contains(shown, "Book the room") || strings.Contains(shown, "flyers") || !strings.Contains(m.Text, "1 commitment") {
		t.Errorf("the reminder shows the commitment done since the run, or not the open one:\n%s", shown)
	}
	// The steering member's only item was done: the row is dropped, no DM.
	st := cmSentFor(h, team, "reminder:"+steeringID+":")
	if st.TS != "" || !strings.Contains(st.LastError, "nothing left") {
		t.Errorf("the steering member's reminder: ts %q, note %q; want dropped", st.TS, st.LastError)
	}
	for _, m := range h.slack.Messages() {
		if m.User == steeringID && strings.Contains(m.Text, "due soon") {
			t.Errorf("a reminder of a done commitment was sent: %q", m.Text)
		}
	}
	// A reply in the DM's thread names the item by its place in the list shown.
	var linked []int64
	if err := h.store.DB().Select(&linked, `SELECT commitment_id FROM commitment_messages WHERE dedupe_key LIKE 'reminder:`+partnerID+`:%' ORDER BY position`); err != nil {
		t.Fatal(err)
	}
	if len(linked) != 1 || linked[0] == flyers.ID {
		t.Errorf("the DM is linked to %v, want only the open item", linked)
	}
}

// cmSentFor waits until the row whose key starts with prefix is done.
func cmSentFor(h *harness, team, prefix string) store.OutboxStatus {
	h.t.Helper()
	var st store.OutboxStatus
	waitFor(h.t, func() bool {
		var key string
		if err := h.store.DB().Get(&key, `SELECT dedupe_key FROM outbox WHERE dedupe_key LIKE $1`, prefix+"%"); err != nil {
			return false
		}
		var err error
		st, err = h.store.OutboxByKey(context.Background(), team, key)
		return err == nil && st.Status == "sent"
	})
	return st
}
