package bot

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

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
	if !ok {
		b.log.Warn("socket mode: slash command of unexpected shape")
		return
	}
	b.dispatchCommand(cmd)
}

func (b *Bot) socketInteraction(client *socketmode.Client, evt socketmode.Event) {
	cb, ok := evt.Data.(slack.InteractionCallback)
	if !ok {
		b.ack(client, evt.Request, nil)
		b.log.Warn("socket mode: interaction of unexpected shape")
		return
	}
	b.ack(client, evt.Request, b.interactionAck(cb))
	b.dispatchInteraction(cb)
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
