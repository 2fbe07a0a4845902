package bot_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// drained waits until the outbox has delivered everything queued.
func (h *harness) drained() {
	h.t.Helper()
	waitFor(h.t, func() bool { n, _ := h.store.OutboxPending(h.ctx); return n == 0 })
}

// outboxKeys lists the outbox keys starting with prefix, in order.
func (h *harness) outboxKeys(prefix string) []string {
	h.t.Helper()
	var keys []string
	if err := h.store.DB().Select(&keys, `SELECT dedupe_key FROM outbox WHERE dedupe_key LIKE $1 || '%' ORDER BY id`, prefix); err != nil {
		h.t.Fatal(err)
	}
	return keys
}

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
	h.drained()
	if n := h.countMessages(youthID, "thank you, <@"+partnerID+">"); n != 1 {
		t.Errorf("%d thank-yous, want 1", n)
	}
}

func TestDoneThanksTurnedOff(t *testing.T) {
	t.Parallel()
	for _, setting := range []string{"recognition_posts off", "thank_done off"} {
		t.Run(setting, func(t *testing.T) {
			t.Parallel()
			h := cmSetup(t)
			cmGroup(h)
			mustContain(t, h.command(adminID, generalID, "/backbone", "set "+setting), strings.Fields(setting)[0])
			cmSay(h, partnerID, youthID, "/commit", "Send flyers by Friday")
			flyers := cmCommitment(h, "Send flyers")
			a := cmSay(h, partnerID, youthID, "/commitments", "mine")
			cmMustClick(h, partnerID, a, slacktest.BlockActionReq{ActionID: cmAction("commitment:done", flyers.ID)})
			waitFor(t, func() bool { return countRows(t, h, "commitment_events") >= 2 })
			h.drained()
			if n := h.countMessages(youthID, "thank you, <@"+partnerID+">"); n != 0 {
				t.Errorf("%d thank-yous with %s", n, setting)
			}
		})
	}
}

// TestCelebrationInSteeringAndRecognitionChannels reaches youth-served's
// target (1,000, a sum) in 2026-Q3 with 400 + 400 + 300, then corrects a
// value: one celebration per channel, however often the period is saved.
func TestCelebrationInSteeringAndRecognitionChannels(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, recognition, setting string
		// want counts celebrations by channel (the steering channel is
		// #general).
		want map[string]int
	}{
		{name: "two channels", recognition: youthID, want: map[string]int{youthID: 1, generalID: 1}},
		{name: "one channel for both", recognition: generalID, want: map[string]int{youthID: 0, generalID: 1}},
		{name: "celebrate_targets off", recognition: youthID, setting: "celebrate_targets off", want: map[string]int{youthID: 0, generalID: 0}},
		{name: "recognition_posts off", recognition: youthID, setting: "recognition_posts off", want: map[string]int{youthID: 0, generalID: 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := indicatorSetup(t)
			h.setRecognitionChannel(tc.recognition)
			if tc.setting != "" {
				mustContain(t, h.command(adminID, generalID, "/backbone", "set "+tc.setting), "is now *off*")
			}
			h.defineIndicator(servedSpec())
			mustContain(t, h.command(partnerID, generalID, "/report", "youth-served 400"), "Recorded")
			mustContain(t, h.command(steeringID, generalID, "/report", "youth-served 400"), "Recorded")
			mustContain(t, h.command(leadID, generalID, "/report", "youth-served 300"), "Recorded")
			mustContain(t, h.command(leadID, generalID, "/report", "youth-served 320"), "Corrected")
			h.drained()
			for channel, want := range tc.want {
				if n := h.countMessages(channel, "reached its target"); n != want {
					t.Errorf("%d celebrations in %s, want %d", n, channel, want)
				}
			}
			if tc.want[generalID] == 1 {
				mustContain(t, h.waitChannel(generalID, "reached its target"), "Young people served", "*1,100*", greenfield, orangePD, mahalo)
			}
		})
	}
}

// onTimeStep is one report of youth-served for Greenfield in the on-time
// test: who sent it, for which quarter, when, and whether that is before
// the follow-up day (the quarter's close + prompt_followup_days, 5).
type onTimeStep struct {
	user, period string
	at           time.Time
	onTime       bool
}

func onTimeSteps() []onTimeStep {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	return []onTimeStep{
		{partnerID, "2025-Q1", day(2025, 4, 2), true},
		{partnerID, "2025-Q2", day(2025, 7, 6), false}, // the follow-up day itself is late
		{partnerID, "2025-Q3", day(2025, 10, 2), true},
		{adminID, "2025-Q4", day(2026, 1, 2), true}, // staff report for the partner
		{partnerID, "2026-Q1", day(2026, 4, 5), true},
		{partnerID, "2026-Q2", day(2026, 7, 1), true},
		{partnerID, "2026-Q3", day(2026, 10, 3), true},
		{partnerID, "2026-Q4", day(2027, 1, 2), true},
		{partnerID, "2027-Q1", day(2027, 4, 2), true},
	}
}

// expectedOnTimeThanks derives the thanks the steps earn: a late period
// restarts the count, every third period in a row is thanked, crediting
// the reporters of those three periods.
func expectedOnTimeThanks(steps []onTimeStep) map[string][]string {
	want := map[string][]string{}
	run := 0
	for i, s := range steps {
		run++
		if !s.onTime {
			run = 0
			continue
		}
		if run%3 == 0 {
			var who []string
			for _, p := range steps[i-2 : i+1] {
				if !slices.Contains(who, p.user) {
					who = append(who, p.user)
				}
			}
			want[s.period] = who
		}
	}
	return want
}

func TestOnTimeThanksCountRuns(t *testing.T) {
	t.Parallel()
	steps := onTimeSteps()
	c := &clock{t: steps[0].at}
	h := indicatorSetup(t, func(o *harnessOptions) { o.now = c.now })
	h.setRecognitionChannel(youthID)
	h.defineIndicator(servedSpec())
	greenfieldID := h.partnerIDOf(greenfield)
	indID := h.indicatorID("youth-served")

	for _, s := range steps {
		if s.period == "2025-Q4" {
			// Orange backfills three quarters late, then reports one on
			// time: a run of one.
			c.set(time.Date(2025, 12, 1, 12, 0, 0, 0, time.UTC))
			for _, p := range []string{"2025-Q1", "2025-Q2", "2025-Q3"} {
				mustContain(t, h.command(steeringID, generalID, "/report", "youth-served 50 "+p), "Recorded")
			}
			c.set(s.at)
			mustContain(t, h.command(steeringID, generalID, "/report", "youth-served 60 2025-Q4"), "Recorded")
		}
		c.set(s.at)
		text := "youth-served 100 " + s.period
		if s.user == adminID {
			text += ` partner="` + greenfield + `"`
		}
		mustContain(t, h.command(s.user, generalID, "/report", text), "Recorded")
	}
	// A correction and a segment change nothing.
	mustContain(t, h.command(partnerID, generalID, "/report", "youth-served 101 2027-Q1"), "Corrected")
	h.drained()

	want := expectedOnTimeThanks(steps)
	var wantKeys []string
	for _, s := range steps {
		if _, ok := want[s.period]; ok {
			wantKeys = append(wantKeys, fmt.Sprintf("thanks:ontime:%s:%s:%s", greenfieldID, indID, s.period))
		}
	}
	if got := h.outboxKeys("thanks:ontime:"); !slices.Equal(got, wantKeys) {
		t.Errorf("on-time thanks queued %v, want %v", got, wantKeys)
	}
	if n := h.countMessages(youthID, "on time for"); n != len(want) {
		t.Errorf("%d on-time thanks posted, want %d", n, len(want))
	}
	for period, who := range want {
		run := "3 periods running"
		if period == "2026-Q4" {
			run = "6 periods running"
		}
		post := h.waitChannel(youthID, "through "+humanQuarter(period))
		mustContain(t, post, greenfield, "Young people served", run)
		for _, u := range who {
			mustContain(t, post, "<@"+u+">")
		}
	}
	if n := h.countMessages(youthID, orangePD); n != 0 {
		t.Errorf("Orange, late on every quarter but one, was thanked %d times", n)
	}
	// Each thanks is a shout-out from Backbone too, so the digest counts it.
	if n := countRows(t, h, "shoutouts WHERE giver_id = '' AND message LIKE '%on time for%'"); n != len(want) {
		t.Errorf("%d on-time thanks kept as shout-outs, want %d", n, len(want))
	}
}

// humanQuarter turns "2026-Q1" into "Q1 2026".
func humanQuarter(p string) string {
	year, q, _ := strings.Cut(p, "-")
	return q + " " + year
}

func TestOnTimeThanksTurnedOff(t *testing.T) {
	t.Parallel()
	for _, setting := range []string{"thank_on_time off", "recognition_posts off"} {
		t.Run(setting, func(t *testing.T) {
			t.Parallel()
			c := &clock{t: time.Date(2026, 4, 2, 12, 0, 0, 0, time.UTC)}
			h := indicatorSetup(t, func(o *harnessOptions) { o.now = c.now })
			h.setRecognitionChannel(youthID)
			mustContain(t, h.command(adminID, generalID, "/backbone", "set "+setting), "is now *off*")
			h.defineIndicator(servedSpec())
			for _, at := range []time.Time{
				time.Date(2026, 4, 2, 12, 0, 0, 0, time.UTC),
				time.Date(2026, 7, 2, 12, 0, 0, 0, time.UTC),
				time.Date(2026, 10, 2, 12, 0, 0, 0, time.UTC),
			} {
				c.set(at)
				mustContain(t, h.command(partnerID, generalID, "/report", "youth-served 100"), "Recorded")
			}
			h.drained()
			if keys := h.outboxKeys("thanks:ontime:"); len(keys) != 0 {
				t.Errorf("on-time thanks with %s: %v", setting, keys)
			}
		})
	}
}

// TestAppHomeShowsWhatIsOwedAndShoutouts seeds three indicators, a few
// reports and shout-outs, and reads each person's Home tab.
func TestAppHomeShowsWhatIsOwedAndShoutouts(t *testing.T) {
	t.Parallel()
	h := indicatorSetup(t)
	for _, s := range []indicatorSpec{bingeSpec(), servedSpec(), grantsSpec()} {
		h.defineIndicator(s)
	}
	// Greenfield reports youth-served for 2026-Q3, binge drinking only
	// for an older quarter and for one town: it still owes binge drinking.
	// Mahalo reports everything it owes.
	for _, r := range []struct{ user, text string }{
		{partnerID, "youth-served 400"},
		{partnerID, "youth-binge-drinking 20% 2026-Q2"},
		{partnerID, "youth-binge-drinking 18% town=Greenfield"},
		{leadID, "youth-served 300"},
		{leadID, "youth-binge-drinking 21%"},
		{leadID, "local-grants $12,000"},
	} {
		mustContain(t, h.command(r.user, generalID, "/report", r.text), "✅")
	}
	shoutouts := []struct{ giver, to, message string }{
		{adminID, partnerID, "Ran the parent night"},
		{steeringID, partnerID, "Brought the county data"},
		{adminID, leadID, "Hosted the meeting"},
	}
	for _, s := range shoutouts {
		mustContain(t, h.command(s.giver, generalID, "/shoutout", "<@"+s.to+"> "+s.message), "on its way")
	}

	home := h.openHome(partnerID)
	mustContain(t, home, "Indicators your partner owes", greenfield, "Youth binge drinking* (`youth-binge-drinking`) for 2026-Q3", "Report now",
		"Recent shout-outs to you")
	if strings.Contains(home, "(`youth-served`)") || strings.Contains(home, "local-grants") {
		t.Errorf("the Home tab lists what Greenfield reported or does not report: %s", home)
	}
	day := indicatorNow.In(mustLoad(t, "America/Los_Angeles")).Format("Mon 2 Jan")
	for _, s := range shoutouts {
		line := fmt.Sprintf("From <@%s>, %s: “%s”", s.giver, day, s.message)
		if got := strings.Contains(home, line); got != (s.to == partnerID) {
			t.Errorf("Home tab of %s shows %q: %v, want %v", partnerID, line, got, !got)
		}
	}
	// Newest first: the second shout-out comes before the first.
	if strings.Index(home, "Brought the county data") > strings.Index(home, "Ran the parent night") {
		t.Errorf("shout-outs not newest first: %s", home)
	}

	// Report now opens the /report form for Greenfield.
	view, _ := h.slack.HomeView(partnerID)
	before := len(h.slack.Views())
	ctx, cancel := h.timeout()
	defer cancel()
	if _, err := h.slack.BlockAction(ctx, slacktest.BlockActionReq{UserID: partnerID, ViewID: view.ID, ActionID: "report:open"}); err != nil {
		t.Fatal(err)
	}
	form := h.waitView(ctx, before, partnerID, "report:form")
	mustContain(t, string(form.Blocks), h.reportInput("youth-binge-drinking", "2026-Q3", "percent", ""))

	// Mahalo owes nothing: no section at all.
	home = h.openHome(leadID)
	if strings.Contains(home, "Indicators your partner owes") {
		t.Errorf("a partner that owes nothing sees the section: %s", home)
	}
	mustContain(t, home, "Recent shout-outs to you", "Hosted the meeting")
	// Staff with no partner and no shout-outs see neither section.
	home = h.openHome(adminID)
	if strings.Contains(home, "Indicators your partner owes") || strings.Contains(home, "Recent shout-outs to you") {
		t.Errorf("staff without a partner or shout-outs see the sections: %s", home)
	}
}

// openHome opens user's Home tab and returns its texts.
func (h *harness) openHome(user string) string {
	h.t.Helper()
	ctx, cancel := h.timeout()
	defer cancel()
	before := len(h.slack.Views())
	if _, err := h.slack.AppHomeOpened(ctx, user); err != nil {
		h.t.Fatal(err)
	}
	var home string
	waitFor(h.t, func() bool {
		for _, v := range h.slack.Views()[before:] {
			if v.UserID == user && v.Method == "views.publish" {
				home = flatten(slacktest.Message{Blocks: v.Blocks})
			}
		}
		return home != ""
	})
	return home
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
