package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
)

const (
	externalID = "U0EXTERNAL" // a Slack Connect person from another workspace
	guestID    = "U0GUEST"    // a single-channel guest
)

// addConnectPeople adds a Slack Connect person and a guest to the fake and
// to #youth-recognition, shared with the partner's workspace.
func addConnectPeople(h *harness) {
	h.slack.AddUser(slacktest.User{ID: externalID, Name: "eve", RealName: "Eve External", TZ: "Europe/Lisbon", Email: "eve@partner.example", TeamID: "T0OTHERORG"})
	h.slack.AddUser(slacktest.User{ID: guestID, Name: "gus", RealName: "Gus Guest", TZ: "America/New_York", TZOffset: -18000, Guest: "single_channel"})
	h.slack.AddChannel(slacktest.Channel{ID: youthID, Name: "youth-recognition", BotIsMember: true,
		Members: []string{adminID, partnerID, steeringID, leadID, externalID, guestID}})
}

// TestConnectMemberGetsRemindersInAThread: a person from another workspace
// runs partner commands in a shared channel; Slack refuses the bot a DM
// with them, so their reminder comes as a mention in a thread of their
// working group's channel, and its button works; staff see it in
// /coalition who.
func TestConnectMemberGetsRemindersInAThread(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	addConnectPeople(h)
	cmGroup(h)
	ctx, cancel := h.timeout()
	defer cancel()
	if _, err := h.slack.MemberJoined(ctx, externalID, youthID); err != nil {
		t.Fatal(err)
	}
	got := flatten(cmSay(h, externalID, youthID, "/commit", "Send the county data by Wednesday"))
	mustContain(t, got, "<@"+externalID+"> will send the county data")
	mustContain(t, flatten(cmSay(h, guestID, youthID, "/commit", "Book the hall by Wednesday")), "<@"+guestID+"> will book the hall")

	var queued int
	err := h.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		lisbon, _ := time.LoadLocation("Europe/Lisbon")
		queued, err = runJob(ctx, h, tx, "reminders", schedules.Run{TeamID: cmTeam, Job: "reminders", Zone: "Europe/Lisbon", Loc: lisbon, Slot: "2026-11-23 15:00", At: cmNow})
		return err
	})
	if err != nil || queued == 0 {
		t.Fatalf("reminders for Lisbon: %d queued, %v", queued, err)
	}
	reminder, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool {
		return m.Channel == youthID && m.ThreadTS != "" && strings.Contains(m.Text, "<@"+externalID+">") && strings.Contains(flatten(m), "county data")
	})
	if err != nil {
		t.Fatalf("no reminder in a thread of #youth-recognition: %v", err)
	}
	intro := false
	for _, m := range h.slack.Messages() {
		intro = intro || m.Channel == youthID && m.TS == reminder.ThreadTS && strings.Contains(m.Text, "direct messages")
		if m.User == externalID && m.Channel != youthID {
			t.Errorf("a DM reached the external person: %s", flatten(m))
		}
	}
	if !intro {
		t.Error("the thread does not start with why the messages come there")
	}

	var blocks any
	if err := jsonUnmarshal(reminder.Blocks, &blocks); err != nil {
		t.Fatal(err)
	}
	id, value := findButton(blocks, "Done")
	if id == "" {
		t.Fatalf("the reminder in the thread has no Done button: %s", flatten(reminder))
	}
	if _, err := h.slack.BlockAction(ctx, slacktest.BlockActionReq{UserID: externalID, ChannelID: youthID, MessageTS: reminder.TS, ActionID: id, Value: value}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return cmCommitment(h, "Send the county data").Status == store.StatusDone })

	// A request to accept a commitment made on their behalf comes in the
	// same thread; accepting it changes that message in place.
	cmSay(h, leadID, youthID, "/commit", "<@"+externalID+"|eve> Draft the flyer by Friday")
	ask, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool {
		return m.Channel == youthID && m.ThreadTS == reminder.ThreadTS && strings.Contains(flatten(m), "noted a commitment for you")
	})
	if err != nil {
		t.Fatalf("no request in the thread: %v", err)
	}
	if err := jsonUnmarshal(ask.Blocks, &blocks); err != nil {
		t.Fatal(err)
	}
	id, value = findButton(blocks, "Accept")
	before := len(h.slack.Messages())
	if _, err := h.slack.BlockAction(ctx, slacktest.BlockActionReq{UserID: externalID, ChannelID: youthID, MessageTS: ask.TS, ActionID: id, Value: value}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.waitNew(ctx, before, func(m slacktest.Message) bool { return m.Updated && m.Channel == youthID && m.TS == ask.TS }); err != nil {
		t.Errorf("the request in the thread was not changed in place after Accept: %v", err)
	}

	who := h.command(adminID, generalID, "/coalition", "who")
	mustContain(t, who, "<@"+externalID+"> _(other workspace, no DM: thread in <#"+youthID+">)_", "<@"+guestID+"> _(single-channel guest)_")
}

// TestConnectMemberWithNoChannelIsListed: with no working group and no
// connect_channel, a refused DM is not dropped: /backbone status lists it
// and /coalition who says what to do.
func TestConnectMemberWithNoChannelIsListed(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	addConnectPeople(h)
	cmSay(h, leadID, generalID, "/commit", "<@"+externalID+"|eve> Draft the flyer by Friday")
	waitFor(t, func() bool {
		return strings.Contains(h.command(adminID, generalID, "/backbone", "status"), "in no working group")
	})
	mustContain(t, h.command(adminID, generalID, "/coalition", "who"), "no DM and no channel")
}
