package outbox_test

import (
	"context"
	"testing"

	"github.com/backbone-coalition/backbone/bot/outbox"
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
