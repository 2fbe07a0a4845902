package kit

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/bot/blockkit"
	"github.com/slack-go/slack"
)

// The views' budgets, cut from Slack's Block Kit limits, which only
// bot/blockkit knows (and checks every rendered view against).
const (
	// SectionBudget keeps a packed section under Slack's 3,000 characters.
	SectionBudget = blockkit.MaxSectionText - 200
	// MessageBlockBudget leaves room under the 50-block limit for a header
	// and a "more" note.
	MessageBlockBudget = blockkit.MaxMessageBlocks - 5
	// HeaderMax is the most characters a header block's text may have.
	HeaderMax = blockkit.MaxHeaderText
	// MaxNameLen bounds the names people give partners, groups, the
	// coalition and indicators.
	MaxNameLen = 80
)

// Mrkdwn is a mrkdwn text object.
func Mrkdwn(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, text, false, false)
}

// Plain is a plain_text text object.
func Plain(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, text, false, false)
}

// Header is a header block, its text shortened to Slack's limit.
func Header(text string) slack.Block {
	if utf8.RuneCountInString(text) > HeaderMax {
		text = string([]rune(text)[:HeaderMax-1]) + "…"
	}
	return slack.NewHeaderBlock(Plain(text))
}

// ContextNote is a context block of one mrkdwn text.
func ContextNote(text string) slack.Block {
	return slack.NewContextBlock("", Mrkdwn(text))
}

// PackLines packs lines into as few sections as fit, at most maxBlocks;
// lines that do not fit are counted in a closing context note with hint
// (how to narrow the list).
func PackLines(lines []string, maxBlocks int, hint string) []slack.Block {
	var blocks []slack.Block
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			blocks = append(blocks, slack.NewSectionBlock(Mrkdwn(cur.String()), nil, nil))
			cur.Reset()
		}
	}
	for i, line := range lines {
		if utf8.RuneCountInString(line) > SectionBudget {
			line = string([]rune(line)[:SectionBudget-1]) + "…"
		}
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+utf8.RuneCountInString(line)+1 > SectionBudget {
			flush()
		}
		if len(blocks) == maxBlocks {
			note := fmt.Sprintf("…and %d more. %s", len(lines)-i, hint)
			return append(blocks, slack.NewContextBlock("", Mrkdwn(strings.TrimSpace(note))))
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(line)
	}
	flush()
	return blocks
}

// PackWithin packs lines like PackLines, and also stops before their text
// passes maxChars (a message's whole text has a budget too).
func PackWithin(lines []string, maxBlocks, maxChars int, hint string) []slack.Block {
	chars := 0
	for i, l := range lines {
		chars += min(utf8.RuneCountInString(l), SectionBudget) + 1
		if chars > maxChars {
			blocks := PackLines(lines[:i], maxBlocks-1, hint)
			return append(blocks, ContextNote(strings.TrimSpace(fmt.Sprintf("…and %d more. %s", len(lines)-i, hint))))
		}
	}
	return PackLines(lines, maxBlocks, hint)
}

// TextInput is a modal's plain-text input block; id is both its block_id
// and its action_id.
func TextInput(id, label, initial, placeholder string, maxLen int, multiline, optional bool) *slack.InputBlock {
	el := slack.NewPlainTextInputBlockElement(Plain(placeholder), id)
	el.InitialValue = initial
	el.MaxLength = maxLen
	el.Multiline = multiline
	block := slack.NewInputBlock(id, Plain(label), nil, el)
	block.Optional = optional
	return block
}

// ChannelInput is a modal's optional channel picker.
func ChannelInput(id, label, initial string) *slack.InputBlock {
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, Plain("Pick a channel"), id)
	el.InitialConversation = initial
	el.Filter = &slack.SelectBlockElementFilter{Include: []string{"public", "private"}, ExcludeBotUsers: true}
	block := slack.NewInputBlock(id, Plain(label), nil, el)
	block.Optional = true
	return block
}
