package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/store"
)

// commandTimeout bounds the work a slash command does after its ack; the
// response_url it answers through stays valid for 30 minutes.
const commandTimeout = time.Minute

// reply is what a command answers, through its response_url.
type reply struct {
	Text   string
	Blocks []slack.Block
	// InChannel makes the answer visible to the channel; ephemeral otherwise.
	InChannel bool
}

// request is a slash command with the member who typed it.
type request struct {
	slack.SlashCommand
	actor store.Member
}

type commandHandler func(ctx context.Context, req request) (reply, error)

// userError is a mistake of the user's: its message is shown to them as is,
// and says what to type instead.
type userError struct{ msg string }

func (e *userError) Error() string { return e.msg }

func userErrorf(msg string) error { return &userError{msg: msg} }

const somethingWentWrong = "Something went wrong on our side and we've logged it. Please try again in a minute; if it keeps happening, tell your backbone staff."

// dispatchCommand runs cmd after its ack and answers through response_url.
func (b *Bot) dispatchCommand(cmd slack.SlashCommand) {
	b.goWork(commandTimeout, func(ctx context.Context) {
		start, began, outcome := b.now(), time.Now(), "ok"
		defer func() { b.obs.CommandDone(b.commandLabel(cmd.Command), outcome, time.Since(began)) }()
		log := b.log.With("command", cmd.Command, "team_id", cmd.TeamID, "user_id", cmd.UserID, "channel_id", cmd.ChannelID)
		r, err := b.runCommand(ctx, cmd)
		var ue *userError
		switch {
		case errors.As(err, &ue):
			r, outcome = reply{Text: ue.msg}, "user_error"
		case err != nil:
			log.Error("command failed", "err", err)
			r, outcome = reply{Text: somethingWentWrong}, "error"
		}
		if r.Text == "" && len(r.Blocks) == 0 {
			log.Info("command handled", "latency_ms", b.now().Sub(start).Milliseconds())
			return // answered another way, such as a modal
		}
		if err := b.respond(ctx, cmd.ResponseURL, r); err != nil {
			log.Error("command reply not delivered", "err", err)
			outcome = "reply_failed"
			return
		}
		log.Info("command handled", "latency_ms", b.now().Sub(start).Milliseconds())
	})
}

func (b *Bot) runCommand(ctx context.Context, cmd slack.SlashCommand) (reply, error) {
	handle, ok := b.commands[cmd.Command]
	if !ok {
		return reply{}, userErrorf("I don't know the command `" + cmd.Command + "`. Type `/coalition help` to see what I can do.")
	}
	if n := utf8.RuneCountInString(cmd.Text); n > maxCommandText {
		return reply{}, userErrorf(fmt.Sprintf("That is %d characters; a command takes at most %d. Say it in fewer words, or split it.", n, maxCommandText))
	}
	if !readable(cmd.Text) {
		return reply{}, userErrorf("Your text has hidden characters I can't store, often from copying out of another program. Type it again, or paste it as plain text.")
	}
	actor, err := b.ensureMember(ctx, cmd.TeamID, cmd.UserID)
	if err != nil {
		return reply{}, err
	}
	sub, _ := subcommand(cmd.Text)
	if !allowed(actor.Role, cmd.Command, sub) {
		return reply{}, userErrorf(refusal(cmd.Command, sub))
	}
	return handle(ctx, request{SlashCommand: cmd, actor: actor})
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

// respond answers through a response_url (valid 30 minutes, 5 times).
func (b *Bot) respond(ctx context.Context, url string, r reply) error {
	msg := &slack.WebhookMessage{Text: r.Text, ResponseType: slack.ResponseTypeEphemeral}
	if r.InChannel {
		msg.ResponseType = slack.ResponseTypeInChannel
	}
	if len(r.Blocks) > 0 {
		msg.Blocks = &slack.Blocks{BlockSet: r.Blocks}
	}
	return slack.PostWebhookCustomHTTPContext(ctx, url, b.httpClient, msg)
}

// subcommand splits "who partner=x" into "who" and "partner=x".
func subcommand(text string) (string, string) {
	text = strings.TrimSpace(text)
	word, rest, _ := strings.Cut(text, " ")
	return strings.ToLower(word), strings.TrimSpace(rest)
}

// orNotFound treats ErrNotFound as "nothing yet" and returns other errors.
func orNotFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}
