package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/store"
)

const (
	// digestTextBudget keeps a digest message well under Slack's limit on a
	// message's total text.
	digestTextBudget = 10000
	// digestExceptionBlocks caps the exceptions so the summary always fits.
	digestExceptionBlocks = 8
	// digestGroupBlocks caps one group's section.
	digestGroupBlocks = 12
	// Character budgets of the parts of a digest, which keep each message
	// under digestTextBudget.
	groupChars, exceptionChars, indicatorChars = 8000, 3500, 2500
)

// Digest is what a steering digest shows: the window [From, To) in the
// coalition's time, Today (midnight UTC) for due dates, and its figures.
type Digest struct {
	Goal     string
	From, To time.Time
	Today    time.Time
	Counts   store.DigestCounts
	Lists    store.DigestCommitments
	// Indicators are the overview's lines, one string per indicator.
	Indicators []string
}

// DigestMessage is one Slack message of a digest.
type DigestMessage struct {
	Text   string
	Blocks []slack.Block
}

// DigestBlocks renders a digest: the main message with the summary, and the
// working groups' sections inside it when they fit, or else one further
// message per group (to post as replies in the main message's thread).
func DigestBlocks(d Digest) (DigestMessage, []DigestMessage) {
	title := fmt.Sprintf("Weekly digest: %s – %s", d.From.Format("Mon 2 Jan"), d.To.Format("Mon 2 Jan 2006"))
	main := DigestMessage{Text: title, Blocks: digestSummary(d, title)}
	var groups [][]slack.Block
	for _, g := range digestGroups(d) {
		groups = append(groups, groupSection(d, g))
	}
	if len(groups) == 0 {
		main.Blocks = append(main.Blocks, contextNote("No working group had anything to report this week."))
		return main, nil
	}
	all := slices.Clone(main.Blocks)
	for _, g := range groups {
		all = append(all, slack.NewDividerBlock())
		all = append(all, g...)
	}
	if len(all) <= messageBlockBudget && blocksText(all) <= digestTextBudget {
		main.Blocks = all
		return main, nil
	}
	main.Blocks = append(main.Blocks, contextNote("Each working group's section follows in this thread."))
	replies := make([]DigestMessage, 0, len(groups))
	for i, g := range groups {
		replies = append(replies, DigestMessage{Text: fmt.Sprintf("%s (%d of %d)", title, i+1, len(groups)), Blocks: g})
	}
	return main, replies
}

func digestSummary(d Digest, title string) []slack.Block {
	blocks := []slack.Block{header(title)}
	if d.Goal != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn("🎯 "+escape(oneLine(d.Goal))), nil, nil))
	}
	c := d.Counts
	blocks = append(blocks, slack.NewSectionBlock(mrkdwn(fmt.Sprintf(
		"✅ *%d* done · 🆕 *%d* new · ⏰ *%d* overdue · 🆘 *%d* need help\n📝 *%d* %s received · 👏 *%d* %s",
		c.Done, c.New, c.Overdue, c.NeedHelp, c.Reports, pluralWord(c.Reports, "report", "reports"),
		c.Shoutouts, pluralWord(c.Shoutouts, "shout-out", "shout-outs"))), nil, nil))
	if len(d.Lists.Exceptions) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn("*Needs attention* (oldest first)"), nil, nil))
		var lines []string
		for _, x := range d.Lists.Exceptions {
			lines = append(lines, exceptionLine(d, x))
		}
		blocks = append(blocks, packWithin(lines, digestExceptionBlocks, exceptionChars, "See them all with `/commitments overdue`.")...)
	}
	if len(d.Indicators) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn("*Shared indicators*"), nil, nil))
		blocks = append(blocks, packWithin(d.Indicators, 4, indicatorChars, "See them all with `/indicators`.")...)
	}
	return blocks
}

func exceptionLine(d Digest, c store.Commitment) string {
	var why string
	switch {
	case isOverdue(d, c):
		why = "⏰ due " + c.Due.Format("Mon 2 Jan")
	default:
		why = "🆘 needs help"
	}
	return fmt.Sprintf("• %s — %s — <@%s> · %s", why, escape(oneLine(c.Text)), c.OwnerID, groupLabel(c.GroupName))
}

func isOverdue(d Digest, c store.Commitment) bool {
	return c.IsOpen() && c.Due != nil && c.Due.Before(d.Today)
}

// digestGroups lists the groups with something to show, by name, commitments
// outside any group last.
func digestGroups(d Digest) []string {
	var names []string
	add := func(cs []store.Commitment) {
		for _, c := range cs {
			if !slices.Contains(names, c.GroupName) {
				names = append(names, c.GroupName)
			}
		}
	}
	add(d.Lists.Done)
	add(d.Lists.New)
	add(overdueOnly(d))
	slices.SortFunc(names, func(a, b string) int {
		if (a == "") != (b == "") {
			return strings.Compare(b, a) // "" last
		}
		return strings.Compare(a, b)
	})
	return names
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

func groupSection(d Digest, group string) []slack.Block {
	in := func(cs []store.Commitment) []store.Commitment {
		var out []store.Commitment
		for _, c := range cs {
			if c.GroupName == group {
				out = append(out, c)
			}
		}
		return out
	}
	done, made, late := in(d.Lists.Done), in(d.Lists.New), in(overdueOnly(d))
	var lines []string
	for _, c := range done {
		lines = append(lines, fmt.Sprintf("✅ %s — thank you <@%s>", escape(oneLine(c.Text)), c.OwnerID))
	}
	for _, c := range made {
		lines = append(lines, fmt.Sprintf("🆕 %s — <@%s>%s", escape(oneLine(c.Text)), c.OwnerID, dueSuffix(c)))
	}
	for _, c := range late {
		lines = append(lines, fmt.Sprintf("⏰ %s — <@%s>%s", escape(oneLine(c.Text)), c.OwnerID, dueSuffix(c)))
	}
	title := fmt.Sprintf("*%s* — %d done · %d new · %d overdue", groupLabel(group), len(done), len(made), len(late))
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(title), nil, nil)}
	return append(blocks, packWithin(lines, digestGroupBlocks, groupChars, "See them with `/commitments #channel`.")...)
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
	return escape(name)
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 200 {
		s = string([]rune(s)[:199]) + "…"
	}
	return s
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
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
