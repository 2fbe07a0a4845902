package commitment

import (
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

// Action IDs of the buttons on a commitment. Each is suffixed "#<id>" to be
// unique within a message; routing strips the suffix.
const (
	actionCommitmentDone     = "commitment:done"
	actionCommitmentOnTrack  = "commitment:on_track"
	actionCommitmentNeedHelp = "commitment:need_help"
	actionCommitmentDue      = "commitment:due"
	actionCommitmentMore     = "commitment:more"
	actionCommitmentAccept   = "commitment:accept"
	actionCommitmentPropose  = "commitment:propose"
	actionCommitmentDecline  = "commitment:decline"
	// actionCommitmentPick answers "which one?" after an ambiguous DM reply.
	actionCommitmentPick = "commitment:pick"

	// Options of the ⋯ menu.
	moreHistory = "history"
	moreDrop    = "drop"

	// commitmentBlockPrefix starts the block IDs of a commitment's blocks:
	// "commitment:12" and "commitment:12:actions".
	commitmentBlockPrefix = "commitment:"
)

// CommitmentView says how commitments are shown.
type CommitmentView struct {
	// Now is the current time in the reader's location: it sets "today",
	// overdue flags and which years are spelled out.
	Now time.Time
	// Viewer is the user reading; the owner sees Accept / Propose / Decline
	// on a commitment made on their behalf.
	Viewer string
	// List is the list query an ephemeral list was made from, carried in
	// button values so a click can redraw it.
	List string
	// HideOwner leaves the owner out (a list of one person's items).
	HideOwner bool
}

// CommitmentBlocks renders one commitment: a section with what, who, when
// and its state, then, while it is open, its buttons.
func CommitmentBlocks(c store.Commitment, v CommitmentView) []slack.Block {
	id := strconv.FormatInt(c.ID, 10)
	section := slack.NewSectionBlock(kit.Mrkdwn(CommitmentText(c, v)), nil, nil, slack.SectionBlockOptionBlockID(commitmentBlockPrefix+id))
	if !c.IsOpen() {
		return []slack.Block{section}
	}
	return []slack.Block{section, slack.NewActionBlock(commitmentBlockPrefix+id+":actions", commitmentActions(c, v)...)}
}

func commitmentActions(c store.Commitment, v CommitmentView) []slack.BlockElement {
	id := strconv.FormatInt(c.ID, 10)
	value := id
	if v.List != "" {
		value += "|" + v.List
	}
	button := func(action, label string) *slack.ButtonBlockElement {
		return slack.NewButtonBlockElement(action+"#"+id, value, kit.Plain(label))
	}
	if c.Acceptance == store.AcceptancePending && v.Viewer == c.OwnerID {
		return []slack.BlockElement{
			button(actionCommitmentAccept, "Accept").WithStyle(slack.StylePrimary),
			button(actionCommitmentPropose, "Propose another date"),
			button(actionCommitmentDecline, "Decline").WithStyle(slack.StyleDanger),
		}
	}
	// A date picker has no value: its action ID carries the list too.
	picker := slack.NewDatePickerBlockElement(actionCommitmentDue + "#" + value)
	picker.Placeholder = kit.Plain("New date")
	picker.InitialDate = dueOf(c.Due).String()
	more := slack.NewOverflowBlockElement(actionCommitmentMore+"#"+id,
		slack.NewOptionBlockObject(moreHistory+"|"+value, kit.Plain("History"), nil),
		slack.NewOptionBlockObject(moreDrop+"|"+value, kit.Plain("Drop…"), nil))
	return []slack.BlockElement{
		button(actionCommitmentDone, "Done").WithStyle(slack.StylePrimary),
		button(actionCommitmentOnTrack, "On track"),
		button(actionCommitmentNeedHelp, "Need help"),
		picker, more,
	}
}

// CommitmentText is a commitment in mrkdwn: the task in bold, then due
// date, owner, group and state.
func CommitmentText(c store.Commitment, v CommitmentView) string {
	task := "*" + kit.UserText(c.Text) + "*"
	if c.Status == store.StatusDropped {
		task = "~" + kit.UserText(c.Text) + "~"
	}
	parts := []string{dueLabel(c, v.Now)}
	if !v.HideOwner {
		parts = append(parts, "<@"+c.OwnerID+">")
		if away := ownerAway(c, v.Now); away != "" {
			parts = append(parts, away)
		}
	}
	if c.GroupName != "" {
		parts = append(parts, "_"+kit.Escape(c.GroupName)+"_")
	}
	if s := StateLabel(c, v.Now); s != "" {
		parts = append(parts, s)
	}
	return task + "\n" + strings.Join(parts, " · ")
}

// dueLabel is "due Fri 4 Dec", "⚠️ overdue since Fri 4 Dec" or "no date".
func dueLabel(c store.Commitment, now time.Time) string {
	due := dueOf(c.Due)
	switch {
	case due.IsZero():
		return "no date"
	case c.IsOpen() && due.Before(dates.Of(now)):
		return "⚠️ overdue since " + due.Human(now)
	case c.IsOpen() && due == dates.Of(now):
		return "📅 due *today*"
	}
	return "📅 due " + due.Human(now)
}

func StateLabel(c store.Commitment, now time.Time) string {
	switch {
	case c.Acceptance == store.AcceptanceDeclined:
		return "🙅 declined"
	case c.Status == store.StatusDone:
		return "✅ done" + completedOn(c, now)
	case c.Status == store.StatusDropped:
		return "🗑️ dropped" + completedOn(c, now)
	case c.Acceptance == store.AcceptancePending:
		return fmt.Sprintf("⏳ waiting for <@%s> to accept", c.OwnerID)
	case c.Health == store.HealthOnTrack:
		return "🟢 on track"
	case c.Health == store.HealthNeedHelp:
		return "🆘 needs help"
	case c.Health == store.HealthBlocked:
		return "⛔ blocked"
	}
	return ""
}

func completedOn(c store.Commitment, now time.Time) string {
	if c.CompletedAt == nil {
		return ""
	}
	t := c.CompletedAt.In(now.Location())
	return " " + dates.Of(t).Human(now)
}

// commitmentIDOfBlock reads the commitment a block belongs to from its
// block ID.
func commitmentIDOfBlock(blockID string) (int64, bool) {
	rest, ok := strings.CutPrefix(blockID, commitmentBlockPrefix)
	if !ok {
		return 0, false
	}
	rest, _, _ = strings.Cut(rest, ":")
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil
}

// acceptNotePrefix starts the block ID of a request's "Accept it, propose
// another date or decline" note, which goes once the request is answered.
const acceptNotePrefix = "accept-note:"

func acceptNoteID(id int64) string { return acceptNotePrefix + strconv.FormatInt(id, 10) }

// answered reports whether b is the accept note of a commitment in fresh
// that is no longer waiting to be accepted.
func answered(b slack.Block, fresh map[int64]store.Commitment) bool {
	rest, ok := strings.CutPrefix(b.ID(), acceptNotePrefix)
	if !ok {
		return false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	c, known := fresh[id]
	return err == nil && known && c.Acceptance != store.AcceptancePending
}

// RefreshCommitmentBlocks redraws, in a message's blocks, every commitment
// found in fresh; its other blocks are kept, but for the accept note of a
// request answered since. Commitments not in fresh are left as they were.
func RefreshCommitmentBlocks(blocks []slack.Block, fresh map[int64]store.Commitment, v CommitmentView) []slack.Block {
	out := make([]slack.Block, 0, len(blocks))
	drawn := map[int64]bool{}
	for _, b := range blocks {
		if answered(b, fresh) {
			continue
		}
		id, ok := commitmentIDOfBlock(b.ID())
		c, known := fresh[id]
		switch {
		case !ok || !known:
			out = append(out, b)
		case !drawn[id]:
			drawn[id] = true
			out = append(out, CommitmentBlocks(c, v)...)
		}
	}
	return out
}

// commitmentIDsIn lists the commitments shown in blocks, in order.
func commitmentIDsIn(blocks []slack.Block) []int64 {
	var ids []int64
	seen := map[int64]bool{}
	for _, b := range blocks {
		if id, ok := commitmentIDOfBlock(b.ID()); ok && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// Budgets of a list of commitments in one message: 50 blocks at most, and
// Slack refuses messages whose blocks hold much more than 12,000 characters.
const (
	listBlockBudget = 47
	listTextBudget  = 10000
	// buttonChars is the text of one commitment's buttons.
	buttonChars = 60
)

// CommitmentList is a list of commitments to render: the first of them,
// and how many there are in all.
type CommitmentList struct {
	Title string
	Items []store.Commitment
	Total int
	// Hint says how to narrow a list too long to show.
	Hint string
	// Note, when set, is shown at the top (what a click just did).
	Note string
}

// CommitmentListBlocks renders a list grouped by due date — overdue, this
// week, later, no date — each item with its buttons, within Slack's limits
// for one message; what does not fit is counted at the end with how to
// narrow the list.
func CommitmentListBlocks(l CommitmentList, v CommitmentView, maxBlocks, maxText int) []slack.Block {
	blocks := []slack.Block{kit.Header(l.Title)}
	if l.Note != "" {
		blocks = append(blocks, kit.ContextNote(l.Note))
	}
	chars, shown, bucket := utf8.RuneCountInString(l.Title+l.Note), 0, ""
	for _, c := range l.Items {
		b := DueBucket(c, v.Now)
		item := CommitmentBlocks(c, v)
		cost := utf8.RuneCountInString(CommitmentText(c, v)) + buttonChars + len(b)
		extra := 0
		if b != bucket {
			extra = 1
		}
		if len(blocks)+len(item)+extra > maxBlocks || chars+cost > maxText {
			break
		}
		if b != bucket {
			bucket = b
			blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn("*"+b+"*"), nil, nil))
		}
		blocks = append(blocks, item...)
		chars += cost
		shown++
	}
	if more := l.Total - shown; more > 0 {
		blocks = append(blocks, kit.ContextNote(fmt.Sprintf("…and %d more. %s", more, l.Hint)))
	}
	return blocks
}

// DueBucket is the heading a commitment is listed under.
func DueBucket(c store.Commitment, now time.Time) string {
	due, today := dueOf(c.Due), dates.Of(now)
	switch {
	case due.IsZero():
		return "No date"
	case due.Before(today):
		return "Overdue"
	case due.Before(today.AddDays(7)):
		return "Due in the next 7 days"
	}
	return "Later"
}

// ownerPostChars is the text budget of a post grouping commitments by
// owner: Slack refuses messages whose blocks hold much more than 12,000
// characters.
const ownerPostChars = 9000

// ByOwnerBlocks groups commitments by owner, in order of first appearance,
// as sections of at most maxBlocks and ownerPostChars characters; the items
// that do not fit are counted in a closing note with hint.
func ByOwnerBlocks(cs []store.Commitment, total int, now time.Time, maxBlocks int, hint string) []slack.Block {
	var owners []string
	items := map[string][]string{}
	chars, shown := 0, 0
	for _, c := range cs {
		line := "• " + kit.UserText(c.Text) + " — " + dueLabel(c, now)
		if s := StateLabel(c, now); s != "" {
			line += " · " + s
		}
		cost := utf8.RuneCountInString(line) + 1
		if _, ok := items[c.OwnerID]; !ok {
			cost += 20
		}
		if chars+cost > ownerPostChars {
			break
		}
		if _, ok := items[c.OwnerID]; !ok {
			owners = append(owners, c.OwnerID)
		}
		items[c.OwnerID] = append(items[c.OwnerID], line)
		chars, shown = chars+cost, shown+1
	}
	lines := make([]string, 0, len(owners))
	for _, o := range owners {
		lines = append(lines, "*<@"+o+">*\n"+strings.Join(items[o], "\n"))
	}
	blocks := kit.PackLines(lines, maxBlocks-1, hint)
	if more := total - shown; more > 0 && len(blocks) <= maxBlocks-1 {
		blocks = append(blocks, kit.ContextNote(fmt.Sprintf("…and %d more. %s", more, hint)))
	}
	return blocks
}

// CommitConfirmation is the channel's line for a new commitment:
// "📌 @maria will send flyers to the 10 middle schools — due Fri 4 Dec".
func CommitConfirmation(c store.Commitment, now time.Time) string {
	line := fmt.Sprintf("📌 <@%s> will %s — %s", c.OwnerID, kit.LowerFirst(kit.UserText(c.Text)), dueOrNoDate(c, now))
	if c.Acceptance == store.AcceptancePending {
		line += fmt.Sprintf(" _(recorded by <@%s>; waiting for <@%s> to accept)_", c.CreatedBy, c.OwnerID)
	}
	return line
}

func dueOrNoDate(c store.Commitment, now time.Time) string {
	if c.Due == nil {
		return "no date"
	}
	return "due " + dueOf(c.Due).Human(now)
}
