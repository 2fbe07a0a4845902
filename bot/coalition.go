package bot

import (
	"context"

	"github.com/slack-go/slack"
)

func (b *Bot) coalition(ctx context.Context, cmd slack.SlashCommand) (reply, error) {
	sub, _ := subcommand(cmd.Text)
	switch sub {
	case "", "help":
		return reply{Text: "Backbone commands", Blocks: HelpBlocks(Commands())}, nil
	}
	return reply{}, userErrorf("I don't know `/coalition " + sub + "`. Type `/coalition help` for the list of commands.")
}
