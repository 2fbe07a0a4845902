package bot_test

import (
	"testing"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

func TestDoneThanksInTheGroupChannelOnce(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	cmGroup(h)
	cmSay(h, partnerID, youthID, "/commit", "Send flyers by Friday\nBook the room by Dec 8")
	flyers := cmCommitment(h, "Send flyers")
	a := cmSay(h, partnerID, youthID, "/commitments", "mine")
	b := cmSay(h, partnerID, youthID, "/commitments", "")
	cmMustClick(h, partnerID, a, slacktest.BlockActionReq{ActionID: cmAction("commitment:done", flyers.ID)})
	cmMustClick(h, partnerID, b, slacktest.BlockActionReq{ActionID: cmAction("commitment:done", flyers.ID)})
	h.waitChannel(youthID, "Done: *Send flyers")
	waitFor(t, func() bool { n, _ := h.store.OutboxPending(h.ctx); return n == 0 })
	if n := h.countMessages(youthID, "thank you, <@"+partnerID+">"); n != 1 {
		t.Errorf("%d thank-yous, want 1", n)
	}
}

func TestDoneThanksOffWithRecognitionPostsOff(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	cmGroup(h)
	mustContain(t, h.command(adminID, generalID, "/backbone", "set recognition_posts off"), "recognition_posts")
	cmSay(h, partnerID, youthID, "/commit", "Send flyers by Friday")
	flyers := cmCommitment(h, "Send flyers")
	a := cmSay(h, partnerID, youthID, "/commitments", "mine")
	cmMustClick(h, partnerID, a, slacktest.BlockActionReq{ActionID: cmAction("commitment:done", flyers.ID)})
	waitFor(t, func() bool { return countRows(t, h, "commitment_events") >= 2 })
	waitFor(t, func() bool { n, _ := h.store.OutboxPending(h.ctx); return n == 0 })
	if n := h.countMessages(youthID, "thank you, <@"+partnerID+">"); n != 0 {
		t.Errorf("%d thank-yous with recognition_posts off", n)
	}
}
