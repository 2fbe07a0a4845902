package kit

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/bot/workspace"
	"github.com/backbone-coalition/backbone/store"
)

// Env is what every feature needs from the program: the database, Slack,
// the log and the clock. Features embed it.
type Env struct {
	Store *store.Store
	// Clients gives each workspace's Web API client: every call is made
	// with the token of the team it is for.
	Clients *workspace.Clients
	Log     *slog.Logger
	// Now is the clock; time.Now in production.
	Now func() time.Time
	// HTTP answers response_urls; it must have a timeout.
	HTTP *http.Client
}

// Client is the Web API client of teamID's workspace.
func (e Env) Client(ctx context.Context, teamID string) (*slack.Client, error) {
	api, err := e.Clients.Client(ctx, teamID)
	if err != nil {
		return nil, fmt.Errorf("slack client of %s: %w", teamID, err)
	}
	return api, nil
}

// OpenView opens a modal in teamID's workspace.
func (e Env) OpenView(ctx context.Context, teamID, triggerID string, view slack.ModalViewRequest) error {
	api, err := e.Client(ctx, teamID)
	if err != nil {
		return err
	}
	_, err = api.OpenViewContext(ctx, triggerID, view)
	return err
}

// Respond answers through a response_url (valid 30 minutes, 5 times).
func (e Env) Respond(ctx context.Context, url string, r Reply) error {
	msg := &slack.WebhookMessage{Text: outbox.Defuse(r.Text, r.Blocks), ResponseType: slack.ResponseTypeEphemeral}
	if r.InChannel {
		msg.ResponseType = slack.ResponseTypeInChannel
	}
	if len(r.Blocks) > 0 {
		msg.Blocks = &slack.Blocks{BlockSet: r.Blocks}
	}
	return slack.PostWebhookCustomHTTPContext(ctx, url, e.HTTP, msg)
}

// ReplaceOriginal replaces the message a response_url came from.
func (e Env) ReplaceOriginal(ctx context.Context, url, text string, blocks []slack.Block) error {
	if url == "" {
		return nil
	}
	msg := &slack.WebhookMessage{Text: outbox.Defuse(text, blocks), ReplaceOriginal: true}
	if len(blocks) > 0 {
		msg.Blocks = &slack.Blocks{BlockSet: blocks}
	}
	return slack.PostWebhookCustomHTTPContext(ctx, url, e.HTTP, msg)
}

// Tell shows the actor a short note: privately under the message they
// clicked, or in their DM when the click came from the Home tab.
func (e Env) Tell(ctx context.Context, actor store.Member, o Origin, text string) error {
	if text == "" {
		return nil
	}
	if o.ResponseURL != "" {
		msg := &slack.WebhookMessage{Text: outbox.Defuse(text, nil), ResponseType: slack.ResponseTypeEphemeral}
		return slack.PostWebhookCustomHTTPContext(ctx, o.ResponseURL, e.HTTP, msg)
	}
	m := Message{TeamID: actor.TeamID, Key: fmt.Sprintf("note:%s:%d", actor.UserID, e.Now().UnixNano()), Channel: actor.UserID, Text: text}
	return e.Store.InTx(ctx, func(tx *store.Tx) error {
		_, err := Queue(ctx, tx, m)
		return err
	})
}
