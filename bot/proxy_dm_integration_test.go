package bot_test

import (
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
)

// postedDMs counts the DMs (posts, not updates) to user containing text.
func postedDMs(h *harness, user, text string) int {
	n := 0
	for _, m := range h.slack.Messages() {
		if m.User == user && !m.Updated && !m.ViaResponseURL && !m.Ephemeral && strings.Contains(flatten(m), text) {
			n++
		}
	}
	return n
}

// TestProxiedPersonHasOneDMPerCommitmentKeptCurrent: the person a
// commitment was made for gets one request DM, changed in place as they
// answer from anywhere; the meeting DM points to it and forgets a declined
// item instead of still saying it waits to be accepted.
func TestProxiedPersonHasOneDMPerCommitmentKeptCurrent(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	cmGroup(h)
	cmSay(h, leadID, youthID, "/meeting", "start December planning")
	cmSay(h, leadID, youthID, "/commit", "<@"+partnerID+"|pat> Draft the MOU with the sheriff's office by 2026-12-15\n<@"+partnerID+"|pat> Book the gym for the fair by 2026-12-18")
	cmSay(h, leadID, youthID, "/meeting", "end")
	mou, gym := cmCommitment(h, "Draft the MOU"), cmCommitment(h, "Book the gym")

	mouAsk := cmWaitDM(h, partnerID, "noted a commitment for you: Draft the MOU")
	gymAsk := cmWaitDM(h, partnerID, "noted a commitment for you: Book the gym")
	summary := cmWaitDM(h, partnerID, "you took on")
	mustContain(t, flatten(summary), "⏳ *Draft the MOU", "in the request I sent you")
	if strings.Contains(flatten(summary), "Decline") {
		t.Errorf("the meeting DM repeats the request's buttons:\n%s", flatten(summary))
	}

	// Declined from the request's own button and modal.
	views := len(h.slack.Views())
	cmMustClick(h, partnerID, mouAsk, slacktest.BlockActionReq{ActionID: cmAction("commitment:decline", mou.ID)})
	cmSubmitModal(h, partnerID, views, cmNote("the sheriff's office is closed until January"))
	cmWaitLatest(h, mouAsk, "You declined this commitment")
	// The meeting DM forgets the declined item.
	waitFor(t, func() bool { return !strings.Contains(cmLatest(h, summary), "Draft the MOU") })

	// Accepted from somewhere else (the /commitments mine list): the
	// request DM, which was not where the click came from, follows.
	list := cmSay(h, partnerID, generalID, "/commitments", "mine")
	cmMustClick(h, partnerID, list, slacktest.BlockActionReq{ActionID: cmAction("commitment:accept", gym.ID)})
	waitFor(t, func() bool { return cmCommitment(h, "Book the gym").Acceptance == store.AcceptanceAccepted })
	cmWaitLatest(h, gymAsk, "You took on this commitment")
	latest := cmLatest(h, gymAsk)
	for _, stale := range []string{"Propose another date", "Decline", "Can you take it on"} {
		if strings.Contains(latest, stale) {
			t.Errorf("the accepted request still shows %q:\n%s", stale, latest)
		}
	}
	mustContain(t, latest, "Book the gym")
	waitFor(t, func() bool { return !strings.Contains(cmLatest(h, summary), "⏳") })
	mustContain(t, cmLatest(h, summary), "Book the gym")

	for _, what := range []string{"noted a commitment for you: Draft the MOU", "noted a commitment for you: Book the gym", "you took on"} {
		if n := postedDMs(h, partnerID, what); n != 1 {
			t.Errorf("%d DMs posted with %q, want one changed in place", n, what)
		}
	}
}
