package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// envelopeCheckTimeout bounds the lookup of an envelope among those
// already handled.
const envelopeCheckTimeout = 5 * time.Second

// RunSocketMode serves Slack over Socket Mode until ctx ends. slack-go
// reconnects by itself; every envelope is acked before it is handled.
func (b *Bot) RunSocketMode(ctx context.Context, client *socketmode.Client) error {
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	defer b.connected.Store(false)
	for {
		select {
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("socket mode: %w", err)
		case evt := <-client.Events:
			b.handleSocketEvent(client, evt)
		}
	}
}

func (b *Bot) handleSocketEvent(client *socketmode.Client, evt socketmode.Event) {
	b.active.Add(1) // before the ack, so the handler is counted before Slack sees it acked
	defer b.active.Add(-1)
	defer b.observeSocketAck(evt.Type, time.Now())
	if evt.Request != nil && !b.admissible(client, evt.Request) {
		return
	}
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.log.Info("connecting to Slack over Socket Mode")
	case socketmode.EventTypeConnected, socketmode.EventTypeHello:
		if !b.connected.Swap(true) {
			b.log.Info("connected to Slack over Socket Mode")
		}
	case socketmode.EventTypeConnectionError, socketmode.EventTypeDisconnect:
		b.connected.Store(false)
		b.log.Warn("Socket Mode connection lost; reconnecting", "reason", fmt.Sprint(evt.Data))
	case socketmode.EventTypeInvalidAuth:
		b.connected.Store(false)
		b.log.Error("Slack refused the app token: check SLACK_APP_TOKEN (Basic Information → App-Level Tokens, scope connections:write)")
	case socketmode.EventTypeSlashCommand:
		b.socketSlashCommand(client, evt)
	case socketmode.EventTypeInteractive:
		b.socketInteraction(client, evt)
	case socketmode.EventTypeEventsAPI:
		b.socketEvent(client, evt)
	case socketmode.EventTypeErrorBadMessage:
		b.ackBadMessage(client, evt)
	}
}

// admissible reports whether an envelope's payload is within the limits
// HTTP mode sets on a request: at most maxBodyBytes (1 MiB), JSON nested at
// most maxJSONDepth deep. One that is not is acked, so that Slack does not
// deliver it again, logged and dropped; the connection stays up. (slack-go
// has read and parsed it by then: a read limit would bound that, but
// gorilla/websocket closes the connection on the first message over it, and
// Slack would redeliver that message on the next.)
func (b *Bot) admissible(client *socketmode.Client, req *socketmode.Request) bool {
	var reason string
	switch {
	case len(req.Payload) > maxBodyBytes:
		reason = "payload over 1 MiB"
	case tooDeep(req.Payload):
		reason = fmt.Sprintf("JSON nested deeper than %d", maxJSONDepth)
	default:
		return true
	}
	b.log.Warn("socket mode: envelope refused", "envelope_id", req.EnvelopeID, "type", req.Type,
		"reason", reason, "bytes", len(req.Payload))
	b.ack(client, req, nil)
	return false
}

func (b *Bot) ack(client *socketmode.Client, req *socketmode.Request, payload any) {
	if req == nil {
		return
	}
	var err error
	if payload == nil {
		err = client.Ack(*req)
	} else {
		err = client.Ack(*req, payload)
	}
	if err != nil {
		b.log.Error("socket mode ack failed", "envelope_id", req.EnvelopeID, "err", err)
	}
}

func (b *Bot) socketSlashCommand(client *socketmode.Client, evt socketmode.Event) {
	b.ack(client, evt.Request, nil)
	cmd, ok := evt.Data.(slack.SlashCommand)
	if !ok || !wellFormed(cmd) {
		b.log.Warn("socket mode: slash command of unexpected shape")
		return
	}
	b.onFirstDelivery(evt.Request, cmd.TeamID, "slash_commands", func() { b.dispatchCommand(cmd) })
}

func (b *Bot) socketInteraction(client *socketmode.Client, evt socketmode.Event) {
	cb, ok := evt.Data.(slack.InteractionCallback)
	if !ok {
		b.ack(client, evt.Request, nil)
		b.log.Warn("socket mode: interaction of unexpected shape")
		return
	}
	b.ack(client, evt.Request, b.interactionAck(cb))
	b.onFirstDelivery(evt.Request, cb.Team.ID, "interactive", func() { b.dispatchInteraction(cb) })
}

// onFirstDelivery runs handle unless the envelope was handled before. When
// a connection drops while an ack is on its way, Slack redelivers the
// envelope, with the same envelope_id and retry_attempt increased: handled
// twice, a /commit would record its commitments twice. Events need no such
// check (their event_id is deduplicated). The check runs off the Socket
// Mode loop, so that it never delays the next ack; if the database cannot
// tell, the envelope is handled, as its handler will say whether it worked.
func (b *Bot) onFirstDelivery(req *socketmode.Request, teamID, kind string, handle func()) {
	if req == nil {
		handle()
		return
	}
	b.goWork(envelopeCheckTimeout, func(ctx context.Context) {
		first, err := b.store.FirstDelivery(ctx, teamID, "envelope:"+req.EnvelopeID, kind)
		if err != nil {
			b.log.Warn("socket mode: envelope not recorded; handling it anyway", "envelope_id", req.EnvelopeID, "err", err)
		}
		if err == nil && !first {
			b.log.Info("socket mode: redelivered envelope ignored", "envelope_id", req.EnvelopeID,
				"retry_attempt", req.RetryAttempt, "retry_reason", req.RetryReason)
			return
		}
		handle()
	})
}

func (b *Bot) socketEvent(client *socketmode.Client, evt socketmode.Event) {
	b.ack(client, evt.Request, nil)
	ev, ok := evt.Data.(slackevents.EventsAPIEvent)
	if !ok || evt.Request == nil {
		b.log.Warn("socket mode: event of unexpected shape")
		return
	}
	var outer struct {
		EventID string `json:"event_id"`
	}
	_ = json.Unmarshal(evt.Request.Payload, &outer)
	b.dispatchEvent(ev.TeamID, outer.EventID, ev)
}

// ackBadMessage acks an envelope slack-go could not parse: unacked, Slack
// would deliver it again and again.
func (b *Bot) ackBadMessage(client *socketmode.Client, evt socketmode.Event) {
	bad, ok := evt.Data.(*socketmode.ErrorBadMessage)
	if !ok {
		return
	}
	var env struct {
		EnvelopeID string `json:"envelope_id"`
	}
	if json.Unmarshal(bad.Message, &env) != nil || env.EnvelopeID == "" {
		b.log.Warn("socket mode: unreadable message without envelope id", "err", bad.Cause)
		return
	}
	b.log.Warn("socket mode: unreadable envelope acked and dropped", "envelope_id", env.EnvelopeID, "err", bad.Cause)
	b.ack(client, &socketmode.Request{EnvelopeID: env.EnvelopeID}, nil)
}
