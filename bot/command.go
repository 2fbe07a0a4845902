package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/slack-go/slack"
)

// commandTimeout bounds the work a slash command does after its ack; the
// response_url it answers through stays valid for 30 minutes.
const commandTimeout = time.Minute

// dispatchCommand runs cmd after its ack and answers through response_url.
func (b *Bot) dispatchCommand(cmd slack.SlashCommand) {
	b.goWork(commandTimeout, func(ctx context.Context) {
		start, began, outcome := b.now(), time.Now(), "ok"
		defer func() { b.obs.CommandDone(b.commandLabel(cmd.Command), outcome, time.Since(began)) }()
		log := b.log.With("command", cmd.Command, "team_id", cmd.TeamID, "user_id", cmd.UserID, "channel_id", cmd.ChannelID)
		r, err := b.runCommand(ctx, cmd)
		if msg, ok := kit.UserMessage(err); ok {
			r, outcome = kit.Reply{Text: msg}, "user_error"
		} else if err != nil {
			log.Error("command failed", "err", err)
			r, outcome = kit.Reply{Text: kit.SomethingWentWrong}, "error"
		}
		if r.Text == "" && len(r.Blocks) == 0 {
			log.Info("command handled", "latency_ms", b.now().Sub(start).Milliseconds())
			return // answered another way, such as a modal
		}
		if err := b.env.Respond(ctx, cmd.ResponseURL, r); err != nil {
			log.Error("command reply not delivered", "err", err)
			outcome = "reply_failed"
			return
		}
		log.Info("command handled", "latency_ms", b.now().Sub(start).Milliseconds())
	})
}

func (b *Bot) runCommand(ctx context.Context, cmd slack.SlashCommand) (kit.Reply, error) {
	handle, ok := b.routes.Commands[cmd.Command]
	if !ok {
		return kit.Reply{}, kit.Sorry("I don't know the command `" + cmd.Command + "`. Type `/coalition help` to see what I can do.")
	}
	if n := utf8.RuneCountInString(cmd.Text); n > maxCommandText {
		return kit.Reply{}, kit.Sorry(fmt.Sprintf("That is %d characters; a command takes at most %d. Say it in fewer words, or split it.", n, maxCommandText))
	}
	if !readable(cmd.Text) {
		return kit.Reply{}, kit.Sorry("Your text has hidden characters I can't store, often from copying out of another program. Type it again, or paste it as plain text.")
	}
	actor, err := b.dir.EnsureMember(ctx, cmd.TeamID, cmd.UserID)
	if err != nil {
		return kit.Reply{}, err
	}
	sub, _ := kit.Subcommand(cmd.Text)
	if !kit.Allowed(actor.Role, cmd.Command, sub) {
		return kit.Reply{}, kit.Sorry(kit.Refusal(cmd.Command, sub))
	}
	return handle(ctx, kit.Request{SlashCommand: cmd, Actor: actor})
}

// wellFormed reports whether cmd has what every slash command from Slack
// has: without a team, a user and a response_url there is no one to act for
// or to answer.
func wellFormed(cmd slack.SlashCommand) bool {
	return cmd.Command != "" && cmd.TeamID != "" && cmd.UserID != "" && cmd.ResponseURL != ""
}

// maxCommandText bounds a command's text before any parsing: Slack's own
// message limit, far above what any command needs (a /commit of 20 lines of
// 500 characters is 10,000).
const maxCommandText = 40000

// readable reports whether s can be stored as PostgreSQL text and shown:
// valid UTF-8 without NUL or other control characters but tab and newlines.
// Slack never sends such text; a forged request may.
func readable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool { return r < ' ' && r != '\t' && r != '\n' && r != '\r' })
}
