package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
)

// digestCommit records a commitment with /commit at the given test-clock
// time, in a working group's channel.
func digestCommit(t *testing.T, h *harness, c *clock, at time.Time, user, channel, text string) {
	t.Helper()
	c.set(at)
	if got := h.command(user, channel, "/commit", text); !strings.Contains(got, "📌") {
		t.Fatalf("/commit %s: %s", text, got)
	}
}

// digestExec changes commitments directly, as the buttons would.
func digestExec(t *testing.T, h *harness, query string, args ...any) {
	t.Helper()
	res := h.store.DB().MustExec(query, args...)
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		t.Fatalf("%s: %d rows, %v", query, n, err)
	}
}

// digestLines are the lines of the messages posted to channel whose text
// starts with "Weekly digest", thread replies included.
func digestLines(h *harness, channel string) (lines []string, posts int) {
	for _, m := range h.slack.Messages() {
		if m.Channel == channel && !m.ViaResponseURL && strings.HasPrefix(m.Text, "Weekly digest") {
			posts++
			lines = append(lines, strings.Split(flatten(m), "\n")...)
		}
	}
	return lines, posts
}

// matching lists, in order, the lines starting with prefix and containing
// also.
func matching(lines []string, prefix, also string) []string {
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) && strings.Contains(l, also) {
			out = append(out, l)
		}
	}
	return out
}

func TestWeeklyDigestListsExactlyTheWeeksCommitments(t *testing.T) {
	t.Parallel()
	run := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC) // Monday 08:00, the digest's slot
	h, c, _ := scheduled(t, time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC))
	ctx, cancel := h.timeout()
	defer cancel()
	err := h.store.InTx(ctx, func(tx *store.Tx) error {
		return tx.SaveCoalition(ctx, store.Coalition{TeamID: cmTeam, Name: "CTC", Goal: "Cut youth binge drinking by 20% by 2030",
			Timezone: "UTC", SteeringChannel: generalID})
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []string{`group add "Youth recognition" <#` + youthID + `> lead=<@` + leadID + `>`, `group add "Community norms" <#` + normsID + `> lead=<@` + adminID + `>`} {
		if got := h.command(adminID, generalID, "/backbone", g); !strings.Contains(got, "✅") {
			t.Fatalf("/backbone %s: %s", g, got)
		}
	}
	// The seed: the window is [Mon 16 Nov 08:00, Mon 23 Nov 08:00), today 23 Nov.
	day := func(d, hour int) time.Time { return time.Date(2026, time.Month(11), d, hour, 0, 0, 0, time.UTC) }
	digestCommit(t, h, c, time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC), partnerID, youthID, "Print the posters by 2026-10-30")
	digestCommit(t, h, c, day(2, 12), leadID, normsID, "Call the principals by 2026-11-10")
	digestCommit(t, h, c, day(2, 13), partnerID, youthID, "Book the hall by 2026-11-18")
	digestCommit(t, h, c, day(17, 12), steeringID, normsID, "Draft the survey by 2026-12-04")
	digestCommit(t, h, c, day(18, 12), leadID, youthID, "Recruit volunteers by 2026-12-10")
	digestCommit(t, h, c, day(19, 12), adminID, youthID, "Send the flyers by 2026-11-20")
	done := `UPDATE commitments SET status = 'done', completed_at = $1 WHERE team_id = 'T0BACKBONE' AND text LIKE $2`
	digestExec(t, h, done, time.Date(2026, 10, 24, 12, 0, 0, 0, time.UTC), "Print the posters%") // last month
	digestExec(t, h, done, day(16, 7), "Call the principals%")                                   // an hour before the window; then reopened
	digestExec(t, h, `UPDATE commitments SET status = 'open', completed_at = NULL WHERE text LIKE $1`, "Call the principals%")
	digestExec(t, h, done, day(18, 9), "Book the hall%")
	digestExec(t, h, done, day(20, 15), "Draft the survey%")
	digestExec(t, h, `UPDATE commitments SET health = 'need_help' WHERE text LIKE $1`, "Recruit volunteers%")

	c.set(run.Add(30 * time.Second))
	before := len(h.slack.Messages())
	// The steering digest, and each working group's section in its channel.
	mustContain(t, h.command(adminID, generalID, "/digest", "send"), "ran, 3 messages queued")
	if _, err := h.waitNew(ctx, before, func(m slacktest.Message) bool {
		return m.Channel == generalID && !m.ViaResponseURL && strings.HasPrefix(m.Text, "Weekly digest")
	}); err != nil {
		t.Fatalf("no digest in the steering channel: %v", err)
	}
	lines, posts := digestLines(h, generalID)
	if posts != 1 {
		t.Fatalf("%d digest posts, want 1", posts)
	}
	expect := func(name string, got []string, wants ...string) {
		t.Helper()
		ok := len(got) == len(wants)
		for i := 0; ok && i < len(wants); i++ {
			ok = strings.Contains(got[i], wants[i])
		}
		if !ok {
			t.Errorf("%s: got %q, want lines with %q", name, got, wants)
		}
	}
	expect("done this week", matching(lines, "✅ ", "thank you"), "Draft the survey", "Book the hall") // Community norms, then Youth recognition
	expect("overdue in the groups", matching(lines, "⏰ ", ""), "Call the principals", "Send the flyers")
	expect("exceptions, oldest first", matching(lines, "• ", " — <@"), "Call the principals", "Send the flyers", "Recruit volunteers")
	expect("counts", matching(lines, "✅ *", " done · "), "✅ *2* done · 🆕 *3* new · ⏰ *2* overdue · 🆘 *1* need help")
	mustContain(t, strings.Join(lines, "\n"), "🎯 Cut youth binge drinking", "thank you <@"+steeringID+">", "*Youth recognition* — 1 done · 2 new · 1 overdue")

	// Each group's channel gets its own section, and never coalition health.
	for _, g := range []struct{ channel, title, item string }{
		{youthID, "*Youth recognition* — 1 done · 2 new · 1 overdue", "Book the hall"},
		{normsID, "*Community norms* — 1 done · 1 new · 1 overdue", "Draft the survey"},
	} {
		m, err := h.waitNew(ctx, before, func(m slacktest.Message) bool {
			return m.Channel == g.channel && strings.HasPrefix(m.Text, "Weekly digest")
		})
		if err != nil {
			t.Fatalf("no digest in %s: %v", g.channel, err)
		}
		text := flatten(m)
		mustContain(t, text, g.title, g.item, "No next meeting announced")
		if strings.Contains(text, "Coalition health") || strings.Contains(text, "Needs attention") {
			t.Errorf("the group digest in %s shows the steering committee's parts:\n%s", g.channel, text)
		}
	}

	// Again for the same slot: nothing new.
	mustContain(t, h.command(adminID, generalID, "/digest", "send"), "already ran")
	var keys []string
	if err := h.store.DB().Select(&keys, `SELECT dedupe_key FROM outbox WHERE dedupe_key LIKE 'digest:%' ORDER BY dedupe_key`); err != nil {
		t.Fatal(err)
	}
	if len(keys) != 3 || !strings.HasSuffix(keys[1], ":channel:1") || !strings.HasSuffix(keys[2], ":channel:2") {
		t.Errorf("digest outbox rows %v, want the steering digest and one per group", keys)
	}

	// The preview: the same rendering, only to the one who asked; partners may not.
	preview := h.command(adminID, generalID, "/digest", "preview")
	mustContain(t, preview, "Weekly digest", "Draft the survey")
	mustContain(t, h.command(adminID, generalID, "/digest", "preview <#"+youthID+">"), "*Youth recognition*", "Book the hall")
	mustContain(t, h.command(partnerID, generalID, "/digest", "preview"), "Only backbone staff and steering committee members")
}

func TestDigestWithoutSteeringChannelSendsNothing(t *testing.T) {
	t.Parallel()
	h, c, s := scheduled(t, time.Date(2026, 11, 23, 8, 1, 0, 0, time.UTC))
	out, err := s.RunAt(context.Background(), cmTeam, "digest", c.now())
	if err != nil || len(out) != 1 || !out[0].Ran || out[0].Messages != 0 {
		t.Fatalf("RunAt = %+v, %v; want one run with no message", out, err)
	}
	mustContain(t, h.logs.String(), "no steering channel set; digest not sent")
}
