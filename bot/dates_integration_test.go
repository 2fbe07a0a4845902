package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/commitment"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
)

// The tests below run at cmNow: Monday 23 Nov 2026, 07:00 for the partner
// in Los Angeles.

// cmDue is the due date of the commitment whose text starts with prefix.
func cmDue(h *harness, prefix string) string {
	h.t.Helper()
	c := cmCommitment(h, prefix)
	if c.Due == nil {
		return "no date"
	}
	return c.Due.Format(time.DateOnly)
}

// TestCommitReadsEveryDateOfTheIssue: each example of the issue gets its
// date, all lines at once.
func TestCommitReadsEveryDateOfTheIssue(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	lines := []struct{ text, phrase, want string }{
		{"<@" + leadID + "|lee> Send the flyers", "by Friday EOD", "2026-11-27"},
		{"Print the posters", "by Friday next week", "2026-12-04"},
		{"Call the school", "by Monday at noon", "2026-11-30"},
		{"Book the bus", "by Friday 5pm", "2026-11-27"},
		{"Confirm the caterer", "by Dec 15 at 3pm", "2026-12-15"},
		{"Close the books", "by end of January", "2027-01-31"},
		{"Send the report", "by 2 weeks from now", "2026-12-07"},
		{"Share the notes", "by the day after tomorrow", "2026-11-25"},
		{"Recruit volunteers", "by this coming Friday", "2026-11-27"},
		{"Send the agenda", "no date", "no date"},
	}
	var text []string
	for _, l := range lines {
		text = append(text, l.text+" "+l.phrase)
	}
	got := flatten(cmSay(h, partnerID, generalID, "/commit", strings.Join(text, "\n")))
	mustContain(t, got, "Fri 27 Nov", "Fri 4 Dec", "Sun 31 Jan 2027")
	for _, l := range lines {
		prefix := strings.TrimPrefix(l.text, "<@"+leadID+"|lee> ")
		if due := cmDue(h, prefix); due != l.want {
			t.Errorf("%q %s: due %s, want %s", prefix, l.phrase, due, l.want)
		}
	}
}

// TestCommitRefusesDatesItCannotRead: a vague or unreadable date is an
// error that names it, and no line of the /commit is saved.
func TestCommitRefusesDatesItCannotRead(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	tests := []struct{ text, want string }{
		{"Send flyers by Friday\nPrint posters sometime next week", `Line 2 (“Print posters sometime next week”): "sometime next week" could be any of several days`},
		{"Print posters early next week", `"early next week" could be any of several days`},
		{"Send flyers by Friday please", `I couldn't read "Friday please" as a date`},
		{"Plan the gala by mid December", `"mid December" could be any of several days`},
		{"Plan the gala by Q1", `"Q1" could be any of several days`},
		{"Send flyers soon", `"soon" could be any of several days`},
		{"Send flyers by 2026-11-01", "in the past"},
	}
	for _, tt := range tests {
		got := flatten(cmSay(h, partnerID, generalID, "/commit", tt.text))
		mustContain(t, got, tt.want, "othing was saved")
	}
	if n := countRows(t, h, "commitments"); n != 0 {
		t.Errorf("%d commitments saved after refusals", n)
	}
}

// TestCommitAsksWhichDate: "8/12" and "Friday Dec 15" (a Tuesday) are
// asked with two buttons; nothing is saved until the last is answered.
func TestCommitAsksWhichDate(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	q := cmSay(h, partnerID, generalID, "/commit", "Send flyers by 8/12\nCall the county by Friday Dec 15")
	mustContain(t, flatten(q), "“8/12” could be *Tue 8 Dec* or *Thu 12 Aug 2027*", "Nothing is saved until you choose")
	if q.InChannel {
		t.Error("the question was posted in the channel")
	}
	if n := countRows(t, h, "commitments"); n != 0 {
		t.Fatalf("%d commitments saved before the answer", n)
	}
	cmMustClick(h, partnerID, q, slacktest.BlockActionReq{ActionID: "commit:date#0"})
	cmWaitLatest(h, q, "“Friday Dec 15” could be *Tue 15 Dec* or *Fri 18 Dec*")
	if n := countRows(t, h, "commitments"); n != 0 {
		t.Fatalf("%d commitments saved before the second answer", n)
	}
	before := len(h.slack.Messages())
	cmMustClick(h, partnerID, q, slacktest.BlockActionReq{ActionID: "commit:date#1"})
	posted := cmWait(h, before, "the commitments in the channel", func(m slacktest.Message) bool { return m.InChannel && m.Channel == generalID })
	mustContain(t, flatten(posted), "send flyers — due Tue 8 Dec", "call the county — due Fri 18 Dec")
	if a, b := cmDue(h, "Send flyers"), cmDue(h, "Call the county"); a != "2026-12-08" || b != "2026-12-18" {
		t.Errorf("due %s and %s, want 2026-12-08 and 2026-12-18", a, b)
	}
	cmWaitLatest(h, q, "saved with the date you chose")

	// With date_order DMY, 8/12 is 8 December at once.
	mustContain(t, flatten(cmSay(h, adminID, generalID, "/backbone", "set date_order dmy")), "`date_order` is now *DMY* (was ask)")
	cmSay(h, partnerID, generalID, "/commit", "Print posters by 8/12")
	if due := cmDue(h, "Print posters"); due != "2026-12-08" {
		t.Errorf("with DMY, 8/12 is %s", due)
	}
}

// cmReminder sends the owner of c a reminder about it, as the job does,
// and returns its timestamp.
func cmReminder(h *harness, c store.Commitment) string {
	h.t.Helper()
	ctx, cancel := h.timeout()
	defer cancel()
	key := fmt.Sprintf("reminder:test:%d", c.ID)
	err := h.store.InTx(ctx, func(tx *store.Tx) error {
		blocks := commitment.CommitmentBlocks(c, commitment.CommitmentView{Now: cmNow, Viewer: c.OwnerID, HideOwner: true})
		_, err := kit.Queue(ctx, tx, kit.Message{TeamID: cmTeam, Key: key, Channel: c.OwnerID, Text: "Due soon: " + c.Text, Blocks: blocks, Commitments: []int64{c.ID}})
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return cmSent(h, key).TS
}

// cmDM writes text to the bot as user, in thread ts ("" for none), and
// returns the bot's answer.
func cmDM(h *harness, user, text, ts string) slacktest.Message {
	h.t.Helper()
	ctx, cancel := h.timeout()
	defer cancel()
	before := len(h.slack.Messages())
	if _, err := h.slack.MessageIM(ctx, user, text, ts); err != nil {
		h.t.Fatal(err)
	}
	return cmWait(h, before, "answer to "+text, func(m slacktest.Message) bool {
		return m.User == user && !m.Updated && !m.ViaResponseURL && m.ThreadTS == ts
	})
}

// TestDMRepliesInPeoplesWords: more time, a push, an ambiguous date and a
// reply not understood, through the fake Slack.
func TestDMRepliesInPeoplesWords(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	cmSay(h, partnerID, generalID, "/commit", "Send flyers by tomorrow\nCall the county by Dec 4")
	ts := cmReminder(h, cmCommitment(h, "Send flyers"))

	mustContain(t, flatten(cmDM(h, partnerID, "need more time until Friday", ts)), "New date for *Send flyers*: Fri 27 Nov (was Tue 24 Nov)")
	mustContain(t, flatten(cmDM(h, partnerID, "can we push it to friday next week?", ts)), "Fri 4 Dec (was Fri 27 Nov)")
	which := cmDM(h, partnerID, "moved to 8/12", ts)
	mustContain(t, flatten(which), "did you mean *Tue 8 Dec* or *Thu 12 Aug 2027*?")
	if due := cmDue(h, "Send flyers"); due != "2026-12-04" {
		t.Fatalf("an ambiguous date changed the due date to %s", due)
	}
	cmMustClick(h, partnerID, which, slacktest.BlockActionReq{ActionID: fmt.Sprintf("commitment:pick#%d:0", cmCommitment(h, "Send flyers").ID)})
	waitFor(t, func() bool { return cmDue(h, "Send flyers") == "2026-12-08" })

	until := flatten(cmDM(h, partnerID, "need more time", ts))
	mustContain(t, until, "Until when?", "Send flyers")
	lost := flatten(cmDM(h, partnerID, "hello?", ""))
	mustContain(t, lost, "not sure what you mean", "Send flyers", "Call the county", "Done")
	if strings.Contains(lost, "didn't catch") {
		t.Errorf("the fallback still says it didn't catch it:\n%s", lost)
	}
	mustContain(t, flatten(cmDM(h, partnerID, "necesito más tiempo hasta el viernes", ts)), "Fri 27 Nov")
}

// TestDMAnswersToRequests: yes and no to a commitment made on one's
// behalf, in its thread or as the answer to the only open request.
func TestDMAnswersToRequests(t *testing.T) {
	t.Parallel()
	h := cmSetup(t)
	cmSay(h, leadID, generalID, "/commit", "<@"+partnerID+"|pat> Draft the MOU by Dec 15\n<@"+partnerID+"|pat> Book the hall by Dec 18")
	mou, hall := cmCommitment(h, "Draft the MOU"), cmCommitment(h, "Book the hall")
	mouAsk, hallAsk := cmSent(h, fmt.Sprintf("proxy:%d", mou.ID)), cmSent(h, fmt.Sprintf("proxy:%d", hall.ID))

	cmDM(h, partnerID, "yes, happy to", mouAsk.TS)
	waitFor(t, func() bool { return cmCommitment(h, "Draft the MOU").Acceptance == store.AcceptanceAccepted })
	cmDM(h, partnerID, "no, I'm out that week", hallAsk.TS)
	waitFor(t, func() bool { return cmCommitment(h, "Book the hall").Acceptance == store.AcceptanceDeclined })
	mustContain(t, flatten(cmWaitDM(h, leadID, "I'm out that week")), "Book the hall")

	cmSay(h, leadID, generalID, "/commit", "<@"+partnerID+"|pat> Print the posters by Friday")
	cmSent(h, fmt.Sprintf("proxy:%d", cmCommitment(h, "Print the posters").ID))
	cmDM(h, partnerID, "sure", "")
	waitFor(t, func() bool { return cmCommitment(h, "Print the posters").Acceptance == store.AcceptanceAccepted })
	// With nothing left to answer, a yes is shown the items instead.
	mustContain(t, flatten(cmDM(h, partnerID, "yes", "")), "not sure what you mean", "Print the posters")
}
