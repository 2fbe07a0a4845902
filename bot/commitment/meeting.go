package commitment

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/dates"
	"github.com/backbone-coalition/backbone/store"
)

const (
	maxMeetingTitle = 150
	// meetingAgendaFetch caps the carried-over items read for the agenda.
	meetingAgendaFetch = 200
	// dmItemsBudget caps the commitments shown with buttons in one DM.
	dmItemsBudget = 20
)

const meetingUsage = "*/meeting* — run a working group's meeting in its channel\n" +
	"• `/meeting start Monthly planning` — opens a meeting here (the title is optional) and posts what is still open from earlier meetings; commitments made with `/commit` in this channel are linked to it\n" +
	"• `/meeting end next=\"Dec 15\"` — closes it, posts a summary, and sends each owner their items by DM (`next=` is optional)\n" +
	"• `/meeting` — is a meeting open here?"

func (s *Service) meeting(ctx context.Context, req kit.Request) (kit.Reply, error) {
	sub, rest := kit.Subcommand(req.Text)
	if strings.EqualFold(strings.TrimSpace(rest), "help") {
		sub = "help"
	}
	switch sub {
	case "start", "begin", "open":
		return s.meetingStart(ctx, req, rest)
	case "end", "stop", "close", "finish":
		return s.meetingEnd(ctx, req, rest)
	case "", "status":
		return s.meetingStatus(ctx, req)
	case "help":
		return kit.Reply{Text: meetingUsage}, nil
	}
	return kit.Reply{}, kit.Sorry("I don't know `/meeting " + kit.Escape(sub) + "`." + kit.DidYouMean(sub, []string{"start", "end", "help"}) +
		" Type `/meeting start Monthly planning` to open a meeting, `/meeting end` to close it.")
}

// meetingGroup is the working group of the channel a meeting command was
// typed in.
func (s *Service) meetingGroup(ctx context.Context, req kit.Request) (store.WorkingGroup, error) {
	g, err := s.Store.GroupByChannel(ctx, req.TeamID, req.ChannelID)
	if errors.Is(err, store.ErrNotFound) {
		if strings.HasPrefix(req.ChannelID, "D") {
			return g, kit.Sorry("Meetings happen in a working group's channel: type `/meeting start` there. `/coalition` lists the groups and their channels.")
		}
		return g, kit.Sorry(fmt.Sprintf("<#%s> isn't linked to a working group, so I can't tell whose meeting this is. "+
			"Backbone staff can link it with `/backbone group add \"Group name\" <#%s> lead=@someone`; then start the meeting again. "+
			"`/coalition` lists the groups and their channels.", req.ChannelID, req.ChannelID))
	}
	return g, err
}

func (s *Service) meetingStart(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	title := kit.CleanText(rest)
	if n := utf8.RuneCountInString(title); n > maxMeetingTitle {
		return kit.Reply{}, kit.Sorry(fmt.Sprintf("The title is %d characters; keep it to %d.", n, maxMeetingTitle))
	}
	g, err := s.meetingGroup(ctx, req)
	if err != nil {
		return kit.Reply{}, err
	}
	var m store.Meeting
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if open, err := tx.OpenMeeting(ctx, req.TeamID, req.ChannelID); err == nil {
			return alreadyOpen(open)
		} else if err := kit.OrNotFound(err); err != nil {
			return err
		}
		m, err = tx.StartMeeting(ctx, store.Meeting{TeamID: req.TeamID, GroupID: g.ID, ChannelID: req.ChannelID, Title: title, StartedBy: req.UserID, StartedAt: s.Now()})
		if errors.Is(err, store.ErrConflict) {
			return kit.Sorry("Someone opened a meeting here at the same moment. Type `/meeting` to see it.")
		}
		if err != nil {
			return err
		}
		return tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "meeting.start", Entity: "meeting", EntityID: strconv.FormatInt(m.ID, 10), After: m})
	})
	if err != nil {
		return kit.Reply{}, err
	}
	open := store.CommitmentFilter{GroupID: &g.ID, Status: kit.Ptr(store.StatusOpen)}
	carried, total, err := s.ListWithTotal(ctx, req.TeamID, open, meetingAgendaFetch)
	if err != nil {
		return kit.Reply{}, err
	}
	now := s.Now().In(s.dir.MemberLoc(req.Actor))
	text, blocks := MeetingStartBlocks(g, m, carried, total, now)
	return kit.Reply{Text: text, Blocks: blocks, InChannel: true}, nil
}

// alreadyOpen explains that a meeting is already open in the channel.
func alreadyOpen(open store.Meeting) error {
	return kit.Sorry(fmt.Sprintf("A meeting is already open here (%s, started by <@%s>). Keep going, or close it with `/meeting end` first.",
		meetingName(open), open.StartedBy))
}

func meetingName(m store.Meeting) string {
	if m.Title == "" {
		return "untitled"
	}
	return "“" + kit.Escape(m.Title) + "”"
}

func (s *Service) meetingStatus(ctx context.Context, req kit.Request) (kit.Reply, error) {
	m, err := s.Store.OpenMeeting(ctx, req.TeamID, req.ChannelID)
	if errors.Is(err, store.ErrNotFound) {
		return kit.Reply{Text: "No meeting is open here. Open one with `/meeting start Monthly planning`; `/meeting help` says more."}, nil
	}
	if err != nil {
		return kit.Reply{}, err
	}
	n, err := s.Store.CountCommitments(ctx, req.TeamID, store.CommitmentFilter{MeetingID: &m.ID})
	if err != nil {
		return kit.Reply{}, err
	}
	return kit.Reply{Text: fmt.Sprintf("A meeting is open here: %s, started by <@%s>, with %s so far. Close it with `/meeting end next=\"Dec 15\"`.",
		meetingName(m), m.StartedBy, kit.Plural(n, "commitment", "commitments"))}, nil
}

// parseMeetingEnd reads `/meeting end [next=<date>]`; the date may be
// several words ("next=Dec 15", "next Tuesday").
func parseMeetingEnd(rest string, now time.Time, loc *time.Location) (dates.Date, error) {
	const example = "`/meeting end next=\"Dec 15\"`"
	a, err := kit.ParseArgs(rest, "next")
	if err != nil {
		return dates.Date{}, err
	}
	phrase := strings.TrimSpace(a.Named["next"].Text + " " + strings.Join(a.Words(), " "))
	if len(a.Users())+len(a.Channels()) > 0 {
		return dates.Date{}, kit.Sorry("`/meeting end` takes only the next meeting's date: " + example)
	}
	if phrase == "" {
		return dates.Date{}, nil
	}
	d, err := dates.Parse(phrase, now, loc)
	var de *dates.Error
	if errors.As(err, &de) {
		return d, kit.Sorry("Next meeting: " + de.Msg + " For example: " + example + ". The meeting is still open.")
	}
	return d, err
}

func (s *Service) meetingEnd(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	loc := s.dir.MemberLoc(req.Actor)
	next, err := parseMeetingEnd(rest, s.Now(), loc)
	if err != nil {
		return kit.Reply{}, err
	}
	g, err := s.meetingGroup(ctx, req)
	if err != nil {
		return kit.Reply{}, err
	}
	var m store.Meeting
	var items []store.Commitment
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		m, items, err = s.closeMeeting(ctx, tx, req, next)
		return err
	})
	if err != nil {
		return kit.Reply{}, err
	}
	text, blocks := MeetingSummaryBlocks(g, m, items, s.Now().In(loc))
	return kit.Reply{Text: text, Blocks: blocks, InChannel: true}, nil
}

// closeMeeting ends the channel's open meeting, with its audit row, and
// queues one DM per owner with the items they took on.
func (s *Service) closeMeeting(ctx context.Context, tx *store.Tx, req kit.Request, next dates.Date) (store.Meeting, []store.Commitment, error) {
	open, err := tx.OpenMeeting(ctx, req.TeamID, req.ChannelID)
	if errors.Is(err, store.ErrNotFound) {
		return open, nil, kit.Sorry("No meeting is open here. Open one with `/meeting start Monthly planning`.")
	}
	if err != nil {
		return open, nil, err
	}
	m, err := tx.EndMeeting(ctx, open.ID, req.UserID, s.Now(), DueTime(next))
	if err != nil {
		return m, nil, err
	}
	if err := tx.Audit(ctx, store.Change{TeamID: req.TeamID, Actor: req.UserID, Action: "meeting.end", Entity: "meeting", EntityID: strconv.FormatInt(m.ID, 10), Before: open, After: m}); err != nil {
		return m, nil, err
	}
	items, err := tx.Commitments(ctx, req.TeamID, store.CommitmentFilter{MeetingID: &m.ID})
	if err != nil {
		return m, nil, err
	}
	items = withoutDeclined(items)
	return m, items, s.queueMeetingDMs(ctx, tx, m, items)
}

func withoutDeclined(cs []store.Commitment) []store.Commitment {
	out := cs[:0:0]
	for _, c := range cs {
		if c.Acceptance != store.AcceptanceDeclined {
			out = append(out, c)
		}
	}
	return out
}

// queueMeetingDMs sends each owner one DM with what they took on.
func (s *Service) queueMeetingDMs(ctx context.Context, tx *store.Tx, m store.Meeting, items []store.Commitment) error {
	byOwner := map[string][]store.Commitment{}
	var owners []string
	for _, c := range items {
		if _, ok := byOwner[c.OwnerID]; !ok {
			owners = append(owners, c.OwnerID)
		}
		byOwner[c.OwnerID] = append(byOwner[c.OwnerID], c)
	}
	for _, owner := range owners {
		member, err := tx.Member(ctx, m.TeamID, owner)
		if err != nil {
			return err
		}
		text, blocks, ids := MeetingDM(m, byOwner[owner], s.Now().In(s.dir.MemberLoc(member)), owner)
		key := meetingDMKey(m.ID, owner)
		if _, err := kit.Queue(ctx, tx, kit.Message{TeamID: m.TeamID, Key: key, Channel: owner, Text: text, Blocks: blocks, Commitments: ids}); err != nil {
			return err
		}
	}
	return nil
}

// MeetingDM is the DM telling owner what they took on in meeting m: the
// text, blocks and the IDs of the commitments shown.
func MeetingDM(m store.Meeting, cs []store.Commitment, now time.Time, owner string) (string, []slack.Block, []int64) {
	group := "the meeting"
	if len(cs) > 0 && cs[0].GroupName != "" {
		group = "the *" + kit.Escape(cs[0].GroupName) + "* meeting"
	}
	if m.Title != "" {
		group += " (“" + kit.Escape(m.Title) + "”)"
	}
	if len(cs) == 0 {
		// Redrawn after the owner declined all they were asked to take on.
		return "Nothing from the meeting is left for you", []slack.Block{
			slack.NewSectionBlock(kit.Mrkdwn(fmt.Sprintf("📝 Nothing from %s is left for you: you declined what you were asked to take on.", group)), nil, nil)}, nil
	}
	intro := fmt.Sprintf("📝 From %s, you took on %s:", group, kit.Plural(len(cs), "item", "items"))
	blocks := []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(intro), nil, nil)}
	var ids []int64
	v := CommitmentView{Now: now, Viewer: owner, HideOwner: true}
	for i, c := range cs {
		if i == dmItemsBudget {
			blocks = append(blocks, kit.ContextNote(fmt.Sprintf("…and %d more: `/commitments mine`.", len(cs)-i)))
			break
		}
		if c.Acceptance == store.AcceptancePending && c.CreatedBy != owner {
			// Its request DM has the buttons; a second copy would go stale.
			blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn(fmt.Sprintf("⏳ *%s* — <@%s> asked you to take it on: accept, propose another date or decline in the request I sent you.",
				kit.UserText(kit.Truncate(c.Text, 300)), c.CreatedBy)), nil, nil))
			continue
		}
		blocks = append(blocks, CommitmentBlocks(c, v)...)
		ids = append(ids, c.ID)
	}
	blocks = append(blocks, kit.ContextNote(replyHint))
	return fmt.Sprintf("From the meeting, you took on %s", kit.Plural(len(cs), "item", "items")), blocks, ids
}

// replyHint tells people they may answer a DM in words.
const replyHint = "Use the buttons, or reply in this thread: `done`, `on track`, `need help: waiting on the county`, `moved to Dec 12`, `drop: no longer needed`."

// MeetingStartBlocks is the channel's post when a meeting opens: the open
// commitments carried over from earlier meetings, by owner.
func MeetingStartBlocks(g store.WorkingGroup, m store.Meeting, carried []store.Commitment, total int, now time.Time) (string, []slack.Block) {
	title := "Meeting of " + g.Name
	if m.Title != "" {
		title = m.Title + " — " + g.Name
	}
	text := "🟢 Meeting started: " + kit.Escape(title)
	blocks := []slack.Block{kit.Header("🟢 " + title)}
	if total == 0 {
		blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn("Nothing is carried over: every earlier commitment of the group is done or dropped. 🎉"), nil, nil))
	} else {
		intro := fmt.Sprintf("*First, what was promised before* — %s still open:", kit.Plural(total, "commitment", "commitments"))
		blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn(intro), nil, nil))
		hint := fmt.Sprintf("See them all with `/commitments <#%s>`.", g.ChannelID)
		blocks = append(blocks, ByOwnerBlocks(carried, total, now, kit.MessageBlockBudget-len(blocks), hint)...)
	}
	blocks = append(blocks, kit.ContextNote("Record what people take on with `/commit @who what by when` (one per line). Close with `/meeting end next=\"Dec 15\"`."))
	return text, blocks
}

// MeetingSummaryBlocks is the channel's post when a meeting closes: the
// commitments made during it, by owner, and the next meeting's date.
func MeetingSummaryBlocks(g store.WorkingGroup, m store.Meeting, items []store.Commitment, now time.Time) (string, []slack.Block) {
	title := "Summary: " + kit.OrDefault(m.Title, "meeting of "+g.Name)
	text := fmt.Sprintf("Meeting closed: %s made", kit.Plural(len(items), "commitment", "commitments"))
	blocks := []slack.Block{kit.Header("🏁 " + title)}
	if len(items) == 0 {
		blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn("No commitments were recorded during this meeting."), nil, nil))
	} else {
		owners := map[string]bool{}
		for _, c := range items {
			owners[c.OwnerID] = true
		}
		intro := fmt.Sprintf("*%s* by %s:", kit.Plural(len(items), "commitment", "commitments"), kit.Plural(len(owners), "person", "people"))
		blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn(intro), nil, nil))
		hint := fmt.Sprintf("See them with `/commitments <#%s>`.", g.ChannelID)
		blocks = append(blocks, ByOwnerBlocks(items, len(items), now, kit.MessageBlockBudget-len(blocks)-1, hint)...)
	}
	var foot []string
	if m.NextMeeting != nil {
		foot = append(foot, "📅 Next meeting: *"+dueOf(m.NextMeeting).Human(now)+"*")
	}
	if len(items) > 0 {
		foot = append(foot, "Each owner got their items by DM.")
	}
	if len(foot) > 0 {
		blocks = append(blocks, kit.ContextNote(strings.Join(foot, " · ")))
	}
	return text, blocks
}
