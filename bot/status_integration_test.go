package bot_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// TestBackboneStatusListsFailedMessages: a shout-out to a channel the bot
// is not in fails for good; /backbone status lists it with how to handle
// it, retry sends it again (and it fails again), dismiss forgets it.
func TestBackboneStatusListsFailedMessages(t *testing.T) {
	t.Parallel()
	h := setup(t)
	mustContain(t, h.command(adminID, generalID, "/backbone", "status"), "none is waiting for you")
	h.slack.AddChannel(slacktest.Channel{ID: "C0OUTSIDE", Name: "outside", Members: []string{partnerID}})
	h.command(partnerID, "C0OUTSIDE", "/shoutout", "<@U0LEAD|lee> Thanks for the ride!")
	h.waitDM(partnerID, "not a member of that channel")
	var id int64
	waitFor(t, func() bool { return h.store.DB().Get(&id, `SELECT id FROM outbox WHERE status = 'failed'`) == nil })
	got := h.command(adminID, generalID, "/backbone", "status")
	mustContain(t, got, "1 message could not be sent", "#"+strconv.FormatInt(id, 10), "/backbone status retry ID")

	mustContain(t, h.command(adminID, generalID, "/backbone", "status retry "+strconv.FormatInt(id, 10)), "Sending #")
	waitFor(t, func() bool { return countRows(t, h, "outbox WHERE status = 'failed' AND attempts > 0") == 1 })
	mustContain(t, h.command(adminID, generalID, "/backbone", "status dismiss "+strconv.FormatInt(id, 10)), "Forgot #")
	mustContain(t, h.command(adminID, generalID, "/backbone", "status dismiss "+strconv.FormatInt(id, 10)), "No failed message #")
	mustContain(t, h.command(adminID, generalID, "/backbone", "status retry twelve"), "Give the number shown")
	if n := countRows(t, h, "audit_log WHERE action IN ('outbox.retry', 'outbox.dismiss')"); n != 2 {
		t.Errorf("%d audit entries for the retry and the dismiss, want 2", n)
	}
	if strings.Contains(h.command(partnerID, generalID, "/backbone", "status"), "could not be sent") {
		t.Error("a partner saw the failed messages")
	}
}
