package outbox_test

import (
	"context"
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/bot/slacktest"
)

func TestPermanentFailureTellsNotifyUser(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.slack.AddUser(slacktest.User{ID: "U0GIVER", Name: "giver", RealName: "Giver"})
	b.slack.AddChannel(slacktest.Channel{ID: "C0OUT", Name: "outside", BotIsMember: false})
	m, err := outbox.Message(team, "shoutout:1", "C0OUT", "thanks!", nil)
	if err != nil {
		t.Fatal(err)
	}
	m.NotifyUser = "U0GIVER"
	if _, err := b.store.Enqueue(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	b.run(t, outbox.Options{})
	if st := b.waitStatus(t, "shoutout:1", "failed"); st.LastError != "not_in_channel" {
		t.Fatalf("last_error %q, want not_in_channel", st.LastError)
	}
	b.waitStatus(t, "failed:shoutout:1", "sent")
	var dm string
	for _, c := range b.slack.Calls() {
		if c.Method == "chat.postMessage" && c.Params.Get("channel") == "U0GIVER" {
			dm = c.Params.Get("text")
		}
	}
	if !strings.Contains(dm, "not a member of that channel") || !strings.Contains(dm, "<#C0OUT>") {
		t.Errorf("giver's DM = %q", dm)
	}
}

func TestPermanentFailureWithoutNotifyUserTellsNobody(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.slack.AddChannel(slacktest.Channel{ID: "C0OUT", Name: "outside", BotIsMember: false})
	b.enqueue(t, "quiet", "C0OUT")
	b.run(t, outbox.Options{})
	b.waitStatus(t, "quiet", "failed")
	if _, err := b.store.OutboxByKey(context.Background(), team, "failed:quiet"); err == nil {
		t.Error("a failure notice was queued for a row with no notify_user")
	}
}
