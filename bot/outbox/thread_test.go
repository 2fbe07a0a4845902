package outbox_test

import (
	"context"
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/bot/slacktest"
)

func TestReplyWaitsForItsParentAndGoesInItsThread(t *testing.T) {
	t.Parallel()
	b := setup(t, "C1")
	// The reply is queued first, so it is claimed first and must wait.
	reply, err := outbox.Reply(team, "child", "C1", "parent", "the reply", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.Enqueue(context.Background(), reply); err != nil {
		t.Fatal(err)
	}
	b.enqueue(t, "parent", "C1")
	b.run(t, outbox.Options{})
	child := b.waitStatus(t, "child", "sent")
	parent := b.waitStatus(t, "parent", "sent")
	if parent.TS == "" {
		t.Fatal("parent sent without a ts")
	}
	var threadTS []string
	for _, m := range b.slack.Messages() {
		if m.Text == "the reply" {
			threadTS = append(threadTS, m.ThreadTS)
		}
	}
	if len(threadTS) != 1 || threadTS[0] != parent.TS {
		t.Errorf("reply posted with thread_ts %v, want once in %s's thread", threadTS, parent.TS)
	}
	if child.TS == parent.TS {
		t.Errorf("reply and parent share ts %s", child.TS)
	}
}

// TestUpdateOfADMWaitsForItAndChangesItInItsConversation: a DM is queued to
// a user ID, but Slack changes it only in its "D…" conversation.
func TestUpdateOfADMWaitsForItAndChangesItInItsConversation(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.slack.AddUser(slacktest.User{ID: "U1"})
	// The update is queued first, so it is claimed first and must wait.
	update, err := outbox.UpdateOf(team, "dm:v2", "U1", "dm", "changed", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.Enqueue(context.Background(), update); err != nil {
		t.Fatal(err)
	}
	orphan, err := outbox.UpdateOf(team, "never:v1", "U1", "never", "changed", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.Enqueue(context.Background(), orphan); err != nil {
		t.Fatal(err)
	}
	b.enqueue(t, "dm", "U1")
	b.run(t, outbox.Options{})
	b.waitStatus(t, "dm:v2", "sent")
	dm := b.waitStatus(t, "dm", "sent")
	if !strings.HasPrefix(dm.SentChannel, "D") {
		t.Fatalf("the DM was recorded as sent in %q, want its D conversation", dm.SentChannel)
	}
	latest, ok := b.slack.LatestMessage(dm.SentChannel, dm.TS)
	if !ok || latest.Text != "changed" || !latest.Updated {
		t.Errorf("the DM is now %+v, want it changed in place", latest)
	}
	if st := b.waitStatus(t, "never:v1", "failed"); !strings.Contains(st.LastError, "update_target_not_found") {
		t.Errorf("an update of a message never queued failed with %q", st.LastError)
	}
}
