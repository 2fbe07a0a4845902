package bot_test

import (
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

func TestShoutoutValidationEachCaseItsOwnMessage(t *testing.T) {
	t.Parallel()
	h := setup(t)
	long := strings.Repeat("a", 1001)
	for _, tc := range []struct{ text, want string }{
		{"Thank you all!", "Who would you like to thank?"},
		{"<@U0ADMIN|ana> thanks me", "a shout-out is for thanking someone else"},
		{"<@U0PARTNER|pat>", "What would you like to say about them?"},
		{"<@U0PARTNER|pat> " + long, "That message is 1001 characters"},
		{"<@U0ROBOT|robot> beep", "is a bot or a deactivated account"},
		{"<@U0GONE|gone> thanks", "is a bot or a deactivated account"},
		{"<@U0NOBODY|who> thanks", "I can't find <@U0NOBODY>"},
	} {
		got := h.command(adminID, generalID, "/shoutout", tc.text)
		mustContain(t, got, tc.want)
	}
	if n := countRows(t, h, "shoutouts"); n != 0 {
		t.Errorf("%d shout-outs stored from refused commands", n)
	}
}

func TestShoutoutPostsAndPlusOneCountsOncePerPerson(t *testing.T) {
	t.Parallel()
	h := setup(t)
	h.setRecognitionChannel(youthID)
	got := h.command(adminID, generalID, "/shoutout", "<@U0PARTNER|pat> <@U0LEAD|lee> Ran the parent night & brought 120 families <!channel>")
	mustContain(t, got, "on its way to <#"+youthID+">")
	post := h.waitChannel(youthID, "A shout-out from <@"+adminID+">")
	mustContain(t, post, "<@"+partnerID+"> and <@"+leadID+">", "parent night &amp; brought", "@channel", "👏 +1")
	if strings.Contains(post, "<!channel>") {
		t.Errorf("the shout-out pinged the channel: %s", post)
	}
	if n := countRows(t, h, "shoutout_credits"); n != 2 {
		t.Errorf("%d credits, want 2", n)
	}
	var msg slacktest.Message
	for _, m := range h.slack.Messages() {
		if m.Channel == youthID && strings.Contains(m.Text, "shout-out") {
			msg = m
		}
	}
	var blocks any
	if err := jsonUnmarshal(msg.Blocks, &blocks); err != nil {
		t.Fatal(err)
	}
	actionID, value := findButton(blocks, "👏 +1")
	// Sam clicks twice; Lee, who is thanked, and Ana, who gave it, cannot
	// +1 their own shout-out.
	for _, user := range []string{steeringID, steeringID, leadID, adminID} {
		ctx, cancel := h.timeout()
		_, err := h.slack.BlockAction(ctx, slacktest.BlockActionReq{UserID: user, ChannelID: youthID, MessageTS: msg.TS, ActionID: actionID, Value: value})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, func() bool { return countRows(t, h, "shoutout_plus_ones") == 1 })
	h.waitMessage("the shout-out updated to 1", func(m slacktest.Message) bool {
		return m.Updated && m.TS == msg.TS && strings.Contains(flatten(m), "👏 +1 · 1")
	})
	for _, user := range []string{leadID, adminID} {
		ctx, cancel := h.timeout()
		_, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool {
			return m.ViaResponseURL && m.User == user && strings.Contains(m.Text, "That shout-out is yours")
		})
		cancel()
		if err != nil {
			t.Errorf("no note to %s that the shout-out is theirs: %v", user, err)
		}
	}
	waitFor(t, func() bool { n, _ := h.store.OutboxPending(h.ctx); return n == 0 })
	if n := countRows(t, h, "shoutout_plus_ones"); n != 1 {
		t.Errorf("%d +1s, want 1 (one person clicked twice; the others are in the shout-out)", n)
	}
}

func TestShoutoutToAChannelWithoutTheBotTellsTheGiver(t *testing.T) {
	t.Parallel()
	h := setup(t)
	h.slack.AddChannel(slacktest.Channel{ID: "C0OUTSIDE", Name: "outside", Members: []string{partnerID}})
	h.command(partnerID, "C0OUTSIDE", "/shoutout", "<@U0LEAD|lee> Thanks for the ride!")
	h.waitDM(partnerID, "not a member of that channel")
}
