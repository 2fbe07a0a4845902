package digest

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/indicator"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/store"
)

const (
	// digestTextBudget keeps a digest message well under Slack's limit on a
	// message's total text (and under the ~13k characters past which Slack
	// answers msg_blocks_too_long).
	digestTextBudget = 10000
	// digestExceptionBlocks caps the exceptions so the summary always fits.
	digestExceptionBlocks = 6
	// digestGroupBlocks caps one group's section.
	digestGroupBlocks = 12
	// Character budgets of the parts of a digest, which keep each message
	// under digestTextBudget: the summary's parts add up to about 8,600
	// with the header, counts and notes.
	groupChars, exceptionChars, indicatorChars = 8000, 2400, 2400
	missingChars, shoutoutChars, healthChars   = 1000, 1000, 1400
)

// Digest is what a steering digest shows: the window [From, To) in the
// coalition's time, Today (midnight UTC) for due dates, and its figures.
type Digest struct {
	Goal     string
	From, To time.Time
	Today    time.Time
	Counts   store.DigestCounts
	Lists    store.DigestCommitments
	// Indicators are the overview's lines, one string per indicator, with
	// the previous figure and segment gaps.
	Indicators []string
	// Missing are the totals partners owe for the last closed periods.
	Missing []store.MissingReport
	// Unconfirmed counts the week's reports made before their reporter's
	// link to the partner was confirmed: it should stay 0.
	Unconfirmed int
	Shoutouts   []store.DigestShoutout
	// Groups are the active working groups, with their next meeting.
	Groups []store.DigestGroup
	// Health is per-partner reporting and on-time completion over the
	// last HealthDays days, leaving out periods closed less than
	// HealthGrace days ago: for the steering committee only.
	Health      []store.PartnerHealth
	HealthDays  int
	HealthGrace int
}

// DigestMessage is one Slack message of a digest.
type DigestMessage struct {
	Text   string
	Blocks []slack.Block
}

// DigestBlocks renders the steering digest: the main message with the
// summary, and the working groups' sections inside it when they fit, or
// else packed into as few further messages as hold them (to post as
// replies in the main message's thread).
func DigestBlocks(d Digest) (DigestMessage, []DigestMessage) {
	title := digestTitle(d)
	main := DigestMessage{Text: title, Blocks: digestSummary(d, title)}
	var sections [][]slack.Block
	for _, g := range digestGroups(d) {
		if !g.quiet() {
			sections = append(sections, groupSection(d, g))
		}
	}
	foot := digestFootnote(d)
	if len(sections) == 0 {
		main.Blocks = append(main.Blocks, foot, kit.ContextNote("No working group had anything done, new or overdue this week."))
		return main, nil
	}
	all := slices.Clone(main.Blocks)
	for _, g := range sections {
		all = append(all, slack.NewDividerBlock())
		all = append(all, g...)
	}
	if all = append(all, foot); len(all) <= kit.MessageBlockBudget && blocksText(all) <= digestTextBudget {
		main.Blocks = all
		return main, nil
	}
	main.Blocks = append(main.Blocks, foot, kit.ContextNote("The working groups' sections follow in this thread."))
	packs := packSections(sections)
	replies := make([]DigestMessage, 0, len(packs))
	for i, p := range packs {
		replies = append(replies, DigestMessage{Text: fmt.Sprintf("%s (groups, %d of %d)", title, i+1, len(packs)), Blocks: p})
	}
	return main, replies
}

func digestTitle(d Digest) string {
	return fmt.Sprintf("Weekly digest: %s – %s", d.From.Format("Mon 2 Jan"), d.To.Format("Mon 2 Jan 2006"))
}

// packSections puts consecutive group sections into as few messages as
// stay within the block and text budgets, a divider between two.
func packSections(sections [][]slack.Block) [][]slack.Block {
	var packs [][]slack.Block
	var cur []slack.Block
	for _, s := range sections {
		next := s
		if len(cur) > 0 {
			next = append(append(slices.Clone(cur), slack.NewDividerBlock()), s...)
		}
		if len(cur) > 0 && (len(next) > kit.MessageBlockBudget || blocksText(next) > digestTextBudget) {
			packs = append(packs, cur)
			next = s
		}
		cur = next
	}
	return append(packs, cur)
}

// GroupDigestBlocks is one working group's own digest, for its channel or
// a preview: its section alone, never the coalition's health.
func GroupDigestBlocks(d Digest, g digestGroup) DigestMessage {
	title := fmt.Sprintf("Weekly digest: %s, %s – %s", kit.OneLine(g.name), d.From.Format("Mon 2 Jan"), d.To.Format("Mon 2 Jan 2006"))
	blocks := []slack.Block{kit.Header(kit.Truncate(title, 150))}
	blocks = append(blocks, groupSection(d, g)...)
	hint := "Everything still open: `/commitments`."
	if g.channel != "" {
		hint = fmt.Sprintf("Everything still open: `/commitments` <#%s>.", g.channel)
	}
	return DigestMessage{Text: kit.Escape(title), Blocks: append(blocks, kit.ContextNote(hint))}
}

func digestSummary(d Digest, title string) []slack.Block {
	blocks := []slack.Block{kit.Header(title)}
	if d.Goal != "" {
		blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn("🎯 "+kit.Escape(kit.OneLine(d.Goal))), nil, nil))
	}
	c := d.Counts
	blocks = append(blocks, slack.NewSectionBlock(kit.Mrkdwn(fmt.Sprintf(
		"✅ *%d* done · 🆕 *%d* new · ⏰ *%d* overdue · 🆘 *%d* need help\n📝 *%d* %s received · 👏 *%d* %s",
		c.Done, c.New, c.Overdue, c.NeedHelp, c.Reports, kit.PluralWord(c.Reports, "report", "reports"),
		c.Shoutouts, kit.PluralWord(c.Shoutouts, "shout-out", "shout-outs"))), nil, nil))
	if len(d.Lists.Exceptions) > 0 {
		var lines []string
		for _, x := range d.Lists.Exceptions {
			lines = append(lines, exceptionLine(d, x))
		}
		blocks = append(blocks, titled("*Needs attention* (oldest first)", lines, digestExceptionBlocks, exceptionChars, "See them all with `/commitments overdue`.")...)
	}
	blocks = append(blocks, titled("*Reports missing* for the last closed period", missingLines(d.Missing), 3, missingChars, "See who owes what with `/indicators`.")...)
	if d.Unconfirmed > 0 {
		blocks = append(blocks, kit.ContextNote(fmt.Sprintf("⚠️ %s this week came from someone whose link to the partner was confirmed only afterwards: check them in `/indicators export` (column link_confirmed_after_report).",
			kit.Plural(d.Unconfirmed, "figure", "figures"))))
	}
	blocks = append(blocks, titled("*Shared indicators*", d.Indicators, 6, indicatorChars, "See them all with `/indicators`.")...)
	blocks = append(blocks, titled("*Shout-outs this week*", shoutoutLines(d.Shoutouts), 3, shoutoutChars, "")...)
	blocks = append(blocks, titled(fmt.Sprintf("*Coalition health*, last %d days", d.HealthDays), indicator.HealthLines(d.Health), 3, healthChars, "")...)
	if quiet := quietGroups(d); len(quiet) > 0 {
		blocks = append(blocks, kit.ContextNote(kit.Truncate("Quiet week (nothing done, new or overdue): "+strings.Join(quiet, ", "), 1500)))
	}
	return blocks
}

// titled is a part of the summary: a title and its lines within budget;
// nothing when there are no lines.
func titled(title string, lines []string, maxBlocks, maxChars int, hint string) []slack.Block {
	if len(lines) == 0 {
		return nil
	}
	blocks := []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(title), nil, nil)}
	return append(blocks, kit.PackWithin(lines, maxBlocks, maxChars, hint)...)
}

func exceptionLine(d Digest, c store.Commitment) string {
	var why string
	switch {
	case isOverdue(d, c):
		why = "⏰ due " + c.Due.Format("Mon 2 Jan")
	default:
		why = "🆘 needs help"
	}
	return fmt.Sprintf("• %s — %s — <@%s> · %s", why, kit.Escape(kit.OneLine(c.Text)), c.OwnerID, groupLabel(c.GroupName))
}

func isOverdue(d Digest, c store.Commitment) bool {
	return c.IsOpen() && c.Due != nil && c.Due.Before(d.Today)
}

// digestGroup is one working group's part of a digest: id 0 and no
// channel for the commitments made outside any group.
type digestGroup struct {
	id      int64
	name    string
	channel string
	// next is the group's next meeting, nil when none is announced.
	next             *time.Time
	done, made, late []store.Commitment
}

// quiet reports whether the group had nothing done, new or overdue.
func (g digestGroup) quiet() bool { return len(g.done)+len(g.made)+len(g.late) == 0 }

// digestGroups lists every active working group by name with its
// commitments, then any archived group that still has some, then the
// commitments outside groups (when there are any).
func digestGroups(d Digest) []digestGroup {
	var out []digestGroup
	at := map[int64]int{}
	for _, g := range d.Groups {
		at[g.ID] = len(out)
		out = append(out, digestGroup{id: g.ID, name: g.Name, channel: g.ChannelID, next: g.NextMeeting})
	}
	var outside digestGroup
	place := func(c store.Commitment) *digestGroup {
		if c.GroupID == nil {
			return &outside
		}
		i, ok := at[*c.GroupID]
		if !ok { // an archived group: listed, but no channel post
			i, at[*c.GroupID] = len(out), len(out)
			out = append(out, digestGroup{id: *c.GroupID, name: c.GroupName})
		}
		return &out[i]
	}
	for _, c := range d.Lists.Done {
		g := place(c)
		g.done = append(g.done, c)
	}
	for _, c := range d.Lists.New {
		g := place(c)
		g.made = append(g.made, c)
	}
	for _, c := range overdueOnly(d) {
		g := place(c)
		g.late = append(g.late, c)
	}
	if !outside.quiet() {
		out = append(out, outside)
	}
	return out
}

// findDigestGroup is the group with id among d's.
func findDigestGroup(d Digest, id int64) (digestGroup, bool) {
	for _, g := range digestGroups(d) {
		if g.id == id {
			return g, true
		}
	}
	return digestGroup{}, false
}

func overdueOnly(d Digest) []store.Commitment {
	var out []store.Commitment
	for _, c := range d.Lists.Exceptions {
		if isOverdue(d, c) {
			out = append(out, c)
		}
	}
	return out
}

// groupSection is a group's week: a title line with its counts and next
// meeting, then what was done (owners thanked by name), made and overdue.
func groupSection(d Digest, g digestGroup) []slack.Block {
	var lines []string
	for _, c := range g.done {
		lines = append(lines, fmt.Sprintf("✅ %s — thank you <@%s>", kit.Escape(kit.OneLine(c.Text)), c.OwnerID))
	}
	for _, c := range g.made {
		lines = append(lines, fmt.Sprintf("🆕 %s — <@%s>%s", kit.Escape(kit.OneLine(c.Text)), c.OwnerID, dueSuffix(c)))
	}
	for _, c := range g.late {
		lines = append(lines, fmt.Sprintf("⏰ %s — <@%s>%s", kit.Escape(kit.OneLine(c.Text)), c.OwnerID, dueSuffix(c)))
	}
	title := fmt.Sprintf("*%s* — %d done · %d new · %d overdue", groupLabel(g.name), len(g.done), len(g.made), len(g.late))
	if g.id != 0 {
		title += "\n" + nextMeetingText(g.next)
	}
	if g.quiet() {
		title += "\n_A quiet week: nothing done, new or overdue._"
	}
	blocks := []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(title), nil, nil)}
	hint := "See them with `/commitments #channel`."
	if g.channel != "" {
		hint = fmt.Sprintf("See them with `/commitments` <#%s>.", g.channel)
	}
	return append(blocks, kit.PackWithin(lines, digestGroupBlocks, groupChars, hint)...)
}

func nextMeetingText(next *time.Time) string {
	if next == nil {
		return "📅 No next meeting announced (`/meeting end next=DATE` records it)."
	}
	return "📅 Next meeting: " + next.Format("Mon 2 Jan")
}

func dueSuffix(c store.Commitment) string {
	if c.Due == nil {
		return ""
	}
	return " · due " + c.Due.Format("Mon 2 Jan")
}

func groupLabel(name string) string {
	if name == "" {
		return "Outside working groups"
	}
	return kit.Escape(name)
}

// blocksText counts the characters of the text objects of section, header
// and context blocks.
func blocksText(blocks []slack.Block) int {
	n := 0
	for _, b := range blocks {
		switch x := b.(type) {
		case *slack.SectionBlock:
			if x.Text != nil {
				n += utf8.RuneCountInString(x.Text.Text)
			}
		case *slack.HeaderBlock:
			n += utf8.RuneCountInString(x.Text.Text)
		case *slack.ContextBlock:
			for _, e := range x.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					n += utf8.RuneCountInString(t.Text)
				}
			}
		}
	}
	return n
}
