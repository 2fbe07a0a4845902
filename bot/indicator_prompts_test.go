package bot_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
)

// queuePrompts calls the job the scheduler runs, in its own transaction.
func (h *harness) queuePrompts(at time.Time) int {
	h.t.Helper()
	var n int
	err := h.store.InTx(context.Background(), func(tx *store.Tx) (err error) {
		n, err = runJob(context.Background(), h, tx, "prompts", schedules.Run{TeamID: h.slack.Options().TeamID, Job: "prompts", At: at})
		return err
	})
	if err != nil {
		h.t.Fatalf("QueueIndicatorPrompts(%v): %v", at, err)
	}
	return n
}

// promptKeys lists the outbox keys of the prompts queued, sorted.
func promptKeys(t *testing.T, h *harness) []string {
	t.Helper()
	var keys []string
	if err := h.store.DB().Select(&keys, `SELECT dedupe_key FROM outbox WHERE dedupe_key LIKE 'indicator-prompt:%' ORDER BY 1`); err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestIndicatorPromptsAndFollowUps(t *testing.T) {
	t.Parallel()
	h := indicatorSetup(t)
	h.defineIndicator(bingeSpec())
	h.defineIndicator(servedSpec())
	meetings := servedSpec()
	meetings.key, meetings.name, meetings.cadence, meetings.partners, meetings.target, meetings.targetPeriod =
		"meetings-held", "Community meetings held", "monthly", []string{greenfield}, "", ""
	h.defineIndicator(meetings)
	gps, opd, cafe := h.partnerIDOf(greenfield), h.partnerIDOf(orangePD), h.partnerIDOf(mahalo)

	// Thursday 1 Oct 2026: 2026-Q3 and September have just closed. Each
	// partner's member gets one DM listing everything their partner owes.
	closing := time.Date(2026, 10, 1, 14, 0, 0, 0, time.UTC)
	if n := h.queuePrompts(closing); n != 3 {
		t.Fatalf("first prompt queued %d DMs, want 3", n)
	}
	want := []string{
		"indicator-prompt:2026-10-01:" + gps + ":" + partnerID,
		"indicator-prompt:2026-10-01:" + opd + ":" + steeringID,
		"indicator-prompt:2026-10-01:" + cafe + ":" + leadID,
	}
	slices.Sort(want)
	if got := promptKeys(t, h); !slices.Equal(got, want) {
		t.Fatalf("prompt keys %v, want %v", got, want)
	}
	if n := h.queuePrompts(closing.Add(2 * time.Hour)); n != 0 {
		t.Errorf("a second call for the same period queued %d DMs", n)
	}
	prompt := h.waitDM(partnerID, "Time to report")
	mustContain(t, prompt, "Greenfield Public Schools", "Youth binge drinking* (`youth-binge-drinking`) for 2026-Q3",
		"Young people served", "Community meetings held* (`meetings-held`) for 2026-09", "Report now")
	if other := h.waitDM(leadID, "Time to report"); strings.Contains(other, "meetings-held") {
		t.Errorf("Mahalo Café was asked for an indicator it does not report:\n%s", other)
	}

	// Greenfield reports everything; Mahalo Café only part of it.
	for _, text := range []string{"youth-binge-drinking 18.5 2026-Q3", "youth-served 350 2026-Q3", "meetings-held 4 2026-09"} {
		mustContain(t, h.command(partnerID, generalID, "/report", text), "Recorded")
	}
	mustContain(t, h.command(leadID, generalID, "/report", "youth-binge-drinking 21 2026-Q3"), "Recorded")

	// Four days on, nothing more; on the fifth, a reminder goes to exactly
	// the partners still missing something.
	if n := h.queuePrompts(closing.AddDate(0, 0, 4)); n != 0 {
		t.Errorf("a follow-up went out after 4 days: %d", n)
	}
	if n := h.queuePrompts(closing.AddDate(0, 0, 5)); n != 2 {
		t.Fatalf("the follow-up queued %d DMs, want 2", n)
	}
	want = append(want, "indicator-prompt:2026-10-01:"+opd+":"+steeringID+":followup", "indicator-prompt:2026-10-01:"+cafe+":"+leadID+":followup")
	slices.Sort(want)
	if got := promptKeys(t, h); !slices.Equal(got, want) {
		t.Errorf("prompt keys %v, want %v", got, want)
	}
	if n := h.queuePrompts(closing.AddDate(0, 0, 9)); n != 0 {
		t.Errorf("a second follow-up queued %d DMs", n)
	}
	reminder := h.waitDM(leadID, "Reminder")
	mustContain(t, reminder, "still missing *Mahalo Café*", "Young people served")
	if strings.Contains(reminder, "(`youth-binge-drinking`)") {
		t.Errorf("the reminder lists what Mahalo Café already reported:\n%s", reminder)
	}

	// Report now opens the form for the member's partner.
	ctx, cancel := h.timeout()
	defer cancel()
	m, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool { return m.User == steeringID && strings.Contains(m.Text, "Reminder") })
	if err != nil {
		t.Fatal(err)
	}
	before := len(h.slack.Views())
	if _, err := h.slack.BlockAction(ctx, slacktest.BlockActionReq{UserID: steeringID, ChannelID: m.Channel, MessageTS: m.TS, ActionID: "report:open"}); err != nil {
		t.Fatal(err)
	}
	form := h.waitView(ctx, before, steeringID, "report:form")
	mustContain(t, string(form.Blocks), "Orange Police Department", "Youth binge drinking")

	// Once Orange reports everything, it is never asked again.
	mustContain(t, h.command(steeringID, generalID, "/report", "youth-binge-drinking 16 2026-Q3"), "Recorded")
	mustContain(t, h.command(steeringID, generalID, "/report", "youth-served 400 2026-Q3"), "Recorded")
	if n := h.queuePrompts(closing.AddDate(0, 0, 20)); n != 0 {
		t.Errorf("%d DMs after the partners reported", n)
	}

	// The next month closes: only the monthly indicator's partner is asked.
	if n := h.queuePrompts(time.Date(2026, 11, 2, 14, 0, 0, 0, time.UTC)); n != 1 {
		t.Errorf("November prompt queued %d DMs, want 1 (Greenfield, meetings-held for 2026-10)", n)
	}
}
