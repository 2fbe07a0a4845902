package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// TestAwayIsRespectedByEveryJob: once staff say someone is away (with the
// date unquoted, as people type it), they get no check-in, and the
// escalation tells staff they are away instead of offering a Nudge; a
// Nudge button already sent says they are away rather than nudging.
func TestAwayIsRespectedByEveryJob(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC) // Monday
	h, c, s := scheduled(t, start)
	h.command(adminID, generalID, "/backbone", `group add "Youth recognition" <#C0YOUTH> lead=<@U0LEAD>`)
	h.command(leadID, youthID, "/meeting", "start November")
	h.command(partnerID, youthID, "/commit", "Collect nominations by 2026-11-24")
	h.command(leadID, youthID, "/meeting", "end next=2026-12-03")
	// The escalation staff got before: its Nudge button must not nudge now.
	c.set(time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC))
	mustContain(t, h.command(adminID, generalID, "/backbone", "job run escalations"), "ran, 1 message queued")

	got := h.command(adminID, generalID, "/backbone", "member <@U0PARTNER|pat> away=Dec 10")
	mustContain(t, got, "✅", "away until Thu 10 Dec")

	ctx, cancel := h.timeout()
	defer cancel()
	old, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool {
		return m.User == adminID && strings.Contains(m.Text, "need your attention")
	})
	if err != nil {
		t.Fatal(err)
	}
	var blocks []map[string]any
	_ = jsonUnmarshal(old.Blocks, &blocks)
	actionID, value := findButton(blocks, "Nudge")
	if _, err := h.slack.BlockAction(ctx, slacktest.BlockActionReq{UserID: adminID, ChannelID: old.Channel, MessageTS: old.TS, ActionID: actionID, Value: value}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool {
		return m.ViaResponseURL && strings.Contains(m.Text, "away until Thu 10 Dec, so I won't nudge them")
	}); err != nil {
		t.Errorf("the Nudge of someone away was not refused: %v", err)
	}

	// The next day's escalation says she is away and offers no Nudge.
	c.set(time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC))
	mustContain(t, h.command(adminID, generalID, "/backbone", "job run escalations"), "ran, 1 message queued")
	next, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool {
		return m.User == adminID && strings.Contains(m.Text, "need your attention") && m.TS != old.TS
	})
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, flatten(next), "away until Thu 10 Dec (no nudge until then)")
	var nextBlocks []map[string]any
	_ = jsonUnmarshal(next.Blocks, &nextBlocks)
	if id, _ := findButton(nextBlocks, "Nudge"); id != "" {
		t.Errorf("the escalation still offers a Nudge for someone away: %s", flatten(next))
	}

	// No halfway check-in while away (halfway is Sat 28 Nov; away from now
	// until 10 Dec covers the next meeting's check-in window too).
	for now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC); now.Before(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)); now = now.Add(time.Hour) {
		if err := s.Tick(context.Background(), now); err != nil {
			t.Fatal(err)
		}
	}
	if n := countRows(t, h, "outbox WHERE dedupe_key LIKE 'checkin:%'"); n != 0 {
		t.Errorf("%d check-ins queued for someone away", n)
	}
}
