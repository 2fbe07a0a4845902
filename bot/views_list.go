package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

const (
	// sectionBudget keeps a packed section under Slack's 3,000 characters.
	sectionBudget = 2800
	// messageBlockBudget leaves room under the 50-block limit for a header
	// and a "more" note.
	messageBlockBudget = 45
)

// packLines packs lines into as few sections as fit, at most maxBlocks;
// lines that do not fit are counted in a closing context note with hint
// (how to narrow the list).
func packLines(lines []string, maxBlocks int, hint string) []slack.Block {
	var blocks []slack.Block
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(cur.String()), nil, nil))
			cur.Reset()
		}
	}
	for i, line := range lines {
		if utf8.RuneCountInString(line) > sectionBudget {
			line = string([]rune(line)[:sectionBudget-1]) + "…"
		}
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+utf8.RuneCountInString(line)+1 > sectionBudget {
			flush()
		}
		if len(blocks) == maxBlocks {
			note := fmt.Sprintf("…and %d more. %s", len(lines)-i, hint)
			return append(blocks, slack.NewContextBlock("", mrkdwn(strings.TrimSpace(note))))
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(line)
	}
	flush()
	return blocks
}

func header(text string) slack.Block {
	if utf8.RuneCountInString(text) > 150 {
		text = string([]rune(text)[:149]) + "…"
	}
	return slack.NewHeaderBlock(plain(text))
}

func contextNote(text string) slack.Block {
	return slack.NewContextBlock("", mrkdwn(text))
}
