package bot

import (
	"fmt"

	"github.com/slack-go/slack"
)

// HelpBlocks lists the commands with one example each.
func HelpBlocks(specs []CommandSpec) []slack.Block {
	blocks := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "What I can do", false, false)),
		slack.NewSectionBlock(mrkdwn("I keep track of what the coalition promised, remind people between meetings, collect the numbers we agreed to share, and thank people when things get done."), nil, nil),
	}
	for _, s := range specs {
		text := fmt.Sprintf("*%s* %s\n%s\n_Example:_ `%s`", s.Name, escape(s.UsageHint), escape(s.Description), escape(s.Example))
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, nil))
	}
	return blocks
}

func mrkdwn(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, text, false, false)
}
