package bot_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/commitment"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
)

// cmNow is the bot's clock in these tests: Monday 23 Nov 2026, 15:00 UTC
// (16:00 in Berlin, where the lead lives; 07:00 in Los Angeles).
var cmNow = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

const cmTeam = "T0BACKBONE"

func cmSetup(t *testing.T) *harness {
	t.Helper()
	return setup(t, func(o *harnessOptions) { o.now = func() time.Time { return cmNow } })
}

// cmSay sends a slash command and returns the bot's answer through the
// response_url, ephemeral or in the channel.
func cmSay(h *harness, user, channel, command, text string) slacktest.Message {
	h.t.Helper()
	ctx, cancel := h.timeout()
	defer cancel()
	before := len(h.slack.Messages())
	if _, err := h.slack.SlashCommand(ctx, slacktest.Slash{UserID: user, ChannelID: channel, Command: command, Text: text}); err != nil {
		h.t.Fatalf("%s %s: %v", command, text, err)
	}
	m, err := h.waitNew(ctx, before, func(m slacktest.Message) bool {
		return m.ViaResponseURL && !m.Updated && m.Channel == channel && (m.InChannel || m.User == user)
	})
	if err != nil {
		h.t.Fatalf("%s %s: no answer: %v", command, text, err)
	}
	return m
}

// cmGroup makes #youth-recognition the channel of "Youth recognition", led
// by the lead.
func cmGroup(h *harness) {
	h.t.Helper()
	got := flatten(cmSay(h, adminID, generalID, "/backbone", `group add "Youth recognition" <#`+youthID+`|youth-recognition> lead=<@`+leadID+`|lee>`))
	mustContain(h.t, got, "Created")
}

// cmCommitments reads every commitment of the team, oldest first.
func cmCommitments(h *harness) []store.Commitment {
	h.t.Helper()
	cs, err := h.store.Commitments(context.Background(), cmTeam, store.CommitmentFilter{NewestFirst: true})
	if err != nil {
		h.t.Fatal(err)
	}
	slices.Reverse(cs)
	return cs
}

// cmCommitment finds the commitment whose text starts with prefix.
func cmCommitment(h *harness, prefix string) store.Commitment {
	h.t.Helper()
	for _, c := range cmCommitments(h) {
		if strings.HasPrefix(c.Text, prefix) {
			return c
		}
	}
	h.t.Fatalf("no commitment %q", prefix)
	return store.Commitment{}
}

// cmHistory is the kinds of a commitment's history entries, in order.
func cmHistory(h *harness, id int64) []string {
	h.t.Helper()
	es, err := h.store.CommitmentEvents(context.Background(), cmTeam, id)
	if err != nil {
		h.t.Fatal(err)
	}
	var kinds []string
	for _, e := range es {
		kinds = append(kinds, e.Kind)
	}
	return kinds
}

// cmClick clicks an element of message m.
func cmClick(h *harness, user string, m slacktest.Message, r slacktest.BlockActionReq) error {
	h.t.Helper()
	ctx, cancel := h.timeout()
	defer cancel()
	r.UserID, r.ChannelID, r.MessageTS = user, m.Channel, m.TS
	_, err := h.slack.BlockAction(ctx, r)
	return err
}

func cmMustClick(h *harness, user string, m slacktest.Message, r slacktest.BlockActionReq) {
	h.t.Helper()
	if err := cmClick(h, user, m, r); err != nil {
		h.t.Fatalf("click %s: %v", r.ActionID, err)
	}
}

// cmAction is the action ID of a commitment's button.
func cmAction(action string, id int64) string { return fmt.Sprintf("%s#%d", action, id) }

// cmWait waits for a message after the first `after` ones.
func cmWait(h *harness, after int, what string, match func(slacktest.Message) bool) slacktest.Message {
	h.t.Helper()
	ctx, cancel := h.timeout()
	defer cancel()
	m, err := h.waitNew(ctx, after, match)
	if err != nil {
		h.t.Fatalf("no %s: %v", what, err)
	}
	return m
}

// cmWaitDM waits for a new DM (not an update) to user containing text.
func cmWaitDM(h *harness, user, text string) slacktest.Message {
	h.t.Helper()
	return cmWait(h, 0, "DM to "+user+" with "+text, func(m slacktest.Message) bool {
		return m.User == user && !m.Ephemeral && !m.Updated && !m.ViaResponseURL && strings.Contains(flatten(m), text)
	})
}

// cmLatest is the current state of message m.
func cmLatest(h *harness, m slacktest.Message) string {
	latest, _ := h.slack.LatestMessage(m.Channel, m.TS)
	return flatten(latest)
}

// cmWaitLatest waits until message m, as it is now, contains text.
func cmWaitLatest(h *harness, m slacktest.Message, text string) {
	h.t.Helper()
	waitFor(h.t, func() bool { return strings.Contains(cmLatest(h, m), text) })
}

// cmSent waits until the outbox has sent the row queued under key.
func cmSent(h *harness, key string) store.OutboxStatus {
	h.t.Helper()
	var st store.OutboxStatus
	waitFor(h.t, func() bool {
		var err error
		st, err = h.store.OutboxByKey(context.Background(), cmTeam, key)
		return err == nil && st.Status == "sent"
	})
	return st
}

// cmSubmitModal waits for user's commitment modal and submits it.
func cmSubmitModal(h *harness, user string, after int, vals map[string]map[string]slacktest.Value) string {
	h.t.Helper()
	ctx, cancel := h.timeout()
	defer cancel()
	var view slacktest.View
	for view.ID == "" {
		for _, v := range h.slack.Views()[after:] {
			if v.CallbackID == "commitment:change" && v.UserID == user && v.Method == "views.open" {
				view = v
			}
		}
		select {
		case <-ctx.Done():
			h.t.Fatalf("no commitment modal for %s", user)
		case <-time.After(5 * time.Millisecond):
		}
	}
	ack, err := h.slack.ViewSubmission(ctx, slacktest.ViewSubmitReq{UserID: user, ViewID: view.ID, Values: vals})
	if err != nil {
		h.t.Fatal(err)
	}
	return string(ack.Payload)
}

func cmNote(text string) map[string]map[string]slacktest.Value {
	return map[string]map[string]slacktest.Value{"commitment_note": {"commitment_note": {Value: text}}}
}

func TestMeetingWithFiveCommitmentsEndToEnd(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	cmGroup(h)

	start := flatten(cmSay(h, leadID, youthID, "/meeting", "start November planning"))
	mustContain(t, start, "Meeting started", "November planning", "Nothing is carried over")

	one := cmSay(h, leadID, youthID, "/commit", "Send flyers to the 10 middle schools by Friday")
	if !one.InChannel {
		t.Errorf("the confirmation is not posted in the channel")
	}
	mustContain(t, flatten(one), "📌 <@"+leadID+"> will send flyers to the 10 middle schools — due Fri 27 Nov", "Linked to the meeting")
	proxy := flatten(cmSay(h, leadID, youthID, "/commit", "<@"+partnerID+"|pat> Draft the MOU with the sheriff's office by 2026-12-15"))
	mustContain(t, proxy, "<@"+partnerID+"> will draft the MOU with the sheriff's office — due Tue 15 Dec", "waiting for <@"+partnerID+"> to accept")
	block := flatten(cmSay(h, leadID, youthID, "/commit", "- <@"+steeringID+"|sam> Call the principals by Dec 1\n"+
		"- <@"+adminID+"|ana> Book the gym for the awards night — no date\n- Print the posters in 2 weeks"))
	mustContain(t, block, "<@"+steeringID+"> will call the principals — due Tue 1 Dec", "<@"+adminID+"> will book the gym for the awards night — no date",
		"<@"+leadID+"> will print the posters — due Mon 7 Dec")

	end := cmSay(h, leadID, youthID, "/meeting", `end next="Dec 15"`)
	summary := flatten(end)
	mustContain(t, summary, "5 commitments* by 4 people", "Next meeting: *Tue 15 Dec*",
		"Send flyers to the 10 middle schools — 📅 due Fri 27 Nov", "Draft the MOU with the sheriff's office — 📅 due Tue 15 Dec",
		"Call the principals — 📅 due Tue 1 Dec", "Book the gym for the awards night — no date", "Print the posters — 📅 due Mon 7 Dec")
	if n := strings.Count(summary, "• "); n != 5 {
		t.Errorf("summary lists %d items, want 5:\n%s", n, summary)
	}
	cs := cmCommitments(h)
	if len(cs) != 5 {
		t.Fatalf("%d commitments stored, want 5", len(cs))
	}
	owners := map[string]string{
		"Send flyers": leadID, "Draft the MOU": partnerID, "Call the principals": steeringID, "Book the gym": adminID, "Print the posters": leadID,
	}
	for _, c := range cs {
		for prefix, owner := range owners {
			if strings.HasPrefix(c.Text, prefix) && (c.OwnerID != owner || c.MeetingID == nil || c.GroupName != "Youth recognition") {
				t.Errorf("%q: owner %s meeting %v group %q, want %s in the meeting of the group", c.Text, c.OwnerID, c.MeetingID, c.GroupName, owner)
			}
		}
	}

	// Each owner gets exactly one DM with what they took on.
	meetingID := *cs[0].MeetingID
	for _, owner := range []string{leadID, partnerID, steeringID, adminID} {
		cmSent(h, fmt.Sprintf("meeting:%d:%s", meetingID, owner))
	}
	for owner, want := range map[string]string{leadID: "2 items", partnerID: "1 item", steeringID: "1 item", adminID: "1 item"} {
		var dms []string
		for _, m := range h.slack.Messages() {
			if m.User == owner && !m.Updated && !m.ViaResponseURL && strings.Contains(flatten(m), "you took on") {
				dms = append(dms, flatten(m))
			}
		}
		if len(dms) != 1 || !strings.Contains(dms[0], "you took on "+want) {
			t.Errorf("%s got %d meeting DMs %q, want one with %s", owner, len(dms), dms, want)
		}
	}

	// The proxy owner proposes another date; it is recorded and the issuer told.
	mou := cmCommitment(h, "Draft the MOU")
	ask := cmWaitDM(h, partnerID, "noted a commitment for you")
	mustContain(t, flatten(ask), "Accept", "Propose another date", "Decline")
	views := len(h.slack.Views())
	cmMustClick(h, partnerID, ask, slacktest.BlockActionReq{ActionID: cmAction("commitment:propose", mou.ID)})
	past := map[string]map[string]slacktest.Value{"commitment_date": {"commitment_date": {SelectedDate: "2026-11-20"}}}
	if ack := cmSubmitModal(h, partnerID, views, past); !strings.Contains(ack, "in the past") {
		t.Errorf("a past date was not refused in the modal: %s", ack)
	}
	vals := map[string]map[string]slacktest.Value{"commitment_date": {"commitment_date": {SelectedDate: "2026-12-18"}},
		"commitment_note": {"commitment_note": {Value: "the sheriff is away until the 16th"}}}
	cmSubmitModal(h, partnerID, views, vals)
	waitFor(t, func() bool { return cmCommitment(h, "Draft the MOU").Acceptance == store.AcceptanceAccepted })
	mou = cmCommitment(h, "Draft the MOU")
	if got := mou.Due.Format(time.DateOnly); got != "2026-12-18" {
		t.Errorf("due %s after proposing 2026-12-18", got)
	}
	if got := cmHistory(h, mou.ID); !slices.Equal(got, []string{store.EventCreated, store.EventDateProposed}) {
		t.Errorf("history %v", got)
	}
	told := flatten(cmWaitDM(h, leadID, "took on *Draft the MOU"))
	mustContain(t, told, "<@"+partnerID+"> took on *Draft the MOU", "Fri 18 Dec (you had Tue 15 Dec)", "the sheriff is away")
	cmWaitLatest(h, ask, "Fri 18 Dec")
	if strings.Contains(cmLatest(h, ask), "Propose another date") {
		t.Errorf("the request still offers Accept / Propose / Decline after the answer:\n%s", cmLatest(h, ask))
	}

	// The next meeting starts with what is still open, by owner.
	next := flatten(cmSay(h, leadID, youthID, "/meeting", "start December"))
	mustContain(t, next, "5 commitments still open", "*<@"+leadID+">*\n• Send flyers to the 10 middle schools — 📅 due Fri 27 Nov\n• Print the posters",
		"*<@"+partnerID+">*\n• Draft the MOU with the sheriff's office — 📅 due Fri 18 Dec")
	mustContain(t, flatten(cmSay(h, leadID, youthID, "/meeting", "end")), "No commitments were recorded during this meeting")
}

func TestDoneTwiceAndDoneAfterDrop(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	cmSay(h, partnerID, generalID, "/commit", "Send flyers by Friday\nCall the county by Dec 4\nBook the room by Dec 8")
	flyers, county, room := cmCommitment(h, "Send flyers"), cmCommitment(h, "Call the county"), cmCommitment(h, "Book the room")
	if flyers.GroupID != nil {
		t.Errorf("a commitment made outside a group channel has group %d", *flyers.GroupID)
	}

	// Done twice: once from a list, once from an older copy of it.
	a := cmSay(h, partnerID, generalID, "/commitments", "mine")
	b := cmSay(h, partnerID, generalID, "/commitments", "")
	cmMustClick(h, partnerID, a, slacktest.BlockActionReq{ActionID: cmAction("commitment:done", flyers.ID)})
	cmWaitLatest(h, a, "Marked done: *Send flyers*")
	before := len(h.slack.Messages())
	cmMustClick(h, partnerID, b, slacktest.BlockActionReq{ActionID: cmAction("commitment:done", flyers.ID)})
	cmWait(h, before, "note", func(m slacktest.Message) bool {
		return m.Ephemeral && !m.Updated && strings.Contains(m.Text, "already marked done on Mon 23 Nov, so nothing changed")
	})
	cmWaitLatest(h, b, "Your open commitments (2)")

	// Done from an old message after the item was dropped elsewhere.
	c := cmSay(h, partnerID, generalID, "/commitments", "mine")
	d := cmSay(h, partnerID, generalID, "/commitments", "mine")
	views := len(h.slack.Views())
	cmMustClick(h, partnerID, d, slacktest.BlockActionReq{ActionID: cmAction("commitment:more", county.ID), SelectedOption: fmt.Sprintf("drop|%d|mine", county.ID)})
	if ack := cmSubmitModal(h, partnerID, views, cmNote("   ")); !strings.Contains(ack, "errors") {
		t.Errorf("a drop without a reason was accepted: %s", ack)
	}
	cmSubmitModal(h, partnerID, views, cmNote("The county took it over"))
	waitFor(t, func() bool { return cmCommitment(h, "Call the county").Status == store.StatusDropped })
	before = len(h.slack.Messages())
	cmMustClick(h, partnerID, c, slacktest.BlockActionReq{ActionID: cmAction("commitment:done", county.ID)})
	cmWait(h, before, "note", func(m slacktest.Message) bool {
		return m.Ephemeral && !m.Updated && strings.Contains(m.Text, "This was dropped on Mon 23 Nov, so nothing changed")
	})
	cmWaitLatest(h, c, "Your open commitments (1)")

	// A real double click: two clicks on the same button at once.
	e := cmSay(h, partnerID, generalID, "/commitments", "mine")
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() {
			errs[i] = cmClick(h, partnerID, e, slacktest.BlockActionReq{ActionID: cmAction("commitment:done", room.ID)})
		})
	}
	wg.Wait()
	if errs[0] != nil && errs[1] != nil {
		t.Fatalf("neither click was delivered: %v", errors.Join(errs...))
	}
	waitFor(t, func() bool { return cmCommitment(h, "Book the room").Status == store.StatusDone })

	for _, tt := range []struct {
		c      store.Commitment
		status string
		kinds  []string
	}{
		{flyers, store.StatusDone, []string{store.EventCreated, store.EventDone}},
		{county, store.StatusDropped, []string{store.EventCreated, store.EventDropped}},
		{room, store.StatusDone, []string{store.EventCreated, store.EventDone}},
	} {
		got := cmCommitment(h, tt.c.Text)
		if kinds := cmHistory(h, tt.c.ID); got.Status != tt.status || !slices.Equal(kinds, tt.kinds) {
			t.Errorf("%q: status %s history %v, want %s %v", tt.c.Text, got.Status, kinds, tt.status, tt.kinds)
		}
	}
	var audits int
	if err := h.store.DB().Get(&audits, `SELECT count(*) FROM audit_log WHERE action IN ('commitment.done', 'commitment.dropped')`); err != nil {
		t.Fatal(err)
	}
	if audits != 3 {
		t.Errorf("%d audit rows for 3 real changes", audits)
	}
}

func TestDMRepliesUpdateCommitments(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	cmSay(h, partnerID, generalID, "/commit", "Send flyers by Friday\nCall the county by Dec 4")
	flyers, county := cmCommitment(h, "Send flyers"), cmCommitment(h, "Call the county")
	ctx, cancel := h.timeout()
	defer cancel()

	// A reminder about the flyers, as the reminders job sends it.
	err := h.store.InTx(ctx, func(tx *store.Tx) error {
		blocks := commitment.CommitmentBlocks(flyers, commitment.CommitmentView{Now: cmNow, Viewer: partnerID, HideOwner: true})
		_, err := kit.Queue(ctx, tx, kit.Message{TeamID: cmTeam, Key: "reminder:test", Channel: partnerID, Text: "Due soon: Send flyers", Blocks: blocks, Commitments: []int64{flyers.ID}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	reminder := cmSent(h, "reminder:test")
	dm := h.slack.DMChannel(partnerID)
	before := len(h.slack.Messages())
	if _, err := h.slack.MessageIM(ctx, partnerID, "moved to Dec 12", reminder.TS); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return cmCommitment(h, "Send flyers").Due.Format(time.DateOnly) == "2026-12-12" })
	answer := cmWait(h, before, "answer in the thread", func(m slacktest.Message) bool { return m.User == partnerID && m.ThreadTS == reminder.TS })
	mustContain(t, flatten(answer), "New date for *Send flyers*: Sat 12 Dec (was Fri 27 Nov)")
	cmWaitLatest(h, slacktest.Message{Channel: dm, TS: reminder.TS}, "due Sat 12 Dec")
	if got := cmHistory(h, county.ID); len(got) != 1 {
		t.Errorf("the other item changed too: %v", got)
	}

	// "done" with two open items asks which one, and changes nothing.
	before = len(h.slack.Messages())
	if _, err := h.slack.MessageIM(ctx, partnerID, "done", ""); err != nil {
		t.Fatal(err)
	}
	which := cmWait(h, before, "which one?", func(m slacktest.Message) bool { return m.User == partnerID && strings.Contains(m.Text, "Which one") })
	mustContain(t, flatten(which), "Send flyers", "Call the county", "This one")
	if cmCommitment(h, "Send flyers").Status != store.StatusOpen || cmCommitment(h, "Call the county").Status != store.StatusOpen {
		t.Fatal("an ambiguous reply changed something")
	}
	cmMustClick(h, partnerID, which, slacktest.BlockActionReq{ActionID: cmAction("commitment:pick", county.ID)})
	waitFor(t, func() bool { return cmCommitment(h, "Call the county").Status == store.StatusDone })
	cmWaitLatest(h, which, "Marked done: *Call the county*")

	// With one open item left, a plain reply applies to it; its words name it too.
	before = len(h.slack.Messages())
	if _, err := h.slack.MessageIM(ctx, partnerID, "need help: waiting on county data", ""); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return cmCommitment(h, "Send flyers").Health == store.HealthNeedHelp })
	if _, err := h.slack.MessageIM(ctx, partnerID, "hello?", ""); err != nil {
		t.Fatal(err)
	}
	cmWait(h, before, "help answer", func(m slacktest.Message) bool {
		return m.User == partnerID && strings.Contains(m.Text, "not sure what you mean")
	})
	if got := cmHistory(h, flyers.ID); !slices.Equal(got, []string{store.EventCreated, store.EventDueChanged, store.EventNeedHelp}) {
		t.Errorf("flyers history %v", got)
	}
}

func TestCommitments300WithinLimits(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	ctx, cancel := h.timeout()
	defer cancel()
	err := h.store.InTx(ctx, func(tx *store.Tx) error {
		for i := range 40 {
			p := store.Profile{TeamID: cmTeam, UserID: fmt.Sprintf("U0P%02d", i), DisplayName: fmt.Sprintf("person %d", i), TZ: "UTC"}
			if _, err := tx.SaveProfile(ctx, p, store.RolePartner, cmNow); err != nil {
				return err
			}
		}
		for i := range 300 {
			due := cmNow.AddDate(0, 0, i%40-10)
			c := store.Commitment{TeamID: cmTeam, OwnerID: fmt.Sprintf("U0P%02d", i%40), CreatedBy: adminID, Text: fmt.Sprintf("Task %d: %s", i, strings.Repeat("details ", 55)),
				Due: &due, Acceptance: store.AcceptanceAccepted, CreatedAt: cmNow}
			if _, err := tx.AddCommitment(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := flatten(cmSay(h, adminID, generalID, "/commitments", "all"))
	mustContain(t, got, "All open commitments (300)", "*Overdue*", "more. Narrow it: `/commitments overdue`")
	got = flatten(cmSay(h, adminID, generalID, "/commitments", "overdue"))
	mustContain(t, got, "All overdue commitments (80)")
	if v := h.slack.Violations(); len(v) > 0 {
		t.Errorf("Block Kit violations: %v", v)
	}
}

func TestNeedHelpTellsLeadAndBackboneAndOthersAreRefused(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	cmGroup(h)
	ctx, cancel := h.timeout()
	defer cancel()
	err := h.store.InTx(ctx, func(tx *store.Tx) error {
		return tx.SaveCoalition(ctx, store.Coalition{TeamID: cmTeam, Name: "CTC", Timezone: "UTC", BackboneChannel: normsID})
	})
	if err != nil {
		t.Fatal(err)
	}
	cmSay(h, partnerID, youthID, "/commit", "Send flyers to the middle schools by Friday")
	flyers := cmCommitment(h, "Send flyers")

	// Someone else may look, not touch.
	list := cmSay(h, steeringID, youthID, "/commitments", "<#"+youthID+"|youth-recognition>")
	mustContain(t, flatten(list), "Open commitments of Youth recognition (1)", "Send flyers")
	before := len(h.slack.Messages())
	cmMustClick(h, steeringID, list, slacktest.BlockActionReq{ActionID: cmAction("commitment:done", flyers.ID)})
	cmWait(h, before, "refusal", func(m slacktest.Message) bool {
		return m.Ephemeral && m.User == steeringID && strings.Contains(m.Text, "only <@"+partnerID+"> (who owns it) and backbone staff")
	})
	views := len(h.slack.Views())
	cmMustClick(h, steeringID, list, slacktest.BlockActionReq{ActionID: cmAction("commitment:need_help", flyers.ID)})
	if got := cmHistory(h, flyers.ID); len(got) != 1 || len(h.slack.Views()) != views {
		t.Errorf("a refused click changed something: history %v, %d new views", got, len(h.slack.Views())-views)
	}

	mine := cmSay(h, partnerID, youthID, "/commitments", "")
	views = len(h.slack.Views())
	cmMustClick(h, partnerID, mine, slacktest.BlockActionReq{ActionID: cmAction("commitment:need_help", flyers.ID)})
	cmSubmitModal(h, partnerID, views, cmNote("The printer is broken; who has one?"))
	lead := flatten(cmWaitDM(h, leadID, "needs help with"))
	mustContain(t, lead, "<@"+partnerID+"> needs help with *Send flyers to the middle schools*", "The printer is broken")
	staff := flatten(cmWait(h, 0, "backbone post", func(m slacktest.Message) bool {
		return m.Channel == normsID && strings.Contains(flatten(m), "needs help with")
	}))
	mustContain(t, staff, "Youth recognition", "The printer is broken")
	cmWaitLatest(h, mine, "Asked for help with *Send flyers")
	cmWaitLatest(h, mine, "🆘 needs help")
}

func TestCommitmentMistakesStoreNothing(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	tests := []struct {
		user, channel, command, text string
		want                         []string
	}{
		{partnerID, generalID, "/commit", "Send flyers by Friday\nCall the county by Feb 30\nby Friday",
			[]string{"nothing was saved", "Line 2 (“Call the county by Feb 30”): There is no February 30", "Line 3 (“by Friday”): Say what will be done"}},
		{partnerID, generalID, "/commit", "<@U0ROBOT|robot> Send flyers", []string{"is a bot or a deactivated account"}},
		{partnerID, generalID, "/commit", "<@U0GONE|gone> Send flyers", []string{"is a bot or a deactivated account"}},
		{partnerID, generalID, "/commit", "<@U0NOBODY|x> Send flyers", []string{"can't find <@U0NOBODY>"}},
		{partnerID, generalID, "/commit", "Send flyers by 2026-11-01", []string{"in the past", "Nothing was saved"}},
		{partnerID, generalID, "/commit", strings.Repeat("x", 501), []string{"keep a commitment to 500"}},
		{partnerID, generalID, "/commit", "help", []string{"/commit Send flyers", "no date"}},
		{leadID, generalID, "/meeting", "start", []string{"isn't linked to a working group", "/backbone group add"}},
		{leadID, generalID, "/meeting", "end", []string{"isn't linked to a working group"}},
		{leadID, generalID, "/meeting", "stat", []string{"Did you mean `start`?"}},
		{partnerID, generalID, "/commitments", "mien", []string{"Did you mean `mine`?"}},
		{partnerID, generalID, "/commitments", "<#" + normsID + "|norms>", []string{"isn't a working group's channel"}},
		{partnerID, generalID, "/commitments", "", []string{"You have no open commitments", "/commit"}},
	}
	for _, tt := range tests {
		got := flatten(cmSay(h, tt.user, tt.channel, tt.command, tt.text))
		mustContain(t, got, tt.want...)
	}
	cmGroup(h)
	mustContain(t, flatten(cmSay(h, leadID, youthID, "/meeting", "end")), "No meeting is open here")
	cmSay(h, leadID, youthID, "/meeting", "start")
	mustContain(t, flatten(cmSay(h, leadID, youthID, "/meeting", "start again")), "A meeting is already open here")
	mustContain(t, flatten(cmSay(h, leadID, youthID, "/meeting", "end next=yesterday")), "in the past", "still open")
	for _, table := range []string{"commitments", "commitment_events", "commitment_messages"} {
		if n := countRows(t, h, table); n != 0 {
			t.Errorf("%d rows in %s after mistakes", n, table)
		}
	}
	if n := countRows(t, h, "meetings"); n != 1 {
		t.Errorf("%d meetings, want the one started", n)
	}
}

func TestAppHomeShowsAndUpdatesCommitments(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	cmSay(h, partnerID, generalID, "/commit", "Send flyers by Friday\n<@"+steeringID+"|sam> Call the county by Dec 4")
	flyers := cmCommitment(h, "Send flyers")
	ctx, cancel := h.timeout()
	defer cancel()
	if _, err := h.slack.AppHomeOpened(ctx, partnerID); err != nil {
		t.Fatal(err)
	}
	var home slacktest.View
	waitFor(t, func() bool { v, ok := h.slack.HomeView(partnerID); home = v; return ok })
	got := string(home.Blocks)
	for _, w := range []string{"Your open commitments (1)", "Send flyers", "commitment:done#", "What you committed lately", "will call the county", "Nothing of yours is overdue"} {
		if !strings.Contains(got, w) {
			t.Errorf("home lacks %q: %s", w, got)
		}
	}
	if _, err := h.slack.BlockAction(ctx, slacktest.BlockActionReq{UserID: partnerID, ViewID: home.ID, ActionID: cmAction("commitment:done", flyers.ID)}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		v, _ := h.slack.HomeView(partnerID)
		return strings.Contains(string(v.Blocks), "Nothing open")
	})
	if cmCommitment(h, "Send flyers").Status != store.StatusDone {
		t.Error("Done from the Home tab did not mark it done")
	}
}

func TestStaffMovesADateFromTheWholeList(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	cmSay(h, partnerID, generalID, "/commit", "Send flyers by Friday")
	flyers := cmCommitment(h, "Send flyers")
	list := cmSay(h, adminID, generalID, "/commitments", "all")
	cmMustClick(h, adminID, list, slacktest.BlockActionReq{ActionID: fmt.Sprintf("commitment:due#%d|all", flyers.ID), SelectedDate: "2026-12-20"})
	waitFor(t, func() bool { return cmCommitment(h, "Send flyers").Due.Format(time.DateOnly) == "2026-12-20" })
	cmWaitLatest(h, list, "New date for *Send flyers*: Sun 20 Dec (was Fri 27 Nov)")
	mustContain(t, cmLatest(h, list), "All open commitments (1)", "<@"+partnerID+">")
	es, err := h.store.CommitmentEvents(context.Background(), cmTeam, flyers.ID)
	if err != nil || len(es) != 2 || es[1].Actor != adminID || es[1].Kind != store.EventDueChanged {
		t.Errorf("history %+v %v", es, err)
	}
}
