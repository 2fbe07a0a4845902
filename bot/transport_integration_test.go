package bot_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

func TestCoalitionHelpOverSocketMode(t *testing.T) {
	t.Parallel()
	h := setup(t)
	got := h.command(partnerID, generalID, "/coalition", "help")
	mustContain(t, got, "/coalition", "/backbone", "Example")
}

func TestCoalitionHelpOverHTTP(t *testing.T) {
	t.Parallel()
	h := setup(t)
	ctx, cancel := h.timeout()
	defer cancel()
	r, err := h.http.SlashCommand(ctx, slacktest.Slash{UserID: partnerID, ChannelID: generalID, Command: "/coalition", Text: "help"})
	if err != nil || r.Status != http.StatusOK {
		t.Fatalf("signed slash command: status %d, err %v", r.Status, err)
	}
	m, err := h.slack.WaitMessage(ctx, func(m slacktest.Message) bool { return m.ViaResponseURL && m.User == partnerID })
	if err != nil {
		t.Fatalf("no answer over HTTP mode: %v", err)
	}
	mustContain(t, flatten(m), "/coalition", "/backbone")
}

func TestForgedHTTPRequestsAreRefused(t *testing.T) {
	t.Parallel()
	h := setup(t)
	body := []byte(url.Values{"command": {"/coalition"}, "text": {"help"}, "user_id": {partnerID}, "team_id": {"T0BACKBONE"},
		"channel_id": {generalID}, "response_url": {h.slack.URL() + "/response/forged"}}.Encode())
	sixMinutesAgo := strconv.FormatInt(time.Now().Add(-6*time.Minute).Unix(), 10)
	tests := []struct {
		name   string
		header func() http.Header
	}{
		{"wrong signature", func() http.Header {
			hd := h.slack.SignedHeaders(body)
			hd.Set("X-Slack-Signature", "v0=0000000000000000000000000000000000000000000000000000000000000000")
			return hd
		}},
		{"timestamp six minutes old", func() http.Header {
			hd := h.slack.SignedHeaders(body)
			hd.Set("X-Slack-Request-Timestamp", sixMinutesAgo)
			hd.Set("X-Slack-Signature", slacktest.Signature(h.slack.Options().SigningSecret, sixMinutesAgo, body))
			return hd
		}},
		{"missing headers", func() http.Header { return http.Header{"Content-Type": {"application/x-www-form-urlencoded"}} }},
	}
	for _, path := range []string{"/slack/commands", "/slack/interactive", "/slack/events"} {
		for _, tt := range tests {
			ctx, cancel := h.timeout()
			r, err := h.http.Post(ctx, path, body, tt.header())
			cancel()
			if err != nil || r.Status != http.StatusUnauthorized {
				t.Errorf("%s %s: status %d err %v, want 401", path, tt.name, r.Status, err)
			}
		}
	}
	if n := countRows(t, h, "members") + countRows(t, h, "slack_events") + countRows(t, h, "outbox"); n != 0 {
		t.Errorf("forged requests changed the database: %d rows", n)
	}
	for _, m := range h.slack.Messages() {
		t.Errorf("forged request got an answer: %+v", m)
	}
}

func TestURLVerification(t *testing.T) {
	t.Parallel()
	h := setup(t)
	ctx, cancel := h.timeout()
	defer cancel()
	r, err := h.http.URLVerification(ctx, "challenge-accepted")
	if err != nil || r.Status != http.StatusOK || string(r.Body) != "challenge-accepted" {
		t.Errorf("url_verification: %d %q %v", r.Status, r.Body, err)
	}
}

func TestOversizedBodyIsRefused(t *testing.T) {
	t.Parallel()
	h := setup(t)
	body := make([]byte, 2<<20)
	ctx, cancel := h.timeout()
	defer cancel()
	r, err := h.http.Post(ctx, "/slack/events", body, h.slack.SignedHeaders(body))
	if err != nil || r.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("10 MB body: status %d err %v, want 413", r.Status, err)
	}
}

func TestEventRedeliveryIsHandledOnce(t *testing.T) {
	t.Parallel()
	h := setup(t)
	ctx, cancel := h.timeout()
	defer cancel()
	ev := map[string]any{"type": "app_mention", "user": partnerID, "text": "hi", "channel": generalID, "ts": "1.1"}
	for attempt := 0; attempt < 3; attempt++ {
		if _, err := h.slack.EventWithID(ctx, "Ev0SAME", attempt, "timeout", ev); err != nil {
			t.Fatal(err)
		}
		if _, err := h.http.EventWithID(ctx, "Ev0SAME", attempt, "http_timeout", ev); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, func() bool { return countRows(t, h, "slack_events WHERE event_id = 'Ev0SAME'") == 1 })
	waitFor(t, func() bool { return contains(h.logs.String(), "event redelivery ignored") })
}

func TestCommandIsAckedWhileDatabaseStalls(t *testing.T) {
	t.Parallel()
	proxy := newStallProxy(t)
	h := setup(t, func(o *harnessOptions) { o.dbURL = proxy.url })
	// Warm up: the first command creates the member.
	h.command(partnerID, generalID, "/coalition", "help")
	proxy.stall()
	stalledAt := time.Now()
	ctx, cancel := context.WithTimeout(h.ctx, 10*time.Second)
	defer cancel()
	before := len(h.slack.Messages())
	ack, err := h.slack.SlashCommand(ctx, slacktest.Slash{UserID: partnerID, ChannelID: generalID, Command: "/coalition", Text: ""})
	if err != nil {
		t.Fatalf("slash command during stall: %v", err)
	}
	if ack.Latency >= 3*time.Second {
		t.Errorf("ack took %v with the database stalled; Slack gives up after 3s", ack.Latency)
	}
	t.Logf("ack latency with the database stalled: %v", ack.Latency)
	time.AfterFunc(5*time.Second-time.Since(stalledAt), proxy.resume)
	m, err := h.waitNew(ctx, before, func(m slacktest.Message) bool { return m.ViaResponseURL })
	if err != nil {
		t.Fatalf("no answer after the database came back: %v", err)
	}
	if time.Since(stalledAt) < 5*time.Second {
		t.Errorf("answered before the database came back: the command did not need it")
	}
	mustContain(t, flatten(m), "Working groups")
}

func TestSocketModeReconnectsAfterADrop(t *testing.T) {
	t.Parallel()
	h := setup(t)
	h.command(partnerID, generalID, "/coalition", "help")
	for i := 0; i < 2; i++ {
		h.slack.DropSockets()
		ctx, cancel := h.timeout()
		if err := h.slack.WaitConnected(ctx); err != nil {
			t.Fatalf("no reconnection after drop %d: %v", i+1, err)
		}
		cancel()
		mustContain(t, h.command(partnerID, generalID, "/coalition", "help"), "/coalition")
	}
}

func TestViewSubmissionErrorsOverHTTP(t *testing.T) {
	t.Parallel()
	h := setup(t)
	viewID := h.openSetup(adminID)
	ctx, cancel := h.timeout()
	defer cancel()
	r, err := h.http.ViewSubmission(ctx, slacktest.ViewSubmitReq{UserID: adminID, ViewID: viewID, Values: setupValues("CTC", "goal", "Nowhere/City")})
	if err != nil || r.Status != http.StatusOK {
		t.Fatalf("view submission over HTTP: %d %v", r.Status, err)
	}
	mustContain(t, string(r.Body), `"response_action":"errors"`, "setup_timezone")
	if countRows(t, h, "coalitions") != 0 {
		t.Error("an invalid setup was saved")
	}
}
