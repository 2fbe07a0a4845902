package slacktest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

func TestSlashCommandRoundTrip(t *testing.T) {
	t.Parallel()
	s := setup(t)
	bot := startBot(t, s, nil)
	ctx := testCtx(t)
	if err := s.WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}

	ack, err := s.SlashCommand(ctx, Slash{UserID: "U1", ChannelID: "C1", Command: "/backbone", Text: "ping"})
	if err != nil {
		t.Fatal(err)
	}
	if ack.EnvelopeID == "" || ack.Payload != nil {
		t.Errorf("ack = %+v, want an envelope ID and no payload", ack)
	}
	evt := bot.next(t, ctx)
	cmd, _ := evt.Data.(slack.SlashCommand)
	if cmd.Command != "/backbone" || cmd.Text != "ping" || cmd.UserName != "ada" || cmd.ChannelName != "general" ||
		cmd.TeamID != "T0BACKBONE" || cmd.TriggerID == "" || cmd.APIAppID != "A0BACKBONE" {
		t.Errorf("slash command = %+v", cmd)
	}
	if !strings.HasPrefix(cmd.ResponseURL, s.URL()+"/response/") {
		t.Errorf("response_url = %q", cmd.ResponseURL)
	}

	err = slack.PostWebhookContext(ctx, cmd.ResponseURL, &slack.WebhookMessage{Text: "pong", ResponseType: "ephemeral"})
	if err != nil {
		t.Fatalf("response_url: %v", err)
	}
	if _, _, err := bot.api.PostMessageContext(ctx, "C1", slack.MsgOptionText("hello channel", false)); err != nil {
		t.Fatalf("post: %v", err)
	}
	reply, err := s.WaitMessage(ctx, func(m Message) bool { return m.ViaResponseURL })
	if err != nil {
		t.Fatal(err)
	}
	if reply.Text != "pong" || !reply.Ephemeral || reply.User != "U1" || reply.Channel != "C1" {
		t.Errorf("response_url message = %+v", reply)
	}
	post, err := s.WaitMessage(ctx, func(m Message) bool { return m.Method == "chat.postMessage" })
	if err != nil {
		t.Fatal(err)
	}
	if post.Text != "hello channel" || post.Channel != "C1" || post.Ephemeral {
		t.Errorf("posted message = %+v", post)
	}
	if un := s.Unacked(); len(un) != 0 {
		t.Errorf("unacked = %v", un)
	}
}

func TestSlashCommandAckMessage(t *testing.T) {
	t.Parallel()
	s := setup(t)
	startBot(t, s, func(socketmode.Event) any {
		return map[string]any{"response_type": "in_channel", "text": "on it"}
	})
	ctx := testCtx(t)
	ack, err := s.SlashCommand(ctx, Slash{UserID: "U1", ChannelID: "C1", Command: "/backbone"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ack.Payload), "on it") {
		t.Errorf("ack payload = %s", ack.Payload)
	}
	m, err := s.WaitMessage(ctx, func(m Message) bool { return m.Method == "ack" })
	if err != nil {
		t.Fatal(err)
	}
	if m.Text != "on it" || m.Ephemeral || !m.InChannel {
		t.Errorf("ack message = %+v", m)
	}
}

func TestEventsAndRedelivery(t *testing.T) {
	t.Parallel()
	s := setup(t)
	bot := startBot(t, s, nil)
	ctx := testCtx(t)

	first, err := s.MessageIM(ctx, "U1", "hello bot", "")
	if err != nil {
		t.Fatal(err)
	}
	evt := bot.next(t, ctx)
	api := evt.Data.(slackevents.EventsAPIEvent)
	msg, ok := api.InnerEvent.Data.(*slackevents.MessageEvent)
	if !ok || msg.Text != "hello bot" || msg.ChannelType != "im" || msg.User != "U1" || msg.Channel != s.DMChannel("U1") {
		t.Fatalf("inner event = %#v", api.InnerEvent.Data)
	}

	again, err := s.EventWithID(ctx, first.EventID, 1, "timeout", map[string]any{"type": "message", "text": "x"})
	if err != nil {
		t.Fatal(err)
	}
	evt = bot.next(t, ctx)
	cb := evt.Data.(slackevents.EventsAPIEvent).Data.(*slackevents.EventsAPICallbackEvent)
	if again.EventID != first.EventID || cb.EventID != first.EventID || evt.Request.RetryAttempt != 1 ||
		evt.Request.RetryReason != "timeout" {
		t.Errorf("redelivery: event_id %s/%s, retry %d %q", again.EventID, cb.EventID,
			evt.Request.RetryAttempt, evt.Request.RetryReason)
	}

	if _, err := s.MemberJoined(ctx, "U2", "C1"); err != nil {
		t.Fatal(err)
	}
	joined := bot.next(t, ctx).Data.(slackevents.EventsAPIEvent).InnerEvent.Data.(*slackevents.MemberJoinedChannelEvent)
	members, _, err := bot.api.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: "C1"})
	if err != nil || joined.User != "U2" || len(members) != 2 {
		t.Errorf("member joined: %+v, members %v, err %v", joined, members, err)
	}
}

func TestUnackedEnvelope(t *testing.T) {
	t.Parallel()
	s := setup(t)
	startBot(t, s, func(socketmode.Event) any { return skipAck{} })
	ctx := testCtx(t)
	if err := s.WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	ack, err := s.AppHomeOpened(short, "U1")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	if un := s.Unacked(); len(un) != 1 || un[0] != ack.EnvelopeID {
		t.Errorf("unacked = %v, want [%s]", un, ack.EnvelopeID)
	}
}

func TestDropSocketsReconnects(t *testing.T) {
	t.Parallel()
	s := setup(t, func(o *Options) { o.PingInterval = 50 * time.Millisecond })
	bot := startBot(t, s, nil)
	ctx := testCtx(t)
	if err := s.WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}
	s.DropSockets()
	if n := s.Connections(); n != 0 {
		t.Fatalf("connections after drop = %d", n)
	}
	if _, err := s.SlashCommand(ctx, Slash{UserID: "U1", ChannelID: "C1", Command: "/backbone"}); err != nil {
		t.Fatalf("after reconnect: %v", err)
	}
	bot.next(t, ctx)
	opens := 0
	for _, c := range s.Calls() {
		if c.Method == "apps.connections.open" {
			opens++
		}
	}
	if opens < 2 {
		t.Errorf("apps.connections.open called %d times, want a reconnect", opens)
	}

	s.Disconnect("refresh_requested")
	if _, err := s.Event(ctx, map[string]any{"type": "app_uninstalled"}); err != nil {
		t.Fatalf("after disconnect: %v", err)
	}
}

func TestSeveralConnections(t *testing.T) {
	t.Parallel()
	s := setup(t)
	one, two := startBot(t, s, nil), startBot(t, s, nil)
	ctx := testCtx(t)
	if err := s.WaitConnections(ctx, 2); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		if _, err := s.Event(ctx, map[string]any{"type": "app_uninstalled"}); err != nil {
			t.Fatal(err)
		}
	}
	if len(one.events) == 0 || len(two.events) == 0 || len(one.events)+len(two.events) != 4 {
		t.Errorf("events delivered %d and %d, want 4 spread over both", len(one.events), len(two.events))
	}
}

func TestPingsKeepSlackGoConnected(t *testing.T) {
	t.Parallel()
	s := setup(t, func(o *Options) { o.PingInterval = 20 * time.Millisecond })
	api := apiClient(s)
	sm := socketmode.New(api, socketmode.OptionPingInterval(200*time.Millisecond))
	runCtx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = sm.RunContext(runCtx)
	}()
	go func() {
		for {
			select {
			case <-sm.Events:
			case <-done:
				return
			}
		}
	}()
	t.Cleanup(func() { stop(); <-done })

	// 30 pongs take at least 600 ms, three times slack-go's watchdog here.
	ctx := testCtx(t)
	if err := s.waitFor(ctx, func() bool { return s.st.pongs >= 30 }); err != nil {
		t.Fatal(err)
	}
	opens := 0
	for _, c := range s.Calls() {
		if c.Method == "apps.connections.open" {
			opens++
		}
	}
	if opens != 1 {
		t.Errorf("apps.connections.open called %d times: slack-go's ping watchdog fired", opens)
	}
}
