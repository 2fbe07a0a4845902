package bot_test

import (
	"testing"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// TestRedeliveredCommandIsHandledOnce loses the ack of a /commit on a
// failing connection: Slack redelivers the envelope once the bot has
// reconnected, and the bot acks it again without recording the commitment
// a second time.
func TestRedeliveredCommandIsHandledOnce(t *testing.T) {
	t.Parallel()
	h := setup(t)
	ctx, cancel := h.timeout()
	defer cancel()
	h.slack.LoseAcks()
	before := len(h.slack.Messages())
	acked := make(chan slacktest.Ack, 1)
	go func() {
		ack, err := h.slack.SlashCommand(ctx, slacktest.Slash{UserID: partnerID, ChannelID: generalID,
			Command: "/commit", Text: "Book the hall for the parent night by Friday"})
		if err != nil {
			t.Error(err)
		}
		acked <- ack
	}()
	if _, err := h.waitNew(ctx, before, func(m slacktest.Message) bool { return m.ViaResponseURL }); err != nil {
		t.Fatalf("the first delivery was not answered: %v", err)
	}
	h.slack.DropSockets()
	<-acked // after the redelivery: only its ack ends the wait
	if t.Failed() {
		return
	}
	waitFor(t, func() bool { return contains(h.logs.String(), "redelivered envelope ignored") })
	if n := countRows(t, h, "commitments"); n != 1 {
		t.Errorf("%d commitments after a redelivered /commit, want 1", n)
	}
	replies := 0
	for _, m := range h.slack.Messages()[before:] {
		if m.ViaResponseURL {
			replies++
		}
	}
	if replies != 1 {
		t.Errorf("%d answers to one /commit, want 1", replies)
	}
}
