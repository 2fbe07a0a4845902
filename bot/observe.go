package bot

import (
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// Observer hears how each request went; package metrics implements it.
// Durations are on the real clock, whatever Deps.Now says.
type Observer interface {
	// Acked: a request of kind "command", "interaction" or "event" was
	// acknowledged over transport "http" or "socket_mode" after took.
	Acked(kind, transport string, took time.Duration)
	// CommandDone: a slash command ended with outcome "ok", "user_error",
	// "error" (answered "something went wrong") or "reply_failed".
	CommandDone(command, outcome string, work time.Duration)
	// InteractionDone: a click or submission ended with "ok" or "error".
	InteractionDone(interaction, outcome string, work time.Duration)
}

// nopObserver observes nothing: the bot's Observer when Deps has none.
type nopObserver struct{}

func (nopObserver) Acked(string, string, time.Duration)           {}
func (nopObserver) CommandDone(string, string, time.Duration)     {}
func (nopObserver) InteractionDone(string, string, time.Duration) {}

// orNop returns o, or an observer of nothing when o is nil.
func orNop(o Observer) Observer {
	if o == nil {
		return nopObserver{}
	}
	return o
}

// commandLabel names a command for the metrics: itself when the bot knows
// it, else "other", so that forged names cannot grow the label set.
func (b *Bot) commandLabel(command string) string {
	if _, ok := b.routes.Commands[command]; ok {
		return command
	}
	return "other"
}

// interactionLabel names an interaction for the metrics by its first
// action's ID (without the "#…" suffix) or its view's callback ID, when the
// bot handles it; else by its type.
func (b *Bot) interactionLabel(cb slack.InteractionCallback) string {
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		if acts := cb.ActionCallback.BlockActions; len(acts) > 0 {
			id, _, _ := strings.Cut(acts[0].ActionID, "#")
			if _, ok := b.routes.Actions[id]; ok {
				return id
			}
		}
	case slack.InteractionTypeViewSubmission:
		if _, ok := b.routes.Views[cb.View.CallbackID]; ok {
			return cb.View.CallbackID
		}
	}
	return "other " + string(cb.Type)
}

// observeHTTPAck records the time an HTTP-mode request took to answer.
func (b *Bot) observeHTTPAck(path string, start time.Time) {
	kind := strings.TrimPrefix(path, "/slack/")
	switch kind {
	case "commands":
		kind = "command"
	case "interactive":
		kind = "interaction"
	case "events":
		kind = "event"
	default:
		return
	}
	b.obs.Acked(kind, "http", time.Since(start))
}

// observeSocketAck records the time a Socket Mode envelope took to ack.
func (b *Bot) observeSocketAck(t socketmode.EventType, start time.Time) {
	kind := map[socketmode.EventType]string{
		socketmode.EventTypeSlashCommand: "command",
		socketmode.EventTypeInteractive:  "interaction",
		socketmode.EventTypeEventsAPI:    "event",
	}[t]
	if kind != "" {
		b.obs.Acked(kind, "socket_mode", time.Since(start))
	}
}
