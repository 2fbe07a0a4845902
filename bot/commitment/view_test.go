package commitment

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/dates"
	"github.com/backbone-coalition/backbone/internal/testkit"
	"github.com/backbone-coalition/backbone/store"
)

// sampleCommitment is an open commitment due in d days from commitNow.
func sampleCommitment(id int64, owner string, d int, text string) store.Commitment {
	c := store.Commitment{ID: id, TeamID: "T1", OwnerID: owner, CreatedBy: owner, Text: text, Status: store.StatusOpen,
		Health: store.HealthNone, Acceptance: store.AcceptanceAccepted, GroupName: "Youth recognition", CreatedAt: commitNow}
	if d != 0 {
		c.Due = DueTime(dates.Of(commitNow).AddDays(d))
	}
	return c
}

func TestCommitmentBlocksGolden(t *testing.T) {
	t.Parallel()
	now := commitNow.In(mustZone(t, "America/New_York"))
	done := commitNow.Add(-2 * time.Hour)
	open := sampleCommitment(12, "U0MARIA", 4, "Send flyers to the 10 middle schools & <the> parents")
	open.Health = store.HealthOnTrack
	pending := sampleCommitment(13, "U0LEE", 22, "Draft the MOU with <@U0SAM>")
	pending.Acceptance, pending.CreatedBy = store.AcceptancePending, "U0MARIA"
	overdue := sampleCommitment(14, "U0MARIA", -3, "Book the gym")
	closed := sampleCommitment(15, "U0MARIA", 0, "Call the county")
	closed.Status, closed.CompletedAt = store.StatusDone, &done
	got := map[string][]slack.Block{
		"open, in a list":       CommitmentBlocks(open, CommitmentView{Now: now, Viewer: "U0STAFF", List: "all"}),
		"pending, to its owner": CommitmentBlocks(pending, CommitmentView{Now: now, Viewer: "U0LEE", HideOwner: true}),
		"pending, to others":    CommitmentBlocks(pending, CommitmentView{Now: now, Viewer: "U0MARIA"}),
		"overdue":               CommitmentBlocks(overdue, CommitmentView{Now: now}),
		"done: no more buttons": CommitmentBlocks(closed, CommitmentView{Now: now}),
	}
	for name, blocks := range got {
		testkit.CheckMessage(t, name, blocks)
	}
	testkit.Golden(t, "commitment_blocks.json", got)
}

func TestCommitmentTextShowsState(t *testing.T) {
	t.Parallel()
	now := commitNow
	c := sampleCommitment(1, "U0MARIA", 0, "Call <!channel>")
	tests := []struct {
		name string
		edit func(*store.Commitment)
		want []string
	}{
		{"no date", func(*store.Commitment) {}, []string{"*Call &lt;!channel&gt;*", "no date", "<@U0MARIA>", "_Youth recognition_"}},
		{"due today", func(c *store.Commitment) { c.Due = DueTime(dates.Of(now)) }, []string{"due *today*"}},
		{"overdue", func(c *store.Commitment) { c.Due = DueTime(dates.Of(now).AddDays(-1)) }, []string{"⚠️ overdue since Sun 22 Nov"}},
		{"needs help", func(c *store.Commitment) { c.Health = store.HealthNeedHelp }, []string{"🆘 needs help"}},
		{"blocked", func(c *store.Commitment) { c.Health = store.HealthBlocked }, []string{"⛔ blocked"}},
		{"pending", func(c *store.Commitment) { c.Acceptance = store.AcceptancePending }, []string{"⏳ waiting for <@U0MARIA> to accept"}},
		{"dropped", func(c *store.Commitment) { c.Status, c.CompletedAt = store.StatusDropped, &now }, []string{"~Call &lt;!channel&gt;~", "🗑️ dropped Mon 23 Nov"}},
		{"declined", func(c *store.Commitment) {
			c.Status, c.Acceptance, c.CompletedAt = store.StatusDropped, store.AcceptanceDeclined, &now
		}, []string{"🙅 declined"}},
		{"next year", func(c *store.Commitment) { c.Due = DueTime(dates.Date{Year: 2027, Month: 1, Day: 8}) }, []string{"due Fri 8 Jan 2027"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := c
			tt.edit(&c)
			got := CommitmentText(c, CommitmentView{Now: now})
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("CommitmentText = %q, want it to contain %q", got, w)
				}
			}
		})
	}
}

func TestCommitmentList300WithinLimits(t *testing.T) {
	t.Parallel()
	var items []store.Commitment
	for i := range 300 {
		text := fmt.Sprintf("Item %d: %s", i, strings.Repeat("long description ", 28))
		items = append(items, sampleCommitment(int64(i+1), fmt.Sprintf("U%03d", i%40), i%30-10, text))
	}
	l := CommitmentList{Title: "All open commitments (300)", Items: items[:listFetch], Total: 300, Hint: narrowHint(listQuery{Scope: scopeAll}),
		Note: "✅ Marked done: *Send flyers*."}
	blocks := CommitmentListBlocks(l, CommitmentView{Now: commitNow, Viewer: "U0STAFF", List: "all"}, listBlockBudget, listTextBudget)
	testkit.CheckMessage(t, l.Title, blocks)
	if len(blocks) > 50 {
		t.Errorf("%d blocks", len(blocks))
	}
	shown := len(commitmentIDsIn(blocks))
	last, _ := json.Marshal(blocks[len(blocks)-1])
	if want := fmt.Sprintf("…and %d more. Narrow it: `/commitments overdue`", 300-shown); !strings.Contains(string(last), want) {
		t.Errorf("last block %s, want %q", last, want)
	}
	if shown < 10 {
		t.Errorf("only %d items shown", shown)
	}
}

func TestCommitmentListGroupsByDueDate(t *testing.T) {
	t.Parallel()
	items := []store.Commitment{
		sampleCommitment(1, "U1", -2, "late"), sampleCommitment(2, "U1", 3, "soon"),
		sampleCommitment(3, "U1", 30, "later"), sampleCommitment(4, "U1", 0, "whenever"),
	}
	blocks := CommitmentListBlocks(CommitmentList{Title: "Yours", Items: items, Total: 4}, CommitmentView{Now: commitNow}, listBlockBudget, listTextBudget)
	raw, _ := json.Marshal(blocks)
	s := string(raw)
	order := []string{"*Overdue*", "late", "*Due in the next 7 days*", "soon", "*Later*", "later", "*No date*", "whenever"}
	pos := -1
	for _, w := range order {
		i := strings.Index(s, w)
		if i < pos {
			t.Errorf("%q out of order in %s", w, s)
		}
		pos = i
	}
	if strings.Contains(s, "more.") {
		t.Errorf("a complete list says there are more: %s", s)
	}
}

func TestRefreshCommitmentBlocks(t *testing.T) {
	t.Parallel()
	a, b := sampleCommitment(1, "U1", 3, "Send flyers"), sampleCommitment(2, "U1", 5, "Call Jo")
	v := CommitmentView{Now: commitNow, Viewer: "U1"}
	text, blocks, ids := MeetingDM(store.Meeting{ID: 9, Title: "November"}, []store.Commitment{a, b}, commitNow, "U1")
	if len(ids) != 2 {
		t.Fatalf("ids %v", ids)
	}
	testkit.CheckMessage(t, text, blocks)
	// Round-trip through JSON, as the blocks come back from Slack.
	raw, _ := json.Marshal(blocks)
	var back slack.Blocks
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	doneA := a
	doneA.Status, doneA.CompletedAt = store.StatusDone, &commitNow
	got := RefreshCommitmentBlocks(back.BlockSet, map[int64]store.Commitment{1: doneA}, v)
	if len(got) != len(blocks)-1 {
		t.Fatalf("%d blocks after redraw, want %d (item 1 loses its buttons)", len(got), len(blocks)-1)
	}
	out, _ := json.Marshal(got)
	for _, w := range []string{"you took on 2 items", "✅ done", "commitment:2:actions", "reply in this thread"} {
		if !strings.Contains(string(out), w) {
			t.Errorf("redrawn message lacks %q: %s", w, out)
		}
	}
	if strings.Contains(string(out), "commitment:1:actions") {
		t.Errorf("done item still has buttons")
	}
}

func TestMeetingPostsWithinLimits(t *testing.T) {
	t.Parallel()
	g := store.WorkingGroup{ID: 1, Name: "Youth recognition", ChannelID: "C1"}
	next := DueTime(dates.Date{Year: 2026, Month: 12, Day: 15})
	var items []store.Commitment
	for i := range 200 {
		items = append(items, sampleCommitment(int64(i+1), fmt.Sprintf("U%d", i%30), i%20-5, strings.Repeat("task ", 90)))
	}
	text, blocks := MeetingStartBlocks(g, store.Meeting{Title: "November"}, items, 260, commitNow)
	testkit.CheckMessage(t, text, blocks)
	text, blocks = MeetingSummaryBlocks(g, store.Meeting{Title: "November", NextMeeting: next}, items[:5], commitNow)
	testkit.CheckMessage(t, text, blocks)
	raw, _ := json.Marshal(blocks)
	if !strings.Contains(string(raw), "Next meeting: *Tue 15 Dec*") || !strings.Contains(string(raw), "5 commitments") {
		t.Errorf("summary: %s", raw)
	}
	text, blocks = MeetingSummaryBlocks(g, store.Meeting{}, nil, commitNow)
	testkit.CheckMessage(t, text, blocks)
}

func TestSmallViewsWithinLimits(t *testing.T) {
	t.Parallel()
	c := sampleCommitment(1, "U1", 3, strings.Repeat("x", 500))
	for _, kind := range []string{changeNeedHelp, changeDrop, changeDecline, changePropose} {
		view, err := CommitmentModal(c, commitmentModalMeta{ID: 1, Kind: kind, TZ: "Asia/Kolkata",
			Origin: kit.Origin{ResponseURL: "https://hooks.slack.com/actions/T1/" + strings.Repeat("9", 60), Channel: "D1", TS: "1.2", List: "c:C123:overdue"}},
			CommitmentView{Now: commitNow})
		if err != nil {
			t.Fatal(err)
		}
		testkit.CheckView(t, view)
	}
	var es []store.CommitmentEvent
	for i := range 300 {
		es = append(es, store.CommitmentEvent{Actor: "U1", Kind: store.EventNeedHelp, Note: strings.Repeat("n", 300), At: commitNow.Add(time.Duration(i) * time.Minute)})
	}
	testkit.CheckView(t, HistoryModal(c, es, commitNow))
	var cands []store.Commitment
	for i := range 30 {
		cands = append(cands, sampleCommitment(int64(i+1), "U1", i, strings.Repeat("y", 500)))
	}
	text, blocks := WhichOne(cands, Reply{Kind: changeNeedHelp, Note: strings.Repeat("z", 1000)}, commitNow)
	testkit.CheckMessage(t, text, blocks)
	text, blocks = ProxyRequest(c, commitNow)
	testkit.CheckMessage(t, text, blocks)
	help, hb := HelpNotice(c, store.CommitmentEvent{Kind: store.EventNeedHelp, Note: strings.Repeat("h", 1000)}, commitNow)
	testkit.CheckMessage(t, help, hb)
}

// TestProxyRequestLosesItsAcceptNoteOnceAnswered: redrawn after the owner
// accepted, the request no longer says "Accept it as it is…".
func TestProxyRequestLosesItsAcceptNoteOnceAnswered(t *testing.T) {
	t.Parallel()
	c := sampleCommitment(7, "U0OMAR", 3, "Book the hall")
	c.CreatedBy, c.Acceptance = "U0ANA", store.AcceptancePending
	_, blocks := ProxyRequest(c, commitNow)
	v := CommitmentView{Now: commitNow, Viewer: "U0OMAR", HideOwner: true}
	for _, tc := range []struct {
		acceptance string
		note       bool
	}{{store.AcceptancePending, true}, {store.AcceptanceAccepted, false}, {store.AcceptanceDeclined, false}} {
		fresh := c
		fresh.Acceptance = tc.acceptance
		got := blocksText(t, RefreshCommitmentBlocks(blocks, map[int64]store.Commitment{c.ID: fresh}, v))
		if strings.Contains(got, "Accept* it as it is") != tc.note {
			t.Errorf("%s: the accept note shows: %v, want %v\n%s", tc.acceptance, !tc.note, tc.note, got)
		}
	}
}

// TestMeetingDMDoesNotRepeatARequestsButtons: an item someone else noted
// for the owner, still waiting to be accepted, points to its request
// instead of carrying a second set of buttons.
func TestMeetingDMDoesNotRepeatARequestsButtons(t *testing.T) {
	t.Parallel()
	mine := sampleCommitment(1, "U0OMAR", 3, "Send the flyers")
	asked := sampleCommitment(2, "U0OMAR", 5, "Book the hall")
	asked.CreatedBy, asked.Acceptance = "U0ANA", store.AcceptancePending
	_, blocks, ids := MeetingDM(store.Meeting{ID: 1}, []store.Commitment{mine, asked}, commitNow, "U0OMAR")
	got := blocksText(t, blocks)
	if !strings.Contains(got, "<@U0ANA> asked you to take it on") || strings.Contains(got, actionCommitmentAccept) {
		t.Errorf("the summary repeats the request's buttons:\n%s", got)
	}
	if len(ids) != 1 || ids[0] != mine.ID {
		t.Errorf("the summary links %v, want only the item it shows with buttons", ids)
	}
}

func blocksText(t *testing.T, blocks []slack.Block) string {
	t.Helper()
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(blocks); err != nil {
		t.Fatal(err)
	}
	return sb.String()
}

func TestMeetingDMAfterEverythingWasDeclined(t *testing.T) {
	text, blocks, ids := MeetingDM(store.Meeting{ID: 1, Title: "December"}, nil, time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC), "U1")
	if len(ids) != 0 || len(blocks) != 1 || !strings.Contains(text, "Nothing from the meeting") {
		t.Errorf("MeetingDM with nothing left: %q %d blocks %v", text, len(blocks), ids)
	}
}
