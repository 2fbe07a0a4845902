package bot_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// broadcasts are Slack markup that notifies many people or disguises a
// link: as Slack sends text a person typed (entities), and raw, as a forged
// request or a modal's plain input could carry it.
var broadcasts = []string{
	"&lt;!here&gt;", "&lt;!channel&gt;", "&lt;!subteam^S123&gt;", "&lt;https://evil.example|x&gt;",
	"<!here>", "<!channel>", "<!subteam^S123>", "<https://evil.example|x>",
}

// liveMarkup is a broadcast or a disguised link Slack would act on.
var liveMarkup = regexp.MustCompile(`<!|<https?://evil`)

// TestEchoedTextNeverBroadcasts sends a broadcast through every field the
// bot echoes back — meeting titles, group names, partner names, holiday
// names, commitment texts and notes, shout-out messages and indicator
// names — and reads every message, update, ephemeral, response_url answer
// and view the fake Slack recorded: none carries a live <! or link in its
// text or mrkdwn.
func TestEchoedTextNeverBroadcasts(t *testing.T) {
	t.Parallel()
	h := indicatorSetup(t, func(o *harnessOptions) { o.perChannel = time.Millisecond })
	h.setRecognitionChannel(youthID)
	decoded := strings.NewReplacer("&lt;", "<", "&gt;", ">")
	for i, b := range broadcasts {
		channel := fmt.Sprintf("C0ESC%d", i)
		h.slack.AddChannel(slacktest.Channel{ID: channel, Name: fmt.Sprintf("esc-%d", i), Members: []string{adminID, partnerID, steeringID, leadID}, BotIsMember: true})
		h.command(adminID, generalID, "/backbone", fmt.Sprintf(`partner add "P%d %s" sector=other`, i, b))
		h.command(adminID, generalID, "/backbone", fmt.Sprintf(`group add "G%d %s" <#%s> lead=<@U0LEAD>`, i, b, channel))
		h.command(adminID, generalID, "/backbone", fmt.Sprintf(`holiday add 2026-12-%02d "H%d %s"`, 10+i, i, b))
		h.command(leadID, channel, "/meeting", "start "+b+" standup")
		h.command(adminID, channel, "/commit", fmt.Sprintf("<@U0STEER> %s flyers %d by Friday", b, i))
		h.command(leadID, channel, "/meeting", "end")
		h.command(partnerID, generalID, "/shoutout", fmt.Sprintf("<@U0LEAD> %s thanks %d", b, i))
		spec := servedSpec()
		spec.key, spec.name, spec.partners = fmt.Sprintf("esc-%d", i), fmt.Sprintf("R%d %s", i, decoded.Replace(b)), []string{greenfield}
		h.defineIndicator(spec)
		h.command(partnerID, generalID, "/report", fmt.Sprintf("esc-%d 12 2026-Q3 -- %s", i, b))
		h.noteOnOwnCommitment(steeringID, fmt.Sprintf("%s chores %d by Friday", b, i), "need help: "+b)
	}
	for _, c := range [][3]string{
		{adminID, "/backbone", "partner list"}, {adminID, "/backbone", "group list"}, {adminID, "/backbone", "holiday list"},
		{adminID, "/backbone", "member list"}, {partnerID, "/coalition", ""}, {partnerID, "/coalition", "who"},
		{steeringID, "/commitments", "all"}, {steeringID, "/commitments", "mine"}, {partnerID, "/indicators", ""},
		{partnerID, "/indicators", "show esc-0"}, {partnerID, "/indicators", "show esc-4"}, {steeringID, "/digest", "preview"},
	} {
		h.command(c[0], generalID, c[1], c[2])
	}
	for _, u := range []string{adminID, partnerID, steeringID, leadID} {
		h.openHome(u)
	}
	h.drained()

	checked := 0
	for _, m := range h.slack.Messages() {
		texts := []string{m.Text}
		var blocks any
		if json.Unmarshal(m.Blocks, &blocks) == nil {
			texts = append(texts, mrkdwnTexts(blocks)...)
		}
		for _, s := range texts {
			checked++
			if bad := liveMarkup.FindString(s); bad != "" {
				t.Errorf("%s to %s%s carries a live %q: %s", m.Method, m.Channel, m.User, bad, s)
			}
		}
	}
	for _, v := range h.slack.Views() {
		var blocks any
		if json.Unmarshal(v.Blocks, &blocks) != nil {
			continue
		}
		for _, s := range mrkdwnTexts(blocks) {
			checked++
			if bad := liveMarkup.FindString(s); bad != "" {
				t.Errorf("%s of %s (%s) carries a live %q: %s", v.Method, v.UserID, v.CallbackID, bad, s)
			}
		}
	}
	if checked < 500 {
		t.Errorf("only %d texts checked; the fields were not echoed", checked)
	}
}

// noteOnOwnCommitment makes user commit to what, adds a note by replying
// reply in their DM, then closes it with done.
func (h *harness) noteOnOwnCommitment(user, what, reply string) {
	h.t.Helper()
	h.command(user, generalID, "/commit", what)
	ctx, cancel := h.timeout()
	defer cancel()
	for _, text := range []string{reply, "done"} {
		if _, err := h.slack.MessageIM(ctx, user, text, ""); err != nil {
			h.t.Fatal(err)
		}
		if err := h.bot.WaitIdle(ctx); err != nil {
			h.t.Fatal(err)
		}
	}
}
