package kit

import (
	"context"
	"errors"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/backbone-coalition/backbone/store"
)

// Reply is what a command answers, through its response_url.
type Reply struct {
	Text   string
	Blocks []slack.Block
	// InChannel makes the answer visible to the channel; ephemeral otherwise.
	InChannel bool
}

// Request is a slash command with the member who typed it.
type Request struct {
	slack.SlashCommand
	Actor store.Member
}

// SomethingWentWrong is the answer to a failure that is not the user's.
const SomethingWentWrong = "Something went wrong on our side and we've logged it. Please try again in a minute; if it keeps happening, tell your backbone staff."

// Subcommand splits "who partner=x" into "who" and "partner=x".
func Subcommand(text string) (string, string) {
	text = strings.TrimSpace(text)
	word, rest, _ := strings.Cut(text, " ")
	return strings.ToLower(word), strings.TrimSpace(rest)
}

// OrNotFound treats ErrNotFound as "nothing yet" and returns other errors.
func OrNotFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// CommandHandler answers one slash command.
type CommandHandler func(ctx context.Context, req Request) (Reply, error)

// ActionHandler handles one block action (a button, a menu choice) from a
// known member.
type ActionHandler func(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error

// ViewHandler handles a modal's submission: Validate runs before the ack,
// without I/O, and returns errors by input block_id; Submit runs after.
type ViewHandler struct {
	Validate func(cb slack.InteractionCallback) map[string]string
	Submit   func(ctx context.Context, cb slack.InteractionCallback, actor store.Member) error
}

// InputValue reads a plain-text input's value from a submitted view.
func InputValue(cb slack.InteractionCallback, blockID string) string {
	return strings.TrimSpace(cb.View.State.Values[blockID][blockID].Value)
}

// SelectedChannel reads a channel picker's choice from a submitted view.
func SelectedChannel(cb slack.InteractionCallback, blockID string) string {
	v := cb.View.State.Values[blockID][blockID]
	if v.SelectedConversation != "" {
		return v.SelectedConversation
	}
	return v.SelectedChannel
}

// EventHandler handles one Events API inner event type.
type EventHandler func(ctx context.Context, teamID string, inner slackevents.EventsAPIInnerEvent) error

// Routes are what a feature answers: slash commands by name, block actions
// by action_id (before any "#"), modal submissions by callback_id and
// events by type. The shell merges every feature's routes.
type Routes struct {
	Commands map[string]CommandHandler
	Actions  map[string]ActionHandler
	Views    map[string]ViewHandler
	Events   map[string]EventHandler
}
